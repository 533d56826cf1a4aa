// lcstat's causality: the vector clocks rebuilt from the paired messages, the pairs of events
// that causality and the Lamport clocks order, the check of a logged vclock column, the
// figures of a run whose failed sender's last SEND rows are missing, and the cone of one event.
//
// fixtures/valid_vector is fixtures/valid (see lcstat_fixture_test.cc) with vector=1 and the
// vclock column, its vectors worked out by hand, in merge order (model_time, clock, id):
//   0.250010 m2 INTERNAL 1  0;0;1     1.500002 m0 SEND 4      3;0;2
//   0.500005 m0 SEND 1      1;0;0     1.500020 m2 INTERNAL 6  1;0;6
//   0.500020 m2 SEND 2      0;0;2     1.750010 m2 RECV 7      3;0;7   (0's 4: 3;0;2)
//   0.750010 m2 RECV 3      1;0;3     2.000000 m1 RECV 5      1;2;4   (2's 4: 1;0;4)
//   1.000000 m0 RECV 3      2;0;2     2.000001 m0 INTERNAL 5  4;0;2
//   1.000000 m1 RECV 3      0;1;2     2.000020 m2 SEND 8      3;0;8
//   1.000030 m2 SEND 4      1;0;4     2.250010 m2 SEND 9      3;0;9
//   1.250010 m2 INTERNAL 5  1;0;5     2.500003 m0 RECV 10     5;0;9
//                                     2.500020 m2 INTERNAL 10 3;0;10
// m1's PENDING rows carry their SENDs' vectors: 3;0;2, 3;0;8, 3;0;9.
// Causal pasts (sum of the entries - 1): m0 0,3,4,5,13 = 25; m1 2,6 = 8; m2 0,1,3,4,5,6,9,10,11,12 = 61.
// Clocks: 1 x2, 2, 3 x3, 4 x2, 5 x3, 6, 7, 8, 9, 10 x2; events below each clock value:
// 1:0 2:2 3:3 4:6 5:8 6:11 7:12 8:13 9:14 10:15. So C(a) < C(b) for m0's events 0+3+6+8+15 = 32,
// m1's 3+8 = 11, m2's 0+2+3+6+8+11+12+13+14+15 = 84; ties (each at both ends) m0 7, m1 4, m2 7.
// The run: 17 events, 136 pairs, 94 causally ordered, 42 concurrent; the clocks order 127, of
// which 33 are concurrent (invented), and 9 pairs tie.

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "fixture_case.h"
#include "lamport_pairs.h"

namespace lcstat = lc::lcstat;
using lcstat::Rule;
using namespace lcstat_case;

namespace {

int64_t as_int(unsigned __int128 v) { return static_cast<int64_t>(v); }

void test_valid_figures() {
  Outcome out = analyse(make_case("figures", [](const std::string&) {}));
  CHECK(out.status.is_ok());
  const lcstat::CausalitySummary& c = out.result.causality;
  CHECK(c.exact());
  CHECK(!c.vclock_logged);
  CHECK_EQ(c.events, int64_t{17});
  CHECK_EQ(as_int(c.pairs), int64_t{136});
  CHECK_EQ(as_int(c.causal), int64_t{94});
  CHECK_EQ(as_int(c.concurrent), int64_t{42});
  CHECK_EQ(as_int(c.lamport), int64_t{127});
  CHECK_EQ(as_int(c.invented), int64_t{33});
  CHECK_EQ(as_int(c.tie_pairs), int64_t{9});
  CHECK(std::fabs(c.invented_share() - 33.0 / 127.0) < 1e-12);
  const int64_t causal[] = {25, 8, 61}, earlier[] = {32, 11, 84}, ties[] = {7, 4, 7}, events[] = {5, 2, 10};
  CHECK_EQ(c.machines.size(), size_t{3});
  for (size_t i = 0; i < 3 && i < c.machines.size(); ++i) {
    CHECK_EQ(c.machines[i].events, events[i]);
    CHECK_EQ(as_int(c.machines[i].causal), causal[i]);
    CHECK_EQ(as_int(c.machines[i].earlier), earlier[i]);
    CHECK_EQ(as_int(c.machines[i].ties), ties[i]);
    CHECK_EQ(as_int(c.machines[i].invented()), earlier[i] - causal[i]);
  }
  CHECK_EQ(c.approximate_events, int64_t{0});
  // The same run with its hand-written vclock column: every row agrees with the rebuild.
  out = expect_set_in(make_case_of("valid_vector", "vector_valid", [](const std::string&) {}), "vector_valid", {}, {});
  CHECK(out.result.causality.vclock_logged);
  CHECK_EQ(out.result.causality.vclock_rows, int64_t{20});
  CHECK_EQ(as_int(out.result.causality.causal), int64_t{94});
}

// ---- A brute force over the logs, independent of lcstat: every event's vector from its
// SEND's (paired by sender, receiver and msg_clock), in Lamport clock order (a RECV's clock is
// above its SEND's), then every pair compared.
struct Event {
  size_t machine;
  int64_t clock;
  std::vector<int64_t> vector;
};

struct BruteForce {
  std::vector<int64_t> causal, earlier, ties;
  int64_t events = 0;
};

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, sep);) parts.push_back(part);
  if (!text.empty() && text.back() == sep) parts.emplace_back();
  return parts;
}

