#include <algorithm>
#include <cmath>

#include "bootstrap_difference.h"
#include "reporter.h"

namespace lc::study {

void Reporter::section_method() {
  md_ += "## How the figures are compared\n\n";
  md_ += "Each run gives one value of each figure (over all its machines, or over its slowest or fastest machine: "
         "with several at the lowest rate, their mean). A configuration's figure is the median over its runs, with an "
         "interval between two of the runs' values (order statistics) that covers the true median (that of "
         "endlessly many runs) with a probability that depends on the number of runs only, whatever the figure's "
         "distribution: the level stated beside it (93.8% at 5 runs, the most 5 runs can give; at least 95% from 6 "
         "runs on; where that level overshoots 95% by much, as at 10 runs (97.9%), the interval at 95% interpolated "
         "between two order statistics, Hettmansperger and Sheather's, whose coverage is about 95%, measured). "
         "With fewer than " + std::to_string(kMedianMinRuns) + " runs there is no such interval, and none is stated. "
         "A figure that takes few values ties across runs, and an interval between two runs' values would then hold "
         "the value they share, and the truth, far more often than its level says; so each run's value is first "
         "spread over the cell it stands for, by a draw from the run's own seed (never from its values): a whole "
         "number n over [n - 1/2, n + 1/2] (a count's 0 over [0, 1/2], a jump's 1 over [1, 3/2]), a clock rate or "
         "growth over a second's worth, a mean over the ticks over one tick's worth, a wait or the share of "
         "concurrent pairs over the last of summary.csv's 6 decimals (a microsecond, a millionth). The median of these spread "
         "values estimates the figure's interpolated median (the median of grouped data: within the cell of the "
         "median, where in it set by how many runs fall below, in and above it), and its interval covers that at "
         "exactly its level; the report names it \"interpolated median\" (every run with 0 messages pending gives "
         "one between 0 and 0.5; a mean jump of 1.000 over 540 ticks, one within 0.001 of it). Not spread "
         "in this study: " + not_spread("none") + " (a mean over all machines' ticks is spread only where "
         "summary.csv gives the ticks, one over "
         "the slowest or fastest machines where machines.csv does). The intervals lie "
         "within the cells of the values seen, so within each figure's range.\n\n"
         "Two configurations are compared by the difference of their medians. Below " +
         std::to_string(kBootstrapMinRuns) + " runs a side its interval comes from the two medians' intervals "
         "(each one's low end against the other's high end) at levels whose product is at least 95%: it covers the "
         "true difference whenever both cover their medians, so at least at the level stated, whatever the "
         "distributions, and in practice far more often (none at 6 runs a side or fewer: 96.9% x 96.9% is less). "
         "From " + std::to_string(kBootstrapMinRuns) +
         " runs a side it is the percentile bootstrap (but where a configuration has two runs of one value, "
         "a figure not spread, the distribution-free interval again: the draws' medians would fall on that value): "
         "each configuration's spread values drawn again with replacement, as many as it has runs, " + std::to_string(kBootstrapDraws) + " times from a stream seeded by "
         "the study's seed, the figure and the configuration, and the 2.5% and 97.5% points of the differences of "
         "the two configurations' i-th draws' medians; its coverage is about 95%, not at least, and measured "
         "(docs/analysis.md, \"Calibration\"). None is stated where its two ends are equal. \"Higher in\" is "
         "the share of pairs of runs, one of each, in which the second configuration's is higher.\n\n"
         "A difference is stated when a test says the two configurations' runs do not come from one distribution, "
         "with the chance of any false difference in the whole report held at 5%: for each pair, the rank-sum test "
         "(Wilcoxon-Mann-Whitney) of every figure, standardized, and Westfall and Young's maxT adjustment, which "
         "reassigns the runs to the two configurations (every assignment when there are at most 100,000, else 9,999 "
         "random ones seeded from the study's seed) moving all figures together, so their correlation is kept; "
         "then Bonferroni over the " + std::to_string(pairs_.size()) + " pair(s) compared. A figure is told apart "
         "where its adjusted p is at most 0.05. The unadjusted rank-sum p is given beside it. With 5 runs a side there "
         "are 252 assignments and the smallest adjusted p is 2/252 = 0.008 times the pairs compared: a figure is told "
         "apart only when hardly any other assignment of the runs separates any figure as well as theirs. Every interval is also in `intervals.csv`; their coverage, "
         "measured against simulated truth, and how often each real difference is told apart, are in "
         "docs/analysis.md (\"Calibration\").\n\n";
}

void Reporter::section_by_rate() {
  md_ += "## Per machine, by tick rate\n\n";
  md_ += "Every machine of every run, pooled over the runs of its configuration: by its tick rate (the table: the "
         "mean over the machines with that rate) and, in the graphs' right panels, by its rate relative to the "
         "fastest machine of its run. Points are machines (spread a little sideways), lines the means, one colour per "
         "configuration.\n\n";
  for (const auto& [figure, name] : kRateGraphs)
    md_ += "![" + std::string(machine_figure(figure).name) + " by rate](graphs/" + name + ".png)\n\n";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    md_ += "**" + s_.configs[c].title() + "**\n\n| rate | machines | relative rate |";
    std::string rule = "|---|---|---|";
    for (int f : kRateFigures) {
      md_ += " " + std::string(machine_figure(f).name) + " |";
      rule += "---|";
      if (f == kRecvShare) md_ += " predicted |", rule += "---|";
    }
    md_ += " growth (messages/s) | predicted |\n" + rule + "---|---|\n";
    for (const auto& [rate, g] : groups(c, false)) {
      md_ += "| " + num(rate, 0) + " tick/s | " + std::to_string(g.n) + " | " + num(g.rel, 2) + " |";
      for (int f : kRateFigures) {
        md_ += " " + num(g.mean(f), machine_figure(f).decimals) + " |";
        if (f == kRecvShare) md_ += " " + num(g.mean(kPredRecvShare), 3) + " |";
      }
      md_ += " " + num(g.mean(kGrowth), 3) + " | " + num(g.mean(kPredGrowth), 3) + " |\n";
    }
    md_ += "\n";
  }
}

