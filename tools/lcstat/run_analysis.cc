#include "run_analysis.h"

#include <unistd.h>

#include <algorithm>
#include <memory>

#include "drift_tracker.h"
#include "logical_clock/log/numbers.h"

namespace lc::lcstat {

namespace {

// "vm_<id>_<rate>.log" -> id and rate text; false for other names.
bool parse_log_name(const std::string& name, int64_t* id, std::string* rate) {
  const std::string prefix = "vm_", suffix = ".log";
  if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
      name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  std::string middle = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
  size_t underscore = middle.find('_');
  if (underscore == std::string::npos || !parse_count(std::string_view(middle).substr(0, underscore), id))
    return false;
  *rate = middle.substr(underscore + 1);
  return !rate->empty();
}

bool is_log_name(const std::string& name) {
  return name.size() > 7 && name.compare(0, 3, "vm_") == 0 && name.compare(name.size() - 4, 4, ".log") == 0;
}

// All logs must come from one run: same N, duration and parameters, one log per machine.
Status check_one_run(const std::vector<std::unique_ptr<LogReader>>& readers) {
  const LogHeader& first = readers[0]->header();
  for (const auto& reader : readers) {
    const LogHeader& h = reader->header();
    auto differs = [&](const char* key, const std::string& a, const std::string& b) {
      return Status::error(h.path + ":1: " + key + "=" + a + " but " + first.path + " has " + key + "=" + b +
                           ": logs of different runs");
    };
    if (h.machines != first.machines)
      return differs("machines", std::to_string(h.machines), std::to_string(first.machines));
    if (h.duration_us != first.duration_us)
      return differs("duration", micros_text(h.duration_us), micros_text(first.duration_us));
    if (h.seed != first.seed) return differs("seed", h.seed, first.seed);
    if (h.speed_text != first.speed_text) return differs("speed", h.speed_text, first.speed_text);
    if (h.start_us != first.start_us) return differs("start", micros_text(h.start_us), micros_text(first.start_us));
    if (h.internal_max != first.internal_max) return differs("internal_max", h.internal_max, first.internal_max);
  }
  if (static_cast<int64_t>(readers.size()) != first.machines) {
    return Status::error(first.path + ":1: machines=" + std::to_string(first.machines) + " but the run has " +
                         std::to_string(readers.size()) + " vm_*.log file(s)");
  }
  for (size_t i = 0; i < readers.size(); ++i) {
    if (readers[i]->header().machine != static_cast<int64_t>(i))
      return Status::error(readers[i]->header().path + ":1: machine=" + std::to_string(readers[i]->header().machine) +
                           " appears twice; no log for machine " + std::to_string(i));
  }
  return Status::ok();
}

// Reads run.txt ("key=value" lines) when the run has one; no run.txt means a complete run.
Status read_ending(const std::string& dir, RunEnding* ending) {
  const std::string path = dir + "/run.txt";
  Fd fd;
  if (::access(path.c_str(), F_OK) != 0) return Status::ok();
  Status s = open_for_reading(path, &fd);
  if (!s.is_ok()) return s;
  std::string text;
  char buf[4096];
  for (size_t got = 1; got > 0 && text.size() < 65536;) {
    if (!(s = read_file_some(fd.get(), buf, sizeof buf, &got, path)).is_ok()) return s;
    text.append(buf, got);
  }
  size_t line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    size_t eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "status") {
      if (value != "complete" && value != "stopped" && value != "failed")
        return Status::error(path + ":" + std::to_string(line_no) + ": unknown status '" + value + "'");
      ending->status = value;
    } else if (key == "stopped_at") {
      if (!parse_micros(value, &ending->stopped_at_us))
        return Status::error(path + ":" + std::to_string(line_no) + ": bad stopped_at '" + value + "'");
    } else if (key == "failed") {
      ending->failed = value;
      for (size_t start = 0; start <= value.size();) {
        size_t comma = std::min(value.find(',', start), value.size());
        int64_t id;
        if (!parse_count(std::string_view(value).substr(start, comma - start), &id))
          return Status::error(path + ":" + std::to_string(line_no) + ": bad " + line);
        ending->failed_ids.push_back(id);
        start = comma + 1;
      }
    } else if (key == "forced") {
      ending->forced = value == "1";
    } else if (key.rfind("lost_to_", 0) == 0 || key.rfind("dropped_", 0) == 0) {
      // lost_to_<to>=N, dropped_<from>_<to>=N: N messages to <to> that its log cannot show.
      int64_t to, count;
      size_t at = key.rfind('_');
      if (!parse_count(std::string_view(key).substr(at + 1), &to) || !parse_count(value, &count))
        return Status::error(path + ":" + std::to_string(line_no) + ": bad " + line);
      ending->lost_to[to] += count;
      ending->losses.push_back(line);
    } else if (key.rfind("stopped_", 0) == 0 && key != "stopped_at") {
      int64_t id, at;
      if (!parse_count(std::string_view(key).substr(8), &id) || !parse_micros(value, &at))
        return Status::error(path + ":" + std::to_string(line_no) + ": bad " + line);
      ending->machine_stops_us[id] = at;
    }
  }
  if (ending->status.empty()) return Status::error(path + ": no status= line");
  if (ending->status == "stopped" && ending->stopped_at_us < 0)
    return Status::error(path + ": status=stopped without stopped_at=");
  return Status::ok();
}

