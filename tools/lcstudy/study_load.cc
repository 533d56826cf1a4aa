// load_study: study.txt, summary.csv and machines.csv read and checked (study.h).
#include "study.h"
#include "study_checks.h"
#include "study_params.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>

#include "csv.h"

namespace lc::study {

namespace {

// A figure's range: a share is a fraction; every other figure (a count, mean, rate or time) is
// from 0 to 10^15, beyond what any run gives (a clock or a count that large would be past the
// integers a double holds exactly, and sums over runs would lose the small values).
double upper_bound(const std::string& column) {
  const bool share = column.size() >= 5 && column.compare(column.size() - 5, 5, "share") == 0;
  return share ? 1.0 : 1e15;
}

// A count (ticks, messages pending) or a largest jump, queue or drift (differences of clocks,
// lengths) is a whole number.
Status whole_if_count(const Csv& csv, size_t row, int col, double v) {
  const std::string& name = csv.header[static_cast<size_t>(col)];
  static const char* const kWhole[] = {"ticks", "pending", "jump_max", "queue_max", "drift_max", "heal_jump_max", "received"};
  if (std::isnan(v) || v == std::floor(v) || std::find(std::begin(kWhole), std::end(kWhole), name) == std::end(kWhole))
    return Status::ok();
  return Status::error(csv.where(row) + ": " + name + " " + csv.field(row, col) + " is not a whole number");
}

// A row's configuration (known to study.txt) and run (1 to runs=).
Status row_run(const Study& study, const std::map<std::string, size_t>& index, const Csv& csv, size_t row,
               int c_config, int c_run, RunKey* key) {
  auto it = index.find(csv.field(row, c_config));
  if (it == index.end())
    return Status::error(csv.where(row) + ": configuration '" + csv.field(row, c_config) + "' is not in study.txt");
  long long run = 0;
  Status s = whole_field(csv, row, c_run, 1, study.runs, &run);
  *key = {it->second, static_cast<int>(run)};
  return s;
}

// summary.csv: every configuration's runs 1 to runs=, each exactly once, as study.txt has them.
Status load_runs(const std::string& dir, Study* study, const std::map<std::string, size_t>& index,
                 std::map<RunKey, size_t>* run_at, std::map<RunKey, std::vector<long long>>* rates_of) {
  Csv runs;
  Status s = runs.load(dir + "/summary.csv");
  if (!s.is_ok()) return s;
  study->has_invented_share = runs.column("invented_share") >= 0;
  // The largest jump after the heal: a partition sweep's figure (run_experiments.sh's), in a
  // partition sweep always.
  study->has_heal_jump = runs.column("heal_jump_max") >= 0;
  if (study->has_heal_jump != (study->sweep == "partition"))
    return Status::error(runs.path + (study->has_heal_jump ? ": a heal_jump_max column, but study.txt's sweep is not partition"
                                                           : ": no heal_jump_max column, which a partition sweep has"));
  const std::vector<RunFigure>& figures = study->figures();
  int c_config = -1, c_run = -1, c_dir = -1, c_seed = -1, c_rates = -1, c_machines = -1;
  for (auto [name, col] : {std::pair{"config", &c_config}, {"run", &c_run}, {"run_dir", &c_dir}, {"seed", &c_seed},
                           {"rates", &c_rates}, {"machines", &c_machines}})
    if (!(s = runs.need(name, col)).is_ok()) return s;
  const int c_status = runs.column("status"), c_k = runs.column("internal_max");
  const int c_violations = runs.column("violations"), c_lost = runs.column("lost"), c_undelivered = runs.column("undelivered");
  const int c_ticks = runs.column("ticks"), c_received = runs.column("received");
  std::vector<int> run_cols(figures.size(), -1);
  for (size_t f = 0; f < figures.size(); ++f) {
    const std::string key = figures[f].key;
    if (key.rfind("slow.", 0) == 0 || key.rfind("fast.", 0) == 0) continue;
    if (!(s = runs.need(key, &run_cols[f])).is_ok()) return s;
  }
  std::map<std::string, size_t> seed_row;
  for (size_t i = 0; i < runs.rows.size(); ++i) {
    const std::string where = runs.where(i);
    RunKey key;
    if (!(s = row_run(*study, index, runs, i, c_config, c_run, &key)).is_ok()) return s;
    const Config& config = study->configs[key.first];
    if (auto [it, fresh] = run_at->emplace(key, study->runs_rows.size()); !fresh)
      return Status::error(where + ": " + run_name(*study, key) + " again (line " +
                           std::to_string(runs.lines[it->second]) + ")");
    RunRow r;
    r.config = key.first;
    r.run = key.second;
    r.run_dir = runs.field(i, c_dir);
    r.seed = runs.field(i, c_seed);
    r.rates = runs.field(i, c_rates);
    if (r.run_dir != config.label + "/run" + std::to_string(r.run))
      return Status::error(where + ": run_dir '" + r.run_dir + "' is not " + config.label + "/run" + std::to_string(r.run));
    if (runs.field(i, c_machines) != std::to_string(config.machines))
      return Status::error(where + ": machines " + runs.field(i, c_machines) + ", study.txt says " +
                           std::to_string(config.machines) + " for " + config.label);
    if (c_k >= 0 && runs.field(i, c_k) != std::to_string(config.internal_max))
      return Status::error(where + ": internal_max " + runs.field(i, c_k) + ", study.txt says " +
                           std::to_string(config.internal_max) + " for " + config.label);
    if (c_status >= 0 && runs.field(i, c_status) != "complete")
      return Status::error(where + ": status '" + runs.field(i, c_status) + "': a study takes complete runs only");
    // The runs lcstat passed, whole: nothing broke a rule, nothing was lost. What a partition
    // still held at the end (lcstat's undelivered, counted in its lost) is no loss.
    long long undelivered = 0;
    if (c_undelivered >= 0 && !(s = whole_field(runs, i, c_undelivered, 0, 1000000000000000, &undelivered)).is_ok())
      return s;
    r.undelivered = static_cast<double>(undelivered);
    long long ticks = 0;
    if (c_ticks >= 0) {
      if (!(s = whole_field(runs, i, c_ticks, 0, 1000000000000000, &ticks)).is_ok()) return s;
      r.ticks = static_cast<double>(ticks);
    }
    long long received = 0;
    if (c_received >= 0) {
      if (!(s = whole_field(runs, i, c_received, 0, 1000000000000000, &received)).is_ok()) return s;
      r.received = static_cast<double>(received);
    }
    if (c_violations >= 0 && runs.field(i, c_violations) != "0")
      return Status::error(where + ": violations '" + runs.field(i, c_violations) +
                           "': a study takes runs lcstat passed, with nothing lost");
    if (c_lost >= 0 && runs.field(i, c_lost) != std::to_string(undelivered))
      return Status::error(where + ": lost '" + runs.field(i, c_lost) + "'" +
                           (undelivered > 0 ? " (undelivered " + std::to_string(undelivered) + ")" : "") +
                           ": a study takes runs lcstat passed, with nothing lost");
    long long seed = 0;
    if (!parse_whole(r.seed, 0, std::numeric_limits<long long>::max(), &seed)) return Status::error(where + ": seed '" + r.seed + "' is not a seed");
    r.seed_value = static_cast<uint64_t>(seed);
    if (auto [it, fresh] = seed_row.emplace(r.seed, i); !fresh)
      return Status::error(where + ": seed " + r.seed + " again (line " + std::to_string(runs.lines[it->second]) +
                           "): every run of a study has its own");
    // The rates: N whole numbers, the configuration's fixed ones or drawn from 1..RATE_MAX.
    std::vector<long long>& rates = (*rates_of)[key];
    for (const std::string& text : split(r.rates, ';')) {
      long long rate = 0;
      if (!parse_whole(text, 1, config.rate_max(), &rate)) {
        rates.clear();
        break;
      }
      rates.push_back(rate);
    }
    std::string spec = r.rates;
    std::replace(spec.begin(), spec.end(), ';', ',');
    if (rates.size() != static_cast<size_t>(config.machines) || (config.fixed_rates() && spec != config.rate_spec))
      return Status::error(where + ": rates '" + r.rates + "' are not " + std::to_string(config.machines) + " rates of " +
                           config.title());
    r.v.assign(figures.size(), std::nan(""));
    for (size_t f = 0; f < figures.size(); ++f) {
      if (run_cols[f] < 0) continue;
      const std::string key_name = figures[f].key;
      // (empty: no pair ordered by the clocks; no event after the heal, a heal past the run's end)
      s = number_field(runs, i, run_cols[f], 0, upper_bound(key_name),
                       key_name == "invented_share" || key_name == "heal_jump_max", &r.v[f]);
      if (s.is_ok()) s = whole_if_count(runs, i, run_cols[f], r.v[f]);
      if (!s.is_ok()) return s;
    }
    study->runs_rows.push_back(std::move(r));
  }
  for (size_t c = 0; c < study->configs.size(); ++c)
    for (int run = 1; run <= study->runs; ++run)
      if (run_at->count({c, run}) == 0)
        return Status::error(runs.path + ": " + run_name(*study, {c, run}) + " is missing (study.txt: runs=" +
                             std::to_string(study->runs) + ")");
  return Status::ok();
}

// machines.csv: each run of summary.csv's machines 0 to N-1, each exactly once, with its rates.
Status load_machines(const std::string& dir, Study* study, const std::map<std::string, size_t>& index,
                     const std::map<RunKey, size_t>& run_at, const std::map<RunKey, std::vector<long long>>& rates_of) {
  Csv machines;
  Status s = machines.load(dir + "/machines.csv");
  if (!s.is_ok()) return s;
  int m_config = -1, m_run = -1, m_machine = -1, m_rate = -1, m_queue = -1;
  for (auto [name, col] : {std::pair{"config", &m_config}, {"run", &m_run}, {"machine", &m_machine},
                           {"rate", &m_rate}, {"pred_queue", &m_queue}})
    if (!(s = machines.need(name, col)).is_ok()) return s;
  int m_cols[kMachineFigures] = {};
  for (int f = 0; f < kMachineFigures; ++f) {
    if (f == kGrowthSe || f == kReceived) {
      m_cols[f] = machines.column(machine_figure(f).column);
      continue;
    }
    if (!(s = machines.need(machine_figure(f).column, &m_cols[f])).is_ok()) return s;
  }
  std::map<std::pair<RunKey, int>, size_t> seen;  // -> row
  std::map<RunKey, int> count;
  for (size_t i = 0; i < machines.rows.size(); ++i) {
    const std::string where = machines.where(i);
    RunKey key;
    if (!(s = row_run(*study, index, machines, i, m_config, m_run, &key)).is_ok()) return s;
    if (run_at.count(key) == 0) return Status::error(where + ": " + run_name(*study, key) + " is not in summary.csv");
    const std::vector<long long>& rates = rates_of.at(key);
    long long id = 0, rate = 0;
    if (!(s = whole_field(machines, i, m_machine, 0, static_cast<long long>(rates.size()) - 1, &id)).is_ok()) return s;
    if (auto [it, fresh] = seen.emplace(std::pair{key, static_cast<int>(id)}, i); !fresh)
      return Status::error(where + ": machine " + std::to_string(id) + " of " + run_name(*study, key) + " again (line " +
                           std::to_string(machines.lines[it->second]) + ")");
    if (!(s = whole_field(machines, i, m_rate, 1, 1000000, &rate)).is_ok()) return s;
    if (rate != rates[static_cast<size_t>(id)])
      return Status::error(where + ": rate " + std::to_string(rate) + " of machine " + std::to_string(id) + " of " +
                           run_name(*study, key) + ", summary.csv says " + std::to_string(rates[static_cast<size_t>(id)]));
    MachineRow m;
    m.config = key.first;
    m.run = key.second;
    m.machine = static_cast<int>(id);
    m.rate = static_cast<double>(rate);
    m.pred_queue = machines.field(i, m_queue);
    if (!m.pred_queue.empty() && m.pred_queue != "bounded" && m.pred_queue != "critical" && m.pred_queue != "grows")
      return Status::error(where + ": pred_queue '" + m.pred_queue + "' is not bounded, critical or grows");
    for (int f = 0; f < kMachineFigures; ++f) {
      const std::string column = machine_figure(f).column;
      if (m_cols[f] < 0) {
        m.v[f] = std::nan("");
        continue;
      }
      s = number_field(machines, i, m_cols[f], 0, upper_bound(column), column.rfind("pred_", 0) == 0, &m.v[f]);
      if (s.is_ok()) s = whole_if_count(machines, i, m_cols[f], m.v[f]);
      if (!s.is_ok()) return s;
    }
    if (Status c = consistent_machine(m, where); !c.is_ok()) return c;
    // A queue that changed has a spread (lcstat: the root of its squared steps), so a growth
    // away from 0 with none is not lcstat's.
    if (m.v[kGrowthSe] == 0 && m.v[kGrowth] != 0)
      return Status::error(where + ": growth " + machines.field(i, m_cols[kGrowth]) + " with growth_se 0");
    ++count[key];
    study->machine_rows.push_back(m);
  }
  for (const auto& [key, row] : run_at) {
    const int n = study->configs[key.first].machines;
    if (count[key] != n)
      return Status::error(machines.path + ": " + run_name(*study, key) + " has " + std::to_string(count[key]) +
                           " machine(s), study.txt says " + std::to_string(n));
  }
  return Status::ok();
}

}  // namespace

Status load_study(const std::string& dir, Study* study) {
  std::map<std::string, size_t> index;
  std::map<RunKey, size_t> run_at;
  std::map<RunKey, std::vector<long long>> rates_of;
  Status s = load_params(dir, study, &index);
  if (s.is_ok()) s = load_runs(dir, study, index, &run_at, &rates_of);
  if (s.is_ok()) s = load_machines(dir, study, index, run_at, rates_of);
  if (!s.is_ok()) return s;
  const std::map<RunKey, MachineSums> sums = machine_sums(*study);
  if (s = agree(*study, run_at, sums, dir + "/summary.csv"); !s.is_ok()) return s;
  const std::vector<RunFigure>& figures = study->figures();

  // Each run's slowest and fastest machines, relative rates, and the run figures they give (a
  // tie for slowest or fastest: the mean over the tied machines).
  std::map<RunKey, std::pair<double, double>> extremes;  // lowest, highest rate
  for (const MachineRow& m : study->machine_rows) {
    auto [it, fresh] = extremes.try_emplace({m.config, m.run}, m.rate, m.rate);
    if (!fresh) {
      it->second.first = std::min(it->second.first, m.rate);
      it->second.second = std::max(it->second.second, m.rate);
    }
  }
  for (MachineRow& m : study->machine_rows) {
    const auto [lo, hi] = extremes[{m.config, m.run}];
    m.rel_rate = hi > 0 ? m.rate / hi : 0;
    m.slowest = m.rate == lo;
    m.fastest = m.rate == hi;
  }
  // Each value's grain (spread_median.h); a mean over a run's slowest or fastest machines
  // divides it below.
  const double duration = std::strtod(study->duration.c_str(), nullptr);
  for (RunRow& r : study->runs_rows) {
    r.grain.assign(figures.size(), 0);
    for (size_t f = 0; f < figures.size(); ++f) {
      if (figures[f].grain == Grain::kWhole) r.grain[f] = 1;
      if (figures[f].grain == Grain::kSixDecimals) r.grain[f] = 1e-6;
      if (figures[f].grain == Grain::kPerSecond && std::isfinite(duration) && duration > 0) r.grain[f] = 1 / duration;
      if (figures[f].grain == Grain::kPerTick && r.ticks > 0) r.grain[f] = 1 / r.ticks;
    }
  }
  for (size_t f = 0; f < figures.size(); ++f) {
    const std::string key = figures[f].key;
    const bool slow = key.rfind("slow.", 0) == 0, fast = key.rfind("fast.", 0) == 0;
    if (!slow && !fast) continue;
    int mf = -1;
    for (int i = 0; i < kMachineFigures; ++i)
      if (key.substr(5) == machine_figure(i).column) mf = i;
    struct Sum {
      double value = 0, ticks = 0;
      int machines = 0;
    };
    std::map<size_t, Sum> acc;  // run row -> its machines' sums
    for (const MachineRow& m : study->machine_rows) {
      if (mf < 0 || !(slow ? m.slowest : m.fastest) || (m.v[kTicks] == 0 && over_events(key)) ||
          (m.v[kReceived] == 0 && over_receives(key)))
        continue;
      Sum& a = acc[run_at.at({m.config, m.run})];
      a.value += m.v[mf];
      a.ticks += m.v[kTicks];
      a.machines += 1;
    }
    for (const auto& [row, a] : acc) {
      RunRow& r = study->runs_rows[row];
      r.v[f] = a.value / a.machines;
      r.grain[f] = figures[f].grain == Grain::kPerTick ? (a.ticks > 0 ? 1 / a.ticks : 0) : r.grain[f] / a.machines;
    }
  }
  // A figure over all machines' events, of a run none of whose machines ticked: lcstat's 0 is no
  // measurement (those over the slowest or fastest machines were left out above).
  // So is a queue wait of a run that received nothing.
  // (A summary.csv without `received`: its machines' sum, when machines.csv has it.)
  for (RunRow& r : study->runs_rows) {
    const MachineSums& sum = sums.at({r.config, r.run});
    const double got = std::isnan(r.received) ? sum.received : r.received;
    const bool idle = sum.ticks == 0, unreceived = got == 0;
    if (!idle && !unreceived) continue;
    for (size_t f = 0; f < figures.size(); ++f) {
      const std::string key = figures[f].key;
      if (key.rfind("slow.", 0) == 0 || key.rfind("fast.", 0) == 0) continue;
      if ((idle && over_events(key)) || (unreceived && over_receives(key))) r.v[f] = std::nan("");
    }
  }
  return Status::ok();
}

}  // namespace lc::study
