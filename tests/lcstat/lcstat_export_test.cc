// lcstat's exports against the formats' rules (export_check.h): the ShiViz log of several
// runs at once, the Chrome trace of a run (flows bound to slices, each with one start and one
// end, counters, pending and lost messages), on the hand-written run, simulated runs (one with
// receives in their send's microsecond) and runs cut short by a failure. Then each rule broken
// in a copy of a good export, to show that the checkers catch it.

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

void test_trace() {
  expect_good_trace("trace_fixture", make_case("trace_fixture", [](const std::string&) {}), 0);
  TraceSummary t;
  export_check::check_trace(scratch() + "/trace_fixture.json", &t);
  CHECK_EQ(t.flows, size_t{9});  // 6 received, 3 pending
  CHECK_EQ(t.process_names[1], std::string("machine 0 (2 ticks/s)"));
  CHECK_EQ(t.process_names[3], std::string("machine 2 (4 ticks/s)"));
  // Receives in their send's microsecond (no delay), many machines, a kill.
  expect_good_trace("trace_zero", simulate("trace_zero", "-n 3 -d 20 -s 1 -r 1,3,6 --latency 0 6 10"), 0);
  expect_good_trace("trace_8", simulate("trace_8", "-n 8 -d 5 -s 4 6 10"), 0);
  expect_good_trace("trace_kill", simulate("trace_kill", "-n 4 -d 10 -s 5 --kill 1@4 6 10"), 0);
  // m1's PENDING rows never written: its three messages are lost, each flow ends at a marker.
  expect_good_trace("trace_lost", make_case("trace_lost", m1_loses_pending()), 3);
  // A failed sender: m0's receive of its unlogged 9 has no flow, nor has m1's PENDING 9.
  expect_good_trace("trace_unlogged", make_case("trace_unlogged", m2_loses_its_end()), 0, 7);

  // Each rule broken in a copy of the fixture's trace (one event per line).
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
    const std::string p = scratch() + "/" + name + ".json";
    write_lines(p, copy);
    TraceSummary ignored;
    return export_check::check_trace(p, &ignored);
  };
  const size_t flow_in = find("\"from m", "\"flow_in\":true");
  const size_t flow_out = find("\"to m", "\"flow_out\":true");
  const size_t counter = find("\"ph\":\"C\"", "\"clock\":");
  // A receive's flow_in removed: its flow never ends.
  expect_caught("flow without end", broken("no_end", flow_in, "\"flow_in\":true", "\"flow_in\":false"),
                "neither or both");
  expect_caught("flow never ends", broken("never_ends", flow_in, ",\"bind_id\"", ",\"x_bind_id\""), "never ends");
  // A second start for a flow: the receive's child made a flow_out of the send's flow.
  {
    auto copy = lines;
    std::string& line = copy[flow_in];
    const std::string out_line = lines[flow_out];
    const size_t id_at = out_line.find("\"bind_id\":");
    const std::string out_id = out_line.substr(id_at, out_line.find(',', id_at) - id_at);
    const size_t in_at = line.find("\"bind_id\":");
    line.replace(in_at, line.find(',', in_at) - in_at, out_id);
    line.replace(line.find("\"flow_in\":true"), 14, "\"flow_out\":true");
    write_lines(scratch() + "/starts_twice.json", copy);
    TraceSummary ignored;
    expect_caught("flow starts twice", export_check::check_trace(scratch() + "/starts_twice.json", &ignored),
                  "starts twice");
  }
  // A flow's end before its start: the receive's child moved to time 0.
  expect_caught("end before start", broken("early_end", flow_in, "\"ts\":", "\"ts\":0,\"x\":"), "ends before it starts");
  // A counter whose value is not a number.
  expect_caught("counter", broken("counter", counter, "\"clock\":", "\"clock\":\"x\",\"y\":"), "is not a number");
  // A receive's child (1 ns after it) ending after the receive.
  expect_caught("nesting", broken("nesting", flow_in, "\"dur\":", "\"dur\":999999999,\"x\":"),
                "ends after the slice it starts in");
  // Not JSON: a missing brace, a trailing comma.
  expect_caught("json", broken("json", flow_out, "}", ""), "not well-formed JSON");
  auto truncated = lines;
  truncated.pop_back();
  write_lines(scratch() + "/truncated.json", truncated);
  TraceSummary ignored;
  expect_caught("truncated", export_check::check_trace(scratch() + "/truncated.json", &ignored), "not well-formed");
}

}  // namespace

int main(int argc, char** argv) {
  if (!set_up(argc, argv, true)) return 2;
  test_shiviz();
  test_trace();
  fs::remove_all(scratch());
  return lc_test::finish("lcstat_export_test");
}
