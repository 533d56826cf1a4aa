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

}  // namespace lc
