// run_supervisor: the parent process of a run. It fixes the plan (seed, rates, secret, ports,
// log directory), forks one process per machine before any thread exists, hands every machine
// the common start instant once all are connected, turns SIGINT/SIGTERM into one SIGTERM per
// machine (a second one forces a fast end), reaps every child, and prints the closing table.
#pragma once

#include "logical_clock/cli/options.h"

namespace lc {

// Returns the exit status of the program: 0 complete; 1 a machine failed (named on stderr).
int run_supervisor(const Options& options);

}  // namespace lc
