// What a parent of machines (the local supervisor, a cluster host) does with signals and its
// children: SIGINT, SIGTERM and SIGHUP are counted as stops (the first ends the ticks, the
// second the drain, a third kills), SIGCHLD only wakes, and both wake the parent's wait loop
// through an eventfd; SIGPIPE is ignored. Machines are forked with those signals held, and a
// child's end is told in one line.
#pragma once

#include <sys/types.h>

#include <csignal>
#include <string>

#include "logical_clock/base/fd.h"
#include "logical_clock/base/status.h"

namespace lc {

// One per process: the handlers' state is the process's.
class StopSignals {
 public:
  StopSignals() = default;
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // The eventfd, then the handlers: a signal from here on is counted and wakes the loop.
  Status install();
  // Readable once a stop or a child's end may have come; drain() empties it.
  int wake_fd() const { return wake_.get(); }
  void drain() const;
  // Stops counted so far.
  int count() const;
  // A stop as if a signal had come (the model-time limit).
  void add() const;
  // In a forked machine: its parent's eventfd closed, the handlers told to leave it alone.
  void leave_in_child();

 private:
  Fd wake_;
};

// While it lives, the signals StopSignals handles wait: a child forked meanwhile would run its
// parent's handlers until it has its own. Buffered output is flushed first, so that no child
// writes it a second time.
class HoldSignalsForFork {
 public:
  HoldSignalsForFork();
  ~HoldSignalsForFork();
  HoldSignalsForFork(const HoldSignalsForFork&) = delete;
  HoldSignalsForFork& operator=(const HoldSignalsForFork&) = delete;

 private:
  sigset_t old_;
};

// Reaps child `pid` if it has ended (waitpid, WNOHANG): false while it runs. *why is then how
// it ended, named `name`: empty for exit status 0, else one line (a signal, a status, or why it
// could not be waited for).
bool reap_child(pid_t pid, const std::string& name, std::string* why);

}  // namespace lc