BruteForce brute_force(const std::string& dir, size_t n) {
  struct Raw {
    size_t machine;
    std::string kind;
    int64_t clock;
    std::vector<int64_t> peers;
    int64_t msg_clock;
  };
  std::vector<Raw> raws;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("vm_", 0) != 0) continue;
    const size_t machine = std::stoul(name.substr(3));
    auto lines = read_lines(entry.path().string());
    for (size_t i = 2; i < lines.size(); ++i) {
      auto f = split(lines[i], ',');
      if (f[2] == "PENDING") continue;
      Raw r{machine, f[2], std::stoll(f[3]), {}, f[6].empty() ? -1 : std::stoll(f[6])};
      for (const std::string& p : split(f[5], ';')) {
        if (!p.empty()) r.peers.push_back(std::stoll(p));
      }
      raws.push_back(r);
    }
  }
  std::stable_sort(raws.begin(), raws.end(), [](const Raw& a, const Raw& b) {
    return a.clock != b.clock ? a.clock < b.clock : a.machine < b.machine;
  });
  std::vector<std::vector<int64_t>> current(n, std::vector<int64_t>(n, 0));
  std::map<std::tuple<size_t, size_t, int64_t>, std::vector<int64_t>> sent;  // (from, to, clock)
  std::vector<Event> events;
  for (const Raw& r : raws) {
    std::vector<int64_t>& v = current[r.machine];
    if (r.kind == "RECV") {
      const auto& w = sent.at({static_cast<size_t>(r.peers[0]), r.machine, r.msg_clock});
      for (size_t j = 0; j < n; ++j) v[j] = std::max(v[j], w[j]);
    }
    ++v[r.machine];
    if (r.kind == "SEND") {
      for (int64_t to : r.peers) sent[{r.machine, static_cast<size_t>(to), r.msg_clock}] = v;
    }
    events.push_back({r.machine, r.clock, v});
  }
  BruteForce out;
  out.causal.assign(n, 0);
  out.earlier.assign(n, 0);
  out.ties.assign(n, 0);
  out.events = static_cast<int64_t>(events.size());
  for (const Event& b : events) {
    for (const Event& a : events) {
      if (&a == &b) continue;
      bool below = true;
      for (size_t j = 0; j < n; ++j) below = below && a.vector[j] <= b.vector[j];
      if (below && a.vector != b.vector) ++out.causal[b.machine];
      if (a.clock < b.clock) ++out.earlier[b.machine];
      if (a.clock == b.clock) ++out.ties[b.machine];
    }
  }
  return out;
}

