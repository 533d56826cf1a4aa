// lcstat on hand-written logs, the rules of one log: fixtures/valid is a 3-machine run (rates
// 2, 1, 4; 2.5 model seconds) whose figures were worked out by hand; every other case copies
// it, breaks one rule with a one-line edit (a few lines where one cannot break it alone), and
// checks that exactly that violation (or input error) is reported with its file and line.
// How runs end, and the accounting of messages per channel: lcstat_ending_test.cc.
//
// The valid run, as (model time, machine: event -> clock):
//   0.250010 m2 INTERNAL 1      1.250010 m2 INTERNAL 5      2.000020 m2 SEND(1) 8
//   0.500005 m0 SEND(2) 1       1.500002 m0 SEND(1;2) 4     2.250010 m2 SEND(0;1) 9
//   0.500020 m2 SEND(0;1) 2     1.500020 m2 INTERNAL 6      2.500003 m0 RECV(2,9) 10
//   0.750010 m2 RECV(0,1) 3     1.750010 m2 RECV(0,4) 7     2.500020 m2 INTERNAL 10
//   1.000000 m0 RECV(2,2) 3     2.000000 m1 RECV(2,4) 5
//   1.000000 m1 RECV(2,2) 3     2.000001 m0 INTERNAL 5
//   1.000030 m2 SEND(1) 4
// m1 ends with three PENDING rows: (0,4), (2,8), (2,9). Drift after each row:
//   1 1 2 3 0 0 1 2 2 3 4 3 2 3 4 5 5 (the two rows at 1.000000 are applied together),
// so max 5 and mean 41/17.
//
// Arrivals (model_time - queue_wait), in each receiver's queue order, against the ticks:
//   m0: 0.500120 (msg 2 of m2), 2.250100 (9 of m2)
//   m1: 0.500130 (2 of m2), 1.000140 (4 of m2), 1.500100 (4 of m0), 2.000120 (8 of m2),
//       2.250110 (9 of m2); its tick at 2.000000 has 0.500130..1.500100 behind it and leaves
//       one (queue 1), the rest come after
//   m2: 0.500105 (1 of m0), 1.500110 (4 of m0): its INTERNAL at 1.500020 found none
// Each arrives after its SEND's model_time (0.500020, 0.500020, 1.000030, 1.500002, 2.000020,
// 2.250010; 0.500005, 1.500002). system_time = start + model_time everywhere (speed 1).
#include <cmath>
#include <string>

#include "fixture_case.h"
#include "logical_clock/log/numbers.h"
#include "queue_bounds.h"

namespace lcstat = lc::lcstat;
using lcstat::Rule;
using namespace lcstat_case;

