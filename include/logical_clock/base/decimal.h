// Fixed-point text of microsecond counts, shared by the log writer and the analyser: the log
// format's 6-decimal seconds, and the shortest exact form used in headers and reports.
#pragma once

#include <cstdint>
#include <string>

namespace lc {

// Appends "<int>.<6 digits>" (with a leading '-' when negative): 2500000 -> "2.500000".
void append_micros(std::string* out, int64_t micros);
// The shortest exact decimal: 2500000 -> "2.5", 60000000 -> "60".
std::string micros_text(int64_t micros);

}  // namespace lc
