#include "study.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>

#include "logical_clock/base/file_io.h"

namespace lc::study {

namespace {

Status read_text(const std::string& path, std::string* text) {
  Fd fd;
  Status s = open_for_reading(path, &fd);
  if (!s.is_ok()) return s;
  text->clear();
  char buf[65536];
  for (;;) {
    size_t got = 0;
    if (!(s = read_file_some(fd.get(), buf, sizeof buf, &got, path)).is_ok()) return s;
    if (got == 0) return Status::ok();
    text->append(buf, got);
  }
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t end = line.find(sep, start);
    out.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

// A CSV file without quoting (the study's CSVs hold none), its columns found by name.
struct Csv {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  Status load(const std::string& file) {
    path = file;
    std::string text;
    Status s = read_text(file, &text);
    if (!s.is_ok()) return s;
    size_t line_no = 0, start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(start, end - start);
      start = end + 1;
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      if (header.empty()) {
        header = split(line, ',');
        continue;
      }
      rows.push_back(split(line, ','));
      if (rows.back().size() != header.size())
        return Status::error(file + ":" + std::to_string(line_no) + ": " + std::to_string(rows.back().size()) +
                             " fields, the header has " + std::to_string(header.size()));
    }
    if (header.empty()) return Status::error(file + ": empty");
    return Status::ok();
  }
  int column(const std::string& name) const {
    for (size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return static_cast<int>(i);
    return -1;
  }
  Status need(const std::string& name, int* col) const {
    *col = column(name);
    return *col >= 0 ? Status::ok() : Status::error(path + ": no column '" + name + "'");
  }
};

// A number, or NaN for an empty or unreadable field.
double number(const std::string& text) {
  if (text.empty()) return std::nan("");
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  return (end == text.c_str() + text.size() && errno == 0) ? v : std::nan("");
}

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
  return t;
}

const MachineFigureInfo& machine_figure(int figure) { return kMachineInfo[figure]; }

const std::vector<RunFigure>& run_figures(bool with_invented_share) {
  static const std::vector<RunFigure> base = {
      {"jump_mean", "mean jump", 3, true},
      {"jump_max", "max jump", 1, true},
      {"drift_mean", "mean drift", 2, true},
      {"drift_max", "max drift", 1, false},
      {"queue_mean", "mean queue length", 3, true},
      {"queue_max", "max queue length", 1, false},
      {"wait_mean", "mean queue wait (s)", 3, false},
      {"wait_max", "max queue wait (s)", 2, false},
      {"pending", "number of messages pending at the end", 1, true},
      {"clock_rate_min", "lowest clock rate (units/s)", 3, false},
      {"clock_rate_max", "highest clock rate (units/s)", 3, false},
      {"growth", "queue growth over all machines (messages/s)", 3, false},
      {"slow.jump_mean", "mean jump of the slowest machine", 3, true},
      {"slow.jump_max", "max jump of the slowest machine", 1, true},
      {"slow.recv_share", "share of the slowest machine's ticks that are receives", 3, true},
      {"slow.queue_mean", "mean queue length of the slowest machine", 2, false},
      {"slow.queue_max", "max queue length of the slowest machine", 1, false},
      {"slow.wait_mean", "mean queue wait of the slowest machine (s)", 3, false},
      {"slow.pending", "number of messages pending at the end on the slowest machine", 1, false},
      {"slow.clock_rate", "clock rate of the slowest machine (units/s)", 3, false},
      {"slow.growth", "queue growth of the slowest machine (messages/s)", 3, false},
      {"fast.jump_mean", "mean jump of the fastest machine", 3, false},
      {"fast.recv_share", "share of the fastest machine's ticks that are receives", 3, false},
  };
  static const std::vector<RunFigure> with = [] {
    std::vector<RunFigure> v = base;
    v.push_back({"invented_share", "share of Lamport-ordered pairs that are concurrent", 3, true});
    return v;
  }();
  return with_invented_share ? with : base;
}

std::vector<double> Study::values(size_t c, size_t f) const {
  std::vector<double> out;
  for (const RunRow& r : runs_rows)
    if (r.config == c && !std::isnan(r.v[f])) out.push_back(r.v[f]);
  return out;
}

Status load_study(const std::string& dir, Study* study) {
  std::string text;
  Status s = read_text(dir + "/study.txt", &text);
  if (!s.is_ok()) return s;
  std::map<std::string, size_t> config_index;
  size_t line_no = 0;
  for (const std::string& line : split(text, '\n')) {
    ++line_no;
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    const std::string where = dir + "/study.txt:" + std::to_string(line_no);
    if (eq == std::string::npos) return Status::error(where + ": not key=value");
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "seed") {
      study->seed = value;
      study->seed_value = std::strtoull(value.c_str(), nullptr, 10);
    } else if (key == "runs") {
      study->runs = std::atoi(value.c_str());
    } else if (key == "duration") {
      study->duration = value;
    } else if (key == "speed") {
      study->speed = value;
    } else if (key == "engine") {
      study->engine = value;
    } else if (key == "graphs") {
      study->graphs = std::atoi(value.c_str());
    } else if (key == "machines") {
      study->default_machines = std::atoi(value.c_str());
    } else if (key == "command") {
      study->command = value;
    } else if (key == "sweep") {
      study->sweep = value;
    } else if (key == "config") {  // LABEL RATE_SPEC K N [SWEEP_VALUE]
      std::vector<std::string> f = split(value, ' ');
      if (f.size() < 4 || f.size() > 5) return Status::error(where + ": config wants LABEL RATES K N [VALUE]");
      Config c;
      c.label = f[0];
      c.rate_spec = f[1];
      c.internal_max = std::atoi(f[2].c_str());
      c.machines = std::atoi(f[3].c_str());
      if (f.size() == 5) c.sweep_value = f[4];
      config_index[c.label] = study->configs.size();
      study->configs.push_back(c);
    }
  }
  if (study->configs.empty()) return Status::error(dir + "/study.txt: no config= line");

