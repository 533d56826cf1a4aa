#include "logical_clock/sim/sim_network.h"

#include <algorithm>
#include <utility>

namespace lc {

SimNetwork::SimNetwork(int machines, uint64_t seed, const Latency& latency, const std::vector<LinkLatency>& links)
    : machines_(machines), last_ns_(static_cast<size_t>(machines) * static_cast<size_t>(machines), 0) {
  delays_.reserve(static_cast<size_t>(machines));
  for (int from = 0; from < machines; ++from) delays_.emplace_back(machines, from, seed, latency, links);
}

int64_t SimNetwork::arrival_ns(int from, int to, int64_t send_ns) {
  const size_t c = channel(from, to);
  int64_t arrival = std::max(send_ns + delays_[static_cast<size_t>(from)].next_ns(to), last_ns_[c]);
  if (!partitions_.empty() && crossing_[c] == 0) arrival = partitions_.held_until_ns(from, to, arrival);
  last_ns_[c] = arrival;
  return arrival;
}

void SimNetwork::set_partitions(Partitions partitions) {
  partitions_ = std::move(partitions);
  crossing_.assign(partitions_.empty() ? 0 : last_ns_.size(), 0);
}

void SimNetwork::cross_at_end(int from, int to, int64_t delivered_ns) {
  const size_t c = channel(from, to);
  last_ns_[c] = delivered_ns;
  crossing_[c] = 1;
}

}  // namespace lc
