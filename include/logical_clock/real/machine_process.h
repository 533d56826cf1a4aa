// run_machine: the life of one machine inside its own (forked) process. It starts its
// listener thread, connects to every peer, reports ready to the parent on its control socket,
// waits for the common start instant, runs its ticks against absolute deadlines, then stops
// sending, drains its peers until each has closed, and writes its PENDING rows.
// SIGTERM stops it early (a second SIGTERM cuts the drain short); SIGINT is the parent's.
#pragma once

#include "logical_clock/base/fd.h"
#include "logical_clock/cli/run_plan.h"
#include "logical_clock/real/shared_stats.h"

namespace lc {

// Returns the process exit status (0: complete log; 1: failed, reason on stderr).
int run_machine(const RunPlan& plan, int id, Fd listen_fd, Fd control_fd, SharedStats* shared);

}  // namespace lc
