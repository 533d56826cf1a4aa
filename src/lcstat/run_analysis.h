// analyse_run(): reads every vm_<id>_<rate>.log of a run directory at once, merging their rows
// by model_time, and checks and measures the run. Bad input (no such directory, no logs, a
// file that is not a log, logs of different runs) is a Status error and leaves no output;
// violations of the model's rules are collected in RunResult::findings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "findings.h"
#include "log_reader.h"
#include "machine_checker.h"
#include "message_book.h"
#include "status.h"

namespace lcstat {

struct RunResult {
  std::string dir;
  std::vector<LogHeader> headers;         // by machine id
  std::vector<MachineSummary> machines;   // by machine id
  Findings findings;
  std::vector<Delivery> deliveries;       // every paired message
  size_t reference = 0;                   // the fastest machine (highest rate, lowest id)
  int64_t drift_max = 0;
  double drift_mean = 0;
  uint64_t drift_samples = 0;
  uint64_t rows = 0;                      // rows read, PENDING included
};

// When `plot_dir` is not empty, writes there events_<id>.dat (MachineChecker) and drift.dat
// (DriftTracker) for the graphs, creating the directory (one level) if needed.
Status analyse_run(const std::string& run_dir, const std::string& plot_dir, RunResult* result);

}  // namespace lcstat
