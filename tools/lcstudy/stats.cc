#include "stats.h"

#include <algorithm>
#include <cmath>

#include "logical_clock/model/rng.h"

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

double welch_df(double va, double vb, double na, double nb) {
  const double qa = va / na, qb = vb / nb;
  const double den = (na > 1 ? qa * qa / (na - 1) : 0) + (nb > 1 ? qb * qb / (nb - 1) : 0);
  return den > 0 ? (qa + qb) * (qa + qb) / den : 1e9;
}

// The mean of x.size() draws from x with replacement. An index is the high 64 bits of a
// 64 x 64-bit product (Lemire's multiply-shift): no division, and a bias below n / 2^64.
double mean_of_draws(const std::vector<double>& x, Rng& rng) {
  double sum = 0;
  const unsigned __int128 n = x.size();
  for (size_t i = 0; i < x.size(); ++i) sum += x[static_cast<size_t>((n * rng.next()) >> 64)];
  return sum / static_cast<double>(x.size());
}

bool all_equal(const std::vector<double>& x) {
  return std::all_of(x.begin(), x.end(), [&](double v) { return v == x[0]; });
}

Interval exact(double estimate) {
  Interval i;
  i.estimate = i.lo = i.hi = estimate;
  return i;
}

Interval none(double estimate) {
  Interval i;
  i.estimate = estimate;
  i.lo = i.hi = std::nan("");
  i.method = Interval::kNone;
  return i;
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

Interval mean_interval(const std::vector<double>& x, uint64_t seed, uint64_t stream) {
  const Moments m = moments(x);
  if (m.n < 2) return none(m.mean);
  if (all_equal(x)) return exact(m.mean);
  Interval i;
  i.estimate = m.mean;
  if (x.size() >= kBootstrapMinRuns) {
    Rng rng(seed, stream);
    std::vector<double> means(kResamples);
    for (double& v : means) v = mean_of_draws(x, rng);
    std::sort(means.begin(), means.end());
    i.lo = quantile(means, 0.025);
    i.hi = quantile(means, 0.975);
    i.method = Interval::kBootstrap;
  } else {
    const double half = t_quantile(0.975, static_cast<double>(m.n - 1)) * m.sd / std::sqrt(static_cast<double>(m.n));
    i.lo = m.mean - half;
    i.hi = m.mean + half;
    i.method = Interval::kWelch;
  }
  return i;
}

Interval welch_interval(const std::vector<double>& a, const std::vector<double>& b) {
  const Moments ma = moments(a), mb = moments(b);
  const double na = static_cast<double>(ma.n), nb = static_cast<double>(mb.n);
  Interval i;
  i.estimate = mb.mean - ma.mean;
  if (ma.n < 2 || mb.n < 2) return none(i.estimate);
  const double va = ma.sd * ma.sd, vb = mb.sd * mb.sd;
  const double se = std::sqrt(va / na + vb / nb);
  if (se == 0) return exact(i.estimate);
  const double half = t_quantile(0.975, welch_df(va, vb, na, nb)) * se;
  i.lo = i.estimate - half;
  i.hi = i.estimate + half;
  i.method = Interval::kWelch;
  return i;
}

Interval bootstrap_interval(const std::vector<double>& a, const std::vector<double>& b, uint64_t seed,
                            uint64_t stream, int resamples) {
  Interval i;
  i.estimate = moments(b).mean - moments(a).mean;
  if (a.size() < 2 || b.size() < 2) return none(i.estimate);
  if (all_equal(a) && all_equal(b)) return exact(i.estimate);
  Rng rng(seed, stream);
  std::vector<double> diffs(static_cast<size_t>(resamples));
  for (double& d : diffs) {
    const double ma = mean_of_draws(a, rng);
    d = mean_of_draws(b, rng) - ma;
  }
  std::sort(diffs.begin(), diffs.end());
  i.lo = quantile(diffs, 0.025);
  i.hi = quantile(diffs, 0.975);
  i.method = Interval::kBootstrap;
  return i;
}

Interval difference_interval(const std::vector<double>& a, const std::vector<double>& b, uint64_t seed,
                             uint64_t stream) {
  if (a.size() >= kBootstrapMinRuns && b.size() >= kBootstrapMinRuns) return bootstrap_interval(a, b, seed, stream);
  return welch_interval(a, b);
}

int64_t runs_for_difference(double sa, double sb, double difference, double power) {
  if (difference == 0) return 0;
  const double z = normal_quantile(0.975) + normal_quantile(power);
  return static_cast<int64_t>(std::ceil(z * z * (sa * sa + sb * sb) / (difference * difference)));
}

int64_t runs_for_precision(double sd, double half_width) {
  if (half_width <= 0) return 0;
  const double z = normal_quantile(0.975) * sd / half_width;
  return static_cast<int64_t>(std::ceil(z * z));
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
