// The medians of a study's runs, and the differences of two configurations' medians, with
// their intervals: what the report states must hold whatever shape a figure's distribution has
// (skewed, bounded, discrete), at 5 runs as at 200.
//   - The median of a figure over runs, with an interval between two order statistics: it
//     covers the true median with a probability that depends on the number of runs only
//     (binomial with p = 1/2), at least the level stated, for any distribution (exactly, for
//     one without ties: spread_median.h spreads the figures that tie); where that level
//     overshoots 95% by much (10 runs: 97.85%), interpolated to about 95%.
//   - Two configurations: the difference of their medians, with an interval from the two
//     medians' intervals below 10 runs a side (at least its level), and from there from a
//     bootstrap (approximate: its coverage is measured, not guaranteed).
// Pure functions of their inputs.
#pragma once

#include <cstddef>
#include <vector>

namespace lc::study {

// The fewest runs for an interval of a median: 5 runs give [min, max], which covers the median
// with probability 1 - 2^-4 = 93.75%; 4 runs would give 87.5%, too little to call 95%.
inline constexpr size_t kMedianMinRuns = 5;

struct RankInterval {
  double estimate = 0;  // the sample median, or a difference of medians
  double lo = 0, hi = 0;  // NaN when there is none
  // A median's: its coverage, at least (0.95 where approximate). A difference's: below
  // kBootstrapMinRuns a side the product of its two medians' levels, at least; from there
  // 0.95, approximate. 0: none.
  double level = 0;
  // An interval of about 95% (not at least its level): a median's interpolated between two
  // order statistics, a difference's from kBootstrapMinRuns a side.
  bool approximate = false;
  // A difference's from the bootstrap (from kBootstrapMinRuns runs a side).
  bool bootstrap = false;
  // Enough runs, but the interval's two ends fell on one value (runs that tie there): no
  // interval is stated, since a width of 0 says nothing of how sure the value is (it covers
  // whenever the truth is that value, far more often than its level). `tied_runs` of `runs`
  // have that value (for a median; 0 for a difference).
  bool tied = false;
  size_t tied_runs = 0, runs = 0;
  bool has_interval() const { return level > 0; }
  bool excludes_zero() const { return has_interval() && (lo > 0 || hi < 0); }
};

// The median of x with the narrowest symmetric order-statistic interval whose coverage is at
// least 95% (at 5 runs the widest, 93.75%); where its level is above 97% and the mean of it and
// the next level in is at least 93% (8, 10, 11, 13 runs...), without ties, the interval at 95%
// interpolated between the two (approximate). No interval below kMedianMinRuns, nor where its
// ends are equal (tied).
RankInterval median_interval(std::vector<double> x);

// Coverage of [x(j), x(n+1-j)] (1-based order statistics of n) for the median: 1 - 2 P(B < j),
// B binomial(n, 1/2).
double order_interval_level(size_t n, size_t j);

// A difference's interval is approximate from this many runs a side (the fewer side's); below,
// distribution-free, and then it covers far more often than its level says (97.8% to 100% at
// 10 runs a side, docs/analysis.md, "Calibration"), since it covers whenever both medians'
// intervals do and often when one does not. Approximate below 10, the bootstrap covered 92.4%
// of the simulation's differences at 7 runs a side (87% at worst), and at 6 to 10 the one
// from the medians' widths 88% to 92% for a figure of two humps, with ties 74%.
inline constexpr size_t kBootstrapMinRuns = 10;

// median(b) - median(a), with an interval:
//   - Below kBootstrapMinRuns a side, distribution-free: [lo_b - hi_a, hi_b - lo_a] from the
//     order-statistic intervals of the two medians at levels whose product is at least 95%
//     (the narrowest such pair); it covers whenever both cover, so at least at the product,
//     whatever the shapes, and the level stated is the product. None at 6 runs a side or fewer
//     (96.9% x 96.9% < 95%).
//   - From kBootstrapMinRuns, at any size: the percentile bootstrap (bootstrap_difference.h)
//     of bootstrap_a and bootstrap_b, each side's bootstrap_medians (read only where
//     difference_by_bootstrap: may be empty elsewhere), approximate, stated at 95% (measured
//     at 10, 20, 100 and 200 runs a side: docs/analysis.md, "Calibration"; at 200 it covered a
//     figure of two humps, the slowest machine's mean jump where its rate varies, 96.0% of the
//     time, where an interval from the two medians' widths gave 93.0%); but where either
//     sample has two equal values, the distribution-free interval, as
//     below kBootstrapMinRuns: a draw's median then often falls on the shared value, and the
//     bootstrap covered 86.7% at 10 runs a side for a figure of two values (the
//     distribution-free one at least its level). (The report's figures that take few values
//     are spread, spread_median.h, and never tie.) None where its ends are not finite.
// None where its ends are equal (tied: both medians' intervals on one value each).
RankInterval median_difference(std::vector<double> a, std::vector<double> b, const std::vector<double>& bootstrap_a,
                               const std::vector<double>& bootstrap_b);
// Whether median_difference of these samples reads their bootstrap_medians: from
// kBootstrapMinRuns runs a side (the fewer side's), neither sample with two equal values. Its
// interval is then the bootstrap's, but where the bootstrap's two ends meet (both within
// rounding of 0: runs an ulp apart) it is the distribution-free one, and where they are not
// finite there is none.
bool difference_by_bootstrap(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace lc::study
