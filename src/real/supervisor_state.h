// The supervisor's state, shared by the files of its phases: supervisor_start.cc (the plan,
// the forks or the remote launch, the wait for every machine's ready, the common start),
// supervisor.cc (the run: the end barrier, kills, the judgement of progress, signals, the
// progress line), supervisor_remote.cc (machines on other hosts: stop frames, their control
// frames, their ends) and supervisor_end.cc (reaping, and the outcome from the shared counters).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "logical_clock/base/fd.h"
#include "logical_clock/base/status.h"
#include "logical_clock/cli/run_dir.h"
#include "logical_clock/cli/run_plan.h"
#include "logical_clock/cli/run_report.h"
#include "logical_clock/model/model_clock.h"
#include "logical_clock/real/control_channel.h"
#include "logical_clock/real/progress_judge.h"
#include "logical_clock/real/remote_machine.h"
#include "logical_clock/real/shared_stats.h"
#include "logical_clock/real/stop_signals.h"
#include "logical_clock/real/supervisor.h"

namespace lc::supervision {

constexpr int kProgressMs = 250;
// A machine is judged by its progress, never by the time it takes (ProgressJudge): one that
// makes none for this long, its heartbeat still and not waiting for a CPU, is stopped or hung,
// and is killed. Judged while the machines start, and from the run's end (or its stop) on;
// in between a stopped machine only delays its own ticks.
constexpr int64_t kStallNs = 10'000'000'000;
// The start is given up when the machines as a whole make no progress towards it (hellos
// said, machines ready) for this long.
constexpr int64_t kStartStallNs = 60'000'000'000;
// How often the parent samples the machines' progress.
constexpr int kJudgeMs = 250;

struct Child {
  pid_t pid = -1;
  ControlChannel control;
  bool ready = false;
  bool ticks_done = false;  // said ticks_done: its last tick has run
  bool reaped = false;
  bool ended_unready = false;  // closed its control socket before ready with no stop asked for
  ProgressJudge judge{kStallNs};
  bool stall_killed = false;   // killed for making no progress
  int64_t reaped_at_us = -1;   // model time it was reaped at, once the run has started
  std::string failure;  // why it failed, empty when it ended well
  // On another host: known by its control connection alone (pid -1).
  bool remote = false;
  std::string where;  // "pid N", or its host
  RemoteMachine far;
  int stops_sent = 0;  // stop frames sent to it (a remote machine's SIGTERMs)
};

class Supervisor {
 public:
  Supervisor(const Options& options, MachineLauncher* remote) : remote_(remote) { plan_.options = options; }
  int run();

 private:
  Status prepare(std::vector<Fd>* listeners);
  Status spawn(std::vector<Fd>* listeners);
  Status fork_all(std::vector<Fd>* listeners);
  bool wait_ready();
  Status start_all();
  void supervise();
  int next_wait_ms() const;
  void read_ticks_done(size_t i);
  void note_bad_control(size_t i, ControlChannel::Got got, const ControlFrame& frame);
  void release_drain();
  bool judging() const;
  void judge_progress();
  void fire_kills();
  void stop_at_model_limit();

  void reap();
  void signal(Child* c, int sig);
  bool read_remote(size_t i, ControlFrame* frame);
  void end_remote(size_t i, const std::string& why);
  void give_up_remote(size_t i);
  void gather_outcome();
  bool all_reaped() const;
  void signal_all(int sig);
  void show_progress(bool last);
  int failures() const;

  MachineLauncher* remote_;
  RunPlan plan_;
  SharedStats stats_;
  std::vector<Child> children_;
  StopSignals signals_;
  StartTime start_;
  std::optional<ModelClock> clock_;  // from the common start on
  int stops_seen_ = 0;
  bool progress_ = false;
  RunOutcome outcome_;
  ReservedFile run_file_;
  int64_t stop_requested_ns_ = 0;
  bool drain_released_ = false;
  std::vector<bool> killed_;             // by --kill, in the order given
};

}  // namespace lc::supervision
