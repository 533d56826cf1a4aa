// Distribution-free statistics for a study's runs: what the report states must hold whatever
// shape a figure's distribution has (skewed, bounded, discrete), at 5 runs as at 200.
//   - The median of a figure over runs, with an interval between two order statistics: it
//     covers the true median with a probability that depends on the number of runs only
//     (binomial with p = 1/2), at least the level stated, for any distribution.
//   - Two configurations: the difference of their medians with an interval from the two
//     medians' intervals (approximate: its coverage is measured, not guaranteed), the rank-sum
//     test of one figure (its p-value exact by enumeration or by seeded random permutations,
//     valid with ties: midranks; for more than 1,000 runs in all the normal approximation),
//     and Westfall and Young's maxT over all the figures at once.
// Pure functions of their inputs (the permutations come from the seed and stream given).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lc::study {

// The fewest runs for an interval of a median: 5 runs give [min, max], which covers the median
// with probability 1 - 2^-4 = 93.75%; 4 runs would give 87.5%, too little to call 95%.
inline constexpr size_t kMedianMinRuns = 5;

struct RankInterval {
  double estimate = 0;  // the sample median, or a difference of medians
  double lo = 0, hi = 0;  // NaN when there is none
  // A median's: its coverage, at least. A difference's: below kApproximateMinRuns a side the
  // product of its two medians' levels, at least; from there 0.95, approximate. 0: none.
  double level = 0;
  bool approximate = false;  // a difference's interval of about 95% (not at least its level)
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
// least 95% (at 5 runs the widest, 93.75%); no interval below kMedianMinRuns, nor where its
// ends are equal (tied).
RankInterval median_interval(std::vector<double> x);

// Coverage of [x(j), x(n+1-j)] (1-based order statistics of n) for the median: 1 - 2 P(B < j),
// B binomial(n, 1/2).
double order_interval_level(size_t n, size_t j);

struct RankSumTest {
  double p = 1;              // two-sided, H0: a and b come from one distribution
  double superiority = 0.5;  // P(run of b > run of a) + P(equal) / 2, from the sample
  // Enumerated; else from 9,999 random permutations (up to 1,000 values in all); else the
  // normal approximation with the ties' correction.
  bool exact_p = true;
};

// The rank-sum (Wilcoxon-Mann-Whitney) test of a against b (neither empty). Permutations draw
// from Rng(seed, stream).
RankSumTest rank_sum_test(const std::vector<double>& a, const std::vector<double>& b, uint64_t seed, uint64_t stream);

// A difference's interval is approximate from this many runs a side; below, distribution-free.
// The approximate one's coverage at 6 to 10 runs fell to 88% to 92% for a figure of two humps
// (queues that grow in some runs and not in others), and with ties to 74%.
inline constexpr size_t kApproximateMinRuns = 20;

// median(b) - median(a), with an interval [lo_b - hi_a, hi_b - lo_a] from one interval of each
// median:
//   - From kApproximateMinRuns a side, approximate: both medians' intervals at one level chosen
//     so that the difference's interval is 1.96 standard errors either side: each median's
//     spread is read from its own 95% interval's width, and the level is 2 Phi(1.96 sqrt(sa^2
//     + sb^2) / (sa + sb)) - 1 (83.4% each when the spreads are equal, up to 95% when one is
//     0); each interval at that level is interpolated between the two order-statistic
//     intervals whose levels bracket it (Hettmansperger and Sheather); a sample with ties is
//     not interpolated (the order-statistic interval at or above the level). Its coverage is
//     95% approximately, not at least: measured (docs/analysis.md, "Calibration"); a figure
//     that takes few values covers more often. The level stated is 95%.
//   - Below, distribution-free: the order-statistic intervals at levels whose product is at
//     least 95% (the narrowest such pair); it covers whenever both cover, so at least at the
//     product, whatever the shapes, and the level stated is the product. None at 6 runs a side
//     or fewer (96.9% x 96.9% < 95%).
// None where its ends are equal (tied: both medians' intervals on one value each).
RankInterval median_difference(std::vector<double> a, std::vector<double> b);

// Westfall and Young's maxT over the figures of two configurations: rows are runs (the first
// n_a of a, the rest of b), columns figures (NaN: not measured in that run). Each figure's
// rank-sum statistic, standardized (ties corrected); the assignments of the runs to the two
// configurations, all of them when there are at most 100,000, else 9,999 drawn from
// Rng(seed, stream), move every figure together, so the figures' correlation is kept; figure
// f's adjusted p-value is the share of assignments whose largest standardized statistic over
// all the figures is at least f's. Rejecting where it is <= 5% holds the chance of any false
// difference between the two at 5% (family-wise). Beyond 1,000 runs in all, the statistics'
// joint normal approximation instead (max_t_normal.h). *exact: enumerated.
std::vector<double> max_t_adjusted(const std::vector<std::vector<double>>& rows, size_t n_a, uint64_t seed,
                                   uint64_t stream, bool* exact);

}  // namespace lc::study
