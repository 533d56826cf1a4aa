#include "study.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "csv.h"
#include "stats.h"

namespace lc::study {
namespace {

const MachineFigureInfo kMachineInfo[kMachineFigures] = {
    {"jump_mean", "mean jump", 3},
    {"jump_max", "max jump", 1},
    {"recv_share", "share of ticks that are receives", 3},
    {"queue_mean", "mean queue length", 2},
    {"queue_max", "max queue length", 1},
    {"wait_mean", "mean queue wait (s)", 3},
    {"pending", "messages pending at the end", 1},
    {"clock_rate", "clock rate (units/s)", 3},
    {"growth", "queue growth (messages/s)", 3},
    {"pred_recv_share", "predicted share of receives", 3},
    {"pred_growth", "predicted queue growth (messages/s)", 3},
    {"arrival_rate", "arrivals (messages/s)", 3},
    {"pred_arrival_rate", "predicted arrivals (messages/s)", 3},
    {"ticks", "ticks", 0},
    {"growth_se", "standard error of the queue growth (messages/s)", 6},
    {"received", "messages received", 0},
};

}  // namespace

int Config::rate_max() const {
  int best = 0;
  for (const std::string& r : split(rate_spec, ',')) best = std::max(best, std::atoi(r.c_str()));
  return best;
}

std::string Config::title() const {
  std::string t = fixed_rates() ? "rates " + rate_spec : "RATE_MAX " + rate_spec;
  t += ", INTERNAL_MAX " + std::to_string(internal_max);
  if (machines != 3) t += ", " + std::to_string(machines) + " machines";
  if (!network.empty()) t += ", " + network;
  if (copy > 1) t += " (copy " + std::to_string(copy) + ")";
  return t;
}

const MachineFigureInfo& machine_figure(int figure) { return kMachineInfo[figure]; }

const std::vector<RunFigure>& run_figures(bool with_invented_share, bool with_heal_jump) {
  static const std::vector<RunFigure> base = {
      {"jump_mean", "mean jump", 3, true, Grain::kPerTick},
      {"jump_max", "max jump", 1, true, Grain::kWhole},
      {"drift_mean", "mean drift", 2, true, Grain::kPerTick},
      {"drift_max", "max drift", 1, false, Grain::kWhole},
      {"queue_mean", "mean queue length", 3, true, Grain::kPerTick},
      {"queue_max", "max queue length", 1, false, Grain::kWhole},
      {"wait_mean", "mean queue wait (s)", 3, false, Grain::kSixDecimals},
      {"wait_max", "max queue wait (s)", 2, false, Grain::kSixDecimals},
      {"pending", "number of messages pending at the end", 1, true, Grain::kWhole},
      {"clock_rate_min", "lowest clock rate (units/s)", 3, false, Grain::kPerSecond},
      {"clock_rate_max", "highest clock rate (units/s)", 3, false, Grain::kPerSecond},
      {"growth", "queue growth over all machines (messages/s)", 3, false, Grain::kPerSecond},
      {"slow.jump_mean", "mean jump of the slowest machine", 3, true, Grain::kPerTick},
      {"slow.jump_max", "max jump of the slowest machine", 1, true, Grain::kWhole},
      {"slow.recv_share", "share of the slowest machine's ticks that are receives", 3, true, Grain::kPerTick},
      {"slow.queue_mean", "mean queue length of the slowest machine", 2, false, Grain::kPerTick},
      {"slow.queue_max", "max queue length of the slowest machine", 1, false, Grain::kWhole},
      {"slow.wait_mean", "mean queue wait of the slowest machine (s)", 3, false, Grain::kSixDecimals},
      {"slow.pending", "number of messages pending at the end on the slowest machine", 1, false, Grain::kWhole},
      {"slow.clock_rate", "clock rate of the slowest machine (units/s)", 3, false, Grain::kPerSecond},
      {"slow.growth", "queue growth of the slowest machine (messages/s)", 3, false, Grain::kPerSecond},
      {"fast.jump_mean", "mean jump of the fastest machine", 3, false, Grain::kPerTick},
      {"fast.recv_share", "share of the fastest machine's ticks that are receives", 3, false, Grain::kPerTick},
  };
  static const RunFigure invented = {"invented_share", "share of Lamport-ordered pairs that are concurrent", 3, true,
                                     Grain::kSixDecimals};
  // Over the events from the heal (its partition's end; its start without one) to the run's end:
  // the jumps of the heal's aftermath (run_experiments.sh takes them from the logs, as lcstat).
  static const RunFigure heal = {"heal_jump_max", "largest jump after the heal", 1, false, Grain::kWhole};
  static const std::vector<RunFigure> with[4] = {
      base,
      [] { std::vector<RunFigure> v = base; v.push_back(invented); return v; }(),
      [] { std::vector<RunFigure> v = base; v.push_back(heal); return v; }(),
      [] { std::vector<RunFigure> v = base; v.push_back(invented); v.push_back(heal); return v; }(),
  };
  return with[(with_invented_share ? 1 : 0) + (with_heal_jump ? 2 : 0)];
}

bool over_events(const std::string& key) {
  for (const char* word : {"jump", "drift", "queue", "wait", "recv_share"})
    if (key.find(word) != std::string::npos) return true;
  return false;
}

bool over_receives(const std::string& key) { return key.find("wait") != std::string::npos; }

std::vector<double> Study::values(size_t c, size_t f) const {
  std::vector<double> out;
  for (const RunRow& r : runs_rows)
    if (r.config == c && !std::isnan(r.v[f])) out.push_back(r.v[f]);
  return out;
}

double least_value(const std::string& key) { return key.find("jump") != std::string::npos ? 1 : 0; }

double most_value(const std::string& key) {
  return key.size() >= 5 && key.compare(key.size() - 5, 5, "share") == 0 ? 1 : INFINITY;
}

Cell Study::cell(const RunRow& r, size_t f) const {
  const std::string key = figures()[f].key;
  return cell_of(r.v[f], f < r.grain.size() ? r.grain[f] : 0, least_value(key), most_value(key));
}

std::vector<double> Study::spread_values(size_t c, size_t f) const {
  const uint64_t stream = stream_of((std::string("spread ") + figures()[f].key).c_str());
  std::vector<double> out;
  for (const RunRow& r : runs_rows)
    if (r.config == c && !std::isnan(r.v[f])) out.push_back(spread_value(cell(r, f), r.seed_value, stream));
  return out;
}

}  // namespace lc::study
