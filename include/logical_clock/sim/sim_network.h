// SimNetwork: the simulated network of a run. One directed channel per ordered pair of
// machines, each with its latency (--latency, or a --link of its own), its own random stream
// (so one channel's traffic never changes another's delays) and the instant of its last
// arrival, which keeps it FIFO as TCP is: a message never overtakes an earlier one on its
// channel, and equal instants keep the sending order. A plain value; no clocks are read here.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "logical_clock/cli/options.h"
#include "logical_clock/model/latency.h"
#include "logical_clock/model/rng.h"

namespace lc {

class SimNetwork {
 public:
  SimNetwork(int machines, uint64_t seed, const Latency& latency, const std::vector<Options::Link>& links);

  // The instant at which something sent on from -> to at send_ns (a message, a bye, or the
  // end of a dead sender's connection) arrives.
  int64_t arrival_ns(int from, int to, int64_t send_ns);

 private:
  size_t channel(int from, int to) const {
    return static_cast<size_t>(from) * static_cast<size_t>(machines_) + static_cast<size_t>(to);
  }

  int machines_;
  uint64_t seed_;
  std::vector<Latency> specs_;          // [0] is --latency, then one per --link
  std::vector<uint16_t> spec_of_;       // per channel, an index into specs_ (empty: all [0])
  std::vector<std::optional<Rng>> rng_;  // per channel, made at its first random draw
  std::vector<int64_t> last_ns_;        // per channel: its latest arrival so far
};

// The random streams of the channels, after the rates' (0) and the machines' (1..N).
inline constexpr uint64_t channel_stream(uint64_t channel) { return (uint64_t{1} << 40) + channel; }

}  // namespace lc
