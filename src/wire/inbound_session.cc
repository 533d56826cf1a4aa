#include "logical_clock/wire/inbound_session.h"

namespace lc {

InboundSession::Event InboundSession::violate(std::string why) {
  why_ = std::move(why);
  return Event::kViolation;
}

InboundSession::Event InboundSession::next(uint64_t* clock) {
  if (!why_.empty()) return Event::kViolation;
  Frame& frame = frame_;
  const FrameDecoder::Result d = decoder_.next(&frame);
  if (d == FrameDecoder::Result::kNeedMore) return Event::kNeedMore;
  if (d == FrameDecoder::Result::kError) return violate(decoder_.error());
  if (said_bye_) return violate("frame after bye");
  switch (frame.type) {
    case FrameType::kHello:
      if (peer_ >= 0) return violate("second hello");
      return on_hello(frame.hello);
    case FrameType::kMessage:
    case FrameType::kVectorMessage:
      if (peer_ < 0) return violate("message before hello");
      if (frame.message.sender != static_cast<uint32_t>(peer_))
        return violate("message with sender id " + std::to_string(frame.message.sender));
      if ((frame.type == FrameType::kVectorMessage) != rules_->vector)
        return violate(rules_->vector ? "message without a vector clock in a run with them"
                                      : "vector message in a run without vector clocks");
      if (rules_->vector && frame.vclock.size() != static_cast<size_t>(rules_->machines))
        return violate("vector clock of " + std::to_string(frame.vclock.size()) + " entries for " +
                       std::to_string(rules_->machines) + " machines");
      *clock = frame.message.clock;
      return Event::kMessage;
    case FrameType::kBye:
      if (peer_ < 0) return violate("bye before hello");
      said_bye_ = true;
      return Event::kBye;
  }
  return violate("unknown frame");
}

InboundSession::Event InboundSession::on_hello(const Hello& h) {
  if (h.secret != rules_->secret) return violate("wrong secret");
  if (expected_sender_ >= 0 && h.sender != static_cast<uint32_t>(expected_sender_))
    return violate("hello from machine " + std::to_string(h.sender) + " on a connection whose handshake proved machine " +
                   std::to_string(expected_sender_));
  if (h.receiver != static_cast<uint32_t>(rules_->self))
    return violate("hello addressed to machine " + std::to_string(h.receiver));
  if (h.sender >= static_cast<uint32_t>(rules_->machines) ||
      h.sender == static_cast<uint32_t>(rules_->self))
    return violate("hello from unknown sender id " + std::to_string(h.sender));
  uint8_t& claimed = (*claimed_)[h.sender];
  if (claimed) return violate("duplicate hello from machine " + std::to_string(h.sender));
  claimed = 1;
  peer_ = static_cast<int>(h.sender);
  return Event::kHello;
}

std::string InboundSession::end_reason() const {
  if (!why_.empty()) return why_;
  if (decoder_.buffered() > 0) return "closed in the middle of a frame";
  if (peer_ < 0) return "closed before its hello";
  if (!said_bye_) return "closed without a bye";
  return "";
}

}  // namespace lc
