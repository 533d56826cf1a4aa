// The report's writer, shared by the files that write its parts: report.cc (what is computed
// once, the sentences on differences, the writing of REPORT.md and intervals.csv),
// report_answers.cc (the answers), report_findings.cc (the findings), report_sections.cc (the
// methods and the tables), report_graphs.cc (the graphs' data and gnuplot calls). Internal to
// lcstudy.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "analysis.h"
#include "logical_clock/base/status.h"
#include "study.h"

namespace lc::study {

inline std::string num(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);  // no "-0.00"
  return s;
}
inline std::string signed_num(double v, int decimals) {
  std::string s = num(v, decimals);
  return (s[0] == '-' || s.find_first_not_of("0.") == std::string::npos) ? s : "+" + s;
}
// True when `text` (from num) reads as zero: "0", "0.000".
inline bool reads_zero(const std::string& text) { return text.find_first_not_of("-0.") == std::string::npos; }
// The most decimals the report prints, wherever a figure asks for more than its own.
inline constexpr int kMaxDecimals = 9;
// The decimals at which two ends of an interval (or a min and a max) print apart: `decimals`,
// or more when they differ yet print alike, so that a width above 0 never reads as 0.
inline int decimals_apart(double lo, double hi, int decimals) {
  int d = decimals;
  while (d < kMaxDecimals && lo != hi && num(lo, d) == num(hi, d)) ++d;
  return d;
}
// A value above 0 (a standard deviation) with at least one digit that is not 0.
inline std::string num_above_zero(double v, int decimals) {
  int d = decimals;
  while (d < kMaxDecimals && v != 0 && reads_zero(num(v, d))) ++d;
  return num(v, d);
}
// A share as a percentage with at least `decimals`: a whole percentage by default, with one
// decimal where the whole one would say 0% or 100% of something that is neither, and "<0.1%" or
// ">99.9%" where even that would.
inline std::string percent(double share, int decimals = 0) {
  if (std::isnan(share)) return "-";
  std::string s = num(100 * share, decimals);
  if (share <= 0 || share >= 1) return s + "%";
  if (reads_zero(s) || std::stod(s) >= 100) s = num(100 * share, decimals = std::max(decimals, 1));
  const double step = std::pow(10.0, -decimals);
  if (reads_zero(s)) return "<" + num(step, decimals) + "%";
  if (std::stod(s) >= 100) return ">" + num(100 - step, decimals) + "%";
  return s + "%";
}
// The decimals at which two shares, the ends of an interval, print apart as percentages.
inline int percent_decimals_apart(double lo, double hi) {
  int d = 0;
  while (d < kMaxDecimals - 2 && lo != hi && percent(lo, d) == percent(hi, d)) ++d;
  return d;
}
// Two shares, the ends of an interval, as percentages that print apart when they differ.
inline std::pair<std::string, std::string> percents_apart(double lo, double hi) {
  const int d = percent_decimals_apart(lo, hi);
  return {percent(lo, d), percent(hi, d)};
}

// A probability as text: three decimals, or "< 0.001".
inline std::string p_text(double p) { return p < 0.001 ? "< 0.001" : num(p, 3); }
// "p = 0.012" or "p < 0.001".
inline std::string p_phrase(const char* name, double p) {
  return std::string(name) + (p < 0.001 ? " < 0.001" : " = " + num(p, 3));
}
// "1 run", "5 runs".
inline std::string count_of(long long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}
// "in any of the 5 runs", or "in its one run".
inline std::string in_any_of(long long runs) {
  return runs == 1 ? "in its one run" : "in any of the " + count_of(runs, "run", "runs");
}
// An interval's level: "93.8%".
inline std::string level_text(double level) { return num(100 * level, 1) + "%"; }

