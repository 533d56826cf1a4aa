// The statistics of a study underneath the report's: means and standard deviations, quantiles,
// the normal distribution, and the stream number of a seeded draw. Pure functions of
// their inputs. Safe from any thread.
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

// A stream number for a seeded draw from a text (the figure and the configurations compared):
// FNV-1a, 64 bits.
uint64_t stream_of(const char* text);

}  // namespace lc::study
