#include "analysis.h"

#include <algorithm>
#include <string>

#include "bootstrap_difference.h"

namespace lc::study {

StudyAnalysis analyse(const Study& s) {
  StudyAnalysis an;
  const std::vector<RunFigure>& figures = s.figures();
  const size_t nc = s.configs.size();
  an.median.assign(nc, {});
  an.moments.assign(nc, {});
  // Each configuration's spread values of each figure, drawn once for its median and every
  // difference it is in.
  std::vector<std::vector<std::vector<double>>> spread(nc);
  for (size_t c = 0; c < nc; ++c) {
    for (size_t f = 0; f < figures.size(); ++f) {
      spread[c].push_back(s.spread_values(c, f));
      an.moments[c].push_back(moments(s.values(c, f)));
      an.median[c].push_back(median_interval(spread[c][f]));
    }
  }
  // Each configuration's bootstrap medians of each figure, drawn when a difference first needs
  // them, once for every pair it is in, from a stream of the configuration and the figure.
  std::vector<std::vector<std::vector<double>>> bootstrap(nc, std::vector<std::vector<double>>(figures.size()));
  auto bootstrap_of = [&](size_t c, size_t f) -> const std::vector<double>& {
    if (bootstrap[c][f].empty()) {
      const std::string stream = std::string("bootstrap ") + figures[f].key + " " + s.configs[c].label;
      bootstrap[c][f] = bootstrap_medians(spread[c][f], s.seed_value, stream_of(stream.c_str()));
    }
    return bootstrap[c][f];
  };
  const std::vector<double> none;
  for (size_t a = 0; a < nc; ++a) {
    for (size_t b = a + 1; b < nc; ++b) {
      if (nc > 4 && a != 0) continue;
      PairAnalysis pair;
      pair.a = a;
      pair.b = b;
      for (size_t f = 0; f < figures.size(); ++f) {
        const std::vector<double> xa = s.values(a, f), xb = s.values(b, f);
        const bool measured = !xa.empty() && !xb.empty();
        const std::string stream =
            std::string("difference ") + figures[f].key + " " + s.configs[a].label + " " + s.configs[b].label;
        pair.diff.push_back(measured ? rank_sum_test(xa, xb, s.seed_value, stream_of(stream.c_str())) : RankSumTest{});
        const bool drawn = difference_by_bootstrap(spread[a][f], spread[b][f]);
        pair.difference.push_back(median_difference(spread[a][f], spread[b][f], drawn ? bootstrap_of(a, f) : none,
                                                    drawn ? bootstrap_of(b, f) : none));
        pair.measured.push_back(measured);
        an.tests += measured;
      }
      // The runs of a, then of b, every figure of each: the maxT test moves them together.
      std::vector<std::vector<double>> rows;
      for (size_t side : {a, b})
        for (const RunRow& r : s.runs_rows)
          if (r.config == side) rows.push_back(r.v);
      size_t n_a = 0;
      for (const RunRow& r : s.runs_rows) n_a += r.config == a;
      const std::string stream = "maxT " + s.configs[a].label + " " + s.configs[b].label;
      pair.adjusted = max_t_adjusted(rows, n_a, s.seed_value, stream_of(stream.c_str()), &pair.exact);
      an.pairs.push_back(std::move(pair));
    }
  }
  // Bonferroni over the pairs: any false difference anywhere in the report at most 5%. An
  // adjusted p-value is never below the figure's own (with drawn assignments the two come from
  // different draws and could cross).
  const double pairs = static_cast<double>(an.pairs.size());
  for (PairAnalysis& pair : an.pairs)
    for (size_t f = 0; f < pair.adjusted.size(); ++f)
      pair.adjusted[f] =
          pair.measured[f] ? std::min(1.0, std::max(pair.adjusted[f], pair.diff[f].p) * pairs) : 1.0;
  return an;
}

}  // namespace lc::study
