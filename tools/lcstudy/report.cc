#include "report.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <vector>

#include "logical_clock/base/file_io.h"
#include "reporter.h"

namespace lc::study {

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
  count_ticks();
}

void Reporter::count_ticks() {
  for (const MachineRow& m : s_.machine_rows) {
    RunTicks& t = ticks_[{m.config, m.run}];
    t.all += m.v[kTicks];
    if (m.slowest) t.slow += m.v[kTicks];
    if (m.fastest) t.fast += m.v[kTicks];
    t.one_rate = t.one_rate || (m.slowest && m.fastest);
  }
}

int Reporter::runs_without_ticks(size_t c, size_t f) const {
  if (!over_events(figures_[f].key)) return 0;
  const std::string key = figures_[f].key;
  int n = 0;
  for (const auto& [at, t] : ticks_) {
    if (at.first != c) continue;
    const double ticks = key.rfind("slow.", 0) == 0 ? t.slow : key.rfind("fast.", 0) == 0 ? t.fast : t.all;
    n += ticks == 0;
  }
  return n;
}

std::string Reporter::median_phrase(size_t c, size_t f, int decimals) const {
  const std::string key = figures_[f].key;
  const std::string where = key.rfind("slow.", 0) == 0   ? "on the slowest machine"
                            : key.rfind("fast.", 0) == 0 ? "on the fastest machine"
                                                         : "on any machine";
  const int idle = runs_without_ticks(c, f), measured = runs_of(c, f), runs = runs_of(c);
  if (measured == 0 && idle > 0)
    return "not measured (no tick " + where + " " + in_any_of(runs) + ")";
  if (measured == 0) return "not measured (" + (runs == 1 ? std::string("in its one run") : "in none of the " + count_of(runs, "run", "runs")) + ")";
  std::string phrase = estimate_phrase(median_[c][f], decimals);
  if (measured == runs) return phrase;
  return phrase.substr(0, phrase.size() - 1) + "; over the " + std::to_string(measured) + " of " +
         std::to_string(runs) + " runs that measured it" +
         (idle > 0 ? ", " + std::to_string(idle) + " having no tick " + where : std::string()) + ")";
}

bool Reporter::same_everywhere(const Comparison& cmp, size_t f) const {
  const std::vector<double> xa = s_.values(cmp.a, f), xb = s_.values(cmp.b, f);
  // "in every run of both": every run has the figure.
  if (xa.empty() || xb.empty() || static_cast<int>(xa.size()) != runs_of(cmp.a) ||
      static_cast<int>(xb.size()) != runs_of(cmp.b))
    return false;
  for (double v : xa)
    if (v != xa[0]) return false;
  for (double v : xb)
    if (v != xa[0]) return false;
  return true;
}

std::vector<const char*> Reporter::sweep_keys() const {
  if (s_.sweep == "partition") return {std::begin(kPartitionSweepKeys), std::end(kPartitionSweepKeys)};
  if (s_.sweep == "latency_ms") return {std::begin(kLatencySweepKeys), std::end(kLatencySweepKeys)};
  return {std::begin(kSweepKeys), std::end(kSweepKeys)};
}

std::string Reporter::sweep_name() const {
  if (s_.sweep == "partition") {
    const size_t at = s_.partition_at.find('@');
    return "the length of partition " + s_.partition_at.substr(0, at) + " starting at model second " +
           s_.partition_at.substr(at + 1);
  }
  if (s_.sweep == "latency_ms")
    return s_.sweep_link.empty() ? "the delay of every channel" : "the delay of channel " + s_.sweep_link;
  return s_.sweep;
}

std::string Reporter::sweep_unit() const {
  return s_.sweep == "partition" ? " s" : s_.sweep == "latency_ms" ? " ms" : "";
}

std::string Reporter::sweep_axis() const {
  if (s_.sweep == "partition") return "partition length (s)";
  if (s_.sweep == "latency_ms") return s_.sweep_link.empty() ? "link delay (ms)" : "link " + s_.sweep_link + " delay (ms)";
  return s_.sweep;
}