void Reporter::section_theory() {
  md_ += "## Theory against measurement\n\n";
  md_ += "For every machine, the theory's prediction from the rates, N and INTERNAL_MAX alone (lcstat's `pred_` "
         "columns) beside what the run measured: the share of its ticks that were receives and the growth of its "
         "queue (messages pending at the end per model second). A machine counts as measured to grow when that growth "
         "is above zero by more than 2.576 standard errors (lcstat's growth_se, from the spread of the queue's steps; a "
         "queue with no drift cannot go below empty, so its end is like the absolute value of a normal, and 2.576 "
         "keeps the chance that such a queue counts at 1%), so a queue that grows slowly counts once the run is long "
         "enough to show it. \"Regime agrees\" is over every machine with a prediction, those "
         "on the boundary included (predicted: no drift).\n\n";
  md_ += "![theory against measurement](graphs/theory.png)\n\n";
  md_ += "| configuration | machines | predicted to grow | measured to grow | on the boundary | regime agrees | "
         "mean error of receive share (bounded) | growth/s, measured vs predicted (growing) |\n|---|---|---|---|---|---|---|---|\n";
  std::vector<std::string> notes;
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    const TheoryTally t = theory_tally(c);
    const int judged = t.agree + t.disagree;
    // Without predictions, the theory's columns are empty ("-"), not 0.
    auto predicted = [&](int v) { return t.with_prediction ? std::to_string(v) : std::string("-"); };
    md_ += "| " + s_.configs[c].title() + " | " + std::to_string(t.machines) + " | " + predicted(t.pred_grows) + " | " +
           std::to_string(t.measured_grows) + " | " + predicted(t.pred_critical) + " | " +
           (judged ? percent(static_cast<double>(t.agree) / judged) : std::string("-")) + " | " +
           (t.bounded_ticked ? num(t.bounded_err_sum / t.bounded_ticked, 3) : std::string("-")) + " | " +
           (t.pred_grows ? num(t.grows_meas_sum / t.pred_grows, 3) + " vs " + num(t.grows_pred_sum / t.pred_grows, 3)
                         : std::string("-")) + " |\n";
    if (t.disagree > 0)
      notes.push_back("With " + s_.configs[c].title() + ", " + std::to_string(t.disagree) +
                      " machine(s) end otherwise than predicted; " + std::to_string(t.disagree_near) +
                      (t.disagree_near == 1 ? " of them has" : " of them have") + " a predicted load Λ/r between 0.8 and 1.25 or a predicted growth whose expected "
                      "z over the run is below 2.576, where a run of " + s_.duration +
                      " s is too short for the drift to show above the queue's random walk.");
  }
  md_ += "\nWhere they disagree, and why: the theory is a fluid (long-run average) fixed point. Near the boundary "
         "(Λ close to r) a queue is a random walk whose drift is small against its spread over a run, so a machine "
         "predicted to grow slowly can end with few messages and one predicted bounded can end with many; exactly "
         "on it the queue has no drift and grows like the square root of time. Every queue also starts empty, so a "
         "saturated machine acts on its first ticks and its receive share falls short of 1 by a few ticks. Far "
         "from the boundary, both agree within the run-to-run noise of the draws.";
  for (const std::string& n : notes) md_ += " " + n;
  md_ += "\n\n";
  // Every machine of the runs with graphs.
  const int listed = std::max(1, s_.graphs);
  md_ += "Every machine of the first " + std::to_string(listed) +
         " run(s) of each configuration (all machines of all runs: `machines.csv`):\n\n";
  md_ += "| configuration | run | machine | rate | receive share | predicted | arrivals/s | predicted | growth/s | "
         "predicted | predicted queue |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const MachineRow& m : s_.machine_rows) {
    if (m.run > listed) continue;
    md_ += "| " + s_.configs[m.config].label + " | " + std::to_string(m.run) + " | " + std::to_string(m.machine) + " | " +
           num(m.rate, 0) + " | " + num(machine_value(m, kRecvShare), 3) + " | " + num(m.v[kPredRecvShare], 3) + " | " +
           num(m.v[kArrivalRate], 3) + " | " + num(m.v[kPredArrivalRate], 3) + " | " + num(m.v[kGrowth], 3) + " | " +
           num(m.v[kPredGrowth], 3) + " | " + (m.pred_queue.empty() ? "-" : m.pred_queue) + " |\n";
  }
  md_ += "\n";
}

