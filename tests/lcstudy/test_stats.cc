// lcstudy's statistics on hand-made data with known answers: moments, quantiles, the normal and
// t distributions against tabulated values, Welch's interval computed by hand, intervals that
// collapse when nothing varies, the bootstrap against the normal-theory interval on large
// samples, coverage of both methods over many simulated studies (and the bootstrap's known
// undercoverage on 5 runs, which is why small samples get Welch), determinism per seed, and
// the sample-size formulas.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"
#include "logical_clock/model/rng.h"
#include "stats.h"

namespace {

using lc::study::Interval;

#define CHECK_NEAR(a, b, tol)                                                                   \
  do {                                                                                          \
    const double lc_x_ = (a), lc_y_ = (b);                                                      \
    if (!(std::fabs(lc_x_ - lc_y_) <= (tol)))                                                   \
      lc_test::fail(__FILE__, __LINE__, std::string(#a " ~ " #b " (") + std::to_string(lc_x_) + \
                                            " vs " + std::to_string(lc_y_) + ")");             \
  } while (0)

// Test data: a normal draw by Box-Muller, an exponential by inversion.
double uniform01(lc::Rng& rng) { return (static_cast<double>(rng.next() >> 11) + 0.5) / 9007199254740992.0; }
double normal(lc::Rng& rng) {
  return std::sqrt(-2 * std::log(uniform01(rng))) * std::cos(2 * M_PI * uniform01(rng));
}
double exponential(lc::Rng& rng) { return -std::log(uniform01(rng)); }

void test_moments_and_quantiles() {
  auto m = lc::study::moments({2, 4, 4, 4, 5, 5, 7, 9});
  CHECK_EQ(m.n, size_t{8});
  CHECK_NEAR(m.mean, 5, 1e-12);
  CHECK_NEAR(m.sd, std::sqrt(32.0 / 7), 1e-12);
  CHECK_NEAR(lc::study::moments({3}).sd, 0, 0);
  CHECK_EQ(lc::study::moments({}).n, size_t{0});
  const std::vector<double> sorted = {1, 2, 3, 4, 10};
  CHECK_NEAR(lc::study::quantile(sorted, 0), 1, 0);
  CHECK_NEAR(lc::study::quantile(sorted, 0.5), 3, 0);
  CHECK_NEAR(lc::study::quantile(sorted, 1), 10, 0);
  CHECK_NEAR(lc::study::quantile(sorted, 0.9), 7.6, 1e-12);  // h = 3.6: 4 + 0.6 x 6
}

void test_distributions() {
  CHECK_NEAR(lc::study::normal_quantile(0.975), 1.959963985, 1e-8);
  CHECK_NEAR(lc::study::normal_quantile(0.8), 0.841621234, 1e-8);
  CHECK_NEAR(lc::study::normal_quantile(0.5), 0, 1e-12);
  CHECK_NEAR(lc::study::normal_cdf(1.959963985), 0.975, 1e-9);
  // Student's t, 0.975 quantiles from the tables.
  CHECK_NEAR(lc::study::t_quantile(0.975, 1), 12.706205, 1e-5);
  CHECK_NEAR(lc::study::t_quantile(0.975, 4), 2.776445, 1e-6);
  CHECK_NEAR(lc::study::t_quantile(0.975, 8), 2.306004, 1e-6);
  CHECK_NEAR(lc::study::t_quantile(0.975, 10), 2.228139, 1e-6);
  CHECK_NEAR(lc::study::t_quantile(0.975, 30), 2.042272, 1e-6);
  CHECK_NEAR(lc::study::t_quantile(0.975, 1e7), 1.959964, 1e-5);
  CHECK_NEAR(lc::study::t_quantile(0.025, 4), -2.776445, 1e-6);
  CHECK_NEAR(lc::study::t_cdf(0, 3), 0.5, 1e-12);
  CHECK_NEAR(lc::study::t_cdf(1, 1), 0.75, 1e-12);  // Cauchy: 1/2 + atan(1)/pi
  CHECK_NEAR(lc::study::t_quantile(0.975, 7.5), (2.364624 + 2.306004) / 2, 0.01);  // between df 7 and 8
}

// a = 1..5, b = 3..7: difference 2, both variances 2.5, standard error 1, Welch df = 8:
// 2 +- 2.306004.
void test_welch_by_hand() {
  const std::vector<double> a = {1, 2, 3, 4, 5}, b = {3, 4, 5, 6, 7};
  Interval i = lc::study::welch_interval(a, b);
  CHECK(i.method == Interval::kWelch);
  CHECK_NEAR(i.estimate, 2, 1e-12);
  CHECK_NEAR(i.lo, 2 - 2.306004, 1e-6);
  CHECK_NEAR(i.hi, 2 + 2.306004, 1e-6);
  CHECK(!i.excludes_zero());
  // Small samples go to Welch through difference_interval too.
  Interval j = lc::study::difference_interval(a, b, 1, 1);
  CHECK(j.method == Interval::kWelch);
  CHECK_NEAR(j.lo, i.lo, 0);
  // A mean: 3 +- t(0.975, 4) x sqrt(2.5 / 5).
  Interval m = lc::study::mean_interval(a, 1, 1);
  CHECK_NEAR(m.lo, 3 - 2.776445 * std::sqrt(0.5), 1e-6);
  // Unequal variances: a = {0, 0, 0, 0, 1} (var 0.2), b = {0, 10} (var 50): df from the formula.
  Interval k = lc::study::welch_interval({0, 0, 0, 0, 1}, {0, 10});
  const double qa = 0.2 / 5, qb = 50.0 / 2;
  const double df = (qa + qb) * (qa + qb) / (qa * qa / 4 + qb * qb / 1);
  CHECK_NEAR(k.hi - k.estimate, lc::study::t_quantile(0.975, df) * std::sqrt(qa + qb), 1e-9);
}

void test_no_spread() {
  std::vector<double> ones(50, 1.0), twos(50, 2.0);
  Interval i = lc::study::difference_interval(ones, twos, 7, 7);
  CHECK(i.method == Interval::kExact);
  CHECK_NEAR(i.lo, 1, 0);
  CHECK_NEAR(i.hi, 1, 0);
  CHECK(i.excludes_zero());
  Interval same = lc::study::difference_interval(ones, ones, 7, 7);
  CHECK(!same.excludes_zero());
  CHECK(lc::study::welch_interval({1, 1, 1}, {1, 1}).method == Interval::kExact);
  Interval m = lc::study::mean_interval(std::vector<double>(3, 4.0), 1, 1);
  CHECK(m.method == Interval::kExact && m.lo == 4 && m.hi == 4);
}

// One run has no spread to measure, whatever its value: no interval, nothing told apart.
void test_single_run() {
  Interval m = lc::study::mean_interval({4.0}, 1, 1);
  CHECK(m.method == Interval::kNone && m.estimate == 4 && !m.excludes_zero());
  Interval d = lc::study::difference_interval({1.0}, {2.0}, 1, 1);
  CHECK(d.method == Interval::kNone && d.estimate == 1 && !d.excludes_zero());
  Interval w = lc::study::welch_interval({1.0}, {5, 6, 7});
  CHECK(w.method == Interval::kNone && w.estimate == 5 && !w.excludes_zero());
  std::vector<double> many(30, 3.0);
  many[0] = 4;
  CHECK(lc::study::bootstrap_interval({1.0}, many, 1, 1).method == Interval::kNone);
}

// On large samples the percentile bootstrap and the normal-theory interval agree: endpoints
// within 10% of the half-width, for normal and for skewed (exponential) data.
void test_bootstrap_matches_normal_theory() {
  lc::Rng rng(11, 3);
  for (int skewed = 0; skewed < 2; ++skewed) {
    std::vector<double> a, b;
    for (int i = 0; i < 400; ++i) a.push_back(skewed ? exponential(rng) : normal(rng));
    for (int i = 0; i < 500; ++i) b.push_back(skewed ? 1.3 * exponential(rng) : 0.2 + 1.5 * normal(rng));
    Interval boot = lc::study::bootstrap_interval(a, b, 5, 9, 4000);
    Interval welch = lc::study::welch_interval(a, b);
    const double half = (welch.hi - welch.lo) / 2;
    CHECK(boot.method == Interval::kBootstrap);
    CHECK_NEAR(boot.estimate, welch.estimate, 1e-12);
    CHECK_NEAR(boot.lo, welch.lo, 0.1 * half);
    CHECK_NEAR(boot.hi, welch.hi, 0.1 * half);
    CHECK(lc::study::difference_interval(a, b, 5, 9).method == Interval::kBootstrap);
    Interval mean_boot = lc::study::mean_interval(b, 5, 10);
    const auto mb = lc::study::moments(b);
    const double mhalf = 1.96 * mb.sd / std::sqrt(500.0);
    CHECK_NEAR(mean_boot.lo, mb.mean - mhalf, 0.1 * mhalf);
    CHECK_NEAR(mean_boot.hi, mb.mean + mhalf, 0.1 * mhalf);
  }
}

// Coverage over many simulated studies with a known true difference (0.5, normal data of sd
// 1): 400 studies each. The intervals must cover it about 95% of the time: between 91% and
// 98.5% (the binomial 400 x 0.95 +- 3.5 sd). The bootstrap with 5 runs per side covers it
// markedly less often (about 85%), which is why small samples get Welch's interval.
void test_coverage() {
  lc::Rng rng(2027, 1);
  const int studies = 400;
  int welch5 = 0, boot40 = 0, boot5 = 0, mean40 = 0;
  for (int s = 0; s < studies; ++s) {
    std::vector<double> a5, b5, a40, b40;
    for (int i = 0; i < 5; ++i) a5.push_back(normal(rng));
    for (int i = 0; i < 5; ++i) b5.push_back(0.5 + normal(rng));
    for (int i = 0; i < 40; ++i) a40.push_back(normal(rng));
    for (int i = 0; i < 40; ++i) b40.push_back(0.5 + normal(rng));
    auto covers = [](const Interval& i, double truth) { return i.lo <= truth && truth <= i.hi; };
    welch5 += covers(lc::study::difference_interval(a5, b5, 3, static_cast<uint64_t>(s)), 0.5);
    boot40 += covers(lc::study::difference_interval(a40, b40, 3, static_cast<uint64_t>(s)), 0.5);
    boot5 += covers(lc::study::bootstrap_interval(a5, b5, 3, static_cast<uint64_t>(s), 1000), 0.5);
    mean40 += covers(lc::study::mean_interval(b40, 4, static_cast<uint64_t>(s)), 0.5);
  }
  auto share = [&](int n) { return static_cast<double>(n) / studies; };
  CHECK(share(welch5) >= 0.91 && share(welch5) <= 0.985);
  CHECK(share(boot40) >= 0.91 && share(boot40) <= 0.985);
  CHECK(share(mean40) >= 0.91 && share(mean40) <= 0.985);
  CHECK(share(boot5) < 0.91);
  std::printf("coverage of 95%% intervals over %d studies: Welch, 5 runs %.3f; bootstrap, 40 runs %.3f "
              "(a mean: %.3f); bootstrap, 5 runs %.3f\n",
              studies, share(welch5), share(boot40), share(mean40), share(boot5));
}

void test_deterministic() {
  std::vector<double> a, b;
  lc::Rng rng(1, 1);
  for (int i = 0; i < 30; ++i) a.push_back(normal(rng));
  for (int i = 0; i < 30; ++i) b.push_back(normal(rng));
  Interval x = lc::study::difference_interval(a, b, 42, lc::study::stream_of("jump_mean r6-k10 r3-k10"));
  Interval y = lc::study::difference_interval(a, b, 42, lc::study::stream_of("jump_mean r6-k10 r3-k10"));
  Interval z = lc::study::difference_interval(a, b, 43, lc::study::stream_of("jump_mean r6-k10 r3-k10"));
  CHECK(x.lo == y.lo && x.hi == y.hi);
  CHECK(x.lo != z.lo || x.hi != z.hi);
  CHECK(lc::study::stream_of("a") != lc::study::stream_of("b"));
  CHECK_EQ(lc::study::stream_of(""), uint64_t{1469598103934665603ull});
}

void test_sample_sizes() {
  // (1.959964 + 0.841621)^2 x 2 / 0.25 = 62.79: 63 runs per configuration.
  CHECK_EQ(lc::study::runs_for_difference(1, 1, 0.5), int64_t{63});
  CHECK_EQ(lc::study::runs_for_difference(1, 1, -0.5), int64_t{63});
  CHECK_EQ(lc::study::runs_for_difference(2, 0, 1), int64_t{32});  // 7.849 x 4 = 31.4
  CHECK_EQ(lc::study::runs_for_difference(1, 1, 0), int64_t{0});
  // (1.959964 x 3 / 0.5)^2 = 138.3: 139 runs.
  CHECK_EQ(lc::study::runs_for_precision(3, 0.5), int64_t{139});
  // Checked by simulation: with 63 runs each, a true difference of 0.5 (sd 1) is told in about
  // 80% of studies.
  lc::Rng rng(5, 5);
  int told = 0;
  for (int s = 0; s < 300; ++s) {
    std::vector<double> a, b;
    for (int i = 0; i < 63; ++i) a.push_back(normal(rng));
    for (int i = 0; i < 63; ++i) b.push_back(0.5 + normal(rng));
    told += lc::study::welch_interval(a, b).excludes_zero();
  }
  CHECK(told >= 0.72 * 300 && told <= 0.88 * 300);
}

}  // namespace

int main() {
  test_moments_and_quantiles();
  test_distributions();
  test_welch_by_hand();
  test_no_spread();
  test_single_run();
  test_bootstrap_matches_normal_theory();
  test_coverage();
  test_deterministic();
  test_sample_sizes();
  return lc_test::finish("test_stats");
}