// The figures of the per-rate tables and graphs, in their order.
inline constexpr int kRateFigures[] = {kJumpMean, kJumpMax, kRecvShare, kQueueMean, kQueueMax, kWaitMean, kPending, kClockRate};
// The ones drawn, with their graph's name.
inline constexpr std::pair<int, const char*> kRateGraphs[] = {
    {kJumpMean, "rate_jump_mean"}, {kJumpMax, "rate_jump_max"},   {kRecvShare, "rate_recv_share"},
    {kQueueMean, "rate_queue_mean"}, {kPending, "rate_pending"}, {kClockRate, "rate_clock_rate"},
};
// The key run figures of a sweep's graph (by key), six panels: for a sweep of the model's
// parameters, with the theory's line on the last panel (kSweepTheoryPanel); for a partition's
// length, the jumps the heal brings first; for a delay, jumps, drift and queues. A sweep of the
// network has no theory line: the theory has no term for delays or partitions.
inline constexpr const char* kSweepKeys[] = {"jump_mean", "slow.jump_mean", "slow.jump_max", "drift_mean", "pending", "slow.recv_share"};
inline constexpr size_t kSweepTheoryPanel = 5;
inline constexpr const char* kPartitionSweepKeys[] = {"jump_max", "heal_jump_max", "drift_mean", "drift_max", "queue_max", "jump_mean"};
inline constexpr const char* kLatencySweepKeys[] = {"jump_mean", "jump_max", "drift_mean", "drift_max", "queue_mean", "queue_max"};


using Comparison = PairAnalysis;

class Reporter {
 public:
  explicit Reporter(const Study& s) : s_(s), figures_(s.figures()), spread_(spread_of(s)) {}

  Status write(const std::string& report_path, const std::string& graph_dir, const std::string& intervals_path);

 private:
  void compute();
  std::string describe(const Config& a, const Config& b) const;
  std::string heading_of_change(const Config& a, const Config& b) const;
  // A plain sentence on one difference; `lead` starts it with "With <what changed>, ".
  std::string sentence(const Comparison& cmp, size_t f, bool lead = true) const;
  bool same_everywhere(const Comparison& cmp, size_t f) const;
  size_t figure_index(const std::string& key) const;
  int runs_of(size_t c) const {
    auto of_c = [c](const RunRow& r) { return r.config == c; };
    return static_cast<int>(std::count_if(s_.runs_rows.begin(), s_.runs_rows.end(), of_c));
  }
  // The runs of configuration c that measured figure f.
  int runs_of(size_t c, size_t f) const { return static_cast<int>(s_.values(c, f).size()); }
  // " (4 of 6 runs)" where figure f of configuration c is over fewer runs than it has (the others
  // have no value: no tick, or nothing received, where the figure is over those); else empty.
  std::string subset_note(size_t c, size_t f) const {
    const int n = runs_of(c, f), all = runs_of(c);
    return n > 0 && n < all ? " (" + std::to_string(n) + " of " + std::to_string(all) + " runs)" : std::string();
  }
  // The direction a told difference may be named by: "higher" or "lower" when the medians'
  // difference and the share of pairs of runs agree, else empty (the runs' distributions
  // differ, their medians not that way).
  static std::string direction(const RankSumTest& d, const RankInterval& diff) {
    if (diff.estimate > 0 && d.superiority > 0.5) return "higher";
    if (diff.estimate < 0 && d.superiority < 0.5) return "lower";
    return "";
  }
  // A told difference named by its direction whose medians' difference has an interval that
  // still holds 0: the runs of the second tend that way (the test), but the medians are not told
  // apart by their interval, so "is higher" alone would overstate it.
  static bool direction_unbounded(const RankInterval& diff) { return diff.has_interval() && !diff.excludes_zero(); }
  // "is higher", or "tends to be higher" when the medians' interval still holds 0; "differs"
  // without a direction.
  static std::string direction_phrase(const RankSumTest& d, const RankInterval& diff) {
    const std::string way = direction(d, diff);
    if (way.empty()) return "differs";
    return (direction_unbounded(diff) ? "tends to be " : "is ") + way;
  }
  // The decimals an interval's ends need to print apart (at least `decimals`).
  static int ci_decimals(const RankInterval& i, int decimals) {
    return i.has_interval() ? decimals_apart(i.lo, i.hi, decimals) : decimals;
  }
  // "A to B", or "-" where there is no interval (fewer than 5 runs, or its ends tied).
  static std::string ci_text(const RankInterval& i, int decimals) {
    if (!i.has_interval()) return "-";
    const int d = ci_decimals(i, decimals);
    return num(i.lo, d) + " to " + num(i.hi, d);
  }
  // "95.9% CI A to B", or why there is none.
  static std::string ci_phrase(const RankInterval& i, int decimals) {
    return i.has_interval() ? level_text(i.level) + " CI " + ci_text(i, decimals) : no_interval_text(i);
  }
  // Why an interval is not stated: too few runs, or its ends on one value.
  static std::string no_interval_text(const RankInterval& i) {
    if (!i.tied) return kNoInterval;
    if (i.runs == 0) return "no interval: both medians' intervals fell on one value each";
    return "no interval: " + std::to_string(i.tied_runs) + " of " + std::to_string(i.runs) + " runs have this value";
  }
  // "X (95.9% CI A to B)": the estimate at its interval's decimals.
  static std::string estimate_phrase(const RankInterval& i, int decimals) {
    return num(i.estimate, ci_decimals(i, decimals)) + " (" + ci_phrase(i, decimals) + ")";
  }
  // A median share as a percentage at its interval's decimals.
  static std::string percent_estimate(const RankInterval& i) {
    return percent(i.estimate, i.has_interval() ? percent_decimals_apart(i.lo, i.hi) : 0);
  }
  // "95.9% CI 3% to 19%" for a median share, or why there is none.
  static std::string percent_phrase(const RankInterval& i) {
    if (!i.has_interval()) return no_interval_text(i);
    const auto [lo, hi] = percents_apart(i.lo, i.hi);
    return level_text(i.level) + " CI " + lo + " to " + hi;
  }
  static constexpr const char* kNoInterval = "no interval: too few runs";
  Status write_intervals(const std::string& path) const;

