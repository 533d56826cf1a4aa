#include <algorithm>
#include <cmath>

#include "reporter.h"

namespace lc::study {

void Reporter::findings() {
  md_ += "## Findings\n\n";
  finding_jumps();
  finding_queues();
  finding_changes();
  finding_sweep();
  finding_concurrency();
}

void Reporter::finding_jumps() {
  md_ += "**Jumps: how big, and on which machine.** A receive sets a clock past the sender's, so a machine whose "
         "senders' clocks run ahead of its own jumps when it receives; which machine that is, is counted here run by "
         "run.";
  const size_t fs = figure_index("slow.jump_mean"), ff = figure_index("fast.jump_mean"),
               fm = figure_index("slow.jump_max"), fr = figure_index("jump_max");
  const size_t shown = s_.sweep.empty() ? s_.configs.size() : std::min<size_t>(s_.configs.size(), 1);
  for (size_t c = 0; c < shown; ++c) {
    const LargestJumps top = largest_jumps(c);
    if (top.ticked == 0) {
      md_ += " With " + s_.configs[c].title() + ": no run had a jump (no machine ticked " +
             (runs_of(c) == 1 ? std::string("in its one run") : "in any of its " + count_of(runs_of(c), "run", "runs")) +
             " of " + s_.duration + " model seconds).";
      continue;
    }
    // Within each run: the slowest machine's mean jump against the fastest's.
    int slow_above = 0, compared = 0;
    for (const RunRow& r : s_.runs_rows) {
      if (r.config != c || std::isnan(r.v[fs]) || std::isnan(r.v[ff])) continue;
      const auto t = ticks_.find({c, r.run});
      // No jump to compare, or one rate: the slowest machines are the fastest.
      if (t != ticks_.end() && (t->second.slow == 0 || t->second.fast == 0 || t->second.one_rate)) continue;
      compared++;
      slow_above += r.v[fs] > r.v[ff];
    }
    const std::string over = runs_of(c, fr) < runs_of(c) ? " over the " + std::to_string(runs_of(c, fr)) + " of " +
                                                               std::to_string(runs_of(c)) + " runs that ticked"
                                                         : std::string();
    md_ += " With " + s_.configs[c].title() + ": the run's largest jump " +
           (top.runs > 0 ? "(" + std::string(median_word(fr)) + " " + num(median_[c][fr].estimate, 1) + over + ")"
                         : "has " + std::string(median_word(fr)) + " " + num(median_[c][fr].estimate, 1) + over) +
           (top.runs > 0 ? " was on its slowest machine in " + std::to_string(top.on_slowest) + " of " +
                               top.runs_text(runs_of(c)) +
                               (compared > 0 ? "; the slowest machine's mean jump was above the fastest machine's in " +
                                                   std::to_string(slow_above) + " of " + count_of(compared, "run", "runs")
                                             : std::string())
                         : std::string("; every run's machines tick at one rate, so none is the slowest")) +
           (top.runs > 0 ? ". Over the runs, the slowest machine's mean jump has interpolated median " + median_phrase(c, fs, 2) +
                               ", the fastest machine's " + median_phrase(c, ff, 2) +
                               ", and the slowest machine's largest jump " + median_phrase(c, fm, 1)
                         : std::string()) +
           "; the largest jump of all was " + num(top.largest, 0) + ", on a machine of rate " + num(top.rate, 0) + ".";
  }
  // The gradient by rate, for the first configuration.
  auto by_rate = groups(0, false);
  for (auto it = by_rate.begin(); it != by_rate.end();)  // a rate none of whose machines ticked
    it = std::isnan(it->second.mean(kJumpMean)) ? by_rate.erase(it) : std::next(it);
  if (by_rate.size() > 1) {
    md_ += " By tick rate (" + s_.configs[0].title() + "), the mean jump over the machines of each rate is ";
    size_t i = 0;
    for (const auto& [rate, g] : by_rate)
      md_ += (i++ ? ", " : "") + num(g.mean(kJumpMean), 2) + " at rate " + num(rate, 0);
    md_ += " (\"Per machine, by tick rate\").";
  }
  md_ += "\n\n";
}

void Reporter::finding_queues() {
  md_ += "**Queues: when one grows without bound.** A machine's queue stays bounded only while messages reach it "
         "more slowly than it ticks. The theory (docs/analysis.md, \"The theory\") predicts, from the rates, N and "
         "INTERNAL_MAX alone, which machines cannot keep up and how fast their queues grow.";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    if (!s_.sweep.empty() && c != 0 && c + 1 != s_.configs.size()) continue;
    const TheoryTally t = theory_tally(c);
    if (t.with_prediction == 0) continue;
    md_ += " With " + s_.configs[c].title() + ", it predicts an unbounded queue for " + std::to_string(t.pred_grows) +
           " of " + std::to_string(t.with_prediction) + " machines (" +
           percent(static_cast<double>(t.pred_grows) / t.with_prediction) + ")";
    if (t.pred_grows > 0) {
      md_ += std::string(t.pred_grows_all_slowest ? (t.pred_grows == 1 ? ", the slowest of its run" : ", each the slowest of its run") : "") +
             (t.pred_grows == 1 ? "; it ends with " : "; they end with ") +
             num(t.grows_pending_sum / t.pred_grows, 1) + " messages pending on average (growth " +
             num(t.grows_meas_sum / t.pred_grows, 3) + " messages/s measured, " + num(t.grows_pred_sum / t.pred_grows, 3) +
             " predicted)";
    }
    if (t.bounded > 0)
      md_ += "; the machines it predicts bounded end with " + num(t.bounded_pending_sum / t.bounded, 1) + " pending, " +
             (t.bounded_ticked == 0
                  ? std::string("none of them ticked, so no receive share to compare")
                  : "their receive share within " + num(t.bounded_err_sum / t.bounded_ticked, 3) +
                        " of the prediction on average" +
                        (t.bounded_ticked < t.bounded ? " over the " + std::to_string(t.bounded_ticked) + " that ticked"
                                                      : ""));
    const int judged = t.agree + t.disagree;
    if (judged > 0)
      md_ += ". Prediction and measurement agree on " + std::to_string(t.agree) + " of the " + std::to_string(judged) +
             " machines (" + percent(static_cast<double>(t.agree) / judged) + ", those on the boundary included)" +
             (t.disagree > 0 ? "; of the " + std::to_string(t.disagree) + " where they do not, " +
                                   std::to_string(t.disagree_near) + (t.disagree_near == 1 ? " has" : " have") + " a predicted load within 20% of the boundary or a predicted growth too slow for a run of " +
                                   s_.duration + " s to show"
                             : "");
    if (t.pred_critical > 0)
      md_ += "; " + std::to_string(t.pred_critical) + " machine(s) sit exactly on the boundary (a queue with no drift: a random walk)";
    md_ += ".";
  }
  md_ += "\n\n";
}

