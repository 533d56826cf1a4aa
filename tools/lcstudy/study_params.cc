// load_params: study.txt read and checked (study_params.h).
#include "study_params.h"

#include <algorithm>
#include <set>
#include <vector>

#include "csv.h"

namespace lc::study {

namespace {

// A plain decimal above 0 (digits, an optional fraction), as run_experiments.sh writes one.
bool positive_decimal(const std::string& text, double* out) {
  if (text.empty() || text.find_first_not_of("0123456789.") != std::string::npos || text.front() == '.' ||
      text.back() == '.' || std::count(text.begin(), text.end(), '.') > 1)
    return false;
  return parse_number(text, out) && *out > 0 && *out < 1e15;
}

Status config_line(const std::string& where, const std::string& value, Study* study,
                   std::map<std::string, size_t>* index) {
  // LABEL RATE_SPEC K N [SWEEP_VALUE]
  const std::vector<std::string> f = split(value, ' ');
  if (f.size() < 4 || f.size() > 5 || f[0].empty()) return Status::error(where + ": config wants LABEL RATES K N [VALUE]");
  Config c;
  c.label = f[0];
  c.rate_spec = f[1];
  long long k = 0, n = 0, rate = 0;
  for (const std::string& r : split(f[1], ','))
    if (!parse_whole(r, 1, 1000000, &rate)) return Status::error(where + ": config " + c.label + ": bad rates '" + f[1] + "'");
  if (!parse_whole(f[2], 3, 1000000000, &k) || !parse_whole(f[3], 2, 1000, &n))
    return Status::error(where + ": config " + c.label + ": INTERNAL_MAX or N out of range");
  c.internal_max = static_cast<int>(k);
  c.machines = static_cast<int>(n);
  if (c.fixed_rates() && split(f[1], ',').size() != static_cast<size_t>(n))
    return Status::error(where + ": config " + c.label + ": " + f[3] + " machines, " +
                         std::to_string(split(f[1], ',').size()) + " rates");
  if (f.size() == 5) c.sweep_value = f[4];
  if (!index->emplace(c.label, study->configs.size()).second)
    return Status::error(where + ": config " + c.label + " given twice");
  // The same parameters again: a control, labelled as run_experiments.sh labels it (the first
  // one's label, then -2, -3, ...), so that a report never names two configurations alike.
  const Config* first = nullptr;
  for (const Config& other : study->configs)
    if (other.rate_spec == c.rate_spec && other.internal_max == c.internal_max && other.machines == c.machines) {
      if (first == nullptr) first = &other;
      ++c.copy;
    }
  if (first != nullptr && c.label != first->label + "-" + std::to_string(c.copy))
    return Status::error(where + ": config " + c.label + " has the parameters of " + first->label +
                         ": a copy (a control) is labelled " + first->label + "-" + std::to_string(c.copy));
  study->configs.push_back(c);
  return Status::ok();
}

}  // namespace

// study.txt: key=value lines; a key other than config= at most once.
Status load_params(const std::string& dir, Study* study, std::map<std::string, size_t>* index) {
  const std::string path = dir + "/study.txt";
  std::string text;
  Status s = read_text(path, &text);
  if (!s.is_ok()) return s;
  std::set<std::string> seen;
  size_t line_no = 0;
  for (const std::string& line : split(text, '\n')) {
    ++line_no;
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    const std::string where = path + ":" + std::to_string(line_no);
    if (eq == std::string::npos) return Status::error(where + ": not key=value");
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key != "config" && !seen.insert(key).second) return Status::error(where + ": " + key + "= given twice");
    long long n = 0;
    auto whole = [&](long long lo, long long hi, int* out) {
      if (!parse_whole(value, lo, hi, &n))
        return Status::error(where + ": " + key + " '" + value + "' is not a whole number from " +
                             std::to_string(lo) + " to " + std::to_string(hi));
      *out = static_cast<int>(n);
      return Status::ok();
    };
    if (key == "seed") {
      if (!parse_whole(value, 0, 999999999999999999, &n)) return Status::error(where + ": seed '" + value + "' is not a seed");
      study->seed = value;
      study->seed_value = static_cast<uint64_t>(n);
    } else if (key == "runs") {
      s = whole(1, 1000000, &study->runs);
    } else if (key == "graphs") {
      s = whole(0, 1000000, &study->graphs);
    } else if (key == "machines") {
      s = whole(2, 1000, &study->default_machines);
    } else if (key == "duration") {
      double d = 0;
      if (!positive_decimal(value, &d)) return Status::error(where + ": duration '" + value + "' is not a number of seconds above 0");
      study->duration = value;
    } else if (key == "speed") {
      double x = 0;
      if (!value.empty() && !positive_decimal(value, &x))
        return Status::error(where + ": speed '" + value + "' is not a number above 0");
      study->speed = value;
    } else if (key == "engine") {
      if (value != "sim" && value != "real") return Status::error(where + ": engine '" + value + "' is not sim or real");
      study->engine = value;
    } else if (key == "command") {
      if (value.rfind("./run_experiments.sh", 0) != 0)
        return Status::error(where + ": command '" + value + "' is not a run_experiments.sh command");
      study->command = value;
    } else if (key == "sweep") {
      if (!value.empty() && value != "rate_max" && value != "internal_max" && value != "machines")
        return Status::error(where + ": sweep '" + value + "' is not rate_max, internal_max or machines");
      study->sweep = value;
    } else if (key == "config") {
      s = config_line(where, value, study, index);
    } else {
      return Status::error(where + ": unknown key " + key + "=");
    }
    if (!s.is_ok()) return s;
  }
  for (const char* key : {"seed", "runs", "duration", "speed", "engine", "machines", "graphs", "sweep", "command"})
    if (seen.count(key) == 0) return Status::error(path + ": no " + key + "= line");
  if (study->configs.empty()) return Status::error(path + ": no config= line");
  if ((study->engine == "real") != !study->speed.empty())
    return Status::error(path + ": speed '" + study->speed + "' with engine " + study->engine +
                         " (a real study has a speed, a simulated one none)");
  if (study->graphs > study->runs)
    return Status::error(path + ": graphs=" + std::to_string(study->graphs) + " is more than runs=" +
                         std::to_string(study->runs));
  // A sweep's configurations each carry the swept value, and only a sweep's.
  for (const Config& c : study->configs) {
    const std::string swept = study->sweep == "rate_max"       ? c.rate_spec
                              : study->sweep == "internal_max" ? std::to_string(c.internal_max)
                              : study->sweep == "machines"     ? std::to_string(c.machines)
                                                               : "";
    if (c.sweep_value != swept || (!study->sweep.empty() && c.fixed_rates() && study->sweep == "rate_max"))
      return Status::error(path + ": config " + c.label + (study->sweep.empty()
                                                                  ? ": a sweep value, but sweep= is empty"
                                                                  : ": its sweep value is not its " + study->sweep));
  }
  return Status::ok();
}

}  // namespace lc::study
