#include <cmath>
#include <iterator>

#include "logical_clock/base/file_io.h"
#include "reporter.h"

namespace lc::study {

Status Reporter::graph_data(const std::string& dir) {
  Status s = ensure_directory(dir);
  if (!s.is_ok()) return s;
  // The configurations' titles and count, for every script.
  size_t most = 0;
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    size_t n = 0;
    for (const MachineRow& m : s_.machine_rows) n += m.config == c;
    most = std::max(most, n);
  }
  std::string gp = "C = " + std::to_string(s_.configs.size()) + "\nNPTS = " + std::to_string(most) + "\narray ctitle[C]\n";
  for (size_t c = 0; c < s_.configs.size(); ++c) gp += "ctitle[" + std::to_string(c + 1) + "] = \"" + s_.configs[c].title() + "\"\n";
  // For a sweep: its title, axis, panels' titles and the panel with the theory's line (0 for none).
  const std::vector<const char*> keys = sweep_keys();
  gp += "sweep = \"" + sweep_name() + "\"\nsweep_axis = \"" + sweep_axis() + "\"\ntheory_panel = " +
        (s_.network_sweep() ? "0" : std::to_string(kSweepTheoryPanel + 1)) + "\narray stitle[" +
        std::to_string(keys.size()) + "]\n";
  gp += "array smeasured[" + std::to_string(keys.size()) + "]\n";
  for (size_t i = 0; i < keys.size(); ++i) {
    const size_t f = figure_index(keys[i]);
    bool measured = false;  // a median in some configuration: a point to draw
    for (size_t c = 0; c < s_.configs.size(); ++c) measured = measured || !std::isnan(median_[c][f].estimate);
    gp += "stitle[" + std::to_string(i + 1) + "] = \"" + figures_[f].name + "\"\nsmeasured[" + std::to_string(i + 1) +
          "] = " + (measured ? "1" : "0") + "\n";
  }
  if (!(s = write_whole_file(dir + "/study.gp", gp)).is_ok()) return s;

  // machines.dat: rate rel jitter, then the machine figures (column 4 + figure); one block per
  // configuration. by_rate.dat and by_rel.dat: the means, in the same columns.
  std::string points, by_rate, by_rel, theory;
  size_t index = 0;
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    points += "# " + s_.configs[c].label + "\n";
    theory += "# " + s_.configs[c].label + ": pred_recv_share recv_share pred_growth growth\n";
    for (const MachineRow& m : s_.machine_rows) {
      if (m.config != c) continue;
      const double jitter = static_cast<double>((index++ * 2654435761u) % 1000) / 1000.0 - 0.5;
      points += num(m.rate, 3) + " " + num(m.rel_rate, 4) + " " + num(jitter, 3);
      for (double v : m.v) points += " " + (std::isnan(v) ? std::string("NaN") : num(v, 6));
      points += "\n";
      if (!m.pred_queue.empty())
        theory += num(m.v[kPredRecvShare], 6) + " " + num(m.v[kRecvShare], 6) + " " + num(m.v[kPredGrowth], 6) + " " +
                  num(m.v[kGrowth], 6) + "\n";
    }
    points += "\n\n";
    theory += "NaN NaN NaN NaN\n\n\n";
    for (int rel = 0; rel < 2; ++rel) {
      std::string& out = rel ? by_rel : by_rate;
      out += "# " + s_.configs[c].label + "\n";
      for (const auto& [key, g] : groups(c, rel == 1)) {
        out += num(rel ? g.rel : key, 4) + " " + num(g.rel, 4) + " " + std::to_string(g.n);
        for (int f = 0; f < kMachineFigures; ++f) out += " " + (std::isnan(g.mean(f)) ? std::string("NaN") : num(g.mean(f), 6));
        out += "\n";
      }
      out += "\n\n";
    }
  }
  if (!(s = write_whole_file(dir + "/machines.dat", points)).is_ok()) return s;
  if (!(s = write_whole_file(dir + "/by_rate.dat", by_rate)).is_ok()) return s;
  if (!(s = write_whole_file(dir + "/by_rel.dat", by_rel)).is_ok()) return s;
  if (!(s = write_whole_file(dir + "/theory.dat", theory)).is_ok()) return s;

  std::string plots;
  for (const auto& [figure, name] : kRateGraphs)
    plots += "study_rate.gp " + std::string(name) + " col=" + std::to_string(4 + figure) + "; label=\"" +
             machine_figure(figure).name + "\"; pred=" + (figure == kRecvShare ? std::to_string(4 + kPredRecvShare) : "0") + "\n";
  plots += "study_theory.gp theory \n";

  if (!s_.sweep.empty()) {
    // sweep.dat: value, then per panel: mean lo hi, then the theory's line (NaN where none).
    std::string sweep = "# " + sweep_axis() + ", then per figure median, interval low, interval high, predicted\n";
    for (size_t c = 0; c < s_.configs.size(); ++c) {
      sweep += s_.configs[c].sweep_value;
      for (const char* key : keys) {
        const size_t f = figure_index(key);
        const RankInterval& med = median_[c][f];
        // (a figure no run measured, as the largest jump after a heal past the run's end: NaN)
        sweep += " " + (std::isnan(med.estimate) ? std::string("NaN") : num(med.estimate, 6)) + " " +
                 (med.has_interval() ? num(med.lo, 6) + " " + num(med.hi, 6) : "NaN NaN");
        double predicted = std::nan("");
        if (std::string(key) == "slow.recv_share") {
          // The theory's receive share of the slowest machines, over the runs.
          double sum = 0;
          int n = 0;
          for (const MachineRow& m : s_.machine_rows)
            if (m.config == c && m.slowest && !std::isnan(m.v[kPredRecvShare])) sum += m.v[kPredRecvShare], n++;
          if (n > 0) predicted = sum / n;
        }
        sweep += " " + (std::isnan(predicted) ? std::string("NaN") : num(predicted, 6));
      }
      sweep += "\n";
    }
    if (!(s = write_whole_file(dir + "/sweep.dat", sweep)).is_ok()) return s;
    plots += "study_sweep.gp sweep \n";
  }
  return write_whole_file(dir + "/plots.txt", plots);
}

// intervals.csv: every interval the report states, one row each (docs/analysis.md, "intervals.csv").

}  // namespace lc::study
