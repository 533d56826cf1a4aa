#include "logical_clock/model/theory.h"

#include <algorithm>
#include <cstddef>
#include <numeric>

namespace lc {

double send_probability(int machines, int internal_max) {
  const double k = internal_max;
  return 2.0 / (k * (machines - 1)) + 1.0 / k;
}

// In the long run a machine whose queue stays bounded receives as many messages as reach it
// and acts on its other ticks, a = r - Λ; one whose queue grows receives on every tick and
// acts on none, a = 0. So a_j = max(0, r_j - Λ_j), with Λ_j = c (A - a_j) and A = Σ a_i. For
// c < 1 that is a_j = max(0, r_j - c A) / (1 - c), and A = Σ_j max(0, r_j - c A) / (1 - c):
// the left side rises with A, the right side does not, so there is exactly one A. The
// machines that act are the fastest ones, those with r_j > c A: with S the k fastest,
// A = Σ_S r / (1 - c + k c), the k for which S holds exactly the machines above c A. (c = 1,
// N = 2 and K = 3, is the limit c -> 1 of the same formula: the fastest machines share A.)
bool forecast(const std::vector<double>& rates, int internal_max, std::vector<MachineForecast>* out) {
  out->clear();
  const size_t n = rates.size();
  if (n < 2 || internal_max < 3) return false;
  for (double r : rates)
    if (!(r > 0)) return false;
  const double c = send_probability(static_cast<int>(n), internal_max);

  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return rates[x] > rates[y]; });

  // The active set: the k fastest, for the largest k whose members all stay above c A and
  // whose outsiders all stay at or below it (tolerating rounding at the boundary).
  const double slack = 1e-12;
  double total = 0, acts = 0;
  size_t active = 0;
  for (size_t k = n; k >= 1 && active == 0; --k) {
    total = 0;
    for (size_t i = 0; i < k; ++i) total += rates[order[i]];
    const double a = total / (1 - c + static_cast<double>(k) * c);
    const double edge = c * a;
    const bool members_act = rates[order[k - 1]] >= edge * (1 - slack);
    const bool others_idle = k == n || rates[order[k]] <= edge * (1 + slack);
    if (members_act && others_idle) {
      active = k;
      acts = a;
    }
  }
  // Some k always qualifies (k = 1 at the latest: the fastest machine is above c A there
  // whenever c <= 1); keep the fastest alone should rounding say otherwise.
  if (active == 0) {
    active = 1;
    acts = rates[order[0]] / (1 - c + c);
  }

  out->resize(n);
  for (size_t rank = 0; rank < n; ++rank) {
    const size_t j = order[rank];
    MachineForecast& f = (*out)[j];
    f.rate = rates[j];
    if (rank < active) {
      f.act_rate = c < 1 ? std::max(0.0, (rates[j] - c * acts) / (1 - c)) : acts / static_cast<double>(active);
      f.act_rate = std::min(f.act_rate, rates[j]);
    }
  }
  for (MachineForecast& f : *out) {
    f.arrival_rate = std::max(0.0, c * (acts - f.act_rate));
    f.load = f.arrival_rate / f.rate;
    f.recv_share = std::min(1.0, f.load);
    f.growth = f.unbounded() ? f.arrival_rate - f.rate : 0.0;
  }
  return true;
}

}  // namespace lc
