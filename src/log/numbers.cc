#include "logical_clock/log/numbers.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace lc {

namespace {

// "<1 to 13 digits>[.<1 to 6 digits>]" -> micro-units, the whole part at most max_whole.
// One pass: it runs for two fields of every row.
bool parse_fixed(std::string_view text, int64_t max_whole, int64_t* out) {
  const char* p = text.data();
  const char* const end = p + text.size();
  int64_t whole = 0;
  int digits = 0;
  for (; p != end && *p != '.'; ++p) {
    const auto d = static_cast<unsigned>(*p - '0');
    if (d > 9 || ++digits > 13) return false;
    whole = whole * 10 + static_cast<int64_t>(d);
  }
  if (digits == 0 || whole > max_whole) return false;
  int64_t fraction = 0;
  if (p != end) {
    ++p;  // the '.'
    if (p == end || end - p > 6) return false;
    int64_t scale = kMicrosPerSecond;
    for (; p != end; ++p) {
      const auto d = static_cast<unsigned>(*p - '0');
      if (d > 9) return false;
      scale /= 10;
      fraction += static_cast<int64_t>(d) * scale;
    }
  }
  *out = whole * kMicrosPerSecond + fraction;
  return true;
}

}  // namespace

bool parse_count(std::string_view text, int64_t* out) {
  if (text.empty() || text.size() > 13) return false;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (value > kMaxValue) return false;
  *out = value;
  return true;
}

bool parse_micros(std::string_view text, int64_t* out) {
  return parse_fixed(text, kMaxValue / kMicrosPerSecond, out);
}

bool parse_unix_micros(std::string_view text, int64_t* out) { return parse_fixed(text, kMaxUnixSeconds, out); }

bool parse_factor(std::string_view text, double* out) {
  if (text.empty()) return false;
  double value = 0;
  const char* end = text.data() + text.size();
  auto res = std::from_chars(text.data(), end, value);
  if (res.ec != std::errc() || res.ptr != end || !std::isfinite(value) || !(value > 0)) return false;
  *out = value;
  return true;
}

void append_count(std::string* out, int64_t value) {
  char tmp[24];
  auto res = std::to_chars(tmp, tmp + sizeof tmp, value);
  out->append(tmp, static_cast<size_t>(res.ptr - tmp));
}

void append_fixed(std::string* out, double value, int decimals) {
  if (std::isnan(value)) {
    out->append("nan");
    return;
  }
  char tmp[64];
  int n = std::snprintf(tmp, sizeof tmp, "%.*f", decimals, value);
  if (n > 0) out->append(tmp, static_cast<size_t>(n) < sizeof tmp ? static_cast<size_t>(n) : sizeof tmp - 1);
}

}  // namespace lc
