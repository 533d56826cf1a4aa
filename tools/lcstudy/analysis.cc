#include "analysis.h"

#include <string>

namespace lc::study {

StudyAnalysis analyse(const Study& s) {
  StudyAnalysis an;
  const std::vector<RunFigure>& figures = run_figures(s.has_invented_share);
  const size_t nc = s.configs.size();
  an.median.assign(nc, {});
  an.moments.assign(nc, {});
  for (size_t c = 0; c < nc; ++c) {
    for (size_t f = 0; f < figures.size(); ++f) {
      const std::vector<double> x = s.values(c, f);
      an.moments[c].push_back(moments(x));
      an.median[c].push_back(median_interval(x));
    }
  }
  std::vector<double> p;
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
        pair.diff.push_back(measured ? shift_test(xa, xb, s.seed_value, stream_of(stream.c_str())) : ShiftTest{});
        pair.measured.push_back(measured);
        if (measured) p.push_back(pair.diff.back().p);
      }
      an.pairs.push_back(std::move(pair));
    }
  }
  // One adjustment over everything the report tests.
  an.tests = p.size();
  const std::vector<double> q = benjamini_hochberg(p);
  size_t i = 0;
  for (PairAnalysis& pair : an.pairs)
    for (size_t f = 0; f < figures.size(); ++f) pair.adjusted.push_back(pair.measured[f] ? q[i++] : 1.0);
  return an;
}

}  // namespace lc::study
