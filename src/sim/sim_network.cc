#include "logical_clock/sim/sim_network.h"

#include <algorithm>

namespace lc {

SimNetwork::SimNetwork(int machines, uint64_t seed, const Latency& latency, const std::vector<LinkLatency>& links)
    : machines_(machines), last_ns_(static_cast<size_t>(machines) * static_cast<size_t>(machines), 0) {
  delays_.reserve(static_cast<size_t>(machines));
  for (int from = 0; from < machines; ++from) delays_.emplace_back(machines, from, seed, latency, links);
}

int64_t SimNetwork::arrival_ns(int from, int to, int64_t send_ns) {
  const size_t c = channel(from, to);
  const int64_t arrival = std::max(send_ns + delays_[static_cast<size_t>(from)].next_ns(to), last_ns_[c]);
  last_ns_[c] = arrival;
  return arrival;
}

}  // namespace lc
