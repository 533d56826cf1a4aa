#include "bootstrap_difference.h"

#include <algorithm>

#include "logical_clock/model/rng.h"
#include "stats.h"

namespace lc::study {

namespace {

// The median of x (reordered): its middle value, or the mean of its two middle values.
double median_of(std::vector<double>* x) {
  const size_t half = x->size() / 2;
  std::nth_element(x->begin(), x->begin() + static_cast<std::ptrdiff_t>(half), x->end());
  const double upper = (*x)[half];
  if (x->size() % 2 == 1) return upper;
  return (*std::max_element(x->begin(), x->begin() + static_cast<std::ptrdiff_t>(half)) + upper) / 2;
}

}  // namespace

std::pair<double, double> bootstrap_difference(const std::vector<double>& a, const std::vector<double>& b,
                                               uint64_t seed, uint64_t stream) {
  Rng rng(seed, stream);
  std::vector<double> draw_a(a.size()), draw_b(b.size()), differences(kBootstrapDraws);
  for (double& d : differences) {
    for (double& v : draw_a) v = a[rng.uniform(0, a.size() - 1)];
    for (double& v : draw_b) v = b[rng.uniform(0, b.size() - 1)];
    d = median_of(&draw_b) - median_of(&draw_a);
  }
  std::sort(differences.begin(), differences.end());
  return {quantile(differences, 0.025), quantile(differences, 0.975)};
}

}  // namespace lc::study
