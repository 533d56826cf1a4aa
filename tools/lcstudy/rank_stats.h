// Rank tests for a study's runs, valid whatever shape a figure's distribution has: the
// rank-sum test of one figure (its p-value exact by enumeration or by seeded random permutations,
// valid with ties: midranks; for more than 1,000 runs in all the normal approximation), and
// Westfall and Young's maxT over all the figures at once. The medians and their intervals:
// median_intervals.h.
// Pure functions of their inputs (the permutations come from the seed and stream given).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lc::study {

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
