#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "reporter.h"

namespace lc::study {

Reporter::LargestJumps Reporter::largest_jumps(size_t c) const {
  std::map<int, std::pair<double, bool>> top;  // run -> its largest jump, on a slowest machine
  std::set<int> ticked;
  LargestJumps out;
  bool any = false;
  for (const MachineRow& m : s_.machine_rows) {
    if (m.config != c || m.v[kTicks] == 0) continue;  // a machine that did not tick had no jump
    ticked.insert(m.run);
    if (!any || m.v[kJumpMax] > out.largest) out.largest = m.v[kJumpMax], out.rate = m.rate, any = true;
    if (m.slowest && m.fastest) continue;  // one rate in its run: no machine is slower than another
    auto [it, fresh] = top.try_emplace(m.run, m.v[kJumpMax], m.slowest);
    if (!fresh && m.v[kJumpMax] > it->second.first) it->second = {m.v[kJumpMax], m.slowest};
    else if (!fresh && m.v[kJumpMax] == it->second.first && m.slowest) it->second.second = true;
  }
  out.runs = static_cast<int>(top.size());
  out.ticked = static_cast<int>(ticked.size());
  for (const auto& [run, t] : top) out.on_slowest += t.second;
  return out;
}

std::string Reporter::LargestJumps::runs_text(int all) const {
  const bool idle = ticked < all, one_rate = runs < ticked;
  return count_of(runs, "run", "runs") + (idle ? " with a jump" : "") + (idle && one_rate ? " and" : "") +
         (one_rate ? " whose machines' rates differ" : "");
}

void Reporter::answers() {
  md_ += "## Answers\n\n";
  const Config& base = s_.configs[0];
  const int n = runs_of(0);
  const size_t fs = figure_index("slow.jump_mean"), ff = figure_index("fast.jump_mean"), fr = figure_index("jump_max");
  const LargestJumps top = largest_jumps(0);
  md_ += "- **How big do the jumps get, and where?** With " + base.title() + ", ";
  if (top.ticked == 0) {
    md_ += "no run had a jump: no machine ticked " + in_any_of(n) + " of " + s_.duration +
           " model seconds.\n";
  } else {
    const RankInterval& largest = median_[0][fr];
    const int ticked = runs_of(0, fr);
    md_ += "the run's largest jump has " + std::string(median_word(fr)) + " " + num(largest.estimate, ci_decimals(largest, 1)) + " (" + ci_phrase(largest, 1) +
           (ticked < n ? "; over the " + std::to_string(ticked) + " of " + std::to_string(n) + " runs that ticked"
                       : std::string()) +
           ")" +
           (top.runs > 0 ? " and was on the run's slowest machine in " + std::to_string(top.on_slowest) + " of " +
                               top.runs_text(n)
                         : std::string("; every run's machines tick at one rate, so none is the slowest")) +
           (top.runs > 0 ? "; the slowest machine's mean jump " + median_phrase(0, fs, 2) + ", the fastest's " +
                               median_phrase(0, ff, 2)
                         : std::string()) +
           ".\n";
  }
  const TheoryTally t = theory_tally(0);
  md_ += "- **Which queues grow without bound?** With " + base.title() + ", " +
         (t.with_prediction == 0
              ? std::string("the theory's predictions are not in the study (its machines.csv's pred_ columns are "
                            "missing or empty)")
              : "the theory predicts it for " + std::to_string(t.pred_grows) + " of " +
                    std::to_string(t.with_prediction) + " machines" +
                    (t.pred_grows > 0 && t.pred_grows_all_slowest ? ", each the slowest of its run" : "")) +
         "; " +
         std::to_string(t.measured_grows) + " of " + std::to_string(t.machines) + (t.measured_grows == 1 ? " was" : " were") + " measured to grow (a test on "
         "each queue's growth; \"Theory against measurement\").\n";
  const std::string rates = answer_change(true), internal = answer_change(false);
  if (!rates.empty()) md_ += "- **What does a smaller spread of tick rates do?** " + rates + "\n";
  if (!internal.empty()) md_ += "- **What do fewer internal events do?** " + internal + "\n";
  answer_network_sweep();
  if (s_.has_invented_share) {
    const size_t f = figure_index("invented_share");
    const RankInterval& m = median_[0][f];
    if (std::isnan(m.estimate))
      md_ += "- **How much order do the clocks invent?** With " + base.title() +
             ", not measured: no run had a pair of events the clocks order.\n";
    else
      md_ += "- **How much order do the clocks invent?** With " + base.title() + ", " + percent_estimate(m) +
             " of the pairs of events the Lamport clocks order are in fact concurrent (" + median_word(f) + " over " +
             count_of(runs_of(0, f), "run", "runs") +
             (runs_of(0, f) < n ? " of " + std::to_string(n) + " that had such a pair" : std::string()) + "; " +
             percent_phrase(m) + ").\n";
  }
  md_ += "\n";
  // What this many runs can tell. The smallest adjusted p-value a pair can have: one or two
  // assignments (two when the sizes are equal: the runs' own and its mirror) of all those
  // enumerated, or 1 of 10,000 drawn, times the pairs compared.
  double smallest = 1;
  for (const Comparison& cmp : pairs_) {
    const double na = runs_of(cmp.a), nb = runs_of(cmp.b);
    double assignments = 1;  // C(na + nb, na)
    for (double i = 1; i <= na && assignments <= 1e6; ++i) assignments *= (nb + i) / i;
    const double p = assignments <= 100000 ? (na == nb ? 2 : 1) / assignments : 1.0 / 10000;
    smallest = std::min(smallest, p * static_cast<double>(pairs_.size()));
  }
  if (!pairs_.empty() && smallest > kFamilyErrorRate)
    md_ += "With these runs and " + count_of(static_cast<long long>(pairs_.size()), "pair", "pairs") +
           " of configurations compared, no difference can be told apart at all: the smallest adjusted p-value the "
           "test can give is " + num(smallest, 3) + ", above 0.05. ";
  if (n < static_cast<int>(kMedianMinRuns)) {
    md_ += "With " + std::to_string(n) + " run(s) per configuration there is no interval: at least " +
           std::to_string(kMedianMinRuns) + " are needed for one. ";
  } else if (n < 10) {
    md_ += "With " + std::to_string(n) + " runs per configuration an interval spans most of the runs" +
           std::string(!pairs_.empty() && smallest <= kFamilyErrorRate
                           ? ", and a difference is told apart only when the runs of two configurations hardly overlap: "
                             "many real differences go untold (the calibration in docs/analysis.md measures how often)"
                           : "") +
           ". ";
  }
  if (n < 20)
    md_ += "For answers with more certainty, run the simulated study with more runs, e.g. `./run_experiments.sh "
           "--engine sim --runs 200`: its runs are the same model's, simulated. ";
  // Measured by the calibration (docs/analysis.md): the medians' mean widths at 5 and 20 runs.
  if (n >= static_cast<int>(kMedianMinRuns))
    md_ += "What more runs buy: an interval narrows with the root of the runs, so four times the runs make it about "
           "half as wide (measured with the simulation from 5 runs to 20: 1.3 to 3.5 times narrower, 2.0 for the "
           "median figure).";
  md_ += "\n\n";
}

// For the classic change (a smaller RATE_MAX, or a smaller INTERNAL_MAX, alone) against the
// first configuration: the key figures told apart, or that none is; empty without such a pair.
std::string Reporter::answer_change(bool rates) const {
  for (const Comparison& cmp : pairs_) {
    if (cmp.a != 0) continue;
    const Config& a = s_.configs[cmp.a];
    const Config& b = s_.configs[cmp.b];
    const bool only_rate = a.rate_spec != b.rate_spec && a.internal_max == b.internal_max && a.machines == b.machines &&
                           !a.fixed_rates() && !b.fixed_rates() && b.rate_max() < a.rate_max();
    const bool only_k = a.rate_spec == b.rate_spec && a.machines == b.machines && b.internal_max < a.internal_max;
    if (rates ? !only_rate : !only_k) continue;
    std::string text = describe(a, b) + ": ", intervals;
    int told = 0;
    for (size_t f = 0; f < figures_.size(); ++f) {
      if (!figures_[f].key_figure || !cmp.told(f)) continue;
      const RankInterval &ma = median_[cmp.a][f], &mb = median_[cmp.b][f];
      const int dec = figures_[f].decimals;
      text += std::string(told ? "; " : "") + "the " + figures_[f].name + " " +
              direction_phrase(cmp.diff[f], cmp.difference[f]) + " (" + median_word(f) + " " + num(ma.estimate, ci_decimals(ma, dec)) +
              " to " + num(mb.estimate, ci_decimals(mb, dec)) +
              (runs_of(cmp.a, f) < runs_of(cmp.a) || runs_of(cmp.b, f) < runs_of(cmp.b)
                   ? "; over " + std::to_string(runs_of(cmp.a, f)) + " and " + std::to_string(runs_of(cmp.b, f)) +
                         " of the runs, the others without a value"
                   : std::string()) +
              (direction_unbounded(cmp.difference[f]) ? "; the interval of their difference still includes 0" : "") +
              ")";
      // A median without an interval says why in parentheses, so the list still reads as pairs.
      auto stated = [&](const RankInterval& m) {
        return m.has_interval() ? ci_phrase(m, dec) : "(" + no_interval_text(m) + ")";
      };
      intervals += std::string(told++ ? "; " : "") + "the " + figures_[f].name + " " + stated(ma) + " and " + stated(mb);
    }
    if (told == 0) {
      // Below 7 runs a side no difference has an interval: Findings then give the differences alone.
      // From 6 on, one whose ends fall on one value has none either, and not for want of runs.
      bool any_interval = false, any_tied = false;
      for (size_t f = 0; f < figures_.size(); ++f) {
        if (!figures_[f].key_figure) continue;
        any_interval = any_interval || cmp.difference[f].has_interval();
        any_tied = any_tied || cmp.difference[f].tied;
      }
      return text + "the study cannot tell any key figure apart with " + count_of(runs_of(cmp.b), "run", "runs") +
             " per configuration (\"Findings\" gives each difference seen" +
             (any_interval ? " and its interval"
              : any_tied   ? "; no difference has an interval: its two ends fall on one value, which the runs share"
                           : "; with so few runs a difference has no interval") +
             ").";
    }
    return text + ". The medians' intervals (" + a.label + ", then " + b.label + "): " + intervals + ".";
  }
  return "";
}

void Reporter::answer_network_sweep() {
  if (!s_.network_sweep()) return;
  // A figure's medians by value: "14.2 at 0 s (no partition), 18.4 at 10 s".
  auto by_value = [this](const char* key) {
    const size_t f = figure_index(key);
    std::string text;
    for (size_t c = 0; c < s_.configs.size(); ++c) {
      const double m = median_[c][f].estimate;
      text += (c ? ", " : "") +
              (std::isnan(m) ? std::string("not measured") : num(m, figures_[f].decimals)) +
              " at " + s_.configs[c].sweep_value + sweep_unit() +
              (s_.sweep == "partition" && s_.configs[c].sweep_value == "0" ? " (no partition)" : "") +
              (std::isnan(m) ? std::string() : subset_note(c, f));
    }
    return text;
  };
  if (s_.sweep == "partition")
    md_ += "- **How do the jumps grow with the partition's length?** The run's largest jump, " +
           std::string(median_word(figure_index("jump_max"))) + " by length: " +
           by_value("jump_max") + "; where in the run it came, and every figure with its interval, under "
           "\"Findings\" and \"Sweep\".\n";
  else
    md_ += std::string("- **What does a slower ") + (s_.sweep_link.empty() ? "network" : "channel " + s_.sweep_link) +
           " do to queues and drift?** The mean drift, " +
           median_word(figure_index("drift_mean")) + " by delay: " + by_value("drift_mean") + "; the max queue length, " +
           median_word(figure_index("queue_max")) + " " + by_value("queue_max") + "; every figure with its interval under \"Sweep\".\n";
}

}  // namespace lc::study
