// Partitions: every good form parses to its groups and instants, every bad one is refused
// with one line naming the text and the problem; cuts() runs between groups only, both ways;
// held_until_ns takes heals again through overlapping and adjacent partitions.
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"
#include "logical_clock/model/partition.h"

namespace {

constexpr int64_t kS = 1'000'000'000;  // a model second, in nanoseconds

lc::Partition parse_ok(const char* text, int machines, int line) {
  lc::Partition p;
  const lc::Status s = lc::Partition::parse(text, machines, &p);
  if (!s.is_ok()) lc_test::fail(__FILE__, line, std::string(text) + ": " + s.message());
  return p;
}
#define PARSE_OK(text, machines) parse_ok(text, machines, __LINE__)

// Refused, in one line that names the text and says `why`.
void expect_refused(const char* text, int machines, const char* why, int line) {
  lc::Partition p;
  const lc::Status s = lc::Partition::parse(text, machines, &p);
  const std::string& m = s.message();
  if (s.is_ok()) {
    lc_test::fail(__FILE__, line, std::string("accepted '") + text + "'");
  } else if (m.find(why) == std::string::npos || m.rfind(std::string(text) + ": ", 0) != 0 ||
             m.find('\n') != std::string::npos) {
    lc_test::fail(__FILE__, line, std::string(text) + ": \"" + m + "\" lacks \"" + why + "\"");
  }
}
#define REFUSED(text, machines, why) expect_refused(text, machines, why, __LINE__)

void test_parse() {
  lc::Partition p = PARSE_OK("0,1|2@30-60", 3);
  CHECK_EQ(p.text(), std::string("0,1|2@30-60"));
  CHECK_EQ(p.from_us(), int64_t{30'000'000});
  CHECK_EQ(p.to_us(), int64_t{60'000'000});
  CHECK_EQ(p.from_ns(), 30 * kS);
  CHECK_EQ(p.to_ns(), 60 * kS);
  p = PARSE_OK("0|1|2@0.000001-0.5", 3);
  CHECK_EQ(p.from_us(), int64_t{1});
  CHECK_EQ(p.to_us(), int64_t{500'000});
  p = PARSE_OK("1@0-10000000", 2);  // the largest instant; machine 0 is the other group
  CHECK_EQ(p.to_us(), int64_t{10'000'000} * 1'000'000);
  PARSE_OK("0,1,2@1-2", 4);  // machine 3, not named, is a group of its own
  PARSE_OK("999@1-2", 1000);

  REFUSED("0|1", 3, "GROUPS@FROM-TO");
  REFUSED("0|1@30", 3, "GROUPS@FROM-TO");
  REFUSED("", 3, "GROUPS@FROM-TO");
  REFUSED("0|1@x-60", 3, "its start must be model seconds, not 'x'");
  REFUSED("0|1@-60", 3, "its start must be model seconds");
  REFUSED("0|1@30-", 3, "its end must be model seconds");
  REFUSED("0|1@30-1e2", 3, "its end must be model seconds");
  REFUSED("0|1@30-60-70", 3, "its end must be model seconds");
  REFUSED("0|1@1.0000001-2", 3, "at most 6 decimals");
  REFUSED("0|1@1-10000001", 3, "no larger than 10000000");
  REFUSED("0|1@60-30", 3, "must end after it starts");
  REFUSED("0|1@30-30", 3, "must end after it starts");
  REFUSED("0||1@1-2", 3, "an empty group");
  REFUSED("|0@1-2", 3, "an empty group");
  REFUSED("0|@1-2", 3, "an empty group");
  REFUSED("@1-2", 3, "an empty group");
  REFUSED("0,,1@1-2", 3, "an empty machine id");
  REFUSED("0,1,@1-2", 3, "an empty machine id");
  REFUSED("0,x@1-2", 3, "'x' is not a machine id");
  REFUSED("+1|0@1-2", 3, "'+1' is not a machine id");
  REFUSED("0 |1@1-2", 3, "'0 ' is not a machine id");
  REFUSED("0,1|1@1-2", 3, "names machine 1 twice");
  REFUSED("2,2@1-2", 3, "names machine 2 twice");
  REFUSED("0|3@1-2", 3, "names machine 3, but the machines are 0..2");
  REFUSED("0|99999999999999999999@1-2", 3, "but the machines are 0..2");
  REFUSED("0,1,2@1-2", 3, "separates nothing");
  REFUSED("0|1|2@1-2", 2, "names machine 2");
  REFUSED("1,0@1-2", 2, "separates nothing");
}

void test_cuts() {
  const lc::Partition p = PARSE_OK("0,1|2@30-60", 4);  // groups {0, 1}, {2}, {3}
  for (int a = 0; a < 4; ++a) {
    for (int b = 0; b < 4; ++b) {
      const bool apart = !((a <= 1 && b <= 1) || a == b);
      CHECK_EQ(p.cuts(a, b), apart);
      CHECK_EQ(p.cuts(a, b), p.cuts(b, a));
    }
  }
  CHECK(!p.cuts(0, 4));  // beyond the machines it was parsed for
  CHECK(!p.cuts(-1, 2));
  // Only during [FROM, TO).
  CHECK(!p.cuts_at(0, 2, 30 * kS - 1));
  CHECK(p.cuts_at(0, 2, 30 * kS));
  CHECK(p.cuts_at(2, 0, 60 * kS - 1));
  CHECK(!p.cuts_at(0, 2, 60 * kS));
  CHECK(!p.cuts_at(0, 1, 45 * kS));
}

void test_held_until() {
  const lc::Partitions none;
  CHECK(none.empty());
  CHECK_EQ(none.held_until_ns(0, 1, 42), int64_t{42});
  CHECK_EQ(none.cutting(0, 1, 42), -1);
  CHECK_EQ(none.text(), std::string());

  // 0|1|2 over [10, 30); {0} against {1, 2} over [20, 50), adjacent to {0,1} | {2} over [50, 70);
  // 2 alone over [100, 110).
  std::vector<lc::Partition> list;
  for (const char* text : {"0|1|2@10-30", "0@20-50", "0,1@50-70", "2@100-110"}) list.push_back(PARSE_OK(text, 3));
  const lc::Partitions set(list);
  CHECK_EQ(set.text(), std::string("0|1|2@10-30;0@20-50;0,1@50-70;2@100-110"));
  // Not cut at the instant: unchanged.
  CHECK_EQ(set.held_until_ns(0, 1, 10 * kS - 1), 10 * kS - 1);
  CHECK_EQ(set.held_until_ns(1, 2, 30 * kS), 30 * kS);
  CHECK_EQ(set.held_until_ns(1, 2, 45 * kS), 45 * kS);  // 0@20-50 leaves 1 and 2 together
  CHECK_EQ(set.held_until_ns(1, 2, 69 * kS), 70 * kS);
  // 1 -> 2: only the first partition cuts it; its heal is free.
  CHECK_EQ(set.held_until_ns(1, 2, 15 * kS), 30 * kS);
  // 0 -> 1: [10, 30) heals into [20, 50), whose heal is free for 0 -> 1 (0,1 together after 50).
  CHECK_EQ(set.held_until_ns(0, 1, 15 * kS), 50 * kS);
  CHECK_EQ(set.held_until_ns(1, 0, 25 * kS), 50 * kS);
  // 0 -> 2: [10, 30) -> [20, 50) -> the adjacent [50, 70): healed at 70.
  CHECK_EQ(set.held_until_ns(0, 2, 10 * kS), 70 * kS);
  CHECK_EQ(set.held_until_ns(2, 0, 49 * kS), 70 * kS);
  CHECK_EQ(set.held_until_ns(0, 2, 70 * kS), 70 * kS);
  // 2 -> 0 at 105: held to 110, no partition after it.
  CHECK_EQ(set.held_until_ns(2, 0, 105 * kS), 110 * kS);
  // The first partition given that cuts a channel at an instant.
  CHECK_EQ(set.cutting(0, 1, 25 * kS), 0);
  CHECK_EQ(set.cutting(0, 1, 30 * kS), 1);
  CHECK_EQ(set.cutting(0, 1, 50 * kS), -1);
  CHECK_EQ(set.cutting(0, 2, 50 * kS), 2);
  CHECK_EQ(set.cutting(1, 2, 105 * kS), 3);
  CHECK_EQ(set.cutting(1, 2, 110 * kS), -1);
}

}  // namespace

int main() {
  test_parse();
  test_cuts();
  test_held_until();
  return lc_test::finish("partition");
}
