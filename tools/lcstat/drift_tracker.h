// DriftTracker: the spread of the machines' logical clocks over model time. It takes every
// tick row of the run in model_time order; C_i(t) is machine i's clock after its last tick row
// at or before t (0 before its first). Rows with equal model_time are applied together, then
// drift(t) = max_i C_i(t) - min_i C_i(t) is sampled once per row. Optionally writes one line
// per distinct model_time: "model_time drift C_0-C_f ... C_{N-1}-C_f", f being the reference
// (fastest) machine. Owned by one thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "logical_clock/base/file_io.h"

namespace lc::lcstat {

class DriftTracker {
 public:
  DriftTracker(size_t machines, size_t reference, OutputFile* out);

  void on_tick(size_t machine, int64_t model_us, int64_t clock);
  void finish();

  int64_t max() const { return max_; }
  double mean() const { return samples_ > 0 ? sum_ / static_cast<double>(samples_) : 0; }
  uint64_t samples() const { return samples_; }

 private:
  void close_group();

  std::vector<int64_t> clocks_;
  size_t reference_;
  OutputFile* out_;
  int64_t group_us_ = 0;
  uint64_t group_rows_ = 0;
  double sum_ = 0;
  int64_t max_ = 0;
  uint64_t samples_ = 0;
  std::string scratch_;
};

}  // namespace lc::lcstat
