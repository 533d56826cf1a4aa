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
  // On an order statistic beside a gap past the largest double: that value, not NaN.
  const std::vector<double> far = {-1.5e308, -1e308, 1e308};
  CHECK_EQ(lc::study::quantile(far, 0.5), -1e308);
  const std::vector<double> far_up = {-1e308, 1e308, 1.5e308};
  CHECK_EQ(lc::study::quantile(far_up, 0.5), 1e308);
}

void test_normal_cdf() {
  CHECK_WITHIN(lc::study::normal_cdf(1.959963985), 0.975, 1e-9);
  CHECK_WITHIN(lc::study::normal_cdf(0), 0.5, 1e-15);
  CHECK_WITHIN(lc::study::normal_cdf(-0.841621234), 0.2, 1e-9);
}

}  // namespace

int main() {
  test_moments_and_quantiles();
  test_normal_cdf();
  return lc_test::finish("test_stats");
}
