// lcstudy's distribution-free statistics on hand-made data with known answers: the order-
// statistic levels (binomial sums worked by hand), the median's interval at 4, 5, 6 and 20
// runs, the exact rank-sum p-value (2 of the 252 label assignments as extreme), ties, the
// permutation p-value's size when nothing differs, the normal approximation past 1,000 runs,
// coverage on skewed and discrete data, the difference of medians and its interval, maxT,
// determinism, and the permutations' draws equal to Rng::uniform's.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "check.h"
#include "bootstrap_difference.h"
#include "logical_clock/model/rng.h"
#include "median_intervals.h"
#include "rank_stats.h"
#include "shuffle_draws.h"
#include "stats.h"

namespace {

using lc::study::max_t_adjusted;
using lc::study::median_interval;
using lc::study::order_interval_level;
using lc::study::rank_sum_test;

double uniform01(lc::Rng& rng) { return (static_cast<double>(rng.next() >> 11) + 0.5) / 9007199254740992.0; }
double exponential(lc::Rng& rng) { return -std::log(uniform01(rng)); }
std::vector<double> sample(lc::Rng& rng, size_t n, double shift = 0) {
  std::vector<double> x(n);
  for (double& v : x) v = exponential(rng) + shift;
  return x;
}

void test_levels() {
  CHECK_WITHIN(order_interval_level(5, 1), 1 - 2.0 / 32, 1e-12);          // 93.75%
  CHECK_WITHIN(order_interval_level(6, 1), 1 - 2.0 / 64, 1e-12);          // 96.875%
  CHECK_WITHIN(order_interval_level(20, 6), 1 - 2.0 * 21700 / 1048576, 1e-12);  // P(B <= 5) = 21700 / 2^20
  CHECK_WITHIN(order_interval_level(4, 1), 0.875, 1e-12);
  CHECK_EQ(order_interval_level(5, 4), 0.0);  // not a symmetric pair
}

void test_median_interval() {
  auto four = median_interval({4, 1, 3, 2});
  CHECK(!four.has_interval());
  CHECK_WITHIN(four.estimate, 2.5, 1e-12);
  CHECK(std::isnan(four.lo));
  auto five = median_interval({5, 1, 4, 2, 3});
  CHECK_EQ(five.estimate, 3.0);
  CHECK_EQ(five.lo, 1.0);
  CHECK_EQ(five.hi, 5.0);
  CHECK_WITHIN(five.level, 0.9375, 1e-12);
  auto six = median_interval({6, 1, 5, 2, 4, 3});
  CHECK_EQ(six.lo, 1.0);
  CHECK_EQ(six.hi, 6.0);
  std::vector<double> twenty;
  for (int i = 20; i >= 1; --i) twenty.push_back(i);
  auto t = median_interval(twenty);
  CHECK_EQ(t.lo, 6.0);
  CHECK_EQ(t.hi, 15.0);
  CHECK_WITHIN(t.level, 0.958610, 1e-6);
  CHECK(!t.approximate);
  // 10 runs: [x(2), x(9)] is at 97.85% (1 - 2 x 11/1024), [x(3), x(8)] at 89.06% (1 - 2 x 56/1024),
  // their mean 93.5%: the interval at 95% interpolated between them (Hettmansperger and
  // Sheather): a share s = (97.85 - 95) / (97.85 - 89.06) of the way in level, each end moved
  // lambda = 8 s / (2 + 6 s) of the gap toward the inner order statistic. 7 runs (98.4% and 87.5%,
  // their mean 92.97%) and 20 (95.86%) keep the order statistics.
  std::vector<double> ten;
  for (int i = 1; i <= 10; ++i) ten.push_back(i * i);
  const auto h = median_interval(ten);
  const double outer = 1 - 2 * 11.0 / 1024, inner = 1 - 2 * 56.0 / 1024, share = (outer - 0.95) / (outer - inner);
  const double lambda = 8 * share / (2 + 6 * share);
  CHECK_WITHIN(h.lo, 4 + lambda * (9 - 4), 1e-12);
  CHECK_WITHIN(h.hi, 81 - lambda * (81 - 64), 1e-12);
  CHECK_WITHIN(h.level, 0.95, 0);
  CHECK(h.approximate);
  const auto seven = median_interval({1, 2, 3, 4, 5, 6, 7});
  CHECK_EQ(seven.lo, 1.0);
  CHECK_EQ(seven.hi, 7.0);
  CHECK(!seven.approximate);
  // With ties, the order statistics: 10 runs, [x(2), x(9)].
  const auto tied_ten = median_interval({1, 2, 3, 3, 5, 6, 7, 8, 9, 10});
  CHECK_EQ(tied_ten.lo, 2.0);
  CHECK_EQ(tied_ten.hi, 9.0);
  CHECK(!tied_ten.approximate);
  // Equal values: no interval (a width of 0 would cover far more often than its level), the
  // runs that have the value counted instead.
  auto same = median_interval({3, 3, 3, 3, 3});
  CHECK(!same.has_interval());
  CHECK(same.tied);
  CHECK_EQ(same.estimate, 3.0);
  CHECK_EQ(same.tied_runs, size_t{5});
  CHECK_EQ(same.runs, size_t{5});
  CHECK(std::isnan(same.lo));
  // Ends on one value though the runs differ: 20 runs, [x(6), x(15)] both 7.
  std::vector<double> mostly{1, 2, 3, 4, 5, 9, 10, 11, 12, 13};
  for (int i = 0; i < 10; ++i) mostly.push_back(7);
  auto m = median_interval(mostly);
  CHECK(!m.has_interval());
  CHECK(m.tied);
  CHECK_EQ(m.tied_runs, size_t{10});
  CHECK_EQ(m.runs, size_t{20});
  // One end on the shared value, the other not: an interval, not tied.
  auto edge = median_interval({1, 1, 1, 1, 2});
  CHECK(edge.has_interval());
  CHECK(!edge.tied);
  CHECK_EQ(edge.lo, 1.0);
  CHECK_EQ(edge.hi, 2.0);
}

void test_rank_sum_by_hand() {
  // 1..5 against 6..10: every b above every a, 2 of the 252 assignments as extreme.
  auto t = rank_sum_test({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}, 1, 1);
  CHECK(t.exact_p);
  CHECK_WITHIN(t.p, 2.0 / 252, 1e-12);
  CHECK_EQ(t.superiority, 1.0);
  auto r = rank_sum_test({6, 7, 8, 9, 10}, {1, 2, 3, 4, 5}, 1, 1);
  CHECK_WITHIN(r.p, 2.0 / 252, 1e-12);
  CHECK_EQ(r.superiority, 0.0);
  // Interleaved: no evidence at all.
  auto mixed = rank_sum_test({1, 3, 5, 7, 9}, {2, 4, 6, 8, 10}, 1, 1);
  CHECK(mixed.p > 0.5);
  CHECK_WITHIN(mixed.superiority, 15.0 / 25, 1e-12);
}

void test_ties() {
  auto t = rank_sum_test({1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}, 1, 1);
  CHECK_EQ(t.p, 1.0);
  CHECK_EQ(t.superiority, 0.5);
  // Tied across the samples: midranks; 0 0 0 1 1 against 1 1 1 1 1 is far from decisive.
  auto u = rank_sum_test({0, 0, 0, 1, 1}, {1, 1, 1, 1, 1}, 1, 1);
  CHECK(u.p > 0.1 && u.p < 1);
  // Every b above every a, by permutations (30 + 30 values): the smallest p they can give.
  std::vector<double> a, b;
  for (int i = 0; i < 30; ++i) a.push_back(i), b.push_back(100 + i);
  auto big = rank_sum_test(a, b, 1, 1);
  CHECK(!big.exact_p);
  CHECK_WITHIN(big.p, 1.0 / 10000, 1e-12);
}

// When nothing differs, the permutation p-value is below 5% about 5% of the time; the median's
// interval covers at its level (exponential runs, 5 and 20).
void test_size_and_coverage() {
  lc::Rng rng(7, 7);
  int rejected = 0, median5 = 0, median20 = 0;
  // 600 trials of each: a binomial share's standard error is at most 0.9% near these levels,
  // and each band is about 3 of them either side.
  const int studies = 600;
  for (int s = 0; s < studies; ++s) {
    auto a = sample(rng, 20), b = sample(rng, 20);
    rejected += rank_sum_test(a, b, 3, static_cast<uint64_t>(s)).p <= 0.05;
    // The exponential's median is ln 2.
    auto m5 = median_interval(sample(rng, 5)), m20 = median_interval(sample(rng, 20));
    median5 += m5.lo <= std::log(2.0) && std::log(2.0) <= m5.hi;
    median20 += m20.lo <= std::log(2.0) && std::log(2.0) <= m20.hi;
  }
  CHECK(rejected >= 14 && rejected <= 46);        // 5% of 600 = 30
  CHECK(median5 >= 545 && median5 <= 580);        // level 93.75%
  CHECK(median20 >= 559 && median20 <= 591);      // level 95.86%
  // A discrete figure (0, 1 or 2, the median 1): the interval still covers at its level or more.
  int discrete = 0;
  for (int s = 0; s < studies; ++s) {
    std::vector<double> x(5);
    for (double& v : x) v = static_cast<double>(rng.uniform(0, 2));
    auto m = median_interval(x);
    discrete += m.lo <= 1 && 1 <= m.hi;
  }
  CHECK(discrete >= 563);
}

// Past 1,000 values the p-value comes from the normal approximation (ties corrected).
void test_large_samples() {
  lc::Rng rng(13, 2);
  auto a = sample(rng, 1100), b = sample(rng, 1001, 0.1);
  for (double& v : a) v = std::round(v * 20) / 20;  // ties, as a discrete figure has
  auto t = rank_sum_test(a, b, 1, 1);
  CHECK(!t.exact_p);
  CHECK(t.p < 0.05);  // a shift of 0.1 on 1,000 runs a side
  auto same = rank_sum_test(a, a, 1, 1);
  CHECK_WITHIN(same.p, 1.0, 1e-9);
  CHECK_EQ(same.superiority, 0.5);
}

// median_difference with each side's bootstrap medians drawn from (seed, stream) and
// (seed, stream + 1), as the report draws them from streams of their own.
lc::study::RankInterval median_difference(const std::vector<double>& a, const std::vector<double>& b, uint64_t seed,
                                          uint64_t stream) {
  return lc::study::median_difference(a, b, lc::study::bootstrap_medians(a, seed, stream),
                                      lc::study::bootstrap_medians(b, seed, stream + 1));
}

// median_difference of i and 100 + 3 i (i < n), checked to be the other order's negated: each
// sample's bootstrap medians drawn once, as the report draws each configuration's (the
// bootstrap's ends are then the same points of the differences counted from the other end,
// equal to rounding).
lc::study::RankInterval mirrored_difference(int n) {
  std::vector<double> x(static_cast<size_t>(n)), y(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) x[static_cast<size_t>(i)] = i, y[static_cast<size_t>(i)] = 100 + 3 * i;
  const auto bx = lc::study::bootstrap_medians(x, 1, 1), by = lc::study::bootstrap_medians(y, 1, 2);
  const auto xy = lc::study::median_difference(x, y, bx, by), yx = lc::study::median_difference(y, x, by, bx);
  CHECK_WITHIN(xy.lo, -yx.hi, 1e-12 * std::fabs(xy.lo));
  CHECK_WITHIN(xy.hi, -yx.lo, 1e-12 * std::fabs(xy.hi));
  CHECK_EQ(xy.level, yx.level);
  return xy;
}

// The difference of two medians. Below 10 runs a side the distribution-free interval: none at
// 5 or 6 runs a side (96.9% x 96.9% < 95%), at 7 a side [min, max] of each (98.4% each, 96.9%
// together). From 10, the bootstrap at any size (below), but the distribution-free interval
// where a sample has two equal values, at 100 runs a side and 1,000 as at 10.
void test_median_difference() {
  // Both intervals on one value each: the difference's ends equal, so none is stated.
  auto flat = median_difference({2, 2, 2, 2, 2, 2, 2}, {5, 5, 5, 5, 5, 5, 5}, 1, 1);
  CHECK(!flat.has_interval());
  CHECK(flat.tied);
  CHECK_EQ(flat.estimate, 3.0);
  auto five = median_difference({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}, 1, 1);
  CHECK_EQ(five.estimate, 5.0);
  CHECK(!five.has_interval());
  CHECK(!five.tied);
  CHECK(!median_difference({1, 2, 3, 4, 5, 6}, {6, 7, 8, 9, 10, 11}, 1, 1).has_interval());
  auto seven = median_difference({0, 1, 2, 3, 4, 5, 6}, {10, 11, 12, 13, 14, 15, 16}, 1, 1);
  CHECK_EQ(seven.estimate, 10.0);
  CHECK_EQ(seven.lo, 10.0 - 6.0);
  CHECK_EQ(seven.hi, 16.0 - 0.0);
  CHECK_WITHIN(seven.level, (1 - 2.0 / 128) * (1 - 2.0 / 128), 1e-12);
  CHECK(!seven.approximate && !seven.bootstrap);
  // 100 runs against 1,000: the bootstrap's interval, the 2.5% and 97.5% points of the
  // differences of the two sides' draws, each drawn once.
  std::vector<double> low(100), high(1000);
  for (size_t i = 0; i < low.size(); ++i) low[i] = static_cast<double>(i);
  for (size_t i = 0; i < high.size(); ++i) high[i] = 300.0 + static_cast<double>(i) / 10;
  const auto draws_low = lc::study::bootstrap_medians(low, 1, 1), draws_high = lc::study::bootstrap_medians(high, 1, 2);
  const auto hundred = lc::study::median_difference(low, high, draws_low, draws_high);
  CHECK_WITHIN(hundred.estimate, 349.95 - 49.5, 1e-9);
  CHECK(hundred.bootstrap && hundred.approximate);
  CHECK_EQ(hundred.level, 0.95);
  const auto [lo_drawn, hi_drawn] = lc::study::bootstrap_interval(draws_low, draws_high);
  CHECK_EQ(hundred.lo, lo_drawn);
  CHECK_EQ(hundred.hi, hi_drawn);
  CHECK(hundred.lo < hundred.estimate && hundred.estimate < hundred.hi);
  // The medians' standard errors, 1 / (2 f sqrt(n)) for a density f of 1/100: 5 and 1.6, so the
  // difference's 5.2 and a width near 2 x 1.96 x 5.2 = 20.5.
  CHECK(hundred.hi - hundred.lo > 10 && hundred.hi - hundred.lo < 40);
  // One side's runs all equal, at 100 and at 1,000 a side: the distribution-free interval, the
  // other median's interval at 95% or more moved by the value (the equal side's, one value, at
  // any level), never the bootstrap's.
  std::vector<double> counting(100);
  for (size_t i = 0; i < 100; ++i) counting[i] = static_cast<double>(i);
  for (size_t equal_runs : {size_t{100}, size_t{1000}}) {
    const auto one = median_difference(counting, std::vector<double>(equal_runs, 5.0), 1, 1);
    CHECK(one.has_interval() && !one.bootstrap && !one.approximate);
    CHECK(one.level >= 0.95 && one.level < 0.97);
    CHECK(one.lo <= 5 - 49.5 && 5 - 49.5 <= one.hi && one.lo > 5 - 99 && one.hi < 5);
  }
  // Either order of the configurations gives the same interval, negated.
  auto xy = mirrored_difference(100);
  CHECK(xy.bootstrap);
  CHECK_EQ(xy.level, 0.95);
  CHECK(!mirrored_difference(9).bootstrap);
  mirrored_difference(333);
  // Unequal sizes.
  std::vector<double> u(333), v(1000);
  for (size_t i = 0; i < u.size(); ++i) u[i] = static_cast<double>(i);
  for (size_t i = 0; i < v.size(); ++i) v[i] = 10000.0 + static_cast<double>(i);
  const auto d = median_difference(u, v, 1, 1);
  CHECK(d.has_interval() && d.bootstrap && d.lo < d.estimate && d.estimate < d.hi);
}

// From 10 runs a side, the percentile bootstrap: the 2.5% and 97.5% points of 2,000
// differences of the medians of samples drawn again from each side, from the seed and stream
// given, so the same study gives the same interval, and another stream another.
void test_median_difference_bootstrap() {
  std::vector<double> a(10), b(12);  // uneven gaps, so that other draws give other ends
  for (size_t i = 0; i < a.size(); ++i) a[i] = 3 * std::sqrt(static_cast<double>(i));
  for (size_t i = 0; i < b.size(); ++i) b[i] = 20.0 + 2.0 * static_cast<double>(i) + 0.01 * static_cast<double>(i * i);
  const auto d = median_difference(a, b, 7, 11);
  CHECK(d.bootstrap && d.approximate && d.has_interval());
  CHECK_EQ(d.level, 0.95);
  CHECK_WITHIN(d.estimate, (30.25 + 32.36) / 2 - 3 * (2 + std::sqrt(5.0)) / 2, 1e-12);
  // Every draw's median lies within each sample's range: so do the interval's ends.
  CHECK(d.lo >= b.front() - a.back() && d.hi <= b.back() - a.front() && d.lo < d.estimate && d.estimate < d.hi);
  const auto again = median_difference(a, b, 7, 11), other = median_difference(a, b, 7, 12);
  CHECK_EQ(again.lo, d.lo);
  CHECK_EQ(again.hi, d.hi);
  CHECK(other.lo != d.lo || other.hi != d.hi);
  // 9 a side is the distribution-free interval; 99, 100 and 500 the bootstrap.
  CHECK(!median_difference(std::vector<double>(a.begin(), a.end() - 1), b, 7, 11).bootstrap);
  std::vector<double> wide(99);
  for (size_t i = 0; i < wide.size(); ++i) wide[i] = static_cast<double>(i);
  CHECK(median_difference(wide, wide, 7, 11).bootstrap);
  wide.push_back(99);
  CHECK(median_difference(wide, wide, 7, 11).bootstrap);
  for (size_t i = 100; i < 500; ++i) wide.push_back(static_cast<double>(i));
  CHECK(median_difference(wide, wide, 7, 11).bootstrap);
  // A side whose runs are all equal: the interval is the other's bootstrap interval alone,
  // moved; both equal: every difference one value, so none (tied).
  const auto certain = median_difference(std::vector<double>(10, 5.0), b, 7, 11);
  CHECK(certain.has_interval() && certain.lo >= b.front() - 5 && certain.hi <= b.back() - 5);
  const auto tied = median_difference(std::vector<double>(10, 5.0), std::vector<double>(15, 7.0), 7, 11);
  CHECK(tied.tied && !tied.has_interval());
  CHECK_EQ(tied.estimate, 2.0);
  // Coverage of exponential against uniform on [0, 3] (true difference 1.5 - ln 2) at 10, 20
  // and 100 runs a side, 1,000 studies each, each its own stream: 95% is 950, with a standard
  // error of 6.9; not 30 below it nor above 97.5%.
  lc::Rng rng(17, 4);
  for (size_t runs : {size_t{10}, size_t{20}, size_t{100}}) {
    int covered = 0;
    for (int s = 0; s < 1000; ++s) {
      auto x = sample(rng, runs);
      std::vector<double> y(runs);
      for (double& v : y) v = 3 * uniform01(rng);
      const auto diff = median_difference(x, y, 3, static_cast<uint64_t>(s));
      covered += diff.lo <= 1.5 - std::log(2.0) && 1.5 - std::log(2.0) <= diff.hi;
    }
    std::printf("bootstrap coverage at %zu runs a side: %d of 1000\n", runs, covered);
    CHECK(covered >= 920 && covered <= 975);
  }
}

// What the bootstrap leaves to the distribution-free interval, and its ends: a sample with two
// equal values (a median's interval [6, 7] against 14 equal runs: [1, 2] at 97.4%, not "tied";
// the bootstrap's draws all gave 2); values near the largest doubles (a draw's median a mean of
// halves, finite; differences past them: none, never NaN); ends within rounding of 0 are 0 (two
// means equal in decimals, 0.5 and 0.8 against 0.6 and 0.7, differ by an ulp).
void test_median_difference_bootstrap_edges() {
  const std::vector<double> flat(14, 5.0), most = {0, 3, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 9};
  const auto m = median_interval(most);
  CHECK(m.has_interval() && m.lo == 6 && m.hi == 7);
  const auto t = median_difference(flat, most, 1, 0);
  CHECK(!t.tied && !t.bootstrap && t.has_interval());
  CHECK_EQ(t.lo, 1.0);
  CHECK_EQ(t.hi, 2.0);
  CHECK(t.level > 0.95 && t.level < 0.98);
  std::vector<double> h1(10), h2(10), far(10);
  for (size_t i = 0; i < 10; ++i) {
    h1[i] = 1e308 - static_cast<double>(i) * 1e305;
    h2[i] = 1.5e308 + static_cast<double>(i) * 1e306;
    far[i] = -1.7e308 + static_cast<double>(i) * 1e306;
  }
  const auto huge = median_difference(h1, h2, 1, 2);
  CHECK(huge.bootstrap && std::isfinite(huge.lo) && std::isfinite(huge.hi) && huge.lo < huge.hi);
  for (double x : lc::study::bootstrap_medians(h2, 1, 2)) CHECK(std::isfinite(x));
  const auto past = median_difference(far, h2, 1, 2);  // every difference beyond the largest double
  CHECK(!past.has_interval() && !past.tied);
  const std::vector<double> means_a(lc::study::kBootstrapDraws, (0.6 + 0.7) / 2), means_b(lc::study::kBootstrapDraws, (0.5 + 0.8) / 2);
  CHECK(means_a[0] != means_b[0]);  // an ulp apart
  // Every difference the ulp: the end on the far side of 0 is 0, the other the ulp itself.
  const double ulp = means_b[0] - means_a[0], below = ulp < 0 ? ulp : 0.0, above = ulp > 0 ? ulp : 0.0;
  const auto [zero_lo, zero_hi] = lc::study::bootstrap_interval(means_a, means_b);
  CHECK_EQ(zero_lo, below);
  CHECK_EQ(zero_hi, above);
  const auto [back_lo, back_hi] = lc::study::bootstrap_interval(means_b, means_a);
  CHECK_EQ(back_lo, -above);
  CHECK_EQ(back_hi, -below);
  std::vector<double> apart = means_b;
  apart[0] = 0.65 + 1e-9;  // a real difference, far above rounding, stays
  CHECK_EQ(lc::study::bootstrap_interval(means_a, apart).second, above);
  for (double& x : apart) x = 0.65 + 1e-9;
  CHECK(lc::study::bootstrap_interval(means_a, apart).first > 0);
  // Runs that differ by more than the largest double: no interval (not an infinite end), below
  // the bootstrap's sizes (7 runs a side) and within them (100).
  for (size_t runs : {size_t{7}, size_t{100}}) {
    std::vector<double> low(runs), high(runs);
    for (size_t i = 0; i < runs; ++i) {
      low[i] = -1.7e308 + static_cast<double>(i) * 1e305;
      high[i] = 1.6e308 + static_cast<double>(i) * 1e305;
    }
    const auto beyond = median_difference(low, high, 1, 0);
    CHECK(!beyond.has_interval() && !beyond.tied && std::isnan(beyond.lo) && std::isnan(beyond.hi));
  }
  // Three far runs of ten (1e15 and up) put the median of a draw out there now and then, and
  // the rounding with it; an end is made 0 only to widen the interval (the low end, about
  // -0.005, was once made 0: [0, 1e15] beside an estimate of -0.0005).
  std::vector<double> near(10), outlying(10);
  for (size_t i = 0; i < 10; ++i) {
    near[i] = 1 + 0.001 * static_cast<double>(i);
    outlying[i] = near[i] - 0.0005;
  }
  outlying[7] = 1e15, outlying[8] = 2e15, outlying[9] = 3e15;
  for (uint64_t stream = 0; stream < 20; stream += 2) {
    const auto o = median_difference(near, outlying, 1, stream), back = median_difference(outlying, near, 1, stream);
    CHECK(o.bootstrap && o.lo < 0 && o.lo <= o.estimate && o.estimate <= o.hi);
    CHECK(back.bootstrap && back.hi > 0 && back.lo <= back.estimate && back.estimate <= back.hi);
  }
  // Far runs (1e17) put the 2.5% point among far draws, 160 below, the 97.5% point among near
  // ones, 9.93 below; a rule that made one end 0 and not the other turned the interval over.
  std::vector<double> x(21), y(21);
  for (size_t i = 0; i < 21; ++i) {
    x[i] = i < 15 ? 0.01 * static_cast<double>(i) : 1e17 + 16.0 * static_cast<double>(i - 15);
    y[i] = i < 15 ? x[i] - 10 : x[i] - 160;
  }
  for (uint64_t stream : {uint64_t{184}, uint64_t{872}, uint64_t{1256}, uint64_t{2670}, uint64_t{2688}}) {
    for (const auto& r : {median_difference(x, y, 1, stream), median_difference(y, x, 1, stream)})
      CHECK(!r.has_interval() || (r.lo <= r.hi && r.lo <= r.estimate && r.estimate <= r.hi));
  }
  // Subnormal runs: a median's halves round by a denormal whatever the scale, so an end a few
  // denormals past 0 is rounding too (in exact arithmetic these streams give [0, 42.5] d).
  const double d = std::numeric_limits<double>::denorm_min();
  std::vector<double> sa, sb;
  for (int k : {2, 3, 6, 11, 16, 17, 19, 20, 30, 33, 49, 65}) sa.push_back(k * d);
  for (int k : {6, 7, 23, 28, 30, 35, 46, 47, 53, 67, 73, 78}) sb.push_back(k * d);
  const auto sub = median_difference(sa, sb, 1, 728);
  CHECK(sub.has_interval() && !sub.excludes_zero() && sub.lo == 0);
  // Ties among the draws' differences at scales 1 and 1e4: the ends keep their order.
  std::vector<double> ma(lc::study::kBootstrapDraws), mb(lc::study::kBootstrapDraws);
  for (size_t i = 0; i < ma.size(); ++i) ma[i] = i % 2 ? 1.0 : 1e4, mb[i] = ma[i] + 0x1p-38;
  const auto [tie_lo, tie_hi] = lc::study::bootstrap_interval(ma, mb);
  CHECK(tie_lo <= tie_hi && tie_lo >= 0);
}

// A difference whose ends meet at a value both samples share is 0 there, not a rounding either
// side of it (an interpolated end once gave 4.4e-16, at 6 runs against 17: an interval said to
// exclude 0). 6 and 40 runs of a figure of three values against 7 to 300 runs that are 3 but
// for one: every median is 3, and no interval excludes 0.
void test_median_difference_equal_ends() {
  for (double unit : {1.0, 0.1, 0.3, 1.3, 7.0}) {
    std::vector<double> a = {unit, 2 * unit, 3 * unit, 3 * unit, 3 * unit, 3 * unit};
    for (size_t na = 6; na <= 40; na += 34) {
      a.resize(na, 3 * unit);
      for (size_t nb = 7; nb <= 300; ++nb) {
        std::vector<double> b(nb, 3 * unit);
        b[0] = unit;
        const auto d = median_difference(a, b, 1, 1), m = median_difference(b, a, 1, 1);
        CHECK_EQ(d.has_interval(), m.has_interval());
        if (na < 20) CHECK(d.has_interval());  // 96.9% x 98.4% and up
        CHECK(!d.excludes_zero() && !m.excludes_zero());
        if (d.has_interval()) CHECK(d.lo <= 0 && m.hi >= 0);
      }
    }
  }
}

// A figure of few values: its truth is one of them, so a median's interval between two order
// statistics of different values would leave out the value at its outer one. 7, 10 and 20 runs
// a side with ties: the distribution-free interval, [min, max] of each at 7 (the bootstrap
// covered 86.7% at 10 runs a side, its draws' medians on the shared values; interpolated, the
// widths' interval covered 74.5% at 7). Coverage where the medians are 1 and 2 (2 with
// probability 0.45 and 0.55).
void test_median_difference_ties() {
  const auto d = median_difference({1, 1, 2, 2, 2, 2, 2}, {1, 1, 1, 1, 1, 2, 2}, 1, 1);
  CHECK_EQ(d.estimate, -1.0);
  CHECK(d.has_interval());
  CHECK_EQ(d.lo, -1.0);
  CHECK_EQ(d.hi, 1.0);
  lc::Rng rng(23, 5);
  for (size_t runs : {size_t{7}, size_t{10}, size_t{20}}) {
    int covered = 0, stated = 0;
    std::vector<double> a(runs), b(runs);
    for (int s = 0; s < 2000; ++s) {
      for (double& x : a) x = uniform01(rng) < 0.45 ? 2 : 1;
      for (double& x : b) x = uniform01(rng) < 0.55 ? 2 : 1;
      const auto diff = median_difference(a, b, 1, static_cast<uint64_t>(s));
      if (!diff.has_interval()) continue;
      ++stated;
      covered += diff.lo <= 1 && 1 <= diff.hi;
    }
    CHECK(stated >= 1900);
    CHECK(covered >= 0.92 * stated);  // 3 points (6 standard errors) below 95%: only a real fall fails
  }
}

// Two humps (0.52 N(0, 1) + 0.48 N(10, 1): a queue that grows in some runs and not in others)
// against an exponential: the approximate interval covered 88.5% at 6 runs a side and 90.6% at
// 7; below 10 runs the distribution-free one is stated, at least its level (96.9% at 7).
void test_median_difference_two_humps() {
  double lo = 0, hi = 10;  // the mixture's median: 0.52 Phi(m) + 0.48 Phi(m - 10) = 1/2
  for (int i = 0; i < 100; ++i) {
    const double m = (lo + hi) / 2;
    (0.52 * lc::study::normal_cdf(m) + 0.48 * lc::study::normal_cdf(m - 10) < 0.5 ? lo : hi) = m;
  }
  const double truth = std::log(2.0) - lo;  // median(exponential) - median(mixture)
  lc::Rng rng(29, 7);
  auto normal = [&] { return std::sqrt(-2 * std::log(uniform01(rng))) * std::cos(2 * M_PI * uniform01(rng)); };
  int covered = 0, stated = 0;
  for (int s = 0; s < 2000; ++s) {
    std::vector<double> a(7);
    for (double& x : a) x = uniform01(rng) < 0.52 ? normal() : 10 + normal();
    const auto d = median_difference(a, sample(rng, 7), 1, 1);
    CHECK(!d.approximate);
    if (!d.has_interval()) continue;
    ++stated;
    covered += d.lo <= truth && truth <= d.hi;
  }
  CHECK(stated == 2000);
  CHECK(covered >= 1900);  // at least 96.9%: 95% is 4 standard errors below
}

// maxT: two figures without ties, 5 runs a side. Figure 0 apart in every run; figure 1's rank
// sums 28 and 27, against a mean of 27.5. A perfect separation gives the largest standardized
// statistic there is, the same in both figures; 4 of the 252 assignments reach it (each
// figure's separating one and its mirror), so figure 0's adjusted p is 4/252, and figure 1's,
// nearly every assignment's maximum being above its small statistic, above 0.9. Runs of one
// distribution: adjusted p <= 5% in about 5% of 600 studies at most.
void test_max_t() {
  std::vector<std::vector<double>> rows;
  const double balanced[10] = {1, 4, 6, 7, 10, 2, 3, 5, 8, 9};
  for (int r = 0; r < 10; ++r) rows.push_back({static_cast<double>(r), balanced[r]});
  bool exact = false;
  auto adj = max_t_adjusted(rows, 5, 1, 1, &exact);
  CHECK(exact);
  CHECK_WITHIN(adj[0], 4.0 / 252, 1e-12);
  CHECK(adj[1] > 0.9);
  // A figure not measured in a run (NaN) is left out of that run's ranks: figure 1 then
  // separates in fewer assignments of the full set, figure 0's p stays at most 4/252.
  rows[0][1] = std::nan("");
  adj = max_t_adjusted(rows, 5, 1, 1, &exact);
  CHECK(adj[0] >= 2.0 / 252 - 1e-12 && adj[0] <= 4.0 / 252 + 1e-12);
  lc::Rng rng(19, 4);
  int false_told = 0;
  for (int s = 0; s < 600; ++s) {
    std::vector<std::vector<double>> null_rows;
    for (int r = 0; r < 24; ++r) {
      const double x = exponential(rng);
      null_rows.push_back({x, x + exponential(rng), std::round(3 * uniform01(rng))});  // correlated, discrete
    }
    auto p = max_t_adjusted(null_rows, 12, 5, static_cast<uint64_t>(s), &exact);
    false_told += *std::min_element(p.begin(), p.end()) <= 0.05;
  }
  CHECK(!exact);
  CHECK(false_told <= 45);  // at most 5% of 600 = 30, with room for the draw

  // Beyond 1,000 runs, the statistics' joint normal: 600 runs a side, figure 0 shifted in b,
  // figures 1 and 2 independent of it, figure 3 a copy of figure 0. The copy adds nothing to
  // the largest statistic, so figure 0's adjusted p is that of the largest of 3 independent
  // normals: 1 - (1 - p)^3, p its own rank-sum p-value (normal too at this size).
  std::vector<std::vector<double>> big;
  std::vector<double> a0, b0;
  for (int r = 0; r < 1200; ++r) {
    const double x = uniform01(rng) + (r >= 600 ? 0.07 : 0.0);
    big.push_back({x, uniform01(rng), exponential(rng), x});
    (r < 600 ? a0 : b0).push_back(x);
  }
  adj = max_t_adjusted(big, 600, 7, 1, &exact);
  CHECK(!exact);
  const double p0 = lc::study::rank_sum_test(a0, b0, 7, 1).p;
  CHECK(p0 > 0.001 && p0 < 0.2);  // the shift was chosen for a p-value the draws can resolve
  CHECK_WITHIN(adj[0], 1 - std::pow(1 - p0, 3), 0.015);  // 9,999 draws: a standard error under 0.005
  CHECK_EQ(adj[0], adj[3]);
  CHECK(adj[0] >= p0);
}

void test_deterministic() {
  lc::Rng rng(11, 1);
  auto a = sample(rng, 40), b = sample(rng, 40, 0.2);
  CHECK_EQ(rank_sum_test(a, b, 5, 9).p, rank_sum_test(a, b, 5, 9).p);
  bool e1 = false, e2 = false;
  std::vector<std::vector<double>> rows;
  for (size_t r = 0; r < 40; ++r) rows.push_back({r < 20 ? a[r] : b[r]});
  const std::vector<double> first = max_t_adjusted(rows, 20, 5, 9, &e1), second = max_t_adjusted(rows, 20, 5, 9, &e2);
  CHECK_EQ(first[0], second[0]);
}

// ShuffleDraws gives Rng::uniform's very values, for the ranges of a study's tests and for
// ranges where the rejection step matters (just past 2^63 about half the values are redrawn)
// or the reciprocal's estimate of the quotient falls short.
void test_shuffle_draws() {
  const uint64_t big = uint64_t{1} << 63;
  for (uint64_t n : {uint64_t{1}, uint64_t{2}, uint64_t{3}, uint64_t{7}, uint64_t{400}, uint64_t{1000},
                     (uint64_t{1} << 31) + 11, big - 1, big + 5, UINT64_MAX - 2}) {
    const size_t steps = static_cast<size_t>(std::min<uint64_t>(n, 40));
    const lc::study::ShuffleDraws draws(static_cast<size_t>(n), steps);
    lc::Rng fast(7, n), plain(7, n);
    size_t same = 0;
    for (int round = 0; round < 2000; ++round)
      for (size_t i = 0; i < steps; ++i) same += draws.draw(fast, i) == plain.uniform(0, n - 1 - i);
    CHECK_EQ(same, static_cast<size_t>(2000) * steps);
  }
}

}  // namespace

int main() {
  test_levels();
  test_median_interval();
  test_rank_sum_by_hand();
  test_ties();
  test_size_and_coverage();
  test_large_samples();
  test_median_difference();
  test_median_difference_bootstrap();
  test_median_difference_bootstrap_edges();
  test_median_difference_equal_ends();
  test_median_difference_ties();
  test_median_difference_two_humps();
  test_max_t();
  test_deterministic();
  test_shuffle_draws();
  return lc_test::finish("test_rank_stats");
}
