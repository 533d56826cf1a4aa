#include "rank_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "logical_clock/model/rng.h"
#include "max_t_normal.h"
#include "shuffle_draws.h"
#include "stats.h"

namespace lc::study {

namespace {

constexpr double kEnumerateAtMost = 100000;   // label assignments enumerated for an exact p
constexpr int kPermutations = 9999;
constexpr size_t kPermuteAtMost = 1000;        // values in all; beyond, the normal approximation

// Twice the midranks of the values of a then b: integers, so sums compare exactly.
std::vector<int64_t> twice_midranks(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> all(a);
  all.insert(all.end(), b.begin(), b.end());
  std::vector<size_t> order(all.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return all[x] < all[y]; });
  std::vector<int64_t> rank(all.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && all[order[j + 1]] == all[order[i]]) ++j;
    for (size_t k = i; k <= j; ++k) rank[order[k]] = static_cast<int64_t>(i + j + 2);  // (i+1 + j+1)
    i = j + 1;
  }
  return rank;
}

double log_choose(size_t n, size_t k) {
  double s = 0;
  for (size_t i = 1; i <= k; ++i) s += std::log(static_cast<double>(n - k + i) / static_cast<double>(i));
  return s;
}

// The rank-sum test's two-sided p-value: the share of label assignments whose sum of b's
// (twice) midranks is at least as far from its mean as the one observed.
double rank_sum_p(const std::vector<int64_t>& rank, size_t m, uint64_t seed, uint64_t stream, bool* exact) {
  const size_t total = rank.size();
  int64_t observed = 0;
  for (size_t i = total - m; i < total; ++i) observed += rank[i];
  const int64_t mean = static_cast<int64_t>(m) * static_cast<int64_t>(total + 1);  // of the doubled ranks
  const int64_t far = std::llabs(observed - mean);
  if (log_choose(total, m) <= std::log(kEnumerateAtMost)) {
    *exact = true;
    // Every m-subset of the positions, in lexicographic order.
    std::vector<size_t> pick(m);
    std::iota(pick.begin(), pick.end(), 0);
    double count = 0, all = 0;
    for (;;) {
      int64_t sum = 0;
      for (size_t p : pick) sum += rank[p];
      all += 1;
      count += std::llabs(sum - mean) >= far;
      size_t i = m;
      while (i > 0 && pick[i - 1] == total - m + i - 1) --i;
      if (i == 0) break;
      ++pick[i - 1];
      for (size_t j = i; j < m; ++j) pick[j] = pick[j - 1] + 1;
    }
    return count / all;
  }
  *exact = false;
  Rng rng(seed, stream);
  const ShuffleDraws draws(total, m);
  std::vector<int64_t> pool = rank;
  int count = 0;
  for (int r = 0; r < kPermutations; ++r) {
    int64_t sum = 0;
    for (size_t i = 0; i < m; ++i) {  // a partial Fisher-Yates shuffle draws the m b's
      const size_t j = i + draws.draw(rng, i);
      std::swap(pool[i], pool[j]);
      sum += pool[i];
    }
    count += std::llabs(sum - mean) >= far;
  }
  return (1.0 + count) / (kPermutations + 1.0);
}

// The rank-sum test's two-sided p-value by the normal approximation, with the ties'
// correction of the variance and a continuity correction: for samples too large to permute.
double rank_sum_normal_p(const std::vector<double>& a, const std::vector<double>& b, double u) {
  std::vector<double> all(a);
  all.insert(all.end(), b.begin(), b.end());
  std::sort(all.begin(), all.end());
  const double n = static_cast<double>(a.size()), m = static_cast<double>(b.size()), total = n + m;
  double ties = 0;
  for (size_t i = 0; i < all.size();) {
    size_t j = i;
    while (j + 1 < all.size() && all[j + 1] == all[i]) ++j;
    const double t = static_cast<double>(j - i + 1);
    ties += t * t * t - t;
    i = j + 1;
  }
  const double var = n * m / 12 * ((total + 1) - ties / (total * (total - 1)));
  if (var <= 0) return 1;
  const double z = std::max(0.0, std::fabs(u - n * m / 2) - 0.5) / std::sqrt(var);
  return std::min(1.0, 2 * (1 - normal_cdf(z)));
}

}  // namespace

RankSumTest rank_sum_test(const std::vector<double>& a, const std::vector<double>& b, uint64_t seed,
                          uint64_t stream) {
  RankSumTest t;
  const size_t n = a.size(), m = b.size();
  // U = #{b_j > a_i} + #{b_j == a_i} / 2, from the sorted samples.
  std::vector<double> sa(a), sb(b);
  std::sort(sa.begin(), sa.end());
  std::sort(sb.begin(), sb.end());
  double u = 0;
  size_t below = 0, at_most = 0;
  for (double y : sb) {
    while (below < n && sa[below] < y) ++below;
    while (at_most < n && sa[at_most] <= y) ++at_most;
    u += static_cast<double>(below) + 0.5 * static_cast<double>(at_most - below);
  }
  t.superiority = u / static_cast<double>(n * m);
  if (n + m <= kPermuteAtMost) {
    t.p = rank_sum_p(twice_midranks(a, b), m, seed, stream, &t.exact_p);
  } else {
    t.exact_p = false;
    t.p = rank_sum_normal_p(a, b, u);
  }
  return t;
}

