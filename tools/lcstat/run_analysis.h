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
#include <string>
#include <vector>

#include "causality.h"
#include "cone.h"
#include "findings.h"
#include "logical_clock/log/log_reader.h"
#include "machine_checker.h"
#include "message_book.h"
#include "logical_clock/log/run_ending.h"
#include "logical_clock/base/status.h"

namespace lc::lcstat {

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
  CausalitySummary causality;
};

struct AnalysisOptions {
  // When not empty: events_<id>.dat (MachineChecker) and drift.dat (DriftTracker) for the
  // graphs are written there, and cone.dat when `cone` asks for it; the directory is created
  // (one level) if needed.
  std::string plot_dir;
  std::vector<CausalSink*> sinks;  // the exports: every event of the run, in causal order
  ConeRequest cone;
};

// The rows of all logs are merged by (model_time, tick rows before PENDING rows, clock,
// machine id): each machine's rows stay in file order (its clock rises with them, its PENDING
// rows come last) and a RECV or PENDING row comes after its SEND, even in the same microsecond
// (a RECV's clock is above the SEND's; a PENDING row's need not be).
Status analyse_run(const std::string& run_dir, const AnalysisOptions& options, RunResult* result);
Status analyse_run(const std::string& run_dir, const std::string& plot_dir, RunResult* result);

}  // namespace lc::lcstat
