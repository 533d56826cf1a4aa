// Field parsing and number formatting for log rows: hand-written, allocation-free, strict.
// Counts are whole numbers without sign; times are fixed-point decimals with at most six
// fraction digits, kept as integer microseconds so that all arithmetic on them is exact.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "logical_clock/base/decimal.h"

namespace lc {

// Upper bound for any whole number in a log (clocks, queue lengths, ids): far beyond any
// real run, and small enough that sums over billions of rows cannot overflow int64.
inline constexpr int64_t kMaxValue = 1'000'000'000'000;  // 10^12
inline constexpr int64_t kMicrosPerSecond = 1'000'000;
// Upper bound for a Unix time in seconds (system_time, start=; the year 5138).
inline constexpr int64_t kMaxUnixSeconds = 99'999'999'999;
// Upper bound for a model time in seconds (model_time, queue_wait, run.txt's instants), which
// can pass the duration by far: at --speed 1e9 every real second of late ticks is 10^9 model
// seconds. As microseconds it stays below int64's limit; the real engine stops a run whose
// model time reaches half of it (a run at 1e9 whose late ticks last 75 minutes).
inline constexpr int64_t kMaxModelSeconds = 9'000'000'000'000;

// "0".."kMaxValue": digits only. False on anything else (sign, blank, overflow, junk).
bool parse_count(std::string_view text, int64_t* out);
// A seed as the logs write it: a 64-bit whole number in decimal, without a leading zero.
bool parse_seed(std::string_view text, uint64_t* out);
// "<digits>[.<1 to 6 digits>]" seconds (or rate), up to kMaxModelSeconds -> micro-units.
// False on anything else.
bool parse_micros(std::string_view text, int64_t* out);
// The same for a Unix time ("1764118000.250010").
bool parse_unix_micros(std::string_view text, int64_t* out);
// A factor above 0 written as the shortest decimal of a double ("20", "0.5", "1e-09"): the
// header's speed=. False on anything else (sign, blank, junk, 0, infinity, NaN).
bool parse_factor(std::string_view text, double* out);

// "<int>.<6 digits>" and the shortest exact decimal (2500000 -> "2.5"): the project's own.
void append_count(std::string* out, int64_t value);
// Appends a double with `decimals` fraction digits ("nan" for NaN).
void append_fixed(std::string* out, double value, int decimals);

}  // namespace lc
