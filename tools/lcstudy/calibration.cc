#include "calibration.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <vector>

#include "analysis.h"
#include "coverage_band.h"
#include "logical_clock/model/rng.h"
#include "spread_median.h"

namespace lc::study {

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Intervals stated, how many covered the truth, and the sums of their levels and widths.
struct Tally {
  int stated = 0, covered = 0, none = 0, told = 0;
  double levels = 0, widths = 0;
  double coverage() const { return stated ? static_cast<double>(covered) / stated : std::nan(""); }
};

// A tally as calibration.csv has it: a figure's median in one configuration, or a difference.
struct Row {
  std::string kind, figure, configuration, other;
  const Tally* tally;
  double truth;
};

// What the tallies tell of the target band, as one paragraph: how many are measurably inside,
// below and above it, and which lie outside.
std::string band_summary(const std::vector<Row>& rows, const std::vector<Band>& verdicts, int studies) {
  int stated = 0, inside = 0, below = 0, above = 0;
  std::string outside;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].tally->stated == 0) continue;
    ++stated;
    inside += verdicts[i] == Band::kInside;
    const bool out = verdicts[i] == Band::kBelow || verdicts[i] == Band::kAbove;
    below += verdicts[i] == Band::kBelow;
    above += verdicts[i] == Band::kAbove;
    if (out)
      outside += std::string(outside.empty() ? " Outside: " : "; ") + rows[i].kind + " " + rows[i].figure + " " +
                 rows[i].configuration + (rows[i].other.empty() ? "" : " vs " + rows[i].other) + " " +
                 fixed(100 * rows[i].tally->coverage(), 1) + "% (" + band_name(verdicts[i]) + ")";
  }
  return "Against " + fixed(100 * kBandLow, 0) + "% to " + fixed(100 * kBandHigh, 0) + "% (coverage_band.h: exact binomial "
         "tests of each tally; outside, Holm over both edges' tests of all " + std::to_string(stated) + " tallies at 5%; "
         "inside, both edges' tests at 5%): " + std::to_string(inside) + " of " + std::to_string(stated) +
         " tallies measurably inside, " + std::to_string(below) + " below, " + std::to_string(above) + " above; the other " +
         std::to_string(stated - inside - below - above) + " cannot be told from an edge by " + std::to_string(studies) +
         " studies." + (outside.empty() ? "" : outside + ".") + "\n\n";
}

}  // namespace

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
  std::vector<std::vector<Tally>> medians(nc, std::vector<Tally>(nf));  // the controls' are their originals'
  std::map<std::pair<size_t, size_t>, std::vector<Tally>> shifts;  // by the study's configurations
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
      std::vector<Tally>& tallies = shifts[{ka, kb}];
      tallies.resize(nf);
      for (size_t f = 0; f < nf; ++f) {
        if (!p.measured[f]) continue;
        *told_any = *told_any || p.told(f);
        const RankInterval& sh = p.difference[f];
        Tally& t = tallies[f];
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
        Tally& t = medians[c][f];
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

  // Every tally in the CSV's order (the medians, then the differences), each judged against the
  // target band (coverage_band.h), all at once.
  std::vector<Row> rows_out;
  auto label_of = [&](size_t c) { return pool.configs[source[c]].label + (c >= nc ? "-control" : ""); };
  for (size_t c = 0; c < nc; ++c)
    for (size_t f = 0; f < nf; ++f) rows_out.push_back({"median", figures[f].key, label_of(c), "", &medians[c][f], pool_median[source[c]][f]});
  for (const auto& [key, tallies] : shifts)
    for (size_t f = 0; f < nf && f < tallies.size(); ++f) {
      const size_t a = key.first, b = key.second;
      rows_out.push_back({"difference", figures[f].key, label_of(b), label_of(a), &tallies[f],
                          source[a] == source[b] ? 0.0 : pool_median[source[b]][f] - pool_median[source[a]][f]});
    }
  std::vector<CoverageTally> counts;
  counts.reserve(rows_out.size());
  for (const Row& r : rows_out) counts.push_back({r.tally->stated, r.tally->covered});
  const std::vector<Band> verdicts = judge_band(counts);

  *csv = "kind,figure,configuration,other_configuration,stated,covered,coverage,mean_level,mean_width,no_interval,truth,told_apart,band\n";
  for (size_t i = 0; i < rows_out.size(); ++i) {
    const Row& r = rows_out[i];
    const Tally& t = *r.tally;
    *csv += r.kind + "," + r.figure + "," + r.configuration + "," + r.other + "," + std::to_string(t.stated) + "," +
            std::to_string(t.covered) + "," + (t.stated ? fixed(t.coverage(), 4) : "") + "," +
            (t.stated ? fixed(t.levels / t.stated, 4) : "") + "," + (t.stated ? fixed(t.widths / t.stated, 6) : "") + "," +
            std::to_string(t.none) + "," + fixed(r.truth, 6) + "," + (r.kind == "median" ? "" : std::to_string(t.told)) +
            "," + band_name(verdicts[i]) + "\n";
  }

  // The table: per figure, the lowest and highest coverage over configurations and pairs.
  auto range = [](double lo, double hi) {
    if (std::isnan(lo)) return std::string("-");
    return lo == hi ? fixed(100 * lo, 1) + "%" : fixed(100 * lo, 1) + "% to " + fixed(100 * hi, 1) + "%";
  };
  double all_lo = 2, all_hi = -1;
  std::string rows;
  double median_level = 0, shift_level = 0;
  int median_levels = 0, shift_levels = 0;
  for (size_t f = 0; f < nf; ++f) {
    double mlo = std::nan(""), mhi = std::nan(""), slo = std::nan(""), shi = std::nan(""), tlo = std::nan(""),
           thi = std::nan("");
    for (size_t c = 0; c < nc; ++c) {
      const Tally& t = medians[c][f];
      if (!t.stated) continue;
      const double v = t.coverage();
      mlo = std::isnan(mlo) ? v : std::min(mlo, v);
      mhi = std::isnan(mhi) ? v : std::max(mhi, v);
      median_level += t.levels, median_levels += t.stated;
    }
    for (const auto& [key, tallies] : shifts) {
      if (f >= tallies.size()) continue;
      if (tallies[f].stated) {
        const double v = tallies[f].coverage();
        slo = std::isnan(slo) ? v : std::min(slo, v);
        shi = std::isnan(shi) ? v : std::max(shi, v);
        shift_level += tallies[f].levels, shift_levels += tallies[f].stated;
      }
      if (source[key.first] == source[key.second]) continue;  // the control: told apart is false
      const double told = static_cast<double>(tallies[f].told) / d.studies;
      tlo = std::isnan(tlo) ? told : std::min(tlo, told);
      thi = std::isnan(thi) ? told : std::max(thi, told);
    }
    for (double v : {mlo, mhi, slo, shi})
      if (!std::isnan(v)) all_lo = std::min(all_lo, v), all_hi = std::max(all_hi, v);
    rows += std::string("| ") + figures[f].name + " | " + range(mlo, mhi) + " | " + range(slo, shi) + " | " +
            range(tlo, thi) + " |\n";
  }
  const double trials = static_cast<double>(d.studies);
  *table = "Design: " + std::to_string(nc) + " configuration(s) x " + std::to_string(d.runs) + " runs, " +
           std::to_string(d.studies) + " independent studies" +
           (d.control ? ", each with a control study per configuration (the configuration against a copy of itself)" : "") +
           (d.resample ? "; each study's runs drawn at random, distinct, from the pool's " + std::to_string(fewest_truth) +
                             " or more per configuration (each spread afresh), its truth the pool's own median"
                       : "; each study's truth from every other run of the pool, at least " + std::to_string(fewest_truth) +
                             " per configuration") +
           ". One coverage share from " +
           std::to_string(d.studies) + " studies has a standard error of about " +
           fixed(100 * std::sqrt(0.95 * 0.05 / trials), 1) + " points at 95%.\n\n";
  *table += "Stated levels: medians " + (median_levels ? fixed(100 * median_level / median_levels, 1) + "%" : "-") +
            " on average, differences " + (shift_levels ? fixed(100 * shift_level / shift_levels, 1) + "%" : "-") +
            ". Coverage over all figures: " + (all_hi < 0 ? std::string("-") : range(all_lo, all_hi)) + ".\n\n";
  *table += band_summary(rows_out, verdicts, d.studies);
  *table += "| figure | median's interval covers the true median | difference's interval covers the true "
            "difference of medians | told apart (pairs of different configurations) |\n|---|---|---|---|\n" + rows;
  *table += "\nStudies stating at least one difference: " + std::to_string(studies_with_told) + " of " +
            std::to_string(d.studies) + ".";
  if (d.control) {
    int all = 0;
    std::string each;
    for (size_t c = 0; c < nc; ++c) {
      all += false_differences[c];
      each += (c ? ", " : "") + pool.configs[c].label + " " + std::to_string(false_differences[c]);
    }
    const double controls = trials * static_cast<double>(nc);
    *table += " Control studies stating a difference between a configuration and its copy (any figure): " +
              std::to_string(all) + " of " + std::to_string(d.studies * static_cast<int>(nc)) + " (" +
              fixed(100.0 * all / controls, 1) + "%, a standard error of about " +
              fixed(100 * std::sqrt(0.05 * 0.95 / controls), 1) + " points at 5%; by configuration: " + each + " of " +
              std::to_string(d.studies) + ").";
  }
  *table += "\n";
  return Status::ok();
}

}  // namespace lc::study
