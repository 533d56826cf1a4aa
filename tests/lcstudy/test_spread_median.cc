// The spread of figures of few values (spread_median.h) on hand-made data with known answers: a
// value's cell within its figure's range, the draw that depends on the run's seed and the
// figure only, the mixture's median worked by hand (points, uniforms, both, runs left out),
// and the order-statistic interval of spread values covering the interpolated median of a
// figure whose runs mostly tie at its level (5 and 20 runs) and near 95% (10, interpolated).
#include <algorithm>
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
  // A value outside its figure's range (a jump of 0) is not spread: never an upside-down cell.
  const Cell zero_jump = cell_of(0, 1, 1, INFINITY);
  CHECK_EQ(zero_jump.lo, 0.0);
  CHECK_EQ(zero_jump.hi, 0.0);
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
  // The mass exactly half over a range, which sums of slopes reach only give or take rounding:
  // the middle of the range, not a point inside it. Clock rates 0.5, 0.6, 2.5, 3 a second over
  // 10 s (cells 0.1 wide): half the mass by 0.65, the rest from 2.45: the median 1.55.
  const double grain = 0.1;
  CHECK_WITHIN(MixtureMedian({cell_of(0.5, grain, 0, INFINITY), cell_of(0.6, grain, 0, INFINITY),
                              cell_of(2.5, grain, 0, INFINITY), cell_of(3, grain, 0, INFINITY)})
                   .median(),
               1.55, 1e-8);
  // 1, 2, 3, 4 with a run on [0, 10] left out: 2.5. Two runs left out of four, the point 0 and
  // [1.5, 2.5] left: the mass is 1 from 0 until 1.5, the median 0.75. (Half counts within 1e-9
  // of the runs, so the ends move by at most that times a cell's width.)
  CHECK_WITHIN(MixtureMedian({{1, 1}, {2, 2}, {3, 3}, {4, 4}, {0, 10}}).without(4, 5), 2.5, 1e-8);
  CHECK_WITHIN(MixtureMedian({{0.5, 1.5}, {0, 0.5}, {0, 0}, {1.5, 2.5}}).without(0, 2), 0.75, 1e-8);
  // A range of 10^60: the bisection runs down to neighbouring doubles.
  CHECK_WITHIN(MixtureMedian({{0, 1}, {0, 1}, {0, 1}, {1e60, 1e60}}).median(), 2.0 / 3, 1e-8);
  // A gap of 10^9 cells' widths after cells of different widths (1/5 and 1/3 of a jump): the
  // sums of slopes no longer drift across it. Half the mass is below from the second cell's
  // end to 10^9 - 1/2: the middle of that range.
  const Cell fifth = cell_of(1, 1.0 / 5, 1, INFINITY), third = cell_of(1, 1.0 / 3, 1, INFINITY);
  CHECK_WITHIN(MixtureMedian({fifth, third, cell_of(1e9, 1, 0, INFINITY), cell_of(1e9, 1, 0, INFINITY)}).median(),
               (third.hi + 1e9 - 0.5) / 2, 1e-3);
  // Where the mass crosses half with cells open on either side, the crossing itself, exactly
  // (counts 0, 0, 1, 1: 0.5; [0, 1] and [1, 3]: 1).
  CHECK_WITHIN(MixtureMedian({{0, 0.5}, {0, 0.5}, {0.5, 1.5}, {0.5, 1.5}}).median(), 0.5, 1e-12);
  CHECK_WITHIN(MixtureMedian({{0, 1}, {1, 3}}).median(), 1, 1e-12);
  // Near the largest doubles: no overflow.
  CHECK_WITHIN(MixtureMedian({{-1e308, -1e308}, {1e308, 1e308}, {5, 6}}).median(), 5.5, 1e-12);
  // Cells that are not finite, or upside down, are no value.
  CHECK_WITHIN(MixtureMedian({{0, 1}, {0, 1}, {-INFINITY, INFINITY}, {2, 1}}).median(), 0.5, 1e-12);
}

// Against the mixture's distribution evaluated run by run: 3,000 random sets of 1 to 8 runs,
// whole numbers 0 to 3 over grains of 1/2 or 1 (so the mass is often exactly half over a gap),
// some points, some runs left out. The median found has half the mass below it, and where the
// mass is half over a range, it is that range's middle.
void test_mixture_against_direct() {
  lc::Rng rng(5, 5);
  int wrong = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const size_t n = 1 + static_cast<size_t>(rng.uniform(0, 7));
    std::vector<Cell> cells;
    for (size_t i = 0; i < n; ++i) {
      const double v = static_cast<double>(rng.uniform(0, 3)), g = static_cast<double>(rng.uniform(0, 2)) * 0.5;
      cells.push_back(cell_of(v, g, 0, INFINITY));
    }
    const size_t first = static_cast<size_t>(rng.uniform(0, n)), last = first + static_cast<size_t>(rng.uniform(0, 2));
    std::vector<Cell> kept;
    for (size_t i = 0; i < n; ++i)
      if (i < first || i >= last) kept.push_back(cells[i]);
    if (kept.empty()) continue;
    auto below = [&](double t, bool or_at) {  // the kept runs' mass below t (or at it)
      double m = 0;
      for (const Cell& c : kept)
        m += c.hi > c.lo ? std::clamp((t - c.lo) / (c.hi - c.lo), 0.0, 1.0) : (or_at ? t >= c.lo : t > c.lo);
      return m;
    };
    // The range where the mass is half: scan a fine grid (the cells' ends are multiples of 1/4).
    const double half = static_cast<double>(kept.size()) / 2;
    double lo = NAN, hi = NAN;
    for (int k = -8; k <= 32; ++k) {
      for (int sub = 0; sub < 64; ++sub) {
        const double t = k / 4.0 + sub / 256.0;
        if (std::isnan(lo) && below(t, true) >= half - 1e-12) lo = t;
        if (below(t, false) <= half + 1e-12) hi = t;
      }
    }
    const double got = MixtureMedian(cells).without(first, last);
    wrong += !(std::fabs(got - (lo + hi) / 2) <= 1.0 / 256);
  }
  CHECK_EQ(wrong, 0);
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
  test_mixture_against_direct();
  test_coverage_of_tied_counts();
  return lc_test::finish("lcstudy_spread_median_test");
}
