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
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

namespace {

// Bisection of an increasing cdf for p: 200 halvings reach the bits of a double.
template <typename Cdf>
double invert(Cdf cdf, double p, double lo, double hi) {
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (cdf(mid) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

// ln Γ(x) for x > 0: Lanczos' approximation (g = 7, 9 terms; relative error about 1e-15),
// reflected below 0.5. (std::lgamma writes the global signgam: not for every thread.)
double log_gamma(double x) {
  static const double kCoef[9] = {0.99999999999980993,  676.5203681218851,     -1259.1392167224028,
                                  771.32342877765313,   -176.61502916214059,   12.507343278686905,
                                  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
  const double pi = 3.14159265358979323846;
  if (x < 0.5) return std::log(pi / std::fabs(std::sin(pi * x))) - log_gamma(1 - x);
  x -= 1;
  double sum = kCoef[0];
  for (int i = 1; i < 9; ++i) sum += kCoef[i] / (x + i);
  const double t = x + 7.5;
  return 0.5 * std::log(2 * pi) + (x + 0.5) * std::log(t) - t + std::log(sum);
}

// The regularized incomplete beta function I_x(a, b), by its continued fraction (modified
// Lentz), on the side of x where it converges fast.
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incomplete_beta(b, a, 1 - x);
  const double front = std::exp(log_gamma(a + b) - log_gamma(a) - log_gamma(b) + a * std::log(x) +
                                b * std::log(1 - x)) / a;
  const double tiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double f = d;
  for (int m = 1; m <= 500; ++m) {
    const double dm = m;
    double num = dm * (b - dm) * x / ((a + 2 * dm - 1) * (a + 2 * dm));
    for (int half = 0; half < 2; ++half) {
      d = 1 + num * d;
      if (std::fabs(d) < tiny) d = tiny;
      c = 1 + num / c;
      if (std::fabs(c) < tiny) c = tiny;
      d = 1 / d;
      f *= c * d;
      num = -(a + dm) * (a + b + dm) * x / ((a + 2 * dm) * (a + 2 * dm + 1));
    }
    if (std::fabs(c * d - 1) < 1e-15) break;
  }
  return front * f;
}

}  // namespace

double normal_quantile(double p) { return invert(normal_cdf, p, -40, 40); }

double t_cdf(double t, double df) {
  const double tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
  return t > 0 ? 1 - tail : tail;
}

double t_quantile(double p, double df) {
  return invert([df](double t) { return t_cdf(t, df); }, p, -1e7, 1e7);
}

uint64_t stream_of(const char* text) {
  uint64_t h = 1469598103934665603ull;
  for (const char* p = text; *p != 0; ++p) {
    h ^= static_cast<unsigned char>(*p);
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace lc::study
