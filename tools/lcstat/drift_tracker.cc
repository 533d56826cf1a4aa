#include "drift_tracker.h"

#include <algorithm>

#include "logical_clock/log/numbers.h"

namespace lc::lcstat {

DriftTracker::DriftTracker(size_t machines, size_t reference, OutputFile* out)
    : clocks_(machines, 0), reference_(reference), out_(out) {}

void DriftTracker::on_tick(size_t machine, int64_t model_us, int64_t clock) {
  if (group_rows_ > 0 && model_us != group_us_) close_group();
  group_us_ = model_us;
  ++group_rows_;
  clocks_[machine] = clock;
}

void DriftTracker::finish() {
  if (group_rows_ > 0) close_group();
}

void DriftTracker::close_group() {
  auto [lo, hi] = std::minmax_element(clocks_.begin(), clocks_.end());
  int64_t drift = *hi - *lo;
  sum_ += static_cast<double>(drift) * static_cast<double>(group_rows_);
  samples_ += group_rows_;
  max_ = std::max(max_, drift);
  group_rows_ = 0;
  if (out_ == nullptr) return;
  scratch_.clear();
  append_micros(&scratch_, group_us_);
  scratch_.push_back(' ');
  append_count(&scratch_, drift);
  for (int64_t c : clocks_) {
    scratch_.push_back(' ');
    append_count(&scratch_, c - clocks_[reference_]);
  }
  scratch_.push_back('\n');
  out_->append(scratch_);
}

}  // namespace lc::lcstat
