// ChannelDelays: the delays that the messages one machine sends get on their way, one channel
// per peer. Each channel has its latency (--latency, or a --link of its own) and its own random
// stream, channel_stream(from * N + to), made at the channel's first random draw; so the k-th
// thing sent on a channel gets the channel's k-th draw, whatever the other channels carry. The
// simulation draws its arrivals from it, the real engine its senders' holds, and lcstat draws
// the same delays again to check a run of either. A plain value; one owner.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "logical_clock/base/status.h"
#include "logical_clock/model/latency.h"
#include "logical_clock/model/rng.h"

namespace lc {

// The latency of one directed channel: --link FROM-TO:SPEC.
struct LinkLatency {
  int from = 0;
  int to = 0;
  Latency latency;
};

// Parses FROM-TO:SPEC, machines below `machines`; an error names the text and the fault.
Status parse_link(std::string_view text, int machines, LinkLatency* out);
// The links as a log's header writes them: "F-T:SPEC" joined by ','; empty when none.
std::string links_text(const std::vector<LinkLatency>& links);
// The header's text back into links (an empty text is none).
Status parse_links_text(std::string_view text, int machines, std::vector<LinkLatency>* out);

// The random streams of the channels, after the rates' (0) and the machines' (1..N).
inline constexpr uint64_t channel_stream(uint64_t channel) { return (uint64_t{1} << 40) + channel; }

class ChannelDelays {
 public:
  // The channels from `sender` to each of the `machines`; a later link of a channel wins.
  ChannelDelays(int machines, int sender, uint64_t seed, const Latency& latency, const std::vector<LinkLatency>& links);

  // The delay of the next thing sent to `to`, in nanoseconds.
  int64_t next_ns(int to);
  // The delays of the first `count` things sent to `to`, whatever was drawn so far (lcstat).
  std::vector<int64_t> first_ns(int to, size_t count) const;
  // Whether every channel of the sender adds nothing (each a constant 0).
  bool none() const { return none_; }

 private:
  int sender_;
  int machines_;
  uint64_t seed_;
  std::vector<Latency> specs_;           // [0] is --latency, then one per link of this sender
  std::vector<uint16_t> spec_of_;        // per receiver, an index into specs_ (empty: all [0])
  std::vector<std::optional<Rng>> rng_;  // per receiver, made at its first random draw (empty before)
  bool none_ = true;
};

}  // namespace lc
