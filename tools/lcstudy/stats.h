// The statistics of a study: means and standard deviations, 95% confidence intervals for a
// mean and for a difference of two means (a seeded percentile bootstrap over runs, or Welch's
// t interval for small samples), and the number of runs needed for a given precision. Pure
// functions of their inputs (the bootstrap's draws come from the seed and stream it is given),
// so the same study gives the same figures byte for byte. Safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lc::study {

struct Moments {
  size_t n = 0;
  double mean = 0;
  double sd = 0;  // sample standard deviation (n - 1); 0 for n < 2
};
Moments moments(const std::vector<double>& x);

// The q-quantile of `sorted` (ascending), linearly interpolated between order statistics
// (Hyndman and Fan's type 7, the default of R and numpy).
double quantile(const std::vector<double>& sorted, double q);

double normal_cdf(double x);
double normal_quantile(double p);  // 0 < p < 1
double t_cdf(double t, double df);
double t_quantile(double p, double df);  // 0 < p < 1, df > 0

struct Interval {
  enum Method { kExact, kWelch, kBootstrap, kNone };
  double estimate = 0;
  double lo = 0;
  double hi = 0;
  // kExact: no spread at all (every value equal, two values or more), lo = hi = estimate.
  // kNone: no interval (lo and hi NaN): a sample of one value says nothing of its spread.
  Method method = kExact;
  bool excludes_zero() const { return lo > 0 || hi < 0; }
};

// Samples at least this large (each, for a difference) get the bootstrap; smaller ones the
// t interval, since a percentile bootstrap of so few values is too narrow (docs/analysis.md).
inline constexpr size_t kBootstrapMinRuns = 20;
inline constexpr int kResamples = 2000;

// A 95% interval for the mean of x (x not empty; kNone for one value). The bootstrap draws
// from Rng(seed, stream).
Interval mean_interval(const std::vector<double>& x, uint64_t seed, uint64_t stream);
// A 95% interval for mean(b) - mean(a) (neither empty; kNone when either has one value).
Interval difference_interval(const std::vector<double>& a, const std::vector<double>& b, uint64_t seed,
                             uint64_t stream);
// The same, always by Welch's t interval, and always by the percentile bootstrap.
Interval welch_interval(const std::vector<double>& a, const std::vector<double>& b);
Interval bootstrap_interval(const std::vector<double>& a, const std::vector<double>& b, uint64_t seed,
                            uint64_t stream, int resamples = kResamples);

// Runs per configuration for a 95% interval of a difference of means to exclude 0 with
// probability `power` when the true difference is `difference` and the runs' standard
// deviations are sa and sb: ceil((z_0.975 + z_power)^2 (sa^2 + sb^2) / difference^2). 0 when
// the difference is 0 (no number of runs tells a difference of 0).
int64_t runs_for_difference(double sa, double sb, double difference, double power = 0.8);
// Runs for a 95% interval of a mean of standard deviation sd to be at most +-half_width:
// ceil((z_0.975 sd / half_width)^2).
int64_t runs_for_precision(double sd, double half_width);

// A stream number for the bootstrap from a text (the figure and the configurations compared):
// FNV-1a, 64 bits.
uint64_t stream_of(const char* text);

}  // namespace lc::study