void Reporter::finding_changes() {
  if (!s_.sweep.empty()) return;
  for (const Comparison& cmp : pairs_) {
    if (cmp.a != 0) continue;
    const Config& a = s_.configs[cmp.a];
    const Config& b = s_.configs[cmp.b];
    md_ += "**" + heading_of_change(a, b) + ".** ";
    // Key figures told apart, the strongest evidence first.
    std::vector<std::pair<double, size_t>> told;
    std::vector<size_t> untold, uncompared;
    for (size_t f = 0; f < figures_.size(); ++f) {
      if (!figures_[f].key_figure || std::string(figures_[f].key) == "invented_share") continue;
      if (!cmp.measured[f]) {
        uncompared.push_back(f);
        continue;
      }
      if (cmp.told(f)) told.push_back({cmp.diff[f].p, f});
      else if (!same_everywhere(cmp, f)) untold.push_back(f);
    }
    std::stable_sort(told.begin(), told.end());
    for (const auto& [p, f] : told) md_ += sentence(cmp, f, false) + " ";
    if (told.empty()) md_ += "The study cannot tell any of the key figures apart. ";
    if (!uncompared.empty()) {
      md_ += "It cannot compare the ";
      for (size_t i = 0; i < uncompared.size(); ++i)
        md_ += std::string(i == 0 ? "" : i + 1 == uncompared.size() ? " or the " : ", the ") +
               figures_[uncompared[i]].name;
      md_ += ": no run of one of them measured it (\"Differences between configurations\"). ";
    }
    if (!untold.empty()) {
      md_ += "It cannot tell whether the ";
      for (size_t i = 0; i < untold.size(); ++i) {
        const size_t f = untold[i];
        const RankInterval& d = cmp.difference[f];
        const int dec = figures_[f].decimals;
        md_ += std::string(i == 0 ? "" : i + 1 == untold.size() ? " or the " : ", the ") + figures_[f].name +
               " (difference " + signed_num(d.estimate, ci_decimals(d, dec)) + ", " + ci_phrase(d, dec) +
               (d.excludes_zero() ? ", which alone excludes 0, but not adjusted for the other figures and pairs" : "") +
               ")";
      }
      md_ += untold.size() == 1 ? " changes." : " change.";
    }
    md_ += "\n\n";
  }
}

