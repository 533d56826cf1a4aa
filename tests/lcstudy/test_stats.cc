// lcstudy's basic statistics on hand-made data with known answers: moments, quantiles, and the
// normal and t distributions against tabulated values.
#include <cmath>
#include <string>
#include <vector>

#include "check.h"
#include "stats.h"

namespace {


void test_moments_and_quantiles() {
  auto m = lc::study::moments({2, 4, 4, 4, 5, 5, 7, 9});
  CHECK_EQ(m.n, size_t{8});
  CHECK_WITHIN(m.mean, 5, 1e-12);
  CHECK_WITHIN(m.sd, std::sqrt(32.0 / 7), 1e-12);
  CHECK_WITHIN(lc::study::moments({3}).sd, 0, 0);
  CHECK_EQ(lc::study::moments({}).n, size_t{0});
  const std::vector<double> sorted = {1, 2, 3, 4, 10};
  CHECK_WITHIN(lc::study::quantile(sorted, 0), 1, 0);
  CHECK_WITHIN(lc::study::quantile(sorted, 0.5), 3, 0);
  CHECK_WITHIN(lc::study::quantile(sorted, 1), 10, 0);
  CHECK_WITHIN(lc::study::quantile(sorted, 0.9), 7.6, 1e-12);  // h = 3.6: 4 + 0.6 x 6
}

void test_distributions() {
  CHECK_WITHIN(lc::study::normal_quantile(0.975), 1.959963985, 1e-8);
  CHECK_WITHIN(lc::study::normal_quantile(0.8), 0.841621234, 1e-8);
  CHECK_WITHIN(lc::study::normal_quantile(0.5), 0, 1e-12);
  CHECK_WITHIN(lc::study::normal_cdf(1.959963985), 0.975, 1e-9);
  // Student's t, 0.975 quantiles from the tables.
  CHECK_WITHIN(lc::study::t_quantile(0.975, 1), 12.706205, 1e-5);
  CHECK_WITHIN(lc::study::t_quantile(0.975, 4), 2.776445, 1e-6);
  CHECK_WITHIN(lc::study::t_quantile(0.975, 8), 2.306004, 1e-6);
  CHECK_WITHIN(lc::study::t_quantile(0.975, 10), 2.228139, 1e-6);
  CHECK_WITHIN(lc::study::t_quantile(0.975, 30), 2.042272, 1e-6);
  CHECK_WITHIN(lc::study::t_quantile(0.975, 1e7), 1.959964, 1e-5);
  CHECK_WITHIN(lc::study::t_quantile(0.025, 4), -2.776445, 1e-6);
  CHECK_WITHIN(lc::study::t_cdf(0, 3), 0.5, 1e-12);
  CHECK_WITHIN(lc::study::t_cdf(1, 1), 0.75, 1e-12);  // Cauchy: 1/2 + atan(1)/pi
  CHECK_WITHIN(lc::study::t_quantile(0.975, 7.5), (2.364624 + 2.306004) / 2, 0.01);  // between df 7 and 8
}

// a = 1..5, b = 3..7: difference 2, both variances 2.5, standard error 1, Welch df = 8:
// 2 +- 2.306004.
}  // namespace

int main() {
  test_moments_and_quantiles();
  test_distributions();
  return lc_test::finish("test_stats");
}