void expect_brute_force(const std::string& name, const std::string& dir) {
  Outcome out = analyse(dir);
  if (!out.status.is_ok()) {
    lc_test::fail(__FILE__, __LINE__, name + ": " + out.status.message());
    return;
  }
  const lcstat::CausalitySummary& c = out.result.causality;
  const size_t n = c.machines.size();
  BruteForce bf = brute_force(dir, n);
  CHECK(c.exact());
  CHECK_EQ(c.events, bf.events);
  int64_t causal = 0, earlier = 0, ties = 0;
  for (size_t i = 0; i < n; ++i) {
    if (as_int(c.machines[i].causal) != bf.causal[i] || as_int(c.machines[i].earlier) != bf.earlier[i] ||
        as_int(c.machines[i].ties) != bf.ties[i]) {
      lc_test::fail(__FILE__, __LINE__,
                    name + ": machine " + std::to_string(i) + ": lcstat causal/earlier/ties " +
                        lcstat::u128_text(c.machines[i].causal) + "/" + lcstat::u128_text(c.machines[i].earlier) +
                        "/" + lcstat::u128_text(c.machines[i].ties) + ", brute force " +
                        std::to_string(bf.causal[i]) + "/" + std::to_string(bf.earlier[i]) + "/" +
                        std::to_string(bf.ties[i]));
    }
    causal += bf.causal[i];
    earlier += bf.earlier[i];
    ties += bf.ties[i];
  }
  const int64_t pairs = bf.events * (bf.events - 1) / 2;
  CHECK_EQ(as_int(c.pairs), pairs);
  CHECK_EQ(as_int(c.causal), causal);
  CHECK_EQ(as_int(c.concurrent), pairs - causal);
  CHECK_EQ(as_int(c.lamport), earlier);
  CHECK_EQ(as_int(c.tie_pairs), ties / 2);
  CHECK_EQ(as_int(c.lamport) + as_int(c.tie_pairs), pairs);
}

// The fixtures and simulated runs of several shapes (zero latency: receives in their send's
// microsecond; many machines; a kill) against the brute force.
void test_brute_force() {
  expect_brute_force("fixture", make_case("brute_fixture", [](const std::string&) {}));
  const char* shapes[] = {
      "-n 3 -d 20 -s 1 -r 1,3,6 --latency 0 6 10",
      "-n 2 -d 30 -s 2 -r 1,5 6 3",
      "-n 5 -d 8 -s 3 --latency exp:300ms 6 10",
      "-n 8 -d 4 -s 4 --latency uniform:0:2s 6 4",
      "-n 4 -d 10 -s 5 -r 2,4,6,8 --kill 1@4 6 10",
  };
  int k = 0;
  for (const char* shape : shapes) {
    expect_brute_force(shape, simulate("sim" + std::to_string(++k), shape));
  }
}

// LamportPairs on its own against a brute force: random clocks rising per machine, in random
// interleavings, with large jumps and machines that end early.
void test_lamport_pairs_random() {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 60; ++round) {
    const size_t n = 1 + rng() % 7;
    std::vector<std::vector<int64_t>> clocks(n);
    for (size_t m = 0; m < n; ++m) {
      int64_t c = 0;
      const size_t count = rng() % 300;
      for (size_t k = 0; k < count; ++k) {
        c += 1 + (rng() % 10 == 0 ? static_cast<int64_t>(rng() % 500) : static_cast<int64_t>(rng() % 3));
        clocks[m].push_back(c);
      }
    }
    lcstat::LamportPairs pairs(n);
    const size_t watch_m = rng() % n;
    int64_t watched_clock = -1;
    if (!clocks[watch_m].empty()) {
      watched_clock = clocks[watch_m][rng() % clocks[watch_m].size()];
      pairs.watch(watch_m, watched_clock);
    }
    std::vector<size_t> next(n, 0);
    for (;;) {
      std::vector<size_t> open;
      for (size_t m = 0; m < n; ++m) {
        if (next[m] < clocks[m].size()) open.push_back(m);
      }
      if (open.empty()) break;
      const size_t m = open[rng() % open.size()];
      pairs.add(m, clocks[m][next[m]++]);
      if (next[m] == clocks[m].size() && rng() % 2 == 0) pairs.close(m);
    }
    pairs.finish();
    CHECK_EQ(pairs.late(), uint64_t{0});
    for (size_t b = 0; b < n; ++b) {
      int64_t earlier = 0, ties = 0;
      for (int64_t cb : clocks[b]) {
        int64_t e = 0, t = 0;
        for (size_t a = 0; a < n; ++a) {
          for (int64_t ca : clocks[a]) {
            e += ca < cb ? 1 : 0;
            t += ca == cb && a != b ? 1 : 0;
          }
        }
        earlier += e;
        ties += t;
        int64_t we = 0, wt = 0;
        if (b == watch_m && pairs.watched(&we, &wt) && cb == watched_clock) {
          CHECK_EQ(we, e);
          CHECK_EQ(wt, t);
        }
      }
      CHECK_EQ(as_int(pairs.earlier(b)), earlier);
      CHECK_EQ(as_int(pairs.ties(b)), ties);
    }
  }
  // The watched event, and clocks that break the rule (not rising, or absurdly far ahead).
  lcstat::LamportPairs pairs(2);
  pairs.watch(1, 3);
  for (int64_t c : {1, 2, 3, 4}) pairs.add(0, c);
  pairs.add(1, 3);
  pairs.add(1, 3);                       // not rising: left out
  pairs.add(1, int64_t{1} << 40);        // far beyond any run: left out
  pairs.finish();
  int64_t earlier = 0, ties = 0;
  CHECK(pairs.watched(&earlier, &ties));
  CHECK_EQ(earlier, int64_t{2});
  CHECK_EQ(ties, int64_t{1});
  CHECK_EQ(pairs.late(), uint64_t{2});
}

