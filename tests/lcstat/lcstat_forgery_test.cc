// lcstat against hand-made forgeries of how a run ended: runs the model cannot produce, each of
// which lcstat must refuse, one case per CTest test (lcstat_forgery_<case>) so that each can
// fail on its own. Usage: lcstat_forgery_test FIXTURES_DIR CASE.
//
// The cases build on fixtures/valid (see lcstat_ending_test.cc for its channels) or on a small
// run written here.
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "fixture_case.h"
#include "logical_clock/log/numbers.h"

namespace lcstat = lc::lcstat;
using lcstat::Rule;
using namespace lcstat_case;

namespace {

// m2 fails after its RECV at 1.750010 (clock 7, its 7th tick): its SENDs of 8 and 9 are not in
// its log, and arrive at m1 (8 and 9, PENDING) and m0 (9, RECV at 2.5).
Edit m2_dies() {
  return [](const std::string& dir) {
    auto lines = read_lines(dir + "/vm_2_4.log");
    lines.resize(9);
    write_lines(dir + "/vm_2_4.log", lines);
  };
}

// A machine that left on a SIGTERM of its own (stopped_<id>) ticks no more: it reads that
// instant after its last tick. m2 left at 1.8, after its 7th tick, and was killed later
// (failed_at_2=3): its ticks due at 2.0 and 2.25 never ran, so nothing it sent can carry a
// clock beyond its last logged one. Its 8 and 9, which m1 and m0 show, had no tick to send
// them. lcstat bounds the unlogged ticks by failed_at alone and passes the run.
void own_stop_bounds_unlogged_ticks() {
  expect_one("unlogged_after_own_stop",
             all_of({m2_dies(), run_file("status=failed\nmachines=3\nstopped_2=1.8\nfailed=2\nfailed_at_2=3\n")}),
             Rule::kUnmatched, "vm_1_1.log:6: message from machine 2 with msg_clock 8, not in its log: no tick was left");
}

// Two machines, duration 3: machine 0 (1 tick/s) logs its tick at 1.0 (INTERNAL, clock 1) and
// has failed by 2.2; machine 1 (2 ticks/s) takes from it, at 2.5, a message with msg_clock 50
// (arrived 2.1), then sends machine 0 a message with clock 52 at 3.0, long after machine 0
// failed (lost with it). Machine 0's one tick left (due at 2.0) can reach clock 2 at most:
// nothing was sent to it before it failed. lcstat takes the largest msg_clock ever sent to a
// failed machine as the base of its unlogged ticks, including one sent after it had failed,
// and passes 50.
std::string late_send_run(const std::string& name, bool late_send) {
  const std::string dir = scratch() + "/" + name;
  fs::create_directories(dir);
  const std::string tail = " machines=2 seed=42 speed=1 internal_max=10 duration=3 start=1764118000.000000\n" +
                           lc::column_line() + "\n";
  write_text(dir + "/vm_0_1.log", "# logical_clock machine=0 rate=1" + tail + "1764118001.000000,1.000000,INTERNAL,1,0,,,\n");
  write_text(dir + "/vm_1_2.log", "# logical_clock machine=1 rate=2" + tail +
                                      "1764118000.500000,0.500000,INTERNAL,1,0,,,\n"
                                      "1764118001.000000,1.000000,INTERNAL,2,0,,,\n"
                                      "1764118001.500000,1.500000,INTERNAL,3,0,,,\n"
                                      "1764118002.000000,2.000000,INTERNAL,4,0,,,\n"
                                      "1764118002.500000,2.500000,RECV,51,0,0,50,0.400000\n" +
                                      (late_send ? "1764118003.000000,3.000000,SEND,52,0,0,52,\n"
                                                 : "1764118003.000000,3.000000,INTERNAL,52,0,,,\n"));
  write_text(dir + "/run.txt", std::string("status=failed\nmachines=2\nseed=42\nfailed=0\nfailed_at_0=2.2\n") +
                                   (late_send ? "lost_1_0=1\n" : ""));
  return dir;
}

void send_after_failure_raises_no_clock() {
  // Without the late send, lcstat refuses 50 (the control)...
  expect_set_in(late_send_run("late_send_control", false), "late_send_control", {{Rule::kUnmatched, 1}},
                {"vm_1_2.log:7: message from machine 0 with msg_clock 50, not in its log: beyond any clock"});
  // ... and a message sent to machine 0 after failed_at_0 cannot have reached it.
  expect_set_in(late_send_run("late_send", true), "late_send", {{Rule::kUnmatched, 1}},
                {"vm_1_2.log:7: message from machine 0 with msg_clock 50, not in its log: beyond any clock"});
}

// failed_at_<id> given twice for one machine, under two spellings of its id (2 and 02): the
// verdict would depend on the order of the lines (here, the later 3 would credit machine 2 with
// its unlogged 8 and 9, the earlier 1.8 would not). run.txt refuses a key given twice; the
// same key spelled twice must be refused too.
void failed_at_spelled_twice() {
  for (const char* order : {"failed_at_2=1.8\nfailed_at_02=3\n", "failed_at_02=3\nfailed_at_2=1.8\n"}) {
    const std::string dir = make_case("failed_at_twice", all_of({m2_dies(), run_file(std::string("status=failed\nmachines=3\nfailed=2\n") + order)}));
    const Outcome out = analyse(dir);
    if (out.status.is_ok())
      lc_test::fail(__FILE__, __LINE__, std::string("failed_at for machine 2 given twice (") + order +
                                            ") is not bad input: " + out.result.findings.tally());
    fs::remove_all(dir);
  }
}

// A run's machines share their parent's clock (a local run) or each read the start through
// its own (a cluster's, own_clock=1 on every log). Machine 1 of the valid run claims its own
// clock with an uncertainty of 1 s: its RECV of 2 arrives at 0.4, 0.1 s before machine 2 sent
// it, inside the slack its claim would give. A mix is no run: bad input.
void own_clock_in_one_log() {
  const Edit edit = all_of({replace_line("vm_1_1.log", 1,
                                         "# logical_clock machine=1 rate=1 machines=3 seed=42 speed=1 internal_max=10 "
                                         "duration=2.5 start=1764118000.000000 clock_offset=0.000000 "
                                         "clock_uncertainty=1.000000 own_clock=1"),
                            replace_line("vm_1_1.log", 3, "1764118001.000000,1.000000,RECV,3,0,2,2,0.600000")});
  expect_error("own_clock_mix", edit, "vm_1_1.log:1:", "own_clock=1");
}

// Machines 0..N-1 at 1 tick/s for 1 s: machine 0's one tick is `first` (a row without its
// times), each other machine's an INTERNAL event, then a PENDING row for each message machine 0
// sent it. `extra`: more of line 1 (engine=sim). The run's directory.
std::string one_tick_run(const std::string& name, int machines, const std::string& internal_max,
                         const std::string& first, const std::vector<int>& receivers, const std::string& extra = "") {
  const std::string dir = scratch() + "/" + name;
  fs::create_directories(dir);
  for (int m = 0; m < machines; ++m) {
    std::string text = "# logical_clock machine=" + std::to_string(m) + " rate=1 machines=" + std::to_string(machines) +
                       " seed=42 speed=1 internal_max=" + internal_max +
                       " duration=1 start=1764118000.000000" + extra + "\n" + lc::column_line() + "\n";
    text += "1764118001.000000,1.000000," + (m == 0 ? first : "INTERNAL,1,0,,,") + "\n";
    for (int r : receivers)
      if (r == m) text += "1764118001.000000,1.000000,PENDING,1,0,0,1,0.000000\n";
    write_text(dir + "/vm_" + std::to_string(m) + "_1.log", text);
  }
  return dir;
}

// A draw sends to one other machine (v = 1, 2) or to every other machine (v = 3); to some of
// them only when the others are gone, and none is here (no run.txt: a complete run).
void send_to_some_of_the_others() {
  expect_set_in(one_tick_run("send_one", 4, "10", "SEND,1,0,2,1,", {2}), "send_one", {}, {});
  expect_set_in(one_tick_run("send_all", 4, "10", "SEND,1,0,1;2;3,1,", {1, 2, 3}), "send_all", {}, {});
  expect_set_in(one_tick_run("send_two", 4, "10", "SEND,1,0,1;2,1,", {1, 2}), "send_two", {{Rule::kPeers, 1}},
                {"vm_0_1.log:3: SEND to 2 machines"});
}

// With internal_max=3 every draw (v in 1..3) sends: an internal event needs a peer gone.
void internal_event_at_internal_max_3() {
  expect_set_in(one_tick_run("internal_10", 2, "10", "SEND,1,0,1,1,", {1}), "internal_10", {}, {});
  expect_set_in(one_tick_run("internal_3", 2, "3", "SEND,1,0,1,1,", {1}), "internal_3", {{Rule::kPeers, 1}},
                {"vm_1_1.log:3: INTERNAL row, but with internal_max=3"});
}

// A run stopped by a signal (stopped_at): each machine leaves as its own stop reaches it (a
// cluster's host may relay it late), and one still ticking then sends only to those left, or
// nothing. Four machines at internal_max=3, each tick at 1 s: machine 0 sends to 1 and 2 only,
// the others have an internal event. Stopped at 1 s, every tick is at the stop and may have
// found peers gone; stopped at 1.000001 s, none left before the ticks: four violations.
void stopped_run_sends_to_some() {
  for (const char* stop : {"1.000000", "1.000001"}) {
    const std::string name = std::string("stopped_at_") + stop;
    const std::string dir = one_tick_run(name, 4, "3", "SEND,1,0,1;2,1,", {1, 2});
    write_text(dir + "/run.txt", std::string("status=stopped\nmachines=4\nstopped_at=") + stop + "\n");
    if (std::string(stop) == "1.000000") {
      expect_set_in(dir, name, {}, {});
    } else {
      expect_set_in(dir, name, {{Rule::kPeers, 4}},
                    {"vm_0_1.log:3: SEND to 2 machines", "vm_3_1.log:3: INTERNAL row, but with internal_max=3"});
    }
  }
}

// The simulation runs tick k at k/rate exactly (its first nanosecond at or after, rounded to
// the microsecond); only a real machine's tick may run late. Machine 1's one tick at 1.000001,
// 1.000002 or 1.5 is late.
void simulated_tick_late() {
  for (const char* at : {"1.000000", "1.000001", "1.000002", "1.500000"}) {
    const std::string dir = one_tick_run(std::string("late_") + at, 2, "10", "INTERNAL,1,0,,,", {}, " engine=sim");
    auto lines = read_lines(dir + "/vm_1_1.log");
    lines[2] = "176411800" + std::string(at) + "," + at + ",INTERNAL,1,0,,,";
    write_lines(dir + "/vm_1_1.log", lines);
    if (std::string(at) == "1.000000") {
      expect_set_in(dir, "late_1.000000", {}, {});
    } else {
      expect_set_in(dir, std::string("late_") + at, {{Rule::kLateTick, 1}}, {"vm_1_1.log:3: tick 1 at model_time"});
    }
  }
}

// A machine empties its queue at one instant at the end: its PENDING rows all carry it.
// Machines 0 and 2 each send machine 1 a message at 1 s, which it still holds at the end.
void pending_rows_at_two_instants() {
  for (const char* second : {"1.000002", "1.000003"}) {
    const std::string name = std::string("pending_") + second;
    const std::string dir = scratch() + "/" + name;
    fs::create_directories(dir);
    for (int m = 0; m < 3; ++m) {
      std::string text = "# logical_clock machine=" + std::to_string(m) +
                         " rate=1 machines=3 seed=42 speed=1 internal_max=10 duration=1 start=1764118000.000000\n" +
                         lc::column_line() + "\n";
      if (m == 1) {
        text += "1764118001.000000,1.000000,INTERNAL,1,0,,,\n"
                "1764118001.000002,1.000002,PENDING,1,1,0,1,0.000002\n"
                "176411800" + std::string(second) + "," + second + ",PENDING,1,0,2,1," +
                (std::string(second) == "1.000002" ? "0.000002" : "0.000003") + "\n";
      } else {
        text += "1764118001.000000,1.000000,SEND,1,0,1,1,\n";
      }
      write_text(dir + "/vm_" + std::to_string(m) + "_1.log", text);
    }
    if (std::string(second) == "1.000002") {
      expect_set_in(dir, name, {}, {});
    } else {
      expect_set_in(dir, name, {{Rule::kPendingOrder, 1}}, {"vm_1_1.log:5: PENDING row at model_time 1.000003"});
    }
  }
}

// Line 1 holds the run's options as logical_clock takes them, and a value it refuses is no
// run's: INTERNAL_MAX below 3 or not a number, one machine, a fractional rate, no duration, an
// engine it does not have, a simulated run at another speed, a run id that is not 16 hex
// digits, a seed that is not a number, a run longer than 100 years of real time, a skew past
// 10^6 s, a simulated start past --epoch's most; and a log of version 1.1.0 without seed=,
// internal_max= or engine=, which every one has. Each is bad input, on every log of the valid run.
void header_out_of_range() {
  const std::string tail = " duration=2.5 start=1764118000.000000";
  using Swap = std::pair<std::string, std::string>;  // a text of line 1 and its replacement
  auto every_header = [](std::vector<Swap> swaps) {
    return [=](const std::string& dir) {
      for (const char* f : {"vm_0_2.log", "vm_1_1.log", "vm_2_4.log"}) {
        auto lines = read_lines(dir + "/" + f);
        for (const auto& [from, to] : swaps) {
          const size_t at = lines[0].find(from);
          CHECK(at != std::string::npos);
          lines[0].replace(at, from.size(), to);
        }
        write_lines(dir + "/" + f, lines);
      }
    };
  };
  const Swap versioned = {tail, tail + " engine=real version=1.1.0"};
  const struct {
    const char* name;
    std::vector<Swap> swaps;
    const char* what;
  } cases[] = {
      {"internal_max_2", {{"internal_max=10", "internal_max=2"}}, "internal_max=2 is not a whole number in 3..1000000000"},
      {"internal_max_0", {{"internal_max=10", "internal_max=0"}}, "internal_max=0 is not"},
      {"internal_max_junk", {{"internal_max=10", "internal_max=ten"}}, "internal_max=ten is not"},
      {"internal_max_huge", {{"internal_max=10", "internal_max=99999999999"}}, "internal_max=99999999999 is not"},
      {"no_duration", {{"duration=2.5", "duration=0"}}, "duration must be above 0"},
      {"engine", {{tail, tail + " engine=fast"}}, "engine=fast is neither real nor sim"},
      {"sim_speed", {{"speed=1", "speed=2"}, {tail, tail + " engine=sim"}}, "speed=2 in a simulated run"},
      {"run_id", {{tail, tail + " run=xyz"}}, "run=xyz is not 16 lowercase hex digits"},
      {"seed", {{"seed=42", "seed=0x2a"}}, "bad value 'seed=0x2a'"},
      {"no_seed", {{"seed=42 ", ""}, versioned}, "header lacks seed=, which every log of version 1.1.0 has"},
      {"no_internal_max", {{"internal_max=10 ", ""}, versioned}, "header lacks internal_max="},
      {"no_engine", {{tail, tail + " version=1.1.0"}}, "header lacks engine="},
      {"speed_slow", {{"speed=1", "speed=1e-10"}}, "duration=2.5 at speed=1e-10 takes more than 100 years"},
      {"skew", {{tail, tail + " skew=1000000.000001 clock_offset=1000000.000001 clock_uncertainty=0.000001"}},
       "skew=1000000.000001 is beyond 1000000 s either way"},
      {"sim_epoch", {{"start=1764118000.000000", "start=9000000000.000001"}, {"duration=2.5", "duration=2.5 engine=sim"}},
       "start=9000000000.000001 of a simulated run is past 9000000000"},
  };
  for (const auto& c : cases) expect_error(c.name, every_header(c.swaps), "vm_0_2.log:1:", c.what);
  // One machine alone, and a rate that is not whole: the file names follow the headers.
  expect_error("one_machine", [](const std::string& dir) {
    fs::remove(dir + "/vm_1_1.log");
    fs::remove(dir + "/vm_2_4.log");
    auto lines = read_lines(dir + "/vm_0_2.log");
    lines[0].replace(lines[0].find("machines=3"), 10, "machines=1");
    write_lines(dir + "/vm_0_2.log", lines);
  }, "vm_0_2.log:1:", "machines=1 is out of range 2..1000");
  expect_error("fractional_rate", [](const std::string& dir) {
    auto lines = read_lines(dir + "/vm_1_1.log");
    lines[0].replace(lines[0].find("rate=1 "), 7, "rate=1.0 ");
    write_lines(dir + "/vm_1_1.0.log", lines);
    fs::remove(dir + "/vm_1_1.log");
  }, "vm_1_1.0.log:1:", "rate=1.0: rate must be above 0 and at most 1000000, a whole number");
}

// The seed fixes every machine's draws, in both engines: each tick that finds its queue empty
// draws v in 1..INTERNAL_MAX (and with N != 3 a peer) from its machine's stream. A simulated run
// without delays (whose arrivals no longer depend on the seed) passes; the same logs under
// another seed, or another INTERNAL_MAX, are runs of draws the seed never made.
void draws_from_the_seed() {
  const std::string run = simulate("draws", "-s 5 -n 4 -d 6 --latency 0 6 10");
  expect_set_in(run, "draws", {}, {});
  auto edit_run = [&](const std::string& name, const std::string& sed) {
    const std::string dir = scratch() + "/" + name;
    fs::copy(run, dir);
    CHECK(std::system(("sed -i '" + sed + "' " + dir + "/vm_*.log " + dir + "/run.txt").c_str()) == 0);
    return dir;
  };
  Outcome out = analyse(edit_run("seed_6", "s/seed=5\\b/seed=6/"));
  CHECK(out.status.is_ok());
  if (out.result.findings.count(Rule::kDraw) == 0 || out.result.findings.total() != out.result.findings.count(Rule::kDraw))
    lc_test::fail(__FILE__, __LINE__, "seed=6: expected draw violations only, got " + out.result.findings.tally());
  expect_mention("seed_6", out, "from seed=6 (v = ");
  out = analyse(edit_run("internal_max_11", "1s/internal_max=10/internal_max=11/"));
  CHECK(out.status.is_ok() && out.result.findings.count(Rule::kDraw) > 0);
  expect_mention("internal_max_11", out, "of 1..11) is");
}

// A row may leave a machine out of its draw's send only once that machine may be gone for it:
// it left, failed (not before its last logged row), or was given up. Machine 1 (1 tick/s) of a
// simulated run is killed at 12.5 s, its last row at 12 s; machine 2's send to all at 10.333 s
// logged as a send to 0 and 3 only (its message to 1, lost with 1's queue, counted one less in
// lost_2_1) leaves out a machine that took messages until 12 s. The run itself, whose machines
// leave 1 out once they hear of its death, passes.
void draws_with_peers_gone() {
  const std::string run = simulate("gone", "-s 77 -n 4 -d 20 -r 3,1,3,3 --latency exp:500ms -k 1@12.5 6 3");
  expect_set_in(run, "gone", {}, {});
  const std::string dir = scratch() + "/gone_forged";
  fs::copy(run, dir);
  auto lines = read_lines(dir + "/vm_2_3.log");
  size_t at = 0;
  while (at < lines.size() && lines[at].rfind("10.333333,10.333333,SEND,", 0) != 0) ++at;
  CHECK(at < lines.size() && lines[at].find(",0;1;3,") != std::string::npos);
  lines[at] = with_field(lines[at], 5, "0;3");
  write_lines(dir + "/vm_2_3.log", lines);
  auto ending = read_lines(dir + "/run.txt");
  bool counted = false;
  for (std::string& line : ending) {
    if (line.rfind("lost_2_1=", 0) != 0) continue;
    line = "lost_2_1=" + std::to_string(std::stoll(line.substr(9)) - 1);
    counted = true;
  }
  CHECK(counted);
  write_lines(dir + "/run.txt", ending);
  expect_set_in(dir, "gone_forged", {{Rule::kDraw, 1}},
                {"vm_2_3.log:" + std::to_string(at + 1) + ": SEND to 0;3, but draw",
                 "is a SEND to every other machine, and machine 1 still took messages at model_time 10.333333"});
}

// Field `k` of a log row.
std::string field_of(const std::string& row, size_t k) {
  size_t begin = 0;
  for (size_t j = 0; j < k; ++j) begin = row.find(',', begin) + 1;
  return row.substr(begin, row.find(',', begin) - begin);
}

// Field `k` of `row`, a time, moved by `us` microseconds.
std::string shifted(const std::string& row, size_t k, int64_t us) {
  int64_t value = 0;
  CHECK(lc::parse_micros(field_of(row, k), &value));
  return with_field(row, k, lc::micros_text(value + us));
}

// A failed sender's unlogged ticks took its next draws in turn, each adding at least 1 to its
// clock: the messages its receivers show beyond its log are what those draws send. Machine 0
// (20 ticks/s, killed at 3 s) of a simulated run, its last 6 rows cut from its log (a send to
// all stamped 54, a send to 3 stamped 55, two internal events, a send to 1 stamped 58, an
// internal event; their messages still pending at the slow machines): the simulation writes a
// killed machine's log whole, so this one has too few ticks, and nothing more is wrong with it.
// Machine 1's pending 58 restamped 57 is a draw the cut ticks did not make: the sends stamped
// 54 and 55 took the first two draws after the log, and of the four the clock 57 allows the
// other two are internal events.
void draws_of_unlogged_ticks() {
  const std::string run = simulate("unlogged", "-s 5 -n 4 -r 20,1,1,1 -d 5 --latency 0 -k 0@3 6 10");
  auto lines = read_lines(run + "/vm_0_20.log");
  CHECK(lines.size() > 8);
  for (size_t i = lines.size() - 6; i < lines.size(); ++i) CHECK(lines[i].find(",RECV,") == std::string::npos);
  CHECK(lines.back().rfind("2.950000,2.950000,INTERNAL,59,", 0) == 0);
  lines.resize(lines.size() - 6);
  write_lines(run + "/vm_0_20.log", lines);
  expect_set_in(run, "unlogged_cut", {{Rule::kTickCount, 1}},
                {"vm_0_20.log:" + std::to_string(lines.size()) + ": " + std::to_string(lines.size() - 2) +
                 " tick rows of a simulated machine that failed at 3, fewer than the " +
                 std::to_string(lines.size() - 2 + 6) + " due before 3"});
  const std::string dir = scratch() + "/unlogged_restamped";
  fs::copy(run, dir);
  auto pending = read_lines(dir + "/vm_1_1.log");
  size_t at = 0;
  while (at < pending.size() && pending[at].find(",PENDING,") == std::string::npos) ++at;
  while (at < pending.size() && field_of(pending[at], 6) != "58") ++at;
  CHECK(at < pending.size() && field_of(pending[at], 5) == "0");
  pending[at] = with_field(pending[at], 6, "57");
  write_lines(dir + "/vm_1_1.log", pending);
  // A log of more than a block (machine 0 at 1000 ticks/s for 10 s, its rows written in blocks
  // of 64 KiB) cut by 6 rows: it ends where no block did.
  const std::string big = simulate("unlogged_big", "-s 12 -n 3 -r 1000,5,5 -d 20 -k 0@10 6 10");
  auto rows = read_lines(big + "/vm_0_1000.log");
  CHECK(rows.size() > 9000);
  rows.resize(rows.size() - 6);
  write_lines(big + "/vm_0_1000.log", rows);
  expect_set_in(big, "unlogged_big", {{Rule::kTickCount, 1}},
                {"vm_0_1000.log:" + std::to_string(rows.size()) + ": " + std::to_string(rows.size() - 2) +
                 " tick rows of a simulated machine that failed at 10, fewer than the 9999 due before 10"});
  expect_set_in(dir, "unlogged_restamped", {{Rule::kTickCount, 1}, {Rule::kDraw, 1}},
                {"vm_1_1.log:" + std::to_string(at + 1) + ": message from machine 0 with msg_clock 57, not in its log: "
                 "none of its first 4 draw(s) after its log"});
}

// A machine empties its queue into PENDING rows once its run has ended: not before the duration
// (it waits for it after its last tick) or its stop, and, when nothing stopped the run, not
// before another machine's last tick (the end barrier). In the valid run m1 empties its queue
// at 2.6 (arrivals 1.5001, 2.00012, 2.25011), m2 and m0 tick last at 2.500020 and 2.500003.
void pending_rows_at_the_end() {
  auto m1_empties_at = [](const std::string& at, const char* waits[3]) {
    return [=](const std::string& dir) {
      auto lines = read_lines(dir + "/vm_1_1.log");
      for (size_t i = 4; i < 7; ++i)
        lines[i] = with_field(with_field(with_field(lines[i], 0, "176411800" + at), 1, at), 7, waits[i - 4]);
      write_lines(dir + "/vm_1_1.log", lines);
    };
  };
  const char* at_2_4[3] = {"0.899900", "0.399880", "0.149890"};
  const char* at_2_50001[3] = {"0.999910", "0.499890", "0.249900"};
  const char* at_2_50002[3] = {"0.999920", "0.499900", "0.249910"};
  expect_set("pending_before_end", m1_empties_at("2.400000", at_2_4), {{Rule::kPendingOrder, 1}},
             {"vm_1_1.log:5: PENDING rows at model_time 2.4, before 2.5, the run's duration"});
  expect_set("pending_before_barrier", m1_empties_at("2.500010", at_2_50001), {{Rule::kPendingOrder, 1}},
             {"vm_1_1.log:5: PENDING rows at model_time 2.50001, before 2.50002, the last tick of machine 2"});
  expect_set("pending_after_barrier", m1_empties_at("2.500020", at_2_50002), {}, {});
  // Stopped at 2.3 s: the queue may be emptied from then on (the barrier holds no stopped run).
  expect_set("pending_after_stop", all_of({m1_empties_at("2.400000", at_2_4), run_file("status=stopped\nstopped_at=2.3\n")}),
             {}, {});
  expect_set("pending_before_stop", all_of({m1_empties_at("2.400000", at_2_4), run_file("status=stopped\nstopped_at=2.45\n")}),
             {{Rule::kPendingOrder, 1}}, {"vm_1_1.log:5: PENDING rows at model_time 2.4, before 2.45, the machine's stop"});
  // The simulation empties a queue when its last channel ends: each sender's bye, the channel's
  // next draw after its messages, sent at the end. Machine 0 (1 tick/s, queue growing) of a
  // simulated run: its PENDING rows 1 us later, or 5 s later, are at no instant the model has.
  const struct {
    const char* name;
    const char* shape;
    const char* log;
    bool early = true;  // 1 us earlier too (not for rows at the end, where the last tick is)
  } runs[] = {
      {"pending_sim", "-s 11 -r 1,1,6 -d 40 6 10", "vm_0_1.log"},
      // A dead sender's channel ends with its end, sent when it died (and again at the run's end
      // across a partition then open): machine 0, killed at 5.4 s, and 0|1@3-10 open at the end.
      {"pending_kill", "-s 14 -n 7 -d 10 --latency exp:300ms --partition '0|1@3-10' --kill 0@5.4 6 9", "vm_1_2.log"},
      // Killed 100 us before the end: its end arrives after the end, at the kill's exact
      // nanosecond plus its draw (a kill falls on its microsecond; no tick of 97/s rounds to it).
      {"pending_kill_late", "-s 3 -n 2 -r 97,3 -d 20 --kill 0@19.9999 6 10", "vm_1_3.log"},
      // Killed at 19.9 s behind 0|1@19-50, its messages and its end held past the end: the
      // channel ends with its end sent again at the end, across the cut, not at the heal.
      {"pending_kill_held", "-s 3 -n 2 -r 97,3 -d 20 --kill 0@19.9 --partition '0|1@19-50' 6 10", "vm_1_3.log"},
      // Killed at 4.905 s with a message of its log held by 0|1@5-20 past the end: its end,
      // sent behind it, would arrive at the heal (20 s), so the one sent again at the end
      // (10.35902) ends the channel, not death plus its draw (4.98).
      {"pending_behind_held", "-s 6 -n 2 -r 100,1 -d 10 --latency exp:300ms --kill 0@4.905 --partition '0|1@5-20'",
       "vm_1_1.log"},
      // ... unless that end, released as the cut heals (5.01 s, 10 ms after the end), comes
      // before the one sent again: machine 0, killed at 2.55 s behind 0|1,2@2-5.01.
      {"pending_end_at_heal",
       "-s 3 -n 3 -r 10,1,100 -d 5 --kill 0@2.55 --partition '0|1,2@2-5.01' --latency exp:2s --link 2-1:0", "vm_1_1.log"},
      // Killed at 3 s, as its tick 291 was due: its log may lack that tick, but a message that
      // tick sent would have arrived by 3.0002, so nothing beyond its log was held at the end.
      {"pending_kill_on_tick", "-s 7 -n 2 -r 97,1 -d 10 --kill 0@3 --partition '0|1@5-20'", "vm_1_1.log", false},
      // Killed at 6 s, as its tick 582 was due, inside 0|1@5-20: that tick's message, if it
      // ran, was held past the end, and the end sent again took the draw after it. The channel
      // ends at one of two instants 49 us apart (10.000083 here, or 10.000132), not between.
      {"pending_kill_on_tick_held", "-s 5 -n 2 -r 97,1 -d 10 --kill 0@6 --partition '0|1@5-20'", "vm_1_1.log"},
  };
  for (const auto& shape : runs) {
    const std::string run = simulate(shape.name, shape.shape);
    expect_set_in(run, shape.name, {}, {});
    for (const int64_t shift : {-1, 1, 5'000'000}) {
      if (shift < 0 && !shape.early) continue;
      const std::string name = shape.name + ("_" + std::to_string(shift));
      const std::string dir = scratch() + "/" + name;
      fs::copy(run, dir);
      auto lines = read_lines(dir + "/" + shape.log);
      size_t first = 0;
      for (size_t i = 2; i < lines.size(); ++i) {
        if (lines[i].find(",PENDING,") == std::string::npos) continue;
        if (first == 0) first = i + 1;
        lines[i] = shifted(shifted(shifted(lines[i], 0, shift), 1, shift), 7, shift);
      }
      CHECK(first != 0);
      write_lines(dir + "/" + shape.log, lines);
      expect_set_in(dir, name, {{Rule::kPendingOrder, 1}},
                    {shape.log + (":" + std::to_string(first)) + ": PENDING rows at model_time", "the queue is emptied at the end, or when the last channel into it ends after that"});
    }
  }
}

// A simulated run takes every instant from one integer clock: tick k at its due nanosecond
// (rounded to the microsecond), system_time that instant plus the epoch, each message at its
// SEND's tick plus its draw (or after the channel's previous arrival, held by a partition),
// and at one instant arrivals before ticks. So moving any of them by a microsecond is a run
// the simulation cannot make: a tick 1 us late, a system_time 1 us off, an arrival 1 us late,
// a stop 1 us after the end, and at a partition's heal, where a dozen messages arrive as
// machine 0 ticks, a queue column that counts one of them as not there yet.
void simulated_instants_exact() {
  const std::string run = simulate("exact", "-s 21 -d 6 6 10");
  expect_set_in(run, "exact", {}, {});
  auto edit = [&](const std::string& name, const std::string& log, size_t line, const std::function<std::string(std::string)>& change) {
    const std::string dir = scratch() + "/" + name;
    fs::copy(run, dir);
    auto lines = read_lines(dir + "/" + log);
    lines.at(line - 1) = change(lines.at(line - 1));
    write_lines(dir + "/" + log, lines);
    return dir;
  };
  // m1 (2 ticks/s): its 4th tick, a SEND at 2 s; m0 (1 tick/s): its 2nd tick, a RECV at 2 s.
  CHECK(read_lines(run + "/vm_1_2.log").at(5).rfind("2.000000,2.000000,SEND,", 0) == 0);
  CHECK(read_lines(run + "/vm_0_1.log").at(3).rfind("2.000000,2.000000,RECV,", 0) == 0);
  expect_set_in(edit("exact_tick", "vm_1_2.log", 6, [](std::string r) { return shifted(shifted(r, 0, 1), 1, 1); }),
                "exact_tick", {{Rule::kLateTick, 1}, {Rule::kArrivalBeforeDelay, 1}},
                {"vm_1_2.log:6: tick 4 at model_time 2.000001 is late: a simulated run ticks at its due instant"});
  expect_set_in(edit("exact_system", "vm_1_2.log", 6, [](std::string r) { return shifted(r, 0, 1); }), "exact_system",
                {{Rule::kSystemTime, 1}}, {"vm_1_2.log:6: system_time 2.000001 is 1.0 us off", "agree exactly"});
  expect_set_in(edit("exact_arrival", "vm_0_1.log", 4, [](std::string r) { return shifted(r, 7, -1); }), "exact_arrival",
                {{Rule::kArrivalAfterDelay, 1}}, {"vm_0_1.log:4: RECV from machine 2 with msg_clock 1: arrived at 1.000146"});
  // A simulated stop comes at an event before the run's end: at its duration at the latest.
  const std::string late_stop = scratch() + "/exact_stop";
  fs::copy(run, late_stop);
  auto ending = read_lines(late_stop + "/run.txt");
  for (std::string& line : ending)
    if (line == "status=complete") line = "status=stopped\nstopped_at=6.000001";
  write_lines(late_stop + "/run.txt", ending);
  expect_error_in(late_stop, "exact_stop", "run.txt:", "stopped_at=6.000001 after the duration (6) of a simulated run");
  const std::string cut = simulate("exact_heal", "-s 4 -d 30 --partition '0|1,2@10-20' 6 10");
  expect_set_in(cut, "exact_heal", {}, {});
  auto lines = read_lines(cut + "/vm_0_5.log");
  size_t heal = 0;
  while (heal < lines.size() && lines[heal].rfind("20.000000,20.000000,RECV,", 0) != 0) ++heal;
  CHECK(heal < lines.size());
  lines[heal] = with_field(lines[heal], 4, std::to_string(std::stoll(field_of(lines[heal], 4)) - 1));
  write_lines(cut + "/vm_0_5.log", lines);
  expect_set_in(cut, "exact_heal_queue", {{Rule::kQueueArrivals, 1}},
                {"the simulated network delivers it at 20000000000 ns, at or before the tick at 20000000000 ns, "
                 "whose queue column counts it as not queued yet"});
}

// A simulated run relabelled a real one at `speed` (engine=real, no delay drawn, system_time
// start + model_time / speed): its ticks are then stamped at their due instants rounded, which
// a real machine at speed 1, or any speed that converts them exactly, writes at the earliest.
std::string relabelled_real(const std::string& run, const std::string& name, const std::string& speed) {
  const std::string dir = scratch() + "/" + name;
  fs::copy(run, dir);
  const double factor = std::stod(speed);
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".log") continue;
    auto lines = read_lines(entry.path().string());
    std::string& head = lines[0];
    const size_t engine = head.find(" engine=sim latency=");
    CHECK(engine != std::string::npos && head.find(" speed=1 ") != std::string::npos);
    if (engine == std::string::npos) continue;
    head.replace(engine, head.find(' ', engine + 20) - engine, " engine=real latency=none");
    head.replace(head.find(" speed=1 "), 9, " speed=" + speed + " ");
    for (size_t i = 2; i < lines.size(); ++i) {
      const int64_t model = micros_of(field_of(lines[i], 1));
      lines[i] = with_field(lines[i], 0, text_of(std::llround(static_cast<double>(model) / factor)));
    }
    write_lines(entry.path().string(), lines);
  }
  return dir;
}

