#include "logical_clock/model/partition.h"

#include <algorithm>

#include "logical_clock/base/decimal.h"

namespace lc {

namespace {

// A machine id: decimal digits only, below `machines`; false with the reason in *why.
bool parse_id(std::string_view text, int machines, int* out, std::string* why) {
  if (text.empty()) {
    *why = "an empty machine id (ids in a group are separated by ',')";
    return false;
  }
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      *why = "'" + std::string(text) + "' is not a machine id";
      return false;
    }
    if (v <= machines) v = v * 10 + (c - '0');  // past `machines` it is too large anyway
  }
  if (v >= machines) {
    *why = "names machine " + std::string(text) + ", but the machines are 0.." + std::to_string(machines - 1);
    return false;
  }
  *out = static_cast<int>(v);
  return true;
}

}  // namespace

Status Partition::parse(std::string_view text, int machines, Partition* out) {
  const std::string whole(text);
  auto bad = [&whole](const std::string& what) { return Status::error(whole + ": " + what); };
  const size_t at = text.find('@');
  const size_t dash = at == std::string_view::npos ? at : text.find('-', at);
  if (dash == std::string_view::npos) return bad("a partition is GROUPS@FROM-TO, e.g. 0,1|2@30-60");
  Partition p;
  p.text_ = whole;
  Status s = parse_model_seconds(std::string(text.substr(at + 1, dash - at - 1)), "its start must be model seconds",
                                 true, &p.from_us_);
  if (s.is_ok())
    s = parse_model_seconds(std::string(text.substr(dash + 1)), "its end must be model seconds", true, &p.to_us_);
  if (!s.is_ok()) return bad(s.message());
  if (p.from_us_ >= p.to_us_)
    return bad("it must end after it starts, not at " + micros_text(p.to_us_) + " s (FROM < TO)");

  p.group_.assign(static_cast<size_t>(machines > 0 ? machines : 0), 0);
  const std::string_view groups = text.substr(0, at);
  int named_groups = 0, named = 0;
  for (size_t start = 0; start <= groups.size();) {
    const size_t bar = std::min(groups.find('|', start), groups.size());
    const std::string_view group = groups.substr(start, bar - start);
    if (group.empty()) return bad("an empty group (groups are separated by '|')");
    ++named_groups;
    for (size_t from = 0; from <= group.size();) {
      const size_t comma = std::min(group.find(',', from), group.size());
      int id = 0;
      std::string why;
      if (!parse_id(group.substr(from, comma - from), machines, &id, &why)) return bad(why);
      int& slot = p.group_[static_cast<size_t>(id)];
      if (slot != 0) return bad("names machine " + std::to_string(id) + " twice");
      slot = named_groups;
      ++named;
      from = comma + 1;
    }
    start = bar + 1;
  }
  // Machines not named form one more group.
  if (named_groups + (named < machines ? 1 : 0) < 2)
    return bad("separates nothing: every machine is in one group");
  *out = std::move(p);
  return Status::ok();
}

bool Partition::cuts(int from, int to) const {
  const auto f = static_cast<size_t>(from), t = static_cast<size_t>(to);
  return from >= 0 && to >= 0 && f < group_.size() && t < group_.size() && group_[f] != group_[t];
}

int64_t Partitions::held_until_ns(int from, int to, int64_t arrival_ns) const {
  int64_t t = arrival_ns;
  // Each heal taken moves t to that partition's end, so no partition holds it twice.
  for (bool held = true; held;) {
    held = false;
    for (const Partition& p : list_) {
      if (p.cuts_at(from, to, t)) {
        t = p.to_ns();
        held = true;
      }
    }
  }
  return t;
}

int Partitions::cutting(int from, int to, int64_t t_ns) const {
  for (size_t i = 0; i < list_.size(); ++i)
    if (list_[i].cuts_at(from, to, t_ns)) return static_cast<int>(i);
  return -1;
}

std::string Partitions::text() const {
  std::string text;
  for (const Partition& p : list_) text += (text.empty() ? "" : ";") + p.text();
  return text;
}

}  // namespace lc
