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

// The machine ids of a partition's groups ("0|1,2": 0, 1, 2) or a channel ("0-1": 0, 1), each a
// whole number, split at any of `seps`; false when one is not.
bool machine_ids(const std::string& text, const std::string& seps, std::vector<long long>* ids) {
  std::string field;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && seps.find(text[i]) == std::string::npos) {
      field += text[i];
      continue;
    }
    long long id = 0;
    if (!parse_whole(field, 0, 999, &id)) return false;
    ids->push_back(id);
    field.clear();
  }
  return true;
}

// A partition sweep's partition_at=: GROUPS@FROM, its ids distinct (at most 1000 machines) and
// FROM model seconds, as run_experiments.sh checks --partition-at.
bool partition_form(const std::string& text, std::vector<long long>* ids) {
  const size_t at = text.find('@');
  if (at == std::string::npos || !machine_ids(text.substr(0, at), "|,", ids)) return false;
  std::vector<long long> sorted = *ids;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return false;
  // FROM: a whole number of seconds, then at most 6 decimals.
  const std::string from = text.substr(at + 1);
  const size_t dot = from.find('.');
  long long whole = 0;
  if (!parse_whole(from.substr(0, dot), 0, 10000000, &whole)) return false;
  if (dot == std::string::npos) return true;
  const std::string frac = from.substr(dot + 1);
  return !frac.empty() && frac.size() <= 6 && frac.find_first_not_of("0123456789") == std::string::npos;
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
  // (in a sweep of the network, configurations differ in their swept value alone)
  for (const Config& other : study->configs)
    if (other.rate_spec == c.rate_spec && other.internal_max == c.internal_max && other.machines == c.machines &&
        other.sweep_value == c.sweep_value) {
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
      // run_experiments.sh takes at most 6 decimals; a clock rate's or growth's grain is
      // 1/duration (spread_median.h), which a shorter one would make absurd.
      const size_t dot = value.find('.');
      const bool finer = dot != std::string::npos && value.find_first_not_of('0', std::min(value.size(), dot + 7)) != std::string::npos;
      if (d < 1e-6 || finer)
        return Status::error(where + ": duration '" + value + "' is below a microsecond, or finer than one, which no run has");
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
      if (!value.empty() && value != "rate_max" && value != "internal_max" && value != "machines" &&
          value != "partition" && value != "latency_ms")
        return Status::error(where + ": sweep '" + value +
                             "' is not rate_max, internal_max, machines, partition or latency_ms");
      study->sweep = value;
    } else if (key == "partition_at") {
      std::vector<long long> ids;
      if (!partition_form(value, &ids))
        return Status::error(where + ": partition_at '" + value + "' is not GROUPS@FROM (e.g. 0|1,2@30)");
      study->partition_at = value;
    } else if (key == "sweep_link") {
      std::vector<long long> ids;
      if (!machine_ids(value, "-", &ids) || ids.size() != 2 || ids[0] == ids[1])
        return Status::error(where + ": sweep_link '" + value + "' is not a channel F-T between two machines");
      study->sweep_link = value;
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
  // partition_at= and sweep_link= go with their sweeps only; partition_at= with every one.
  if ((study->sweep == "partition") != !study->partition_at.empty())
    return Status::error(path + (study->partition_at.empty() ? ": no partition_at= line, which a partition sweep has"
                                                             : ": partition_at= without sweep=partition"));
  if (!study->sweep_link.empty() && study->sweep != "latency_ms")
    return Status::error(path + ": sweep_link= without sweep=latency_ms");
  // A sweep's configurations each carry the swept value, and only a sweep's. In a sweep of the
  // network it is a parameter of its own: whole seconds of partition, or milliseconds of delay.
  std::vector<long long> ids;
  if (!study->partition_at.empty()) partition_form(study->partition_at, &ids);
  if (!study->sweep_link.empty()) machine_ids(study->sweep_link, "-", &ids);
  for (Config& c : study->configs) {
    if (study->network_sweep()) {
      const bool partition = study->sweep == "partition";
      long long v = 0;
      if (!parse_whole(c.sweep_value, 0, partition ? 10000000 : 1000000000, &v))
        return Status::error(path + ": config " + c.label + ": its sweep value '" + c.sweep_value + "' is not " +
                             (partition ? "a whole number of seconds up to 10000000" : "a whole number of milliseconds up to 1000000000"));
      for (long long id : ids)
        if (id >= c.machines)
          return Status::error(path + ": config " + c.label + ": " + std::to_string(c.machines) + " machines, but " +
                               (partition ? "partition_at " + study->partition_at : "sweep_link " + study->sweep_link) +
                               " names machine " + std::to_string(id));
      c.network = partition ? (v == 0 ? "no partition" : "partition of " + c.sweep_value + " s")
                            : "delay " + c.sweep_value + " ms" +
                                  (study->sweep_link.empty() ? "" : " on channel " + study->sweep_link);
      continue;
    }
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
