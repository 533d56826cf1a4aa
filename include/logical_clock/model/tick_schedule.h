// TickSchedule: when a machine's ticks are due. Tick k (k = 1, 2, ...) is due at model time
// k / rate after the common start. Every tick due at or before the duration runs:
// floor(rate x duration) of them, computed exactly in integer microseconds. Deadlines are
// absolute instants of the run's ModelClock, so no error accumulates.
// A plain value; no clocks are read here.
#pragma once

#include <cstdint>

#include "logical_clock/model/model_clock.h"

namespace lc {

class TickSchedule {
 public:
  TickSchedule(int rate, int64_t duration_us, const ModelClock& clock)
      : rate_(rate), duration_us_(duration_us), clock_(clock) {}

  static int64_t tick_count(int rate, int64_t duration_us) {
    // 128-bit product: the largest rate times the longest duration passes 2^63 microseconds.
    return static_cast<int64_t>(static_cast<__int128>(rate) * duration_us / 1'000'000);
  }
  int64_t total_ticks() const { return tick_count(rate_, duration_us_); }
  // CLOCK_MONOTONIC instant at which tick k is due (rounded up: a tick is never early).
  int64_t due_ns(int64_t k) const { return clock_.mono_ns_at(k, rate_); }
  // CLOCK_MONOTONIC instant of the run's end (model time = duration).
  int64_t end_ns() const { return clock_.mono_ns_at_us(duration_us_); }
  const ModelClock& clock() const { return clock_; }

 private:
  int rate_;
  int64_t duration_us_;
  ModelClock clock_;
};

}  // namespace lc