  Csv runs;
  if (!(s = runs.load(dir + "/summary.csv")).is_ok()) return s;
  study->has_invented_share = runs.column("invented_share") >= 0;
  const std::vector<RunFigure>& figures = run_figures(study->has_invented_share);
  int c_config = -1, c_run = -1, c_dir = -1, c_seed = -1, c_rates = -1;
  for (auto [name, col] : {std::pair{"config", &c_config}, {"run", &c_run}, {"run_dir", &c_dir}, {"seed", &c_seed},
                           {"rates", &c_rates}})
    if (!(s = runs.need(name, col)).is_ok()) return s;
  std::vector<int> run_cols(figures.size(), -1);
  for (size_t f = 0; f < figures.size(); ++f) {
    const std::string key = figures[f].key;
    if (key.rfind("slow.", 0) == 0 || key.rfind("fast.", 0) == 0) continue;
    if (!(s = runs.need(key, &run_cols[f])).is_ok()) return s;
  }
  // Runs by (config, run) for the machines' figures.
  std::map<std::pair<size_t, int>, size_t> run_at;
  for (size_t i = 0; i < runs.rows.size(); ++i) {
    const auto& row = runs.rows[i];
    auto it = config_index.find(row[static_cast<size_t>(c_config)]);
    if (it == config_index.end())
      return Status::error(runs.path + ": configuration '" + row[static_cast<size_t>(c_config)] + "' not in study.txt");
    RunRow r;
    r.config = it->second;
    r.run = std::atoi(row[static_cast<size_t>(c_run)].c_str());
    r.run_dir = row[static_cast<size_t>(c_dir)];
    r.seed = row[static_cast<size_t>(c_seed)];
    r.rates = row[static_cast<size_t>(c_rates)];
    r.v.assign(figures.size(), std::nan(""));
    for (size_t f = 0; f < figures.size(); ++f)
      if (run_cols[f] >= 0) r.v[f] = number(row[static_cast<size_t>(run_cols[f])]);
    run_at[{r.config, r.run}] = study->runs_rows.size();
    study->runs_rows.push_back(std::move(r));
  }

  Csv machines;
  if (!(s = machines.load(dir + "/machines.csv")).is_ok()) return s;
  int m_config = -1, m_run = -1, m_machine = -1, m_rate = -1, m_queue = -1;
  for (auto [name, col] : {std::pair{"config", &m_config}, {"run", &m_run}, {"machine", &m_machine},
                           {"rate", &m_rate}, {"pred_queue", &m_queue}})
    if (!(s = machines.need(name, col)).is_ok()) return s;
  int m_cols[kMachineFigures] = {};
  for (int f = 0; f < kMachineFigures; ++f)
    if (!(s = machines.need(kMachineInfo[f].column, &m_cols[f])).is_ok()) return s;
  for (const auto& row : machines.rows) {
    auto it = config_index.find(row[static_cast<size_t>(m_config)]);
    if (it == config_index.end()) return Status::error(machines.path + ": configuration '" + row[0] + "' not in study.txt");
    MachineRow m;
    m.config = it->second;
    m.run = std::atoi(row[static_cast<size_t>(m_run)].c_str());
    m.machine = std::atoi(row[static_cast<size_t>(m_machine)].c_str());
    m.rate = number(row[static_cast<size_t>(m_rate)]);
    m.pred_queue = row[static_cast<size_t>(m_queue)];
    for (int f = 0; f < kMachineFigures; ++f) m.v[f] = number(row[static_cast<size_t>(m_cols[f])]);
    study->machine_rows.push_back(m);
  }

  // Each run's slowest and fastest machines, relative rates, and the run figures they give (a
  // tie for slowest or fastest: the mean over the tied machines).
  std::map<std::pair<size_t, int>, std::pair<double, double>> extremes;  // lowest, highest rate
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
  for (size_t f = 0; f < figures.size(); ++f) {
    const std::string key = figures[f].key;
    const bool slow = key.rfind("slow.", 0) == 0, fast = key.rfind("fast.", 0) == 0;
    if (!slow && !fast) continue;
    int mf = -1;
    for (int i = 0; i < kMachineFigures; ++i)
      if (key.substr(5) == kMachineInfo[i].column) mf = i;
    std::map<size_t, std::pair<double, int>> acc;  // run row -> sum, count
    for (const MachineRow& m : study->machine_rows) {
      if (mf < 0 || !(slow ? m.slowest : m.fastest)) continue;
      auto it = run_at.find({m.config, m.run});
      if (it == run_at.end()) continue;
      auto& a = acc[it->second];
      a.first += m.v[mf];
      a.second += 1;
    }
    for (const auto& [row, a] : acc) study->runs_rows[row].v[f] = a.first / a.second;
  }
  return Status::ok();
}

}  // namespace lc::study
