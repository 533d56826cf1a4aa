#include "logical_clock/real/shared_stats.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <string_view>

namespace lc {

SharedStats::~SharedStats() {
  if (stats_) ::munmap(stats_, bytes_);
}

Status SharedStats::create(int machines) {
  const size_t n = static_cast<size_t>(machines);
  const size_t pairs = 6 * n * n;
  bytes_ = sizeof(MachineStats) * n + sizeof(std::atomic<int64_t>) * pairs;
  void* p = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return Status::from_errno("mmap shared counters", errno);
  machines_ = machines;
  stats_ = static_cast<MachineStats*>(p);
  for (size_t i = 0; i < n; ++i) new (&stats_[i]) MachineStats();
  pairs_ = reinterpret_cast<std::atomic<int64_t>*>(stats_ + n);
  for (size_t i = 0; i < pairs; ++i) new (&pairs_[i]) std::atomic<int64_t>(i < 2 * n * n || (i >= 3 * n * n && i < 4 * n * n) ? 0 : -1);
  return Status::ok();
}

namespace {

bool utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

}  // namespace

// The text is printed by the coordinator as one line of its own: a control byte (a line break
// in a path) becomes a space. Too long a text keeps both ends, since the cause (an errno's
// words) ends it and what failed begins it; no cut splits a UTF-8 character.
void store_failure(const std::string& why, MachineStats* stats) {
  std::string text = why;
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  constexpr size_t kRoom = sizeof stats->failure - 1;
  if (text.size() > kRoom) {
    constexpr std::string_view kGap = "...";
    size_t head = (kRoom - kGap.size()) / 2;
    size_t tail = text.size() - (kRoom - kGap.size() - head);
    while (head > 0 && utf8_continuation(text[head])) --head;
    while (tail < text.size() && utf8_continuation(text[tail])) ++tail;
    text.replace(head, tail - head, kGap);
  }
  std::memcpy(stats->failure, text.data(), text.size());
  stats->failure[text.size()] = '\0';
}

std::string failure_text(const MachineStats& stats) {
  return std::string(stats.failure, ::strnlen(stats.failure, sizeof stats.failure));
}

MachineCounters read_counters(const SharedStats& stats, int id, int machines) {
  constexpr auto r = std::memory_order_relaxed;
  const MachineStats& m = stats[id];
  MachineCounters c;
  c.ticks = m.ticks.load(r);
  c.internal = m.internal.load(r);
  c.sent = m.sent.load(r);
  c.received = m.received.load(r);
  c.pending = m.pending.load(r);
  c.clock = m.clock.load(r);
  c.peak_queue = m.peak_queue.load(r);
  c.stopped_at_us = m.stopped_at_us.load(r);
  c.forced = m.forced.load(r);
  c.beats = m.beats.load(r);
  c.hellos = m.hellos.load(r);
  c.held = m.held.load(r);
  for (int to = 0; to < machines; ++to) {
    ChannelCounters ch;
    ch.sent_to = stats.sent_to(id, to).load(r);
    ch.dropped = stats.dropped(id, to).load(r);
    ch.dropped_at_ns = stats.dropped_at_ns(id, to).load(r);
    ch.undelivered = stats.undelivered(id, to).load(r);
    ch.held_by = stats.held_by(id, to).load(r);
    ch.down_at_ns = stats.down_at_ns(id, to).load(r);
    c.channels.push_back(ch);
  }
  return c;
}

void store_counters(const MachineCounters& c, int id, int machines, SharedStats* stats) {
  constexpr auto r = std::memory_order_relaxed;
  MachineStats& m = (*stats)[id];
  m.ticks.store(c.ticks, r);
  m.internal.store(c.internal, r);
  m.sent.store(c.sent, r);
  m.received.store(c.received, r);
  m.pending.store(c.pending, r);
  m.clock.store(c.clock, r);
  m.peak_queue.store(c.peak_queue, r);
  m.stopped_at_us.store(c.stopped_at_us, r);
  m.forced.store(c.forced, r);
  m.beats.store(c.beats, r);
  m.hellos.store(c.hellos, r);
  m.held.store(c.held, r);
  for (int to = 0; to < machines; ++to) {
    const ChannelCounters& ch = c.channels[static_cast<size_t>(to)];
    stats->sent_to(id, to).store(ch.sent_to, r);
    stats->dropped(id, to).store(ch.dropped, r);
    stats->dropped_at_ns(id, to).store(ch.dropped_at_ns, r);
    stats->undelivered(id, to).store(ch.undelivered, r);
    stats->held_by(id, to).store(ch.held_by, r);
    stats->down_at_ns(id, to).store(ch.down_at_ns, r);
  }
}

}  // namespace lc
