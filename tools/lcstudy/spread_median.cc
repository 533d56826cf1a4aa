#include "spread_median.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <tuple>

#include "logical_clock/model/rng.h"

namespace lc::study {

namespace {
constexpr double kTie = 1e-9;  // of the runs: a mass this close to half is half
}  // namespace

Cell cell_of(double v, double grain, double least, double most) {
  // No grain, or a value outside its figure's range (no run gives one): the value itself.
  if (!(grain > 0) || !(v >= least && v <= most)) return {v, v};
  return {std::max(v - grain / 2, least), std::min(v + grain / 2, most)};
}

double spread_value(const Cell& cell, uint64_t run_seed, uint64_t figure_stream) {
  if (!(cell.hi > cell.lo)) return cell.lo;
  Rng rng(run_seed, figure_stream);
  const double u = static_cast<double>(rng.next() >> 11) * 0x1p-53;  // [0, 1), 53 bits
  return cell.lo + u * (cell.hi - cell.lo);
}

MixtureMedian::MixtureMedian(const std::vector<Cell>& cells) : cells_(cells) {
  // Each run's distribution in pieces: at a position, a jump of the mass (a point) or a change
  // of its slope (a uniform's ends).
  std::vector<std::tuple<double, double, double>> pieces;  // position, jump, change of slope
  for (Cell& c : cells_) {
    if (!std::isfinite(c.lo) || !std::isfinite(c.hi) || c.hi < c.lo) c = {NAN, NAN};  // no value
    if (std::isnan(c.lo)) continue;
    ++n_;
    if (!(c.hi > c.lo)) {
      pieces.emplace_back(c.lo, 1.0, 0.0);
    } else {
      points_only_ = false;
      pieces.emplace_back(c.lo, 0.0, 1 / (c.hi - c.lo));
      pieces.emplace_back(c.hi, 0.0, -1 / (c.hi - c.lo));
    }
  }
  std::sort(pieces.begin(), pieces.end());
  double mass = 0, slope = 0;
  int64_t open = 0;
  for (const auto& [at, jump, change] : pieces) {
    if (!at_.empty()) mass += slope * (at - at_.back());
    if (at_.empty() || at != at_.back()) {
      at_.push_back(at);
      mass_.push_back(0);
      slope_.push_back(0);
      open_.push_back(0);
    }
    mass += jump;
    slope += change;
    open += change > 0 ? 1 : change < 0 ? -1 : 0;
    // With no cell open the mass is a whole number of runs and flat: exactly, so that rounding
    // in the sums of slopes cannot drift across a gap (a gap of 10^9 cells' widths would carry
    // it far).
    if (open == 0) slope = 0, mass = std::round(mass);
    mass_.back() = mass;
    slope_.back() = slope;
    open_.back() = open;
  }
}

int64_t MixtureMedian::open_at(double t) const {
  const auto after = std::upper_bound(at_.begin(), at_.end(), t);
  return after == at_.begin() ? 0 : open_[static_cast<size_t>(std::distance(at_.begin(), after)) - 1];
}

double MixtureMedian::mass_at(double t) const {
  const auto after = std::upper_bound(at_.begin(), at_.end(), t);
  if (after == at_.begin()) return 0;
  const size_t k = static_cast<size_t>(std::distance(at_.begin(), after)) - 1;
  return std::clamp(mass_[k] + slope_[k] * (t - at_[k]), 0.0, static_cast<double>(n_));
}

double MixtureMedian::run_mass(size_t i, double t) const {
  const Cell& c = cells_[i];
  if (!(c.hi > c.lo)) return t >= c.lo ? 1.0 : 0.0;
  return std::clamp((t - c.lo) / (c.hi - c.lo), 0.0, 1.0);
}

double MixtureMedian::without(size_t first, size_t last) const {
  last = std::min(std::max(first, last), cells_.size());
  size_t left = n_;
  for (size_t i = first; i < last; ++i) left -= !std::isnan(cells_[i].lo);
  if (left == 0) return std::nan("");
  if (points_only_) {
    // The sample median of the runs left: the middle value, or the mean of the two middle ones.
    std::vector<double> x;
    x.reserve(left);
    for (size_t i = 0; i < cells_.size(); ++i)
      if ((i < first || i >= last) && !std::isnan(cells_[i].lo)) x.push_back(cells_[i].lo);
    const auto half = x.begin() + static_cast<std::ptrdiff_t>(x.size() / 2);
    std::nth_element(x.begin(), half, x.end());
    if (x.size() % 2) return *half;
    return (*std::max_element(x.begin(), half) + *half) / 2;
  }
  auto mass = [&](double t) {
    double m = mass_at(t);
    for (size_t i = first; i < last; ++i)
      if (!std::isnan(cells_[i].lo)) m -= run_mass(i, t);
    return m;
  };
  const double half = static_cast<double>(left) / 2;
  // The lowest t where the mass reaches half (less `tie`), and the highest where it is still at
  // most half (plus `tie`). Each bisection runs down to neighbouring doubles (at most some
  // 2,100 halvings from any finite range; the middle as a / 2 + b / 2, which cannot overflow).
  auto bisect = [&](bool at_most, double tie) {
    double a = std::nextafter(at_.front(), -INFINITY), b = std::nextafter(at_.back(), INFINITY);
    for (;;) {
      const double mid = a / 2 + b / 2;
      if (mid <= a || mid >= b) break;
      ((at_most ? mass(mid) <= half + tie : mass(mid) < half - tie) ? a : b) = mid;
    }
    return at_most ? a : b;
  };
  // The mass is a sum of slopes less the runs left out, so where it is exactly half over a
  // range (no cell open there: the runs below are a whole half) it comes out as half give or
  // take rounding: within kTie of the runs counts as half, so that both ends of such a range
  // are found, and the median is its middle. Where cells are open, the mass crosses half at one
  // point: found without that tolerance.
  const double tie = kTie * static_cast<double>(n_);
  const double lo = bisect(false, tie), hi = bisect(true, tie), middle = lo / 2 + hi / 2;
  int64_t open = open_at(middle);
  for (size_t i = first; i < last; ++i)
    open -= cells_[i].hi > cells_[i].lo && cells_[i].lo <= middle && middle < cells_[i].hi;
  return open == 0 ? middle : bisect(false, 0);
}

}  // namespace lc::study
