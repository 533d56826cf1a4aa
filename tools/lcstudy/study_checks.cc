// consistent_machine and agree: a study's figures checked against one another (study_checks.h).
#include "study_checks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace lc::study {

std::string number_text(double v) {
  char buf[64];
  // Whole numbers (ticks, counts) in full: a sum off by 1 must not print as its neighbour.
  if (v == std::floor(v) && std::fabs(v) < 1e17) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string run_name(const Study& study, const RunKey& key) {
  return "run " + std::to_string(key.second) + " of " + study.configs[key.first].label;
}

std::map<RunKey, MachineSums> machine_sums(const Study& study) {
  std::map<RunKey, MachineSums> sums;
  for (const MachineRow& m : study.machine_rows) {
    MachineSums& sum = sums[{m.config, m.run}];
    sum.ticks += m.v[kTicks];
    sum.received += m.v[kReceived];
  }
  return sums;
}

// The limits printed figures must keep with one another: a mean at most its maximum; a machine
// that ticked moved its clock by at least 1 at every event; one that did not has lcstat's 0 for
// every figure over events. Figures are printed with 6 decimals: two of them may each be off by
// half a unit of the last (1e-6 in all, and a binary double's error past it).
constexpr double kPrinted = 2e-6;
Status consistent_machine(const MachineRow& m, const std::string& where) {
  auto text = [&](int f) { return std::string(machine_figure(f).column) + " " + number_text(m.v[f]); };
  for (auto [mean, max] : {std::pair{kJumpMean, kJumpMax}, {kQueueMean, kQueueMax}})
    if (m.v[mean] > m.v[max] + kPrinted) return Status::error(where + ": " + text(mean) + " is above its " + text(max));
  if (m.v[kReceived] == 0 && m.v[kWaitMean] != 0)
    return Status::error(where + ": " + text(kWaitMean) + " on a machine that received nothing (lcstat gives 0)");
  if (m.v[kTicks] > 0) {
    for (int f : {kJumpMean, kJumpMax})
      if (m.v[f] < 1 - kPrinted)
        return Status::error(where + ": " + text(f) + " with " + text(kTicks) +
                             ": every event moves a clock by at least 1");
    return Status::ok();
  }
  for (int f : {kJumpMean, kJumpMax, kRecvShare, kQueueMean, kQueueMax, kWaitMean})
    if (m.v[f] != 0) return Status::error(where + ": " + text(f) + " on a machine with no tick (lcstat gives 0)");
  if (m.v[kReceived] > 0) return Status::error(where + ": " + text(kReceived) + " on a machine with no tick");
  return Status::ok();
}

// summary.csv's figures over all machines are lcstat's of machines.csv's: the largest jump and
// queue the largest of the machines', the pending their sum, the clock rates their extremes.
// A run whose two files disagree would make the report contradict itself.
Status agree(const Study& study, const std::map<RunKey, size_t>& run_at, const std::map<RunKey, MachineSums>& sums,
             const std::string& path) {
  const std::vector<RunFigure>& figures = study.figures();
  auto run_figure = [&](const char* key) {
    for (size_t f = 0; f < figures.size(); ++f)
      if (std::string(figures[f].key) == key) return f;
    return figures.size();
  };
  struct Rule {
    size_t run;
    int machine;
    char how;  // '>' the largest, '<' the smallest, '+' the sum
  };
  const Rule rules[] = {{run_figure("jump_max"), kJumpMax, '>'},   {run_figure("queue_max"), kQueueMax, '>'},
                        {run_figure("pending"), kPending, '+'},    {run_figure("clock_rate_min"), kClockRate, '<'},
                        {run_figure("clock_rate_max"), kClockRate, '>'}};
  std::map<RunKey, std::vector<const MachineRow*>> of_run;
  for (const MachineRow& m : study.machine_rows) of_run[{m.config, m.run}].push_back(&m);
  for (const auto& [key, row] : run_at) {
    const RunRow& r = study.runs_rows[row];
    for (const Rule& rule : rules) {
      double v = rule.how == '+' ? 0 : of_run[key][0]->v[rule.machine];
      for (const MachineRow* m : of_run[key]) {
        const double x = m->v[rule.machine];
        v = rule.how == '+' ? v + x : rule.how == '>' ? std::max(v, x) : std::min(v, x);
      }
      // The rates are printed with 6 decimals in both files; the rest are whole numbers.
      if (std::fabs(r.v[rule.run] - v) > 1e-6 * std::max(1.0, std::fabs(v)))
        return Status::error(path + ": " + run_name(study, key) + ": " + figures[rule.run].key + " " +
                             number_text(r.v[rule.run]) + ", but its machines in machines.csv give " + number_text(v));
    }
    // The ticks are its machines'; a mean is at most its maximum, and a mean over the events of
    // every machine lies between the machines' own (0 where none ticked).
    const MachineSums& sum = sums.at(key);
    const double ticks = sum.ticks;
    if (!std::isnan(r.ticks) && r.ticks != ticks)
      return Status::error(path + ": " + run_name(study, key) + ": ticks " + number_text(r.ticks) +
                           ", but its machines in machines.csv have " + number_text(ticks));
    if (!std::isnan(r.received) && !std::isnan(sum.received) && r.received != sum.received)
      return Status::error(path + ": " + run_name(study, key) + ": received " + number_text(r.received) +
                           ", but its machines in machines.csv have " + number_text(sum.received));
    // What the run received: summary.csv's count, or its machines' where summary.csv has none.
    const double received = std::isnan(r.received) ? sum.received : r.received;
    const size_t wait_mean = run_figure("wait_mean"), wait_max = run_figure("wait_max");
    if (received == 0 && (r.v[wait_mean] != 0 || r.v[wait_max] != 0))
      return Status::error(path + ": " + run_name(study, key) + ": a queue wait with nothing received (lcstat gives 0)");
    for (auto [mean, max] : {std::pair{"jump_mean", "jump_max"}, {"queue_mean", "queue_max"},
                             {"wait_mean", "wait_max"}, {"drift_mean", "drift_max"}}) {
      const double a = r.v[run_figure(mean)], b = r.v[run_figure(max)];
      if (a > b + kPrinted)
        return Status::error(path + ": " + run_name(study, key) + ": " + mean + " " + number_text(a) + " is above its " +
                             max + " " + number_text(b));
    }
    for (auto [figure, machine] : {std::pair{"jump_mean", kJumpMean}, {"queue_mean", kQueueMean}}) {
      double lo = ticks > 0 ? INFINITY : 0, hi = ticks > 0 ? -INFINITY : 0;
      for (const MachineRow* m : of_run[key])
        if (m->v[kTicks] > 0) lo = std::min(lo, m->v[machine]), hi = std::max(hi, m->v[machine]);
      const double v = r.v[run_figure(figure)];
      if (v < lo - kPrinted || v > hi + kPrinted)
        return Status::error(path + ": " + run_name(study, key) + ": " + figure + " " + number_text(v) +
                             ", but its machines that ticked in machines.csv give " + number_text(lo) + " to " +
                             number_text(hi));
    }
    // The largest jump after the heal is one of the run's jumps.
    const size_t heal = run_figure("heal_jump_max"), largest = run_figure("jump_max");
    if (heal < figures.size() && !std::isnan(r.v[heal]) && r.v[heal] > r.v[largest])
      return Status::error(path + ": " + run_name(study, key) + ": heal_jump_max " + number_text(r.v[heal]) +
                           " is above its jump_max " + number_text(r.v[largest]));
  }
  return Status::ok();
}

}  // namespace lc::study
