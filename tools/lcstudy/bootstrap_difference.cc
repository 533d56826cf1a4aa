#include "bootstrap_difference.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "logical_clock/model/rng.h"
#include "stats.h"

namespace lc::study {

namespace {

// Uniform in [0, n), n > 0, without bias: Lemire's multiply-and-shift, whose rare rejection
// (when the low half falls below 2^64 mod n) replaces a division per draw.
uint64_t index_below(Rng* rng, uint64_t n) {
  __uint128_t product = static_cast<__uint128_t>(rng->next()) * n;
  if (static_cast<uint64_t>(product) < n) {
    const uint64_t threshold = (0 - n) % n;
    while (static_cast<uint64_t>(product) < threshold) product = static_cast<__uint128_t>(rng->next()) * n;
  }
  return static_cast<uint64_t>(product >> 64);
}

}  // namespace

std::vector<double> bootstrap_medians(std::vector<double> x, uint64_t seed, uint64_t stream) {
  std::vector<double> medians;
  const size_t n = x.size();
  if (n == 0) return medians;
  std::sort(x.begin(), x.end());
  // A draw is how many times each sorted run was drawn; its median is at the positions
  // (n + 1) / 2 and n / 2 + 1 (1-based) of the drawn runs in order, found by counting up.
  const size_t lower = (n + 1) / 2, upper = n / 2 + 1;
  std::vector<uint32_t> times(n);
  Rng rng(seed, stream);
  medians.reserve(kBootstrapDraws);
  for (size_t d = 0; d < kBootstrapDraws; ++d) {
    std::fill(times.begin(), times.end(), 0);
    for (size_t i = 0; i < n; ++i) ++times[index_below(&rng, n)];
    size_t seen = 0, at = 0;
    while (seen + times[at] < lower) seen += times[at++];
    const double low = x[at];
    while (seen + times[at] < upper) seen += times[at++];
    medians.push_back(x[at] == low ? low : low / 2 + x[at] / 2);  // halves: no overflow near 1e308
  }
  return medians;
}

std::pair<double, double> bootstrap_interval(const std::vector<double>& medians_a, const std::vector<double>& medians_b) {
  std::vector<double> differences(medians_a.size());
  double scale = 0;
  for (size_t i = 0; i < differences.size(); ++i) {
    differences[i] = medians_b[i] - medians_a[i];
    scale = std::max({scale, std::fabs(medians_a[i]), std::fabs(medians_b[i])});
  }
  std::sort(differences.begin(), differences.end());
  // A draw's median of an even number of runs is a mean of two, rounded: two means equal in
  // decimals (0.5 and 0.8, 0.6 and 0.7) differ by an ulp, and an end of 1e-16 would say the
  // interval excludes 0. An end within 2^-48 of the medians' scale (16 times their rounding) on
  // the side away from 0 is 0. Only that way: the interval only widens, so it never turns over
  // and never leaves its estimate out, however far a few runs put the scale (3 runs of 10 at
  // 1e15 once made a low end of -0.005 0, beside an estimate of -0.0005).
  // Among subnormal runs a half's rounding is absolute, a denormal: 16 of them at least.
  const double rounding = std::max(scale * 0x1p-48, 16 * std::numeric_limits<double>::denorm_min());
  double lo = quantile(differences, 0.025), hi = quantile(differences, 0.975);
  if (lo > 0 && lo <= rounding) lo = 0;
  if (hi < 0 && hi >= -rounding) hi = 0;
  return {lo, hi};
}

}  // namespace lc::study
