#include "calibration_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "coverage_band.h"

namespace lc::study {

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// A tally as calibration.csv has it: a figure's median in one configuration, or a difference.
struct Row {
  const char* kind;
  size_t figure;
  const CalibrationTallies* of;
  const CalibrationTally& tally() const { return of->tally[figure]; }
};

// What the tallies tell of the target band, as one paragraph: how many are measurably inside,
// below and above it, and which lie outside.
std::string band_summary(const std::vector<Row>& rows, const std::vector<Band>& verdicts,
                         const std::vector<RunFigure>& figures, int studies) {
  int stated = 0, inside = 0, below = 0, above = 0;
  std::string outside;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    if (r.tally().stated == 0) continue;
    ++stated;
    inside += verdicts[i] == Band::kInside;
    const bool out = verdicts[i] == Band::kBelow || verdicts[i] == Band::kAbove;
    below += verdicts[i] == Band::kBelow;
    above += verdicts[i] == Band::kAbove;
    if (out)
      outside += std::string(outside.empty() ? " Outside: " : "; ") + r.kind + " " + figures[r.figure].key + " " +
                 r.of->configuration + (r.of->other.empty() ? "" : " vs " + r.of->other) + " " +
                 fixed(100 * r.tally().coverage(), 1) + "% (" + band_name(verdicts[i]) + ")";
  }
  const std::string band = fixed(100 * kBandLow, 0) + "% to " + fixed(100 * kBandHigh, 0) + "%";
  if (stated == 0) return "No interval stated: nothing to judge against " + band + ".\n\n";
  auto tallies = [](int n) { return std::to_string(n) + (n == 1 ? " tally" : " tallies"); };
  return "Against " + band + " (coverage_band.h: exact binomial tests of each tally at both edges; outside, Holm over "
         "both tests of every tally, inside, Holm over the tallies, each at 5%): " + std::to_string(inside) + " of " +
         tallies(stated) + " measurably inside, " + std::to_string(below) + " below, " + std::to_string(above) +
         " above; the other " + std::to_string(stated - inside - below - above) +
         " cannot be told from an edge by these studies (" + std::to_string(studies) + " at most a tally)." +
         (outside.empty() ? "" : outside + ".") + "\n\n";
}

}  // namespace

double CalibrationTally::coverage() const { return stated ? static_cast<double>(covered) / stated : std::nan(""); }

void write_calibration(const CalibrationCounts& counts, const CalibrationDesign& d,
                       const std::vector<RunFigure>& figures, std::string* table, std::string* csv) {
  const size_t nf = figures.size(), nc = counts.configs.size();
  // Every tally in the CSV's order (the medians, then the differences), each judged against the
  // target band (coverage_band.h), all at once.
  std::vector<Row> rows_out;
  for (const CalibrationTallies& m : counts.medians)
    for (size_t f = 0; f < nf && f < m.tally.size(); ++f) rows_out.push_back({"median", f, &m});
  for (const CalibrationTallies& p : counts.differences)
    for (size_t f = 0; f < nf && f < p.tally.size(); ++f) rows_out.push_back({"difference", f, &p});
  std::vector<CoverageTally> tallies;
  tallies.reserve(rows_out.size());
  for (const Row& r : rows_out) tallies.push_back({r.tally().stated, r.tally().covered});
  const std::vector<Band> verdicts = judge_band(tallies);

  *csv = "kind,figure,configuration,other_configuration,stated,covered,coverage,mean_level,mean_width,no_interval,truth,told_apart,band\n";
  for (size_t i = 0; i < rows_out.size(); ++i) {
    const Row& r = rows_out[i];
    const CalibrationTally& t = r.tally();
    const bool median = r.of->other.empty();
    *csv += std::string(r.kind) + "," + figures[r.figure].key + "," + r.of->configuration + "," + r.of->other + "," +
            std::to_string(t.stated) + "," + std::to_string(t.covered) + "," + (t.stated ? fixed(t.coverage(), 4) : "") +
            "," + (t.stated ? fixed(t.levels / t.stated, 4) : "") + "," + (t.stated ? fixed(t.widths / t.stated, 6) : "") +
            "," + std::to_string(t.none) + "," + fixed(r.of->truth[r.figure], 6) + "," +
            (median ? "" : std::to_string(t.told)) + "," + band_name(verdicts[i]) + "\n";
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
    for (const CalibrationTallies& m : counts.medians) {
      if (f >= m.tally.size() || !m.tally[f].stated) continue;
      const CalibrationTally& t = m.tally[f];
      const double v = t.coverage();
      mlo = std::isnan(mlo) ? v : std::min(mlo, v);
      mhi = std::isnan(mhi) ? v : std::max(mhi, v);
      median_level += t.levels, median_levels += t.stated;
    }
    for (const CalibrationTallies& p : counts.differences) {
      if (f >= p.tally.size()) continue;
      const CalibrationTally& t = p.tally[f];
      if (t.stated) {
        const double v = t.coverage();
        slo = std::isnan(slo) ? v : std::min(slo, v);
        shi = std::isnan(shi) ? v : std::max(shi, v);
        shift_level += t.levels, shift_levels += t.stated;
      }
      if (p.control) continue;  // told apart is false there
      const double told = static_cast<double>(t.told) / d.studies;
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
           (d.resample ? "; each study's runs drawn at random, distinct, from the pool's " + std::to_string(counts.fewest_truth) +
                             " or more per configuration (each spread afresh), its truth the pool's own median"
                       : "; each study's truth from every other run of the pool, at least " +
                             std::to_string(counts.fewest_truth) + " per configuration") +
           ". One coverage share from " + std::to_string(d.studies) + " studies has a standard error of about " +
           fixed(100 * std::sqrt(0.95 * 0.05 / trials), 1) + " points at 95%.\n\n";
  *table += "Stated levels: medians " + (median_levels ? fixed(100 * median_level / median_levels, 1) + "%" : "-") +
            " on average, differences " + (shift_levels ? fixed(100 * shift_level / shift_levels, 1) + "%" : "-") +
            ". Coverage over all figures: " + (all_hi < 0 ? std::string("-") : range(all_lo, all_hi)) + ".\n\n";
  *table += band_summary(rows_out, verdicts, figures, d.studies);
  *table += "| figure | median's interval covers the true median | difference's interval covers the true "
            "difference of medians | told apart (pairs of different configurations) |\n|---|---|---|---|\n" + rows;
  *table += "\nStudies stating at least one difference: " + std::to_string(counts.studies_with_told) + " of " +
            std::to_string(d.studies) + ".";
  if (d.control) {
    int all = 0;
    std::string each;
    for (size_t c = 0; c < nc; ++c) {
      all += counts.false_differences[c];
      each += (c ? ", " : "") + counts.configs[c] + " " + std::to_string(counts.false_differences[c]);
    }
    const double controls = trials * static_cast<double>(nc);
    *table += " Control studies stating a difference between a configuration and its copy (any figure): " +
              std::to_string(all) + " of " + std::to_string(d.studies * static_cast<int>(nc)) + " (" +
              fixed(100.0 * all / controls, 1) + "%, a standard error of about " +
              fixed(100 * std::sqrt(0.05 * 0.95 / controls), 1) + " points at 5%; by configuration: " + each + " of " +
              std::to_string(d.studies) + ").";
  }
  *table += "\n";
}

}  // namespace lc::study
