// TickSchedule: when a machine's ticks are due. Tick k (k = 1, 2, ...) is due at model time
// k / rate after the common start; model time runs `speed` times faster than real time.
// Every tick due at or before the duration runs: floor(rate x duration) of them, computed
// exactly in integer microseconds. Deadlines are absolute, so no error accumulates.
// A plain value; no clocks are read here.
#pragma once

#include <cstdint>

namespace lc {

class TickSchedule {
 public:
  TickSchedule(int rate, double speed, int64_t duration_us, int64_t start_ns)
      : rate_(rate), speed_(speed), duration_us_(duration_us), start_ns_(start_ns) {}

  static int64_t tick_count(int rate, int64_t duration_us) {
    // 128-bit product: the largest rate times the longest duration passes 2^63 microseconds.
    return static_cast<int64_t>(static_cast<__int128>(rate) * duration_us / 1'000'000);
  }
  int64_t total_ticks() const { return tick_count(rate_, duration_us_); }
  // CLOCK_MONOTONIC instant at which tick k is due (rounded up: a tick is never early).
  int64_t due_ns(int64_t k) const;
  // CLOCK_MONOTONIC instant of the run's end (model time = duration).
  int64_t end_ns() const;
  // Model microseconds since the start at monotonic instant now_ns (rounded to nearest).
  int64_t model_us(int64_t now_ns) const;
  // Model seconds spanned by a real interval, in microseconds (queue waits).
  int64_t model_span_us(int64_t real_ns) const;
  int64_t start_ns() const { return start_ns_; }

 private:
  int rate_;
  double speed_;
  int64_t duration_us_;
  int64_t start_ns_;
};

}  // namespace lc
