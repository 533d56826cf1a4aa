// SimNetwork: the simulated network of a run. One directed channel per ordered pair of
// machines, each with its delays (ChannelDelays: its latency and its own random stream, so one
// channel's traffic never changes another's delays) and the instant of its last
// arrival, which keeps it FIFO as TCP is: a message never overtakes an earlier one on its
// channel, and equal instants keep the sending order. A partition (--partition) that cuts a
// channel when something would arrive on it holds it until the heal; the delays drawn are the
// same with and without partitions. A plain value; no clocks are read here.
#pragma once

#include <cstdint>
#include <vector>

#include "logical_clock/model/channel_delays.h"
#include "logical_clock/model/latency.h"
#include "logical_clock/model/partition.h"

namespace lc {

class SimNetwork {
 public:
  SimNetwork(int machines, uint64_t seed, const Latency& latency, const std::vector<LinkLatency>& links);

  // The instant at which something sent on from -> to at send_ns (a message, a bye, or the
  // end of a dead sender's connection) arrives: send_ns plus the channel's next delay, or its
  // last arrival if that is later; then, if a partition cuts the channel at that instant, its
  // heal (Partitions::held_until_ns). Later arrivals on the channel come after it.
  int64_t arrival_ns(int from, int to, int64_t send_ns);

  // The run's partitions; none until set.
  void set_partitions(Partitions partitions);
  const Partitions& partitions() const { return partitions_; }
  // The run ended while a partition cut from -> to: what the channel still carries never
  // arrives (the engine counts it undelivered), and what is sent on it next, the channel's
  // end (a bye, or a dead sender's end sent again), crosses the cut: it arrives after the
  // channel's last arrival at or before the end, delivered_ns, whatever the partitions. Only
  // for a channel a partition cuts.
  void cross_at_end(int from, int to, int64_t delivered_ns);

 private:
  size_t channel(int from, int to) const {
    return static_cast<size_t>(from) * static_cast<size_t>(machines_) + static_cast<size_t>(to);
  }

  int machines_;
  std::vector<ChannelDelays> delays_;  // by sender
  std::vector<int64_t> last_ns_;       // per channel: its latest arrival so far
  Partitions partitions_;
  std::vector<uint8_t> crossing_;      // per channel, with partitions: 1 once cross_at_end named it
};

}  // namespace lc
