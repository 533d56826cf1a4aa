// A host's share of a cluster run (--cluster FILE --id I[,J...]): it listens at each of its
// machines' addresses, joins the coordinator once per machine (the handshake, then a hello;
// retried until kCoordinatorWaitSeconds pass), takes the run's parameters, and forks each
// machine as the local supervisor does (run_machine). Then it relays: the machines' control
// frames to the coordinator and back (a start is passed on as the coordinator's realtime,
// which each machine reads on this host's clocks), a stop as the SIGTERM or SIGKILL it stands
// for, and every 250 ms each machine's counters with its CPU wait (/proc) and what its log has
// grown by (so that the coordinator holds it up to a vanished host's last moments). When a
// machine ends, its host sends its last counters, the rest of its log, how it ended, and a bye.
// A coordinator that goes away stops the machines as a SIGTERM would, their logs complete
// here. SIGINT, SIGTERM and SIGHUP stop them as the local supervisor's do.
#pragma once

#include "logical_clock/cli/options.h"

namespace lc {

inline constexpr int kCoordinatorWaitSeconds = 120;

// Returns the exit status: 0 every machine ended well and its log reached the coordinator.
int run_cluster_host(const Options& options);

}  // namespace lc
