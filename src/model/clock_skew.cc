#include "logical_clock/model/clock_skew.h"

#include <charconv>

#include "logical_clock/base/decimal.h"

namespace lc {

Status parse_clock_skew(std::string_view text, int machines, ClockSkew* out) {
  const std::string given(text);
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return Status::error("takes ID:SECONDS, e.g. 1:2.5 or 0:-0.25, not '" + given + "'");
  const std::string_view id_text = text.substr(0, colon);
  int64_t id = 0;
  bool digits = id_text.size() <= 4;
  for (char c : id_text) digits = digits && c >= '0' && c <= '9';
  if (digits) std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (!digits || id >= machines)
    return Status::error("names machine '" + std::string(id_text) + "', not one of 0.." + std::to_string(machines - 1));
  std::string_view seconds = text.substr(colon + 1);
  const bool plus = !seconds.empty() && seconds[0] == '+';
  if (plus) seconds.remove_prefix(1);
  if ((plus && !seconds.empty() && seconds[0] == '-') || !parse_signed_seconds(seconds, kMaxSkewUs, &out->us))
    return Status::error("needs seconds with at most 6 decimals and at most 1000000 either way, e.g. 1:2.5, not '" +
                         given + "'");
  out->machine = static_cast<int>(id);
  return Status::ok();
}

int64_t skew_us_of(const std::vector<ClockSkew>& skews, int id) {
  for (const ClockSkew& s : skews)
    if (s.machine == id) return s.us;
  return 0;
}

bool has_skew(const std::vector<ClockSkew>& skews, int id) {
  for (const ClockSkew& s : skews)
    if (s.machine == id) return true;
  return false;
}

}  // namespace lc
