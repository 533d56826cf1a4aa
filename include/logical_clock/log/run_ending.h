// RunEnding: how a run ended, from the run.txt that logical_clock writes whole at the end of a
// run ("key=value" lines; the keys are log_format.h's, listed in the README): the one reader
// of run.txt, for lcstat and the simulation engine's replay. They read it before the logs (a
// failed machine's log is read with more leniency) and check it against them after. A run
// without run.txt is taken as complete. Plain data, owned by one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "logical_clock/base/status.h"
#include "logical_clock/log/log_reader.h"

namespace lc {

// What run.txt says of one channel's missing messages.
struct ChannelClaim {
  int64_t lost = 0;        // lost_<from>_<to>: sent, and not in the receiver's log
  int64_t dropped = 0;     // dropped_<from>_<to>: given up by the sender
  int64_t dropped_at_us = -1;  // dropped_at_<from>_<to>: the model time the sender gave up
  int64_t link_down_us = -1;   // link_down_<from>_<to>: the model time the link died, both alive
  // undelivered_<from>_<to>: sent, held by a partition still open when the run ended, and so
  // never delivered (the simulation); undelivered_cause_<from>_<to>, as written: "partition
  // GROUPS@FROM-TO", the partition that held them.
  int64_t undelivered = 0;
  std::string undelivered_cause;
  size_t lost_line = 0;    // their lines in run.txt; 0 when absent
  size_t dropped_line = 0;
  size_t dropped_at_line = 0;
  size_t link_down_line = 0;
  size_t undelivered_line = 0;
  size_t undelivered_cause_line = 0;
};

struct RunEnding {
  std::string path;            // run.txt; empty: the run has none
  std::string status;          // "complete", "stopped", "failed"; empty: no run.txt
  int64_t stopped_at_us = -1;  // model time of the stop signal, when stopped
  size_t stopped_at_line = 0;
  std::map<int64_t, int64_t> machine_stops_us;  // stopped_<id>: one machine stopped ticking
  std::map<int64_t, size_t> machine_stop_lines;  // their lines in run.txt
  std::string failed;          // ids of the failed machines, e.g. "1,2", as written
  std::vector<int64_t> failed_ids;
  // failed_at_<id>: the model time by which machine id had failed (the instant the run saw
  // it gone, or killed it): no row of its log is later, and no tick due later can have run.
  // One for each failed machine, for no other.
  std::map<int64_t, int64_t> failed_at_us;
  size_t forced_line = 0;
  bool forced = false;         // forced=1: a second signal cut the drain short
  int64_t machines = -1;       // machines=, -1 when absent
  size_t machines_line = 0;
  std::string seed;            // seed=, as written
  size_t seed_line = 0;
  std::string run;             // run=, the run's identity, as written
  size_t run_line = 0;
  // lost_/dropped_/undelivered_<from>_<to>, by channel
  std::map<std::pair<int64_t, int64_t>, ChannelClaim> claims;

  struct NamedId {  // a machine id named by a key, checked against the logs once they are read
    int64_t id;
    size_t line;
    std::string key;
  };
  std::vector<NamedId> named_ids;

  // When machine `id` was told to stop ticking (stopped_at= or stopped_<id>=, the earlier), or
  // -1. It may be past the duration: a machine whose ticks ran late stops with some not run.
  int64_t stop_of(int64_t id) const;
  bool has_failed(int64_t id) const;
  // failed_at_<id>, or -1 when the machine did not fail.
  int64_t failed_at(int64_t id) const;
};

// Reads `dir`/run.txt when there is one. Bad syntax, an unknown status, a key twice or the
// per-receiver lost_to_<id> of older versions is bad input, naming the file and line.
Status read_run_ending(const std::string& dir, RunEnding* ending);
// run.txt against the run's logs (`run`: a header of one of them): the same machines=, seed=
// and run= (required when the logs name their run), and only machine ids of the run named.
Status check_run_ending(const RunEnding& ending, const LogHeader& run);

}  // namespace lc