  // What is under a figure: lcstat gives a figure over events (jumps, drift, queues, waits, the
  // share of receives) as 0 when there was no event, so the report says so instead of a number.
  struct RunTicks {
    double all = 0, slow = 0, fast = 0;  // ticks of its machines, of its slowest, of its fastest
    bool one_rate = false;                // every machine at one rate: each the slowest and fastest
  };
  void count_ticks();
  // The runs of configuration c whose figure f is over events and had none (no tick on the
  // machines it is over).
  int runs_without_ticks(size_t c, size_t f) const;
  // Figure f's median over configuration c's runs with its interval, "3.30 (96.9% CI 1.34 to
  // 4.54)", saying how many runs had nothing under it, or, when none had anything, that.
  std::string median_phrase(size_t c, size_t f, int decimals) const;
  // By figure: whether its medians are of values spread over their cells (spread_median.h: a
  // run of the study has a cell of some width for it, or, where no run has a value, a grain; a
  // grain below a double's step at the value, a microsecond of a wait of 10^10 s, leaves none).
  static std::vector<bool> spread_of(const Study& s) {
    const size_t nf = s.figures().size();
    std::vector<bool> out(nf, false), grain(nf, false), valued(nf, false);
    for (const RunRow& r : s.runs_rows)
      for (size_t f = 0; f < nf; ++f) {
        grain[f] = grain[f] || (f < r.grain.size() && r.grain[f] > 0);
        if (out[f] || std::isnan(r.v[f])) continue;
        valued[f] = true;
        const Cell cell = s.cell(r, f);
        out[f] = cell.hi > cell.lo;
      }
    for (size_t f = 0; f < nf; ++f) out[f] = out[f] || (!valued[f] && grain[f]);
    return out;
  }
  bool spread(size_t f) const { return spread_[f]; }
  // "interpolated median" for a figure spread over its cells; else "median".
  const char* median_word(size_t f) const { return spread(f) ? "interpolated median" : "median"; }
  // The names of the figures not spread in this study ("the mean queue wait (s) and the share of
  // ..."), or `when_none`.
  std::string not_spread(const char* when_none) const;
  // A machine's figure; NaN for one over events when the machine did not tick.
  static double machine_value(const MachineRow& m, int f) {
    const bool per_event =
        f == kJumpMean || f == kJumpMax || f == kRecvShare || f == kQueueMean || f == kQueueMax || f == kWaitMean;
    if ((per_event && m.v[kTicks] == 0) || (f == kWaitMean && m.v[kReceived] == 0)) return std::nan("");
    return m.v[f];
  }

