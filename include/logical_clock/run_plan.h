// RunPlan: everything fixed before the machines are forked (the options, each machine's rate,
// the seed, the run's secret, the listening ports, the log directory), and MachineStats: the
// counters each machine publishes in memory shared with the parent, read for the progress
// line and the closing table. Stats are written by one machine and read by the parent only.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "logical_clock/options.h"
#include "logical_clock/status.h"

namespace lc {

struct RunPlan {
  Options options;
  std::vector<int> rates;
  uint64_t seed = 0;
  uint64_t secret = 0;
  std::vector<uint16_t> ports;
  std::string dir;
};

// The start instant the parent hands every machine once all are connected.
struct StartTime {
  int64_t monotonic_ns = 0;
  int64_t realtime_ns = 0;
};

struct MachineStats {
  std::atomic<int64_t> ticks{0};
  std::atomic<int64_t> internal{0};
  std::atomic<int64_t> sent{0};  // messages (a send to all counts machines - 1)
  std::atomic<int64_t> received{0};
  std::atomic<int64_t> pending{0};
  std::atomic<int64_t> clock{0};
  std::atomic<int64_t> peak_queue{0};
};
static_assert(std::atomic<int64_t>::is_always_lock_free, "stats are shared across processes");

// An anonymous MAP_SHARED array of MachineStats, made before fork so parent and children
// see the same memory.
class SharedStats {
 public:
  SharedStats() = default;
  ~SharedStats();
  SharedStats(const SharedStats&) = delete;
  SharedStats& operator=(const SharedStats&) = delete;

  Status create(int machines);
  MachineStats& operator[](int id) { return stats_[id]; }

 private:
  MachineStats* stats_ = nullptr;
  size_t bytes_ = 0;
};

}  // namespace lc
