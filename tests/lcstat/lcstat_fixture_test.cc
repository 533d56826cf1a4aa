// lcstat on hand-written logs. fixtures/valid is a 3-machine run (rates 2, 1, 4; 2.5 model
// seconds) whose figures were worked out by hand; every other case copies it, breaks one rule
// with a one-line edit, and checks that exactly that violation (or input error) is reported
// with its file and line.
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
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "check.h"
#include "run_analysis.h"

namespace fs = std::filesystem;
namespace lcstat = lc::lcstat;
using lcstat::Rule;

namespace {

std::string g_fixture;  // fixtures/valid
std::string g_scratch;  // a temporary directory of this test

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  write_text(path, text);
}

// A fresh copy of the valid run, changed by `edit` (given the copy's directory).
std::string make_case(const std::string& name, const std::function<void(const std::string&)>& edit) {
  std::string dir = g_scratch + "/" + name;
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(g_fixture))
    fs::copy_file(entry.path(), dir + "/" + entry.path().filename().string(), fs::copy_options::overwrite_existing);
  edit(dir);
  return dir;
}

// Replaces line `number` (1-based) of `file`.
std::function<void(const std::string&)> replace_line(const std::string& file, size_t number, const std::string& text) {
  return [=](const std::string& dir) {
    auto lines = read_lines(dir + "/" + file);
    lines.at(number - 1) = text;
    write_lines(dir + "/" + file, lines);
  };
}

std::function<void(const std::string&)> delete_line(const std::string& file, size_t number) {
  return [=](const std::string& dir) {
    auto lines = read_lines(dir + "/" + file);
    lines.erase(lines.begin() + static_cast<long>(number - 1));
    write_lines(dir + "/" + file, lines);
  };
}

struct Outcome {
  lc::Status status;
  lcstat::RunResult result;
};

Outcome analyse(const std::string& dir, const std::string& plot_dir = "") {
  Outcome out;
  out.status = lcstat::analyse_run(dir, plot_dir, &out.result);
  return out;
}

