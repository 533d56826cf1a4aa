// ProgressJudge: slow is not dead. A heartbeat that moves resets the count; an interval spent
// waiting for a CPU, or one the observer was late to see, counts for nothing; only intervals
// without progress, run or stopped, add up to the limit. And read_sched_stat on this process.
#include <unistd.h>

#include <cstdint>

#include "check.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/real/progress_judge.h"

namespace {

using Sample = lc::ProgressJudge::Sample;
constexpr int64_t kMs = 1'000'000;
constexpr int64_t kLimit = 10'000 * kMs;

Sample at(int64_t ms, int64_t beats, int64_t waited_ms = 0, bool known = true) {
  return Sample{ms * kMs, beats, known, waited_ms * kMs};
}

void test_stopped() {
  // Stopped: no beat, no wait, sampled every 250 ms: given up exactly at 10 s, not before.
  lc::ProgressJudge judge(kLimit);
  CHECK(!judge.observe(at(0, 5)));
  bool given_up = false;
  int64_t when = 0;
  for (int64_t ms = 250; ms <= 12'000 && !given_up; ms += 250) {
    given_up = judge.observe(at(ms, 5));
    when = ms;
  }
  CHECK(given_up);
  CHECK_EQ(when, int64_t{10'000});
}

void test_progress_resets() {
  // Stopped 9.75 s, then a beat, then stopped again: the count starts over.
  lc::ProgressJudge judge(kLimit);
  int64_t beats = 1;
  CHECK(!judge.observe(at(0, beats)));
  for (int64_t ms = 250; ms <= 9'750; ms += 250) CHECK(!judge.observe(at(ms, beats)));
  CHECK_EQ(judge.stalled_ns(), 9'750 * kMs);
  CHECK(!judge.observe(at(10'000, ++beats)));
  CHECK_EQ(judge.stalled_ns(), int64_t{0});
  for (int64_t ms = 10'250; ms < 20'000; ms += 250) CHECK(!judge.observe(at(ms, beats)));
  CHECK(judge.observe(at(20'000, beats)));
}

void test_starved_is_slow() {
  // Runnable but waiting for a CPU for a minute (its wait time grows): never given up. Then
  // stopped from 60 s on: counted from there, given up at 70 s.
  lc::ProgressJudge judge(kLimit);
  CHECK(!judge.observe(at(0, 7, 0)));
  for (int64_t ms = 250; ms <= 60'000; ms += 250) CHECK(!judge.observe(at(ms, 7, ms / 2)));
  CHECK_EQ(judge.stalled_ns(), int64_t{0});
  for (int64_t ms = 60'250; ms < 70'000; ms += 250) CHECK(!judge.observe(at(ms, 7, 30'000)));
  CHECK(judge.observe(at(70'000, 7, 30'000)));
}

void test_unknown_scheduling() {
  // Without the kernel's account, a still heartbeat counts whatever the "wait" says.
  lc::ProgressJudge judge(kLimit);
  CHECK(!judge.observe(at(0, 1, 0, false)));
  bool given_up = false;
  for (int64_t ms = 250; ms <= 10'000; ms += 250) given_up = judge.observe(at(ms, 1, ms, false));
  CHECK(given_up);
}

void test_late_observer() {
  // The parent itself starved: a gap of more than 2 s says nothing, however many.
  lc::ProgressJudge judge(kLimit);
  CHECK(!judge.observe(at(0, 3)));
  for (int64_t ms = 3'000; ms <= 60'000; ms += 3'000) CHECK(!judge.observe(at(ms, 3)));
  CHECK_EQ(judge.stalled_ns(), int64_t{0});
  // A clock that went back (it cannot, but a sample may be taken out of order) counts nothing.
  CHECK(!judge.observe(at(59'000, 3)));
  CHECK_EQ(judge.stalled_ns(), int64_t{0});
}

void test_sched_stat() {
  lc::SchedStat first, second;
  CHECK(lc::read_sched_stat(static_cast<int>(::getpid()), &first).is_ok());
  volatile uint64_t spin = 0;
  for (uint64_t i = 0; i < 20'000'000; ++i) spin = spin + i;
  CHECK(lc::read_sched_stat(static_cast<int>(::getpid()), &second).is_ok());
  CHECK(second.run_ns > first.run_ns);
  CHECK(second.waited_ns >= first.waited_ns);
  lc::SchedStat none;
  const lc::Status s = lc::read_sched_stat(999'999'999, &none);
  CHECK(!s.is_ok());
  CHECK(s.message().find("/proc/999999999/schedstat") != std::string::npos);
}

}  // namespace

int main() {
  test_stopped();
  test_progress_resets();
  test_starved_is_slow();
  test_unknown_scheduling();
  test_late_observer();
  test_sched_stat();
  return lc_test::finish("test_progress_judge");
}
