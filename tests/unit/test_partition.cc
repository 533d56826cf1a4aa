// Partitions: every good form parses to its groups and instants, every bad one is refused
// with one line naming the text and the problem; cuts() runs between groups only, both ways;
// held_until_ns takes heals again through overlapping and adjacent partitions. And the
// simulated network with them: the arrival rule on hand-computed instants, the bye that crosses
// a cut at the run's end, and the same delays drawn with and without partitions.
#include <cstdint>
#include <string>
#include <vector>

#include "check.h"
#include "logical_clock/model/latency.h"
#include "logical_clock/model/partition.h"
#include "logical_clock/sim/sim_network.h"

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

lc::Partitions partitions(std::initializer_list<const char*> texts, int machines) {
  std::vector<lc::Partition> list;
  for (const char* text : texts) list.push_back(PARSE_OK(text, machines));
  return lc::Partitions(list);
}

// A constant delay of 2 s: every instant by hand. Arrival = max(send + 2, the channel's last
// arrival), then, inside [10, 20) on a channel between {0} and {1, 2}, the heal at 20.
void test_network_rule() {
  lc::SimNetwork net(3, 5, lc::Latency::constant(2 * kS), {});
  net.set_partitions(partitions({"0|1,2@10-20"}, 3));
  CHECK_EQ(net.arrival_ns(0, 1, 5 * kS), 7 * kS);              // before the cut
  CHECK_EQ(net.arrival_ns(0, 1, 8 * kS - 1), 10 * kS - 1);     // arrives just before it
  CHECK_EQ(net.arrival_ns(0, 1, 8 * kS), 20 * kS);             // at 10: held to the heal
  CHECK_EQ(net.arrival_ns(0, 1, 9 * kS), 20 * kS);             // at 11: held
  CHECK_EQ(net.arrival_ns(0, 1, 17 * kS), 20 * kS);            // at 19: held
  CHECK_EQ(net.arrival_ns(0, 1, 18 * kS - 5), 20 * kS);        // at 20 - 5 ns: held
  CHECK_EQ(net.arrival_ns(0, 1, 18 * kS), 20 * kS);            // at 20: the heal, not held
  CHECK_EQ(net.arrival_ns(0, 1, 18 * kS + 1), 20 * kS + 1);    // after the heal
  CHECK_EQ(net.arrival_ns(1, 0, 12 * kS), 20 * kS);            // both ways
  CHECK_EQ(net.arrival_ns(1, 2, 12 * kS), 14 * kS);            // 1 and 2 are on one side
  CHECK_EQ(net.arrival_ns(2, 1, 9 * kS), 11 * kS);
  // The run ends at 15 while 2 -> 0 is cut and holds a message for the heal: the bye crosses,
  // after the channel's last arrival by then (3 s), at 15 + 2 s, inside the partition.
  CHECK_EQ(net.arrival_ns(2, 0, 1 * kS), 3 * kS);
  CHECK_EQ(net.arrival_ns(2, 0, 9 * kS), 20 * kS);
  net.cross_at_end(2, 0, 3 * kS);
  CHECK_EQ(net.arrival_ns(2, 0, 15 * kS), 17 * kS);

  // Overlapping and adjacent partitions: held through each heal that falls in the next.
  lc::SimNetwork chain(3, 5, lc::Latency::constant(2 * kS), {});
  chain.set_partitions(partitions({"0@10-30", "0,1@25-40", "0|1|2@40-41"}, 3));
  CHECK_EQ(chain.arrival_ns(0, 2, 9 * kS), 41 * kS);   // 11 -> 30 -> 40 -> 41
  CHECK_EQ(chain.arrival_ns(0, 1, 9 * kS), 30 * kS);   // 0 and 1 together in [25, 40); 30 is free
  CHECK_EQ(chain.arrival_ns(1, 2, 24 * kS), 41 * kS);  // 26 -> 40 ({0, 1} against {2}) -> 41
}

// The k-th message of a channel gets the k-th draw of its stream, partitions or not: every
// arrival the partition does not hold is the same instant in both networks, and every one it
// holds is the heal.
void test_same_draws() {
  lc::Latency exp2;
  CHECK(lc::Latency::parse("exp:2ms", &exp2).is_ok());
  lc::SimNetwork plain(3, 11, exp2, {});
  lc::SimNetwork cut(3, 11, exp2, {});
  cut.set_partitions(partitions({"0@0.5-0.7", "2@1.2-1.25"}, 3));
  const int64_t ms = 1'000'000;
  int held = 0, unheld = 0;
  for (int64_t t = 0; t < 2 * kS; t += 10 * ms) {
    for (int from = 0; from < 3; ++from) {
      for (int to = 0; to < 3; ++to) {
        if (from == to) continue;
        const int64_t a = plain.arrival_ns(from, to, t);
        const int64_t b = cut.arrival_ns(from, to, t);
        int64_t want = a;
        if ((from == 0) != (to == 0) && a >= 500 * ms && a < 700 * ms) want = 700 * ms;
        if ((from == 2) != (to == 2) && a >= 1200 * ms && a < 1250 * ms) want = 1250 * ms;
        CHECK_EQ(b, want);
        ++(want == a ? unheld : held);
      }
    }
  }
  CHECK(held > 20);
  CHECK(unheld > 1000);
}

}  // namespace

int main() {
  test_parse();
  test_cuts();
  test_held_until();
  test_network_rule();
  test_same_draws();
  return lc_test::finish("partition");
}
