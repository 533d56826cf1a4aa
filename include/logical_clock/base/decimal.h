// Fixed-point text of microsecond counts, shared by the log writer and the analyser: the log
// format's 6-decimal seconds, and the shortest exact form used in headers and reports; and the
// command line's model seconds, read exactly into microseconds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "logical_clock/base/status.h"

namespace lc {

// The longest model time an option may name: 10^7 s.
inline constexpr int64_t kMaxModelSecondsUs = int64_t{10'000'000} * 1'000'000;

// Appends "<int>.<6 digits>" (with a leading '-' when negative): 2500000 -> "2.500000".
void append_micros(std::string* out, int64_t micros);
// The shortest exact decimal: 2500000 -> "2.5", 60000000 -> "60".
std::string micros_text(int64_t micros);

// Signed seconds as micros_text writes them, "[-]<digits>[.<1 to 6 digits>]" (at most 12 whole
// digits), kept exact in microseconds, |value| <= max_us: a header's clock_offset=, skew=.
bool parse_signed_seconds(std::string_view text, int64_t max_us, int64_t* out_us);

// Model seconds as a decimal with at most 6 fractional digits, up to kMaxModelSecondsUs, kept
// exact in microseconds: "2.5" -> 2500000. No sign, exponent or spaces; 0 only with
// allow_zero. An error is one line that starts with `what`: "<what>, not '<s>'".
Status parse_model_seconds(const std::string& s, const std::string& what, bool allow_zero, int64_t* out_us);

}  // namespace lc
