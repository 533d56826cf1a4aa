// The directory a run writes its logs into: either the user's --out (created if missing,
// refused if it already holds logs unless forced) or a new runs/<UTC yyyymmdd-HHMMSS>[-k]/
// with runs/latest pointing at it. Functions only; call before any process is forked.
#pragma once

#include <string>

#include "logical_clock/base/fd.h"
#include "logical_clock/base/status.h"

namespace lc {

// Checks that `dir` can take a run's logs without creating anything.
// Refuses a directory holding vm_*.log unless force.
Status check_out_dir(const std::string& dir, bool force);
// Creates `dir` (and its parents) and, with force, removes the vm_*.log files it holds.
Status make_out_dir(const std::string& dir, bool force);
// Creates a fresh runs/<UTC time>[-k] under `root` and points root/latest at it.
Status make_default_run_dir(const std::string& root, std::string* dir);

// Writes a small file whole or not at all: a temporary beside it, renamed over it.
Status write_file_atomically(const std::string& path, const std::string& text);

// ReservedFile: a small file written whole at the end of a run whose disk space is taken at
// its start, so that a disk that fills up during the run (the logs' doing) cannot keep it from
// being written. reserve() allocates "<path>.tmp"; commit() writes there and renames it over
// path (without a reservation it writes like write_file_atomically). A reservation never
// committed (a run that did not start) is removed with its owner. One owner.
class ReservedFile {
 public:
  static constexpr size_t kReserveBytes = size_t{16} * 1024;

  ReservedFile() = default;
  ReservedFile(const ReservedFile&) = delete;
  ReservedFile& operator=(const ReservedFile&) = delete;
  ~ReservedFile();

  Status reserve(const std::string& path);
  Status commit(const std::string& path, const std::string& text);

 private:
  std::string tmp_;
  Fd fd_;
};

}  // namespace lc