// Line `number` of `log` in `dir` (a tick row) a microsecond earlier: its system_time and
// model_time, and its queue_wait (a RECV's) one less.
void tick_earlier(const std::string& dir, const std::string& log, size_t number) {
  auto lines = read_lines(dir + "/" + log);
  CHECK(lines.size() >= number);
  if (lines.size() < number) return;
  std::string row = shifted(shifted(lines[number - 1], 0, -1), 1, -1);
  if (!field_of(row, 7).empty()) row = shifted(row, 7, -1);
  lines[number - 1] = row;
  write_lines(dir + "/" + log, lines);
}

// A real machine wakes at tick k's due instant (the first real nanosecond at or after k/rate
// model seconds) or later, and stamps its row with the model time its clock reads, rounded to
// the microsecond half up: never below the due instant's. A simulated run's ticks are exactly
// those stamps: relabelled a real one at speed 1 and at 0.5 (where the conversions are exact
// too) it passes, its ticks on 0.5 us ties included (rate 80,000: tick 1 due at 12.5 us, stamped
// 13). A tick moved a microsecond earlier is refused at both speeds: machine 0's (rate 3) tick 2
// (due 666,666,667 ns, 0.666667), though 0.666666 is within 1 us of 2/3 s, and one of machine
// 2's (rate 80,000): at speed 1 its tick 1 on the tie; at 0.5 its tick 2 (lcstat's bound there
// is lenient by 1 us on an exact tie, TickStamps). At speed 10^9 a machine's first real
// nanosecond is a model second: its ticks are stamped in whole seconds, the first at 1 s at the
// earliest: every tick of the relabelled run is early.
void real_tick_early() {
  const std::string run = simulate("real_early", "-s 3 -n 3 -r 3,7,80000 -d 2");
  for (const std::string speed : {"1", "0.5"}) {
    const std::string name = "real_speed_" + speed;
    std::string dir = relabelled_real(run, name, speed);
    expect_set_in(dir, name, {}, {});
    CHECK(read_lines(dir + "/vm_0_3.log")[3].find(",0.666667,") != std::string::npos);
    CHECK(read_lines(dir + "/vm_2_80000.log")[2].find(",0.000013,") != std::string::npos);
    dir = relabelled_real(run, name + "_early", speed);
    tick_earlier(dir, "vm_0_3.log", 4);
    // At speed 1 the tie (tick 1 of rate 80,000); elsewhere lcstat allows 1 us at a tie.
    tick_earlier(dir, "vm_2_80000.log", speed == "1" ? 3 : 4);
    expect_set_in(dir, name + "_early", {{Rule::kEarlyTick, 2}},
                  {"vm_0_3.log:4: tick 2 at model_time 0.666666 is early: not before 2/rate = 666666667 ns",
                   speed == "1" ? "vm_2_80000.log:3: tick 1 at model_time 0.000012 is early: not before 1/rate = 12500 ns"
                                : "vm_2_80000.log:4: tick 2 at model_time 0.000024 is early: not before 2/rate = 25000 ns"});
  }
  const std::string dir = relabelled_real(run, "real_speed_1e9", "1e9");
  const Outcome out = analyse(dir);
  // Its 160,020 ticks but the 6 due on whole seconds (ticks 3 and 6 at rate 3, 7 and 14 at 7,
  // 80,000 and 160,000 at 80,000).
  CHECK(out.status.is_ok() && out.result.findings.count(Rule::kEarlyTick) == 160014 &&
        out.result.findings.total() == 160014);
  expect_mention("real_speed_1e9", out,
                 "vm_2_80000.log:3: tick 1 at model_time 0.000013 is early: not before 1/rate = 12500 ns, which a "
                 "machine at speed 1e9 stamps 1 at the earliest");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: %s FIXTURES_DIR CASE [LOGICAL_CLOCK]\n", argv[0]);
    return 2;
  }
  const std::string which = argv[2];
  if (!set_up(2, argv)) return 2;
  if (argc == 4) logical_clock() = argv[3];  // for the cases that simulate runs
  if (which == "own_stop") {
    own_stop_bounds_unlogged_ticks();
  } else if (which == "late_send") {
    send_after_failure_raises_no_clock();
  } else if (which == "failed_at_twice") {
    failed_at_spelled_twice();
  } else if (which == "own_clock_mix") {
    own_clock_in_one_log();
  } else if (which == "sim_late_tick") {
    simulated_tick_late();
  } else if (which == "send_to_some") {
    send_to_some_of_the_others();
  } else if (which == "stopped_send_to_some") {
    stopped_run_sends_to_some();
  } else if (which == "internal_at_max_3") {
    internal_event_at_internal_max_3();
  } else if (which == "pending_instant") {
    pending_rows_at_two_instants();
  } else if (which == "header_range") {
    header_out_of_range();
  } else if (which == "draws") {
    draws_from_the_seed();
  } else if (which == "pending_end") {
    pending_rows_at_the_end();
  } else if (which == "sim_exact") {
    simulated_instants_exact();
  } else if (which == "draw_gone") {
    draws_with_peers_gone();
  } else if (which == "draw_unlogged") {
    draws_of_unlogged_ticks();
  } else if (which == "real_early_tick") {
    real_tick_early();
  } else {
    std::fprintf(stderr, "unknown case %s\n", which.c_str());
    return 2;
  }
  fs::remove_all(scratch());
  return lc_test::finish(("lcstat_forgery_test " + which).c_str());
}