bool mentions(const lcstat::Findings& findings, const std::string& text) {
  for (const std::string& line : findings.shown()) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

bool near(double a, double b) { return std::fabs(a - b) < 1e-9; }

// One rule broken: analysis succeeds with exactly one violation, of `rule`, at `where`.
void expect_one(const std::string& name, const std::function<void(const std::string&)>& edit, Rule rule,
                const std::string& where) {
  Outcome out = analyse(make_case(name, edit));
  CHECK(out.status.is_ok());
  CHECK_EQ(out.result.findings.total(), uint64_t{1});
  CHECK_EQ(out.result.findings.count(rule), uint64_t{1});
  if (!mentions(out.result.findings, where))
    lc_test::fail(__FILE__, __LINE__, name + ": no violation at " + where + ": " + out.result.findings.tally());
}

// Bad input: analysis fails with a message naming `where` and containing `what`.
void expect_error(const std::string& name, const std::function<void(const std::string&)>& edit,
                  const std::string& where, const std::string& what) {
  Outcome out = analyse(make_case(name, edit));
  CHECK(!out.status.is_ok());
  const std::string& message = out.status.message();
  if (message.find(where) == std::string::npos || message.find(what) == std::string::npos)
    lc_test::fail(__FILE__, __LINE__, name + ": expected '" + where + "' and '" + what + "' in: " + message);
  CHECK(message.find('\n') == std::string::npos);
}

void test_valid_run() {
  std::string plot_dir = g_scratch + "/valid_plot";
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

void test_broken_rules() {
  expect_one("clock_rule", replace_line("vm_2_4.log", 12, "1764118002.500020,2.500020,INTERNAL,12,0,,,"),
             Rule::kClockRule, "vm_2_4.log:12:");
  expect_one("clock_condition", replace_line("vm_0_2.log", 7, "1764118002.500003,2.500003,RECV,9,0,2,9,0.249903"),
             Rule::kClockCondition, "vm_0_2.log:7:");
  // m1's first PENDING row (from m0) removed: m0's SEND at line 5 is lost.
  expect_one("lost", delete_line("vm_1_1.log", 5), Rule::kLost, "vm_0_2.log:5:");
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
  // m2's messages 8 and 9 to m1 in the wrong order.
  expect_one("reordered",
             [](const std::string& dir) {
               replace_line("vm_1_1.log", 6, "1764118002.600000,2.600000,PENDING,5,1,2,9,0.349890")(dir);
               replace_line("vm_1_1.log", 7, "1764118002.600000,2.600000,PENDING,5,0,2,8,0.599880")(dir);
             },
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
  expect_one("model_time_order", replace_line("vm_2_4.log", 7, "1764118001.600000,1.600000,INTERNAL,5,0,,,"),
             Rule::kModelTimeOrder, "vm_2_4.log:8:");
  expect_one("internal_fields", replace_line("vm_0_2.log", 6, "1764118002.000001,2.000001,INTERNAL,5,0,1,,"),
             Rule::kFields, "vm_0_2.log:6:");

  // A receive of a message never sent (msg_clock 5 instead of 4) also leaves the real one lost.
  Outcome out = analyse(make_case("never_sent", replace_line("vm_2_4.log", 9, "1764118001.750010,1.750010,RECV,7,0,0,5,0.249900")));
  CHECK(out.status.is_ok());
  CHECK_EQ(out.result.findings.count(Rule::kUnmatched), uint64_t{1});
  CHECK_EQ(out.result.findings.count(Rule::kLost), uint64_t{1});
  CHECK_EQ(out.result.findings.total(), uint64_t{2});
  CHECK(mentions(out.result.findings, "vm_2_4.log:9:"));
  CHECK(mentions(out.result.findings, "vm_0_2.log:5:"));

  // 1 us early is within the tolerance for rounding.
  out = analyse(make_case("tick_tolerance", replace_line("vm_2_4.log", 3, "1764118000.249999,0.249999,INTERNAL,1,0,,,")));
  CHECK(out.status.is_ok());
  CHECK_EQ(out.result.findings.total(), uint64_t{0});
}

// run.txt: a run stopped by a signal may have fewer ticks (never more); bad run.txt is bad input.
void test_run_endings() {
  auto stopped = [](const std::string& dir) {
    delete_line("vm_2_4.log", 12)(dir);
    write_text(dir + "/run.txt", "# logical_clock run\nstatus=stopped\nmachines=3\nseed=42\nstopped_at=2.400000\n");
  };
  Outcome out = analyse(make_case("stopped", stopped));
  CHECK(out.status.is_ok());
  CHECK_EQ(out.result.findings.total(), uint64_t{0});
  CHECK_EQ(out.result.ending.status, std::string("stopped"));
  CHECK_EQ(out.result.ending.stopped_at_us, int64_t{2'400'000});
  if (out.result.machines.size() == 3) CHECK(near(out.result.machines[2].clock_rate(), 9 / 2.4));

  // One machine stopped on its own (stopped_<id>) in a complete run.
  out = analyse(make_case("machine_stopped", [](const std::string& dir) {
    delete_line("vm_2_4.log", 12)(dir);
    write_text(dir + "/run.txt", "status=complete\nmachines=3\nstopped_2=2.400000\nforced=1\nlost_to_1=0\n");
  }));
  CHECK(out.status.is_ok());
  CHECK_EQ(out.result.findings.total(), uint64_t{0});
  CHECK_EQ(out.result.ending.stop_of(2), int64_t{2'400'000});
  CHECK_EQ(out.result.ending.stop_of(0), int64_t{-1});
  CHECK(out.result.ending.forced);
  CHECK_EQ(out.result.ending.losses.size(), size_t{1});
  expect_one("other_machine_short", [](const std::string& dir) {
    delete_line("vm_2_4.log", 12)(dir);
    write_text(dir + "/run.txt", "status=complete\nstopped_0=2.400000\n");
  }, Rule::kTickCount, "vm_2_4.log:11:");
  expect_error("bad_machine_stop", [](const std::string& dir) { write_text(dir + "/run.txt", "status=complete\nstopped_x=1\n"); },
               "run.txt:2:", "bad stopped_x=1");

  // Losses that run.txt accounts for. m1 loses its three PENDING rows (messages from m0 and m2).
  auto lose_pending = [](const std::string& extra) {
    return [extra](const std::string& dir) {
      for (int i = 0; i < 3; ++i) delete_line("vm_1_1.log", 5)(dir);
      write_text(dir + "/run.txt", "status=failed\nmachines=3\nfailed=1\n" + extra);
    };
  };
  out = analyse(make_case("failed_accounted", lose_pending("lost_to_1=3\n")));
  CHECK(out.status.is_ok());
  CHECK_EQ(out.result.findings.total(), uint64_t{0});
  CHECK_EQ(out.result.lost_explained, int64_t{3});
  out = analyse(make_case("failed_dropped", lose_pending("lost_to_1=2\ndropped_0_1=1\n")));
  CHECK_EQ(out.result.findings.total(), uint64_t{0});
  CHECK_EQ(out.result.lost_explained, int64_t{3});
  out = analyse(make_case("failed_miscounted", lose_pending("lost_to_1=2\n")));
  CHECK_EQ(out.result.findings.count(Rule::kLost), uint64_t{3});
  CHECK_EQ(out.result.lost_explained, int64_t{0});
  CHECK(mentions(out.result.findings, "run.txt accounts for 2 lost message(s) to machine 1, 3 are missing"));
  out = analyse(make_case("failed_uncounted", lose_pending("")));
  CHECK_EQ(out.result.findings.count(Rule::kLost), uint64_t{3});
  out = analyse(make_case("loss_not_missing", [](const std::string& dir) {
    write_text(dir + "/run.txt", "status=failed\nfailed=1\nlost_to_1=1\n");
  }));
  CHECK_EQ(out.result.findings.count(Rule::kLost), uint64_t{1});
  CHECK(mentions(out.result.findings, "every message sent to it is in its log"));
  out = analyse(make_case("forced", [](const std::string& dir) {
    delete_line("vm_1_1.log", 5)(dir);
    write_text(dir + "/run.txt", "status=stopped\nstopped_at=2.600000\nforced=1\n");
  }));
  CHECK_EQ(out.result.findings.total(), uint64_t{0});
  CHECK_EQ(out.result.lost_explained, int64_t{1});
  // m2 fails after its RECV at 1.750010 (clock 7): its last three rows never reached the
  // disk, but the messages they sent (8 and 9) arrived. Short log and those arrivals are fine.
  auto m2_dies = [](const std::string& extra) {
    return [extra](const std::string& dir) {
      for (int i = 0; i < 3; ++i) delete_line("vm_2_4.log", 10)(dir);
      write_text(dir + "/run.txt", "status=failed\n" + extra);
    };
  };
  out = analyse(make_case("failed_sender", m2_dies("failed=2\n")));
  CHECK(out.status.is_ok());
  CHECK_EQ(out.result.findings.total(), uint64_t{0});
  if (out.result.machines.size() == 3) CHECK(near(out.result.machines[2].clock_rate(), 7 / 1.750010));
  out = analyse(make_case("sender_not_failed", m2_dies("failed=0\n")));
  CHECK_EQ(out.result.findings.count(Rule::kUnmatched), uint64_t{3});
  CHECK_EQ(out.result.findings.count(Rule::kTickCount), uint64_t{1});
  expect_error("failed_out_of_range", [](const std::string& dir) { write_text(dir + "/run.txt", "status=failed\nfailed=7\n"); },
               "run.txt", "failed machine 7, not in this run");

  expect_one("complete_but_short", [](const std::string& dir) {
    delete_line("vm_2_4.log", 12)(dir);
    write_text(dir + "/run.txt", "status=complete\nmachines=3\n");
  }, Rule::kTickCount, "vm_2_4.log:11:");
  expect_one("stopped_but_long", [](const std::string& dir) {
    write_text(dir + "/run.txt", "status=stopped\nstopped_at=2.400000\n");
    auto lines = read_lines(dir + "/vm_0_2.log");
    lines.push_back("1764118003.000000,3.000000,INTERNAL,11,0,,,");
    write_lines(dir + "/vm_0_2.log", lines);
  }, Rule::kTickCount, "vm_0_2.log:8:");
  expect_error("bad_run_file", [](const std::string& dir) { write_text(dir + "/run.txt", "status=done\n"); },
               "run.txt:1:", "unknown status 'done'");
  expect_error("stopped_without_time", [](const std::string& dir) { write_text(dir + "/run.txt", "status=stopped\n"); },
               "run.txt", "without stopped_at");
}

void test_bad_input() {
  expect_error("torn", [](const std::string& dir) {
    std::string path = dir + "/vm_2_4.log";
    fs::resize_file(path, fs::file_size(path) - 1);
  }, "vm_2_4.log:12:", "torn");
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
  Outcome out = analyse(g_scratch + "/no_such_dir");
  CHECK(!out.status.is_ok());
  CHECK(out.status.message().find("No such file") != std::string::npos);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FIXTURES_DIR\n", argv[0]);
    return 2;
  }
  g_fixture = std::string(argv[1]) + "/valid";
  char scratch[] = "/tmp/lcstat_fixture_XXXXXX";
  if (::mkdtemp(scratch) == nullptr) {
    std::perror("mkdtemp");
    return 2;
  }
  g_scratch = scratch;
  test_valid_run();
  test_broken_rules();
  test_run_endings();
  test_bad_input();
  fs::remove_all(g_scratch);
  return lc_test::finish("lcstat_fixture_test");
}