Status open_logs(const std::string& dir, std::vector<std::unique_ptr<LogReader>>* readers) {
  std::vector<std::string> names;
  Status s = list_directory(dir, &names);
  if (!s.is_ok()) return s;
  for (const std::string& name : names) {
    if (!is_log_name(name)) continue;
    std::string path = dir + "/" + name;
    int64_t id;
    std::string rate;
    if (!parse_log_name(name, &id, &rate)) return Status::error(path + ": not named vm_<id>_<rate>.log");
    auto reader = std::make_unique<LogReader>();
    s = reader->open(path);
    if (!s.is_ok()) return s;
    if (reader->header().machine != id || reader->header().rate_text != rate) {
      return Status::error(path + ":1: header says machine=" + std::to_string(reader->header().machine) +
                           " rate=" + reader->header().rate_text + ", unlike the file name");
    }
    readers->push_back(std::move(reader));
  }
  if (readers->empty()) return Status::error(dir + ": no vm_<id>_<rate>.log files, not a run directory");
  std::sort(readers->begin(), readers->end(),
            [](const auto& a, const auto& b) { return a->header().machine < b->header().machine; });
  return check_one_run(*readers);
}

}  // namespace

int64_t RunEnding::stop_of(int64_t id) const {
  int64_t stop = status == "stopped" ? stopped_at_us : -1;
  auto it = machine_stops_us.find(id);
  if (it != machine_stops_us.end() && (stop < 0 || it->second < stop)) stop = it->second;
  return stop;
}

Status analyse_run(const std::string& run_dir, const std::string& plot_dir, RunResult* result) {
  std::vector<std::unique_ptr<LogReader>> readers;
  Status s = open_logs(run_dir, &readers);
  if (!s.is_ok()) return s;
  if (!(s = read_ending(run_dir, &result->ending)).is_ok()) return s;
  const size_t n = readers.size();
  result->dir = run_dir;
  std::vector<std::string> paths;
  for (const auto& reader : readers) {
    result->headers.push_back(reader->header());
    paths.push_back(reader->header().path);
    if (reader->header().rate_micro > readers[result->reference]->header().rate_micro)
      result->reference = paths.size() - 1;
  }

  const bool write = !plot_dir.empty();
  if (write && !(s = ensure_directory(plot_dir)).is_ok()) return s;
  std::vector<OutputFile> event_files(write ? n : 0);
  OutputFile drift_file;
  for (size_t i = 0; write && i < n; ++i) {
    s = event_files[i].open(plot_dir + "/events_" + std::to_string(i) + ".dat");
    if (!s.is_ok()) return s;
  }
  if (write && !(s = drift_file.open(plot_dir + "/drift.dat")).is_ok()) return s;

  MessageBook book(paths);
  std::vector<MachineChecker> checkers;
  checkers.reserve(n);
  for (size_t i = 0; i < n; ++i)
    checkers.emplace_back(result->headers[i], &book, &result->findings, write ? &event_files[i] : nullptr);
  DriftTracker drift(n, result->reference, write ? &drift_file : nullptr);

  // Merge the logs by (model_time, machine id): a heap of the machines whose next row is read.
  std::vector<Row> rows(n);
  std::vector<size_t> heap;
  auto later = [&rows](size_t a, size_t b) {
    return rows[a].model_us != rows[b].model_us ? rows[a].model_us > rows[b].model_us : a > b;
  };
  for (size_t i = 0; i < n; ++i) {
    bool done = false;
    if (!(s = readers[i]->next(&rows[i], &done)).is_ok()) return s;
    if (!done) heap.push_back(i);
  }
  std::make_heap(heap.begin(), heap.end(), later);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    size_t i = heap.back();
    const Row& row = rows[i];
    ++result->rows;
    checkers[i].on_row(row);
    if (is_tick(row.event)) drift.on_tick(i, row.model_us, row.clock);
    bool done = false;
    if (!(s = readers[i]->next(&rows[i], &done)).is_ok()) return s;
    if (done) {
      heap.pop_back();
    } else {
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }
  drift.finish();
  LossAccount account;
  account.forced = result->ending.forced;
  account.expected_lost.assign(n, 0);
  account.failed_last_clock.assign(n, -1);
  for (auto [to, count] : result->ending.lost_to) {
    if (to >= static_cast<int64_t>(n)) return Status::error(run_dir + "/run.txt: losses of machine " + std::to_string(to) + ", not in this run");
    account.expected_lost[static_cast<size_t>(to)] = count;
  }
  std::vector<bool> failed(n, false);
  for (int64_t id : result->ending.failed_ids) {
    if (id >= static_cast<int64_t>(n)) return Status::error(run_dir + "/run.txt: failed machine " + std::to_string(id) + ", not in this run");
    failed[static_cast<size_t>(id)] = true;
  }
  for (size_t i = 0; i < n; ++i) {
    checkers[i].finish(result->ending.stop_of(static_cast<int64_t>(i)), failed[i]);
    if (failed[i]) account.failed_last_clock[i] = checkers[i].summary().final_clock;
  }
  result->lost_explained = book.match(account, &result->findings, write ? &result->deliveries : nullptr);

  for (auto& checker : checkers) result->machines.push_back(checker.summary());
  result->drift_max = drift.max();
  result->drift_mean = drift.mean();
  result->drift_samples = drift.samples();
  for (auto& file : event_files) {
    if (!(s = file.commit()).is_ok()) return s;
  }
  if (write && !(s = drift_file.commit()).is_ok()) return s;
  return Status::ok();
}

}  // namespace lc::lcstat
