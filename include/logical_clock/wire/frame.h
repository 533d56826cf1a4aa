// The wire format between machines, and FrameDecoder, which splits a byte stream into frames.
//
// Every frame: an 8-byte header then the payload, integers big-endian, encoded byte by byte.
//   0  2  magic "LC"        2  1  version (1)
//   3  1  type (1 hello, 2 message, 3 bye, 4 message with a vector clock)
//   4  4  payload length (exactly 16 for a hello, 12 for a message, 0 for a bye, 12 + 8 n for
//         a vector message; never above the decoder's bound, kMaxPayload unless it is given one)
// hello payload:   secret u64, sender id u32, receiver id u32   (first frame of a connection)
// message payload: sender id u32, clock u64
// bye:             no payload; the last frame of a connection that ends on purpose, so that
//                  a connection that ends without it is known to have died
// vector message:  sender id u32, clock u64, then the sender's vector clock, n u64 entries
//                  (n = the run's machines; only in runs with --vector)
// A decoder is owned by one connection; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lc {

inline constexpr uint8_t kFrameVersion = 1;
inline constexpr size_t kFrameHeaderSize = 8;
inline constexpr size_t kMaxPayload = 64;
inline constexpr size_t kHelloFrameSize = kFrameHeaderSize + 16;
inline constexpr size_t kMessageFrameSize = kFrameHeaderSize + 12;
inline constexpr size_t kByeFrameSize = kFrameHeaderSize;
// A vector message's payload for `machines` entries: the bound a --vector run's decoders get.
inline constexpr size_t vector_payload(size_t machines) { return 12 + 8 * machines; }

enum class FrameType : uint8_t { kHello = 1, kMessage = 2, kBye = 3, kVectorMessage = 4 };

struct Hello {
  uint64_t secret = 0;
  uint32_t sender = 0;
  uint32_t receiver = 0;
};

struct MessageFrame {
  uint32_t sender = 0;
  uint64_t clock = 0;
};

struct Frame {
  FrameType type = FrameType::kMessage;
  Hello hello;           // when type == kHello
  MessageFrame message;  // when type == kMessage or kVectorMessage
  std::vector<uint64_t> vclock;  // when type == kVectorMessage
};

// Append one encoded frame to out.
void encode_hello(const Hello& hello, std::string* out);
void encode_message(const MessageFrame& message, std::string* out);
void encode_bye(std::string* out);
// The same, into a caller's buffer of at least k*FrameSize bytes; returns bytes written.
size_t encode_message(const MessageFrame& message, char* out);
void encode_vector_message(const MessageFrame& message, const std::vector<uint64_t>& vclock, std::string* out);

class FrameDecoder {
 public:
  enum class Result { kFrame, kNeedMore, kError };

  explicit FrameDecoder(size_t max_payload = kMaxPayload) : max_payload_(max_payload) {}

  // Adds received bytes. The buffer holds at most one incomplete frame between calls to next().
  void append(const char* data, size_t len) { buffer_.append(data, len); }
  // Takes out the next complete frame. After kError the stream is unusable: close it.
  Result next(Frame* frame);
  const std::string& error() const { return error_; }
  size_t buffered() const { return buffer_.size() - consumed_; }

 private:
  Result fail(std::string why);
  size_t max_payload_;
  std::string buffer_;
  size_t consumed_ = 0;
  std::string error_;
};

}  // namespace lc
