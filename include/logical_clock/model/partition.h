// Partition: a network partition of a run, as --partition names it and the logs' header
// repeats it: "GROUPS@FROM-TO", groups of machine ids separated by '|', the ids of a group by
// ',' (machines not named form one group of their own), FROM and TO model seconds with at
// most 6 decimals, FROM < TO. During [FROM, TO) every channel between two groups is cut, both
// ways; TO is the heal. Partitions: the partitions of a run, in the order given, and the one
// rule the simulated network applies with them: what would arrive on a channel while it is
// cut arrives at the heal instead. Plain values; no clocks are read here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "logical_clock/base/status.h"

namespace lc {

class Partition {
 public:
  // Parses `text` for a run of `machines` machines (ids 0..machines-1). An error names the
  // text and what is wrong with it, in one line: a malformed group or instant, an empty
  // group, a machine named twice or beyond the run's, FROM >= TO, or groups that separate
  // nothing (every machine in one group).
  static Status parse(std::string_view text, int machines, Partition* out);

  // Whether the channel from -> to runs between two groups (then it is cut during the
  // partition). Symmetric; false for ids beyond the machines it was parsed for.
  bool cuts(int from, int to) const;
  // Whether it cuts from -> to at model instant t_ns (nanoseconds): FROM <= t < TO.
  bool cuts_at(int from, int to, int64_t t_ns) const {
    return t_ns >= from_ns() && t_ns < to_ns() && cuts(from, to);
  }
  int64_t from_us() const { return from_us_; }
  int64_t to_us() const { return to_us_; }
  int64_t from_ns() const { return from_us_ * 1000; }
  int64_t to_ns() const { return to_us_ * 1000; }
  // As given: "0,1|2@30-60".
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  int64_t from_us_ = 0;
  int64_t to_us_ = 0;
  std::vector<int> group_;  // by machine id: 0 for machines not named, else 1 + its group
};

class Partitions {
 public:
  Partitions() = default;
  explicit Partitions(std::vector<Partition> list) : list_(std::move(list)) {}

  bool empty() const { return list_.empty(); }
  const std::vector<Partition>& list() const { return list_; }
  // When something that would arrive on from -> to at arrival_ns does arrive: arrival_ns, or,
  // when a partition cuts the channel then, its heal, taken again as long as the heal falls
  // in another partition that cuts the channel (overlapping or adjacent ones): the first
  // instant at or after arrival_ns at which no partition cuts it.
  int64_t held_until_ns(int from, int to, int64_t arrival_ns) const;
  // The first partition, in the order given, that cuts from -> to at t_ns; -1 when none.
  int cutting(int from, int to, int64_t t_ns) const;
  // Their texts joined by ';', as the logs' header writes them; empty when there are none.
  std::string text() const;

 private:
  std::vector<Partition> list_;
};

}  // namespace lc
