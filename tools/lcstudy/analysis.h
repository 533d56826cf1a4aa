// What a study's report states, computed once from the study: each configuration's median of
// each run figure with its interval, and for each pair of configurations the report compares,
// each figure's shift, rank-sum test and p-value adjusted over every test of the report. The
// report (report.cc) words it; the calibration (calibration.cc) checks it against known truth.
#pragma once

#include <cstddef>
#include <vector>

#include "rank_stats.h"
#include "stats.h"
#include "study.h"

namespace lc::study {

// Differences are stated at this false discovery rate (Benjamini-Hochberg).
inline constexpr double kFalseDiscoveryRate = 0.05;

struct PairAnalysis {
  size_t a = 0, b = 0;           // configurations; the shift is b - a
  std::vector<ShiftTest> diff;   // by figure
  std::vector<bool> measured;    // by figure: both configurations have values
  std::vector<double> adjusted;  // by figure: Benjamini-Hochberg over every test of the report
  bool told(size_t f) const { return measured[f] && adjusted[f] <= kFalseDiscoveryRate; }
};

struct StudyAnalysis {
  std::vector<std::vector<RankInterval>> median;  // [config][figure]
  std::vector<std::vector<Moments>> moments;      // [config][figure]
  std::vector<PairAnalysis> pairs;  // every pair with up to 4 configurations, else each against the first
  size_t tests = 0;                 // the differences tested, for the adjustment
};

// The permutations of each test draw from the study's seed and a stream named by the figure
// and the configurations' labels, so the same study gives the same analysis.
StudyAnalysis analyse(const Study& study);

}  // namespace lc::study
