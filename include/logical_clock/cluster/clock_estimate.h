// The offset of a machine's system clock to its parent's (the local supervisor, or a cluster's
// coordinator), estimated from clock probes: the machine stamps a probe's send and its reply's
// arrival on its own clock, the parent stamps its reply on its own. The parent's stamp was
// taken between the two, so the machine's clock minus the parent's lies within
// [send - parent, recv - parent]: its midpoint is the estimate and half the round trip bounds
// the error. Of several probes the one with the smallest round trip wins. Plain functions, no
// sockets or clocks, so that tests can feed them made-up samples.
#pragma once

#include <cstdint>
#include <vector>

namespace lc {

// One probe, all in nanoseconds of CLOCK_REALTIME (each on its own host's clock).
struct ClockSample {
  int64_t sent_ns = 0;    // the machine's clock when it sent the probe
  int64_t parent_ns = 0;  // the parent's clock when it stamped its reply
  int64_t recv_ns = 0;    // the machine's clock when the reply arrived
};

// The machine's clock minus the parent's, and a bound on the error: the true offset lies in
// [offset - uncertainty, offset + uncertainty].
struct ClockEstimate {
  int64_t offset_ns = 0;
  int64_t uncertainty_ns = 0;
};

// How many probes a machine sends before its ready.
inline constexpr int kClockProbes = 8;

// The estimate from the sample with the smallest round trip (the first of equal ones). A sample
// whose reply arrived before its send (the machine's clock stepped back meanwhile) or whose
// round trip or stamps overflow is left out. False when no sample is left.
bool estimate_clock_offset(const std::vector<ClockSample>& samples, ClockEstimate* out);

// In whole microseconds, as a log's header holds them: the offset rounded to nearest (half away
// from zero), the uncertainty rounded up after adding the 500 ns that rounding may cost, so the
// interval still holds the true offset.
struct ClockEstimateUs {
  int64_t offset_us = 0;
  int64_t uncertainty_us = 0;
};
ClockEstimateUs to_micros(const ClockEstimate& estimate);

}  // namespace lc
