// lcstat's exports against the formats' rules (export_check.h): the ShiViz log of several
// runs at once, the Chrome trace of a run (flows bound to slices, each with one start and one
// end, counters, pending and lost messages), on the hand-written run, simulated runs (one with
// receives in their send's microsecond) and runs cut short by a failure. Then each rule broken
// in a copy of a good export, to show that the checkers catch it.

#include <set>
#include <string>
#include <vector>

#include "chrome_trace.h"
#include "export_check.h"
#include "fixture_case.h"
#include "shiviz.h"

namespace lcstat = lc::lcstat;
using namespace lcstat_case;
using export_check::ShivizSummary;
using export_check::TraceSummary;

namespace {

// m1 fails before logging its PENDING rows: m0's 4 and m2's 8 and 9 never reach its log.
Edit m1_loses_pending() {
  return [](const std::string& dir) {
    auto lines = read_lines(dir + "/vm_1_1.log");
    lines.resize(4);
    write_lines(dir + "/vm_1_1.log", lines);
    write_text(dir + "/run.txt", "status=failed\nfailed=1\nfailed_at_1=3\nlost_0_1=1\nlost_2_1=2\n");
  };
}

// m2 fails after its SEND of 8: its SEND of 9, received by m0 and pending at m1, is not logged.
Edit m2_loses_its_end() {
  return [](const std::string& dir) {
    auto lines = read_lines(dir + "/vm_2_4.log");
    lines.resize(10);
    write_lines(dir + "/vm_2_4.log", lines);
    write_text(dir + "/run.txt", "status=failed\nfailed=2\nfailed_at_2=3\n");
  };
}

// m2's fifth tick late, 10 us before its sixth (both INTERNAL): its slice is cut short by the
// next, and must end before that one starts (speedscope, at one instant, opens a frame of the
// same name before it closes the last one).
Edit m2_ticks_late() {
  return [](const std::string& dir) {
    auto lines = read_lines(dir + "/vm_2_4.log");
    for (std::string& line : lines)
      if (line.rfind("1764118001.250010,1.250010,INTERNAL,5,", 0) == 0) line = "1764118001.490010,1.490010,INTERNAL,5,0,,,";
    write_lines(dir + "/vm_2_4.log", lines);
  };
}

void expect_clean(const std::string& name, const std::vector<std::string>& problems) {
  for (const std::string& p : problems) lc_test::fail(__FILE__, __LINE__, name + ": " + p);
}

void expect_caught(const std::string& name, const std::vector<std::string>& problems, const std::string& what) {
  for (const std::string& p : problems) {
    if (p.find(what) != std::string::npos) return;
  }
  std::string all;
  for (const std::string& p : problems) all += "\n  " + p;
  lc_test::fail(__FILE__, __LINE__, name + ": no problem mentions '" + what + "'; got:" + all);
}

// Several runs into one ShiViz log, one execution each.
void write_shiviz(const std::string& path, const std::vector<std::pair<std::string, std::string>>& runs) {
  lcstat::ShivizLog log;
  CHECK(log.open(path).is_ok());
  for (const auto& [label, dir] : runs) {
    log.begin_execution(label);
    lcstat::AnalysisOptions options;
    options.sinks.push_back(&log);
    lcstat::RunResult result;
    lc::Status s = lcstat::analyse_run(dir, options, &result);
    if (!s.is_ok()) lc_test::fail(__FILE__, __LINE__, dir + ": " + s.message());
  }
  CHECK(log.commit().is_ok());
}

// A run of the real engine (processes and TCP), `shape` its arguments, 10 times faster than real
// time; an ended run's logs whatever its exit status.
std::string run_real(const std::string& name, const std::string& shape) {
  const std::string dir = scratch() + "/" + name;
  const std::string command = logical_clock() + " -q -o " + dir + " " + shape + " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  CHECK(WIFEXITED(status));
  return dir;
}

lcstat::RunResult write_trace(const std::string& path, const std::string& dir) {
  lcstat::ChromeTrace trace;
  CHECK(trace.open(path, dir).is_ok());
  lcstat::AnalysisOptions options;
  options.sinks.push_back(&trace);
  lcstat::RunResult result;
  lc::Status s = lcstat::analyse_run(dir, options, &result);
  if (!s.is_ok()) lc_test::fail(__FILE__, __LINE__, dir + ": " + s.message());
  CHECK(trace.commit().is_ok());
  return result;
}

// The trace's checks, and its flows: one per message received, pending or lost (`flows`, when
// some SENDs are not in the logs).
void expect_good_trace(const std::string& name, const std::string& dir, size_t lost, int64_t flows = -1) {
  const std::string path = scratch() + "/" + name + ".json";
  lcstat::RunResult result = write_trace(path, dir);
  TraceSummary t;
  expect_clean(name, export_check::check_trace(path, &t));
  int64_t received = 0, pending = 0, events = 0;
  for (const lcstat::MachineSummary& m : result.machines) {
    received += m.received;
    pending += m.pending;
    events += m.ticks;
  }
  CHECK_EQ(t.events, static_cast<size_t>(events));
  CHECK_EQ(t.pending, static_cast<size_t>(pending));
  CHECK_EQ(t.lost, lost);
  CHECK_EQ(t.flows, flows >= 0 ? static_cast<size_t>(flows) : static_cast<size_t>(received + pending) + lost);
  CHECK_EQ(t.process_names.size(), result.machines.size());
  CHECK(t.counters >= static_cast<size_t>(events));
}

void test_shiviz() {
  const std::string fixture = make_case("shiviz_fixture", [](const std::string&) {});
  const std::string path = scratch() + "/fixture.shiviz";
  write_shiviz(path, {{"fixture", fixture}});
  ShivizSummary s;
  expect_clean("shiviz fixture", export_check::check_shiviz(path, &s));
  CHECK_EQ(s.labels.size(), size_t{1});
  CHECK_EQ(s.events.at(0), size_t{17});
  CHECK_EQ(s.hosts.at(0).at("m0"), int64_t{5});
  CHECK_EQ(s.hosts.at(0).at("m1"), int64_t{2});
  CHECK_EQ(s.hosts.at(0).at("m2"), int64_t{10});
  auto lines = read_lines(path);
  CHECK_EQ(lines.at(0), std::string(lcstat::ShivizLog::kParser));
  CHECK_EQ(lines.at(1), std::string(lcstat::ShivizLog::kDelimiter));
  CHECK_EQ(lines.at(3), std::string("=== fixture ==="));
  CHECK_EQ(lines.at(15), std::string("m1 {\"m0\":1, \"m1\":2, \"m2\":4} RECV from m2 (msg_clock 4); clock 5; queue 1; "
                                     "model time 2.000000 s"));

  // A study side by side: the fixture, simulated runs (no delay; eight machines; a kill), a
  // failed sender's run whose vectors are lower bounds.
  const std::string many = scratch() + "/many.shiviz";
  write_shiviz(many, {{"fixture", fixture},
                      {"sim zero latency", simulate("shiviz_zero", "-n 3 -d 20 -s 1 -r 1,3,6 --latency 0 6 10")},
                      {"sim 8", simulate("shiviz_8", "-n 8 -d 5 -s 4 6 10")},
                      {"sim kill", simulate("shiviz_kill", "-n 4 -d 10 -s 5 --kill 1@4 6 10")},
                      {"failed sender", make_case("shiviz_unlogged", m2_loses_its_end())}});
  ShivizSummary m;
  expect_clean("shiviz study", export_check::check_shiviz(many, &m));
  CHECK_EQ(m.labels.size(), size_t{5});
  CHECK_EQ(m.events.at(4), size_t{15});

  // Each rule broken in a copy of the fixture's log.
  auto broken = [&lines](const std::string& name, size_t line, const std::string& text) {
    auto copy = lines;
    copy.at(line - 1) = text;
    const std::string p = scratch() + "/" + name + ".shiviz";
    write_lines(p, copy);
    ShivizSummary ignored;
    return export_check::check_shiviz(p, &ignored);
  };
  // m2's 4th event (its SEND at 1.000030, line 11) numbered 5: own entries must rise by 1.
  expect_caught("own entry", broken("own", 11, "m2 {\"m0\":1, \"m2\":5} SEND to m1; clock 4"),
                "rising by exactly 1 per event");
  // m2's first event numbered 2: own entries start at 1.
  expect_caught("first entry", broken("first", 5, "m2 {\"m2\":2} INTERNAL; clock 1"), "expected 1");
  // m1's RECV naming m2's 11th event, which does not exist.
  expect_caught("no such event", broken("missing", 16, "m1 {\"m0\":1, \"m1\":2, \"m2\":11} RECV"),
                "entry m2:11 names no event");
  // m1's RECV of m2's 4 without the max over m2's vector (m0's entry lost).
  expect_caught("inconsistent", broken("inconsistent", 16, "m1 {\"m1\":2, \"m2\":4} RECV"), "textbook");
  expect_caught("no own host", broken("own_host", 16, "m1 {\"m0\":1, \"m2\":4} RECV"), "lacks its own host m1");
  expect_caught("bad clock", broken("json", 16, "m1 {\"m0\":1, \"m1\":2, \"m2\":x} RECV"), "not a JSON object");
  expect_caught("not an event", broken("garbage", 16, "m1 garbage"), "not an event");
  auto twice = lines;
  twice.push_back("=== fixture ===");
  twice.push_back(lines.at(4));
  write_lines(scratch() + "/twice.shiviz", twice);
  ShivizSummary ignored;
  expect_caught("label twice", export_check::check_shiviz(scratch() + "/twice.shiviz", &ignored),
                "execution 'fixture' twice");
}

// A two-machine trace by hand, one message from m0 to m1, in the form lcstat writes; each broken
// copy changes one line.
const std::vector<std::string> kMiniTrace = {
    "{\"traceEvents\":[",
    "{\"ph\":\"M\",\"pid\":1,\"tid\":1,\"name\":\"process_name\",\"args\":{\"name\":\"machine 0\"}},",
    "{\"ph\":\"M\",\"pid\":2,\"tid\":2,\"name\":\"process_name\",\"args\":{\"name\":\"machine 1\"}},",
    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":0,\"cat\":\"message\",\"name\":\"model time 0\"},",
    "{\"ph\":\"X\",\"pid\":2,\"tid\":2,\"ts\":0,\"dur\":0,\"cat\":\"message\",\"name\":\"model time 0\"},",
    "{\"ph\":\"I\",\"s\":\"g\",\"pid\":1,\"tid\":1,\"cat\":\"marker\",\"name\":\"model time 0 (+1 ns)\",\"ts\":0.001},",
    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":4096,\"dur\":83333.333,\"cat\":\"event\",\"name\":\"SEND\",\"args\":{\"clock\":1}},",
    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":4096.001,\"dur\":0,\"cat\":\"message\",\"name\":\"to m1\",\"args\":{\"msg_clock\":1}},",
    "{\"ph\":\"s\",\"cat\":\"message\",\"name\":\"message\",\"id\":1,\"pid\":1,\"tid\":1,\"ts\":4096.001},",
    "{\"ph\":\"X\",\"pid\":2,\"tid\":2,\"ts\":4096,\"dur\":83333.333,\"cat\":\"event\",\"name\":\"RECV\",\"args\":{\"clock\":2}},",
    "{\"ph\":\"X\",\"pid\":2,\"tid\":2,\"ts\":4096.002,\"dur\":0,\"cat\":\"message\",\"name\":\"from m0\"},",
    "{\"ph\":\"f\",\"cat\":\"message\",\"name\":\"message\",\"id\":1,\"bp\":\"e\",\"pid\":2,\"tid\":2,\"ts\":4096.002}",
    "]}"};

std::vector<std::string> check_lines(const std::string& name, const std::vector<std::string>& lines) {
  const std::string p = scratch() + "/" + name + ".json";
  write_lines(p, lines);
  TraceSummary ignored;
  return export_check::check_trace(p, &ignored);
}

// kMiniTrace with line `line` (0-based) replaced by `text` (or removed when empty).
std::vector<std::string> mini_broken(const std::string& name, size_t line, const std::string& text) {
  auto copy = kMiniTrace;
  if (text.empty()) {
    copy.erase(copy.begin() + static_cast<std::ptrdiff_t>(line));
  } else {
    copy.at(line) = text;
  }
  return check_lines(name, copy);
}

void test_trace() {
  expect_good_trace("trace_fixture", make_case("trace_fixture", [](const std::string&) {}), 0);
  TraceSummary t;
  expect_clean("trace_fixture", export_check::check_trace(scratch() + "/trace_fixture.json", &t));
  CHECK_EQ(t.flows, size_t{9});  // 6 received, 3 pending
  CHECK_EQ(t.process_names[1], std::string("machine 0 (2 ticks/s)"));
  CHECK_EQ(t.process_names[3], std::string("machine 2 (4 ticks/s)"));
  CHECK(t.counter_names == (std::set<std::string>{"Lamport clock", "queue length"}));
  // Receives in their send's microsecond (no delay), many machines, a kill, other seeds and
  // machine counts, and the real engine.
  expect_good_trace("trace_zero", simulate("trace_zero", "-n 3 -d 20 -s 1 -r 1,3,6 --latency 0 6 10"), 0);
  // A receive on a machine's last tick, in its send's microsecond, with PENDING rows at that
  // instant after it: the tick's slice is not cut short by them (they are on no thread of the
  // machine's), so the flow's end stays 2 ns into it, after its start (at one ts DevTools kept
  // one of the two ends).
  {
    std::string rates = "1000";
    for (int i = 1; i < 20; ++i) rates += ",1000";
    expect_good_trace("trace_last_tick", simulate("trace_last_tick", "-n 20 -d 0.02 -s 1 -r " + rates + " --latency 0 6 3"), 0);
  }
  // Partitions, one open at the end and one overlapping it: each a slice on every machine it
  // cuts off (every one of the 4, by each), on threads of their own; what the one open at the
  // end still held is drawn as undelivered, as many as run.txt counts, never as lost.
  {
    const std::string dir = simulate("trace_cut", "-n 4 -d 20 -s 3 --partition '0,1|2@5-10' --partition '3@8-30' 6 10");
    TraceSummary cut;
    const lcstat::RunResult result = write_trace(scratch() + "/trace_cut.json", dir);
    expect_clean("trace_cut", export_check::check_trace(scratch() + "/trace_cut.json", &cut));
    CHECK_EQ(cut.partitions, size_t{8});
    int64_t undelivered = 0, received = 0, pending = 0;
    for (const auto& [channel, claim] : result.ending.claims) undelivered += claim.undelivered;
    for (const lcstat::MachineSummary& m : result.machines) {
      received += m.received;
      pending += m.pending;
    }
    CHECK(undelivered > 0);
    CHECK_EQ(cut.undelivered, static_cast<size_t>(undelivered));
    CHECK_EQ(cut.lost, size_t{0});
    CHECK_EQ(cut.flows, static_cast<size_t>(received + pending + undelivered));
  }
  // A run stopped at 2.5 s inside a partition from 1 s to 8 s (hand-written: a real run, its
  // two messages held): the partition is drawn to the run's end, not past it, and what it still
  // held is undelivered at that end, not at the heal the run never reached. (Seed 21: machine
  // 0's first two draws send and machine 1's are internal events, as their rows say.)
  {
    const std::string dir = scratch() + "/trace_stopped_cut";
    fs::create_directories(dir);
    const std::string head = " machines=2 seed=21 speed=1 internal_max=10 duration=10 start=1700000000.000000 engine=real "
                             "latency=none partitions=0@1-8 run=00000000000000b2 version=1.1.0";
    const std::string columns = "system_time,model_time,event,clock,queue,peers,msg_clock,queue_wait";
    write_lines(dir + "/vm_0_1.log", {"# logical_clock machine=0 rate=1" + head, columns,
                                      "1700000001.000100,1.000100,SEND,1,0,1,1,", "1700000002.000100,2.000100,SEND,2,0,1,2,"});
    write_lines(dir + "/vm_1_1.log", {"# logical_clock machine=1 rate=1" + head, columns,
                                      "1700000001.000200,1.000200,INTERNAL,1,0,,,", "1700000002.000200,2.000200,INTERNAL,2,0,,,"});
    write_lines(dir + "/run.txt", {"# logical_clock run", "status=stopped", "machines=2", "seed=21", "run=00000000000000b2",
                                   "stopped_at=2.5", "undelivered_0_1=2", "undelivered_cause_0_1=partition 0@1-8"});
    TraceSummary stopped;
    const lcstat::RunResult result = write_trace(scratch() + "/trace_stopped_cut.json", dir);
    CHECK_EQ(result.findings.total(), uint64_t{0});
    expect_clean("trace_stopped_cut", export_check::check_trace(scratch() + "/trace_stopped_cut.json", &stopped));
    CHECK_EQ(stopped.partitions, size_t{2});
    CHECK_EQ(stopped.undelivered, size_t{2});
    CHECK(stopped.partition_end_us > 2'000'000 && stopped.partition_end_us < 3'000'000);
    CHECK(stopped.undelivered_first_us > 2'000'000 && stopped.undelivered_first_us < 3'000'000);
  }
  expect_good_trace("trace_8", simulate("trace_8", "-n 8 -d 5 -s 4 6 10"), 0);
  expect_good_trace("trace_kill", simulate("trace_kill", "-n 4 -d 10 -s 5 --kill 1@4 6 10"), 0);
  expect_good_trace("trace_r1", simulate("trace_r1", "-n 3 -d 20 -s 1 6 10"), 0);
  expect_good_trace("trace_5", simulate("trace_5", "-n 5 -d 20 -s 2 6 10"), 0);
  expect_good_trace("trace_40", simulate("trace_40", "-n 40 -d 3 -s 9 --latency uniform:0:2ms 6 10"), 0);
  expect_good_trace("trace_real", run_real("trace_real", "-n 3 -d 3 -x 10 -s 3 6 10"), 0);
  // m1's PENDING rows never written: its three messages are lost, each flow ends at a marker.
  expect_good_trace("trace_lost", make_case("trace_lost", m1_loses_pending()), 3);
  expect_good_trace("trace_late", make_case("trace_late", m2_ticks_late()), 0);
  // A failed sender: m0's receive of its unlogged 9 has no flow, nor has m1's PENDING 9.
  expect_good_trace("trace_unlogged", make_case("trace_unlogged", m2_loses_its_end()), 0, 7);

  // The viewers' rules, each broken in a copy of a hand-written trace.
  expect_clean("mini trace", check_lines("mini", kMiniTrace));
  // Perfetto and catapult: nothing at ts 0, the axis starts at the first event.
  expect_caught("origin", mini_broken("origin", 3, "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":1,\"dur\":0,"
                                                   "\"cat\":\"message\",\"name\":\"model time 0\"},"),
                "no complete slice at ts 0");
  {
    auto copy = kMiniTrace;
    copy.erase(copy.begin() + 3, copy.begin() + 5);
    expect_caught("no ts 0", check_lines("no_zero", copy), "no event at ts 0");
  }
  // DevTools leaves ts 0 out: without the instant 1 ns later its axis starts at the SEND.
  expect_caught("devtools origin", mini_broken("devtools_origin", 5, ""), "DevTools starts the axis");
  // A child starting with its parent: speedscope takes its end first and refuses it.
  expect_caught("speedscope", mini_broken("speedscope", 10, "{\"ph\":\"X\",\"pid\":2,\"tid\":2,\"ts\":4096,\"dur\":0,"
                                                            "\"cat\":\"message\",\"name\":\"from m0\"},"),
                "speedscope ends");
  // A child ending with its parent in ns, one step after it in double precision.
  expect_caught("doubles", mini_broken("doubles", 10, "{\"ph\":\"X\",\"pid\":2,\"tid\":2,\"ts\":4096.002,"
                                                      "\"dur\":83333.331,\"cat\":\"message\",\"name\":\"from m0\"},"),
                "in double precision");
  // A child past its parent's end.
  expect_caught("nesting", mini_broken("nesting", 10, "{\"ph\":\"X\",\"pid\":2,\"tid\":2,\"ts\":4096.002,"
                                                      "\"dur\":99999999,\"cat\":\"message\",\"name\":\"from m0\"},"),
                "Perfetto drops it");
  // Two zero-length slices on one thread 1 ns apart, as lost messages' ends were: catapult
  // rounds their bounds to the microsecond, takes the second for the first's child and drops
  // the arrow that ends at it.
  {
    auto copy = kMiniTrace;
    copy.insert(copy.begin() + 3,
                {"{\"ph\":\"X\",\"pid\":2,\"tid\":4,\"ts\":0,\"dur\":0,\"cat\":\"message\",\"name\":\"model time 0\"},",
                 "{\"ph\":\"X\",\"pid\":2,\"tid\":4,\"ts\":90000.001,\"dur\":0,\"cat\":\"message\",\"name\":\"LOST from m0\"},",
                 "{\"ph\":\"X\",\"pid\":2,\"tid\":4,\"ts\":90000.002,\"dur\":0,\"cat\":\"message\",\"name\":\"LOST from m0\"},"});
    expect_caught("microsecond", check_lines("same_microsecond", copy), "catapult nests it");
  }
  // The start bound to the SEND itself (no child of its instant): Perfetto binds it to the
  // SEND, whose end is after the receive, and DevTools to nothing.
  {
    auto copy = kMiniTrace;
    copy.erase(copy.begin() + 7);
    const auto problems = check_lines("bound_to_send", copy);
    expect_caught("bound to the SEND", problems, "not to a slice of its instant");
    expect_caught("bound to nothing", problems, "DevTools binds none");
  }
  // The receive before the send: catapult and Perfetto draw the arrow backwards.
  {
    auto copy = kMiniTrace;
    for (size_t i : {size_t{9}, size_t{10}, size_t{11}}) {
      const size_t at = copy[i].find("\"ts\":4096");
      copy[i].replace(at, 9, "\"ts\":4000");
    }
    const auto problems = check_lines("backwards", copy);
    expect_caught("backwards (catapult)", problems, "ends before it starts");
  }
  {
    auto copy = kMiniTrace;
    copy[9] = "{\"ph\":\"X\",\"pid\":2,\"tid\":2,\"ts\":4096,\"dur\":83333.333,\"cat\":\"event\",\"name\":\"RECV\"},";
    copy[10] = "{\"ph\":\"X\",\"pid\":2,\"tid\":2,\"ts\":4096.001,\"dur\":0,\"cat\":\"message\",\"name\":\"from m0\"},";
    copy[11] = "{\"ph\":\"f\",\"cat\":\"message\",\"name\":\"message\",\"id\":1,\"bp\":\"e\",\"pid\":2,\"tid\":2,\"ts\":4096.001}";
    expect_caught("one ts", check_lines("one_ts", copy), "two ends at one ts");
  }
  {
    auto copy = kMiniTrace;
    copy[7] = "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":4096.001,\"dur\":10,\"cat\":\"message\",\"name\":\"to m1\"},";
    expect_caught("backwards (Perfetto)", check_lines("backwards_perfetto", copy), "Perfetto draws the arrow backwards");
  }
  // Args on both ends of a flow: catapult's arg_merge_error.
  {
    auto copy = kMiniTrace;
    copy[8] = "{\"ph\":\"s\",\"cat\":\"message\",\"name\":\"message\",\"id\":1,\"pid\":1,\"tid\":1,\"ts\":4096.001,\"args\":{\"msg_clock\":1}},";
    copy[11] = "{\"ph\":\"f\",\"cat\":\"message\",\"name\":\"message\",\"id\":1,\"bp\":\"e\",\"pid\":2,\"tid\":2,\"ts\":4096.002,\"args\":{\"msg_clock\":1}}";
    expect_caught("merge", check_lines("merge_both", copy), "arg_merge_error");
  }
  // An end without "bp":"e": catapult binds it to the next slice.
  expect_caught("binding point", mini_broken("bp", 11, "{\"ph\":\"f\",\"cat\":\"message\",\"name\":\"message\",\"id\":1,"
                                                       "\"pid\":2,\"tid\":2,\"ts\":4096.002}"),
                "bp");
  // A flow of the bind_id form: DevTools draws none.
  expect_caught("bind_id", mini_broken("bind_id", 10, "{\"ph\":\"X\",\"pid\":2,\"tid\":2,\"ts\":4096.002,\"dur\":0,"
                                                      "\"cat\":\"message\",\"name\":\"from m0\",\"bind_id\":1,\"flow_in\":true},"),
                "bind_id form");
  // A flow that never ends, one that starts twice.
  expect_caught("never ends", mini_broken("never_ends", 11, "{\"ph\":\"i\",\"pid\":2,\"tid\":2,\"ts\":4096.002,\"name\":\"x\"}"),
                "never ends");
  {
    auto copy = kMiniTrace;
    copy.insert(copy.begin() + 9, copy[8]);
    expect_caught("starts twice", check_lines("starts_twice", copy), "starts twice");
  }

  // The lcstat trace of the fixture, broken: a counter whose value is not a number, not JSON.
  const auto lines = read_lines(scratch() + "/trace_fixture.json");
  auto find = [&lines](const std::string& a, const std::string& b) {
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find(a) != std::string::npos && lines[i].find(b) != std::string::npos) return i;
    }
    lc_test::fail(__FILE__, __LINE__, "no line with " + a + " and " + b);
    return size_t{0};
  };
  auto broken = [&lines](const std::string& name, size_t index, const std::string& from, const std::string& to) {
    auto copy = lines;
    const size_t at = copy[index].find(from);
    if (at == std::string::npos) {
      lc_test::fail(__FILE__, __LINE__, name + ": '" + from + "' not in " + copy[index]);
    } else {
      copy[index].replace(at, from.size(), to);
    }
    return check_lines(name, copy);
  };
  const size_t counter = find("\"ph\":\"C\"", "\"Lamport clock\"");
  const size_t flow_end = find("\"ph\":\"f\"", "\"bp\":\"e\"");
  expect_caught("counter", broken("counter", counter, "\"value\":", "\"value\":\"x\",\"y\":"), "is not a number");
  // A receive's flow end moved to time 0: before its start, bound to no slice.
  expect_caught("end before start", broken("early_end", flow_end, "\"ts\":", "\"ts\":0,\"x\":"), "ends before it starts");
  expect_caught("json", broken("json", flow_end, "}", ""), "not well-formed JSON");
  auto truncated = lines;
  truncated.pop_back();
  expect_caught("truncated", check_lines("truncated", truncated), "not well-formed");
}

}  // namespace

int main(int argc, char** argv) {
  if (!set_up(argc, argv, true)) return 2;
  test_shiviz();
  test_trace();
  fs::remove_all(scratch());
  return lc_test::finish("lcstat_export_test");
}
