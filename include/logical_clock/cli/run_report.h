// The written outcome of a run, whatever its engine, made from its final state: the messages
// lost on each channel, counted from the logs, the text of run.txt, and the closing table on
// stdout. Functions only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "logical_clock/cli/run_plan.h"

namespace lc {

// One machine's figures for the closing table and run.txt.
struct MachineTotals {
  int64_t ticks = 0;
  int64_t internal = 0;
  int64_t sent = 0;  // messages (a send to all counts machines - 1)
  int64_t received = 0;
  int64_t pending = 0;
  int64_t clock = 0;
  int64_t peak_queue = 0;
  int64_t stopped_at_us = -1;  // model time it stopped ticking on a SIGTERM of its own
};

struct RunOutcome {
  std::vector<MachineTotals> machines;
  std::vector<std::string> failures;  // per machine: why it failed, empty when it ended well
  std::vector<int64_t> failed_at_us;  // per machine that failed: the model time the run saw it gone
  int64_t stopped_at_us = -1;         // model time at which the parent was told to stop
  bool forced = false;                // a second signal cut the drain short
  // Per channel, from * N + to: messages that from's log shows sent to `to` and to's log does
  // not show. `dropped` are those `from` gave up when `to` stopped taking them; `lost` the
  // rest (a failure, or a drain cut short).
  std::vector<int64_t> dropped;
  std::vector<int64_t> dropped_at_us;  // per channel with a drop: the model time it was given up
  // Per channel: the model time its sender gave the link up while both machines lived on (a
  // cluster's network cut it), or -1; its last messages may then be lost.
  std::vector<int64_t> link_down_at_us;
  std::vector<int64_t> lost;
  // Per channel, in a run with partitions (else empty): messages a partition still held when
  // the run ended, never delivered (not in `lost`), and for each channel with some, the index
  // in options.partitions of the first partition that held them.
  std::vector<int64_t> undelivered;
  std::vector<int> held_by;
  // Per channel, where `undelivered` is kept: the messages sent on it, logged or not. Those
  // held are its last, so a sender's log cut back by a failed write can lack them.
  std::vector<int64_t> sent_on;

  bool failed() const;
};

// Fills outcome->lost, and caps outcome->dropped and outcome->undelivered (the engine's own
// counts) at what the logs show missing: lost is the rest. The logs are read only when
// something could have lost messages (a failure, a forced drain, a dropped backlog, a link
// down); each
// channel that lost any is named on stderr, with why, and so is each with undelivered ones.
void count_losses(const RunPlan& plan, RunOutcome* outcome);
// The text of run.txt (keys in README.md, "Log format").
std::string run_file_text(const RunPlan& plan, const RunOutcome& outcome);
void print_summary(const RunPlan& plan, const RunOutcome& outcome);

}  // namespace lc
