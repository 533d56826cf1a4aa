// ClockSkew: --skew ID:SECONDS, a machine whose system clock reads that much off (ahead when
// positive), to see and test the clock offset's estimate on one host. Only the machine's own
// readings of the wall clock carry it (its log's system_time, its clock probes); model time,
// ticks and deadlines do not. Plain data and functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "logical_clock/base/status.h"

namespace lc {

// The largest skew, either way: 10^6 s (11.6 days).
inline constexpr int64_t kMaxSkewUs = int64_t{1'000'000} * 1'000'000;

struct ClockSkew {
  int machine = 0;
  int64_t us = 0;  // signed microseconds
};

// "ID:SECONDS": ID a machine below `machines`, SECONDS a decimal with an optional sign and at
// most 6 decimals, |SECONDS| <= 10^6. An error is one line without the option's name.
Status parse_clock_skew(std::string_view text, int machines, ClockSkew* out);
// The skew of machine `id` (0 when none is given), and whether one is.
int64_t skew_us_of(const std::vector<ClockSkew>& skews, int id);
bool has_skew(const std::vector<ClockSkew>& skews, int id);

}  // namespace lc
