#include "logical_clock/sim/sim_network.h"

#include <algorithm>
#include <utility>

namespace lc {

SimNetwork::SimNetwork(int machines, uint64_t seed, const Latency& latency, const std::vector<Options::Link>& links)
    : machines_(machines),
      seed_(seed),
      specs_{latency},
      rng_(static_cast<size_t>(machines) * static_cast<size_t>(machines)),
      last_ns_(static_cast<size_t>(machines) * static_cast<size_t>(machines), 0) {
  if (links.empty()) return;
  spec_of_.assign(last_ns_.size(), 0);
  for (const Options::Link& l : links) {  // a later --link for the same channel wins
    specs_.push_back(l.latency);
    spec_of_[channel(l.from, l.to)] = static_cast<uint16_t>(specs_.size() - 1);
  }
}

int64_t SimNetwork::arrival_ns(int from, int to, int64_t send_ns) {
  const size_t c = channel(from, to);
  const Latency& spec = specs_[spec_of_.empty() ? 0 : spec_of_[c]];
  int64_t delay = spec.fixed_ns();
  if (spec.kind() != Latency::Kind::kConstant) {
    if (!rng_[c]) rng_[c].emplace(seed_, channel_stream(c));
    delay = spec.draw_ns(*rng_[c]);
  }
  int64_t arrival = std::max(send_ns + delay, last_ns_[c]);
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
