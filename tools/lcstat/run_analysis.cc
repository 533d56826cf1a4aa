#include "run_analysis.h"

#include <algorithm>
#include <memory>

#include "drift_tracker.h"
#include "logical_clock/log/numbers.h"

namespace lc::lcstat {

namespace {

// One log of the run, as found in the directory.
struct LogFile {
  int64_t id = 0;  // from the file name
  std::string rate;
  std::unique_ptr<LogReader> reader;
};

// All logs must come from one run: same N, duration and parameters, one log per machine.
// `first` is a log with a header; logs without one (failed machines) have only their names.
Status check_one_run(const std::vector<LogFile>& logs, const LogHeader& first) {
  for (const LogFile& log : logs) {
    if (!log.reader->has_header()) continue;
    const LogHeader& h = log.reader->header();
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
    if (h.version != first.version) return differs("version", h.version, first.version);
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

// Opens every log of `dir`; a failed machine's may be cut short (see LogReader::open). The
// logs come out by id, with their headers; a log without one gets the run's parameters from
// the others and its id and rate from its name.
Status open_logs(const std::string& dir, const RunEnding& ending, std::vector<LogFile>* logs,
                 std::vector<LogHeader>* headers, std::vector<std::string>* notes) {
  std::vector<std::string> names;
  Status s = list_directory(dir, &names);
  if (!s.is_ok()) return s;
  for (const std::string& name : names) {
    if (!is_log_file_name(name)) continue;
    std::string path = dir + "/" + name;
    LogFile log;
    if (!parse_log_file_name(name, &log.id, &log.rate)) return Status::error(path + ": not named vm_<id>_<rate>.log");
    log.reader = std::make_unique<LogReader>();
    s = log.reader->open(path, ending.has_failed(log.id));
    if (!s.is_ok()) return s;
    const LogHeader& h = log.reader->header();
    if (log.reader->has_header() && (h.machine != log.id || h.rate_text != log.rate)) {
      return Status::error(path + ":1: header says machine=" + std::to_string(h.machine) + " rate=" + h.rate_text +
                           ", unlike the file name");
    }
    logs->push_back(std::move(log));
  }
  if (logs->empty()) return Status::error(dir + ": no vm_<id>_<rate>.log files, not a run directory");
  std::sort(logs->begin(), logs->end(), [](const LogFile& a, const LogFile& b) { return a.id < b.id; });
  auto with_header = std::find_if(logs->begin(), logs->end(), [](const LogFile& l) { return l.reader->has_header(); });
  if (with_header == logs->end())
    return Status::error(dir + ": no log has a whole header line (the logs of failed machines only)");
  const LogHeader run = with_header->reader->header();
  if (!(s = check_one_run(*logs, run)).is_ok()) return s;
  if (!(s = check_run_ending(ending, run)).is_ok()) return s;
  for (const LogFile& log : *logs) {
    if (log.reader->has_header()) {
      headers->push_back(log.reader->header());
    } else {
      LogHeader h = run;
      h.path = log.reader->header().path;
      h.machine = log.id;
      h.rate_text = log.rate;
      if (!parse_micros(log.rate, &h.rate_micro) || h.rate_micro <= 0)
        return Status::error(h.path + ": the rate in the file name, '" + log.rate + "', is not a rate above 0");
      notes->push_back(h.path + ": no whole header line (machine " + std::to_string(log.id) +
                       " failed): a machine without rows, its header taken from its file name and the other logs");
      headers->push_back(h);
    }
  }
  return Status::ok();
}

}  // namespace

Status analyse_run(const std::string& run_dir, const std::string& plot_dir, RunResult* result) {
  AnalysisOptions options;
  options.plot_dir = plot_dir;
  return analyse_run(run_dir, options, result);
}

Status analyse_run(const std::string& run_dir, const AnalysisOptions& options, RunResult* result) {
  Status s = read_run_ending(run_dir, &result->ending);
  if (!s.is_ok()) return s;
  std::vector<LogFile> logs;
  if (!(s = open_logs(run_dir, result->ending, &logs, &result->headers, &result->notes)).is_ok()) return s;
  const size_t n = logs.size();
  result->dir = run_dir;
  std::vector<std::string> paths;
  for (const LogHeader& h : result->headers) {
    paths.push_back(h.path);
    if (h.rate_micro > result->headers[result->reference].rate_micro) result->reference = paths.size() - 1;
  }
  ConeRequest cone_request = options.cone;
  if (cone_request.wanted && !(s = resolve_cone(result->headers, result->ending, &cone_request)).is_ok()) return s;

  const std::string& plot_dir = options.plot_dir;
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
  for (size_t i = 0; i < n; ++i) {
    checkers.emplace_back(result->headers[i], &book, &result->findings, write ? &event_files[i] : nullptr);
    if (auto it = result->ending.machine_stops_us.find(static_cast<int64_t>(i)); it != result->ending.machine_stops_us.end())
      checkers.back().set_own_stop(it->second);
  }
  DriftTracker drift(n, result->reference, write ? &drift_file : nullptr);
  std::vector<bool> failed(n, false);
  for (int64_t id : result->ending.failed_ids) failed[static_cast<size_t>(id)] = true;
  CausalityTracker causality(result->headers, failed, &result->findings);
  ConeTracker cone(cone_request, &causality.lamport());
  if (cone_request.wanted) causality.add_sink(&cone);
  for (CausalSink* sink : options.sinks) causality.add_sink(sink);

  // Merge the logs by (model_time, tick rows before PENDING rows, clock, machine id): a heap of
  // the machines whose next row is read. So every SEND comes before its RECV (a larger clock)
  // and its PENDING row, even in the same microsecond: a message sent without delay at the
  // run's last instant is PENDING then, at a receiver whose clock may be below the SEND's.
  // Each machine's following row is read before its row is handled, so that the exports know
  // when the machine's next row comes.
  std::vector<Row> rows(n), following(n);
  std::vector<size_t> heap;
  auto later = [&rows](size_t a, size_t b) {
    if (rows[a].model_us != rows[b].model_us) return rows[a].model_us > rows[b].model_us;
    const bool pending_a = !is_tick(rows[a].event), pending_b = !is_tick(rows[b].event);
    if (pending_a != pending_b) return pending_a;
    if (rows[a].clock != rows[b].clock) return rows[a].clock > rows[b].clock;
    return a > b;
  };
  for (size_t i = 0; i < n; ++i) {
    bool done = false;
    if (!(s = logs[i].reader->next(&rows[i], &done)).is_ok()) return s;
    if (done) {
      causality.close(i);
    } else {
      heap.push_back(i);
    }
  }
  std::make_heap(heap.begin(), heap.end(), later);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const size_t i = heap.back();
    bool done = false;
    if (Status read = logs[i].reader->next(&following[i], &done); !read.is_ok()) return read;
    const Row& row = rows[i];
    ++result->rows;
    checkers[i].on_row(row);
    if (is_tick(row.event)) drift.on_tick(i, row.model_us, row.clock);
    causality.on_row(i, row, done ? -1 : following[i].model_us);
    if (done) {
      heap.pop_back();
      causality.close(i);
    } else {
      std::swap(rows[i], following[i]);
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }
  drift.finish();
  causality.finish();
  for (const LogFile& log : logs) {
    if (log.reader->has_header() && log.reader->torn_line() != 0) {
      result->notes.push_back(log.reader->header().path + ":" + std::to_string(log.reader->torn_line()) +
                              ": torn last line ignored (machine " + std::to_string(log.id) + " failed)");
    }
  }
  LossAccount account;
  account.run_file = result->ending.path;
  account.claims = result->ending.claims;
  account.forced = result->ending.forced;
  account.failed = failed;
  account.failed_last_clock.assign(n, -1);
  account.failed_last_tick_us.assign(n, 0);
  account.unlogged_queue.assign(n, {});
  for (size_t i = 0; i < n; ++i) {
    checkers[i].finish(result->ending.stop_of(static_cast<int64_t>(i)), account.failed[i]);
    if (account.failed[i]) {
      account.failed_last_clock[i] = checkers[i].summary().final_clock;
      account.failed_last_tick_us[i] = checkers[i].last_tick_us();
      account.unlogged_queue[i] = checkers[i].unlogged_queue();
    }
  }
  result->lost_explained = book.match(account, &result->findings, write ? &result->deliveries : nullptr);
  result->causality = causality.summary();

  for (auto& checker : checkers) result->machines.push_back(checker.summary());
  result->drift_max = drift.max();
  result->drift_mean = drift.mean();
  result->drift_samples = drift.samples();
  if (cone_request.wanted) {
    s = cone.write(write ? plot_dir + "/cone.dat" : std::string(), result->causality.events,
                   result->causality.exact());
    if (!s.is_ok()) return s;
  }
  for (auto& file : event_files) {
    if (!(s = file.commit()).is_ok()) return s;
  }
  if (write && !(s = drift_file.commit()).is_ok()) return s;
  return Status::ok();
}

}  // namespace lc::lcstat
