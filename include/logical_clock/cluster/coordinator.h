// The coordinator of a cluster run (--cluster FILE --coordinator): the parent of a run whose
// machines are on other hosts. It listens at the file's coordinator address and takes one
// control connection per machine, each opened by the handshake (a control channel, from the
// machine's id, to the coordinator, run 0) from the address the file lists for that id, which
// no other connection has claimed; then its hello. Once every machine is in, each is handed
// the run's parameters (run_params.h) and the supervisor runs the run as it runs a local one
// (supervisor.h): the start, the end barrier, the stops, run.txt and the closing table; every
// machine's log comes back over its connection into the run directory.
// A connection that fails any of this is closed with one line on stderr (at most one a second,
// the rest counted); the machines' hosts wait for it however many are refused.
#pragma once

#include "logical_clock/cli/options.h"

namespace lc {

// How long the coordinator waits for the next machine to join before it gives up the run.
inline constexpr int kJoinWaitSeconds = 120;

// Returns the exit status, as run_supervisor does.
int run_coordinator(const Options& options);

}  // namespace lc
