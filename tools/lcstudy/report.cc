#include "report.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <cstdio>
#include <map>
#include <set>

#include "logical_clock/base/file_io.h"
#include "stats.h"

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

const char* method_name(Interval::Method m) {
  return m == Interval::kBootstrap ? "bootstrap" : m == Interval::kWelch ? "Welch" : m == Interval::kNone ? "none" : "exact";
}

// The figures of the per-rate tables and graphs, in their order.
const int kRateFigures[] = {kJumpMean, kJumpMax, kRecvShare, kQueueMean, kQueueMax, kWaitMean, kPending, kClockRate};
// The ones drawn, with their graph's name.
const std::pair<int, const char*> kRateGraphs[] = {
    {kJumpMean, "rate_jump_mean"}, {kJumpMax, "rate_jump_max"},   {kRecvShare, "rate_recv_share"},
    {kQueueMean, "rate_queue_mean"}, {kPending, "rate_pending"}, {kClockRate, "rate_clock_rate"},
};
// The key run figures of a sweep's graph (by key), six panels.
const char* const kSweepKeys[] = {"jump_mean", "slow.jump_mean", "slow.jump_max", "drift_mean", "pending", "slow.recv_share"};

// What the report computes once: intervals per configuration and figure, and per pair.
struct Comparison {
  size_t a = 0, b = 0;
  std::vector<Interval> diff;  // by figure
};

class Reporter {
 public:
  explicit Reporter(const Study& s) : s_(s), figures_(run_figures(s.has_invented_share)) {}

  Status write(const std::string& report_path, const std::string& graph_dir);

 private:
  void compute();
  std::string describe(const Config& a, const Config& b) const;
  std::string heading_of_change(const Config& a, const Config& b) const;
  // A plain sentence on one difference; `lead` starts it with "With <what changed>, ".
  std::string sentence(const Comparison& cmp, size_t f, bool with_runs_needed, bool lead = true) const;
  size_t figure_index(const std::string& key) const;
  int runs_of(size_t c) const { return static_cast<int>(s_.values(c, 0).size()); }
  // "A to B", or why there is no interval (one run).
  static std::string ci_text(const Interval& i, int decimals) {
    if (i.method == Interval::kNone) return kNoInterval;
    return num(i.lo, decimals) + " to " + num(i.hi, decimals);
  }
  // "95% CI A to B", or why there is none.
  static std::string ci_phrase(const Interval& i, int decimals) {
    return i.method == Interval::kNone ? kNoInterval : "95% CI " + ci_text(i, decimals);
  }
  static constexpr const char* kNoInterval = "no 95% CI from one run";

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
  std::vector<std::vector<Interval>> mean_ci_;  // [config][figure]
  std::vector<std::vector<Moments>> moments_;   // [config][figure]
  std::vector<Comparison> pairs_;
  std::string md_;
};

size_t Reporter::figure_index(const std::string& key) const {
  for (size_t f = 0; f < figures_.size(); ++f)
    if (key == figures_[f].key) return f;
  return 0;
}

