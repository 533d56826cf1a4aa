#include "logical_clock/wire/frame.h"

#include "logical_clock/wire/bytes.h"

namespace lc {

namespace {

using wire_bytes::get_u32;
using wire_bytes::get_u64;
using wire_bytes::put_u32;
using wire_bytes::put_u64;

void put_header(char* p, FrameType type, uint32_t payload) {
  p[0] = 'L';
  p[1] = 'C';
  p[2] = static_cast<char>(kFrameVersion);
  p[3] = static_cast<char>(type);
  put_u32(p + 4, payload);
}

}  // namespace

void encode_hello(const Hello& hello, std::string* out) {
  char frame[kHelloFrameSize];
  put_header(frame, FrameType::kHello, kHelloFrameSize - kFrameHeaderSize);
  put_u64(frame + 8, hello.secret);
  put_u32(frame + 16, hello.sender);
  put_u32(frame + 20, hello.receiver);
  out->append(frame, sizeof frame);
}

size_t encode_message(const MessageFrame& message, char* out) {
  put_header(out, FrameType::kMessage, kMessageFrameSize - kFrameHeaderSize);
  put_u32(out + 8, message.sender);
  put_u64(out + 12, message.clock);
  return kMessageFrameSize;
}

void encode_message(const MessageFrame& message, std::string* out) {
  char frame[kMessageFrameSize];
  out->append(frame, encode_message(message, frame));
}

void encode_vector_message(const MessageFrame& message, const std::vector<uint64_t>& vclock, std::string* out) {
  const size_t payload = vector_payload(vclock.size());
  const size_t at = out->size();
  out->resize(at + kFrameHeaderSize + payload);
  char* p = out->data() + at;
  put_header(p, FrameType::kVectorMessage, static_cast<uint32_t>(payload));
  put_u32(p + 8, message.sender);
  put_u64(p + 12, message.clock);
  for (size_t j = 0; j < vclock.size(); ++j) put_u64(p + 20 + 8 * j, vclock[j]);
}

void encode_bye(std::string* out) {
  char frame[kByeFrameSize];
  put_header(frame, FrameType::kBye, 0);
  out->append(frame, sizeof frame);
}

FrameDecoder::Result FrameDecoder::fail(std::string why) {
  error_ = std::move(why);
  return Result::kError;
}

FrameDecoder::Result FrameDecoder::next(Frame* frame) {
  if (!error_.empty()) return Result::kError;
  const size_t avail = buffer_.size() - consumed_;
  const char* p = buffer_.data() + consumed_;
  // Check each header byte as soon as it is here, so garbage is refused without waiting.
  if (avail >= 1 && p[0] != 'L') return fail("bad magic");
  if (avail >= 2 && p[1] != 'C') return fail("bad magic");
  if (avail >= 3 && static_cast<uint8_t>(p[2]) != kFrameVersion)
    return fail("unsupported version " + std::to_string(static_cast<uint8_t>(p[2])));
  if (avail >= 4 && (p[3] < static_cast<char>(FrameType::kHello) ||
                     p[3] > static_cast<char>(FrameType::kVectorMessage)))
    return fail("unknown frame type " + std::to_string(static_cast<uint8_t>(p[3])));
  if (avail < kFrameHeaderSize) {
    if (avail == 0 || consumed_ > 0) {
      buffer_.erase(0, consumed_);  // keep only the incomplete frame
      consumed_ = 0;
    }
    return Result::kNeedMore;
  }
  const auto type = static_cast<FrameType>(p[3]);
  const uint32_t length = get_u32(p + 4);
  if (length > max_payload_) return fail("oversized frame (" + std::to_string(length) + " bytes)");
  size_t want = type == FrameType::kHello     ? kHelloFrameSize
                : type == FrameType::kMessage ? kMessageFrameSize
                : type == FrameType::kBye     ? kByeFrameSize
                                              : kFrameHeaderSize + length;
  if (type == FrameType::kVectorMessage ? length < vector_payload(1) || (length - vector_payload(0)) % 8 != 0
                                        : length != want - kFrameHeaderSize)
    return fail("bad payload length " + std::to_string(length));
  if (avail < want) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
    return Result::kNeedMore;
  }
  frame->type = type;
  if (type == FrameType::kHello) {
    frame->hello.secret = get_u64(p + 8);
    frame->hello.sender = get_u32(p + 16);
    frame->hello.receiver = get_u32(p + 20);
  } else if (type == FrameType::kMessage || type == FrameType::kVectorMessage) {
    frame->message.sender = get_u32(p + 8);
    frame->message.clock = get_u64(p + 12);
    frame->vclock.clear();
    for (size_t at = 20; at < want; at += 8) frame->vclock.push_back(get_u64(p + at));
  }
  consumed_ += want;
  if (consumed_ == buffer_.size()) {
    buffer_.clear();
    consumed_ = 0;
  }
  return Result::kFrame;
}

}  // namespace lc
