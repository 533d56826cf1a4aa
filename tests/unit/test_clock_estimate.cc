// The clock offset's estimate from made-up probes with known answers: the smallest round trip
// wins, the offset is the midpoint against the parent's stamp, the uncertainty half the round
// trip; unusable samples are left out; the microseconds of a header keep the true offset inside.
#include <cstdint>
#include <vector>

#include "check.h"
#include "logical_clock/cluster/clock_estimate.h"

namespace {

using lc::ClockEstimate;
using lc::ClockSample;

void test_one_sample() {
  // The machine's clock reads 2.5 s ahead; the reply was stamped 30 us after the send, the
  // round trip took 100 us: the midpoint is 20 us off the truth, within the 50 us stated.
  const int64_t skew = 2'500'000'000;
  const int64_t t = 1'700'000'000'000'000'000;
  ClockEstimate e;
  CHECK(lc::estimate_clock_offset({ClockSample{t + skew, t + 30'000, t + skew + 100'000}}, &e));
  CHECK_EQ(e.offset_ns, skew + 20'000);
  CHECK_EQ(e.uncertainty_ns, 50'000);
}

void test_smallest_round_trip_wins() {
  const int64_t t = 1'000'000'000'000;
  std::vector<ClockSample> samples = {
      {t, t + 400, t + 9'000},             // 9 us
      {t + 10'000, t + 12'000, t + 13'000},  // 3 us: the winner (the first of the two)
      {t + 20'000, t + 21'000, t + 23'000},  // 3 us too
      {t + 30'000, t + 30'500, t + 35'000},  // 5 us
  };
  ClockEstimate e;
  CHECK(lc::estimate_clock_offset(samples, &e));
  CHECK_EQ(e.offset_ns, (t + 11'500) - (t + 12'000));  // -500: the machine's clock is behind
  CHECK_EQ(e.uncertainty_ns, 1'500);
}

void test_odd_round_trip_rounds_outwards() {
  // A round trip of 7 ns: the interval is [0 - 3, 0 + 4] around the midpoint rounded down.
  ClockEstimate e;
  CHECK(lc::estimate_clock_offset({ClockSample{100, 100, 107}}, &e));
  CHECK_EQ(e.offset_ns, 3);
  CHECK_EQ(e.uncertainty_ns, 4);
  // Both ends of [sent - parent, recv - parent] = [0, 7] are inside.
  CHECK(e.offset_ns - e.uncertainty_ns <= 0 && e.offset_ns + e.uncertainty_ns >= 7);
}

void test_unusable_samples_left_out() {
  ClockEstimate e{123, 456};
  CHECK(!lc::estimate_clock_offset({}, &e));
  // A reply before its send: the machine's clock stepped back meanwhile.
  CHECK(!lc::estimate_clock_offset({ClockSample{1'000, 500, 900}}, &e));
  // Stamps that would overflow the arithmetic.
  CHECK(!lc::estimate_clock_offset({ClockSample{INT64_MIN, INT64_MAX, INT64_MAX}}, &e));
  CHECK_EQ(e.offset_ns, 123);  // untouched
  CHECK_EQ(e.uncertainty_ns, 456);
  // The one usable sample wins even with a longer round trip than the broken ones.
  CHECK(lc::estimate_clock_offset({ClockSample{1'000, 500, 900}, ClockSample{0, -1'000, 2'000}}, &e));
  CHECK_EQ(e.offset_ns, 2'000);
  CHECK_EQ(e.uncertainty_ns, 1'000);
}

void test_micros_keep_the_truth() {
  // 2.5 s + 1.5 us, +-0.2 us: rounded to 2.500002 s, +-1 us (0.2 + 0.5 rounded up).
  lc::ClockEstimateUs us = lc::to_micros(ClockEstimate{2'500'001'500, 200});
  CHECK_EQ(us.offset_us, 2'500'002);
  CHECK_EQ(us.uncertainty_us, 1);
  us = lc::to_micros(ClockEstimate{-2'500'001'500, 0});
  CHECK_EQ(us.offset_us, -2'500'002);
  CHECK_EQ(us.uncertainty_us, 1);
  us = lc::to_micros(ClockEstimate{0, 0});
  CHECK_EQ(us.offset_us, 0);
  CHECK_EQ(us.uncertainty_us, 1);
  us = lc::to_micros(ClockEstimate{7'000, 40'000});
  CHECK_EQ(us.offset_us, 7);
  CHECK_EQ(us.uncertainty_us, 41);
  // Every true offset in the nanosecond interval stays in the microsecond one.
  for (int64_t off = -3'000; off <= 3'000; off += 37) {
    for (int64_t u = 0; u <= 2'000; u += 151) {
      us = lc::to_micros(ClockEstimate{off, u});
      for (int64_t truth : {off - u, off + u}) {
        CHECK(truth >= (us.offset_us - us.uncertainty_us) * 1'000);
        CHECK(truth <= (us.offset_us + us.uncertainty_us) * 1'000);
      }
    }
  }
}

}  // namespace

int main() {
  test_one_sample();
  test_smallest_round_trip_wins();
  test_odd_round_trip_rounds_outwards();
  test_unusable_samples_left_out();
  test_micros_keep_the_truth();
  return lc_test::finish("test_clock_estimate");
}
