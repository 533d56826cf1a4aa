// What a study's report states, computed once from the study: each configuration's median of
// each run figure with its interval, and for each pair of configurations the report compares,
// each figure's shift, rank-sum test and p-value adjusted over every test of the report. The
// report (report.cc) words it; the calibration (calibration.cc) checks it against known truth.
#pragma once

#include <cstddef>
#include <vector>

#include "median_intervals.h"
#include "rank_stats.h"
#include "stats.h"
#include "study.h"

namespace lc::study {

// A difference is stated when its adjusted p-value is at most this: the chance that a report
// states any difference between two configurations that do not differ is at most 5%.
inline constexpr double kFamilyErrorRate = 0.05;

struct PairAnalysis {
  size_t a = 0, b = 0;                  // configurations; differences are b - a
  std::vector<RankInterval> difference;  // by figure: median(b) - median(a) and its interval
  std::vector<RankSumTest> diff;           // by figure: the rank-sum test, the share of pairs of runs
  std::vector<bool> measured;            // by figure: both configurations have values
  // By figure: Westfall-Young maxT over the pair's figures, times the number of pairs compared
  // (Bonferroni), at most 1.
  std::vector<double> adjusted;
  bool exact = true;  // the maxT p-values enumerated (else from 9,999 random assignments)
  bool told(size_t f) const { return measured[f] && adjusted[f] <= kFamilyErrorRate; }
};

struct StudyAnalysis {
  std::vector<std::vector<RankInterval>> median;  // [config][figure]
  std::vector<std::vector<Moments>> moments;      // [config][figure]
  std::vector<PairAnalysis> pairs;  // every pair with up to 4 configurations, else each against the first
  size_t tests = 0;                 // the differences tested

};

// The permutations of each test draw from the study's seed and a stream named by the figure
// and the configurations' labels, so the same study gives the same analysis.
StudyAnalysis analyse(const Study& study);

}  // namespace lc::study