namespace {

bool near(double a, double b) { return std::fabs(a - b) < 1e-9; }

void test_valid_run() {
  std::string plot_dir = scratch() + "/valid_plot";
  Outcome out = analyse(make_case("valid", [](const std::string&) {}), plot_dir);
  CHECK(out.status.is_ok());
  const lcstat::RunResult& r = out.result;
  CHECK_EQ(r.findings.total(), uint64_t{0});
  CHECK_EQ(r.machines.size(), size_t{3});
  CHECK_EQ(r.rows, uint64_t{20});
  CHECK_EQ(r.reference, size_t{2});
  if (r.machines.size() != 3) return;
  const lcstat::MachineSummary& m0 = r.machines[0];
  const lcstat::MachineSummary& m1 = r.machines[1];
  const lcstat::MachineSummary& m2 = r.machines[2];
  // Counts.
  CHECK_EQ(m0.ticks, int64_t{5});
  CHECK_EQ(m1.ticks, int64_t{2});
  CHECK_EQ(m2.ticks, int64_t{10});
  CHECK_EQ(m0.internal, int64_t{1});
  CHECK_EQ(m2.internal, int64_t{4});
  CHECK_EQ(m0.send_events, int64_t{2});
  CHECK_EQ(m0.sent, int64_t{3});
  CHECK_EQ(m2.send_events, int64_t{4});
  CHECK_EQ(m2.sent, int64_t{6});
  CHECK_EQ(m0.received + m1.received + m2.received, int64_t{6});
  CHECK_EQ(m1.pending, int64_t{3});
  // Jumps: m0 1,2,1,1,5; m1 3,2; m2 all 1.
  CHECK_EQ(m0.jump_sum, int64_t{10});
  CHECK_EQ(m0.jump_max, int64_t{5});
  CHECK(near(m0.jump_mean(), 2.0));
  CHECK(near(m1.jump_mean(), 2.5));
  CHECK_EQ(m1.jump_max, int64_t{3});
  CHECK(near(m2.jump_mean(), 1.0));
  auto m0_jumps = m0.jumps.entries();
  CHECK_EQ(m0_jumps.size(), size_t{3});
  if (m0_jumps.size() == 3) {
    CHECK_EQ(m0_jumps[0].first, int64_t{1});
    CHECK_EQ(m0_jumps[0].second, uint64_t{3});
    CHECK_EQ(m0_jumps[2].first, int64_t{5});
    CHECK_EQ(m0_jumps[2].second, uint64_t{1});
  }
  // Queues and waits.
  CHECK_EQ(m1.queue_max, int64_t{1});
  CHECK(near(m1.queue_mean(), 0.5));
  CHECK_EQ(m0.queue_max, int64_t{0});
  // The queue's steps from tick row to tick row (from empty), and to the end: m1's RECV rows
  // leave 0 then 1, and 3 messages are pending at the end: 1 + (3 - 1)^2.
  CHECK_EQ(m1.pending, int64_t{3});
  CHECK(near(m1.queue_step_sq, 5.0));
  CHECK(near(m0.queue_step_sq, 0.0));
  CHECK_EQ(m1.wait_max_us, int64_t{999'860});
  CHECK(near(m1.wait_mean_s(), (0.499870 + 0.999860) / 2));
  CHECK(near(m2.wait_mean_s(), (0.249905 + 0.249900) / 2));
  // Clocks.
  CHECK_EQ(m0.final_clock, int64_t{10});
  CHECK_EQ(m1.final_clock, int64_t{5});
  CHECK(near(m0.clock_rate(), 4.0));
  CHECK(near(m1.clock_rate(), 2.0));
  // Drift.
  CHECK_EQ(r.drift_max, int64_t{5});
  CHECK_EQ(r.drift_samples, uint64_t{17});
  CHECK(near(r.drift_mean, 41.0 / 17.0));
  // Messages, and the graphs' files written during the pass.
  CHECK_EQ(r.deliveries.size(), size_t{9});
  auto drift_lines = read_lines(plot_dir + "/drift.dat");
  CHECK_EQ(drift_lines.size(), size_t{16});  // 17 rows, two of them at 1.000000
  if (drift_lines.size() == 16) CHECK_EQ(drift_lines[4], std::string("1.000000 0 0 0 0"));
  auto events_1 = read_lines(plot_dir + "/events_1.dat");
  CHECK_EQ(events_1.size(), size_t{2});
  if (events_1.size() == 2) CHECK_EQ(events_1[1], std::string("2.000000 5 2 1 2"));
}

void test_numbers() {
  int64_t us = 0;
  CHECK(lc::parse_unix_micros("1764118000.250010", &us));
  CHECK_EQ(us, int64_t{1'764'118'000'250'010});
  CHECK(lc::parse_unix_micros("99999999999.999999", &us));
  CHECK_EQ(us, int64_t{99'999'999'999'999'999});
  CHECK(lc::parse_unix_micros("0.5", &us));
  CHECK_EQ(us, int64_t{500'000});
  for (const char* bad : {"100000000000", "1.2345678", "1.", ".5", "", "-1", "1e9", "1,5", "17641180000000000"})
    CHECK(!lc::parse_unix_micros(bad, &us));
  CHECK(lc::parse_micros("1000000.5", &us));
  CHECK_EQ(us, int64_t{1'000'000'500'000});
  // Model times pass the duration by far at high speeds: every real second of late ticks at
  // speed 1e9 is 10^9 model seconds (a run of 2 minutes ends at 1.2 x 10^11), up to the
  // 9 x 10^12 s a log holds (the real engine stops a run at half of it).
  CHECK(lc::parse_micros("1000164.000000", &us));
  CHECK(lc::parse_micros("116187664250.000000", &us));
  CHECK_EQ(us, int64_t{116'187'664'250'000'000});
  CHECK(lc::parse_micros("9000000000000.999999", &us));
  CHECK_EQ(us, int64_t{9'000'000'000'000'999'999});
  CHECK(!lc::parse_micros("9000000000001", &us));
  CHECK(!lc::parse_micros("99999999999999", &us));
  double speed = 0;
  CHECK(lc::parse_factor("1e-09", &speed) && speed == 1e-09);
  CHECK(lc::parse_factor("0.5", &speed) && speed == 0.5);
  CHECK(lc::parse_factor("20", &speed) && speed == 20);
  for (const char* bad : {"0", "-1", "inf", "nan", "", "1x", "+1", " 1", "1e400"}) CHECK(!lc::parse_factor(bad, &speed));
}

// m1's last PENDING row (message 9 of m2) removed, the countdown kept: a message that never
// reached m1's queue (its queue column is not touched).
Edit lose_last_pending() {
  return all_of({delete_line("vm_1_1.log", 7),
                 replace_line("vm_1_1.log", 5, "1764118002.600000,2.600000,PENDING,5,1,0,4,1.099900"),
                 replace_line("vm_1_1.log", 6, "1764118002.600000,2.600000,PENDING,5,0,2,8,0.599880")});
}

// QueueBounds on its own: the tightest bound per message, kept across ring growth and for
// messages beyond its dense part.
void test_queue_bounds() {
  lcstat::QueueBounds bounds;
  const int64_t far = lcstat::QueueBounds::kDense + 5;
  bounds.at_most(3, 900, 10);
  bounds.at_most(3, 800, 11);   // tighter
  bounds.at_most(3, 950, 12);   // looser: ignored
  bounds.at_least(4, 100, 13);
  bounds.at_least(4, 50, 14);   // looser: ignored
  bounds.at_most(far, 7, 15);
  bounds.at_least(1000, 5, 16);  // grows the ring past its first size, keeping the others
  for (int64_t i = 0; i < 3; ++i) {
    lcstat::QueueBounds::Bounds b = bounds.take();
    CHECK(b.at_most_line == 0 && b.at_least_line == 0);
  }
  lcstat::QueueBounds::Bounds b = bounds.take();
  CHECK_EQ(b.at_most_us, int64_t{800});
  CHECK_EQ(b.at_most_line, uint64_t{11});
  CHECK_EQ(b.at_least_line, uint64_t{0});
  b = bounds.take();
  CHECK_EQ(b.at_least_us, int64_t{100});
  CHECK_EQ(b.at_least_line, uint64_t{13});
  while (bounds.next_index() < 1000) bounds.take();
  CHECK_EQ(bounds.take().at_least_line, uint64_t{16});
  // The far message's bound, in the map, meets one given once it came within the ring.
  while (bounds.next_index() < far - 10) bounds.take();
  bounds.at_most(far, 9, 17);
  bounds.at_least(far, 2, 18);
  while (bounds.next_index() < far) CHECK_EQ(bounds.take().at_most_line, uint64_t{0});
  b = bounds.take();
  CHECK_EQ(b.at_most_us, int64_t{7});
  CHECK_EQ(b.at_most_line, uint64_t{15});
  CHECK_EQ(b.at_least_line, uint64_t{18});
  CHECK_EQ(bounds.next_index(), far + 1);
}

void test_broken_rules() {
  expect_one("clock_rule", replace_line("vm_2_4.log", 12, "1764118002.500020,2.500020,INTERNAL,12,0,,,"),
             Rule::kClockRule, "vm_2_4.log:12:");
  expect_one("clock_condition", replace_line("vm_0_2.log", 7, "1764118002.500003,2.500003,RECV,9,0,2,9,0.249903"),
             Rule::kClockCondition, "vm_0_2.log:7:");
  // Deleting any one PENDING row also shifts the queue order behind m1's tick at 2.000000:
  // the last one goes, and the countdown is mended. m2's SEND at line 11 is lost.
  expect_one("lost", lose_last_pending(), Rule::kLost, "vm_2_4.log:11:");
  // m2's message 9 taken twice by m1.
  expect_one("duplicate",
             [](const std::string& dir) {
               auto lines = read_lines(dir + "/vm_1_1.log");
               lines[4] = "1764118002.600000,2.600000,PENDING,5,3,0,4,1.099900";
               lines[5] = "1764118002.600000,2.600000,PENDING,5,2,2,8,0.599880";
               lines[6] = "1764118002.600000,2.600000,PENDING,5,1,2,9,0.349890";
               lines.push_back("1764118002.600000,2.600000,PENDING,5,0,2,9,0.349890");
               write_lines(dir + "/vm_1_1.log", lines);
             },
             Rule::kDuplicate, "vm_1_1.log:8:");
  // m2's messages 8 and 9 to m1 in the wrong order (8 arriving just after 9, so that the
  // arrivals still rise).
  expect_one("reordered",
             all_of({replace_line("vm_1_1.log", 6, "1764118002.600000,2.600000,PENDING,5,1,2,9,0.349890"),
                     replace_line("vm_1_1.log", 7, "1764118002.600000,2.600000,PENDING,5,0,2,8,0.349880")}),
             Rule::kReordered, "vm_1_1.log:7:");
  // m0 loses its INTERNAL tick at 2.000001: 4 tick rows instead of floor(2 x 2.5) = 5.
  expect_one("tick_count", delete_line("vm_0_2.log", 6), Rule::kTickCount, "vm_0_2.log:6:");
  expect_one("early_tick", replace_line("vm_2_4.log", 3, "1764118000.249000,0.249000,INTERNAL,1,0,,,"),
             Rule::kEarlyTick, "vm_2_4.log:3:");
  expect_one("send_to_self", replace_line("vm_2_4.log", 4, "1764118000.500020,0.500020,SEND,2,0,0;1;2,2,"),
             Rule::kPeers, "vm_2_4.log:4:");
  expect_one("pending_countdown", replace_line("vm_1_1.log", 5, "1764118002.600000,2.600000,PENDING,5,3,0,4,1.099900"),
             Rule::kPendingCountdown, "vm_1_1.log:6:");
  expect_one("pending_clock", replace_line("vm_1_1.log", 7, "1764118002.600000,2.600000,PENDING,6,0,2,9,0.349890"),
             Rule::kPendingOrder, "vm_1_1.log:7:");
  // m2's first tick moved after its second (still before m0's message 1 arrives).
  expect_one("model_time_order", replace_line("vm_2_4.log", 3, "1764118000.500021,0.500021,INTERNAL,1,0,,,"),
             Rule::kModelTimeOrder, "vm_2_4.log:4:");
  expect_one("internal_fields", replace_line("vm_0_2.log", 6, "1764118002.000001,2.000001,INTERNAL,5,0,1,,"),
             Rule::kFields, "vm_0_2.log:6:");

  // A receive of a message never sent (msg_clock 5 instead of 4) also leaves the real one lost.
  expect_set("never_sent", replace_line("vm_2_4.log", 9, "1764118001.750010,1.750010,RECV,7,0,0,5,0.249900"),
             {{Rule::kUnmatched, 1}, {Rule::kLost, 1}}, {"vm_2_4.log:9:", "vm_0_2.log:5:"});

  // A real machine's first tick (rate 4) due at 0.25: it wakes then or later and stamps the
  // model time it read, so its row reads at least 0.250000 at any speed (at speed 10 the real
  // due instant is 25,000,000 ns, stamped 250000 us).
  expect_one("tick_early_at_speed_1", replace_line("vm_2_4.log", 3, "1764118000.249999,0.249999,INTERNAL,1,0,,,"),
             Rule::kEarlyTick, "vm_2_4.log:3: tick 1 at model_time 0.249999 is early: not before 1/rate = 250000000 ns");
  expect_none("tick_on_time_at_speed_10",
              all_of({at_speed_10(), replace_line("vm_2_4.log", 3, "1764118000.025000,0.250000,INTERNAL,1,0,,,")}));
  expect_one("tick_early_at_speed_10",
             all_of({at_speed_10(), replace_line("vm_2_4.log", 3, "1764118000.025000,0.249999,INTERNAL,1,0,,,")}),
             Rule::kEarlyTick, "vm_2_4.log:3: tick 1 at model_time 0.249999 is early");
}

// The queue column, the arrival instants and system_time.
void test_queue_rules() {
  // m2's INTERNAL at 1.500020 says m0's message 4 (arrived 1.500110) was already queued: then
  // it had to receive it (the arrival is moved to 1.500010 for the edit to break nothing else).
  expect_one("queue_not_taken",
             all_of({replace_line("vm_2_4.log", 8, "1764118001.500020,1.500020,INTERNAL,6,1,,,"),
                     replace_line("vm_2_4.log", 9, "1764118001.750010,1.750010,RECV,7,0,0,4,0.250000")}),
             Rule::kIdleWithQueue, "vm_2_4.log:8:");
  // m2's RECV at 1.750010 leaves one message queued, and its next tick is a SEND.
  expect_one("queue_between_ticks", replace_line("vm_2_4.log", 9, "1764118001.750010,1.750010,RECV,7,1,0,4,0.249900"),
             Rule::kQueueBetweenTicks, "vm_2_4.log:10:");
  // The queue shrinking by two between ticks. The tick that left 2 and the one that finds
  // only 1 must share a microsecond (2.000000), and so must the arrival of the message that
  // vanished (m0's 4), or the queue column would also disagree with the arrivals: three edits.
  expect_one("queue_shrinks",
             all_of({replace_line("vm_1_1.log", 3, "1764118002.000000,2.000000,RECV,3,2,2,2,1.499870"),
                     replace_line("vm_1_1.log", 4, "1764118002.000000,2.000000,RECV,5,0,2,4,0.999860"),
                     replace_line("vm_1_1.log", 5, "1764118002.600000,2.600000,PENDING,5,2,0,4,0.600000")}),
             Rule::kQueueBetweenTicks, "vm_1_1.log:4:");
  // m1's last tick leaves 4 queued, but only 3 PENDING rows follow.
  expect_one("pending_short", replace_line("vm_1_1.log", 4, "1764118002.000000,2.000000,RECV,5,4,2,4,0.999860"),
             Rule::kPendingShort, "vm_1_1.log:7:");
  // m0's message 4 (sent at 1.500002) arrives at m1 at 1.500001; at 1.500002 it is fine.
  expect_one("arrival_before_send", replace_line("vm_1_1.log", 5, "1764118002.600000,2.600000,PENDING,5,2,0,4,1.099999"),
             Rule::kArrivalBeforeSend, "vm_1_1.log:5:");
  expect_none("arrival_at_send", replace_line("vm_1_1.log", 5, "1764118002.600000,2.600000,PENDING,5,2,0,4,1.099998"));
  // Machines on clocks of their own (a cluster's, own_clock=1) agree on model time only within
  // their clocks' uncertainty: 1 us each here, so an arrival up to 2 us before its send is one
  // those clocks cannot tell from after it; 3 us before is not. Without own_clock=1 (model time
  // the parent's own), the uncertainty allows nothing.
  auto own_clocks = [](const std::string& keys) -> Edit {
    return [=](const std::string& dir) {
      for (const char* f : {"vm_0_2.log", "vm_1_1.log", "vm_2_4.log"}) {
        auto lines = read_lines(dir + "/" + f);
        lines[0] += keys;
        write_lines(dir + "/" + f, lines);
      }
    };
  };
  const std::string own = " clock_offset=0 clock_uncertainty=0.000001 own_clock=1";
  expect_none("arrival_within_clocks",
              all_of({own_clocks(own), replace_line("vm_1_1.log", 5, "1764118002.600000,2.600000,PENDING,5,2,0,4,1.100000")}));
  Outcome out = expect_one("arrival_beyond_clocks",
                           all_of({own_clocks(own),
                                   replace_line("vm_1_1.log", 5, "1764118002.600000,2.600000,PENDING,5,2,0,4,1.100001")}),
                           Rule::kArrivalBeforeSend, "vm_1_1.log:5:");
  expect_mention("arrival_beyond_clocks", out, "by more than the two clocks' uncertainty at the run's speed (0.000002 s)");
  expect_one("arrival_parent_clock",
             all_of({own_clocks(" clock_offset=0 clock_uncertainty=0.000001"),
                     replace_line("vm_1_1.log", 5, "1764118002.600000,2.600000,PENDING,5,2,0,4,1.100000")}),
             Rule::kArrivalBeforeSend, "vm_1_1.log:5:");
  // m2's message 8 arrives at 2.300000, after message 9 behind it in m1's queue (2.250110).
  expect_one("arrival_order", replace_line("vm_1_1.log", 6, "1764118002.600000,2.600000,PENDING,5,1,2,8,0.300000"),
             Rule::kArrivalOrder, "vm_1_1.log:7:");
  // m1's tick at 2.000000 says it left 2 queued: the second (m2's 8) only arrives at 2.000120.
  expect_one("queue_too_long", replace_line("vm_1_1.log", 4, "1764118002.000000,2.000000,RECV,5,2,2,4,0.999860"),
             Rule::kQueueArrivals, "vm_1_1.log:6:");
  // ... or that it left none: m0's 4 had arrived at 1.500100.
  expect_one("queue_too_short", replace_line("vm_1_1.log", 4, "1764118002.000000,2.000000,RECV,5,0,2,4,0.999860"),
             Rule::kQueueArrivals, "vm_1_1.log:5:");
  // system_time 4 us off start + model_time / speed (speed 1: the tolerance is 3 us), on a
  // tick row and on a PENDING row; 3 us is still within.
  expect_one("system_time_late", replace_line("vm_2_4.log", 3, "1764118000.250014,0.250010,INTERNAL,1,0,,,"),
             Rule::kSystemTime, "vm_2_4.log:3:");
  expect_one("system_time_early", replace_line("vm_1_1.log", 6, "1764118002.599996,2.600000,PENDING,5,1,2,8,0.599880"),
             Rule::kSystemTime, "vm_1_1.log:6:");
  expect_none("system_time_tolerance", all_of({replace_line("vm_2_4.log", 3, "1764118000.250013,0.250010,INTERNAL,1,0,,,"),
                                               replace_line("vm_2_4.log", 4, "1764118000.500017,0.500020,SEND,2,0,0;1,2,")}));
}

void test_bad_input() {
  expect_error("torn", [](const std::string& dir) {
    std::string path = dir + "/vm_2_4.log";
    fs::resize_file(path, fs::file_size(path) - 1);
  }, "vm_2_4.log:12:", "torn");
  // A header beyond what any engine can run: its tick count would not even fit int64.
  expect_error("rate_too_high", replace_line("vm_1_1.log", 1, "# logical_clock machine=1 rate=99999999999 machines=3 seed=42 speed=1 internal_max=10 duration=2.5 start=1764118000.000000"),
               "vm_1_1.log:1:", "rate must be above 0 and at most 1000000");
  expect_error("duration_too_long", [](const std::string& dir) {
    for (const char* f : {"vm_0_2.log", "vm_1_1.log", "vm_2_4.log"}) {
      auto lines = read_lines(dir + "/" + f);
      const size_t at = lines[0].find("duration=2.5");
      lines[0].replace(at, 12, "duration=99999999999");
      write_lines(dir + "/" + f, lines);
    }
  }, "vm_0_2.log:1:", "duration must be at most 10000000 s");
  expect_error("bad_header", replace_line("vm_1_1.log", 2, "system_time,model_time,event,clk,queue,peers,msg_clock,queue_wait"),
               "vm_1_1.log:2:", "lacks 'clock'");
  expect_error("garbage", replace_line("vm_2_4.log", 5, "1764118000.750010,0.750010,RECV,3x,0,0,1,0.249905"),
               "vm_2_4.log:5:", "clock '3x'");
  expect_error("short_row", replace_line("vm_2_4.log", 5, "1764118000.750010,0.750010,RECV,3"),
               "vm_2_4.log:5:", "4 fields");
  expect_error("recv_without_msg_clock", replace_line("vm_2_4.log", 5, "1764118000.750010,0.750010,RECV,3,0,0,,0.249905"),
               "vm_2_4.log:5:", "without msg_clock");
  expect_error("unknown_event", replace_line("vm_2_4.log", 3, "1764118000.250010,0.250010,TICK,1,0,,,"),
               "vm_2_4.log:3:", "event 'TICK'");
  expect_error("not_a_log", [](const std::string& dir) { write_text(dir + "/vm_0_2.log", "\x7f" "ELF\x02\x01\n\x00\x00\n"); },
               "vm_0_2.log:1:", "not a logical_clock log");
  expect_error("empty_log", [](const std::string& dir) { write_text(dir + "/vm_0_2.log", ""); }, "vm_0_2.log:1:", "empty");
  expect_error("huge_line", [](const std::string& dir) {
    auto lines = read_lines(dir + "/vm_0_2.log");
    lines.insert(lines.begin() + 3, std::string(100'000, '7'));
    write_lines(dir + "/vm_0_2.log", lines);
  }, "vm_0_2.log:4:", "longer than");
  expect_error("missing_machine", [](const std::string& dir) { fs::remove(dir + "/vm_1_1.log"); },
               "vm_0_2.log:1:", "machines=3 but the run has 2");
  expect_error("mixed_runs", replace_line("vm_1_1.log", 1, "# logical_clock machine=1 rate=1 machines=3 seed=7 speed=1 internal_max=10 duration=2.5 "
                                                    "start=1764118000.000000"),
               "vm_1_1.log:1:", "different runs");
  const std::string header_1 = "# logical_clock machine=1 rate=1 machines=3 seed=42 speed=1 internal_max=10 duration=2.5";
  expect_error("no_start", replace_line("vm_1_1.log", 1, header_1), "vm_1_1.log:1:", "lacks start=");
  expect_error("bad_start", replace_line("vm_1_1.log", 1, header_1 + " start=1764118000.0000001"), "vm_1_1.log:1:",
               "bad value 'start=1764118000.0000001'");
  expect_error("no_speed", replace_line("vm_1_1.log", 1,
                                        "# logical_clock machine=1 rate=1 machines=3 seed=42 internal_max=10 "
                                        "duration=2.5 start=1764118000.000000"),
               "vm_1_1.log:1:", "lacks speed=");
  expect_error("zero_speed", replace_line("vm_1_1.log", 1,
                                          "# logical_clock machine=1 rate=1 machines=3 seed=42 speed=0 internal_max=10 "
                                          "duration=2.5 start=1764118000.000000"),
               "vm_1_1.log:1:", "bad value 'speed=0'");
  expect_error("other_start", replace_line("vm_1_1.log", 1, header_1 + " start=1764118000.000001"), "vm_1_1.log:1:",
               "start=1764118000.000001 but");
  // A key twice: whichever came last would have won, here the seed of another run.
  expect_error("key_twice", replace_line("vm_1_1.log", 1, header_1 + " start=1764118000.000000 seed=7"),
               "vm_1_1.log:1:", "header names 'seed' twice");
  expect_error("garbage_system_time", replace_line("vm_2_4.log", 5, "1764118000.75001x,0.750010,RECV,3,0,0,1,0.249905"),
               "vm_2_4.log:5:", "system_time '1764118000.75001x' is not a Unix time");
  expect_error("negative_system_time", replace_line("vm_2_4.log", 5, "-1764118000.750010,0.750010,RECV,3,0,0,1,0.249905"),
               "vm_2_4.log:5:", "system_time '-1764118000.750010'");
  expect_error("no_system_time_column",
               [](const std::string& dir) {
                 auto lines = read_lines(dir + "/vm_0_2.log");
                 for (size_t i = 1; i < lines.size(); ++i) lines[i] = lines[i].substr(lines[i].find(',') + 1);
                 write_lines(dir + "/vm_0_2.log", lines);
               },
               "vm_0_2.log:2:", "lacks 'system_time'");
  expect_error("name_mismatch", [](const std::string& dir) { fs::rename(dir + "/vm_1_1.log", dir + "/vm_1_3.log"); },
               "vm_1_3.log:1:", "unlike the file name");
  expect_error("no_logs", [](const std::string& dir) {
    for (const auto& entry : fs::directory_iterator(dir)) fs::remove(entry.path());
  }, "no_logs", "no vm_");
  Outcome out = analyse(scratch() + "/no_such_dir");
  CHECK(!out.status.is_ok());
  CHECK(out.status.message().find("No such file") != std::string::npos);
}

}  // namespace

int main(int argc, char** argv) {
  if (!set_up(argc, argv)) return 2;
  test_valid_run();
  test_numbers();
  test_queue_bounds();
  test_broken_rules();
  test_queue_rules();
  test_bad_input();
  fs::remove_all(scratch());
  return lc_test::finish("lcstat_fixture_test");
}