std::vector<double> max_t_adjusted(const std::vector<std::vector<double>>& rows, size_t n_a, uint64_t seed,
                                   uint64_t stream, bool* exact) {
  const size_t runs = rows.size(), figures = runs ? rows[0].size() : 0;
  // Per figure: twice the midranks among the runs that measured it (0 where not), and the
  // ties' term of the variance.
  std::vector<std::vector<int64_t>> rank(figures, std::vector<int64_t>(runs, 0));
  std::vector<double> ties(figures, 0), measured(figures, 0);
  for (size_t f = 0; f < figures; ++f) {
    std::vector<size_t> order;
    for (size_t r = 0; r < runs; ++r)
      if (!std::isnan(rows[r][f])) order.push_back(r);
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return rows[x][f] < rows[y][f]; });
    measured[f] = static_cast<double>(order.size());
    for (size_t i = 0; i < order.size();) {
      size_t j = i;
      while (j + 1 < order.size() && rows[order[j + 1]][f] == rows[order[i]][f]) ++j;
      for (size_t k = i; k <= j; ++k) rank[f][order[k]] = static_cast<int64_t>(i + j + 2);
      const double t = static_cast<double>(j - i + 1);
      ties[f] += t * t * t - t;
      i = j + 1;
    }
  }
  // The largest standardized statistic, and each figure's, for one assignment (b: the runs
  // given to b). The sums are of integers (twice the midranks), whatever their order.
  std::vector<int64_t> by_run(runs * figures);  // run-major: a run's ranks side by side
  for (size_t f = 0; f < figures; ++f)
    for (size_t r = 0; r < runs; ++r) by_run[r * figures + f] = rank[f][r];
  std::vector<double> z(figures);
  std::vector<int64_t> sums(figures), counts(figures);
  auto statistics = [&](const size_t* b, size_t count) {
    std::fill(sums.begin(), sums.end(), 0);
    std::fill(counts.begin(), counts.end(), 0);
    for (size_t k = 0; k < count; ++k) {
      const int64_t* row = &by_run[b[k] * figures];
      for (size_t f = 0; f < figures; ++f)
        if (row[f] > 0) sums[f] += row[f], counts[f] += 1;
    }
    double largest = 0;
    for (size_t f = 0; f < figures; ++f) {
      const double sum = static_cast<double>(sums[f]) / 2, m = static_cast<double>(counts[f]);
      const double n = measured[f] - m, total = measured[f];
      const double var = total > 1 ? n * m / 12 * ((total + 1) - ties[f] / (total * (total - 1))) : 0;
      z[f] = var > 1e-12 ? std::fabs(sum - m * (total + 1) / 2) / std::sqrt(var) : 0;
      largest = std::max(largest, z[f]);
    }
    return largest;
  };
  std::vector<size_t> observed_b(runs - n_a);
  std::iota(observed_b.begin(), observed_b.end(), n_a);
  statistics(observed_b.data(), observed_b.size());
  const std::vector<double> observed = z;
  if (runs > kPermuteAtMost) {
    *exact = false;
    std::vector<std::vector<double>> scores(figures, std::vector<double>(runs, 0));
    for (size_t f = 0; f < figures; ++f)
      for (size_t r = 0; r < runs; ++r)
        if (rank[f][r] > 0) scores[f][r] = static_cast<double>(rank[f][r]) / 2 - (measured[f] + 1) / 2;
    return max_t_normal(scores, observed, seed, stream);
  }
  std::vector<double> hits(figures, 0);
  double assignments = 0;
  auto tally = [&](double largest) {
    assignments += 1;
    for (size_t f = 0; f < figures; ++f) hits[f] += largest >= observed[f] - 1e-9;
  };
  const size_t m = runs - n_a;
  if (log_choose(runs, m) <= std::log(kEnumerateAtMost)) {
    *exact = true;
    std::vector<size_t> pick(m);
    std::iota(pick.begin(), pick.end(), 0);
    for (;;) {
      tally(statistics(pick.data(), m));
      size_t i = m;
      while (i > 0 && pick[i - 1] == runs - m + i - 1) --i;
      if (i == 0) break;
      ++pick[i - 1];
      for (size_t j = i; j < m; ++j) pick[j] = pick[j - 1] + 1;
    }
    for (double& h : hits) h /= assignments;
    return hits;
  }
  *exact = false;
  Rng rng(seed, stream);
  const ShuffleDraws draws(runs, m);
  std::vector<size_t> pool(runs);
  for (int k = 0; k < kPermutations; ++k) {
    std::iota(pool.begin(), pool.end(), 0);
    for (size_t i = 0; i < m; ++i) std::swap(pool[i], pool[i + draws.draw(rng, i)]);
    tally(statistics(pool.data(), m));
  }
  for (double& h : hits) h = (1 + h) / (kPermutations + 1.0);  // the observed assignment counts once
  return hits;
}

}  // namespace lc::study
