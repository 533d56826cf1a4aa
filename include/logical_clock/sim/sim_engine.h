// run_sim: a whole run in one process, on a virtual clock and a simulated network (see README,
// "Engines"). Every machine runs the same MachineStep as in the real engine; an event queue
// ordered by (time, kind, order) drives them:
//   - time: integer nanoseconds of model time; tick k of a machine at rate r is due at
//     ceil(k * 10^9 / r), a message arrives at its send time plus its channel's latency;
//   - kind, at one instant: arrivals on a channel (messages, byes, the end of a dead sender's
//     connection) first, so that a message arriving as a tick looks is in its queue; then
//     kills; then ticks; then the run's end;
//   - order: arrivals in the order they were sent, kills and ticks by machine id.
// No floating point decides the order, so a seed and the options fix every byte of the logs
// and run.txt. Same log format, run.txt and closing table as the real engine; the header says
// engine=sim, and system_time is --epoch plus model time.
#pragma once

#include "logical_clock/cli/options.h"

namespace lc {

// Returns the exit status of the program: 0 complete or stopped; 1 a machine failed.
int run_sim(const Options& options);

}  // namespace lc
