#include "logical_clock/wire/control.h"

#include <iterator>

#include "logical_clock/wire/bytes.h"

namespace lc {

namespace {

using wire_bytes::get_u32;
using wire_bytes::get_u64;
using wire_bytes::put_u32;
using wire_bytes::put_u64;

constexpr size_t kCountersFixed = size_t{13} * 8 + 4;  // the 13 counters and the channels' count
constexpr size_t kChannelSize = size_t{6} * 8;

// The payload lengths a type allows: exactly `low` unless `high` is above it.
struct Span {
  size_t low = 0, high = 0;
};

bool known(uint8_t type) {
  return type >= static_cast<uint8_t>(ControlType::kHello) && type <= static_cast<uint8_t>(ControlType::kGone);
}

Span payload_span(ControlType type) {
  switch (type) {
    case ControlType::kHello: return {12, 12};
    case ControlType::kParams: return {1, kMaxParamsText};
    case ControlType::kReady: return {4, 4};
    case ControlType::kStart: return {16, 16};
    case ControlType::kStop: return {1, 1};
    case ControlType::kCounters: return {kCountersFixed, kMaxControlPayload};
    case ControlType::kLogData: return {8 + 1, 8 + kMaxLogChunk};
    case ControlType::kLogEnd: return {8, 8};
    case ControlType::kClockProbe: return {12, 12};
    case ControlType::kClockReply: return {20, 20};
    case ControlType::kEnded: return {1, 1 + kMaxParamsText};
    case ControlType::kGone: return {4, 4};
    case ControlType::kTicksDone:
    case ControlType::kGo:
    case ControlType::kBye: break;
  }
  return {0, 0};
}

void put_i64(std::string* out, int64_t v) {
  char b[8];
  put_u64(b, static_cast<uint64_t>(v));
  out->append(b, 8);
}

void put_u32_to(std::string* out, uint32_t v) {
  char b[4];
  put_u32(b, v);
  out->append(b, 4);
}

int64_t get_i64(const char* p) { return static_cast<int64_t>(get_u64(p)); }

bool known_stop(StopHow how) { return how == StopHow::kDrain || how == StopHow::kCutDrain || how == StopHow::kKill; }

// The fields in their order on the wire.
constexpr int64_t MachineCounters::*kCounterFields[] = {
    &MachineCounters::ticks,      &MachineCounters::internal,      &MachineCounters::sent,
    &MachineCounters::received,   &MachineCounters::pending,       &MachineCounters::clock,
    &MachineCounters::peak_queue, &MachineCounters::stopped_at_us, &MachineCounters::forced,
    &MachineCounters::beats,      &MachineCounters::hellos,        &MachineCounters::held,
    &MachineCounters::waited_ns};
constexpr int64_t ChannelCounters::*kChannelFields[] = {&ChannelCounters::sent_to, &ChannelCounters::dropped,
                                                        &ChannelCounters::dropped_at_ns, &ChannelCounters::undelivered,
                                                        &ChannelCounters::held_by, &ChannelCounters::down_at_ns};
static_assert(std::size(kCounterFields) * 8 + 4 == kCountersFixed && std::size(kChannelFields) * 8 == kChannelSize);

// The payload of `frame`, or false when it cannot be sent (see encode_control).
bool payload_of(const ControlFrame& f, std::string* p) {
  switch (f.type) {
    case ControlType::kHello:
      put_u32_to(p, f.id);
      put_i64(p, static_cast<int64_t>(f.run));
      return true;
    case ControlType::kParams:
      p->append(f.text);
      return !f.text.empty() && f.text.size() <= kMaxParamsText;
    case ControlType::kReady:
      put_u32_to(p, f.peers);
      return true;
    case ControlType::kStart:
      put_i64(p, f.realtime_ns);
      put_i64(p, f.monotonic_ns);
      return true;
    case ControlType::kStop:
      p->push_back(static_cast<char>(f.how));
      return known_stop(f.how);
    case ControlType::kCounters: {
      if (f.counters.channels.size() > kMaxControlChannels) return false;
      for (auto field : kCounterFields) put_i64(p, f.counters.*field);
      put_u32_to(p, static_cast<uint32_t>(f.counters.channels.size()));
      for (const ChannelCounters& ch : f.counters.channels)
        for (auto field : kChannelFields) put_i64(p, ch.*field);
      return true;
    }
    case ControlType::kLogData:
      put_i64(p, static_cast<int64_t>(f.offset));
      p->append(f.text);
      return !f.text.empty() && f.text.size() <= kMaxLogChunk;
    case ControlType::kLogEnd:
      put_i64(p, static_cast<int64_t>(f.offset));
      return true;
    case ControlType::kClockProbe:
    case ControlType::kClockReply:
      put_u32_to(p, f.seq);
      put_i64(p, f.sent_ns);
      if (f.type == ControlType::kClockReply) put_i64(p, f.reply_ns);
      return true;
    case ControlType::kGone:
      put_u32_to(p, f.id);
      return true;
    case ControlType::kEnded:
      p->push_back(f.failed ? 1 : 0);
      p->append(f.text);
      return f.text.size() <= kMaxParamsText;
    case ControlType::kTicksDone:
    case ControlType::kGo:
    case ControlType::kBye:
      return true;
  }
  return false;
}

}  // namespace

std::string control_type_name(uint8_t type) {
  static const char* const names[] = {"hello",    "params",   "ready",   "start", "ticks_done",  "go",         "stop",
                                      "counters", "log_data", "log_end", "bye",   "clock_probe", "clock_reply", "ended", "gone"};
  return known(type) ? names[type - 1] : "type " + std::to_string(type);
}

bool encode_control(const ControlFrame& frame, std::string* out) {
  std::string payload;
  if (!known(static_cast<uint8_t>(frame.type)) || !payload_of(frame, &payload)) return false;
  char header[kControlHeaderSize] = {'L', 'K', static_cast<char>(kControlVersion), static_cast<char>(frame.type)};
  put_u32(header + 4, static_cast<uint32_t>(payload.size()));
  out->append(header, sizeof header);
  out->append(payload);
  return true;
}

ControlDecoder::Result ControlDecoder::fail(std::string why) {
  error_ = std::move(why);
  return Result::kError;
}

ControlDecoder::Result ControlDecoder::next(ControlFrame* frame) {
  if (!error_.empty()) return Result::kError;
  const size_t avail = buffer_.size() - consumed_;
  const char* p = buffer_.data() + consumed_;
  // Each header byte is checked as soon as it is here, so garbage is refused without waiting,
  // and a length is checked against its type's before any of its payload is waited for.
  if ((avail >= 1 && p[0] != 'L') || (avail >= 2 && p[1] != 'K')) return fail("not a control frame (bad magic)");
  if (avail >= 3 && static_cast<uint8_t>(p[2]) != kControlVersion)
    return fail("control protocol version " + std::to_string(static_cast<uint8_t>(p[2])) + ", this build speaks " +
                std::to_string(kControlVersion));
  if (avail >= 4 && !known(static_cast<uint8_t>(p[3])))
    return fail("unknown control frame " + control_type_name(static_cast<uint8_t>(p[3])));
  size_t want = kControlHeaderSize;
  if (avail >= kControlHeaderSize) {
    const auto type = static_cast<ControlType>(p[3]);
    const uint32_t length = get_u32(p + 4);
    const Span span = payload_span(type);
    if (length < span.low || length > span.high ||
        (type == ControlType::kCounters && (length - kCountersFixed) % kChannelSize != 0))
      return fail("bad payload length " + std::to_string(length) + " for " + control_type_name(static_cast<uint8_t>(p[3])));
    want += length;
  }
  if (avail < want) {
    buffer_.erase(0, consumed_);  // keep only the incomplete frame
    consumed_ = 0;
    return Result::kNeedMore;
  }
  const char* q = p + kControlHeaderSize;
  ControlFrame f;
  f.type = static_cast<ControlType>(p[3]);
  const size_t length = want - kControlHeaderSize;
  switch (f.type) {
    case ControlType::kHello:
      f.id = get_u32(q);
      f.run = get_u64(q + 4);
      break;
    case ControlType::kParams:
      f.text.assign(q, length);
      break;
    case ControlType::kReady:
      f.peers = get_u32(q);
      break;
    case ControlType::kStart:
      f.realtime_ns = get_i64(q);
      f.monotonic_ns = get_i64(q + 8);
      break;
    case ControlType::kStop:
      f.how = static_cast<StopHow>(q[0]);
      if (!known_stop(f.how))
        return fail("unknown stop kind " + std::to_string(static_cast<uint8_t>(q[0])));
      break;
    case ControlType::kCounters: {
      for (size_t i = 0; i < std::size(kCounterFields); ++i) f.counters.*kCounterFields[i] = get_i64(q + 8 * i);
      const uint32_t n = get_u32(q + kCountersFixed - 4);
      if (n != (length - kCountersFixed) / kChannelSize)
        return fail("counters for " + std::to_string(n) + " channels in a payload of " + std::to_string(length));
      f.counters.channels.resize(n);
      for (size_t c = 0; c < n; ++c)
        for (size_t i = 0; i < std::size(kChannelFields); ++i)
          f.counters.channels[c].*kChannelFields[i] = get_i64(q + kCountersFixed + c * kChannelSize + 8 * i);
      break;
    }
    case ControlType::kLogData:
      f.offset = get_u64(q);
      f.text.assign(q + 8, length - 8);
      break;
    case ControlType::kLogEnd:
      f.offset = get_u64(q);
      break;
    case ControlType::kClockProbe:
    case ControlType::kClockReply:
      f.seq = get_u32(q);
      f.sent_ns = get_i64(q + 4);
      if (f.type == ControlType::kClockReply) f.reply_ns = get_i64(q + 12);
      break;
    case ControlType::kGone:
      f.id = get_u32(q);
      break;
    case ControlType::kEnded:
      if (static_cast<uint8_t>(q[0]) > 1) return fail("an ended frame's failed flag is " + std::to_string(static_cast<uint8_t>(q[0])));
      f.failed = q[0] == 1;
      f.text.assign(q + 1, length - 1);
      break;
    case ControlType::kTicksDone:
    case ControlType::kGo:
    case ControlType::kBye:
      break;
  }
  *frame = std::move(f);
  consumed_ += want;
  if (consumed_ == buffer_.size()) {
    buffer_.clear();
    consumed_ = 0;
  }
  return Result::kFrame;
}

}  // namespace lc
