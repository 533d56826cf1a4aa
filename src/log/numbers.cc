#include "logical_clock/log/numbers.h"

#include <charconv>
#include <cstddef>
#include <cmath>
#include <cstdio>

namespace lc {

namespace {

// "<1 to 13 digits>[.<1 to 6 digits>]" -> micro-units, the whole part at most max_whole.
// One pass: it runs for two or three fields of every row.
bool parse_fixed(std::string_view text, int64_t max_whole, int64_t* out) {
  const char* p = text.data();
  const char* const end = p + text.size();
  const char* const digits_end = text.size() > 13 ? p + 13 : end;
  int64_t whole = 0;
  for (; p != digits_end; ++p) {
    const auto d = static_cast<unsigned>(*p - '0');  // '.' and anything else: above 9
    if (d > 9) break;
    whole = whole * 10 + static_cast<int64_t>(d);
  }
  if (p == text.data() || (p != end && *p != '.') || whole > max_whole) return false;
  // Micro-units per unit of the last fraction digit, by the number of fraction digits.
  static constexpr int64_t kScale[7] = {1'000'000, 100'000, 10'000, 1'000, 100, 10, 1};
  int64_t fraction = 0;
  ptrdiff_t places = 0;
  if (p != end) {
    ++p;  // the '.'
    places = end - p;
    if (places == 0 || places > 6) return false;
    for (; p != end; ++p) {
      const auto d = static_cast<unsigned>(*p - '0');
      if (d > 9) return false;
      fraction = fraction * 10 + static_cast<int64_t>(d);
    }
  }
  *out = whole * kMicrosPerSecond + fraction * kScale[places];
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

bool parse_seed(std::string_view text, uint64_t* out) {
  if (text.empty() || text[0] < '0' || text[0] > '9' || (text[0] == '0' && text.size() > 1)) return false;
  const char* end = text.data() + text.size();
  const auto res = std::from_chars(text.data(), end, *out);
  return res.ec == std::errc() && res.ptr == end;
}

bool parse_micros(std::string_view text, int64_t* out) {
  return parse_fixed(text, kMaxModelSeconds, out);
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
