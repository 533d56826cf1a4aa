#include "logical_clock/real/progress_judge.h"

namespace lc {

bool ProgressJudge::observe(const Sample& sample) {
  if (!have_last_) {
    have_last_ = true;
    last_ = sample;
    return false;
  }
  const int64_t gap = sample.at_ns - last_.at_ns;
  if (sample.beats != last_.beats) {
    stalled_ns_ = 0;  // it made progress
  } else if (gap > kMaxSampleGapNs || gap < 0) {
    // The parent was late to look: nothing can be said of the machine meanwhile.
  } else if (sample.sched_known && last_.sched_known && sample.waited_ns > last_.waited_ns) {
    // Runnable, waiting for a CPU: slow, not stopped.
  } else {
    stalled_ns_ += gap;
  }
  last_ = sample;
  return stalled_ns_ >= limit_ns_;
}

}  // namespace lc
