#include "coverage_band.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace lc::study {

namespace {

// log(x!) by glibc's reentrant lgamma (std::lgamma sets the global signgam).
double log_factorial(double x) {
  int sign = 0;
  return lgamma_r(x + 1, &sign);
}

double log_pmf(long long n, long long k, double p) {
  const double nn = static_cast<double>(n), kk = static_cast<double>(k);
  return log_factorial(nn) - log_factorial(kk) - log_factorial(nn - kk) + kk * std::log(p) + (nn - kk) * std::log1p(-p);
}

// The sum of the pmf from k away from the mode (step -1 below it, +1 above), whose terms only
// fall, until they no longer change the sum.
double tail_from(long long n, long long k, double p, long long step) {
  double sum = 0;
  for (long long i = k; i >= 0 && i <= n; i += step) {
    const double term = std::exp(log_pmf(n, i, p));
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return std::min(sum, 1.0);
}

long long mode_of(long long n, double p) {
  return static_cast<long long>(std::floor(static_cast<double>(n + 1) * p));
}

// Holm's step-down over (p-value, id) pairs: the i-th smallest p-value (from 0) is compared
// with alpha / (tests - i), in order, and every one up to the first above its bound is
// rejected; `reject` is called with each rejected id.
template <typename Reject>
void holm(std::vector<std::pair<double, size_t>> tests, double alpha, Reject reject) {
  std::sort(tests.begin(), tests.end());
  for (size_t i = 0; i < tests.size(); ++i) {
    if (tests[i].first > alpha / static_cast<double>(tests.size() - i)) break;
    reject(tests[i].second);
  }
}

}  // namespace

double binomial_at_most(long long n, long long k, double p) {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (k <= mode_of(n, p)) return tail_from(n, k, p, -1);
  return std::max(0.0, 1 - tail_from(n, k + 1, p, +1));
}

double binomial_at_least(long long n, long long k, double p) {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (k > mode_of(n, p)) return tail_from(n, k, p, +1);
  return std::max(0.0, 1 - tail_from(n, k - 1, p, -1));
}

std::vector<Band> judge_band(const std::vector<CoverageTally>& tallies, double low, double high, double alpha) {
  std::vector<Band> verdict(tallies.size(), Band::kUndecided);
  std::vector<std::pair<double, size_t>> outside, inside;  // p-value; 2 x tally (+1: above), or the tally
  for (size_t t = 0; t < tallies.size(); ++t) {
    const CoverageTally& c = tallies[t];
    if (c.stated <= 0 || c.covered < 0 || c.covered > c.stated) continue;
    outside.emplace_back(binomial_at_most(c.stated, c.covered, low), 2 * t);
    outside.emplace_back(binomial_at_least(c.stated, c.covered, high), 2 * t + 1);
    inside.emplace_back(std::max(binomial_at_least(c.stated, c.covered, low), binomial_at_most(c.stated, c.covered, high)), t);
  }
  // With alpha below 1/2 a tally cannot be both: below (or above) needs P(X <= k) (P(X >= k))
  // under alpha at an edge, inside P(X >= k) (P(X <= k)) there, and the two add to more than 1.
  holm(inside, alpha, [&](size_t t) { verdict[t] = Band::kInside; });
  holm(outside, alpha, [&](size_t id) { verdict[id / 2] = id % 2 ? Band::kAbove : Band::kBelow; });
  return verdict;
}

const char* band_name(Band b) {
  switch (b) {
    case Band::kBelow: return "below";
    case Band::kInside: return "inside";
    case Band::kAbove: return "above";
    case Band::kUndecided: break;
  }
  return "undecided";
}

}  // namespace lc::study
