// The bootstrap interval of a difference of two medians, median(b) - median(a), of two
// configurations' runs: each configuration's runs drawn again with replacement, as many as it
// has, from a seeded stream of its own, and the median of each draw taken, kBootstrapDraws
// times (bootstrap_medians, once per configuration and figure, whatever pairs it is in); the
// interval is between the 2.5% and 97.5% points of the differences of the two sides' i-th
// medians (the percentile bootstrap). Its coverage is about 95%, not at least: measured on the
// simulation's own figures (docs/analysis.md, "Calibration"), where the distribution-free
// interval (both medians' intervals covering at once) covers far more than its level at 10
// runs a side, and one from the two medians' standard errors estimated from their order
// statistics goes far off both ways. Pure functions of their inputs and the seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace lc::study {

inline constexpr size_t kBootstrapDraws = 2000;

// kBootstrapDraws medians of x drawn again with replacement from Rng(seed, stream), in draw
// order; empty for an empty x.
std::vector<double> bootstrap_medians(std::vector<double> x, uint64_t seed, uint64_t stream);

// [lo, hi] of median(b) - median(a) at about 95%: the 2.5% and 97.5% points of
// medians_b[i] - medians_a[i] (bootstrap_medians of each side); a low end above 0, or a high
// end below it, by no more than rounding (2^-48 of the largest |median|, at least 16
// denormals) 0. Requires both of one size, not 0.
std::pair<double, double> bootstrap_interval(const std::vector<double>& medians_a, const std::vector<double>& medians_b);

}  // namespace lc::study
