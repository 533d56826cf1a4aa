// The control protocol between a run's parent (the local supervisor, or a cluster's
// coordinator) and its machines, and ControlDecoder, which splits a byte stream into its frames.
// One protocol for a socketpair and for TCP: framed, versioned, bounded, every integer encoded
// byte by byte, big-endian (signed ones as two's complement).
//
// Every frame: an 8-byte header then the payload.
//   0  2  magic "LK" (a peer's frames say "LC": a control socket never takes a peer's bytes)
//   2  1  version (1)     3  1  type (below)     4  4  payload length
// type            from     payload
//  1 hello        machine  id u32, run u64 (0: not yet known, a cluster machine before params)
//  2 params       parent   the run's parameters as text, 1 .. kMaxParamsText bytes
//  3 ready        machine  peers u32: the peers it is connected to, hellos exchanged
//  4 start        parent   realtime_ns i64, monotonic_ns i64 (the common start; monotonic only
//                          on the parent's own host, else 0)
//  5 ticks_done   machine  (none): its last tick has run
//  6 go           parent   (none): every machine's ticks are done; drain
//  7 stop         parent   how u8: 1 stop ticking and drain, 2 cut the drain short, 3 kill it
//                          (SIGKILL: --kill, or no progress; a machine on another host only)
//  8 counters     machine  13 i64 (MachineCounters, in its order), n u32, n x 6 i64 (channels)
//  9 log_data     machine  offset u64, then 1 .. kMaxLogChunk bytes of its log
// 10 log_end      machine  size u64: the log is whole at that size
// 11 bye          either   (none): the last frame of a connection that ends on purpose
// 12 clock_probe  machine  seq u32, sent_ns i64 (its realtime clock)
// 13 clock_reply  parent   seq u32, sent_ns i64 (the probe's, echoed), reply_ns i64 (the parent's)
// 14 ended        machine  failed u8 (0 its log is complete, 1 it failed), why: 0 .. kMaxParamsText
//                          bytes of text (a host's word on how its machine ended)
// 15 gone         parent   id u32: machine id is given up (no progress, its host silent): take
//                          it as dead, as if its connections had ended
// A payload of any other length for its type is refused, as is a type, magic or version this
// build does not know. A decoder is owned by one connection; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lc {

inline constexpr uint8_t kControlVersion = 1;
inline constexpr size_t kControlHeaderSize = 8;
inline constexpr size_t kMaxParamsText = 60'000;
inline constexpr size_t kMaxLogChunk = 32'768;
inline constexpr uint32_t kMaxControlChannels = 1000;  // a run's machines at most
// The largest payload of any frame: a counters frame of kMaxControlChannels channels.
inline constexpr size_t kMaxControlPayload = 13 * 8 + 4 + size_t{kMaxControlChannels} * 6 * 8;

enum class ControlType : uint8_t {
  kHello = 1,
  kParams = 2,
  kReady = 3,
  kStart = 4,
  kTicksDone = 5,
  kGo = 6,
  kStop = 7,
  kCounters = 8,
  kLogData = 9,
  kLogEnd = 10,
  kBye = 11,
  kClockProbe = 12,
  kClockReply = 13,
  kEnded = 14,
  kGone = 15,
};

enum class StopHow : uint8_t { kDrain = 1, kCutDrain = 2, kKill = 3 };

// What one machine sent to another, and what became of it (see SharedStats).
struct ChannelCounters {
  int64_t sent_to = 0;
  int64_t dropped = 0;
  int64_t dropped_at_ns = -1;
  int64_t undelivered = 0;
  int64_t held_by = -1;
  int64_t down_at_ns = -1;  // when its sender gave the link up, for any reason
  bool operator==(const ChannelCounters&) const = default;
};

// A machine's counters (see MachineStats), and its channels, one per machine of the run.
struct MachineCounters {
  int64_t ticks = 0, internal = 0, sent = 0, received = 0, pending = 0, clock = 0, peak_queue = 0;
  int64_t stopped_at_us = -1, forced = 0, beats = 0, hellos = 0, held = 0;
  // Nanoseconds it has waited for a CPU (/proc/PID/schedstat), -1 unknown: with beats, what
  // tells a slow machine from a stopped one on a host the parent cannot look into.
  int64_t waited_ns = -1;
  std::vector<ChannelCounters> channels;
  bool operator==(const MachineCounters&) const = default;
};

struct ControlFrame {
  ControlType type = ControlType::kBye;
  uint32_t id = 0;            // hello, gone
  uint64_t run = 0;           // hello
  std::string text;           // params; log_data's bytes; ended's why
  bool failed = false;        // ended
  uint32_t peers = 0;         // ready
  int64_t realtime_ns = 0;    // start
  int64_t monotonic_ns = 0;   // start
  StopHow how = StopHow::kDrain;  // stop
  MachineCounters counters;   // counters
  uint64_t offset = 0;        // log_data: where its bytes go; log_end: the log's size
  uint32_t seq = 0;           // clock_probe, clock_reply
  int64_t sent_ns = 0;        // clock_probe, clock_reply
  int64_t reply_ns = 0;       // clock_reply
  bool operator==(const ControlFrame&) const = default;
};

// Appends one encoded frame to out. False (out unchanged) when the frame cannot be sent: a
// params text empty or over kMaxParamsText, log data empty or over kMaxLogChunk, more than
// kMaxControlChannels channels, or a type or stop kind this build does not know.
bool encode_control(const ControlFrame& frame, std::string* out);

class ControlDecoder {
 public:
  enum class Result { kFrame, kNeedMore, kError };

  // Adds received bytes. The buffer holds at most one incomplete frame between calls to next().
  void append(const char* data, size_t len) { buffer_.append(data, len); }
  // Takes out the next complete frame. After kError the stream is unusable: close it.
  Result next(ControlFrame* frame);
  const std::string& error() const { return error_; }
  size_t buffered() const { return buffer_.size() - consumed_; }

 private:
  Result fail(std::string why);
  std::string buffer_;
  size_t consumed_ = 0;
  std::string error_;
};

// "hello", "params", ...: a type's name for messages; "type N" for one this build does not know.
std::string control_type_name(uint8_t type);

}  // namespace lc
