// ShivizLog: writes runs as a log that ShiViz opens as it is: line 1 the regular expression
// that parses an event, line 2 the one that separates executions, then one execution per run,
// each opened by its delimiter line, which names it. An event is one line:
//   m<id> {"m<j>":<V[j]>, ...} <KIND> ...; clock <C>; queue <Q>; model time <T> s
// with the rebuilt vector clock (ShiViz's rules: a host's own entry rises by exactly 1 per
// event from 1, every other entry names an event of that host that exists in the execution,
// and each vector is the textbook one; zero entries are left out, as ShiViz drops them). The
// file is written under a temporary name and renamed by commit(). Owned by one thread.
#pragma once

#include <string>
#include <vector>

#include "causality.h"
#include "logical_clock/base/file_io.h"
#include "logical_clock/base/status.h"

namespace lc::lcstat {

class ShivizLog : public CausalSink {
 public:
  // ShiViz's named groups: host, clock and event (an event); trace (an execution's name).
  static constexpr const char* kParser = R"(^(?<host>m\d+) (?<clock>\{[^}]*\}) (?<event>.*)$)";
  static constexpr const char* kDelimiter = R"(^=== (?<trace>.+) ===$)";

  Status open(const std::string& path);
  // `name` as a label: one line for ShiViz's regular expressions, whose '.' and '$' also
  // stop at U+2028 and U+2029, so those and control characters become '?'.
  static std::string label_text(const std::string& name);
  // The next run's execution, named `label`, a label_text() that differs from every other one.
  void begin_execution(const std::string& label);
  uint64_t events() const { return events_; }  // in the current execution
  Status commit() { return file_.commit(); }

  void on_begin(const std::vector<LogHeader>& headers) override;
  void on_event(const CausalEvent& event) override;
  void on_pending(const EndedMessage&) override {}
  void on_lost(const EndedMessage&) override {}
  void on_end() override {}

 private:
  OutputFile file_;
  std::string line_;
  uint64_t events_ = 0;
};

}  // namespace lc::lcstat
