// The written outcome of a run, made from its final state once every machine is reaped: the
// messages lost on each channel, counted from the logs, run.txt in the run's directory, and
// the closing table on stdout. Functions only; the parent's.
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
  bool forced = false;                // a second signal cut the drain short
  // Per channel, from * N + to: messages that from's log shows sent to `to` and to's log does
  // not show. `dropped` are those `from` gave up when `to` stopped taking them; `lost` the
  // rest (a failure, or a drain cut short).
  std::vector<int64_t> dropped;
  std::vector<int64_t> lost;

  bool failed() const;
};

// Fills outcome->forced, dropped and lost. The logs are read only when something could have
// lost messages (a failure, a forced drain, a dropped backlog); each channel that lost any
// is named on stderr, with why.
void count_losses(const RunPlan& plan, const SharedStats& stats, RunOutcome* outcome);
// The text of run.txt (keys in README.md, "Log format").
std::string run_file_text(const RunPlan& plan, const SharedStats& stats, const RunOutcome& outcome);
void print_summary(const RunPlan& plan, const SharedStats& stats, const RunOutcome& outcome);

}  // namespace lc
