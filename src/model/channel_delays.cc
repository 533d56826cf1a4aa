#include "logical_clock/model/channel_delays.h"

#include <charconv>

namespace lc {

namespace {

bool parse_id(std::string_view text, int machines, int* out) {
  int v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size() || v < 0 || v >= machines) return false;
  *out = v;
  return true;
}

}  // namespace

Status parse_link(std::string_view text, int machines, LinkLatency* out) {
  const std::string shown(text);
  const size_t dash = text.find('-'), colon = text.find(':');
  if (dash == std::string_view::npos || colon == std::string_view::npos || dash > colon)
    return Status::error("takes FROM-TO:SPEC, e.g. 0-1:exp:2ms, not '" + shown + "'");
  const std::string range = "0.." + std::to_string(machines - 1);
  LinkLatency link;
  const std::string_view from = text.substr(0, dash), to = text.substr(dash + 1, colon - dash - 1);
  if (!parse_id(from, machines, &link.from))
    return Status::error(shown + ": the sending machine '" + std::string(from) + "' is not one of " + range);
  if (!parse_id(to, machines, &link.to))
    return Status::error(shown + ": the receiving machine '" + std::string(to) + "' is not one of " + range);
  Status s = Latency::parse(text.substr(colon + 1), &link.latency);
  if (!s.is_ok()) return Status::error(shown + ": " + s.message());
  if (link.from == link.to) return Status::error(shown + ": a machine has no channel to itself");
  *out = link;
  return Status::ok();
}

std::string links_text(const std::vector<LinkLatency>& links) {
  std::string text;
  for (const LinkLatency& l : links)
    text += (text.empty() ? "" : ",") + std::to_string(l.from) + "-" + std::to_string(l.to) + ":" + l.latency.text();
  return text;
}

Status parse_links_text(std::string_view text, int machines, std::vector<LinkLatency>* out) {
  out->clear();
  if (text.empty()) return Status::ok();
  for (;;) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    if (item.empty()) return Status::error("an empty link (a ',' too many)");
    LinkLatency link;
    Status s = parse_link(item, machines, &link);
    if (!s.is_ok()) return s;
    for (const LinkLatency& l : *out)
      if (l.from == link.from && l.to == link.to)
        return Status::error("channel " + std::to_string(link.from) + "-" + std::to_string(link.to) + " is given twice");
    out->push_back(link);
    if (comma == std::string_view::npos) return Status::ok();
    text.remove_prefix(comma + 1);
  }
}

ChannelDelays::ChannelDelays(int machines, int sender, uint64_t seed, const Latency& latency,
                             const std::vector<LinkLatency>& links)
    : sender_(sender), machines_(machines), seed_(seed), specs_{latency} {
  for (const LinkLatency& l : links) {
    if (l.from != sender) continue;
    if (spec_of_.empty()) spec_of_.assign(static_cast<size_t>(machines), 0);
    specs_.push_back(l.latency);
    spec_of_[static_cast<size_t>(l.to)] = static_cast<uint16_t>(specs_.size() - 1);
  }
  for (int to = 0; to < machines; ++to) {
    const Latency& spec = specs_[spec_of_.empty() ? 0 : spec_of_[static_cast<size_t>(to)]];
    if (to != sender && (spec.kind() != Latency::Kind::kConstant || spec.fixed_ns() != 0)) none_ = false;
  }
}

std::vector<int64_t> ChannelDelays::first_ns(int to, size_t count) const {
  const Latency& spec = specs_[spec_of_.empty() ? 0 : spec_of_[static_cast<size_t>(to)]];
  if (spec.kind() == Latency::Kind::kConstant) return std::vector<int64_t>(count, spec.fixed_ns());
  Rng rng(seed_, channel_stream(static_cast<uint64_t>(sender_) * static_cast<uint64_t>(machines_) + static_cast<uint64_t>(to)));
  std::vector<int64_t> draws;
  draws.reserve(count);
  for (size_t i = 0; i < count; ++i) draws.push_back(spec.draw_ns(rng));
  return draws;
}

int64_t ChannelDelays::next_ns(int to) {
  const auto r = static_cast<size_t>(to);
  const Latency& spec = specs_[spec_of_.empty() ? 0 : spec_of_[r]];
  if (spec.kind() == Latency::Kind::kConstant) return spec.fixed_ns();
  if (rng_.empty()) rng_.resize(static_cast<size_t>(machines_));  // not before a random draw
  if (!rng_[r]) {
    const uint64_t channel = static_cast<uint64_t>(sender_) * static_cast<uint64_t>(machines_) + r;
    rng_[r].emplace(seed_, channel_stream(channel));
  }
  return spec.draw_ns(*rng_[r]);
}

}  // namespace lc
