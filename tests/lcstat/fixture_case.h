// Cases for lcstat's fixture tests: copies of the hand-written valid run (fixtures/valid),
// each changed by an edit, analysed through lcstat's library, with the expected outcome.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "check.h"
#include "run_analysis.h"

namespace lcstat_case {

namespace fs = std::filesystem;
using Edit = std::function<void(const std::string&)>;  // given the copy's directory

inline std::string& fixtures() {  // FIXTURES_DIR
  static std::string dir;
  return dir;
}
inline std::string& fixture() {  // fixtures/valid
  static std::string dir;
  return dir;
}
inline std::string& scratch() {  // a temporary directory of this test
  static std::string dir;
  return dir;
}

inline std::string& logical_clock() {  // LOGICAL_CLOCK, for the tests that simulate runs
  static std::string path;
  return path;
}

// Sets fixture() and scratch() from FIXTURES_DIR, and logical_clock() from LOGICAL_CLOCK when
// the test simulates runs; false (after a message) on failure.
inline bool set_up(int argc, char** argv, bool simulates = false) {
  if (argc != (simulates ? 3 : 2)) {
    std::fprintf(stderr, "usage: %s FIXTURES_DIR%s\n", argv[0], simulates ? " LOGICAL_CLOCK" : "");
    return false;
  }
  if (simulates) logical_clock() = argv[2];
  fixtures() = argv[1];
  fixture() = std::string(argv[1]) + "/valid";
  char dir[] = "/tmp/lcstat_fixture_XXXXXX";
  if (::mkdtemp(dir) == nullptr) {
    std::perror("mkdtemp");
    return false;
  }
  scratch() = dir;
  return true;
}

inline std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

inline void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  write_text(path, text);
}

// A fresh copy of fixtures/<source>, changed by `edit`.
inline std::string make_case_of(const std::string& source, const std::string& name, const Edit& edit) {
  std::string dir = scratch() + "/" + name;
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(fixtures() + "/" + source))
    fs::copy_file(entry.path(), dir + "/" + entry.path().filename().string(), fs::copy_options::overwrite_existing);
  edit(dir);
  return dir;
}

// A fresh copy of the valid run, changed by `edit`.
inline std::string make_case(const std::string& name, const Edit& edit) { return make_case_of("valid", name, edit); }

// A simulated run of logical_clock ("--engine sim" plus SHAPE, its other arguments) in
// scratch()/NAME; its directory. A run with a kill exits 1: only a crash fails here.
inline std::string simulate(const std::string& name, const std::string& shape) {
  const std::string dir = scratch() + "/" + name;
  const std::string command = logical_clock() + " --engine sim -q -o " + dir + " " + shape + " >/dev/null 2>&1";
  const int status = std::system(command.c_str());
  CHECK(WIFEXITED(status));
  return dir;
}

// Replaces line `number` (1-based) of `file`.
inline Edit replace_line(const std::string& file, size_t number, const std::string& text) {
  return [=](const std::string& dir) {
    auto lines = read_lines(dir + "/" + file);
    lines.at(number - 1) = text;
    write_lines(dir + "/" + file, lines);
  };
}

inline Edit delete_line(const std::string& file, size_t number) {
  return [=](const std::string& dir) {
    auto lines = read_lines(dir + "/" + file);
    lines.erase(lines.begin() + static_cast<long>(number - 1));
    write_lines(dir + "/" + file, lines);
  };
}

// Field `index` (0-based) of a log row set to `value`.
inline std::string with_field(const std::string& row, size_t index, const std::string& value) {
  size_t begin = 0;
  for (size_t i = 0; i < index; ++i) begin = row.find(',', begin) + 1;
  size_t end = row.find(',', begin);
  return row.substr(0, begin) + value + (end == std::string::npos ? "" : row.substr(end));
}

// Microseconds of a time "S.UUUUUU", and back.
inline int64_t micros_of(const std::string& text) { return std::stoll(text.substr(0, text.find('.'))) * 1'000'000 + std::stoll(text.substr(text.find('.') + 1)); }
inline std::string text_of(int64_t us) {
  std::string frac = std::to_string(us % 1'000'000);
  return std::to_string(us / 1'000'000) + "." + std::string(6 - frac.size(), '0') + frac;
}

