// RunLogs: the logs of one run, as its directory holds them, opened and checked to be one
// run's: the one definition of "logs of one run", for lcstat and the replay alike. Every
// vm_<id>_<rate>.log is opened (a failed machine's, as run.txt names them, may end early, in a
// torn line, or before its header), one per machine id 0..N-1, their headers agreeing on every
// key that describes the run (N, duration, seed, speed, start, INTERNAL_MAX, engine, latency,
// links, partitions, vector, version and the run's identity), each header agreeing with its
// file name, and run.txt with the logs. Plain data, owned by one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "logical_clock/base/status.h"
#include "logical_clock/log/log_reader.h"
#include "logical_clock/log/run_ending.h"

namespace lc {

struct RunLogs {
  // By machine id; each reader stands before its first row.
  std::vector<std::unique_ptr<LogReader>> readers;
  // By machine id. A log without a whole header line (its machine failed before it could
  // write one) gets the run's keys from the others and its id and rate from its file name.
  std::vector<LogHeader> headers;
  // What was taken from file names instead of headers, one line each.
  std::vector<std::string> notes;
};

// Opens the logs of `dir` as one run, `ending` (its run.txt, read first) saying which machines
// failed. Anything that is not one run's logs is a Status error naming the file and the key.
Status open_run_logs(const std::string& dir, const RunEnding& ending, RunLogs* logs);

}  // namespace lc