std::string Reporter::describe(const Config& a, const Config& b) const {
  std::vector<std::string> parts;
  // Fixed rates against drawn ones name each side's kind: "RATE_MAX 6 instead of rates 1,3,6",
  // never "rates 6" for rates drawn up to 6.
  if (a.rate_spec != b.rate_spec) {
    if (!a.fixed_rates() && !b.fixed_rates())
      parts.push_back("RATE_MAX " + b.rate_spec + " instead of " + a.rate_spec);
    else if (a.fixed_rates() && b.fixed_rates())
      parts.push_back("rates " + b.rate_spec + " instead of " + a.rate_spec);
    else
      parts.push_back((b.fixed_rates() ? "rates " : "RATE_MAX ") + b.rate_spec + " instead of " +
                      (a.fixed_rates() ? "rates " : "RATE_MAX ") + a.rate_spec);
  }
  if (a.internal_max != b.internal_max)
    parts.push_back("INTERNAL_MAX " + std::to_string(b.internal_max) + " instead of " + std::to_string(a.internal_max));
  if (a.machines != b.machines)
    parts.push_back(std::to_string(b.machines) + " machines instead of " + std::to_string(a.machines));
  if (a.network != b.network) {
    if (s_.sweep == "partition")
      parts.push_back((b.sweep_value == "0" ? std::string("no partition") : "a partition of " + b.sweep_value + " s") +
                      " instead of " + (a.sweep_value == "0" ? "none" : a.sweep_value + " s"));
    else
      parts.push_back("a delay of " + b.sweep_value + " ms instead of " + a.sweep_value + " ms" +
                      (s_.sweep_link.empty() ? "" : " on channel " + s_.sweep_link));
  }
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  if (!text.empty()) return text;
  // Copies are numbered (Config::copy): with several, the heading says which is against which.
  auto name = [](const Config& c) { return c.copy > 1 ? "copy " + std::to_string(c.copy) : std::string("the first"); };
  return "the same parameters (" + name(b) + " against " + name(a) +
         ", a control: a difference told apart here is false)";
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
  if (a.network != b.network && !rate && !k && !n) {
    const bool more = std::stoll(b.sweep_value) > std::stoll(a.sweep_value);
    if (s_.sweep == "partition") return std::string(more ? "A longer" : "A shorter") + " partition (" + describe(a, b) + ")";
    return std::string(more ? "A slower " : "A faster ") + (s_.sweep_link.empty() ? "network" : "channel") + " (" +
           describe(a, b) + ")";
  }
  return "With " + describe(a, b);
}

std::string Reporter::sentence(const Comparison& cmp, size_t f, bool lead) const {
  const Config& a = s_.configs[cmp.a];
  const Config& b = s_.configs[cmp.b];
  const RunFigure& fig = figures_[f];
  const RankSumTest& d = cmp.diff[f];
  const int dec = fig.decimals;
  const double va = median_[cmp.a][f].estimate, vb = median_[cmp.b][f].estimate;
  const std::string with = lead ? "With " + describe(a, b) + ", the " : "The ";
  const int na = runs_of(cmp.a, f), nb = runs_of(cmp.b, f), ra = runs_of(cmp.a), rb = runs_of(cmp.b);
  if (!cmp.measured[f]) {
    if (na == 0 && nb == 0) return with + fig.name + " was measured in no run of either.";
    const bool first = na == 0;
    return with + fig.name + " cannot be compared: no run of the " + (first ? "first" : "second") +
           " measured it (the " + (first ? "second" : "first") + "'s " + median_word(f) + " " + num(first ? vb : va, dec) + " over " +
           count_of(first ? nb : na, "run", "runs") + ").";
  }
  // The runs' own value, not a median of spread values (which lies somewhere in its cell).
  if (same_everywhere(cmp, f))
    return with + fig.name + " is the same, " + num(s_.values(cmp.a, f)[0], dec) + ", in every run of both.";
  // Medians over fewer runs than the configurations have: how many.
  const std::string over =
      na == ra && nb == rb
          ? std::string()
          : " (over " + std::to_string(nb) + " and " + std::to_string(na) + " of the " +
                (ra == rb ? std::to_string(ra) : std::to_string(rb) + " and " + std::to_string(ra)) +
                " runs, the others without a value)";
  const RankInterval& diff = cmp.difference[f];
  const std::string evidence = p_phrase("rank-sum p", d.p) + ", " + p_phrase("adjusted", cmp.adjusted[f]);
  const std::string difference =
      "a difference of " + signed_num(diff.estimate, ci_decimals(diff, dec)) + " (" + ci_phrase(diff, dec);
  if (cmp.told(f)) {
    const bool up = d.superiority > 0.5;
    const std::string way = direction(d, diff);
    return with + fig.name + " " + direction_phrase(d, diff) + ": " + median_word(f) + " " + num(vb, dec) + " against " + num(va, dec) +
           over + ", " + difference + "); a run of the second is " + (up ? "higher" : "lower") + " than a run of the first in " +
           percent(up ? d.superiority : 1 - d.superiority) + " of pairs (" + evidence +
           (way.empty() ? "; the test tells the runs' distributions apart, not their medians"
            : direction_unbounded(diff)
                ? "; the test tells the runs apart, but the interval of the medians' difference still includes 0, "
                  "so by how much, or whether, the median moved is not told"
                : "") +
           ").";
  }
  return (lead ? "With " + describe(a, b) + ", the" : "The") + std::string(" study cannot tell whether the ") + fig.name +
         " changes: " + median_word(f) + " " + num(vb, dec) + " against " + num(va, dec) + over + ", " + difference + "; " + evidence +
         (diff.excludes_zero() ? "; the interval alone excludes 0, but not adjusted for the other figures and pairs" : "") +
         ").";
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
      const double v = machine_value(m, f);
      if (std::isnan(v)) continue;
      g.sum[f] += v;
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
    // The growth test needs no prediction: every machine is counted measured to grow or not.
    const bool meas = measured_grows(m);
    t.measured_grows += meas;
    if (m.pred_queue.empty()) continue;
    t.with_prediction++;
    const bool grows = m.pred_queue == "grows", critical = m.pred_queue == "critical";
    t.pred_grows += grows;
    t.pred_critical += critical;
    if (grows && !m.slowest) t.pred_grows_all_slowest = false;
    // On the boundary the theory predicts no drift: measured to grow is a disagreement there too.
    if (critical) {
      (meas ? t.disagree : t.agree)++;
      if (meas) t.disagree_near++;
      continue;
    }
    if (grows == meas) {
      t.agree++;
    } else {
      t.disagree++;
      const double load = m.v[kPredArrivalRate] / m.rate;
      if ((load >= 0.8 && load <= 1.25) || (grows && !shows_growth(m, std::stod(s_.duration)))) t.disagree_near++;
    }
    if (grows) {
      t.grows_pred_sum += m.v[kPredGrowth];
      t.grows_meas_sum += m.v[kGrowth];
      t.grows_pending_sum += m.v[kPending];
    } else {
      t.bounded++;
      t.bounded_pending_sum += m.v[kPending];
      if (m.v[kTicks] > 0) {  // a receive share over no tick is none
        t.bounded_ticked++;
        t.bounded_err_sum += std::fabs(m.v[kRecvShare] - m.v[kPredRecvShare]);
      }
    }
  }
  return t;
}

