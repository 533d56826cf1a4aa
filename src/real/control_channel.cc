#include "logical_clock/real/control_channel.h"

#include <cerrno>

#include "logical_clock/base/sys.h"

namespace lc {

Status ControlChannel::send(const ControlFrame& frame, const std::string& what) {
  std::string bytes;
  if (!encode_control(frame, &bytes))
    return Status::error(what + ": a " + control_type_name(static_cast<uint8_t>(frame.type)) + " frame out of bounds");
  return write_all(fd_.get(), bytes.data(), bytes.size(), what);
}

ControlChannel::Got ControlChannel::next(ControlFrame* frame, bool readable) {
  for (bool read_once = false;; read_once = true) {
    switch (decoder_.next(frame)) {
      case ControlDecoder::Result::kFrame: return Got::kFrame;
      case ControlDecoder::Result::kError: error_ = decoder_.error(); return Got::kBad;
      case ControlDecoder::Result::kNeedMore: break;
    }
    if (!readable || read_once) return Got::kNeedMore;
    char buf[65536];  // a log streamed by a cluster host comes in 32 KiB frames
    const IoResult r = read_some(fd_.get(), buf, sizeof buf);
    if (r.kind == IoResult::kWouldBlock) return Got::kNeedMore;
    if (r.kind == IoResult::kEof || (r.kind == IoResult::kError && r.err == ECONNRESET)) return Got::kEnd;
    if (r.kind == IoResult::kError) {
      error_ = "read: " + errno_text(r.err);
      return Got::kBad;
    }
    decoder_.append(buf, r.bytes);
  }
}

bool answer_clock_probe(ControlChannel& channel, const ControlFrame& frame) {
  if (frame.type != ControlType::kClockProbe) return false;
  ControlFrame reply;
  reply.type = ControlType::kClockReply;
  reply.seq = frame.seq;
  reply.sent_ns = frame.sent_ns;
  reply.reply_ns = realtime_ns();
  (void)channel.send(reply, "control socket");
  return true;
}

}  // namespace lc