void Reporter::compute() {
  const size_t nc = s_.configs.size();
  mean_ci_.assign(nc, {});
  moments_.assign(nc, {});
  for (size_t c = 0; c < nc; ++c) {
    for (size_t f = 0; f < figures_.size(); ++f) {
      const std::vector<double> x = s_.values(c, f);
      moments_[c].push_back(moments(x));
      const std::string stream = std::string("mean ") + figures_[f].key + " " + s_.configs[c].label;
      mean_ci_[c].push_back(x.empty() ? Interval{std::nan(""), std::nan(""), std::nan(""), Interval::kExact}
                                      : mean_interval(x, s_.seed_value, stream_of(stream.c_str())));
    }
  }
  // Every pair when there are few configurations, else each against the first (the baseline).
  for (size_t a = 0; a < nc; ++a) {
    for (size_t b = a + 1; b < nc; ++b) {
      if (nc > 4 && a != 0) continue;
      Comparison cmp;
      cmp.a = a;
      cmp.b = b;
      for (size_t f = 0; f < figures_.size(); ++f) {
        const std::vector<double> xa = s_.values(a, f), xb = s_.values(b, f);
        const std::string stream =
            std::string("difference ") + figures_[f].key + " " + s_.configs[a].label + " " + s_.configs[b].label;
        cmp.diff.push_back(xa.empty() || xb.empty()
                               ? Interval{std::nan(""), std::nan(""), std::nan(""), Interval::kExact}
                               : difference_interval(xa, xb, s_.seed_value, stream_of(stream.c_str())));
      }
      pairs_.push_back(std::move(cmp));
    }
  }
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

std::string Reporter::sentence(const Comparison& cmp, size_t f, bool with_runs_needed, bool lead) const {
  const Config& a = s_.configs[cmp.a];
  const Config& b = s_.configs[cmp.b];
  const RunFigure& fig = figures_[f];
  const Interval& d = cmp.diff[f];
  const int dec = fig.decimals;
  const double va = moments_[cmp.a][f].mean, vb = moments_[cmp.b][f].mean;
  const std::string with = lead ? "With " + describe(a, b) + ", the " : "The ";
  if (std::isnan(d.estimate)) return with + fig.name + " was not measured.";
  if (d.method == Interval::kExact && d.estimate == 0)
    return with + fig.name + " is the same, " + num(va, dec) + ", in every run of both.";
  if (d.excludes_zero()) {
    const bool up = d.estimate > 0;
    const double lo = up ? d.lo : -d.hi, hi = up ? d.hi : -d.lo;
    return with + fig.name + " is " + num(std::fabs(d.estimate), dec) + (up ? " higher" : " lower") + " (" +
           num(vb, dec) + " against " + num(va, dec) + "), 95% CI " + num(lo, dec) + " to " + num(hi, dec) + ".";
  }
  std::string text = (lead ? "With " + describe(a, b) + ", the" : "The") + std::string(" study cannot tell whether the ") + fig.name + " changes: " + num(vb, dec) +
                     " against " + num(va, dec) + ", a difference of " + signed_num(d.estimate, dec) +
                     ", " + ci_phrase(d, dec);
  if (with_runs_needed) {
    const int64_t need = runs_for_difference(moments_[cmp.a][f].sd, moments_[cmp.b][f].sd, d.estimate);
    const int have = std::min(runs_of(cmp.a), runs_of(cmp.b));
    if (need > have)
      text += "; telling a difference this size apart from none would take about " + std::to_string(need) +
              " runs per configuration (80% power)";
    else if (d.estimate == 0)
      text += "; the means are equal";
  }
  return text + ".";
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

void Reporter::findings() {
  md_ += "## Findings\n\n";
  finding_jumps();
  finding_queues();
  finding_changes();
  finding_sweep();
  finding_concurrency();
}

void Reporter::finding_jumps() {
  md_ += "**Jumps: how big, and on which machine.** The largest jumps are on the slowest machine of a run: it "
         "receives from machines whose clocks run ahead of its own, and each receive jumps to the sender's clock.";
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
    md_ += " With " + s_.configs[c].title() + ", the slowest machine's mean jump is " +
           num(moments_[c][fs].mean, 2) + " (" + ci_phrase(mean_ci_[c][fs], 2) + "), the fastest machine's " +
           num(moments_[c][ff].mean, 2) + "; the slowest machine's largest jump averages " +
           num(moments_[c][fm].mean, 1) + " per run (" + ci_phrase(mean_ci_[c][fm], 1) + ")";
    if (!top.empty())
      md_ += ", the run's largest jump (" + num(moments_[c][fr].mean, 1) + " on average) was on its slowest machine in " +
             percent(static_cast<double>(on_slowest) / static_cast<double>(top.size())) + " of runs, and the largest of all was " +
             num(largest, 0) + ", on a machine of rate " + num(largest_rate, 0);
    md_ += ".";
  }
  // The gradient by rate, for the first configuration.
  auto by_rate = groups(0, false);
  if (by_rate.size() > 1) {
    md_ += " By tick rate (" + s_.configs[0].title() + "), the mean jump is ";
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
    // Key figures whose interval excludes zero, the clearest first.
    std::vector<std::pair<double, size_t>> told;
    std::vector<size_t> untold;
    for (size_t f = 0; f < figures_.size(); ++f) {
      if (!figures_[f].key_figure || std::string(figures_[f].key) == "invented_share") continue;
      const Interval& d = cmp.diff[f];
      if (std::isnan(d.estimate)) continue;
      if (d.excludes_zero()) {
        const double half = (d.hi - d.lo) / 2;
        told.push_back({half > 0 ? -std::fabs(d.estimate) / half : -1e300, f});
      } else if (!(d.method == Interval::kExact && d.estimate == 0)) {
        untold.push_back(f);
      }
    }
    std::sort(told.begin(), told.end());
    for (const auto& [score, f] : told) md_ += sentence(cmp, f, false, false) + " ";
    if (told.empty()) md_ += "The study cannot tell any of the key figures apart. ";
    if (!untold.empty()) {
      int64_t need = 0;
      md_ += "It cannot tell whether the ";
      for (size_t i = 0; i < untold.size(); ++i) {
        const size_t f = untold[i];
        const Interval& d = cmp.diff[f];
        const int dec = figures_[f].decimals;
        md_ += std::string(i == 0 ? "" : i + 1 == untold.size() ? " or the " : ", the ") + figures_[f].name + " (" +
               signed_num(d.estimate, dec) + ", " + ci_phrase(d, dec) + ")";
        need = std::max(need, runs_for_difference(moments_[cmp.a][f].sd, moments_[cmp.b][f].sd, d.estimate));
      }
      md_ += untold.size() == 1 ? " changes" : " change";
      const int have = std::min(runs_of(cmp.a), runs_of(cmp.b));
      if (need > have)
        md_ += "; differences of these sizes would take up to about " + std::to_string(need) +
               " runs per configuration to tell (80% power; the study has " + std::to_string(have) + ")";
      md_ += ".";
    }
    md_ += "\n\n";
  }
}

void Reporter::finding_sweep() {
  if (s_.sweep.empty() || s_.configs.size() < 2) return;
  const size_t first = 0, last = s_.configs.size() - 1;
  md_ += "**Sweep of " + s_.sweep + " from " + s_.configs[first].sweep_value + " to " + s_.configs[last].sweep_value +
         ".** From the first value to the last (95% CIs in brackets): ";
  size_t i = 0;
  for (const char* key : kSweepKeys) {
    const size_t f = figure_index(key);
    const int dec = figures_[f].decimals;
    md_ += std::string(i++ ? "; " : "") + "the " + figures_[f].name + " goes from " + num(moments_[first][f].mean, dec) +
           " [" + ci_text(mean_ci_[first][f], dec) + "] to " + num(moments_[last][f].mean, dec) + " [" +
           ci_text(mean_ci_[last][f], dec) + "]";
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
  md_ += ". The curves with their confidence bands are under \"Sweep\".\n\n";
}

void Reporter::finding_concurrency() {
  if (!s_.has_invented_share) return;
  const size_t f = figure_index("invented_share");
  md_ += "**Concurrency behind the clocks' order.** Of the pairs of events that Lamport clocks order, the share that "
         "are in fact concurrent (no chain of messages between them) is ";
  for (size_t c = 0; c < s_.configs.size(); ++c)
    md_ += (c ? ", " : "") + percent(moments_[c][f].mean) + " with " + s_.configs[c].title() + " (" +
           (mean_ci_[c][f].method == Interval::kNone
                ? std::string(kNoInterval)
                : "95% CI " + percent(mean_ci_[c][f].lo) + " to " + percent(mean_ci_[c][f].hi)) +
           ")";
  md_ += ".";
  for (const Comparison& cmp : pairs_) {
    if (cmp.a != 0) continue;
    md_ += " " + sentence(cmp, f, true);
  }
  md_ += "\n\n";
}

void Reporter::section_method() {
  md_ += "## How the figures are compared\n\n";
  md_ += "Each run gives one value of each figure (over all its machines, or over its slowest or fastest machine: "
         "with several at the lowest rate, their mean). A configuration's figure is the mean over its runs, with a "
         "95% confidence interval; a difference between two configurations is the difference of their means, with a "
         "95% confidence interval. With at least " + std::to_string(kBootstrapMinRuns) +
         " runs per configuration the intervals are percentile bootstraps over runs (" + std::to_string(kResamples) +
         " resamples, seeded from the study's seed, so the same study gives the same report); with fewer, Welch's t "
         "intervals, since a percentile bootstrap of so few runs is too narrow (docs/analysis.md). A difference is "
         "stated when its interval excludes zero; otherwise the report says the study cannot tell, and how many runs "
         "per configuration would tell a difference of the size seen with 80% power: "
         "n = (1.96 + 0.84)^2 (s_A^2 + s_B^2) / d^2. A configuration of one run has no interval at all (one run "
         "says nothing of the spread between runs), so nothing is told apart from it.\n\n";
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
         "The difference is the second configuration's mean minus the first's; the interval is 95% (method in the "
         "last column).\n\n";
  for (const Comparison& cmp : pairs_) {
    const Config& a = s_.configs[cmp.a];
    const Config& b = s_.configs[cmp.b];
    md_ += "### " + b.title() + " against " + a.title() + "\n\n";
    md_ += "| figure | " + a.label + " | " + b.label + " | difference | 95% CI | told apart | method |\n|---|---|---|---|---|---|---|\n";
    for (size_t f = 0; f < figures_.size(); ++f) {
      const Interval& d = cmp.diff[f];
      const int dec = figures_[f].decimals + (figures_[f].decimals < 3 ? 1 : 0);
      md_ += "| " + std::string(figures_[f].name) + " | " + num(moments_[cmp.a][f].mean, dec) + " | " +
             num(moments_[cmp.b][f].mean, dec) + " | " + signed_num(d.estimate, dec) + " | " + ci_text(d, dec) + " | " +
             (d.excludes_zero() ? "yes" : "no") + " | " + method_name(d.method) + " |\n";
    }
    md_ += "\n";
    for (size_t f = 0; f < figures_.size(); ++f) md_ += "- " + sentence(cmp, f, true) + "\n";
    md_ += "\n";
  }
}

void Reporter::section_sweep() {
  if (s_.sweep.empty()) return;
  md_ += "## Sweep\n\n";
  md_ += "One configuration per value of " + s_.sweep + "; each curve is the mean over the runs, the band its 95% "
         "confidence interval. The dashed line is the theory's prediction where there is one.\n\n";
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
      md_ += " " + num(moments_[c][f].mean, dec) + " [" + ci_text(mean_ci_[c][f], dec) + "] |";
    }
    md_ += "\n";
  }
  md_ += "\n";
}