// ---- The vclock column: a mismatch is a violation at its row; a malformed column bad input.
Edit set_vclock(const std::string& file, size_t line, const std::string& vclock) {
  return [=](const std::string& dir) {
    auto lines = read_lines(dir + "/" + file);
    lines.at(line - 1) = with_field(lines.at(line - 1), 8, vclock);
    write_lines(dir + "/" + file, lines);
  };
}

void expect_vector_one(const std::string& name, const Edit& edit, const std::string& where, const std::string& what) {
  Outcome out = expect_set_in(make_case_of("valid_vector", name, edit), name, {{Rule::kVectorClock, 1}}, {where});
  expect_mention(name, out, what);
}

void test_vclock_check() {
  // An event's own entry (m2's INTERNAL at line 7: its 5th event).
  expect_vector_one("vclock_own", set_vclock("vm_2_4.log", 7, "1;0;4"), "vm_2_4.log:7:",
                    "INTERNAL vclock entry 2 is 4, the rebuild from the logs gives 5");
  // The entry a RECV takes from its message (m0's RECV of m2's 9 at line 7).
  expect_vector_one("vclock_merge", set_vclock("vm_0_2.log", 7, "5;0;8"), "vm_0_2.log:7:",
                    "RECV vclock entry 2 is 8, the rebuild from the logs gives 9 (vclock 5;0;8, rebuilt 5;0;9)");
  // A RECV that forgets the max and keeps its own past only.
  expect_vector_one("vclock_no_max", set_vclock("vm_1_1.log", 4, "0;2;2"), "vm_1_1.log:4:",
                    "RECV vclock entry 0 is 0, the rebuild from the logs gives 1; 2 entries differ");
  // A SEND's vector, the one its messages carry (m0's SEND at line 5).
  expect_vector_one("vclock_send", set_vclock("vm_0_2.log", 5, "3;1;2"), "vm_0_2.log:5:",
                    "SEND vclock entry 1 is 1, the rebuild from the logs gives 0");
  // A PENDING row's vector is its SEND's (m2's 8, sent with 3;0;8).
  expect_vector_one("vclock_pending", set_vclock("vm_1_1.log", 6, "3;0;9"), "vm_1_1.log:6:",
                    "PENDING vclock entry 2 is 9, the rebuild from the logs gives 8 (the vector of its SEND)");
  // A wrong vclock changes nothing else: the figures come from the rebuild.
  Outcome out = analyse(make_case_of("valid_vector", "vclock_figures", set_vclock("vm_2_4.log", 12, "9;9;9")));
  CHECK_EQ(as_int(out.result.causality.causal), int64_t{94});

  // Bad input: the column's form, and vector=1 against the column header.
  auto vector_case = [](const std::string& name, const Edit& edit) { return make_case_of("valid_vector", name, edit); };
  expect_error_in(vector_case("vclock_short", set_vclock("vm_2_4.log", 5, "1;0")), "vclock_short", "vm_2_4.log:5:",
                  "bad row: vclock '1;0' is not 3 whole numbers joined by ';' (machines=3)");
  expect_error_in(vector_case("vclock_long", set_vclock("vm_2_4.log", 5, "1;0;3;0")), "vclock_long", "vm_2_4.log:5:",
                  "vclock '1;0;3;0'");
  expect_error_in(vector_case("vclock_garbage", set_vclock("vm_2_4.log", 5, "1;x;3")), "vclock_garbage",
                  "vm_2_4.log:5:", "vclock '1;x;3'");
  expect_error_in(vector_case("vclock_empty", set_vclock("vm_2_4.log", 5, "")), "vclock_empty", "vm_2_4.log:5:",
                  "vclock ''");
  expect_error_in(vector_case("vclock_negative", set_vclock("vm_2_4.log", 5, "1;-1;3")), "vclock_negative",
                  "vm_2_4.log:5:", "vclock '1;-1;3'");
  expect_error_in(vector_case("vclock_no_column",
                              [](const std::string& dir) {
                                auto lines = read_lines(dir + "/vm_0_2.log");
                                for (size_t i = 1; i < lines.size(); ++i) lines[i] = lines[i].substr(0, lines[i].rfind(','));
                                write_lines(dir + "/vm_0_2.log", lines);
                              }),
                  "vclock_no_column", "vm_0_2.log:2:", "line 1 says vector=1 but the column header lacks 'vclock'");
  expect_error_in(vector_case("vclock_no_key",
                              [](const std::string& dir) {
                                auto lines = read_lines(dir + "/vm_0_2.log");
                                lines[0] = lines[0].substr(0, lines[0].find(" vector=1"));
                                write_lines(dir + "/vm_0_2.log", lines);
                              }),
                  "vclock_no_key", "vm_0_2.log:2:", "column 'vclock' but line 1 does not say vector=1");
  expect_error_in(vector_case("vclock_bad_key",
                              [](const std::string& dir) {
                                auto lines = read_lines(dir + "/vm_0_2.log");
                                lines[0] = lines[0].substr(0, lines[0].find(" vector=1")) + " vector=yes";
                                write_lines(dir + "/vm_0_2.log", lines);
                              }),
                  "vclock_bad_key", "vm_0_2.log:1:", "bad value 'vector=yes'");
  // One log with the column, the others without: logs of different runs.
  expect_error_in(make_case("vclock_mixed",
                            [](const std::string& dir) {
                              fs::copy_file(fixtures() + "/valid_vector/vm_1_1.log", dir + "/vm_1_1.log",
                                            fs::copy_options::overwrite_existing);
                            }),
                  "vclock_mixed", ":1: vector=", "logs of different runs");
}

