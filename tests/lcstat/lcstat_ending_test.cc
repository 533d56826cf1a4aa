// lcstat on hand-written logs, how a run ended: copies of fixtures/valid (see
// lcstat_fixture_test.cc for its rows) with a run.txt, cut short the way a stop, a failure, a
// backlog drop or a forced drain cuts them, and checked against the per-channel accounting of
// missing messages: exactly as many as run.txt counts, only at the end of a channel, and lost_
// only where a machine failed or the drain was forced. Also the logs of failed machines (torn
// last line, no header at all) and bad run.txt files.
//
// The valid run's channels (msg_clocks in sending order, then where they end up):
//   0->1: 4 (m1 PENDING line 5)          0->2: 1, 4 (m2 RECV lines 5, 9)
//   2->0: 2, 9 (m0 RECV lines 4, 7)      2->1: 2, 4 (m1 RECV lines 3, 4), 8, 9 (PENDING 6, 7)
// m2's SENDs: 2 at line 4 (to 0 and 1), 4 at 6, 8 at 10, 9 at 11 (to 0 and 1).
#include <string>

#include "fixture_case.h"

namespace lcstat = lc::lcstat;
using lcstat::Rule;
using namespace lcstat_case;

namespace {

bool near(double a, double b) { return a - b < 1e-9 && b - a < 1e-9; }

// m1's last PENDING rows removed (the last `count` messages of m2 to m1, which never reached
// its queue), the countdown mended.
Edit lose_pending_tail(size_t count) {
  return [=](const std::string& dir) {
    auto lines = read_lines(dir + "/vm_1_1.log");
    lines.resize(lines.size() - count);
    const size_t kept = lines.size() - 4;  // PENDING rows from line 5
    for (size_t i = 0; i < kept; ++i) lines[4 + i] = with_field(lines[4 + i], 4, std::to_string(kept - 1 - i));
    write_lines(dir + "/vm_1_1.log", lines);
  };
}

// m2 fails after its row at `last_line`: the rows after it never reached the disk, but the
// messages they sent arrived.
Edit m2_dies_after(size_t last_line) {
  return [=](const std::string& dir) {
    auto lines = read_lines(dir + "/vm_2_4.log");
    lines.resize(last_line);
    write_lines(dir + "/vm_2_4.log", lines);
  };
}

// m2 fails after its RECV at 1.750010 (clock 7): its SENDs of 8 and 9 are not in its log.
Edit m2_dies() { return m2_dies_after(9); }

// m1 fails before logging its PENDING rows: m0's 4 and m2's 8 and 9 are missing.
Edit m1_loses_pending() {
  return [](const std::string& dir) {
    auto lines = read_lines(dir + "/vm_1_1.log");
    lines.resize(4);
    write_lines(dir + "/vm_1_1.log", lines);
  };
}

// Every header says engine=sim, and every tick row runs at its due instant, k/rate, as the
// simulation's do (the valid run's ticks are a few microseconds late, as a real run's are);
// each message keeps its arrival.
Edit engine_sim() {
  return [](const std::string& dir) {
    for (const auto& [f, rate] : {std::pair{"vm_0_2.log", 2}, std::pair{"vm_1_1.log", 1}, std::pair{"vm_2_4.log", 4}}) {
      auto lines = read_lines(dir + "/" + f);
      lines[0] += " engine=sim";
      int64_t k = 0;
      for (size_t i = 2; i < lines.size(); ++i) {
        std::string& row = lines[i];
        if (row.find(",PENDING,") != std::string::npos) continue;
        const size_t model_at = row.find(',') + 1;
        const int64_t model = micros_of(row.substr(model_at, row.find(',', model_at) - model_at));
        const int64_t due = ++k * 1'000'000 / rate;
        if (row.find(",RECV,") != std::string::npos) {
          const std::string wait = row.substr(row.rfind(',') + 1);
          row = with_field(row, 7, text_of(micros_of(wait) - (model - due)));
        }
        row = with_field(with_field(row, 1, text_of(due)), 0, text_of(1'764'118'000'000'000 + due));
      }
      write_lines(dir + "/" + f, lines);
    }
  };
}

void test_stops() {
  Outcome out = expect_none("stopped", all_of({delete_line("vm_2_4.log", 12),
                                               run_file("# logical_clock run\nstatus=stopped\nmachines=3\nseed=42\n"
                                                        "stopped_at=2.400000\n")}));
  CHECK_EQ(out.result.ending.status, std::string("stopped"));
  CHECK_EQ(out.result.ending.stopped_at_us, int64_t{2'400'000});
  if (out.result.machines.size() == 3) CHECK(near(out.result.machines[2].clock_rate(), 9 / 2.4));

  // One machine stopped on its own (stopped_<id>) in a complete run.
  out = expect_none("machine_stopped", all_of({delete_line("vm_2_4.log", 12),
                                               run_file("status=complete\nmachines=3\nstopped_2=2.400000\nforced=1\n"
                                                        "lost_2_1=0\n")}));
  CHECK_EQ(out.result.ending.stop_of(2), int64_t{2'400'000});
  CHECK_EQ(out.result.ending.stop_of(0), int64_t{-1});
  CHECK(out.result.ending.forced);
  CHECK_EQ(out.result.ending.claims.size(), size_t{1});
  expect_one("other_machine_short",
             all_of({delete_line("vm_2_4.log", 12), run_file("status=complete\nstopped_0=2.600000\n")}),
             Rule::kTickCount, "vm_2_4.log:11:");
  expect_one("complete_but_short", all_of({delete_line("vm_2_4.log", 12), run_file("status=complete\nmachines=3\n")}),
             Rule::kTickCount, "vm_2_4.log:11:");
  // A stop after the duration: a machine whose ticks ran late (stopped and continued, or at a
  // speed the host cannot keep up with) had ticks still due, and stops without them.
  out = expect_none("stopped_after_end", all_of({delete_line("vm_2_4.log", 12),
                                                  run_file("status=stopped\nstopped_at=3.100000\n")}));
  if (out.result.machines.size() == 3) CHECK(near(out.result.machines[2].clock_rate(), 9 / 2.5));
  expect_none("machine_stopped_after_end",
              all_of({delete_line("vm_2_4.log", 12), run_file("status=complete\nstopped_2=3.100000\n")}));
  // A machine stops ticking before it reads the instant of its stop: a tick row after its
  // stopped_<id> is not its own log's.
  expect_one("tick_after_own_stop",
             all_of({delete_line("vm_2_4.log", 12), run_file("status=complete\nstopped_2=2.000000\n")}),
             Rule::kTickAfterStop, "vm_2_4.log:10:");
  // A run stopped by a signal in which a machine also failed: status=failed, and the others
  // still stopped at stopped_at.
  expect_none("stopped_and_failed", all_of({delete_line("vm_2_4.log", 12),
                                            run_file("status=failed\nstopped_at=2.400000\nfailed=0\nfailed_at_0=3\n")}));
  expect_one("stopped_but_long",
             all_of({run_file("status=stopped\nstopped_at=2.400000\n"),
                     [](const std::string& dir) {
                       auto lines = read_lines(dir + "/vm_0_2.log");
                       lines.push_back("1764118003.000000,3.000000,INTERNAL,11,0,,,");
                       write_lines(dir + "/vm_0_2.log", lines);
                     }}),
             Rule::kTickCount, "vm_0_2.log:8:");
}

// Messages missing from a channel, against what run.txt counts for it.
void test_channels() {
  // A stop cut the drain short before m2's 9 reached m1: forced=1 alone accounts for nothing,
  // lost_2_1=1 for exactly that message.
  Outcome out = expect_one("forced_unclaimed",
                           all_of({lose_pending_tail(1), run_file("status=stopped\nstopped_at=2.600000\nforced=1\n")}),
                           Rule::kLost, "vm_2_4.log:11:");
  expect_mention("forced_unclaimed", out,
                 "run.txt accounts for 0 on channel 2->1 (lost_2_1=0, dropped_2_1=0), 1 are missing");
  out = expect_none("forced_claimed", all_of({lose_pending_tail(1),
                                              run_file("status=stopped\nstopped_at=2.600000\nforced=1\nlost_2_1=1\n")}));
  CHECK_EQ(out.result.lost_explained, int64_t{1});
  // The same count without a failure or forced=1: nothing could have lost it.
  out = expect_one("loss_without_cause", all_of({lose_pending_tail(1), run_file("status=complete\nlost_2_1=1\n")}),
                   Rule::kLossWithoutCause, "run.txt:2:");
  // A link the network cut while both machines lived on (link_down_, a cluster's) accounts for
  // its channel's last messages; sent after it, nothing; in the simulation, never.
  out = expect_none("link_cut", all_of({lose_pending_tail(1), run_file("status=complete\nlost_2_1=1\nlink_down_2_1=2.3\n")}));
  CHECK_EQ(out.result.lost_explained, int64_t{1});
  out = expect_one("link_cut_before_send",
                   all_of({lose_pending_tail(1), run_file("status=complete\nlost_2_1=1\nlink_down_2_1=2.1\n")}),
                   Rule::kLossWithoutCause, "vm_2_4.log:11:");
  expect_mention("link_cut_before_send", out, "after machine 2 gave its link to it up (link_down_2_1=2.1)");
  out = expect_one("link_cut_elsewhere",
                   all_of({lose_pending_tail(1), run_file("status=complete\nlost_2_1=1\nlink_down_2_0=2.3\n")}),
                   Rule::kLossWithoutCause, "run.txt:2:");
  expect_mention("link_cut_elsewhere", out, "no link_down_2_1");
  out = expect_set("link_cut_sim", all_of({lose_pending_tail(1), engine_sim(),
                                           run_file("status=complete\nlost_2_1=1\nlink_down_2_1=2.3\n")}),
                   {{Rule::kLossWithoutCause, 2}}, {"run.txt:3:"});
  expect_mention("link_cut_sim", out, "the simulation's links never die");
  // Nor does a local run's loopback: only a cluster's machines (own_clock=1) cross a network;
  // on one host a link ends without its bye only after its other end gave its backlog up
  // (dropped_at_1_2, which a genuine run of fault_stop_past_backlog_held has).
  out = expect_one("link_cut_local", all_of({lose_pending_tail(1), [](const std::string& dir) {
                                               for (const char* f : {"vm_0_2.log", "vm_1_1.log", "vm_2_4.log"}) {
                                                 auto lines = read_lines(dir + "/" + f);
                                                 lines[0] += " engine=real";
                                                 write_lines(dir + "/" + f, lines);
                                               }
                                             },
                                             run_file("status=complete\nlost_2_1=1\nlink_down_2_1=2.3\n")}),
                   Rule::kLossWithoutCause, "run.txt:3:");
  expect_mention("link_cut_local", out, "which no network cuts, and machine 1 did not give its backlog to machine 2 up");
  // The run names a link cut by the network only while neither machine failed and the drain
  // was not cut short: with either, the link's end is theirs, and link_down_ is a forgery.
  out = expect_one("link_cut_failed_receiver",
                   all_of({m1_loses_pending(), run_file("status=failed\nmachines=3\nfailed=1\nfailed_at_1=3\n"
                                                        "lost_0_1=1\nlost_2_1=2\nlink_down_2_1=2.3\n")}),
                   Rule::kLossWithoutCause, "run.txt:7:");
  expect_mention("link_cut_failed_receiver", out, "link_down_2_1: a link is named cut by the network only while both");
  expect_mention("link_cut_failed_receiver", out, "machine 1 failed");
  out = expect_one("link_cut_forced",
                   all_of({lose_pending_tail(1),
                           run_file("status=stopped\nstopped_at=2.600000\nforced=1\nlost_2_1=1\nlink_down_2_1=2.3\n")}),
                   Rule::kLossWithoutCause, "run.txt:5:");
  expect_mention("link_cut_forced", out, "the run says forced=1");
  // A backlog drop needs no other cause, but a backlog is given up only past its bound: one
  // message is not a drop (test_drops has true ones).
  out = expect_one("dropped_one", all_of({lose_pending_tail(1), run_file("status=complete\ndropped_2_1=1\ndropped_at_2_1=2.3\n")}),
                   Rule::kLossWithoutCause, "run.txt:2: dropped_2_1=1: a sender gives a backlog up only past 4194304 bytes, "
                   "so a drop holds at least 209715 messages");
  // Counts too high: two claimed, one missing; one claimed on a channel with nothing missing.
  out = expect_one("count_too_high",
                   all_of({lose_pending_tail(1), run_file("status=stopped\nstopped_at=2.6\nforced=1\nlost_2_1=2\n")}),
                   Rule::kLossCount, "run.txt:4:");
  expect_mention("count_too_high", out, "lost_2_1=2: run.txt accounts for 2 on channel 2->1");
  expect_mention("count_too_high", out, "1 are missing");
  expect_set("dropped_not_missing", run_file("status=complete\nmachines=3\ndropped_0_1=1\ndropped_at_0_1=2\n"),
             {{Rule::kLossCount, 1}, {Rule::kLossWithoutCause, 1}}, {"run.txt:3: dropped_0_1=1: run.txt accounts for 1"});
  // Too low: m2's 8 and 9 missing, one claimed: both are reported.
  out = expect_set("count_too_low",
                   all_of({lose_pending_tail(2), run_file("status=stopped\nstopped_at=2.6\nforced=1\nlost_2_1=1\n")}),
                   {{Rule::kLost, 2}}, {"vm_2_4.log:10:", "vm_2_4.log:11:"});
  expect_mention("count_too_low", out, "run.txt accounts for 1 on channel 2->1 (lost_2_1=1, dropped_2_1=0), 2 are missing");
  // A simulated run whose partition cutting m1 off was still open at the end: m2's 8 and 9,
  // held, never delivered, and counted as undelivered_2_1, not lost.
  auto partitioned = [](const std::string& dir) {
    for (const char* f : {"vm_0_2.log", "vm_1_1.log", "vm_2_4.log"}) {
      auto lines = read_lines(dir + "/" + f);
      lines[0] += " partitions=1@2-10";
      write_lines(dir + "/" + f, lines);
    }
  };
  const std::string held = "status=complete\nundelivered_2_1=2\nundelivered_cause_2_1=partition 1@2-10\n";
  out = expect_none("undelivered", all_of({lose_pending_tail(2), engine_sim(), partitioned, run_file(held)}));
  CHECK_EQ(out.result.lost_explained, int64_t{2});
  CHECK_EQ(out.result.headers.front().partitions, std::string("1@2-10"));
  const auto claim = out.result.ending.claims.find({2, 1});
  CHECK(claim != out.result.ending.claims.end() && claim->second.undelivered == 2 &&
        claim->second.undelivered_cause == "partition 1@2-10" && claim->second.undelivered_line == 2);
  // One counted, two missing: both reported, with the count.
  out = expect_set("undelivered_short",
                   all_of({lose_pending_tail(2), engine_sim(), partitioned,
                           run_file("status=complete\nundelivered_2_1=1\nundelivered_cause_2_1=partition 1@2-10\n")}),
                   {{Rule::kLost, 2}}, {"vm_2_4.log:10:", "vm_2_4.log:11:"});
  expect_mention("undelivered_short", out,
                 "run.txt accounts for 1 on channel 2->1 (lost_2_1=0, dropped_2_1=0, undelivered_2_1=1), 2 are missing");
  // m2's 8 missing from the middle of channel 2->1 (9 arrived after it): a violation whatever
  // run.txt counts. Deleting its PENDING row takes mending the countdown too.
  expect_one("lost_mid_channel",
             all_of({delete_line("vm_1_1.log", 6),
                     replace_line("vm_1_1.log", 5, "1764118002.600000,2.600000,PENDING,5,1,0,4,1.099900"),
                     run_file("status=stopped\nmachines=3\nseed=42\nstopped_at=2.6\nforced=1\nlost_2_1=1\n")}),
             Rule::kLostMidChannel, "vm_2_4.log:10:");
}

// Failed machines: short logs, messages they never logged or whose SEND rows died with them.
void test_failures() {
  // m1 fails before its PENDING rows: 0->1 misses m0's 4, 2->1 misses m2's 8 and 9.
  Outcome out = expect_none("failed_accounted", all_of({m1_loses_pending(),
                                                        run_file("status=failed\nmachines=3\nfailed=1\nfailed_at_1=3\n"
                                                                 "lost_0_1=1\nlost_2_1=2\n")}));
  CHECK_EQ(out.result.lost_explained, int64_t{3});
  // A failure explains lost_, not dropped_: a give-up drops more than one message.
  expect_one("failed_dropped", all_of({m1_loses_pending(),
                                       run_file("status=failed\nfailed=1\nfailed_at_1=3\ndropped_0_1=1\ndropped_at_0_1=2\nlost_2_1=2\n")}),
             Rule::kLossWithoutCause, "run.txt:4: dropped_0_1=1");
  // The count of one channel cannot make up for another's.
  out = expect_set("failed_miscounted", all_of({m1_loses_pending(), run_file("status=failed\nfailed=1\nfailed_at_1=3\nlost_0_1=2\nlost_2_1=1\n")}),
                   {{Rule::kLost, 2}, {Rule::kLossCount, 1}}, {"vm_2_4.log:10:", "vm_2_4.log:11:", "run.txt:4: lost_0_1=2"});
  CHECK_EQ(out.result.lost_explained, int64_t{0});
  expect_set("failed_uncounted", all_of({m1_loses_pending(), run_file("status=failed\nfailed=1\nfailed_at_1=3\n")}), {{Rule::kLost, 3}},
             {"vm_0_2.log:5:", "vm_2_4.log:10:", "vm_2_4.log:11:"});
  // Its last tick (2.0) left 1 queued that its log does not show: m0's 4, sent at 1.5, may
  // be it (failed_accounted). Left 2, the second would have to be m2's 8, sent only at
  // 2.000020: no message missing from its log was sent by then.
  expect_one("failed_queue_beyond_log",
             all_of({m1_loses_pending(), replace_line("vm_1_1.log", 4, "1764118002.000000,2.000000,RECV,5,2,2,4,0.999860"),
                     run_file("status=failed\nmachines=3\nfailed=1\nfailed_at_1=3\nlost_0_1=1\nlost_2_1=2\n")}),
             Rule::kQueueArrivals, "vm_1_1.log:4:");

  // A failed sender: short log, and the arrivals of what it sent after its last logged row.
  // (At speed 10: at speed 1 a real machine's log lacks at most its last tick; below.)
  out = expect_none("failed_sender", all_of({m2_dies(), run_file("status=failed\nfailed=2\nfailed_at_2=3\n"), at_speed_10()}));
  if (out.result.machines.size() == 3) CHECK(near(out.result.machines[2].clock_rate(), 7 / 1.750010));
  out = expect_set("sender_not_failed", all_of({m2_dies(), run_file("status=failed\nfailed=0\nfailed_at_0=3\n")}),
                   {{Rule::kUnmatched, 3}, {Rule::kTickCount, 1}}, {"vm_1_1.log:6:", "vm_1_1.log:7:", "vm_0_2.log:7:"});
  // Those arrivals must still keep the channel's order: 9 taken before 8 (with 9 arriving
  // first). 9 then also arrives (2.000120) before m2's tick 9 was due (2.25): the second tick
  // beyond its last logged one (its 7th), the earliest that can have sent its second clock.
  expect_set("failed_sender_reordered",
             all_of({m2_dies(), run_file("status=failed\nfailed=2\nfailed_at_2=3\n"),
                     replace_line("vm_1_1.log", 6, "1764118002.600000,2.600000,PENDING,5,1,2,9,0.599880"),
                     replace_line("vm_1_1.log", 7, "1764118002.600000,2.600000,PENDING,5,0,2,8,0.349890"), at_speed_10()}),
             {{Rule::kReordered, 1}, {Rule::kArrivalBeforeSend, 1}},
             {"vm_1_1.log:7: PENDING from machine 2 with msg_clock 8: out of FIFO order",
              "vm_1_1.log:6: message from machine 2 with msg_clock 9, not in its log: arrived at 2.00012, before tick 9"});
  // ... and come after every message of the channel it did log: m2 dies after its SEND of 2
  // (0.500020), and m1 takes its unlogged 4 before that 2 (its clocks and the arrivals
  // 0.500130 and 0.500140 follow; m0's 1 and 4 to m2 are lost to its failure). Its 4 then also
  // arrives before m2's tick 3 (0.75), the first after its last logged one, was due.
  expect_set("failed_sender_unlogged_first",
             all_of({m2_dies_after(4), run_file("status=failed\nfailed=2\nfailed_at_2=3\nlost_0_2=2\n"),
                     replace_line("vm_1_1.log", 3, "1764118001.000000,1.000000,RECV,5,1,2,4,0.499870"),
                     replace_line("vm_1_1.log", 4, "1764118002.000000,2.000000,RECV,6,1,2,2,1.499860"),
                     [](const std::string& dir) {
                       auto lines = read_lines(dir + "/vm_1_1.log");
                       for (size_t i = 4; i < 7; ++i) lines[i] = with_field(lines[i], 3, "6");
                       write_lines(dir + "/vm_1_1.log", lines);
                     },
                     at_speed_10()}),
             {{Rule::kReordered, 1}, {Rule::kArrivalBeforeSend, 1}},
             {"vm_1_1.log:4: RECV from machine 2 with msg_clock 2: out of FIFO order",
              "vm_1_1.log:3: message from machine 2 with msg_clock 4, not in its log: arrived at 0.50013, before tick 3"});
  // The bound is the tick's earliest stamp, to the microsecond: m2's tick 3 is due at 0.75
  // exactly, and stamped 0.750000 at the earliest, so an arrival at 0.749999 was sent by none
  // of its ticks (the reordering stays).
  auto unlogged_4_arrives = [](const std::string& wait) {
    return all_of({m2_dies_after(4), run_file("status=failed\nfailed=2\nfailed_at_2=3\nlost_0_2=2\n"),
                   replace_line("vm_1_1.log", 3, "1764118001.000000,1.000000,RECV,5,1,2,4," + wait),
                   replace_line("vm_1_1.log", 4, "1764118002.000000,2.000000,RECV,6,1,2,2,1.249999"),
                   [](const std::string& dir) {
                     auto lines = read_lines(dir + "/vm_1_1.log");
                     for (size_t i = 4; i < 7; ++i) lines[i] = with_field(lines[i], 3, "6");
                     write_lines(dir + "/vm_1_1.log", lines);
                   },
                   at_speed_10()});
  };
  expect_set("failed_sender_unlogged_at_due", unlogged_4_arrives("0.250000"), {{Rule::kReordered, 1}},
             {"vm_1_1.log:4: RECV from machine 2 with msg_clock 2: out of FIFO order"});
  expect_set("failed_sender_unlogged_before_due", unlogged_4_arrives("0.250001"),
             {{Rule::kReordered, 1}, {Rule::kArrivalBeforeSend, 1}},
             {"vm_1_1.log:4: RECV from machine 2 with msg_clock 2: out of FIFO order",
              "vm_1_1.log:3: message from machine 2 with msg_clock 4, not in its log: arrived at 0.749999, before tick 3 "
              "of machine 2 can be stamped (0.75 at the earliest), the earliest tick that can have sent it"});
  // A failed sender ran only the ticks it can have stamped by its failure: m2's tick 9, which
  // sent its 9, is stamped 2.250000 at the earliest, so a failure at 2.249999 leaves it one
  // tick beyond its log (its 8), not two.
  expect_none("failed_sender_fails_at_due",
              all_of({m2_dies(), run_file("status=failed\nfailed=2\nfailed_at_2=2.25\n"), at_speed_10()}));
  expect_set("failed_sender_fails_before_due",
             all_of({m2_dies(), run_file("status=failed\nfailed=2\nfailed_at_2=2.249999\n"), at_speed_10()}),
             {{Rule::kUnmatched, 1}},
             {"vm_0_2.log:7: message from machine 2 with msg_clock 9, not in its log: no tick was left to send it "
              "(machine 2's log holds 7 of the 8 ticks due"});
  // On clocks of their own (a cluster's, own_clock=1; 1 us of uncertainty, 10 us of model time
  // at speed 10), failed_at_ is the parent's reading: m2 may have stamped its tick 9 up to 10 us
  // after it, so a failure read at 2.24999 leaves it that tick, and one at 2.249989 does not.
  auto own_clocks = [](const Edit& edit) {
    return all_of({edit, [](const std::string& dir) {
                     for (const char* f : {"vm_0_2.log", "vm_1_1.log", "vm_2_4.log"}) {
                       auto lines = read_lines(dir + "/" + f);
                       lines[0] += " clock_offset=0 clock_uncertainty=0.000001 own_clock=1";
                       write_lines(dir + "/" + f, lines);
                     }
                   }});
  };
  expect_none("failed_sender_own_clock_within",
              own_clocks(all_of({m2_dies(), run_file("status=failed\nfailed=2\nfailed_at_2=2.24999\n"), at_speed_10()})));
  expect_set("failed_sender_own_clock_beyond",
             own_clocks(all_of({m2_dies(), run_file("status=failed\nfailed=2\nfailed_at_2=2.249989\n"), at_speed_10()})),
             {{Rule::kUnmatched, 1}},
             {"vm_0_2.log:7: message from machine 2 with msg_clock 9, not in its log: no tick was left to send it"});
  // ... and arrive after the last tick the sender logged: m2 dies after its SEND of 8 at
  // 2.000020, and its 9 reaches m0 at 2.000010 (still after m0's INTERNAL at 2.000001).
  expect_one("failed_sender_early",
             all_of({m2_dies_after(10), run_file("status=failed\nfailed=2\nfailed_at_2=3\n"),
                     replace_line("vm_0_2.log", 7, "1764118002.500003,2.500003,RECV,10,0,2,9,0.499993")}),
             Rule::kArrivalBeforeSend, "vm_0_2.log:7:");

  // At speed 1 the same run is not one the real engine makes: m2's tick 8 (2.0) came 250 ms
  // after its last logged row (1.750010), which would have written it. At most its last tick
  // is missing from its log; from one with no tick row at all, at most its first.
  expect_one("failed_sender_beyond_write", all_of({m2_dies(), run_file("status=failed\nfailed=2\nfailed_at_2=3\n")}),
             Rule::kUnmatched,
             "vm_1_1.log:6: message from machine 2 with msg_clock 8, not in its log: sent by its tick 8 at the earliest, "
             "one of those after its last logged tick (1.75001) that are not its last; but a log is written whenever a "
             "row comes 50 ms (real time) after the last write, so those ticks came by 1.800011, when only 7 were due");
  expect_none("failed_sender_last_tick",
              all_of({m2_dies_after(10), run_file("status=failed\nfailed=2\nfailed_at_2=3\n")}));
  expect_set("failed_sender_no_row",
             all_of({m2_dies_after(2), run_file("status=failed\nfailed=2\nfailed_at_2=3\nlost_0_2=2\n")}),
             {{Rule::kUnmatched, 1}}, {"message from machine 2 with msg_clock 4, not in its log: a log's first row is written at once"});

  // A failed sender is credited only with what it can have sent. All 10 of m2's ticks are in
  // its log: a message beyond it (11 in place of its 9 to m1, which is then lost with it,
  // arriving after m2's last tick) had no tick left to send it.
  expect_one("failed_sender_no_tick_left",
             all_of({replace_line("vm_1_1.log", 7, "1764118002.600000,2.600000,PENDING,5,0,2,11,0.089980"),
                     run_file("status=failed\nfailed=2\nfailed_at_2=3\nlost_2_1=1\n")}),
             Rule::kUnmatched, "vm_1_1.log:7: message from machine 2 with msg_clock 11, not in its log: no tick was left");
  // Dead after its 7th tick and gone by 2.0 s, it can have run one more (due at 2.0): its 8
  // and 9 beyond its log are one message too many (m0's 9 arrived first).
  expect_one("failed_sender_cut_by_failure", all_of({m2_dies(), run_file("status=failed\nfailed=2\nfailed_at_2=2\n")}),
             Rule::kUnmatched, "vm_0_2.log:7: message from machine 2 with msg_clock 9, not in its log: no tick was left");
  // Its three possible ticks after clock 7 (nothing sent to it carried more) reach 8, 9, 10:
  // 8, 9 and 12 are beyond them.
  expect_one("failed_sender_out_of_reach",
             all_of({m2_dies(), replace_line("vm_1_1.log", 7, "1764118002.600000,2.600000,PENDING,5,0,2,12,0.349890"),
                     run_file("status=failed\nfailed=2\nfailed_at_2=3\n"), at_speed_10()}),
             Rule::kUnmatched, "vm_1_1.log:7: message from machine 2 with msg_clock 12, not in its log: beyond any clock its "
             "ticks can reach (at most 10");
  // No row of a failed machine is later than the instant it had failed by.
  expect_one("row_after_failure", run_file("status=failed\nfailed=2\nfailed_at_2=2.1\n"), Rule::kRowAfterFailure,
             "vm_2_4.log:11: SEND at model_time 2.25001, after the machine had failed (run.txt's failed_at_2=2.1)");
  // A failed sender's last message never reached a live receiver: its backlog died with it in
  // the real engine; the simulation delivers what a machine sent before it failed.
  const Edit sender_lost = all_of({lose_pending_tail(1), run_file("status=failed\nfailed=2\nfailed_at_2=3\nlost_2_1=1\n")});
  expect_none("sender_lost_real", sender_lost);
  expect_one("sender_lost_sim", all_of({sender_lost, engine_sim()}), Rule::kLossWithoutCause,
             "run.txt:4: lost_2_1=1: a simulated run loses messages only into a failed machine, and machine 1 did not fail");

  // Two failed machines, losses on two channels: m2 dies after its RECV at 0.750010 (clock 3),
  // so its 4, 8 and 9 are unlogged sends and m0's 4 never reached its log; m1 never logs its
  // PENDING rows.
  auto both_fail = [](const std::string& counts) {
    return all_of({m1_loses_pending(), m2_dies_after(5), run_file("status=failed\nmachines=3\nfailed=1,2\nfailed_at_1=3\nfailed_at_2=3\n" + counts),
                   at_speed_10()});
  };
  out = expect_none("two_failed", both_fail("lost_0_1=1\nlost_0_2=1\n"));
  CHECK_EQ(out.result.lost_explained, int64_t{2});
  expect_one("two_failed_miscounted", both_fail("lost_0_1=1\nlost_0_2=2\n"), Rule::kLossCount, "run.txt:7:");
  expect_one("two_failed_uncounted", both_fail("lost_0_1=1\n"), Rule::kLost, "vm_0_2.log:5:");
}

// A true backlog drop: machine 0 (10^6 ticks/s) sends to machine 1 on each of its `sent` ticks,
// and machine 1 (1 tick/s) never ticks nor takes any: run.txt says the last `dropped` were
// given up at `at` (model time), the rest lost with forced=1. `engine`: the header's engine=
// key, if any.
std::string drop_run(const std::string& name, int64_t sent, int64_t dropped, const std::string& engine,
                     const std::string& at = "0.25") {
  const std::string dir = scratch() + "/" + name;
  fs::create_directories(dir);
  const std::string tail = " seed=1 speed=1 internal_max=3 duration=0.25 start=1764118000.000000" +
                           (engine.empty() ? std::string() : " engine=" + engine) + "\n" + lc::column_line() + "\n";
  std::string rows = "# logical_clock machine=0 rate=1000000 machines=2" + tail;
  for (int64_t k = 1; k <= sent; ++k) {
    char row[160];  // room for any int64 in each field
    std::snprintf(row, sizeof row, "1764118000.%06lld,0.%06lld,SEND,%lld,0,1,%lld,\n", static_cast<long long>(k),
                  static_cast<long long>(k), static_cast<long long>(k), static_cast<long long>(k));
    rows += row;
  }
  for (int64_t k = sent + 1; k <= 250'000; ++k) {
    char row[160];  // room for any int64 in each field
    std::snprintf(row, sizeof row, "1764118000.%06lld,0.%06lld,INTERNAL,%lld,0,,,\n", static_cast<long long>(k),
                  static_cast<long long>(k), static_cast<long long>(k));
    rows += row;
  }
  write_text(dir + "/vm_0_1000000.log", rows);
  write_text(dir + "/vm_1_1.log", "# logical_clock machine=1 rate=1 machines=2" + tail);
  std::string ending = "status=stopped\nstopped_at=0.25\nforced=1\n";
  if (sent > dropped) ending += "lost_0_1=" + std::to_string(sent - dropped) + "\n";
  write_text(dir + "/run.txt", ending + "dropped_0_1=" + std::to_string(dropped) + "\ndropped_at_0_1=" + at + "\n");
  return dir;
}

void test_drops() {
  const int64_t least = lc::min_dropped_messages(2, false);
  CHECK_EQ(least, int64_t{209'715});  // (4 MiB - a 24-byte hello) / 20-byte frames, and one more
  Outcome out = expect_set_in(drop_run("drop", 240'000, 240'000, ""), "drop", {}, {});
  CHECK_EQ(out.result.lost_explained, int64_t{240'000});
  expect_set_in(drop_run("drop_least", least, least, "real"), "drop_least", {}, {});
  expect_set_in(drop_run("drop_short", least, least - 1, "real"), "drop_short", {{Rule::kLossWithoutCause, 1}},
                {"run.txt:5: dropped_0_1=209714: a sender gives a backlog up only past"});
  // The send that passes the bound is the channel's last: none after the give-up's instant.
  expect_set_in(drop_run("drop_then_send", 240'000, 240'000, "real", "0.2"), "drop_then_send",
                {{Rule::kLossWithoutCause, 1}},
                {"vm_0_1000000.log:240002: SEND to machine 1 at model_time 0.24, after machine 0 gave its backlog to it up "
                 "(dropped_at_0_1=0.2)"});
  // The simulation never drops, whatever the count.
  expect_set_in(drop_run("drop_sim", 240'000, 240'000, "sim"), "drop_sim", {{Rule::kLossWithoutCause, 2}},
                {"run.txt:4: dropped_0_1=240000: the simulation never gives up a backlog",
                 "run.txt:3: forced=1 in a simulated run"});
}

void test_failed_logs() {
  // A torn last line of a failed machine (m1's last PENDING) is left out, with a note.
  auto torn_m1 = [](const std::string& dir) {
    std::string path = dir + "/vm_1_1.log";
    fs::resize_file(path, fs::file_size(path) - 1);
  };
  Outcome out = expect_none("torn_failed", all_of({torn_m1, run_file("status=failed\nfailed=1\nfailed_at_1=3\nlost_2_1=1\n")}));
  CHECK_EQ(out.result.notes.size(), size_t{1});
  if (out.result.notes.size() == 1)
    CHECK(out.result.notes[0].find("vm_1_1.log:7: torn last line ignored (machine 1 failed)") != std::string::npos);
  CHECK_EQ(out.result.rows, uint64_t{19});
  expect_error("torn_not_failed", all_of({torn_m1, run_file("status=failed\nfailed=2\nfailed_at_2=3\n")}), "vm_1_1.log:7:", "torn last row");

  // An empty log, or one cut inside line 1, of a failed machine: a machine without rows. All
  // the messages sent to m1 are lost to its failure.
  const std::string lost_all = "status=failed\nfailed=1\nfailed_at_1=3\nlost_0_1=1\nlost_2_1=4\n";
  for (const char* text : {"", "# logical_clock machine=1 ra", "# logical"}) {
    const std::string name = std::string("headless_failed_") + std::to_string(std::string(text).size());
    out = expect_none(name, all_of({[text](const std::string& dir) { write_text(dir + "/vm_1_1.log", text); },
                                    run_file(lost_all)}));
    CHECK_EQ(out.result.lost_explained, int64_t{5});
    CHECK_EQ(out.result.notes.size(), size_t{1});
    if (out.result.machines.size() == 3 && out.result.headers.size() == 3) {
      CHECK_EQ(out.result.machines[1].ticks, int64_t{0});
      CHECK_EQ(out.result.machines[1].rate_micro, int64_t{1'000'000});
      CHECK_EQ(out.result.headers[1].machine, int64_t{1});
      CHECK_EQ(out.result.headers[1].start_us, int64_t{1'764'118'000'000'000});
    }
  }
  // Only the header lines (its rows were still in memory).
  expect_none("header_only_failed", all_of({[](const std::string& dir) {
                                              auto lines = read_lines(dir + "/vm_1_1.log");
                                              lines.resize(2);
                                              write_lines(dir + "/vm_1_1.log", lines);
                                            },
                                            run_file(lost_all)}));
  expect_error("empty_not_failed", [](const std::string& dir) { write_text(dir + "/vm_1_1.log", ""); }, "vm_1_1.log:1:",
               "empty");
  expect_error("partial_header_not_failed",
               [](const std::string& dir) { write_text(dir + "/vm_1_1.log", "# logical_clock machine=1 ra"); },
               "vm_1_1.log:1:", "torn");
  expect_error("junk_failed",
               all_of({[](const std::string& dir) { write_text(dir + "/vm_1_1.log", "#!/bin/sh"); }, run_file(lost_all)}),
               "vm_1_1.log:1:", "not a logical_clock log");
  expect_error("all_headless", all_of({[](const std::string& dir) {
                                         for (const char* f : {"vm_0_2.log", "vm_1_1.log", "vm_2_4.log"})
                                           write_text(dir + "/" + f, "");
                                       },
                                       run_file("status=failed\nfailed=0,1,2\nfailed_at_0=3\nfailed_at_1=3\nfailed_at_2=3\n")}),
               "all_headless", "no log has a whole header line");
}

void test_bad_run_files() {
  expect_error("bad_status", run_file("status=done\n"), "run.txt:1:", "unknown status 'done'");
  expect_error("stopped_without_time", run_file("status=stopped\n"), "run.txt", "without stopped_at");
  expect_error("bad_machine_stop", run_file("status=complete\nstopped_x=1\n"), "run.txt:2:", "bad stopped_x=1");
  expect_error("lost_to", run_file("status=failed\nfailed=1\nfailed_at_1=3\nlost_to_1=3\n"), "run.txt:4:",
               "lost_to_1=3 is the per-receiver loss count of an older logical_clock; lcstat needs the per-channel "
               "lost_<from>_<to>");
  expect_error("failed_out_of_range", run_file("status=failed\nfailed=1,7\nfailed_at_1=3\nfailed_at_7=3\n"), "run.txt:2:",
               "failed=1,7 names machine 7, not in this run of 3 machines");
  expect_error("lost_out_of_range", run_file("status=failed\nfailed=1\nfailed_at_1=3\nlost_0_7=1\n"), "run.txt:4:", "names machine 7");
  expect_error("dropped_out_of_range", run_file("status=complete\ndropped_5_1=1\ndropped_at_5_1=1\n"), "run.txt:2:",
               "names machine 5");
  // A drop says when; an instant says of a drop.
  expect_error("dropped_without_instant", run_file("status=complete\ndropped_2_1=1\n"), "run.txt:2:",
               "dropped_2_1= without dropped_at_2_1=");
  expect_error("instant_without_drop", run_file("status=complete\ndropped_at_2_1=1\n"), "run.txt:2:",
               "dropped_at_2_1= without dropped_2_1= above 0");
  expect_error("link_down_twice", run_file("status=complete\nlink_down_2_1=1\nlink_down_2_1=2\n"), "run.txt:3:",
               "link_down_2_1 appears twice (line 2)");
  expect_error("link_down_bad", run_file("status=complete\nlink_down_2_x=1\n"), "run.txt:2:", "bad link_down_2_x=1");
  expect_error("instant_twice", run_file("status=complete\ndropped_2_1=1\ndropped_at_2_1=1\ndropped_at_2_1=2\n"),
               "run.txt:4:", "dropped_at_2_1 appears twice (line 3)");
  expect_error("stop_out_of_range", run_file("status=complete\nstopped_3=1.5\n"), "run.txt:2:", "names machine 3");
  // Messages a partition held at the end say which partition; a cause says of messages.
  expect_error("undelivered_without_cause", run_file("status=complete\nundelivered_0_1=2\n"), "run.txt:2:",
               "undelivered_0_1= without undelivered_cause_0_1= (the partition that held them)");
  expect_error("cause_without_undelivered", run_file("status=complete\nundelivered_cause_0_1=partition 0|1@1-2\n"),
               "run.txt:2:", "undelivered_cause_0_1= without undelivered_0_1= above 0");
  expect_error("bad_cause", run_file("status=complete\nundelivered_0_1=1\nundelivered_cause_0_1=a storm\n"),
               "run.txt:3:", "bad undelivered_cause_0_1=a storm (the cause is 'partition GROUPS@FROM-TO')");
  expect_error("empty_cause", run_file("status=complete\nundelivered_0_1=1\nundelivered_cause_0_1=partition \n"),
               "run.txt:3:", "bad undelivered_cause_0_1=");
  expect_error("bad_undelivered", run_file("status=complete\nundelivered_0_1=-1\n"), "run.txt:2:", "bad undelivered_0_1=-1");
  expect_error("undelivered_twice",
               run_file("status=complete\nundelivered_0_1=1\nundelivered_cause_0_1=partition 0|1@1-2\nundelivered_0_1=1\n"),
               "run.txt:4:", "undelivered_0_1 appears twice (line 2)");
  expect_error("cause_twice",
               run_file("status=complete\nundelivered_0_1=1\nundelivered_cause_0_1=partition 0|1@1-2\n"
                        "undelivered_cause_0_1=partition 0|1@1-2\n"),
               "run.txt:4:", "undelivered_cause_0_1 appears twice (line 3)");
  expect_error("undelivered_out_of_range",
               run_file("status=complete\nundelivered_0_5=1\nundelivered_cause_0_5=partition 0|5@1-2\n"), "run.txt:2:",
               "names machine 5");
  expect_error("channel_to_itself", run_file("status=complete\ndropped_1_1=1\n"), "run.txt:2:", "bad dropped_1_1=1");
  expect_error("bad_count", run_file("status=complete\nlost_0_1=x\n"), "run.txt:2:", "bad lost_0_1=x");
  expect_error("key_twice", run_file("status=complete\ndropped_0_1=1\ndropped_0_1=1\n"), "run.txt:3:", "twice");
  expect_error("status_twice", run_file("status=complete\nstatus=failed\n"), "run.txt:2:",
               "status appears twice (line 1)");
  expect_error("stop_twice", run_file("status=complete\nstopped_1=1\nstopped_1=2.5\n"), "run.txt:3:",
               "stopped_1 appears twice (line 2)");
  // A status that contradicts the rest of the file, as logical_clock never writes it.
  expect_error("failed_without_list", run_file("status=failed\nmachines=3\n"), "run.txt:1:",
               "status=failed without failed=");
  expect_error("complete_with_failed", run_file("status=complete\nfailed=1\n"), "run.txt:2:",
               "failed=1 but status=complete");
  expect_error("complete_with_stop", run_file("status=complete\nstopped_at=1.5\n"), "run.txt:2:",
               "stopped_at= but status=complete");
  expect_error("forced_without_stop", run_file("status=complete\nforced=1\n"), "run.txt:2:",
               "forced=1 without stopped_at= or a machine's stopped_<id>=");
  expect_error("bad_forced", run_file("status=stopped\nstopped_at=1\nforced=yes\n"), "run.txt:3:", "bad forced=yes");
  expect_error("other_machines", run_file("status=complete\nmachines=4\n"), "run.txt:2:", "machines=4 but");
  expect_error("other_seed", run_file("status=complete\nmachines=3\nseed=7\n"), "run.txt:3:", "seed=7 but");
  // Keys of no meaning to lcstat are left alone.
  expect_none("unknown_keys", run_file("status=complete\nversion=9\nlost=3\nnote_0_1=2\n"));
}

}  // namespace


int main(int argc, char** argv) {
  if (!set_up(argc, argv)) return 2;
  test_stops();
  test_channels();
  test_failures();
  test_drops();
  test_failed_logs();
  test_bad_run_files();
  fs::remove_all(scratch());
  return lc_test::finish("lcstat_ending_test");
}
