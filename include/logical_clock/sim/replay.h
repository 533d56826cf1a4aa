// replay_run: a run (real or simulated) rerun from its logs by the model itself, to show that
// every row is what the model says. From the headers it takes N, the rates, the seed,
// INTERNAL_MAX and the duration; from each machine's log, the instants its ticks looked at
// its queue (their model_time) and the arrival of every message it took or still held at the
// end (model_time - queue_wait of its RECV and PENDING rows, in queue order). Each machine's
// MachineStep, seeded as in the run, then takes those ticks one by one:
//   - its queue holds the messages that had arrived by then. An arrival stamped in the same
//     microsecond as the tick may have come just before or just after it (the log cannot
//     tell): there, and only there, the logged queue length decides;
//   - it receives the head, or draws and acts; it sends to the peers its draw names that it
//     still sends to. A peer it stops sending to must have ended by then: its last tick row
//     is no later, and it failed, or was stopped by then (run.txt's stopped_at or
//     stopped_<id>), or a backlog was given up between the two (run.txt's dropped_, either
//     way): the end barrier lets no machine say bye while another still ticks. It is never
//     sent to again;
//   - each row it makes is compared with the logged one: event, clock, queue, peers and
//     msg_clock. The timing columns are the input, not compared.
// A machine's arrivals come from its own log, so machines are replayed one by one; that those
// arrivals pair with their senders' SEND rows is lcstat's to check. A failed machine's log may
// end early: its queue may then hold messages the log never shows, and only the lower bound
// of its queue is checked; it may even be empty or cut inside line 1 (it failed before it
// started), a machine without rows. Streams each log twice; memory grows with the messages only.
#pragma once

#include <cstdint>
#include <string>

#include "logical_clock/base/status.h"

namespace lc {

struct ReplayResult {
  int machines = 0;
  uint64_t rows = 0;
  std::string mismatch;  // "<file>:<line>: what differs" of the first differing row; empty: none
};

// A Status error is bad input (no logs, a log that does not read, logs of different runs).
Status replay_run(const std::string& dir, ReplayResult* result);

}  // namespace lc
