// SimNetwork: the simulated network of a run. One directed channel per ordered pair of
// machines, each with its delays (ChannelDelays: its latency and its own random stream, so one
// channel's traffic never changes another's delays) and the instant of its last
// arrival, which keeps it FIFO as TCP is: a message never overtakes an earlier one on its
// channel, and equal instants keep the sending order. A plain value; no clocks are read here.
#pragma once

#include <cstdint>
#include <vector>

#include "logical_clock/model/channel_delays.h"
#include "logical_clock/model/latency.h"

namespace lc {

class SimNetwork {
 public:
  SimNetwork(int machines, uint64_t seed, const Latency& latency, const std::vector<LinkLatency>& links);

  // The instant at which something sent on from -> to at send_ns (a message, a bye, or the
  // end of a dead sender's connection) arrives.
  int64_t arrival_ns(int from, int to, int64_t send_ns);

 private:
  size_t channel(int from, int to) const {
    return static_cast<size_t>(from) * static_cast<size_t>(machines_) + static_cast<size_t>(to);
  }

  int machines_;
  std::vector<ChannelDelays> delays_;  // by sender
  std::vector<int64_t> last_ns_;       // per channel: its latest arrival so far
};

}  // namespace lc
