#include "report.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <cstdio>
#include <map>
#include <set>

#include "logical_clock/base/file_io.h"
#include "analysis.h"

namespace lc::study {

namespace {

std::string num(double v, int decimals) {
  if (std::isnan(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);  // no "-0.00"
  return s;
}
std::string signed_num(double v, int decimals) {
  std::string s = num(v, decimals);
  return (s[0] == '-' || s.find_first_not_of("0.") == std::string::npos) ? s : "+" + s;
}
// A share as a whole percentage, with one decimal where rounding would say 0% or 100% of
// something that is neither.
std::string percent(double share) {
  const bool edge = (share > 0 && share < 0.005) || (share < 1 && share > 0.995);
  return num(100 * share, edge ? 1 : 0) + "%";
}

// A probability as text: three decimals, or "< 0.001".
std::string p_text(double p) { return p < 0.001 ? "< 0.001" : num(p, 3); }
// An interval's level: "93.8%".
std::string level_text(double level) { return num(100 * level, 1) + "%"; }

// The figures of the per-rate tables and graphs, in their order.
const int kRateFigures[] = {kJumpMean, kJumpMax, kRecvShare, kQueueMean, kQueueMax, kWaitMean, kPending, kClockRate};
// The ones drawn, with their graph's name.
const std::pair<int, const char*> kRateGraphs[] = {
    {kJumpMean, "rate_jump_mean"}, {kJumpMax, "rate_jump_max"},   {kRecvShare, "rate_recv_share"},
    {kQueueMean, "rate_queue_mean"}, {kPending, "rate_pending"}, {kClockRate, "rate_clock_rate"},
};
// The key run figures of a sweep's graph (by key), six panels.
const char* const kSweepKeys[] = {"jump_mean", "slow.jump_mean", "slow.jump_max", "drift_mean", "pending", "slow.recv_share"};

using Comparison = PairAnalysis;

class Reporter {
 public:
  explicit Reporter(const Study& s) : s_(s), figures_(run_figures(s.has_invented_share)) {}

  Status write(const std::string& report_path, const std::string& graph_dir, const std::string& intervals_path);

 private:
  void compute();
  std::string describe(const Config& a, const Config& b) const;
  std::string heading_of_change(const Config& a, const Config& b) const;
  // A plain sentence on one difference; `lead` starts it with "With <what changed>, ".
  std::string sentence(const Comparison& cmp, size_t f, bool lead = true) const;
  bool same_everywhere(const Comparison& cmp, size_t f) const;
  size_t figure_index(const std::string& key) const;
  int runs_of(size_t c) const { return static_cast<int>(s_.values(c, 0).size()); }
  // "A to B", or "-" where there is no interval (fewer than 5 runs).
  static std::string ci_text(const RankInterval& i, int decimals) {
    if (!i.has_interval()) return "-";
    return num(i.lo, decimals) + " to " + num(i.hi, decimals);
  }
  // "95.9% CI A to B", or why there is none.
  static std::string ci_phrase(const RankInterval& i, int decimals) {
    return i.has_interval() ? level_text(i.level) + " CI " + ci_text(i, decimals) : kNoInterval;
  }
  static constexpr const char* kNoInterval = "no interval: too few runs";
  Status write_intervals(const std::string& path) const;

  void answers();
  std::string answer_change(bool rates) const;
  void findings();
  void finding_jumps();
  void finding_queues();
  void finding_changes();
  void finding_sweep();
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
    int bounded = 0;
    double grows_pred_sum = 0, grows_meas_sum = 0;
    double bounded_pending_sum = 0, grows_pending_sum = 0;
    bool pred_grows_all_slowest = true;
  };
  TheoryTally theory_tally(size_t c) const;
  static bool measured_grows(const MachineRow& m) {
    return m.v[kPending] >= 3 && m.v[kPending] >= 0.1 * m.v[kTicks];
  }

  const Study& s_;
  const std::vector<RunFigure>& figures_;
  std::vector<std::vector<RankInterval>> median_;  // [config][figure]
  std::vector<std::vector<Moments>> moments_;      // [config][figure]
  std::vector<Comparison> pairs_;
  size_t tests_ = 0;  // the differences tested, for the adjustment
  std::string md_;
};

size_t Reporter::figure_index(const std::string& key) const {
  for (size_t f = 0; f < figures_.size(); ++f)
    if (key == figures_[f].key) return f;
  return 0;
}

void Reporter::compute() {
  StudyAnalysis an = analyse(s_);
  median_ = std::move(an.median);
  moments_ = std::move(an.moments);
  pairs_ = std::move(an.pairs);
  tests_ = an.tests;
}

bool Reporter::same_everywhere(const Comparison& cmp, size_t f) const {
  const std::vector<double> xa = s_.values(cmp.a, f), xb = s_.values(cmp.b, f);
  if (xa.empty() || xb.empty()) return false;
  for (double v : xa)
    if (v != xa[0]) return false;
  for (double v : xb)
    if (v != xa[0]) return false;
  return true;
}

std::string Reporter::describe(const Config& a, const Config& b) const {
  std::vector<std::string> parts;
  if (a.rate_spec != b.rate_spec)
    parts.push_back(b.fixed_rates() || a.fixed_rates() ? "rates " + b.rate_spec + " instead of " + a.rate_spec
                                                       : "RATE_MAX " + b.rate_spec + " instead of " + a.rate_spec);
  if (a.internal_max != b.internal_max)
    parts.push_back("INTERNAL_MAX " + std::to_string(b.internal_max) + " instead of " + std::to_string(a.internal_max));
  if (a.machines != b.machines)
    parts.push_back(std::to_string(b.machines) + " machines instead of " + std::to_string(a.machines));
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return text.empty() ? "the same parameters" : text;
}

std::string Reporter::heading_of_change(const Config& a, const Config& b) const {
  const bool rate = a.rate_spec != b.rate_spec, k = a.internal_max != b.internal_max, n = a.machines != b.machines;
  if (rate && !k && !n && !a.fixed_rates() && !b.fixed_rates() && b.rate_max() < a.rate_max())
    return "A smaller spread of tick rates (" + describe(a, b) + ")";
  if (rate && !k && !n && !a.fixed_rates() && !b.fixed_rates())
    return "A wider spread of tick rates (" + describe(a, b) + ")";
  auto internal = [](int kk) { return percent(static_cast<double>(kk - 3) / kk); };
  if (k && !rate && !n)
    return std::string(b.internal_max < a.internal_max ? "Fewer" : "More") + " internal events (" + describe(a, b) +
           ": " + internal(b.internal_max) + " of the draws internal instead of " + internal(a.internal_max) + ")";
  if (n && !rate && !k) return std::string(b.machines > a.machines ? "More" : "Fewer") + " machines (" + describe(a, b) + ")";
  return "With " + describe(a, b);
}

std::string Reporter::sentence(const Comparison& cmp, size_t f, bool lead) const {
  const Config& a = s_.configs[cmp.a];
  const Config& b = s_.configs[cmp.b];
  const RunFigure& fig = figures_[f];
  const ShiftTest& d = cmp.diff[f];
  const int dec = fig.decimals;
  const double va = median_[cmp.a][f].estimate, vb = median_[cmp.b][f].estimate;
  const std::string with = lead ? "With " + describe(a, b) + ", the " : "The ";
  if (!cmp.measured[f]) return with + fig.name + " was not measured.";
  if (same_everywhere(cmp, f)) return with + fig.name + " is the same, " + num(va, dec) + ", in every run of both.";
  const std::string evidence = "rank-sum p = " + p_text(d.p) + ", " + p_text(cmp.adjusted[f]) + " adjusted over the " +
                               std::to_string(tests_) + " comparisons of this report";
  if (cmp.told(f)) {
    const bool up = d.superiority > 0.5;
    const std::string shift = d.shift.has_interval()
                                  ? signed_num(d.shift.estimate, dec) + ", " + ci_phrase(d.shift, dec)
                                  : signed_num(d.shift.estimate, dec);
    return with + fig.name + " is " + (up ? "higher" : "lower") + ": median " + num(vb, dec) + " against " +
           num(va, dec) + "; a run of the second is " + (up ? "higher" : "lower") + " than a run of the first in " +
           percent(up ? d.superiority : 1 - d.superiority) + " of pairs, by " + shift + " (the median difference; " +
           evidence + ").";
  }
  return (lead ? "With " + describe(a, b) + ", the" : "The") + std::string(" study cannot tell whether the ") + fig.name +
         " changes: median " + num(vb, dec) + " against " + num(va, dec) + ", a median difference of " +
         signed_num(d.shift.estimate, dec) + " (" + ci_phrase(d.shift, dec) + "; " + evidence +
         (d.shift.excludes_zero() ? "; the interval alone excludes 0, but the adjusted test does not tell" : "") + ").";
}

std::map<double, Reporter::Group> Reporter::groups(size_t c, bool by_rel) const {
  std::map<double, Group> out;
  for (const MachineRow& m : s_.machine_rows) {
    if (m.config != c) continue;
    const double key = by_rel ? std::round(m.rel_rate * 1000) / 1000 : m.rate;
    Group& g = out[key];
    g.n++;
    g.rel += m.rel_rate;
    for (int f = 0; f < kMachineFigures; ++f) {
      if (std::isnan(m.v[f])) continue;
      g.sum[f] += m.v[f];
      g.count[f]++;
    }
  }
  for (auto& [key, g] : out) g.rel /= g.n;
  return out;
}

Reporter::TheoryTally Reporter::theory_tally(size_t c) const {
  TheoryTally t;
  for (const MachineRow& m : s_.machine_rows) {
    if (m.config != c) continue;
    t.machines++;
    if (m.pred_queue.empty()) continue;
    t.with_prediction++;
    const bool grows = m.pred_queue == "grows", critical = m.pred_queue == "critical";
    const bool meas = measured_grows(m);
    t.pred_grows += grows;
    t.pred_critical += critical;
    t.measured_grows += meas;
    if (grows && !m.slowest) t.pred_grows_all_slowest = false;
    if (critical) continue;
    if (grows == meas) {
      t.agree++;
    } else {
      t.disagree++;
      const double load = m.v[kPredArrivalRate] / m.rate;
      if (load >= 0.8 && load <= 1.25) t.disagree_near++;
    }
    if (grows) {
      t.grows_pred_sum += m.v[kPredGrowth];
      t.grows_meas_sum += m.v[kGrowth];
      t.grows_pending_sum += m.v[kPending];
    } else {
      t.bounded++;
      t.bounded_err_sum += std::fabs(m.v[kRecvShare] - m.v[kPredRecvShare]);
      t.bounded_pending_sum += m.v[kPending];
    }
  }
  return t;
}

// The classic questions, one short line each, from the figures computed for the findings.
void Reporter::answers() {
  md_ += "## Answers\n\n";
  const Config& base = s_.configs[0];
  const int n = runs_of(0);
  const size_t fs = figure_index("slow.jump_mean"), ff = figure_index("fast.jump_mean"), fr = figure_index("jump_max");
  int on_slowest = 0, runs = 0;
  {
    std::map<int, std::pair<double, bool>> top;
    for (const MachineRow& m : s_.machine_rows) {
      if (m.config != 0) continue;
      auto [it, fresh] = top.try_emplace(m.run, m.v[kJumpMax], m.slowest);
      if (!fresh && m.v[kJumpMax] > it->second.first) it->second = {m.v[kJumpMax], m.slowest};
      else if (!fresh && m.v[kJumpMax] == it->second.first && m.slowest) it->second.second = true;
    }
    for (const auto& [run, t] : top) on_slowest += t.second, runs++;
  }
  md_ += "- **How big do the jumps get, and where?** With " + base.title() + ", the run's largest jump has median " +
         num(median_[0][fr].estimate, 0) + " (" + ci_phrase(median_[0][fr], 0) + ") and was on the run's slowest machine in " +
         std::to_string(on_slowest) + " of " + std::to_string(runs) + " runs; the slowest machine's mean jump " +
         num(median_[0][fs].estimate, 2) + " (" + ci_phrase(median_[0][fs], 2) + "), the fastest's " +
         num(median_[0][ff].estimate, 2) + ".\n";
  const TheoryTally t = theory_tally(0);
  md_ += "- **Which queues grow without bound?** With " + base.title() + ", the theory predicts it for " +
         std::to_string(t.pred_grows) + " of " + std::to_string(t.with_prediction) + " machines" +
         (t.pred_grows > 0 && t.pred_grows_all_slowest ? ", each the slowest of its run" : "") + "; " +
         std::to_string(t.measured_grows) + " of " + std::to_string(t.machines) + " ended with a backlog (\"Theory against "
         "measurement\").\n";
  const std::string rates = answer_change(true), internal = answer_change(false);
  if (!rates.empty()) md_ += "- **What does a smaller spread of tick rates do?** " + rates + "\n";
  if (!internal.empty()) md_ += "- **What do fewer internal events do?** " + internal + "\n";
  if (s_.has_invented_share) {
    const size_t f = figure_index("invented_share");
    const RankInterval& m = median_[0][f];
    md_ += "- **How much order do the clocks invent?** With " + base.title() + ", " + percent(m.estimate) +
           " of the pairs of events the Lamport clocks order are in fact concurrent (median over runs; " +
           (m.has_interval() ? level_text(m.level) + " CI " + percent(m.lo) + " to " + percent(m.hi) : std::string(kNoInterval)) +
           ").\n";
  }
  md_ += "\n";
  // What this many runs can tell.
  if (n < static_cast<int>(kMedianMinRuns)) {
    md_ += "With " + std::to_string(n) + " run(s) per configuration there is no interval: at least " +
           std::to_string(kMedianMinRuns) + " are needed for one. ";
  } else if (n < 10) {
    md_ += "With " + std::to_string(n) + " runs per configuration an interval spans most of the runs, and a difference "
           "is told apart only when the runs of two configurations hardly overlap: many real differences go untold "
           "(the calibration in docs/analysis.md measures how often). ";
  }
  if (n < 20)
    md_ += "For answers with more certainty, run the simulated study with more runs, e.g. `./run_experiments.sh "
           "--engine sim --runs 200`: its runs are the same model's, simulated.";
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
    std::string text = describe(a, b) + ": ";
    int told = 0;
    for (size_t f = 0; f < figures_.size(); ++f) {
      if (!figures_[f].key_figure || !cmp.told(f)) continue;
      const ShiftTest& d = cmp.diff[f];
      text += std::string(told++ ? "; " : "") + "the " + figures_[f].name + " is " +
              (d.superiority > 0.5 ? "higher" : "lower") + " (median " + num(median_[cmp.a][f].estimate, figures_[f].decimals) +
              " to " + num(median_[cmp.b][f].estimate, figures_[f].decimals) + ")";
    }
    if (told == 0)
      text += "the study cannot tell any key figure apart with " + std::to_string(runs_of(cmp.b)) +
              " runs per configuration (\"Findings\" gives each difference seen and its interval)";
    return text + ".";
  }
  return "";
}

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
    // The runs whose largest jump was on a slowest machine, and the largest jump seen.
    std::map<int, std::pair<double, bool>> top;  // run -> largest jump, on a slowest machine
    double largest = 0, largest_rate = 0;
    for (const MachineRow& m : s_.machine_rows) {
      if (m.config != c) continue;
      auto [it, fresh] = top.try_emplace(m.run, m.v[kJumpMax], m.slowest);
      if (!fresh) {
        if (m.v[kJumpMax] > it->second.first) it->second = {m.v[kJumpMax], m.slowest};
        else if (m.v[kJumpMax] == it->second.first && m.slowest) it->second.second = true;
      }
      if (m.v[kJumpMax] > largest) largest = m.v[kJumpMax], largest_rate = m.rate;
    }
    int on_slowest = 0;
    for (const auto& [run, t] : top) on_slowest += t.second;
    // Within each run: the slowest machine's mean jump against the fastest's.
    int slow_above = 0, compared = 0;
    for (const RunRow& r : s_.runs_rows) {
      if (r.config != c || std::isnan(r.v[fs]) || std::isnan(r.v[ff])) continue;
      compared++;
      slow_above += r.v[fs] > r.v[ff];
    }
    md_ += " With " + s_.configs[c].title() + ": the run's largest jump (median " + num(median_[c][fr].estimate, 1) +
           ") was on its slowest machine in " + std::to_string(on_slowest) + " of " + std::to_string(top.size()) +
           " runs; the slowest machine's mean jump was above the fastest machine's in " + std::to_string(slow_above) +
           " of " + std::to_string(compared) + " runs. Over the runs, the slowest machine's mean jump has median " +
           num(median_[c][fs].estimate, 2) + " (" + ci_phrase(median_[c][fs], 2) + "), the fastest machine's " +
           num(median_[c][ff].estimate, 2) + " (" + ci_phrase(median_[c][ff], 2) +
           "), and the slowest machine's largest jump " + num(median_[c][fm].estimate, 1) + " (" +
           ci_phrase(median_[c][fm], 1) + ")";
    if (!top.empty()) md_ += "; the largest jump of all was " + num(largest, 0) + ", on a machine of rate " + num(largest_rate, 0);
    md_ += ".";
  }
  // The gradient by rate, for the first configuration.
  auto by_rate = groups(0, false);
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
      md_ += std::string(t.pred_grows_all_slowest ? ", each the slowest of its run" : "") + "; they end with " +
             num(t.grows_pending_sum / t.pred_grows, 1) + " messages pending on average (growth " +
             num(t.grows_meas_sum / t.pred_grows, 3) + " messages/s measured, " + num(t.grows_pred_sum / t.pred_grows, 3) +
             " predicted)";
    }
    if (t.bounded > 0)
      md_ += "; the machines it predicts bounded end with " + num(t.bounded_pending_sum / t.bounded, 1) +
             " pending, their receive share within " + num(t.bounded_err_sum / t.bounded, 3) + " of the prediction on average";
    const int judged = t.agree + t.disagree;
    if (judged > 0)
      md_ += ". Prediction and measurement agree on " + percent(static_cast<double>(t.agree) / judged) +
             " of the machines" +
             (t.disagree > 0 ? "; of the " + std::to_string(t.disagree) + " where they do not, " +
                                   std::to_string(t.disagree_near) + " have a predicted load within 20% of the boundary"
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
    std::vector<size_t> untold;
    for (size_t f = 0; f < figures_.size(); ++f) {
      if (!figures_[f].key_figure || std::string(figures_[f].key) == "invented_share") continue;
      if (!cmp.measured[f]) continue;
      if (cmp.told(f)) told.push_back({cmp.diff[f].p, f});
      else if (!same_everywhere(cmp, f)) untold.push_back(f);
    }
    std::stable_sort(told.begin(), told.end());
    for (const auto& [p, f] : told) md_ += sentence(cmp, f, false) + " ";
    if (told.empty()) md_ += "The study cannot tell any of the key figures apart. ";
    if (!untold.empty()) {
      md_ += "It cannot tell whether the ";
      for (size_t i = 0; i < untold.size(); ++i) {
        const size_t f = untold[i];
        const ShiftTest& d = cmp.diff[f];
        const int dec = figures_[f].decimals;
        md_ += std::string(i == 0 ? "" : i + 1 == untold.size() ? " or the " : ", the ") + figures_[f].name +
               " (median difference " + signed_num(d.shift.estimate, dec) + ", " + ci_phrase(d.shift, dec) +
               (d.shift.excludes_zero() ? ", which alone excludes 0, but not adjusted for the report's " +
                                              std::to_string(tests_) + " comparisons"
                                        : "") +
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
  md_ += "**Sweep of " + s_.sweep + " from " + s_.configs[first].sweep_value + " to " + s_.configs[last].sweep_value +
         ".** From the first value to the last (medians over the runs, their intervals in brackets): ";
  size_t i = 0;
  for (const char* key : kSweepKeys) {
    const size_t f = figure_index(key);
    const int dec = figures_[f].decimals;
    md_ += std::string(i++ ? "; " : "") + "the " + figures_[f].name + " goes from " +
           num(median_[first][f].estimate, dec) + " [" + ci_text(median_[first][f], dec) + "] to " +
           num(median_[last][f].estimate, dec) + " [" + ci_text(median_[last][f], dec) + "]";
  }
  md_ += ". ";
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

void Reporter::finding_concurrency() {
  if (!s_.has_invented_share) return;
  const size_t f = figure_index("invented_share");
  md_ += "**Concurrency behind the clocks' order.** Of the pairs of events that Lamport clocks order, the share that "
         "are in fact concurrent (no chain of messages between them) has median ";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    const RankInterval& m = median_[c][f];
    md_ += (c ? ", " : "") + percent(m.estimate) + " with " + s_.configs[c].title() + " (" +
           (m.has_interval() ? level_text(m.level) + " CI " + percent(m.lo) + " to " + percent(m.hi) : std::string(kNoInterval)) +
           ")";
  }
  md_ += ".";
  for (const Comparison& cmp : pairs_) {
    if (cmp.a != 0) continue;
    md_ += " " + sentence(cmp, f);
  }
  md_ += "\n\n";
}

void Reporter::section_method() {
  md_ += "## How the figures are compared\n\n";
  md_ += "Each run gives one value of each figure (over all its machines, or over its slowest or fastest machine: "
         "with several at the lowest rate, their mean). A configuration's figure is the median over its runs, with an "
         "interval between two of the runs' values (order statistics) that covers the true median (that of "
         "endlessly many runs) with a probability that depends on the number of runs only, whatever the figure's "
         "distribution: the level stated beside it (93.8% at 5 runs, the most 5 runs can give; at least 95% from 6 "
         "runs on). With fewer than " + std::to_string(kMedianMinRuns) + " runs there is no such interval, and none "
         "is stated. The intervals lie within the values seen, so within each figure's range.\n\n"
         "Two configurations are compared by the differences between a run of one and a run of the other: their "
         "median (the Hodges-Lehmann shift) with the interval of the rank-sum test inverted (its level from the "
         "test's exact distribution for the numbers of runs: exact when the two differ by a shift only; where their "
         "shapes differ too, the calibration measured 93.4% to 99.1% for the classic study's figures at 5 runs), and "
         "the share of pairs of runs in which the second is higher. A difference is stated when the rank-sum test (Wilcoxon-Mann-Whitney: its p-value exact over every "
         "assignment of the runs to the two configurations when there are at most 100,000, else from 9,999 random "
         "ones seeded from the study's seed) rejects \"the two configurations give runs of one distribution\" after "
         "Benjamini and Hochberg's adjustment over all " + std::to_string(tests_) + " comparisons of this report, at a "
         "false discovery rate of 5%: when nothing differs at all, the chance that the report states any difference "
         "is at most 5%. With 5 runs per configuration the smallest p-value is 2/252 = 0.008, so a difference is "
         "stated only when the runs of the two do not overlap and several figures say so. Every interval is also in "
         "`intervals.csv`; their coverage, measured against simulated truth, is in docs/analysis.md.\n\n";
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
         "queue (messages pending at the end per model second). A machine counts as measured to grow when it ends "
         "with at least 3 messages pending and at least 10% of its ticks' worth.\n\n";
  md_ += "![theory against measurement](graphs/theory.png)\n\n";
  md_ += "| configuration | machines | predicted to grow | measured to grow | on the boundary | regime agrees | "
         "mean error of receive share (bounded) | growth/s, measured vs predicted (growing) |\n|---|---|---|---|---|---|---|---|\n";
  std::vector<std::string> notes;
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    const TheoryTally t = theory_tally(c);
    const int judged = t.agree + t.disagree;
    md_ += "| " + s_.configs[c].title() + " | " + std::to_string(t.machines) + " | " + std::to_string(t.pred_grows) + " | " +
           std::to_string(t.measured_grows) + " | " + std::to_string(t.pred_critical) + " | " +
           (judged ? percent(static_cast<double>(t.agree) / judged) : std::string("-")) + " | " +
           (t.bounded ? num(t.bounded_err_sum / t.bounded, 3) : std::string("-")) + " | " +
           (t.pred_grows ? num(t.grows_meas_sum / t.pred_grows, 3) + " vs " + num(t.grows_pred_sum / t.pred_grows, 3)
                         : std::string("-")) + " |\n";
    if (t.disagree > 0)
      notes.push_back("With " + s_.configs[c].title() + ", " + std::to_string(t.disagree) +
                      " machine(s) end otherwise than predicted; " + std::to_string(t.disagree_near) +
                      " of them have a predicted load Λ/r between 0.8 and 1.25, where a run of " + s_.duration +
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
           num(m.rate, 0) + " | " + num(m.v[kRecvShare], 3) + " | " + num(m.v[kPredRecvShare], 3) + " | " +
           num(m.v[kArrivalRate], 3) + " | " + num(m.v[kPredArrivalRate], 3) + " | " + num(m.v[kGrowth], 3) + " | " +
           num(m.v[kPredGrowth], 3) + " | " + (m.pred_queue.empty() ? "-" : m.pred_queue) + " |\n";
  }
  md_ += "\n";
}

void Reporter::section_differences() {
  if (pairs_.empty()) return;
  md_ += "## Differences between configurations\n\n";
  md_ += std::string(s_.configs.size() > 4 ? "Each configuration against the first. " : "Every pair of configurations. ") +
         "The shift is the median of the differences between a run of the second configuration and a run of the "
         "first, with its interval and level; \"higher in\" is the share of such pairs where the second is higher; "
         "p is the rank-sum test's, \"adjusted\" after Benjamini-Hochberg over the report's " + std::to_string(tests_) +
         " comparisons; told apart where the adjusted p is at most 0.05.\n\n";
  for (const Comparison& cmp : pairs_) {
    const Config& a = s_.configs[cmp.a];
    const Config& b = s_.configs[cmp.b];
    md_ += "### " + b.title() + " against " + a.title() + "\n\n";
    md_ += "| figure | median " + a.label + " | median " + b.label +
           " | shift | interval | level | higher in | p | adjusted | told apart |\n|---|---|---|---|---|---|---|---|---|---|\n";
    for (size_t f = 0; f < figures_.size(); ++f) {
      const ShiftTest& d = cmp.diff[f];
      const int dec = figures_[f].decimals + (figures_[f].decimals < 3 ? 1 : 0);
      if (!cmp.measured[f]) {
        md_ += "| " + std::string(figures_[f].name) + " | - | - | - | - | - | - | - | - | no |\n";
        continue;
      }
      md_ += "| " + std::string(figures_[f].name) + " | " + num(median_[cmp.a][f].estimate, dec) + " | " +
             num(median_[cmp.b][f].estimate, dec) + " | " + signed_num(d.shift.estimate, dec) + " | " +
             ci_text(d.shift, dec) + " | " + (d.shift.has_interval() ? level_text(d.shift.level) : "-") + " | " +
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
  md_ += "One configuration per value of " + s_.sweep + "; each curve is the median over the runs, the band its "
         "interval (order statistics; its level in \"How the figures are compared\"). The dashed line is the theory's "
         "prediction where there is one.\n\n";
  md_ += "![sweep of " + s_.sweep + "](graphs/sweep.png)\n\n";
  md_ += "| " + s_.sweep + " | runs |";
  std::string rule = "|---|---|";
  for (const char* key : kSweepKeys) {
    md_ += " " + std::string(figures_[figure_index(key)].name) + " |";
    rule += "---|";
  }
  md_ += "\n" + rule + "\n";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    md_ += "| " + s_.configs[c].sweep_value + " | " + std::to_string(runs_of(c)) + " |";
    for (const char* key : kSweepKeys) {
      const size_t f = figure_index(key);
      const int dec = figures_[f].decimals;
      md_ += " " + num(median_[c][f].estimate, dec) + " [" + ci_text(median_[c][f], dec) + "] |";
    }
    md_ += "\n";
  }
  md_ += "\n";
}

void Reporter::section_configs() {
  md_ += "## Overview: median over the runs, with its interval\n\n| figure |";
  std::string rule = "|---|";
  for (const Config& c : s_.configs) md_ += " " + c.title() + " |", rule += "---|";
  md_ += "\n" + rule + "\n";
  for (size_t f = 0; f < figures_.size(); ++f) {
    md_ += "| " + std::string(figures_[f].name) + " |";
    for (size_t c = 0; c < s_.configs.size(); ++c) {
      const RankInterval& m = median_[c][f];
      md_ += " " + num(m.estimate, figures_[f].decimals) +
             (m.has_interval() ? " [" + ci_text(m, figures_[f].decimals) + "]" : "") + " |";
    }
    md_ += "\n";
  }
  md_ += "\nJump: a clock after an event minus the clock after the previous event. Drift: the highest minus the lowest "
         "clock of the machines at each event. Queue length: messages left in the queue after each event; queue wait: "
         "from a message's arrival to its receive. Figures per run are over all its machines unless they name one "
         "(docs/analysis.md).\n";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    const Config& cfg = s_.configs[c];
    const int n = runs_of(c);
    md_ += "\n## " + cfg.title() + " (" + std::to_string(n) + " runs)\n\n";
    md_ += "| figure | median | interval | level | min | max | mean | standard deviation |\n|---|---|---|---|---|---|---|---|\n";
    for (size_t f = 0; f < figures_.size(); ++f) {
      const std::vector<double> x = s_.values(c, f);
      const Moments& m = moments_[c][f];
      const RankInterval& med = median_[c][f];
      const int dec = figures_[f].decimals;
      const double lo = x.empty() ? std::nan("") : *std::min_element(x.begin(), x.end());
      const double hi = x.empty() ? std::nan("") : *std::max_element(x.begin(), x.end());
      md_ += "| " + std::string(figures_[f].name) + " | " + num(med.estimate, dec) + " | " + ci_text(med, dec) + " | " +
             (med.has_interval() ? level_text(med.level) : "-") + " | " + num(lo, dec) + " | " + num(hi, dec) + " | " +
             num(m.mean, dec) + " | " + (m.n > 1 ? num(m.sd, dec) : "-") + " |\n";
    }
    md_ += "\nThe interval is for the median (order statistics, the level beside it); the mean and the standard "
           "deviation describe the runs and carry no interval.\n\n";
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
  gp += "sweep = '" + s_.sweep + "'\narray stitle[" + std::to_string(std::size(kSweepKeys)) + "]\n";
  for (size_t i = 0; i < std::size(kSweepKeys); ++i)
    gp += "stitle[" + std::to_string(i + 1) + "] = \"" + figures_[figure_index(kSweepKeys[i])].name + "\"\n";
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
    std::string sweep = "# " + s_.sweep + ", then per figure median, interval low, interval high, predicted\n";
    for (size_t c = 0; c < s_.configs.size(); ++c) {
      sweep += s_.configs[c].sweep_value;
      for (const char* key : kSweepKeys) {
        const size_t f = figure_index(key);
        const RankInterval& med = median_[c][f];
        sweep += " " + num(med.estimate, 6) + " " + (med.has_interval() ? num(med.lo, 6) + " " + num(med.hi, 6) : "NaN NaN");
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
Status Reporter::write_intervals(const std::string& path) const {
  auto value = [](double v) { return std::isnan(v) ? std::string() : num(v, 6); };
  std::string csv =
      "figure,configuration,other_configuration,runs,other_runs,estimate,low,high,level,method,difference,superiority,"
      "p,adjusted_p,told_apart\n";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    for (size_t f = 0; f < figures_.size(); ++f) {
      const RankInterval& m = median_[c][f];
      csv += std::string(figures_[f].key) + "," + s_.configs[c].label + ",," + std::to_string(runs_of(c)) + ",," +
             value(m.estimate) + "," + value(m.lo) + "," + value(m.hi) + "," + (m.has_interval() ? num(m.level, 6) : "") +
             "," + (m.has_interval() ? "median_order_statistics" : "none") + ",0,,,,\n";
    }
  }
  for (const Comparison& cmp : pairs_) {
    for (size_t f = 0; f < figures_.size(); ++f) {
      if (!cmp.measured[f]) continue;
      const ShiftTest& d = cmp.diff[f];
      csv += std::string(figures_[f].key) + "," + s_.configs[cmp.b].label + "," + s_.configs[cmp.a].label + "," +
             std::to_string(runs_of(cmp.b)) + "," + std::to_string(runs_of(cmp.a)) + "," + value(d.shift.estimate) + "," +
             value(d.shift.lo) + "," + value(d.shift.hi) + "," + (d.shift.has_interval() ? num(d.shift.level, 6) : "") +
             "," + (d.shift.has_interval() ? "hodges_lehmann_rank_sum" : "none") + ",1," + num(d.superiority, 6) + "," +
             num(d.p, 6) + "," + num(cmp.adjusted[f], 6) + "," + (cmp.told(f) ? "1" : "0") + "\n";
    }
  }
  return write_whole_file(path, csv);
}

Status Reporter::write(const std::string& report_path, const std::string& graph_dir,
                       const std::string& intervals_path) {
  compute();
  const int runs = s_.runs;
  md_ += "# logical_clock study\n\n";
  md_ += std::to_string(s_.configs.size()) + " configuration(s) x " + std::to_string(runs) + " run(s) of " + s_.duration +
         " model seconds" + (s_.engine == "sim" ? " (simulation engine)" : " at speed " + s_.speed + " (real engine)") +
         ", " + (s_.sweep.empty() ? "" : "sweeping " + s_.sweep + ", ") + "base seed " + s_.seed +
         ". Every run was checked by lcstat: no run broke the model's rules.\n\n";
  answers();
  findings();
  md_ += "## Repeat this study\n\n```\n" + s_.command + "\n```\n\n";
  md_ += "Per run: `summary.csv`; per machine of every run: `machines.csv`; graphs of the first " +
         std::to_string(s_.graphs) + " run(s) of each configuration: linked under each configuration below.\n\n";
  section_method();
  section_by_rate();
  section_theory();
  section_sweep();
  section_differences();
  section_configs();
  Status s = graph_data(graph_dir);
  if (s.is_ok()) s = write_intervals(intervals_path);
  if (!s.is_ok()) return s;
  return write_whole_file(report_path, md_);
}

}  // namespace

Status write_report(const Study& study, const std::string& report_path, const std::string& graph_dir,
                    const std::string& intervals_path) {
  Reporter reporter(study);
  return reporter.write(report_path, graph_dir, intervals_path);
}

}  // namespace lc::study
