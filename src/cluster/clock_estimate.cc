#include "logical_clock/cluster/clock_estimate.h"

namespace lc {

namespace {

// Stamps far enough inside int64 that every difference and sum below is exact: 2^61 ns is
// 73 years past 1970 on either side of the machine's reading, more than any clock can be off.
constexpr int64_t kMaxStampNs = int64_t{1} << 61;

bool in_range(int64_t ns) { return ns > -kMaxStampNs && ns < kMaxStampNs; }

}  // namespace

bool estimate_clock_offset(const std::vector<ClockSample>& samples, ClockEstimate* out) {
  const ClockSample* best = nullptr;
  for (const ClockSample& s : samples) {
    if (!in_range(s.sent_ns) || !in_range(s.recv_ns) || !in_range(s.parent_ns) || s.recv_ns < s.sent_ns) continue;
    if (best == nullptr || s.recv_ns - s.sent_ns < best->recv_ns - best->sent_ns) best = &s;
  }
  if (best == nullptr) return false;
  // The true offset lies in [sent - parent, recv - parent]: its midpoint, rounded down, is at
  // most floor(rtt / 2) from the low end and ceil(rtt / 2) from the high one.
  const int64_t rtt = best->recv_ns - best->sent_ns;
  out->offset_ns = best->sent_ns + rtt / 2 - best->parent_ns;
  out->uncertainty_ns = rtt - rtt / 2;
  return true;
}

ClockEstimateUs to_micros(const ClockEstimate& e) {
  ClockEstimateUs us;
  const int64_t ns = e.offset_ns;
  us.offset_us = ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000);
  us.uncertainty_us = (e.uncertainty_ns + 500 + 999) / 1000;
  return us;
}

}  // namespace lc