void Reporter::section_differences() {
  if (pairs_.empty()) return;
  md_ += "## Differences between configurations\n\n";
  md_ += std::string(s_.configs.size() > 4 ? "Each configuration against the first. " : "Every pair of configurations. ") +
         "The difference is the second configuration's median minus the first's, with its interval and level; "
         "\"higher in\" is the share of pairs of runs, one of each, where the second is higher; p is the rank-sum "
         "test's, \"adjusted\" after maxT over the pair's figures and Bonferroni over the pairs; told apart where the "
         "adjusted p is at most 0.05.\n\n";
  for (const Comparison& cmp : pairs_) {
    const Config& a = s_.configs[cmp.a];
    const Config& b = s_.configs[cmp.b];
    md_ += "### " + b.title() + " against " + a.title() + "\n\n";
    md_ += "| figure | median " + a.label + " | median " + b.label +
           " | difference | interval | level | higher in | p | adjusted | told apart |\n|---|---|---|---|---|---|---|---|---|---|\n";
    for (size_t f = 0; f < figures_.size(); ++f) {
      const RankSumTest& d = cmp.diff[f];
      const RankInterval& diff = cmp.difference[f];
      const int dec = figures_[f].decimals + (figures_[f].decimals < 3 ? 1 : 0);
      // A median over fewer runs than the configuration's has their count beside it.
      auto median = [&](size_t c) {
        return num(median_[c][f].estimate, dec) + subset_note(c, f);
      };
      if (!cmp.measured[f]) {
        md_ += "| " + std::string(figures_[f].name) + " | " + median(cmp.a) + " | " + median(cmp.b) +
               " | - | - | - | - | - | - | no |\n";
        continue;
      }
      md_ += "| " + std::string(figures_[f].name) + " | " + median(cmp.a) + " | " + median(cmp.b) + " | " + signed_num(diff.estimate, ci_decimals(diff, dec)) + " | " +
             ci_text(diff, dec) + " | " + (diff.has_interval() ? level_text(diff.level) : "-") + " | " +
             percent(d.superiority) + " | " + p_text(d.p) + " | " + p_text(cmp.adjusted[f]) + " | " +
             (cmp.told(f) ? "yes" : "no") + " |\n";
    }
    md_ += "\n";
    for (size_t f = 0; f < figures_.size(); ++f) md_ += "- " + sentence(cmp, f) + "\n";
    md_ += "\n";
  }
}

