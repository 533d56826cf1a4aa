// The written outcome of a run, made from its final state once every machine is reaped: the
// count of messages lost to failed machines, run.txt in the run's directory, and the closing
// table on stdout. Functions only; the parent's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "logical_clock/real/run_plan.h"
#include "logical_clock/base/status.h"

namespace lc {

struct RunOutcome {
  std::vector<std::string> failures;  // per machine: why it failed, empty when it ended well
  int64_t stopped_at_us = -1;         // model time at which the parent was told to stop
  std::vector<int64_t> lost_to;       // per machine: messages sent to it that it never logged

  bool failed() const;
};

// Fills outcome->lost_to from the senders' counts and each failed machine's log; says so on
// stderr for each machine that took messages with it.
void count_losses(const RunPlan& plan, const SharedStats& stats, RunOutcome* outcome);
Status write_run_file(const RunPlan& plan, const SharedStats& stats, const RunOutcome& outcome);
void print_summary(const RunPlan& plan, const SharedStats& stats, const RunOutcome& outcome);

}  // namespace lc
