#include "stats.h"

#include <algorithm>
#include <cmath>

namespace lc::study {

Moments moments(const std::vector<double>& x) {
  Moments m;
  m.n = x.size();
  if (m.n == 0) return m;
  double sum = 0;
  for (double v : x) sum += v;
  m.mean = sum / static_cast<double>(m.n);
  if (m.n < 2) return m;
  double sq = 0;
  for (double v : x) sq += (v - m.mean) * (v - m.mean);
  m.sd = std::sqrt(sq / static_cast<double>(m.n - 1));
  return m;
}

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double h = q * static_cast<double>(sorted.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  // On an order statistic, that one: 0 times a gap past the largest double would be NaN.
  if (h == static_cast<double>(lo)) return sorted[lo];
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

uint64_t stream_of(const char* text) {
  uint64_t h = 1469598103934665603ull;
  for (const char* p = text; *p != 0; ++p) {
    h ^= static_cast<unsigned char>(*p);
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace lc::study
