// TickStamps against the engine's own conversions (ModelClock): the earliest model_time lcstat
// allows a real tick is never above the stamp the engine writes when it wakes at the tick's due
// instant (it can only wake later, and its stamps never fall as time grows), at every speed; at
// speed 1 the two are equal. Speeds and rates of every kind, ticks on half-microsecond ties
// (rates 80,000 and 640,000), and speeds that put a real due instant within a hair of a whole
// nanosecond, where the long double roundings decide.
#include <cmath>
#include <cstdint>
#include <string>

#include "check.h"
#include "logical_clock/model/model_clock.h"
#include "tick_stamps.h"

namespace {

int64_t engine_stamp_us(int64_t k, int rate, double speed) {
  const lc::ModelClock clock(speed, 0);
  return clock.model_us(clock.mono_ns_at(k, rate));
}

uint64_t g_checked = 0;

void check_tick(int64_t k, int rate, double speed) {
  ++g_checked;
  const int64_t lcstat_us = lc::lcstat::TickStamps(int64_t{rate} * 1'000'000, speed).earliest_us(k);
  const int64_t engine_us = engine_stamp_us(k, rate, speed);
  const bool ok = speed == 1.0 ? lcstat_us == engine_us : lcstat_us <= engine_us;
  if (!ok) {
    lc_test::fail(__FILE__, __LINE__,
                  "tick " + std::to_string(k) + " at rate " + std::to_string(rate) + ", speed " + std::to_string(speed) +
                      ": lcstat's earliest " + std::to_string(lcstat_us) + " us, the engine stamps " +
                      std::to_string(engine_us) + " us");
  }
}

constexpr int kRates[] = {1, 3, 7, 128, 80000, 640000, 999983, 1000000};
constexpr double kSpeeds[] = {1e-5, 0.001, 0.3, 0.5, 0.999999, 1, 1.0000000000000002, 3.14159, 7.3, 1000, 12345.678, 1e9};

void grid() {
  for (double speed : kSpeeds)
    for (int rate : kRates)
      for (int64_t k = 1; k <= 2000; ++k) check_tick(k, rate, speed);
}

// Speeds a few ulps either side of k x 10^9 / (rate x N): the real due instant falls on, or a
// hair either side of, the whole nanosecond N.
void near_whole_nanoseconds() {
  for (int rate : kRates)
    for (int64_t k = 1; k <= 300; ++k)
      for (double n : {1.0, 7.0, 1000.0, 123457.0}) {
        double speed = static_cast<double>(k) * 1e9 / (static_cast<double>(rate) * n);
        for (int step = 0; step < 4; ++step) speed = std::nextafter(speed, 0.0);
        for (int step = 0; step < 9; ++step, speed = std::nextafter(speed, 1e300)) {
          if (speed >= 1e-5 && speed <= 1e9) check_tick(k, rate, speed);
        }
      }
}

}  // namespace

int main() {
  grid();
  near_whole_nanoseconds();
  CHECK(g_checked > 250'000);  // 192,000 on the grid, most of 86,400 near whole nanoseconds
  return lc_test::finish("lcstat_tick_stamps_test");
}