// ---- m2 fails after its SEND of 8 (line 10): its SEND of 9 to m0 and m1 and its last INTERNAL
// are not in its log, but m0 received 9 (line 7) and m1 holds it (PENDING line 7).
Edit m2_loses_its_end() {
  return [](const std::string& dir) {
    auto lines = read_lines(dir + "/vm_2_4.log");
    lines.resize(10);
    write_lines(dir + "/vm_2_4.log", lines);
    write_text(dir + "/run.txt", "status=failed\nfailed=2\nfailed_at_2=3\n");
  };
}

void test_unlogged_sends() {
  Outcome out = expect_set_in(make_case("unlogged", m2_loses_its_end()), "unlogged", {}, {});
  const lcstat::CausalitySummary& c = out.result.causality;
  CHECK(!c.exact());
  CHECK_EQ(c.unlogged_receives, int64_t{1});
  CHECK_EQ(c.approximate_events, int64_t{1});  // m0's RECV at line 7, its last event
  // m0's RECV merges m2's last logged vector 3;0;8, not 3;0;9: its causal past 12, not 13.
  CHECK_EQ(as_int(c.machines[0].causal), int64_t{24});
  CHECK_EQ(c.events, int64_t{15});
  // With the vclock column: the engines' vectors count m2's unlogged events, and are checked
  // as at least the rebuild (a lower bound).
  out = expect_set_in(make_case_of("valid_vector", "unlogged_vector", m2_loses_its_end()), "unlogged_vector", {}, {});
  CHECK_EQ(out.result.causality.vclock_rows, int64_t{18});
  // ... but not below it, and the own entry stays exact.
  expect_vector_one("unlogged_below", all_of({m2_loses_its_end(), set_vclock("vm_0_2.log", 7, "5;0;7")}),
                    "vm_0_2.log:7:", "RECV vclock entry 2 is 7, the rebuild from the logs gives at least 8");
  expect_vector_one("unlogged_own", all_of({m2_loses_its_end(), set_vclock("vm_0_2.log", 7, "6;0;9")}),
                    "vm_0_2.log:7:", "RECV vclock entry 0 is 6, the rebuild from the logs gives 5");
  expect_vector_one("unlogged_pending", all_of({m2_loses_its_end(), set_vclock("vm_1_1.log", 7, "3;0;8")}),
                    "vm_1_1.log:7:", "PENDING vclock entry 2 is 8, the rebuild from the logs gives at least 9");
}

