// TickSchedule: the exact tick count, deadlines that are never early (checked in exact
// integer arithmetic against the rational k * 1e9 / (rate * speed)), and model time.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

#include "check.h"
#include "logical_clock/model/model_clock.h"
#include "logical_clock/model/rng.h"
#include "logical_clock/model/tick_schedule.h"

namespace {

using i128 = __int128;

lc::TickSchedule sched(int rate, double speed, int64_t duration_us, int64_t start_ns) {
  return lc::TickSchedule(rate, duration_us, lc::ModelClock(speed, start_ns));
}

// A double as an exact fraction num / 2^shift (num odd or zero, shift >= 0 for the speeds used).
struct Exact {
  i128 num = 0;
  int shift = 0;
};

Exact exact(double x) {
  int e = 0;
  const double m = std::frexp(x, &e);  // x = m * 2^e, 0.5 <= m < 1
  Exact r;
  r.num = static_cast<i128>(std::ldexp(m, 53));  // exact: 53 bits
  r.shift = 53 - e;
  while (r.shift > 0 && r.num % 2 == 0) {
    r.num /= 2;
    --r.shift;
  }
  return r;
}

// Whether t ns after the start is at or after the exact due time of tick k:
// t >= k * 1e9 / (rate * num / 2^shift)  <=>  t * rate * num >= k * 1e9 * 2^shift.
bool not_early(int64_t t, int64_t k, int rate, const Exact& s) {
  const i128 lhs = i128{t} * rate * s.num;
  const i128 rhs = i128{k} * 1'000'000'000 * (i128{1} << s.shift);
  return lhs >= rhs;
}

void test_tick_count() {
  CHECK_EQ(lc::TickSchedule::tick_count(3, 2'500'000), int64_t{7});
  CHECK_EQ(lc::TickSchedule::tick_count(6, 100'000), int64_t{0});
  CHECK_EQ(lc::TickSchedule::tick_count(7, 1'000'001), int64_t{7});
  CHECK_EQ(lc::TickSchedule::tick_count(7, 999'999), int64_t{6});
  CHECK_EQ(lc::TickSchedule::tick_count(1, 60'000'000), int64_t{60});
  CHECK_EQ(lc::TickSchedule::tick_count(6, 60'000'000), int64_t{360});
  CHECK_EQ(lc::TickSchedule::tick_count(3, 333'333), int64_t{0});   // 0.999999 ticks
  CHECK_EQ(lc::TickSchedule::tick_count(3, 333'334), int64_t{1});   // 1.000002 ticks
  CHECK_EQ(lc::TickSchedule::tick_count(1, 1), int64_t{0});
  CHECK_EQ(lc::TickSchedule::tick_count(1'000'000, 1), int64_t{1});
  CHECK_EQ(lc::TickSchedule::tick_count(999'999, 1'000'001), int64_t{999'999});  // 999999.999999
  // The largest run the options accept: rate 10^6 for 10^7 s (10^13 ticks), no overflow.
  CHECK_EQ(lc::TickSchedule::tick_count(1'000'000, int64_t{10'000'000} * 1'000'000),
           int64_t{10'000'000} * 1'000'000);
  // floor(rate x duration) over a grid, against exact integer arithmetic.
  for (int rate = 1; rate <= 50; ++rate)
    for (int64_t d = 1; d <= 3'000'000; d += 99'991)
      CHECK_EQ(lc::TickSchedule::tick_count(rate, d), rate * d / 1'000'000);

  const lc::TickSchedule s = sched(3, 1.0, 2'500'000, 0);
  CHECK_EQ(s.total_ticks(), int64_t{7});
  const lc::TickSchedule fast = sched(7, 40.0, 1'000'001, 123);
  CHECK_EQ(fast.total_ticks(), int64_t{7});  // speed changes when, not how many
}

void test_due_exact_integer_cases() {
  const int64_t start = 5'000'000'000'123;
  const lc::TickSchedule s4 = sched(4, 1.0, 60'000'000, start);
  CHECK_EQ(s4.clock().start_mono_ns(), start);
  for (int64_t k = 0; k <= 240; ++k) CHECK_EQ(s4.due_ns(k), start + k * 250'000'000);
  const lc::TickSchedule s1 = sched(1, 1.0, 60'000'000, start);
  CHECK_EQ(s1.due_ns(1), start + 1'000'000'000);
  CHECK_EQ(s1.due_ns(60), start + 60'000'000'000);
  // Rate 3: a third of a second, rounded up to the next nanosecond.
  const lc::TickSchedule s3 = sched(3, 1.0, 60'000'000, 0);
  CHECK_EQ(s3.due_ns(1), int64_t{333'333'334});
  CHECK_EQ(s3.due_ns(2), int64_t{666'666'667});
  CHECK_EQ(s3.due_ns(3), int64_t{1'000'000'000});
  CHECK_EQ(s3.due_ns(180), int64_t{60'000'000'000});
  // Speed 2: everything twice as soon; speed 0.5 (exact in binary): twice as late.
  const lc::TickSchedule s2x = sched(5, 2.0, 1'000'000, 0);
  CHECK_EQ(s2x.due_ns(1), int64_t{100'000'000});
  CHECK_EQ(s2x.due_ns(10), int64_t{1'000'000'000});
  const lc::TickSchedule shalf = sched(5, 0.5, 1'000'000, 0);
  CHECK_EQ(shalf.due_ns(1), int64_t{400'000'000});
  CHECK_EQ(shalf.due_ns(5), int64_t{2'000'000'000});
  // Speed 2.5 at rate 4: tick k at k / 10 s.
  const lc::TickSchedule s25 = sched(4, 2.5, 1'000'000, 7);
  for (int64_t k = 0; k <= 1000; ++k) CHECK_EQ(s25.due_ns(k), 7 + k * 100'000'000);
  // Rate 10^6 at speed 10^4: a tenth of a nanosecond each; rounded up per tick, exact every
  // 10 ticks.
  const lc::TickSchedule fine = sched(1'000'000, 1e4, 1'000'000, 0);
  CHECK_EQ(fine.due_ns(1), int64_t{1});
  CHECK_EQ(fine.due_ns(9), int64_t{1});
  CHECK_EQ(fine.due_ns(10), int64_t{1});
  CHECK_EQ(fine.due_ns(11), int64_t{2});
  CHECK_EQ(fine.due_ns(1'000'000), int64_t{100'000});
  // Far into the longest run allowed (rate 10^6, 10^7 s): no drift, no overflow.
  const lc::TickSchedule longrun = sched(1'000'000, 1.0, int64_t{10'000'000} * 1'000'000, 0);
  const int64_t last = int64_t{10'000'000} * 1'000'000;
  CHECK_EQ(longrun.due_ns(last), int64_t{10'000'000} * 1'000'000'000);
  // Here k * 1e9 (about 1e22) no longer fits the 64-bit mantissa of a long double, so the
  // deadline may come out one nanosecond late, never early.
  const int64_t before_last = longrun.due_ns(last - 1);
  CHECK(before_last >= int64_t{10'000'000} * 1'000'000'000 - 1000);
  CHECK(before_last <= int64_t{10'000'000} * 1'000'000'000 - 999);
  CHECK_EQ(longrun.total_ticks(), last);
}

// Exact for every deadline within 2^40 ns (18 minutes) of the start; further out, where the
// long double quotient has fewer fractional bits, never early or late by a whole nanosecond.
void test_due_never_early() {
  const int rates[] = {1, 2, 3, 6, 7, 11, 13, 97, 1000, 999'983, 1'000'000};
  const double speeds[] = {1.0, 0.5, 2.5, 3.0, 7.0, 0.1, 0.3, 1.7, 1e-3, 123.456, 1e6};
  const int64_t start = 987'654'321'000;
  const int64_t near = int64_t{1} << 40;
  int exact_checked = 0;
  for (int rate : rates) {
    for (double speed : speeds) {
      const lc::TickSchedule s = sched(rate, speed, 60'000'000, start);
      const Exact e = exact(speed);
      int64_t prev = start;
      for (int64_t k = 1; k <= 3000; ++k) {
        // Spread k over small and large values.
        const int64_t kk = k <= 1000 ? k : k * 7919 + (k - 1000) * 104'729;
        // Stay within a run that fits the monotonic clock (under about 3 years of real time).
        if (static_cast<double>(kk) / (rate * speed) > 1e8) continue;
        const int64_t t = s.due_ns(kk) - start;
        bool ok;
        if (t < near) {
          // Never early, and the first whole nanosecond at or after the due instant.
          ok = not_early(t, kk, rate, e) && !not_early(t - 1, kk, rate, e);
          ++exact_checked;
        } else {
          ok = not_early(t + 1, kk, rate, e) && !not_early(t - 2, kk, rate, e);
        }
        CHECK(ok);
        if (!ok) {
          std::fprintf(stderr, "  rate %d speed %.17g k %lld: due %lld ns after start\n", rate, speed,
                       static_cast<long long>(kk), static_cast<long long>(t));
          return;
        }
        if (k <= 1000) {
          // Monotone; strictly increasing while ticks are at least a nanosecond apart.
          CHECK(rate * speed <= 1e9 ? s.due_ns(kk) > prev : s.due_ns(kk) >= prev);
          prev = s.due_ns(kk);
        }
      }
    }
  }
  CHECK(exact_checked > 100'000);
}

// The last tick is due at or before the end of the run, the next one after it.
void test_last_tick_within_duration() {
  struct Case {
    int rate;
    double speed;
    int64_t duration_us;
    int64_t ticks;
  };
  const Case cases[] = {{3, 1.0, 2'500'000, 7},     {6, 1.0, 100'000, 0},    {7, 1.0, 1'000'001, 7},
                        {7, 1.0, 1'000'000, 7},     {3, 2.5, 2'500'000, 7},  {6, 40.0, 60'000'000, 360},
                        {5, 0.25, 1'300'000, 6},    {1, 1.0, 999'999, 0},    {1000, 3.0, 1'000'500, 1000}};
  for (const Case& c : cases) {
    const lc::TickSchedule s = sched(c.rate, c.speed, c.duration_us, 0);
    CHECK_EQ(s.total_ticks(), c.ticks);
    // The end of the run in real ns after the start: duration / speed.
    const Exact e = exact(c.speed);
    // due(n) * speed <= duration  <=>  due * num <= duration_ns * 2^shift
    const i128 end_scaled = i128{c.duration_us} * 1000 * (i128{1} << e.shift);
    if (c.ticks > 0) CHECK(i128{s.due_ns(c.ticks)} * e.num <= end_scaled);
    CHECK(i128{s.due_ns(c.ticks + 1)} * e.num > end_scaled);
    // end_ns: the first whole nanosecond at or after the end; the last tick is due by then.
    CHECK(i128{s.end_ns()} * e.num >= end_scaled);
    CHECK(i128{s.end_ns() - 1} * e.num < end_scaled);
    if (c.ticks > 0) CHECK(s.due_ns(c.ticks) <= s.end_ns());
  }
  const int64_t start = 777'000'000'000;
  CHECK_EQ(sched(3, 1.0, 2'500'000, start).end_ns(), start + 2'500'000'000);
  CHECK_EQ(sched(3, 2.5, 2'500'000, start).end_ns(), start + 1'000'000'000);
  CHECK_EQ(sched(3, 0.5, 1, start).end_ns(), start + 2'000);
  CHECK_EQ(sched(3, 0.1, 1'000'000, start).end_ns(), start + 10'000'000'000);
  CHECK_EQ(sched(3, 3.0, 1'000'000, start).end_ns(), start + 333'333'334);
  CHECK_EQ(sched(3, 1e9, 60'000'000, start).end_ns(), start + 60);
}

void test_model_time() {
  const int64_t start = 1'000'000'000'000;
  const lc::ModelClock c1(1.0, start, 1'764'118'000'250'000'123);
  CHECK_EQ(c1.model_us(start), int64_t{0});
  CHECK_EQ(c1.model_us(start + 1'000'000'000), int64_t{1'000'000});
  CHECK_EQ(c1.model_us(start + 250'000'499), int64_t{250'000});  // rounded to nearest
  CHECK_EQ(c1.model_us(start + 250'000'500), int64_t{250'001});
  CHECK_EQ(c1.model_us(start - 2'000), int64_t{-2});  // before the start
  // System time: the start's wall time plus the monotonic time since, rounded to nearest.
  CHECK_EQ(c1.start_system_us(), int64_t{1'764'118'000'250'000});
  CHECK_EQ(c1.system_us(start), int64_t{1'764'118'000'250'000});
  CHECK_EQ(c1.system_us(start + 376), int64_t{1'764'118'000'250'000});
  CHECK_EQ(c1.system_us(start + 377), int64_t{1'764'118'000'250'001});
  CHECK_EQ(c1.system_us(start + 60'000'000'000), int64_t{1'764'118'060'250'000});
  // The simulation's clock: speed 1 from a whole-microsecond epoch, model time from 0 ns.
  const lc::ModelClock sim(1.0, 0, 1'764'118'000'500'000'000);
  for (int64_t t : {int64_t{0}, int64_t{499}, int64_t{500}, int64_t{1'234'567'890}, int64_t{86'400'000'000'499}})
    CHECK_EQ(sim.system_us(t), int64_t{1'764'118'000'500'000} + sim.model_us(t));
  CHECK_EQ(sim.model_us(499), int64_t{0});
  CHECK_EQ(sim.model_us(500), int64_t{1});
  // Exact in integers at speed 1: ceil(k * 10^9 / rate) even where k * 10^9 passes 2^64.
  CHECK_EQ(sim.mono_ns_at(9'999'999'999'999, 999'983), int64_t{10'000'170'002'889'050});

  const lc::ModelClock c25(2.5, start);
  CHECK_EQ(c25.model_us(start + 1'000'000'000), int64_t{2'500'000});
  CHECK_EQ(c25.model_us(start + 400'000'000), int64_t{1'000'000});
  CHECK_EQ(c25.model_us(start + 1'000), int64_t{3});  // 2.5 us, half rounds away from zero
  CHECK_EQ(c25.model_us(start + 900), int64_t{2});    // 2.25
  CHECK_EQ(c25.mono_ns_at_us(2'500'000), start + 1'000'000'000);

  const lc::ModelClock c01(0.1, start);
  CHECK_EQ(c01.model_us(start + 1'000'000'000), int64_t{100'000});
  CHECK_EQ(c01.model_us(start + 4'000), int64_t{0});  // 0.4 us
  CHECK_EQ(c01.model_us(start + 6'000), int64_t{1});  // 0.6 us

  const lc::ModelClock c3(1.0 / 3.0, start);
  CHECK_EQ(c3.model_us(start + 3'000'000'000), int64_t{1'000'000});
  const lc::ModelClock big(1e6, start);
  CHECK_EQ(big.model_us(start + 60'000), int64_t{60'000'000});  // 60 us real = 60 model s
  CHECK_EQ(big.model_us(start + 1), int64_t{1'000});

  // Stamps keep the order of their instants: model_us never decreases.
  for (double speed : {1.0, 0.3, 1.0 / 3.0, 7.0, 1e-9, 1e9}) {
    const lc::ModelClock c(speed, start);
    int64_t prev = c.model_us(start - 10'000);
    for (int64_t t = start - 10'000; t < start + 10'000'000; t += 997) {
      CHECK(c.model_us(t) >= prev);
      prev = c.model_us(t);
    }
  }

  // A tick's due instant maps back to its model time k / rate, to the microsecond.
  for (double speed : {1.0, 2.5, 0.1, 7.0, 1000.0}) {
    const lc::TickSchedule s = sched(4, speed, 60'000'000, start);
    for (int64_t k = 1; k <= 240; ++k) CHECK_EQ(s.clock().model_us(s.due_ns(k)), k * 250'000);
  }
}

// The real time a run spans: refused (-1) past 100 years, whatever the speed.
void test_real_span() {
  CHECK_EQ(lc::ModelClock::real_span_ns(60'000'000, 1.0), int64_t{60'000'000'000});
  CHECK_EQ(lc::ModelClock::real_span_ns(60'000'000, 20.0), int64_t{3'000'000'000});
  CHECK_EQ(lc::ModelClock::real_span_ns(1, 1e9), int64_t{1});  // 1 ps, rounded up
  CHECK_EQ(lc::ModelClock::real_span_ns(10'000'000, 1e-9), int64_t{-1});  // 10 s at 1e-9: 317 years
  CHECK_EQ(lc::ModelClock::real_span_ns(1, 1e-9), int64_t{1'000'000'000'000});  // 1 us: 1000 s
  CHECK_EQ(lc::ModelClock::real_span_ns(int64_t{10'000'000} * 1'000'000, 1e-300), int64_t{-1});
  CHECK_EQ(lc::ModelClock::real_span_ns(int64_t{10'000'000} * 1'000'000, 1.0), int64_t{10'000'000} * 1'000'000'000);
  CHECK(lc::ModelClock::real_span_ns(3'155'760'000'000'000, 1.0) == lc::ModelClock::kMaxRealNs);
  CHECK_EQ(lc::ModelClock::real_span_ns(3'155'760'000'000'001, 1.0), int64_t{-1});
}

// A held message's release: not before model time reaches the send's plus the delay as
// microsecond stamps read it (lcstat's arrival-before-delay bound), within a nanosecond of it,
// and never (INT64_MAX) when that is past int64 nanoseconds, which a delay of 10^6 model s
// reaches below speed 3.2e-4, and a delay added to the model time of ticks run late at 1e9
// may reach, without wrapping around.
void test_release_instants() {
  const int64_t start = 1'000'000'000'000;
  const int64_t kNever = std::numeric_limits<int64_t>::max();
  const lc::ModelClock one(1.0, start);
  CHECK_EQ(one.mono_ns_after(1'500'000, 2'000'000'500), start + 3'500'000'500);
  CHECK_EQ(one.mono_ns_after(9'000'000'000'000'000, 1'000'000'000'000'000), start + 9'001'000'000'000'000'000);
  CHECK_EQ(one.mono_ns_after(9'223'372'036'854'775, 1'000'000'000'000'000), kNever);
  // 300 model us plus 10^6 model s at 1e-4: 10^19 real ns, past int64.
  CHECK_EQ(lc::ModelClock(1e-4, start).mono_ns_after(300, 1'000'000'000'000'000), kNever);
  CHECK_EQ(lc::ModelClock(1e-9, start).mono_ns_after(1, 1'000'000'000'000'000), kNever);
  // 1.2 x 10^11 model s (late ticks at 1e9) plus 5 ms: its model ns pass int64, its real ns do not.
  CHECK_EQ(lc::ModelClock(1e9, start).mono_ns_after(120'000'000'000'000'000, 5'000'000), start + 120'000'000'001);
  lc::Rng rng(11, 0);
  for (double speed : {1.0, 0.37, 7.5, 1000.0, 1.0 / 3.0, 1e-3, 1e9}) {
    const Exact s = exact(speed);
    const lc::ModelClock c(speed, start);
    for (int i = 0; i < 100'000; ++i) {
      const int64_t us = static_cast<int64_t>(rng.next() % 10'000'000'000);  // up to 10^4 s
      const int64_t delay = static_cast<int64_t>((rng.next() >> (1 + rng.next() % 63)) % 1'000'000'000'000'001);
      const int64_t at = c.mono_ns_after(us, delay);
      CHECK(at >= start && at < kNever);
      // Exactly, (at - start) * speed is us * 1000 + delay or later, within a real ns either
      // side (the quotient in long double can lose a fraction of a ns, which no microsecond
      // stamp shows: the model time read at `at` is never below lcstat's bound).
      const i128 scaled = (i128{us} * 1000 + delay) << s.shift;
      CHECK(i128{at + 1 - start} * s.num >= scaled);
      CHECK(i128{at - 1 - start} * s.num < scaled);
      CHECK(c.model_us(at) >= us + delay / 1000);
    }
  }
}

}  // namespace

// At speed 1 model time is ns / 1000 rounded half away from zero in integers, on every target
// (long double is 80 bits on x86-64, 128 on aarch64, a plain double elsewhere), far out too.
// Where long double has a 64-bit significand, the same as the long double quotient it replaced.
void test_speed_one_in_integers() {
  const lc::ModelClock one(1.0, 0);
  CHECK_EQ(one.model_us(9'000'000'000'000'000'500), int64_t{9'000'000'000'000'001});  // not a double
  CHECK_EQ(one.model_us(9'000'000'000'000'000'499), int64_t{9'000'000'000'000'000});
  CHECK_EQ(one.model_us(-9'000'000'000'000'000'500), int64_t{-9'000'000'000'000'001});
  CHECK_EQ(one.model_us(-1'500), int64_t{-2});
  CHECK_EQ(one.model_us(-1'499), int64_t{-1});
  const lc::ModelClock late(1.0, -4'000'000'000'000'000'000);
  CHECK_EQ(late.model_us(4'000'000'000'000'000'500), int64_t{8'000'000'000'000'001});
  if (std::numeric_limits<long double>::digits < 64) return;
  lc::Rng rng(5, 0);
  int differ = 0;
  for (int i = 0; i < 1'000'000; ++i) {
    // Every magnitude up to 2^62, and the neighbourhood of ties.
    const int64_t x = static_cast<int64_t>(rng.next() >> (1 + rng.next() % 63)) * (i % 2 ? 1 : -1);
    const int64_t near_tie = x - x % 1000 + 499 + i % 3;
    for (int64_t t : {x, near_tie})
      differ += one.model_us(t) != std::llround(static_cast<long double>(t) / 1000.0L) ? 1 : 0;
  }
  CHECK_EQ(differ, 0);
}

int main() {
  test_tick_count();
  test_due_exact_integer_cases();
  test_due_never_early();
  test_last_tick_within_duration();
  test_model_time();
  test_real_span();
  test_release_instants();
  test_speed_one_in_integers();
  return lc_test::finish("tick_schedule");
}