void Reporter::section_configs() {
  md_ += "## Overview: mean ± standard deviation over the runs\n\n| figure |";
  std::string rule = "|---|";
  for (const Config& c : s_.configs) md_ += " " + c.title() + " |", rule += "---|";
  md_ += "\n" + rule + "\n";
  for (size_t f = 0; f < figures_.size(); ++f) {
    md_ += "| " + std::string(figures_[f].name) + " |";
    for (size_t c = 0; c < s_.configs.size(); ++c) {
      const Moments& m = moments_[c][f];
      md_ += " " + num(m.mean, figures_[f].decimals) + (m.n > 1 ? " ± " + num(m.sd, figures_[f].decimals) : "") + " |";
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
    md_ += "| figure | mean | standard deviation | 95% CI | min | max | runs for ±5% |\n|---|---|---|---|---|---|---|\n";
    for (size_t f = 0; f < figures_.size(); ++f) {
      const std::vector<double> x = s_.values(c, f);
      const Moments& m = moments_[c][f];
      const int dec = figures_[f].decimals;
      const double lo = x.empty() ? std::nan("") : *std::min_element(x.begin(), x.end());
      const double hi = x.empty() ? std::nan("") : *std::max_element(x.begin(), x.end());
      const int64_t need = runs_for_precision(m.sd, 0.05 * std::fabs(m.mean));
      md_ += "| " + std::string(figures_[f].name) + " | " + num(m.mean, dec) + " | " + (m.n > 1 ? num(m.sd, dec) : "-") +
             " | " + ci_text(mean_ci_[c][f], dec) + " | " + num(lo, dec) + " | " + num(hi, dec) + " | " +
             (m.n < 2 ? std::string("-") : need > n ? std::to_string(need) : std::string("enough")) + " |\n";
    }
    md_ += "\n\"Runs for ±5%\": runs for the 95% interval of the mean to be within 5% of it, when the study has fewer.\n\n";
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
    std::string sweep = "# " + s_.sweep + ", then per figure mean, 95% low, 95% high, predicted\n";
    for (size_t c = 0; c < s_.configs.size(); ++c) {
      sweep += s_.configs[c].sweep_value;
      for (const char* key : kSweepKeys) {
        const size_t f = figure_index(key);
        sweep += " " + num(moments_[c][f].mean, 6) + " " + num(mean_ci_[c][f].lo, 6) + " " + num(mean_ci_[c][f].hi, 6);
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

Status Reporter::write(const std::string& report_path, const std::string& graph_dir) {
  compute();
  const int runs = s_.runs;
  md_ += "# logical_clock study\n\n";
  md_ += std::to_string(s_.configs.size()) + " configuration(s) x " + std::to_string(runs) + " run(s) of " + s_.duration +
         " model seconds" + (s_.engine == "sim" ? " (simulation engine)" : " at speed " + s_.speed + " (real engine)") +
         ", " + (s_.sweep.empty() ? "" : "sweeping " + s_.sweep + ", ") + "base seed " + s_.seed +
         ". Every run was checked by lcstat: no run broke the model's rules.\n\n";
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
  if (!s.is_ok()) return s;
  return write_whole_file(report_path, md_);
}

}  // namespace

Status write_report(const Study& study, const std::string& report_path, const std::string& graph_dir) {
  Reporter reporter(study);
  return reporter.write(report_path, graph_dir);
}

}  // namespace lc::study