// ---- The cone of m1's second event (its RECV at 2.000000, clock 5, vector 1;2;4): past 6
// (m0's 1st, m1's 1st, m2's first 4), no future; concurrent with a smaller clock m0's 3 and
// 4, with the same m0's 5 and m2's 5; with a larger one m2's 6 to 10 and m0's 10.
void test_cone() {
  lcstat::AnalysisOptions options;
  const std::string dir = make_case("cone", [](const std::string&) {});
  options.plot_dir = dir + "/plotdata";
  options.cone.wanted = true;
  options.cone.machine = 1;
  options.cone.index = 2;
  auto run = [&dir](const lcstat::AnalysisOptions& o) {
    lcstat::RunResult result;  // fresh each time: analyse_run adds to it
    return lcstat::analyse_run(dir, o, &result);
  };
  CHECK(run(options).is_ok());
  auto lines = read_lines(dir + "/plotdata/cone.dat");
  CHECK_EQ(lines.size(), size_t{4 + 17});
  if (lines.size() != 21) return;
  CHECK_EQ(lines[0], std::string("# cone event: machine 1, event 2, RECV, clock 5, model time 2.000000 s"));
  CHECK_EQ(lines[1], std::string("# cone window: 0.000000 4.500000"));
  CHECK_EQ(lines[2], std::string("# cone counts: events 17 past 6 future 0 smaller 2 equal 2 larger 6 exact 1"));
  // model_time machine clock class kind, in merge order.
  const char* classes = "11113114355045555";
  for (size_t i = 0; i < 17; ++i) {
    auto f = split(lines[4 + i], ' ');
    CHECK_EQ(f.at(3), std::string(1, classes[i]));
  }
  // The cone of m2's 3rd event (its RECV at 0.750010, 1;0;3): m0's SEND and m2's first two in its past, and
  // its future m2's later events, m0's RECV of 9 (5;0;9) and m1's second RECV (1;2;4).
  options.cone.machine = 2;
  options.cone.index = 3;
  options.cone.window_begin_us = 0;
  options.cone.window_end_us = 3'000'000;
  CHECK(run(options).is_ok());
  lines = read_lines(dir + "/plotdata/cone.dat");
  CHECK_EQ(lines.at(2), std::string("# cone counts: events 17 past 3 future 9 smaller 0 equal 2 larger 2 exact 1"));
  // auto: the slowest machine (m1, 1 tick/s), its tick nearest the middle of 0 to 2.5 s: the 1st.
  options.cone = lcstat::ConeRequest();
  options.cone.wanted = true;
  options.cone.automatic = true;
  CHECK(run(options).is_ok());
  lines = read_lines(dir + "/plotdata/cone.dat");
  CHECK_EQ(lines.at(0), std::string("# cone event: machine 1, event 1, RECV, clock 3, model time 1.000000 s"));
  CHECK_EQ(lines.at(1), std::string("# cone window: 0.000000 2.500000"));
  // An event that does not exist, a machine that does not exist.
  options.cone = lcstat::ConeRequest();
  options.cone.wanted = true;
  options.cone.machine = 1;
  options.cone.index = 3;
  lc::Status s = run(options);
  CHECK(!s.is_ok() && s.message().find("vm_1_1.log: --cone 1:3: machine 1 has 2 event(s)") != std::string::npos);
  options.cone.machine = 5;
  s = run(options);
  CHECK(!s.is_ok() && s.message().find("no machine 5 in this run (machines 0 to 2)") != std::string::npos);
}

}  // namespace

int main(int argc, char** argv) {
  if (!set_up(argc, argv, true)) return 2;
  test_valid_figures();
  test_lamport_pairs_random();
  test_brute_force();
  test_vclock_check();
  test_unlogged_sends();
  test_cone();
  fs::remove_all(scratch());
  return lc_test::finish("lcstat_causality_test");
}
