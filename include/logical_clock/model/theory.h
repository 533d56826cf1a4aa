// The model's steady state from its parameters alone: for each machine, the share of its ticks
// that will be receives and whether (and how fast) its queue grows without bound, as a pure
// function of the tick rates, N and INTERNAL_MAX. A fluid (long-run average) fixed point over
// the machines; docs/analysis.md, "The theory", derives it and says where it is wrong.
// Plain functions and values; safe from any thread.
#pragma once

#include <vector>

namespace lc {

// What the fixed point says about one machine, in model seconds.
struct MachineForecast {
  double rate = 0;          // r: its ticks per second (the input)
  double act_rate = 0;      // a = r (1 - p): ticks per second spent drawing v and acting
  double arrival_rate = 0;  // Λ: messages per second reaching its queue, c x (others' acts)
  double recv_share = 0;    // p = min(1, Λ / r): the share of its ticks that take a message
  double growth = 0;        // max(0, Λ - r): messages per second its queue grows by
  double load = 0;          // Λ / r: below 1 the queue stays bounded, above it grows

  // The queue grows without bound (load above 1 by more than rounding).
  bool unbounded() const { return load > 1 + kEdge; }
  // Within rounding of load 1: the queue is a random walk with no drift, growing like sqrt(t).
  bool critical() const { return load >= 1 - kEdge && load <= 1 + kEdge; }

  static constexpr double kEdge = 1e-9;
};

// c: the probability that one act of a machine sends a message to one given other machine.
// v in 1..K; v = 1, 2 send to one peer (N = 3: v = 1 the lower-id other, v = 2 the higher-id
// one; else a peer drawn uniformly), v = 3 to every other: c = 2 / (K (N - 1)) + 1 / K.
double send_probability(int machines, int internal_max);

// The fixed point for machines with the given rates (ticks per second, each > 0), N =
// rates.size() >= 2, INTERNAL_MAX >= 3. Returns false (and leaves `out` empty) for parameters
// outside those bounds.
bool forecast(const std::vector<double>& rates, int internal_max, std::vector<MachineForecast>* out);

}  // namespace lc
