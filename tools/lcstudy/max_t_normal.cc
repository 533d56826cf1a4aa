#include "max_t_normal.h"

#include <algorithm>
#include <cmath>

#include "logical_clock/model/rng.h"

namespace lc::study {

namespace {

constexpr int kDraws = 9999;

// A standard normal from two uniforms in (0, 1) (Box and Muller; the sine's half is dropped,
// which costs a draw of the generator but keeps the stream's use simple).
double normal(Rng& rng) {
  const double u = (static_cast<double>(rng.next() >> 11) + 0.5) * 0x1p-53;
  const double v = (static_cast<double>(rng.next() >> 11) + 0.5) * 0x1p-53;
  return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
}

}  // namespace

std::vector<double> max_t_normal(const std::vector<std::vector<double>>& scores, const std::vector<double>& observed,
                                 uint64_t seed, uint64_t stream) {
  const size_t figures = scores.size();
  // The correlation of the figures' scores; a figure whose runs all tie has none (its
  // statistic is 0, and so is its entry in every draw).
  std::vector<double> norm(figures, 0);
  for (size_t f = 0; f < figures; ++f) {
    for (double x : scores[f]) norm[f] += x * x;
    norm[f] = std::sqrt(norm[f]);
  }
  std::vector<std::vector<double>> corr(figures, std::vector<double>(figures, 0));
  for (size_t f = 0; f < figures; ++f)
    for (size_t g = 0; g <= f; ++g) {
      if (norm[f] == 0 || norm[g] == 0) continue;
      double sum = 0;
      for (size_t r = 0; r < scores[f].size(); ++r) sum += scores[f][r] * scores[g][r];
      corr[f][g] = corr[g][f] = f == g ? 1 : sum / (norm[f] * norm[g]);
    }
  // Its Cholesky factor, for a matrix that may be singular (two figures with the same ranks,
  // such as the queue's growth and the messages pending): a pivot at or below 1e-10 gives a
  // zero column, the entry then made of the earlier ones alone.
  std::vector<std::vector<double>> low(figures, std::vector<double>(figures, 0));
  for (size_t j = 0; j < figures; ++j) {
    double d = corr[j][j];
    for (size_t k = 0; k < j; ++k) d -= low[j][k] * low[j][k];
    if (d <= 1e-10) continue;
    low[j][j] = std::sqrt(d);
    for (size_t i = j + 1; i < figures; ++i) {
      double s = corr[i][j];
      for (size_t k = 0; k < j; ++k) s -= low[i][k] * low[j][k];
      low[i][j] = s / low[j][j];
    }
  }
  Rng rng(seed, stream);
  std::vector<double> u(figures), hits(figures, 0);
  for (int k = 0; k < kDraws; ++k) {
    for (double& x : u) x = normal(rng);
    double largest = 0;
    for (size_t i = 0; i < figures; ++i) {
      double z = 0;
      for (size_t j = 0; j <= i; ++j) z += low[i][j] * u[j];
      largest = std::max(largest, std::fabs(z));
    }
    for (size_t f = 0; f < figures; ++f) hits[f] += largest >= observed[f] - 1e-9;
  }
  for (double& h : hits) h = (1 + h) / (kDraws + 1.0);
  return hits;
}

}  // namespace lc::study
