#include "logical_clock/log/run_logs.h"

#include <algorithm>

#include "logical_clock/base/file_io.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/log/numbers.h"

namespace lc {

namespace {

struct Found {  // one log of the directory, before the run's order is known
  int64_t id = 0;  // from the file name
  std::string rate;
  std::unique_ptr<LogReader> reader;
};

// Every log of one run: same N, duration and parameters, one log per machine. `first` is a log
// with a header; logs without one (failed machines) have only their names.
Status check_one_run(const std::vector<Found>& logs, const LogHeader& first) {
  for (const Found& log : logs) {
    if (!log.reader->has_header()) continue;
    const LogHeader& h = log.reader->header();
    // Every version since 1.0.0 names its run in every log: a log without it was edited.
    if (h.run.empty() && !h.version.empty() && h.version != "1.0.0")
      return Status::error(h.path + ":1: no run= (the run's identity), which every log of version " + h.version +
                           " has: edited");
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
    if (h.vector != first.vector) return differs("vector", h.vector ? "1" : "0", first.vector ? "1" : "0");
    // Two simulated runs that differ only in their latency share every other key.
    if (h.engine != first.engine) return differs("engine", h.engine, first.engine);
    if (h.latency != first.latency) return differs("latency", h.latency, first.latency);
    if (h.links != first.links) return differs("links", h.links, first.links);
    if (h.partitions != first.partitions) return differs("partitions", h.partitions, first.partitions);
    if (h.version != first.version) return differs("version", h.version, first.version);
    // A cluster's coordinator hands every machine its start as a realtime instant (each then
    // writes own_clock=1); a local parent hands every one its monotonic instant. One machine
    // with its own clock among machines sharing their parent's cannot be, and would widen the
    // slack between its model time and the others' by its clock_uncertainty.
    if (h.own_clock != first.own_clock)
      return differs("own_clock", h.own_clock ? "1" : "0", first.own_clock ? "1" : "0");
    // Runs that share every option but one the headers do not show (a machine's rate, a
    // --kill) differ in their identity.
    if (h.run != first.run) return differs("run", h.run, first.run);
  }
  if (static_cast<int64_t>(logs.size()) != first.machines) {
    return Status::error(first.path + ":1: machines=" + std::to_string(first.machines) + " but the run has " +
                         std::to_string(logs.size()) + " vm_*.log file(s)");
  }
  for (size_t i = 0; i < logs.size(); ++i) {
    if (logs[i].id != static_cast<int64_t>(i))
      return Status::error(logs[i].reader->header().path + ":1: machine " + std::to_string(logs[i].id) +
                           " appears twice; no log for machine " + std::to_string(i));
  }
  return Status::ok();
}

}  // namespace

Status open_run_logs(const std::string& dir, const RunEnding& ending, RunLogs* run) {
  std::vector<std::string> names;
  Status s = list_directory(dir, &names);
  if (!s.is_ok()) return s;
  std::vector<Found> logs;
  for (const std::string& name : names) {
    if (!is_log_file_name(name)) continue;
    std::string path = dir + "/" + name;
    Found log;
    if (!parse_log_file_name(name, &log.id, &log.rate)) return Status::error(path + ": not named vm_<id>_<rate>.log");
    log.reader = std::make_unique<LogReader>();
    s = log.reader->open(path, ending.has_failed(log.id));
    if (!s.is_ok()) return s;
    const LogHeader& h = log.reader->header();
    if (log.reader->has_header() && (h.machine != log.id || h.rate_text != log.rate)) {
      return Status::error(path + ":1: header says machine=" + std::to_string(h.machine) + " rate=" + h.rate_text +
                           ", unlike the file name");
    }
    logs.push_back(std::move(log));
  }
  if (logs.empty()) return Status::error(dir + ": no vm_<id>_<rate>.log files, not a run directory");
  std::sort(logs.begin(), logs.end(), [](const Found& a, const Found& b) { return a.id < b.id; });
  auto with_header = std::find_if(logs.begin(), logs.end(), [](const Found& l) { return l.reader->has_header(); });
  if (with_header == logs.end())
    return Status::error(dir + ": no log has a whole header line (the logs of failed machines only)");
  const LogHeader first = with_header->reader->header();
  if (!(s = check_one_run(logs, first)).is_ok()) return s;
  if (!(s = check_run_ending(ending, first)).is_ok()) return s;
  for (Found& log : logs) {
    if (log.reader->has_header()) {
      run->headers.push_back(log.reader->header());
    } else {
      LogHeader h = first;
      h.path = log.reader->header().path;
      h.machine = log.id;
      h.rate_text = log.rate;
      if (!parse_micros(log.rate, &h.rate_micro) || h.rate_micro <= 0)
        return Status::error(h.path + ": the rate in the file name, '" + log.rate + "', is not a rate above 0");
      run->notes.push_back(h.path + ": no whole header line (machine " + std::to_string(log.id) +
                           " failed): a machine without rows, its header taken from its file name and the other logs");
      run->headers.push_back(h);
    }
    run->readers.push_back(std::move(log.reader));
  }
  return Status::ok();
}

}  // namespace lc
