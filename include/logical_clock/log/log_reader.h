// LogReader: streams one machine's log (vm_<id>_<rate>.log) row by row. It reads the file in
// large blocks, cuts lines with memchr and parses fields by hand, finding columns by their
// header names. Anything that does not follow the log format (see docs/analysis.md) is a
// Status error naming the file and line; whether the rows obey the model's rules is left to
// MachineChecker. A failed machine's log may be cut short by its death: open() can be told to
// accept that (allow_torn_tail), and then says what it left out. Owned by one thread.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "logical_clock/base/file_io.h"
#include "logical_clock/base/status.h"
#include "logical_clock/log/log_format.h"

namespace lc {


// Line 1 of a log: "# logical_clock machine=<id> rate=<r> machines=<N> duration=<s> speed=<F>
// start=<Unix s> ...".
struct LogHeader {
  std::string path;
  int64_t machine = 0;
  int64_t machines = 0;
  int64_t rate_micro = 0;    // ticks per second, times 10^6
  int64_t duration_us = 0;   // model seconds, times 10^6
  int64_t start_us = 0;      // Unix time of model time 0, in microseconds
  double speed = 0;          // model seconds per real second
  std::string rate_text;     // as written, e.g. "4"
  std::string speed_text;    // as written, e.g. "0.5"
  std::string seed;          // these two as written; empty when absent
  uint64_t seed_value = 0;   // seed= as a number (0 when absent)
  std::string internal_max;
  std::string engine;        // these four as written too; empty when absent (older logs)
  std::string latency;
  std::string links;
  std::string version;
  std::string partitions;    // as written; empty when absent (a run without partitions)
  std::string run;           // the run's identity, as written; empty when absent (older logs)
  bool vector = false;       // vector=1: every row carries the vclock column
  // clock_offset=, clock_uncertainty= (both or neither): the machine's clock minus its parent's
  // and the bound on that estimate; without them (older logs) 0 and unknown (-1).
  int64_t clock_offset_us = 0;
  int64_t clock_uncertainty_us = -1;
  bool own_clock = false;  // own_clock=1 (log_format.h)
  // How far this machine's model time may be from the reference's: with own_clock=1 its
  // clock_uncertainty (real time) at the run's speed, rounded up; else 0 (model time is the
  // parent's own clock's).
  int64_t model_slack_us() const {
    return own_clock ? static_cast<int64_t>(std::ceil(static_cast<double>(clock_uncertainty_us) * speed)) : 0;
  }
  bool skew_given = false;   // skew=: the --skew the machine's clock was given
  int64_t skew_us = 0;

  // floor(rate x duration), computed exactly.
  int64_t expected_ticks() const;
};

struct Row {
  uint64_t line = 0;         // 1-based line number in the file
  int64_t system_us = 0;     // Unix time, in microseconds
  int64_t model_us = 0;
  LogEvent event = LogEvent::kInternal;
  int64_t clock = 0;
  int64_t queue = 0;
  int64_t msg_clock = -1;    // -1: field empty
  int64_t wait_us = -1;      // -1: field empty
  std::vector<int64_t> peers;  // empty: field empty
  std::vector<int64_t> vclock; // the vclock column, N entries; empty when the log has none
};

class LogReader {
 public:
  static constexpr size_t kBufferBytes = 1 << 20;
  // Longer lines are junk: the longest row an engine writes (a SEND to all of 1000 machines,
  // their ids joined by ';', then a vclock of 1000 entries of up to 13 digits) is under 20 KiB.
  static constexpr size_t kMaxLineBytes = size_t{32} * 1024;
  static constexpr int64_t kMaxMachines = 1000;      // the simulation's; logical_clock's options.h
  static constexpr int64_t kMaxRealMachines = 512;   // the real engine's (a process each)
  static constexpr int64_t kMinInternalMax = 3;
  static constexpr int64_t kMaxInternalMax = 1'000'000'000;
  static constexpr double kMaxSpeed = 1e9;
  static constexpr int64_t kMaxRealNs = int64_t{3'155'760'000} * 1'000'000'000;  // 100 years: ModelClock's
  static constexpr int64_t kMaxSkewUs = int64_t{1'000'000} * 1'000'000;          // --skew's: clock_skew.h
  static constexpr int64_t kMaxEpochUs = int64_t{9'000'000'000} * 1'000'000;     // --epoch's: options.cc
  static constexpr int64_t kMaxRateMicro = int64_t{1'000'000} * 1'000'000;
  static constexpr int64_t kMaxDurationUs = int64_t{10'000'000} * 1'000'000;

  // Opens `path` and reads and checks both header lines. With `allow_torn_tail` (the log of a
  // machine that failed) a last line without its newline is left out instead of refused, and
  // so is a file that ends before its header lines are whole; see has_header() and torn_line().
  Status open(const std::string& path, bool allow_torn_tail = false);
  // Line 1 was whole and is in header(); false only with allow_torn_tail, for a file that is
  // empty or ends inside line 1 (header() then holds only the path).
  bool has_header() const { return has_header_; }
  // The number of the torn last line left out under allow_torn_tail, or 0.
  uint64_t torn_line() const { return torn_line_; }
  // The bytes of the whole rows read so far (the lines after the two header lines, each with
  // its newline) past the last block of them that reached EventLog::kFlushBytes: where a log
  // written in such blocks (the simulation's) wrote last. 0 when the rows end a block.
  uint64_t bytes_past_blocks() const { return bytes_past_blocks_; }
  const LogHeader& header() const { return header_; }
  // The next row into *row, or *done = true at the end of the file.
  Status next(Row* row, bool* done);

 private:
  // The required columns (kColumnNames' order), then the optional vclock column.
  enum Field { kSystemTime, kModelTime, kEvent, kClock, kQueue, kPeers, kMsgClock, kWait, kVclock, kOther };
  static constexpr int kRequiredFields = kVclock;

  Status next_line(std::string_view* line, bool* done);
  Status parse_header_line(std::string_view line);
  Status check_header_ranges() const;
  Status parse_columns(std::string_view line);
  Status parse_row(std::string_view line, Row* row);
  Status bad(uint64_t line, const std::string& what) const;
  Status bad_field(Field field, std::string_view text, const char* expected) const;

  LogHeader header_;
  Fd fd_;
  std::unique_ptr<char[]> buf_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool allow_torn_tail_ = false;
  bool has_header_ = false;
  bool has_columns_ = false;
  bool has_vclock_ = false;
  uint64_t torn_line_ = 0;
  uint64_t line_no_ = 0;
  uint64_t bytes_past_blocks_ = 0;
  std::vector<Field> columns_;  // role of each column, by position
};

}  // namespace lc