void Reporter::finding_sweep() {
  if (s_.sweep.empty() || s_.configs.size() < 2) return;
  const size_t first = 0, last = s_.configs.size() - 1;
  md_ += "**Sweep of " + sweep_name() + (s_.network_sweep() ? ", from " : " from ") + s_.configs[first].sweep_value + " to " +
         s_.configs[last].sweep_value + sweep_unit() +
         ".** From the first value to the last (medians over the runs, interpolated where spread, their intervals in "
         "brackets): ";
  size_t i = 0;
  for (const char* key : sweep_keys()) {
    const size_t f = figure_index(key);
    const int dec = figures_[f].decimals;
    auto at = [&](size_t c) {
      const RankInterval& m = median_[c][f];
      if (std::isnan(m.estimate)) return std::string("not measured");
      return num(m.estimate, ci_decimals(m, dec)) + " [" + ci_text(m, dec) + "]" + subset_note(c, f);
    };
    md_ += std::string(i++ ? "; " : "") + "the " + figures_[f].name + " goes from " + at(first) + " to " + at(last);
  }
  md_ += ". ";
  if (s_.network_sweep()) {
    finding_network_sweep();
    return;
  }
  // Where the theory first predicts a machine that cannot keep up, and the measured growth.
  md_ += "Share of machines the theory predicts to grow without bound, by value: ";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    const TheoryTally t = theory_tally(c);
    md_ += (c ? ", " : "") + s_.configs[c].sweep_value + ": " +
           (t.with_prediction ? percent(static_cast<double>(t.pred_grows) / t.with_prediction) : std::string("-")) +
           " (measured " + (t.machines ? percent(static_cast<double>(t.measured_grows) / t.machines) : std::string("-")) + ")";
  }
  md_ += ". The curves with their bands are under \"Sweep\".\n\n";
}

