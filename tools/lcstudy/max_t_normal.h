// Westfall and Young's maxT for large samples (more than 1,000 runs in all, where the rank-sum
// test of one figure uses the normal approximation too): under the permutation null the
// figures' standardized rank-sum statistics are nearly normal, jointly, with the correlation
// of the figures' ranks over the runs (Cov(S_f, S_g) is m n / (N (N - 1)) times the sum over
// runs of the centred ranks' products, for a random choice of m of the N runs). So a figure's
// adjusted p-value is the share of draws of that normal vector whose largest absolute entry
// reaches the figure's own statistic: (1 + hits) / (1 + draws), 9,999 draws from
// Rng(seed, stream). Costs figures^2 per draw, not figures x runs as a permutation does.
#pragma once

#include <cstdint>
#include <vector>

namespace lc::study {

// scores[f][r]: figure f's midrank in run r minus the mean midrank of the runs that measured
// it (0 where the run did not); observed[f]: the figure's standardized statistic, at least 0.
std::vector<double> max_t_normal(const std::vector<std::vector<double>>& scores, const std::vector<double>& observed,
                                 uint64_t seed, uint64_t stream);

}  // namespace lc::study
