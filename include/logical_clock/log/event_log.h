// EventLog: the one writer of a machine's log file (the format is log_format.h's, documented
// in README.md, "Log format").
// Rows are formatted by hand into a buffer and written in whole rows: when the buffer passes
// kFlushBytes, when kFlushIntervalNs of real time has passed since the last write, and on
// flush(). A failed write cuts the file back to its last whole row, so no row is ever torn.
// Owned by one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "logical_clock/base/fd.h"
#include "logical_clock/base/status.h"
#include "logical_clock/log/log_format.h"

namespace lc {

class EventLog {
 public:
  static constexpr size_t kFlushBytes = size_t{64} * 1024;
  static constexpr int64_t kFlushIntervalNs = 50'000'000;

  Status open(const std::string& path);
  // The two header lines: line 1 from `header`, then the column line.
  void begin(const HeaderLine& header);
  // Appends one row; may write. Check status() to learn of a failed write.
  void add(const LogRow& row, int64_t now_mono_ns);
  Status flush();
  const Status& status() const { return status_; }
  const std::string& path() const { return path_; }

 private:
  void write_buffer();

  std::string path_;
  Fd fd_;
  std::string buf_;
  uint64_t written_ = 0;  // bytes of whole rows on file
  int64_t last_write_ns_ = 0;
  Status status_;
};

}  // namespace lc