void Reporter::finding_network_sweep() {
  if (s_.sweep == "partition") {
    // Where each heal falls: model second FROM plus the length (FROM itself without a partition,
    // as for one of length 0), and whether the run still runs then.
    const std::string from = s_.partition_at.substr(s_.partition_at.find('@') + 1);
    md_ += "The max jump is over the whole run; the largest jump after the heal over the events from the heal "
           "(model second " + from + " plus the length; " + from + " itself without a partition) to the run's end, "
           "a stretch that shortens as the partition lengthens. ";
    // The runs with a jump after the heal as large as any of the run (the two figures equal: it
    // may have been reached before the heal too) and above 1, a clock's least step (a run with
    // no larger jump has none to place), beside the share of the run that follows the heal.
    const size_t fh = figure_index("heal_jump_max"), fm = figure_index("jump_max");
    const double duration = std::stod(s_.duration);
    std::string where;
    size_t listed = 0;
    for (size_t c = 0; c < s_.configs.size(); ++c) {
      int after = 0, measured = 0;
      for (const RunRow& r : s_.runs_rows) {
        if (r.config != c || std::isnan(r.v[fh])) continue;
        measured++;
        after += r.v[fh] == r.v[fm] && r.v[fm] > 1;
      }
      if (measured == 0) continue;
      const double heal = std::stod(from) + std::stod(s_.configs[c].sweep_value);
      where += (listed++ ? ", " : "") + std::to_string(after) + " of " + count_of(measured, "run", "runs") + " at " +
               s_.configs[c].sweep_value + " s (the last " + percent(std::max(0.0, duration - heal) / duration) +
               " of the run)";
    }
    if (listed > 0)
      md_ += "A jump as large as the run's largest, and above 1 (a clock's least step), came after the heal in " +
             where + ". ";
    std::vector<std::string> past;
    double undelivered = 0;
    int runs = 0;
    for (size_t c = 0; c < s_.configs.size(); ++c) {
      if (std::stod(from) + std::stod(s_.configs[c].sweep_value) <= std::stod(s_.duration)) continue;
      past.push_back(s_.configs[c].sweep_value);
      for (const RunRow& r : s_.runs_rows)
        if (r.config == c) undelivered += r.undelivered, runs++;
    }
    if (!past.empty())
      md_ += "A partition of " + (past.size() == 1 ? past[0] + " s" : past.front() + " s or more") +
             " heals after the run's end (" + s_.duration + " model seconds): there is no heal to look at (the "
             "largest jump after it is not measured), and what the partition still held at the end was never "
             "delivered: " + num(undelivered / runs, 1) + " messages per run on average, counted by the run as "
             "undelivered, not lost. ";
  }
  // The theory has no term for the network: its predictions differ between values only as the
  // runs' drawn rates do.
  int pred = 0, with = 0;
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    const TheoryTally t = theory_tally(c);
    pred += t.pred_grows;
    with += t.with_prediction;
  }
  md_ += "The theory has no term for delays or partitions: it predicts from the rates, N and INTERNAL_MAX alone, so "
         "the sweep has no theory line" +
         (with > 0 ? " (it predicts " + percent(static_cast<double>(pred) / with) +
                         " of the machines to grow without bound, over every value: only the runs' rates differ)"
                   : std::string()) +
         ". Share of machines measured to grow without bound, by value: ";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    const TheoryTally t = theory_tally(c);
    md_ += (c ? ", " : "") + s_.configs[c].sweep_value + ": " +
           (t.machines ? percent(static_cast<double>(t.measured_grows) / t.machines) : std::string("-"));
  }
  md_ += ". The curves with their bands are under \"Sweep\".\n\n";
}

void Reporter::finding_concurrency() {
  if (!s_.has_invented_share) return;
  const size_t f = figure_index("invented_share");
  md_ += "**Concurrency behind the clocks' order.** Of the pairs of events that Lamport clocks order, the share that "
         "are in fact concurrent (no chain of messages between them) has " + std::string(median_word(f)) + " ";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    const RankInterval& m = median_[c][f];
    if (std::isnan(m.estimate)) {
      md_ += (c ? ", " : "") + std::string("not measured with ") + s_.configs[c].title();
      continue;
    }
    const int measured = runs_of(c, f), runs = runs_of(c);
    md_ += (c ? ", " : "") + percent_estimate(m) + " with " + s_.configs[c].title() + " (" + percent_phrase(m) +
           (measured < runs ? "; over the " + std::to_string(measured) + " of " + std::to_string(runs) +
                                  " runs that had a pair the clocks order"
                            : std::string()) +
           ")";
  }
  md_ += ".";
  for (const Comparison& cmp : pairs_) {
    if (cmp.a != 0) continue;
    md_ += " " + sentence(cmp, f);
  }
  md_ += "\n\n";
}

}  // namespace lc::study
