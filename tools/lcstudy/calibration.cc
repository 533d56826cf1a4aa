#include "calibration.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "analysis.h"
#include "calibration_table.h"
#include "logical_clock/model/rng.h"
#include "spread_median.h"

namespace lc::study {

Status calibrate(const Study& pool, const CalibrationDesign& d, std::string* table, std::string* csv) {
  const std::vector<RunFigure>& figures = pool.figures();
  const size_t nc = pool.configs.size(), nf = figures.size();
  if (d.runs < 1 || d.studies < 1 || d.truth_runs < 0) return Status::error("calibration: bad design");
  // Each configuration's runs by number, and in that order.
  std::vector<std::map<int, const RunRow*>> by_run(nc);
  for (const RunRow& r : pool.runs_rows) by_run[r.config][r.run] = &r;
  std::vector<std::vector<const RunRow*>> rows_of(nc);
  for (size_t c = 0; c < nc; ++c)
    for (const auto& [run, row] : by_run[c]) rows_of[c].push_back(row);
  for (size_t c = 0; c < nc && !d.resample; ++c) {
    const int64_t need = int64_t{d.truth_runs} + int64_t{d.studies} * d.runs * (d.control ? 2 : 1);
    if (static_cast<int64_t>(by_run[c].size()) < need)
      return Status::error("calibration: configuration " + pool.configs[c].label + " has " +
                           std::to_string(by_run[c].size()) + " runs; the design needs " + std::to_string(need));
  }
  // The truth for a study: each figure's median over every run of the pool outside the study's
  // own, tens of thousands of runs, so that its error is a small part of the study's interval
  // (a truth of a few runs more than the study's would move every study's coverage at once).
  // Of a figure whose values are spread over a grain (spread_median.h), the median of the
  // runs' spread, exactly: of the mixture of each run's uniform over its grain.
  std::vector<std::vector<MixtureMedian>> mixture(nc);
  for (size_t c = 0; c < nc; ++c)
    for (size_t f = 0; f < nf; ++f) {
      std::vector<Cell> cells;  // in run order (NaN: not measured)
      for (const auto& [run, row] : by_run[c]) cells.push_back(pool.cell(*row, f));
      mixture[c].emplace_back(cells);
    }
  // Runs first..last (1-based) are the study's.
  auto truth_without = [&](size_t c, size_t f, int first, int last) {
    return first > last ? mixture[c][f].median()
                        : mixture[c][f].without(static_cast<size_t>(first - 1), static_cast<size_t>(last));
  };
  size_t fewest_truth = SIZE_MAX;
  for (size_t c = 0; c < nc; ++c)
    fewest_truth = std::min(fewest_truth, by_run[c].size() - (d.resample ? 0 : static_cast<size_t>(d.runs) * (d.control ? 2 : 1)));
  // A truth of too few runs would be as uncertain as the studies themselves: at least 20 times
  // a study's runs (its error then under a quarter of the interval's half-width).
  if (fewest_truth < size_t{20} * static_cast<size_t>(d.runs))
    return Status::error("calibration: a study's truth would rest on " + std::to_string(fewest_truth) +
                         " runs of a configuration; at least 20 x --runs (" + std::to_string(20 * d.runs) +
                         ") are needed: " + (d.resample ? "a larger pool" : "raise --truth-runs or --studies"));
  std::vector<std::vector<double>> pool_median(nc, std::vector<double>(nf));
  for (size_t c = 0; c < nc; ++c)
    for (size_t f = 0; f < nf; ++f) pool_median[c][f] = truth_without(c, f, 0, -1);

  // A study's configurations: the pool's, then with controls a copy of each (nc + c: c's).
  std::vector<size_t> source;
  for (size_t c = 0; c < nc; ++c) source.push_back(c);
  if (d.control)
    for (size_t c = 0; c < nc; ++c) source.push_back(c);
  std::vector<std::vector<CalibrationTally>> medians(nc, std::vector<CalibrationTally>(nf));  // the controls' are their originals'
  std::map<std::pair<size_t, size_t>, std::vector<CalibrationTally>> shifts;  // by the study's configurations
  std::vector<int> false_differences(nc, 0);  // control studies stating a difference, by configuration
  int studies_with_told = 0;

  // Study s: each configuration's s-th block of runs after the truth's (every other block when
  // there are controls). Each configuration's control is a study of its own, the configuration
  // against its copy (the next block), so that each study has the design it calibrates, and
  // the control the strictest (one pair); one per configuration, so that a false difference's
  // rate is measured on as many control studies as the pool allows.
  auto study_of = [&](const std::vector<size_t>& configs, const std::vector<int>& blocks, int s) {
    Study sub;
    sub.seed = pool.seed;
    sub.seed_value = pool.seed_value + uint64_t{0x9e3779b97f4a7c15} * static_cast<uint64_t>(s + 1);
    sub.runs = d.runs;
    sub.has_invented_share = pool.has_invented_share;
    sub.has_heal_jump = pool.has_heal_jump;
    for (size_t c = 0; c < configs.size(); ++c) {
      Config cfg = pool.configs[configs[c]];
      if (c > 0 && configs[c] == configs[0]) cfg.label += "-control";
      sub.configs.push_back(cfg);
      // Resampled: block b of study s draws its runs from its own stream, distinct within the
      // block (a run twice would tie on the figures not spread, and a tie changes the interval
      // a median gets); each drawn run's seed, which only its spread reads now, is drawn too, so
      // that its spread is afresh in every study.
      Rng draws(pool.seed_value, stream_of(("resample " + std::to_string(s) + " " + std::to_string(configs[c]) + " " +
                                            std::to_string(blocks[c])).c_str()));
      const std::vector<const RunRow*>& all = rows_of[configs[c]];
      std::vector<size_t> picked;
      for (int r = 1; r <= d.runs; ++r) {
        size_t at = 0;
        if (d.resample) {
          do at = static_cast<size_t>(draws.uniform(0, all.size() - 1));
          while (std::find(picked.begin(), picked.end(), at) != picked.end());
          picked.push_back(at);
        }
        RunRow row = d.resample ? *all[at] : *by_run[configs[c]][d.truth_runs + blocks[c] * d.runs + r];
        if (d.resample) row.seed_value = draws.next();
        row.config = c;
        row.run = r;
        sub.runs_rows.push_back(std::move(row));
      }
    }
    return analyse(sub);
  };
  // Tallies a study's pairs into shifts, keyed by the configurations as `source` numbers them.
  // truth: the study's, by the pool's configurations.
  auto tally_pairs = [&](const StudyAnalysis& an, const std::vector<size_t>& keys,
                         const std::vector<std::vector<double>>& truth_median, bool* told_any) {
    std::vector<double> truth(nf);
    for (const PairAnalysis& p : an.pairs) {
      const size_t ka = keys[p.a], kb = keys[p.b], pa = source[ka], pb = source[kb];
      for (size_t f = 0; f < nf; ++f) truth[f] = pa == pb ? 0.0 : truth_median[pb][f] - truth_median[pa][f];
      std::vector<CalibrationTally>& tallies = shifts[{ka, kb}];
      tallies.resize(nf);
      for (size_t f = 0; f < nf; ++f) {
        if (!p.measured[f]) continue;
        *told_any = *told_any || p.told(f);
        const RankInterval& sh = p.difference[f];
        CalibrationTally& t = tallies[f];
        t.told += p.told(f);
        if (!sh.has_interval() || std::isnan(truth[f])) {
          t.none++;
          continue;
        }
        t.stated++;
        t.levels += sh.level;
        t.widths += sh.hi - sh.lo;
        t.covered += sh.lo <= truth[f] && truth[f] <= sh.hi;
      }
    }
  };
  std::vector<size_t> main_configs(nc), main_keys(nc);
  for (size_t c = 0; c < nc; ++c) main_configs[c] = main_keys[c] = c;
  for (int s = 0; s < d.studies; ++s) {
    const std::vector<int> blocks(nc, d.control ? 2 * s : s);
    const StudyAnalysis an = study_of(main_configs, blocks, s);
    // The control runs (the next block) are left out of the truth too.
    std::vector<std::vector<double>> truth_median(nc, std::vector<double>(nf));
    for (size_t c = 0; c < nc; ++c) {
      // Resampled, the population is the whole pool: its own median.
      const int first = d.truth_runs + blocks[c] * d.runs + 1;
      const int last = first + (d.control ? 2 : 1) * d.runs - 1;
      for (size_t f = 0; f < nf; ++f) truth_median[c][f] = d.resample ? pool_median[c][f] : truth_without(c, f, first, last);
    }
    for (size_t c = 0; c < nc; ++c) {
      for (size_t f = 0; f < nf; ++f) {
        const RankInterval& m = an.median[c][f];
        const double truth = truth_median[c][f];
        CalibrationTally& t = medians[c][f];
        if (!m.has_interval() || std::isnan(truth)) {
          t.none++;
          continue;
        }
        t.stated++;
        t.levels += m.level;
        t.widths += m.hi - m.lo;
        t.covered += m.lo <= truth && truth <= m.hi;
      }
    }
    bool told_any = false;
    tally_pairs(an, main_keys, truth_median, &told_any);
    studies_with_told += told_any;
    if (d.control)
      for (size_t c = 0; c < nc; ++c) {
        bool told_control = false;
        tally_pairs(study_of({c, c}, {2 * s, 2 * s + 1}, s), {c, nc + c}, truth_median, &told_control);
        false_differences[c] += told_control;
      }
  }

  CalibrationCounts counts;
  for (size_t c = 0; c < nc; ++c) {
    counts.configs.push_back(pool.configs[c].label);
    counts.medians.push_back({pool.configs[c].label, "", false, medians[c], pool_median[c]});
  }
  auto label_of = [&](size_t c) { return pool.configs[source[c]].label + (c >= nc ? "-control" : ""); };
  for (const auto& [key, tallies] : shifts) {
    const size_t a = key.first, b = key.second;
    std::vector<double> truth(nf);
    for (size_t f = 0; f < nf; ++f)
      truth[f] = source[a] == source[b] ? 0.0 : pool_median[source[b]][f] - pool_median[source[a]][f];
    counts.differences.push_back({label_of(b), label_of(a), source[a] == source[b], tallies, truth});
  }
  counts.false_differences = false_differences;
  counts.studies_with_told = studies_with_told;
  counts.fewest_truth = fewest_truth;
  write_calibration(counts, d, figures, table, csv);
  return Status::ok();
}

}  // namespace lc::study
