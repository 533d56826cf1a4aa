// run_replay: `logical_clock --engine sim --replay RUN_DIR`. A run is the model's only if its
// logs keep every rule across them and each machine's rows are what the model makes of its
// arrivals: so the run is first checked by lcstat's rules (the same code, on the same logs of
// one run: run_logs.h), then replayed row by row (sim/replay.h). One verdict line either way.
#pragma once

#include "logical_clock/cli/options.h"

namespace lc {

// Returns the exit status: 0 every rule holds and every row is the model's; 1 a rule broken or
// a row that differs (the first named); 2 the run cannot be read.
int run_replay(const Options& options);

}  // namespace lc
