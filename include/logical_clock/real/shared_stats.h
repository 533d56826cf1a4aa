// MachineStats: the counters each machine publishes in memory shared with the parent, read for
// the progress line, the closing table and the judgement of a machine's progress, and
// StartTime, the start instant the parent hands every machine. Stats are written by one
// machine and read by the parent only.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "logical_clock/base/status.h"
#include "logical_clock/wire/control.h"

namespace lc {

// The start instant the parent hands every machine once all are connected.
struct StartTime {
  int64_t monotonic_ns = 0;
  int64_t realtime_ns = 0;
};

// A machine's main thread wakes at least this often, whatever it waits for.
inline constexpr int kBeatMs = 250;

struct MachineStats {
  std::atomic<int64_t> ticks{0};
  std::atomic<int64_t> internal{0};
  std::atomic<int64_t> sent{0};  // messages (a send to all counts machines - 1)
  std::atomic<int64_t> received{0};
  std::atomic<int64_t> pending{0};
  std::atomic<int64_t> clock{0};
  std::atomic<int64_t> peak_queue{0};
  std::atomic<int64_t> stopped_at_us{-1};  // model time it stopped ticking early (SIGTERM)
  std::atomic<int64_t> forced{0};          // 1: a second SIGTERM cut its drain short
  // The heartbeat: counted up by the machine's main thread at every wake-up (at least every
  // kBeatMs) and every tick, so that the parent can tell slow from stopped (ProgressJudge).
  std::atomic<int64_t> beats{0};
  std::atomic<int64_t> hellos{0};          // peers that have said hello: the start-up's progress
  std::atomic<int64_t> held{0};            // messages it holds for their delivery instants (--latency, --partition)
  std::atomic<int64_t> start_mono_ns{0};   // its CLOCK_MONOTONIC at the common start; 0 before
  // Why it failed, when it exits 1 (cut to fit, NUL-ended): read once it has been reaped, so
  // that a cluster host can tell its coordinator the cause, not only an exit status.
  char failure[240] = {};
};
static_assert(std::atomic<int64_t>::is_always_lock_free, "stats are shared across processes");

// The machine's own account of its failure into stats.failure; failure_text reads it back ("" if none).
void store_failure(const std::string& why, MachineStats* stats);
std::string failure_text(const MachineStats& stats);

// An anonymous MAP_SHARED array of MachineStats and five N x N arrays by channel, made before
// fork so parent and children see the same memory.
class SharedStats {
 public:
  SharedStats() = default;
  ~SharedStats();
  SharedStats(const SharedStats&) = delete;
  SharedStats& operator=(const SharedStats&) = delete;

  Status create(int machines);
  MachineStats& operator[](int id) { return stats_[id]; }
  const MachineStats& operator[](int id) const { return stats_[id]; }
  // Messages machine `from` logged as sent to machine `to` (a crash's losses are counted
  // against these).
  std::atomic<int64_t>& sent_to(int from, int to) const { return pairs_[from * machines_ + to]; }
  // Messages from `from` to `to` given up when `to` stopped taking them (the backlog bound).
  std::atomic<int64_t>& dropped(int from, int to) const {
    return pairs_[machines_ * machines_ + from * machines_ + to];
  }
  // The CLOCK_MONOTONIC instant `from` gave that backlog up, or -1.
  std::atomic<int64_t>& dropped_at_ns(int from, int to) const {
    return pairs_[2 * machines_ * machines_ + from * machines_ + to];
  }
  // Messages from `from` to `to` that a partition still held when `from` ended its run, and
  // which partition (its index in the options), or -1.
  std::atomic<int64_t>& undelivered(int from, int to) const {
    return pairs_[3 * machines_ * machines_ + from * machines_ + to];
  }
  std::atomic<int64_t>& held_by(int from, int to) const {
    return pairs_[4 * machines_ * machines_ + from * machines_ + to];
  }
  // The CLOCK_MONOTONIC instant `from` gave its link to `to` up (for any reason: the peer died,
  // its backlog passed the bound, the connection failed), or -1.
  std::atomic<int64_t>& down_at_ns(int from, int to) const {
    return pairs_[5 * machines_ * machines_ + from * machines_ + to];
  }

 private:
  MachineStats* stats_ = nullptr;
  std::atomic<int64_t>* pairs_ = nullptr;
  int machines_ = 0;
  size_t bytes_ = 0;
};

// Machine `id`'s counters as a control frame carries them from its host, instants on this
// host's CLOCK_MONOTONIC, its CPU wait unknown (-1): the host fills in both.
MachineCounters read_counters(const SharedStats& stats, int id, int machines);
// Counters from such a frame (checked first: RemoteMachine::take) as machine `id`'s.
void store_counters(const MachineCounters& c, int id, int machines, SharedStats* stats);

}  // namespace lc