void Reporter::section_sweep() {
  if (s_.sweep.empty()) return;
  md_ += "## Sweep\n\n";
  md_ += "One configuration per value of " + sweep_name() + "; each curve is the median over the runs (the "
         "interpolated median of a figure spread over its cells), the band its interval (order statistics; its level "
         "in \"How the figures are compared\"). " +
         (s_.network_sweep()
              ? std::string("The theory has no term for delays or partitions (it predicts from the rates, N and "
                            "INTERNAL_MAX alone), so no theory line is drawn.")
              : std::string("The dashed line is the theory's prediction where there is one.")) +
         (s_.sweep == "partition" ? " The max jump is over the whole run; the largest jump after the heal only over "
                                    "the events from the heal (the partition's end; its start without one) to the "
                                    "run's end."
                                  : "") +
         "\n\n";
  md_ += "![sweep of " + sweep_name() + "](graphs/sweep.png)\n\n";
  md_ += "| " + sweep_axis() + " | runs |";
  std::string rule = "|---|---|";
  for (const char* key : sweep_keys()) {
    md_ += " " + std::string(figures_[figure_index(key)].name) + " |";
    rule += "---|";
  }
  md_ += "\n" + rule + "\n";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    md_ += "| " + s_.configs[c].sweep_value + " | " + std::to_string(runs_of(c)) + " |";
    for (const char* key : sweep_keys()) {
      const size_t f = figure_index(key);
      const int dec = figures_[f].decimals;
      const RankInterval& m = median_[c][f];
      md_ += std::isnan(m.estimate) ? std::string(" not measured |")
                                    : " " + num(m.estimate, ci_decimals(m, dec)) + " [" + ci_text(m, dec) + "]" +
                                          subset_note(c, f) + " |";
    }
    md_ += "\n";
  }
  md_ += "\n";
}