  // Over the runs with a tick (ticked): the largest jump of all and its machine's rate; over
  // those whose machines' rates differ (runs: in the others every machine is the slowest), how
  // many had their largest jump on a slowest machine.
  struct LargestJumps {
    int runs = 0, on_slowest = 0, ticked = 0;
    double largest = 0, rate = 0;
    // "4 runs", "4 runs with a jump", "4 runs with a jump and machines at different rates"
    std::string runs_text(int all) const;
  };
  LargestJumps largest_jumps(size_t c) const;
  void answers();
  std::string answer_change(bool rates) const;
  void findings();
  void finding_jumps();
  void finding_queues();
  void finding_changes();
  void finding_sweep();
  // A sweep's panels (kSweepKeys and the others), what it sweeps ("internal_max", "the length of
  // partition 0|1,2 starting at model second 30", "the delay of every channel"), its unit after a value
  // ("", " s", " ms") and its graph's axis ("internal_max", "partition length (s)").
  std::vector<const char*> sweep_keys() const;
  std::string sweep_name() const;
  std::string sweep_unit() const;
  std::string sweep_axis() const;
  // A sweep of the network's answer: the key figures' medians by value.
  void answer_network_sweep();
  // A sweep of the network: the theory's predictions, the same at every value, beside the
  // queues measured to grow; for a partition, where its heal falls and what it left undelivered.
  void finding_network_sweep();
  void finding_concurrency();
  void section_method();
  void section_by_rate();
  void section_theory();
  void section_differences();
  void section_sweep();
  void section_configs();
  Status graph_data(const std::string& dir);

  // Per machine, grouped by configuration and a key (rate or relative rate): means.
  struct Group {
    int n = 0;
    double rel = 0;
    double sum[kMachineFigures] = {};
    int count[kMachineFigures] = {};
    double mean(int f) const { return count[f] ? sum[f] / count[f] : std::nan(""); }
  };
  std::map<double, Group> groups(size_t c, bool by_rel) const;

  // Theory against measurement, per configuration.
  struct TheoryTally {
    int machines = 0, with_prediction = 0, pred_grows = 0, pred_critical = 0, measured_grows = 0, agree = 0;
    int disagree_near = 0, disagree = 0;
    double bounded_err_sum = 0;
    int bounded = 0, bounded_ticked = 0;  // predicted bounded; of them, those that ticked
    double grows_pred_sum = 0, grows_meas_sum = 0;
    double bounded_pending_sum = 0, grows_pending_sum = 0;
    bool pred_grows_all_slowest = true;
  };
  TheoryTally theory_tally(size_t c) const;
  // Measured to grow: the queue's growth is above zero by more than 2.576 of its standard errors
  // (lcstat's growth_se). A queue with no drift cannot go below empty, so its end is like the
  // absolute value of a normal: 2.576 keeps the chance that such a queue (a machine on the
  // boundary) counts at 1%, and a slow growth over a long run still counts. Studies made with
  // an lcstat without growth_se: at least 3 messages pending and 10% of the ticks' worth.
  static bool measured_grows(const MachineRow& m) {
    if (!std::isnan(m.v[kGrowthSe]))
      return m.v[kGrowth] > 0 && m.v[kGrowthSe] > 0 && m.v[kGrowth] >= 2.576 * m.v[kGrowthSe];
    return m.v[kPending] >= 3 && m.v[kPending] >= 0.1 * m.v[kTicks];
  }

  // Whether a run of `duration` seconds is long enough for the test above to show a machine's
  // predicted growth g: its expected z, g sqrt(T) / sqrt(Λ + g^2 / r) (the queue's squared steps
  // from tick to tick: arrivals at Λ a second, one receive a tick), reaches 2.576. A machine
  // predicted to grow that the run is too short to show is no evidence against the theory.
  static bool shows_growth(const MachineRow& m, double duration) {
    const double g = m.v[kPredGrowth], arrivals = m.v[kPredArrivalRate];
    if (g <= 0 || m.rate <= 0) return false;
    return g * std::sqrt(duration) >= 2.576 * std::sqrt(arrivals + g * g / m.rate);
  }

  const Study& s_;
  const std::vector<RunFigure>& figures_;
  const std::vector<bool> spread_;                 // by figure: spread_of
  std::vector<std::vector<RankInterval>> median_;  // [config][figure]
  std::vector<std::vector<Moments>> moments_;      // [config][figure]
  std::vector<Comparison> pairs_;
  std::map<std::pair<size_t, int>, RunTicks> ticks_;  // by (configuration, run)
  size_t tests_ = 0;  // the differences tested, for the adjustment
  std::string md_;
};


}  // namespace lc::study
