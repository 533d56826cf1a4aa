// RunPlan: everything fixed before a run starts, whatever its engine: the options, each
// machine's rate, the seed, the log directory; and, for the real engine, the run's secret and
// the machines' listening addresses, and in a cluster its key. A plain value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "logical_clock/base/endpoint.h"
#include "logical_clock/base/sha256.h"
#include "logical_clock/cli/options.h"

namespace lc {

struct RunPlan {
  Options options;
  std::vector<int> rates;
  uint64_t seed = 0;
  uint64_t secret = 0;
  // The run's identity, in every log's header and in run.txt, so that logs of two runs are
  // never taken for one (run_logs.h): drawn at random for a real run; for a simulated one, a
  // hash of everything that shapes it, so that the same options give the same bytes.
  uint64_t run_id = 0;
  std::vector<uint16_t> ports;
  // A cluster run: machine i listens at endpoints[i], and its connections to its peers leave
  // from that address. Empty: machine i listens at 127.0.0.1, ports[i], as on one host.
  std::vector<Endpoint> endpoints;
  // Set: every peer connection opens with the handshake (wire/handshake.h) under this key,
  // claiming {kPeer, from the connecting machine, to its peer, run_id}, before its hello; the
  // listener lets in no other. Unset: a hello with the secret opens it, as on one host.
  std::optional<ClusterKey> key;
  std::string dir;
};

}  // namespace lc