// The classic questions, one short line each, from the figures computed for the findings.

std::string Reporter::not_spread(const char* when_none) const {
  std::vector<std::string> names;
  for (size_t f = 0; f < figures_.size(); ++f)
    if (!spread(f)) names.push_back(std::string("the ") + figures_[f].name);
  if (names.empty()) return when_none;
  std::string text;
  for (size_t i = 0; i < names.size(); ++i)
    text += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
  return text;
}

Status Reporter::write_intervals(const std::string& path) const {
  // The estimate and the interval's ends at 6 decimals, or more where the ends would print alike.
  auto values = [](const RankInterval& i) {
    const int d = i.has_interval() ? decimals_apart(i.lo, i.hi, 6) : 6;
    auto value = [d](double v) { return std::isnan(v) ? std::string() : num(v, d); };
    return value(i.estimate) + "," + value(i.lo) + "," + value(i.hi);
  };
  std::string csv =
      "figure,configuration,other_configuration,runs,other_runs,estimate,low,high,level,method,difference,superiority,"
      "p,adjusted_p,told_apart,spread\n";
  for (size_t c = 0; c < s_.configs.size(); ++c) {
    for (size_t f = 0; f < figures_.size(); ++f) {
      const RankInterval& m = median_[c][f];
      csv += std::string(figures_[f].key) + "," + s_.configs[c].label + ",," + std::to_string(runs_of(c, f)) + ",," +
             values(m) + "," + (m.has_interval() ? num(m.level, 6) : "") + "," +
             (!m.has_interval() ? (m.tied ? "none_tied" : "none")
              : m.approximate ? "median_interval_interpolated"
                              : "median_order_statistics") + ",0,,,,," + (spread(f) ? "1" : "0") + "\n";
    }
  }
  for (const Comparison& cmp : pairs_) {
    for (size_t f = 0; f < figures_.size(); ++f) {
      if (!cmp.measured[f]) continue;
      const RankSumTest& d = cmp.diff[f];
      const RankInterval& diff = cmp.difference[f];
      const char* method = !diff.has_interval() ? (diff.tied ? "none_tied" : "none")
                           : diff.bootstrap     ? "median_difference_bootstrap"
                                                : "median_difference_order_statistics";
      csv += std::string(figures_[f].key) + "," + s_.configs[cmp.b].label + "," + s_.configs[cmp.a].label + "," +
             std::to_string(runs_of(cmp.b, f)) + "," + std::to_string(runs_of(cmp.a, f)) + "," + values(diff) + "," +
             (diff.has_interval() ? num(diff.level, 6) : "") + "," +
             method + ",1," + num(d.superiority, 6) + "," +
             num(d.p, 6) + "," + num(cmp.adjusted[f], 6) + "," + (cmp.told(f) ? "1" : "0") + "," +
             (spread(f) ? "1" : "0") + "\n";
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
         ", " + (s_.sweep.empty() ? "" : "sweeping " + sweep_name() + ", ") + "base seed " + s_.seed +
         ". Every run was checked by lcstat: no run broke the model's rules.\n\n";
  answers();
  findings();
  md_ += "## Repeat this study\n\n```\n" + s_.command + "\n```\n\n";
  md_ += "Per run: `summary.csv`; per machine of every run: `machines.csv`" +
         (s_.graphs > 0 ? "; graphs of the first " + count_of(s_.graphs, "run", "runs") +
                              " of each configuration: linked under each configuration below"
                        : std::string("; no run was plotted (`--graphs 0`)")) +
         ".\n\n";
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

Status write_report(const Study& study, const std::string& report_path, const std::string& graph_dir,
                    const std::string& intervals_path) {
  Reporter reporter(study);
  return reporter.write(report_path, graph_dir, intervals_path);
}

}  // namespace lc::study
