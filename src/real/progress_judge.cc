#include "logical_clock/real/progress_judge.h"

namespace lc {

bool ProgressJudge::observe(const Sample& sample) {
  if (!have_last_) {
    have_last_ = true;
    last_ = sample;
    return false;
  }
  const int64_t gap = sample.at_ns - last_.at_ns;
  // The parent late to look says nothing of the machine; a machine that waited for a CPU is
  // runnable: slow, not stopped. Neither interval counts.
  const bool observer_late = gap > kMaxSampleGapNs || gap < 0;
  const bool starved = sample.sched_known && last_.sched_known && sample.waited_ns > last_.waited_ns;
  if (sample.beats != last_.beats) {
    stalled_ns_ = 0;  // it made progress
  } else if (!observer_late && !starved) {
    stalled_ns_ += gap;
  }
  last_ = sample;
  return stalled_ns_ >= limit_ns_;
}

}  // namespace lc
