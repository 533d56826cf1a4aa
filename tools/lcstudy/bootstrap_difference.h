// The bootstrap interval of a difference of two medians, median(b) - median(a), of two
// configurations' runs: each configuration's runs drawn again with replacement, as many as it
// has, from a seeded stream, and the difference of the two medians taken, kBootstrapDraws times;
// the interval is between that distribution's 2.5% and 97.5% points (the percentile bootstrap).
// Its coverage is about 95%, not at least: measured on the simulation's own figures
// (docs/analysis.md, "Calibration"), where the distribution-free interval (both medians' intervals
// covering at once) covers far more than its level at 10 runs a side, and one from the two
// medians' standard errors estimated from their order statistics goes far off both ways. A pure
// function of its inputs and the seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace lc::study {

inline constexpr size_t kBootstrapDraws = 2000;

// [lo, hi] of median(b) - median(a) at about 95%, from draws of Rng(seed, stream). Requires
// both samples non-empty.
std::pair<double, double> bootstrap_difference(const std::vector<double>& a, const std::vector<double>& b,
                                               uint64_t seed, uint64_t stream);

}  // namespace lc::study
