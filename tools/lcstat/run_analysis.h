// analyse_run(): reads every vm_<id>_<rate>.log of a run directory at once, merging their rows
// by model_time, and checks and measures the run. How the run ended comes from its run.txt
// (read first): a run stopped by a signal (status=stopped, or stopped_<id> for one machine) has
// fewer ticks than floor(rate x duration): such tick counts are checked as at most that, and
// clock rates are taken over the model time until the stop. So is a failed machine's
// (failed=<ids>), whose log may end early, in a torn last line, or even before its header;
// messages missing as run.txt accounts for them per channel (lost_<from>_<to>,
// dropped_<from>_<to>) are counted in lost_explained, not reported (see MessageBook). Bad input
// (no such directory, no logs, a file that is not a log, logs of different runs, a bad run.txt)
// is a Status error and leaves no output; violations of the model's rules are collected in
// RunResult::findings.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "findings.h"
#include "logical_clock/log/log_reader.h"
#include "machine_checker.h"
#include "message_book.h"
#include "logical_clock/base/status.h"

namespace lc::lcstat {

// How the run ended, from its run.txt (written by logical_clock at the end of a run).
struct RunEnding {
  std::string path;            // run.txt; empty: the run has none
  std::string status;          // "complete", "stopped", "failed"; empty: no run.txt
  int64_t stopped_at_us = -1;  // model time of the stop signal, when stopped
  std::map<int64_t, int64_t> machine_stops_us;  // stopped_<id>: one machine stopped ticking
  std::string failed;          // ids of the failed machines, e.g. "1,2", as written
  std::vector<int64_t> failed_ids;
  bool forced = false;         // forced=1: a second signal cut the drain short
  int64_t machines = -1;       // machines=, -1 when absent
  size_t machines_line = 0;
  std::string seed;            // seed=, as written
  size_t seed_line = 0;
  std::map<std::pair<int64_t, int64_t>, ChannelClaim> claims;  // lost_/dropped_<from>_<to>, by channel

  struct NamedId {  // a machine id named by a key, checked against the logs once they are read
    int64_t id;
    size_t line;
    std::string key;
  };
  std::vector<NamedId> named_ids;

  // When machine `id` stopped ticking before the duration, or -1.
  int64_t stop_of(int64_t id) const;
  bool has_failed(int64_t id) const;
};
struct RunResult {
  std::string dir;
  RunEnding ending;
  std::vector<LogHeader> headers;         // by machine id
  std::vector<MachineSummary> machines;   // by machine id
  Findings findings;
  std::vector<Delivery> deliveries;       // every paired message
  size_t reference = 0;                   // the fastest machine (highest rate, lowest id)
  int64_t drift_max = 0;
  double drift_mean = 0;
  uint64_t drift_samples = 0;
  uint64_t rows = 0;                      // rows read, PENDING included
  int64_t lost_explained = 0;             // messages missing as run.txt accounts for them
  std::vector<std::string> notes;         // what was left out of failed machines' logs
};

// When `plot_dir` is not empty, writes there events_<id>.dat (MachineChecker) and drift.dat
// (DriftTracker) for the graphs, creating the directory (one level) if needed.
Status analyse_run(const std::string& run_dir, const std::string& plot_dir, RunResult* result);

}  // namespace lc::lcstat