void Reporter::section_configs() {
  md_ += "## Overview: median over the runs, with its interval\n\nInterpolated medians but for " +
         not_spread("no figure") + " (\"How the figures are compared\").\n\n| figure |";
  std::string rule = "|---|";
  for (const Config& c : s_.configs) md_ += " " + c.title() + " |", rule += "---|";
  md_ += "\n" + rule + "\n";
  bool subset = false;
  for (size_t f = 0; f < figures_.size(); ++f) {
    md_ += "| " + std::string(figures_[f].name) + " |";
    for (size_t c = 0; c < s_.configs.size(); ++c) {
      const RankInterval& m = median_[c][f];
      md_ += " " + num(m.estimate, ci_decimals(m, figures_[f].decimals)) +
             (m.has_interval() ? " [" + ci_text(m, figures_[f].decimals) + "]" : "") + subset_note(c, f) + " |";
      subset = subset || !subset_note(c, f).empty();
    }
    md_ += "\n";
  }
  if (subset)
    md_ += "\nA median marked (k of n runs) is over the runs that have the figure: in the others the machines it is "
           "over had no tick (jumps, drift, queues, receive shares) or received nothing (queue waits), and lcstat's 0 "
           "there measures nothing.\n";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    int idle = 0;
    for (const auto& [at, t] : ticks_) idle += at.first == c && t.all == 0;
    if (idle > 0)
      md_ += "\nWith " + s_.configs[c].title() + ", " + std::to_string(idle) + " of " +
             count_of(runs_of(c), "run", "runs") +
             " had no tick on any machine: lcstat gives their figures over events (jumps, drift, queues, waits, "
             "shares of receives) as 0, which measures nothing, so they have none (\"-\").\n";
  }
  md_ += "\nJump: a clock after an event minus the clock after the previous event. Drift: the highest minus the lowest "
         "clock of the machines at each event. Queue length: messages left in the queue after each event; queue wait: "
         "from a message's arrival to its receive. Figures per run are over all its machines unless they name one "
         "(docs/analysis.md).\n";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    const Config& cfg = s_.configs[c];
    const int n = runs_of(c);
    md_ += "\n## " + cfg.title() + " (" + count_of(n, "run", "runs") + ")\n\n";
    md_ += "| figure | median | interval | level | min | max | mean | standard deviation |\n|---|---|---|---|---|---|---|---|\n";
    for (size_t f = 0; f < figures_.size(); ++f) {
      const std::vector<double> x = s_.values(c, f);
      const Moments& m = moments_[c][f];
      const RankInterval& med = median_[c][f];
      const double lo = x.empty() ? std::nan("") : *std::min_element(x.begin(), x.end());
      const double hi = x.empty() ? std::nan("") : *std::max_element(x.begin(), x.end());
      // One precision for the row, enough that runs that differ never print alike.
      const int dec = std::max(ci_decimals(med, figures_[f].decimals), decimals_apart(lo, hi, figures_[f].decimals));
      md_ += "| " + std::string(figures_[f].name) + " | " + num(med.estimate, dec) + subset_note(c, f) + " | " +
             ci_text(med, dec) + " | " +
             (med.has_interval() ? level_text(med.level) : "-") + " | " + num(lo, dec) + " | " + num(hi, dec) + " | " +
             (m.n > 0 ? num(m.mean, dec) : "-") + " | " + (m.n > 1 ? num_above_zero(m.sd, dec) : "-") + " |\n";
    }
    md_ += "\nThe median and its interval (order statistics, the level beside it) are of the runs' values spread over "
           "their cells, the interpolated median (\"How the figures are compared\"), but for " +
           not_spread("no figure") +
           "; min, max, the mean and the standard deviation are of the runs' own values and carry no interval.\n\n";
    const int listed = s_.graphs;
    if (listed > 0) {
      md_ += "| run | seed | rates | mean jump | max jump | mean drift | max drift | max queue | pending | graphs |\n"
             "|---|---|---|---|---|---|---|---|---|---|\n";
      const size_t fj = figure_index("jump_mean"), fx = figure_index("jump_max"), fd = figure_index("drift_mean"),
                   fdx = figure_index("drift_max"), fq = figure_index("queue_max"), fp = figure_index("pending");
      std::string first_dir;
      for (const RunRow& r : s_.runs_rows) {
        if (r.config != c || r.run > listed) continue;
        const std::string& d = r.run_dir;
        if (first_dir.empty()) first_dir = d;
        md_ += "| " + std::to_string(r.run) + " | " + r.seed + " | " + r.rates + " | " + num(r.v[fj], 3) + " | " +
               num(r.v[fx], 0) + " | " + num(r.v[fd], 2) + " | " + num(r.v[fdx], 0) + " | " + num(r.v[fq], 0) + " | " +
               num(r.v[fp], 0) + " | [clock](" + d + "/clock.png) · [jump](" + d + "/jump.png) · [queue](" + d +
               "/queue.png) · [drift](" + d + "/drift.png) · [space-time](" + d + "/spacetime.png) |\n";
      }
      if (n > listed)
        md_ += "\nRuns " + std::to_string(listed + 1) + " to " + std::to_string(n) +
               " were analysed (lcstat) but not plotted: their figures are in summary.csv and machines.csv.\n";
      if (!first_dir.empty())
        md_ += "\nRun 1: logical clocks and drift.\n\n![clocks of run 1](" + first_dir + "/clock.png)\n\n![drift of run 1](" +
               first_dir + "/drift.png)\n";
    } else {
      md_ += "No run was plotted (--graphs 0): every run's figures are in summary.csv and machines.csv.\n";
    }
  }
}

}  // namespace lc::study
