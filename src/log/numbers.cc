#include "logical_clock/log/numbers.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace lc {

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
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  int64_t seconds;
  if (!parse_count(whole, &seconds) || seconds > kMaxValue / kMicrosPerSecond) return false;
  int64_t fraction = 0;
  if (dot != std::string_view::npos) {
    std::string_view digits = text.substr(dot + 1);
    if (digits.empty() || digits.size() > 6) return false;
    int64_t scale = kMicrosPerSecond;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      scale /= 10;
      fraction += (c - '0') * scale;
    }
  }
  *out = seconds * kMicrosPerSecond + fraction;
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
