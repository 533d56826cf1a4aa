// The spread of figures of few values (spread_median.h) on hand-made data with known answers: a
// value's cell within its figure's range, the draw that depends on the run's seed and the
// figure only, the mixture's median worked by hand (points, uniforms, both, runs left out),
// and the order-statistic interval of spread values covering the interpolated median of a
// figure whose runs mostly tie at its level (5 and 20 runs) and near 95% (10, interpolated).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "check.h"
#include "logical_clock/model/rng.h"
#include "median_intervals.h"
#include "spread_median.h"

namespace {

using lc::study::Cell;
using lc::study::cell_of;
using lc::study::MixtureMedian;
using lc::study::spread_value;

void test_cells() {
  const Cell count = cell_of(0, 1, 0, INFINITY);  // a count's 0 stands for [0, 1/2]
  CHECK_EQ(count.lo, 0.0);
  CHECK_EQ(count.hi, 0.5);
  const Cell seven = cell_of(7, 1, 0, INFINITY);
  CHECK_EQ(seven.lo, 6.5);
  CHECK_EQ(seven.hi, 7.5);
  const Cell jump = cell_of(1, 0.5, 1, INFINITY);  // two slowest machines: a grain of 1/2
  CHECK_EQ(jump.lo, 1.0);
  CHECK_EQ(jump.hi, 1.25);
  const Cell share = cell_of(1, 0.1, 0, 1);
  CHECK_WITHIN(share.lo, 0.95, 1e-15);
  CHECK_EQ(share.hi, 1.0);
  const Cell point = cell_of(3.25, 0, 0, INFINITY);  // no grain: the value itself
  CHECK_EQ(point.lo, 3.25);
  CHECK_EQ(point.hi, 3.25);
  CHECK(std::isnan(cell_of(NAN, 1, 0, INFINITY).lo));
}

// The draw is the run's and the figure's: the same fraction of any cell, whatever the value;
// another seed or figure, another draw; never outside the cell.
void test_draws() {
  const double a = spread_value({6.5, 7.5}, 42, 9), b = spread_value({0, 0.5}, 42, 9);
  CHECK_WITHIN(a - 6.5, 2 * b, 1e-12);
  CHECK_EQ(spread_value({6.5, 7.5}, 42, 9), a);
  CHECK(spread_value({6.5, 7.5}, 43, 9) != a);
  CHECK(spread_value({6.5, 7.5}, 42, 10) != a);
  CHECK_EQ(spread_value({3.25, 3.25}, 42, 9), 3.25);
  int outside = 0;
  double sum = 0;
  for (uint64_t seed = 1; seed <= 10000; ++seed) {
    const double v = spread_value({2, 3}, seed, 5);
    outside += v < 2 || v >= 3;
    sum += v;
  }
  CHECK_EQ(outside, 0);
  CHECK_WITHIN(sum / 10000, 2.5, 0.01);  // uniform: the mean 2.5, its standard error 0.003
}

void test_mixture_median() {
  // Points: the sample median.
  CHECK_EQ(MixtureMedian({{1, 1}, {2, 2}, {3, 3}, {4, 4}}).median(), 2.5);
  CHECK_EQ(MixtureMedian({{5, 5}, {1, 1}, {3, 3}}).median(), 3.0);
  // Counts 0, 0, 0, 1: three runs uniform on [0, 1/2], one on [1/2, 3/2]; the mass below t in
  // [0, 1/2] is 3 t / (1/2) = 6 t, half of 4 runs at t = 1/3.
  const std::vector<Cell> zeros = {cell_of(0, 1, 0, INFINITY), cell_of(0, 1, 0, INFINITY), cell_of(0, 1, 0, INFINITY),
                                   cell_of(1, 1, 0, INFINITY)};
  CHECK_WITHIN(MixtureMedian(zeros).median(), 1.0 / 3, 1e-12);
  // 2, 3, 3, 4 on their unit cells: symmetric about 3.
  CHECK_WITHIN(MixtureMedian({{1.5, 2.5}, {2.5, 3.5}, {2.5, 3.5}, {3.5, 4.5}}).median(), 3, 1e-12);
  // Two runs on [0, 1] and [2, 3]: the mass is 1 over [1, 2], the median that range's middle.
  CHECK_WITHIN(MixtureMedian({{0, 1}, {2, 3}}).median(), 1.5, 1e-12);
  // A point and a uniform: a point at 0 and [0, 1], [0, 1]; the mass 1 + 2 t reaches 3/2 at 1/4.
  CHECK_WITHIN(MixtureMedian({{0, 0}, {0, 1}, {0, 1}}).median(), 0.25, 1e-12);
  // Runs left out: the counts above with three more runs of 5 after them, the 5s left out; and
  // a run with no value (NaN) is in no mixture.
  std::vector<Cell> more = zeros;
  for (int i = 0; i < 3; ++i) more.push_back(cell_of(5, 1, 0, INFINITY));
  more.push_back({NAN, NAN});
  const MixtureMedian m(more);
  CHECK_WITHIN(m.without(4, 7), 1.0 / 3, 1e-12);
  // 1 and the three 5s: 1's cell is all below 4.5, the 5s' mass 3 (t - 4.5) makes 2 at 4.5 + 1/3.
  CHECK_WITHIN(m.without(0, 3), 4.5 + 1.0 / 3, 1e-12);
  CHECK(std::isnan(MixtureMedian({{NAN, NAN}}).median()));
  CHECK(std::isnan(m.without(0, 8)));
}

// A whole-number figure that is 0 in 70% of runs, 1 in 20%, 2 in 10%: every sample of 5 runs
// with three 0s ties at the median. Its spread's median (the interpolated median): the mass
// below t in [0, 1/2] is 0.7 t / (1/2), 1/2 at t = 5/14. The order-statistic interval of the
// spread values covers it at its level: 93.75% at 5 runs, 95.86% at 20; at 10, interpolated to
// 95%, about that. 4,000 samples each: a coverage's standard error about 0.4 points; each band
// is 3 of them or more either side.
void test_coverage_of_tied_counts() {
  const double truth = 5.0 / 14;
  lc::Rng rng(11, 3);
  uint64_t seed = 1;
  auto coverage = [&](size_t runs) {
    int covered = 0;
    for (int s = 0; s < 4000; ++s) {
      std::vector<double> x;
      for (size_t r = 0; r < runs; ++r) {
        const uint64_t u = rng.uniform(0, 9);
        const double v = u < 7 ? 0 : u < 9 ? 1 : 2;
        x.push_back(spread_value(cell_of(v, 1, 0, INFINITY), seed++, 77));
      }
      const auto m = lc::study::median_interval(x);
      covered += m.has_interval() && m.lo <= truth && truth <= m.hi;
    }
    return covered / 4000.0;
  };
  const double five = coverage(5), ten = coverage(10), twenty = coverage(20);
  std::printf("coverage of the interpolated median: %.4f at 5 runs, %.4f at 10, %.4f at 20\n", five, ten, twenty);
  CHECK(five >= 0.925 && five <= 0.950);
  CHECK(ten >= 0.935 && ten <= 0.965);
  CHECK(twenty >= 0.946 && twenty <= 0.971);
}

}  // namespace

int main() {
  test_cells();
  test_draws();
  test_mixture_median();
  test_coverage_of_tied_counts();
  return lc_test::finish("lcstudy_spread_median_test");
}
