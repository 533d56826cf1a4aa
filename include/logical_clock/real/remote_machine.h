// RemoteMachine: the parent's side of a machine on another host (a cluster's coordinator),
// known only by what its host says on the control connection: its counters, copied into the
// run's SharedStats so that the progress line, the judge and the closing table read it as they
// read a local machine's; its log, written into the run directory as it comes, each chunk at
// the offset it names; and how it ended. Owned by the supervising thread.
#pragma once

#include <cstdint>
#include <string>

#include "logical_clock/base/fd.h"
#include "logical_clock/real/shared_stats.h"
#include "logical_clock/wire/control.h"

namespace lc {

class RemoteMachine {
 public:
  RemoteMachine() = default;
  // `partitions`: how many the run has (--partition), which its counters may name.
  RemoteMachine(int id, int machines, int partitions, std::string log_path)
      : id_(id), machines_(machines), partitions_(partitions), log_path_(std::move(log_path)) {}

  // Takes a counters, log_data, log_end or ended frame. False (error() says why) when the
  // frame breaks the protocol: counters for another number of machines, with a negative count
  // or naming a partition the run does not have, a log chunk that is
  // not the next, a log whose end is not its size, anything after the end, or a log that
  // cannot be written here.
  bool take(const ControlFrame& frame, SharedStats* stats);
  // The CPU wait its host last stated (ProgressJudge), -1 unknown.
  int64_t waited_ns() const { return waited_ns_; }
  bool ended() const { return ended_; }
  // Its host's word: it failed, and why; or its log is complete here.
  bool failed() const { return failed_; }
  const std::string& why() const { return why_; }
  bool log_whole() const { return log_whole_; }
  uint64_t log_bytes() const { return log_bytes_; }
  const std::string& error() const { return error_; }

 private:
  bool refuse(std::string why) {
    error_ = std::move(why);
    return false;
  }

  int id_ = 0;
  int machines_ = 0;
  int partitions_ = 0;
  std::string log_path_;
  Fd log_;
  uint64_t log_bytes_ = 0;
  bool log_whole_ = false;
  bool ended_ = false;
  bool failed_ = false;
  int64_t waited_ns_ = -1;
  std::string why_;
  std::string error_;
};

}  // namespace lc
