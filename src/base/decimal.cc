#include "logical_clock/base/decimal.h"

#include <charconv>

namespace lc {

void append_micros(std::string* out, int64_t micros) {
  if (micros < 0) {
    out->push_back('-');
    micros = -micros;
  }
  char whole[24];
  auto res = std::to_chars(whole, whole + sizeof whole, micros / 1'000'000);
  out->append(whole, static_cast<size_t>(res.ptr - whole));
  char frac[7];
  frac[0] = '.';
  int64_t rest = micros % 1'000'000;
  for (int i = 6; i >= 1; --i, rest /= 10) frac[i] = static_cast<char>('0' + rest % 10);
  out->append(frac, sizeof frac);
}

std::string micros_text(int64_t micros) {
  std::string text;
  append_micros(&text, micros);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

bool parse_signed_seconds(std::string_view text, int64_t max_us, int64_t* out_us) {
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || frac.size() > 6 || (dot != std::string_view::npos && frac.empty()))
    return false;
  int64_t us = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return false;
    us = us * 10 + (c - '0');
  }
  for (size_t i = 0; i < 6; ++i) {
    const char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return false;
    us = us * 10 + (c - '0');
  }
  if (us > max_us) return false;
  *out_us = negative ? -us : us;
  return true;
}

Status parse_model_seconds(const std::string& s, const std::string& what, bool allow_zero, int64_t* out_us) {
  const size_t dot = s.find('.');
  const std::string whole = s.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (frac.size() > 6) return Status::error(what + " with at most 6 decimals, not '" + s + "'");
  if ((whole.empty() && frac.empty()) || (dot != std::string::npos && frac.empty()))
    return Status::error(what + ", not '" + s + "'");
  int64_t w = 0, f = 0;
  for (char c : whole + frac)
    if (c < '0' || c > '9') return Status::error(what + ", not '" + s + "'");
  if (!whole.empty() && std::from_chars(whole.data(), whole.data() + whole.size(), w).ec != std::errc())
    return Status::error(what + " no larger than 10000000, not " + s);
  if (!frac.empty()) std::from_chars(frac.data(), frac.data() + frac.size(), f);
  for (size_t i = frac.size(); i < 6; ++i) f *= 10;
  if (w > kMaxModelSecondsUs / 1'000'000 || w * 1'000'000 + f > kMaxModelSecondsUs)
    return Status::error(what + " no larger than 10000000, not " + s);
  *out_us = w * 1'000'000 + f;
  if (*out_us <= 0 && !allow_zero) return Status::error(what + ", not " + s);
  return Status::ok();
}

}  // namespace lc
