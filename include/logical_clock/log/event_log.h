// EventLog: one machine's log file (the format is documented in README.md, "Log format").
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

namespace lc {

enum class LogEvent { kInternal, kSend, kReceive, kPending };

struct LogRow {
  int64_t system_us = 0;  // Unix time, from the run's ModelClock
  int64_t model_us = 0;
  LogEvent event = LogEvent::kInternal;
  uint64_t clock = 0;
  size_t queue = 0;
  // SEND: receivers are `receivers` when set (ascending), else `peer`, or every id in
  // [0, machines) but `self` when to_all. RECV, PENDING: `peer` is the sender.
  int peer = -1;
  bool to_all = false;
  const std::vector<int>* receivers = nullptr;
  uint64_t msg_clock = 0;
  int64_t queue_wait_us = 0;  // RECV, PENDING
};

class EventLog {
 public:
  static constexpr size_t kFlushBytes = size_t{64} * 1024;
  static constexpr int64_t kFlushIntervalNs = 50'000'000;

  EventLog(int self, int machines) : self_(self), machines_(machines) {}

  Status open(const std::string& path);
  // The two header lines; `header` is line 1 without its newline.
  void begin(const std::string& header);
  // Appends one row; may write. Check status() to learn of a failed write.
  void add(const LogRow& row, int64_t now_mono_ns);
  Status flush();
  const Status& status() const { return status_; }
  const std::string& path() const { return path_; }

 private:
  void write_buffer();

  int self_;
  int machines_;
  std::string path_;
  Fd fd_;
  std::string buf_;
  uint64_t written_ = 0;  // bytes of whole rows on file
  int64_t last_write_ns_ = 0;
  Status status_;
};

}  // namespace lc
