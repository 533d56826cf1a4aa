// The medians of figures that take few values. A figure of whole numbers (the largest jump, a
// queue's length, the messages pending), or of whole numbers over a fixed divisor (a clock
// rate: units over the run's seconds), ties across runs: many runs share the median's value,
// and an interval between two runs' values then holds that value, and the truth, far more
// often than its level says (up to 100%; docs/analysis.md, "Calibration"). No rule that is a
// function of the values alone can bring it down (when most runs share one value, it covers on
// all such samples or on none). So the report's medians of these figures are of each run's
// value spread over the cell of its grain, uniformly by u on [0, 1) drawn from the run's
// own seed and the figure's key (never from its values): the spread values never tie, and an
// order-statistic interval covers their median at exactly its level. A value's cell is
// [v - g/2, v + g/2] cut to the figure's range (a count's 0 stands for [0, 1/2], a jump's 1 for
// [1, 3/2], a share's 1 for [1 - g/2, 1]), so no spread value, and no interval, leaves it. What
// the medians estimate is the median of the spread figure, the "interpolated median" of grouped
// data (a figure of whole numbers above its least value whose median is m:
// m - 1/2 + (1/2 - P(X < m)) / P(X = m)), within the median's cell. Pure functions of their
// inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lc::study {

// The range a value stands for: [lo, hi] (lo == hi: the value itself; NaN: no value).
struct Cell {
  double lo, hi;
};
// v's cell: [v - g/2, v + g/2] within [least, most]; v itself where g is not above 0 or v is
// outside [least, most].
Cell cell_of(double v, double grain, double least, double most);

// A point of the cell by a draw from (run_seed, figure_stream): lo + u (hi - lo).
double spread_value(const Cell& cell, uint64_t run_seed, uint64_t figure_stream);

// The median of a mixture of runs, each uniform on its cell (a point where lo == hi): what the
// medians of spread values estimate, from a pool of many runs (the calibration's truth), with
// any one range of runs left out. A run whose cell is NaN, not finite or upside down (hi < lo)
// is not in the mixture.
class MixtureMedian {
 public:
  explicit MixtureMedian(const std::vector<Cell>& cells);
  // The median without runs [first, last) (indices into cells); NaN when no run is left. Where the
  // mixture's distribution is 1/2 over a range (an even number of points), its middle.
  double without(size_t first, size_t last) const;
  double median() const { return without(0, 0); }

 private:
  // N times the mixture's distribution at t, counting every run.
  double mass_at(double t) const;
  // Of run i at t: 0 to 1.
  double run_mass(size_t i, double t) const;
  // The cells (not points) open at t, counting every run: lo <= t < hi.
  int64_t open_at(double t) const;
  std::vector<Cell> cells_;
  std::vector<double> at_, mass_, slope_;  // the pieces of mass_at, by position
  std::vector<int64_t> open_;              // open_at, by position
  bool points_only_ = true;
  size_t n_ = 0;  // runs with a value
};

}  // namespace lc::study