// The run at speed 10: every header says so, and each row's system_time is start + model_time
// / 10. A real machine writes its log whenever a row comes 50 ms (real time) after its last
// write, so at speed 1 a dead m2 (4 ticks a second) lacks at most its last tick; at speed 10
// the 50 ms are 500 model ms, and two more of its ticks can be missing.
inline Edit at_speed_10() {
  return [](const std::string& dir) {
    for (const char* f : {"vm_0_2.log", "vm_1_1.log", "vm_2_4.log"}) {
      auto lines = read_lines(dir + "/" + f);
      const size_t at = lines[0].find(" speed=1 ");
      CHECK(at != std::string::npos);
      if (at != std::string::npos) lines[0].replace(at, 9, " speed=10 ");
      for (size_t i = 2; i < lines.size(); ++i) {
        const size_t from = lines[i].find(',') + 1;
        const int64_t model = micros_of(lines[i].substr(from, lines[i].find(',', from) - from));
        lines[i] = with_field(lines[i], 0, text_of(int64_t{1764118000} * 1'000'000 + (model + 5) / 10));
      }
      write_lines(dir + "/" + f, lines);
    }
  };
}

inline Edit run_file(const std::string& text) {
  return [=](const std::string& dir) { write_text(dir + "/run.txt", text); };
}

// Several edits in turn.
inline Edit all_of(std::vector<Edit> edits) {
  return [=](const std::string& dir) {
    for (const Edit& edit : edits) edit(dir);
  };
}

struct Outcome {
  lc::Status status;
  lc::lcstat::RunResult result;
};

inline Outcome analyse(const std::string& dir, const std::string& plot_dir = "") {
  Outcome out;
  out.status = lc::lcstat::analyse_run(dir, plot_dir, &out.result);
  return out;
}

inline bool mentions(const lc::lcstat::Findings& findings, const std::string& text) {
  for (const std::string& line : findings.shown()) {
    if (line.find(text) != std::string::npos) return true;
  }
  return false;
}

inline void expect_mention(const std::string& name, const Outcome& out, const std::string& text) {
  if (!mentions(out.result.findings, text))
    lc_test::fail(__FILE__, __LINE__, name + ": no violation mentions '" + text + "': " + out.result.findings.tally());
}

// Rules broken: analysing `dir` succeeds with exactly `counts` violations, one naming each of `where`.
inline Outcome expect_set_in(const std::string& dir, const std::string& name,
                             const std::map<lc::lcstat::Rule, uint64_t>& counts, const std::vector<std::string>& where) {
  Outcome out = analyse(dir);
  if (!out.status.is_ok()) {
    lc_test::fail(__FILE__, __LINE__, name + ": " + out.status.message());
    return out;
  }
  uint64_t total = 0;
  for (const auto& [rule, count] : counts) {
    total += count;
    if (out.result.findings.count(rule) != count)
      lc_test::fail(__FILE__, __LINE__, name + ": expected " + std::to_string(count) + " " +
                                            lc::lcstat::rule_name(rule) + ", got " + out.result.findings.tally());
  }
  if (out.result.findings.total() != total)
    lc_test::fail(__FILE__, __LINE__, name + ": expected " + std::to_string(total) + " violation(s), got " +
                                          out.result.findings.tally());
  for (const std::string& text : where) expect_mention(name, out, text);
  return out;
}

// The same on a copy of the valid run changed by `edit`.
inline Outcome expect_set(const std::string& name, const Edit& edit, const std::map<lc::lcstat::Rule, uint64_t>& counts,
                          const std::vector<std::string>& where) {
  return expect_set_in(make_case(name, edit), name, counts, where);
}

// One rule broken: exactly one violation, of `rule`, at `where` ("file:line:").
inline Outcome expect_one(const std::string& name, const Edit& edit, lc::lcstat::Rule rule, const std::string& where) {
  return expect_set(name, edit, {{rule, 1}}, {where});
}

// Nothing broken: analysis succeeds without violations.
inline Outcome expect_none(const std::string& name, const Edit& edit) { return expect_set(name, edit, {}, {}); }

// Bad input: analysing `dir` fails with a one-line message naming `where` and containing `what`.
inline void expect_error_in(const std::string& dir, const std::string& name, const std::string& where,
                            const std::string& what) {
  Outcome out = analyse(dir);
  CHECK(!out.status.is_ok());
  const std::string& message = out.status.message();
  if (message.find(where) == std::string::npos || message.find(what) == std::string::npos)
    lc_test::fail(__FILE__, __LINE__, name + ": expected '" + where + "' and '" + what + "' in: " + message);
  CHECK(message.find('\n') == std::string::npos);
}

inline void expect_error(const std::string& name, const Edit& edit, const std::string& where, const std::string& what) {
  expect_error_in(make_case(name, edit), name, where, what);
}

}  // namespace lcstat_case
