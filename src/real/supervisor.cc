#include "logical_clock/real/supervisor.h"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <algorithm>
#include <atomic>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "logical_clock/model/model_clock.h"
#include "logical_clock/real/control_channel.h"
#include "logical_clock/real/machine_process.h"
#include "logical_clock/real/progress_judge.h"
#include "logical_clock/real/remote_machine.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/cli/run_dir.h"
#include "logical_clock/cli/run_plan.h"
#include "logical_clock/real/shared_stats.h"
#include "logical_clock/real/stop_signals.h"
#include "logical_clock/cli/run_report.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/log/numbers.h"

namespace lc {

namespace {

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

Status raise_fd_limit(int machines) {
  // Each machine holds two sockets per peer, its listener, log, epoll and eventfds, and room
  // for 256 strangers; the parent holds a listener and a control socket per machine.
  return raise_open_file_limit(2 * static_cast<uint64_t>(machines) + 256 + 64, std::to_string(machines) + " machines");
}

Status Supervisor::prepare(std::vector<Fd>* listeners) {
  Options& o = plan_.options;
  // Handlers first: a signal from here on stops the run in order (wait_ready sees it).
  Status s = signals_.install();
  if (!s.is_ok()) return s;
  if (!o.seed_given) {
    s = random_u64(&o.seed);
    if (!s.is_ok()) return s;
  }
  plan_.seed = o.seed;
  plan_.rates = machine_rates(o);
  s = random_u64(&plan_.secret);
  while (s.is_ok() && plan_.run_id == 0) s = random_u64(&plan_.run_id);
  if (!s.is_ok()) return s;
  s = raise_fd_limit(o.machines);
  if (!s.is_ok()) return s;
  if (remote_ != nullptr) {
    s = remote_->plan(&plan_);
    if (!s.is_ok()) return s;
  }
  // Ports are bound here, before any fork, so no two machines (or anything else) can collide.
  for (int i = 0; remote_ == nullptr && i < o.machines; ++i) {
    Fd fd;
    uint16_t port = 0;
    s = listen_loopback(&fd, &port);
    if (!s.is_ok()) return s;
    listeners->push_back(std::move(fd));
    plan_.ports.push_back(port);
  }
  if (o.out_dir.empty()) {
    s = make_default_run_dir("runs", &plan_.dir);
  } else {
    plan_.dir = o.out_dir;
    s = make_out_dir(o.out_dir, o.force);
  }
  if (!s.is_ok()) return s;
  // A full disk must not keep run.txt from being written: its space is taken now.
  if (Status r = run_file_.reserve(plan_.dir + "/run.txt"); !r.is_ok())
    std::fprintf(stderr, "logical_clock: %s (run.txt will be written without a reservation)\n", r.message().c_str());
  s = stats_.create(o.machines);
  if (!s.is_ok()) return s;
  return Status::ok();
}

Status Supervisor::spawn(std::vector<Fd>* listeners) {
  const int n = plan_.options.machines;
  children_.resize(static_cast<size_t>(n));
  if (remote_ != nullptr) {
    std::vector<ControlChannel> controls;
    std::vector<std::string> where;
    Status s = remote_->launch(plan_, signals_.wake_fd(), [this] { return signals_.count() > 0; }, &controls, &where);
    if (!s.is_ok()) return s;
    for (int i = 0; i < n; ++i) {
      Child& c = children_[static_cast<size_t>(i)];
      c.remote = true;
      c.where = "on " + where[static_cast<size_t>(i)];
      c.control = std::move(controls[static_cast<size_t>(i)]);
      c.far = RemoteMachine(i, n, static_cast<int>(plan_.options.partitions.size()), plan_.dir + "/" + log_file_name(i, plan_.rates[static_cast<size_t>(i)]));
    }
    return Status::ok();
  }
  HoldSignalsForFork hold;
  return fork_all(listeners);
}

Status Supervisor::fork_all(std::vector<Fd>* listeners) {
  const int n = plan_.options.machines;
  for (int i = 0; i < n; ++i) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
      return Status::from_errno("socketpair", errno);
    Fd parent_end(pair[0]), child_end(pair[1]);
    const pid_t pid = ::fork();
    if (pid < 0) return Status::from_errno("fork machine " + std::to_string(i), errno);
    if (pid == 0) {
      // The child keeps its own listener and control socket and nothing else of the parent's.
      parent_end.reset();
      signals_.leave_in_child();
      for (int j = 0; j < n; ++j) {
        if (j != i) (*listeners)[static_cast<size_t>(j)].reset();
        children_[static_cast<size_t>(j)].control.reset();
      }
      Fd own = std::move((*listeners)[static_cast<size_t>(i)]);
      ::_exit(run_machine(plan_, i, std::move(own), std::move(child_end), &stats_));
    }
    children_[static_cast<size_t>(i)].pid = pid;
    children_[static_cast<size_t>(i)].where = "pid " + std::to_string(pid);
    children_[static_cast<size_t>(i)].control = ControlChannel(std::move(parent_end));
  }
  listeners->clear();  // the machines own their ports now
  return Status::ok();
}

// Waits until every machine is connected and ready. False when one failed or a signal came,
// or when the machines stopped making progress towards the start (kStartStallNs); a machine
// that makes none itself is killed (kStallNs). However slow, a start that progresses goes on.
bool Supervisor::wait_ready() {
  const int n = plan_.options.machines;
  int ready = 0;
  ProgressJudge start(kStartStallNs);
  std::vector<pollfd> fds;
  while (ready < n) {
    fds.assign(1, pollfd{signals_.wake_fd(), POLLIN, 0});
    for (const Child& c : children_)
      fds.push_back(pollfd{c.ready ? -1 : c.control.get(), POLLIN, 0});
    judge_progress();
    int64_t hellos = 0;
    for (int i = 0; i < n; ++i) hellos += stats_[i].hellos.load(std::memory_order_relaxed);
    if (start.observe({monotonic_ns(), hellos + ready, false, 0})) {
      std::fprintf(stderr,
                   "logical_clock: the machines stopped connecting: %lld of %lld hellos, %d of %d machines ready, "
                   "no progress for %lld s\n",
                   static_cast<long long>(hellos), static_cast<long long>(n) * (n - 1), ready, n,
                   static_cast<long long>(kStartStallNs / 1'000'000'000));
      return false;
    }
    if (::poll(fds.data(), fds.size(), kJudgeMs) < 0 && errno != EINTR) {
      std::fprintf(stderr, "logical_clock: poll: %s\n", errno_text(errno).c_str());
      return false;
    }
    if (fds[0].revents) signals_.drain();
    reap();
    if (signals_.count() > 0 || failures() > 0) return false;
    for (int i = 0; i < n; ++i) {
      Child& c = children_[static_cast<size_t>(i)];
      if (c.ready || !fds[static_cast<size_t>(i) + 1].revents) continue;
      ControlFrame frame;
      ControlChannel::Got got = c.control.next(&frame, true);
      // A remote machine's counters and a clock probe come before its ready, whole frames in
      // any number per read.
      while (got == ControlChannel::Got::kFrame && frame.type != ControlType::kReady) {
        if (answer_clock_probe(c.control, frame)) {
          // answered
        } else if (!c.remote || !c.far.take(frame, &stats_)) {
          break;
        }
        got = c.control.next(&frame, false);
      }
      if (got == ControlChannel::Got::kFrame && frame.type == ControlType::kReady) {
        c.ready = true;
        ++ready;
      } else if (got != ControlChannel::Got::kNeedMore) {
        if (c.remote) {
          end_remote(static_cast<size_t>(i), got == ControlChannel::Got::kEnd ? "its host closed its connection"
                                              : got == ControlChannel::Got::kBad ? c.control.error()
                                                                                 : c.far.error());
          return false;
        }
        if (got != ControlChannel::Got::kEnd) note_bad_control(static_cast<size_t>(i), got, frame);
        // It is going away before the start: reap() will say why if it failed; one that ends
        // well (a SIGTERM of its own) cannot take part either, and is named once reaped.
        c.control.reset();
        c.ended_unready = signals_.count() == 0;
        return false;
      }
    }
    if (failures() > 0) return false;
  }
  return true;
}

Status Supervisor::start_all() {
  // A few ms ahead, so every machine has the instant before its first tick can be due.
  // Hosts across a network get more: the frame's trip, and their own start-up of the clock.
  const int64_t lead_ns = remote_ != nullptr ? 200'000'000 + 2'000'000 * int64_t{plan_.options.machines}
                                             : 5'000'000 + 100'000 * int64_t{plan_.options.machines};
  // As one instant: machines on other hosts take the start from its realtime, the parent's own
  // model time from its monotonic clock.
  const ClockPair now = read_clock_pair();
  start_.monotonic_ns = now.monotonic_ns + lead_ns;
  start_.realtime_ns = now.realtime_ns + lead_ns;
  ControlFrame frame;
  frame.type = ControlType::kStart;
  frame.realtime_ns = start_.realtime_ns;
  frame.monotonic_ns = start_.monotonic_ns;
  clock_.emplace(plan_.options.speed, start_.monotonic_ns, start_.realtime_ns);
  for (size_t i = 0; i < children_.size(); ++i) {
    Status s = children_[i].control.send(frame, "control socket of machine " + std::to_string(i));
    if (!s.is_ok()) return s;
  }
  return Status::ok();
}

void Supervisor::signal_all(int sig) {
  for (Child& c : children_) signal(&c, sig);
}

// A local machine gets the signal; a remote one the stop frame its host turns into it.
void Supervisor::signal(Child* c, int sig) {
  if (c->reaped) return;
  if (!c->remote) {
    if (c->pid > 0) ::kill(c->pid, sig);
    return;
  }
  if (!c->control.valid()) return;
  ControlFrame stop;
  stop.type = ControlType::kStop;
  stop.how = sig == SIGKILL ? StopHow::kKill : c->stops_sent++ == 0 ? StopHow::kDrain : StopHow::kCutDrain;
  (void)c->control.send(stop, "control connection");
}

// A remote machine has ended once its connection has: `why` when its host never said how.
void Supervisor::end_remote(size_t i, const std::string& why) {
  Child& c = children_[i];
  c.control.reset();
  if (c.reaped) return;
  c.reaped = true;
  if (clock_) c.reaped_at_us = std::max<int64_t>(0, clock_->model_us(monotonic_ns()));
  const std::string name = "machine " + std::to_string(i) + " (" + c.where + ")";
  if (c.stall_killed) return;  // named when it was given up
  if (!c.far.ended()) {
    c.failure = name + ": " + why;
  } else if (c.far.failed()) {
    c.failure = name + ": " + c.far.why();
  } else if (!c.far.log_whole() && clock_) {
    c.failure = name + ": its log did not arrive whole (" + std::to_string(c.far.log_bytes()) + " bytes came)";
  }
  if (!c.failure.empty()) {
    if (progress_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "logical_clock: %s\n", c.failure.c_str());
  }
}

// A remote machine given up for making no progress may be on a host that reads nothing (stopped
// whole, or cut off), whose kernel keeps its connections open: its kill frame may never be
// read. So it ends here, as a killed local one would, and every other machine hears that it is
// gone, to stop waiting for its bye as if its connections had ended.
void Supervisor::give_up_remote(size_t i) {
  end_remote(i, "");
  ControlFrame gone;
  gone.type = ControlType::kGone;
  gone.id = static_cast<uint32_t>(i);
  for (size_t j = 0; j < children_.size(); ++j)
    if (j != i && !children_[j].reaped && children_[j].control.valid())
      (void)children_[j].control.send(gone, "control connection of machine " + std::to_string(j));
}

// Every whole frame a remote machine's host has sent; false once its connection has ended.
bool Supervisor::read_remote(size_t i, ControlFrame* frame) {
  Child& c = children_[i];
  bool readable = true;
  for (;;) {
    const ControlChannel::Got got = c.control.next(frame, readable);
    readable = false;
    if (got == ControlChannel::Got::kNeedMore) return true;
    if (got == ControlChannel::Got::kEnd) {
      end_remote(i, c.control.partial() ? "its connection ended inside a frame" : "its host closed its connection");
      return false;
    }
    if (got == ControlChannel::Got::kBad) {
      end_remote(i, "control connection: " + c.control.error());
      return false;
    }
    switch (frame->type) {
      case ControlType::kTicksDone: c.ticks_done = true; break;
      case ControlType::kClockProbe: (void)answer_clock_probe(c.control, *frame); break;
      case ControlType::kBye:
        end_remote(i, "its host said bye without saying how it ended");
        return false;
      default:
        if (!c.far.take(*frame, &stats_)) {
          end_remote(i, "control connection: " + c.far.error());
          return false;
        }
    }
  }
}

void Supervisor::reap() {
  for (size_t i = 0; i < children_.size(); ++i) {
    Child& c = children_[i];
    if (c.reaped || c.pid <= 0 || c.remote) continue;
    std::string why;
    if (!reap_child(c.pid, "machine " + std::to_string(i) + " (pid " + std::to_string(c.pid) + ")", &why)) continue;
    c.reaped = true;
    // By then it had ended: none of its rows is later, no tick due later ran (failed_at_<id>).
    if (clock_) c.reaped_at_us = std::max<int64_t>(0, clock_->model_us(monotonic_ns()));
    if (c.stall_killed || why.empty()) continue;  // one given up was named when it was killed
    c.failure = why;
    if (progress_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "logical_clock: %s\n", c.failure.c_str());
  }
}

// The machines' final counters, out of the shared memory.
void Supervisor::gather_outcome() {
  const int n = plan_.options.machines;
  outcome_.failures.clear();
  outcome_.failed_at_us.clear();
  outcome_.machines.clear();
  outcome_.dropped.assign(static_cast<size_t>(n) * static_cast<size_t>(n), 0);
  outcome_.dropped_at_us.assign(outcome_.dropped.size(), -1);
  outcome_.link_down_at_us.assign(outcome_.dropped.size(), -1);
  if (!plan_.options.partitions.empty()) {
    outcome_.undelivered.assign(outcome_.dropped.size(), 0);
    outcome_.held_by.assign(outcome_.dropped.size(), -1);
  }
  for (int i = 0; i < n; ++i) {
    outcome_.failures.push_back(children_[static_cast<size_t>(i)].failure);
    outcome_.failed_at_us.push_back(children_[static_cast<size_t>(i)].reaped_at_us);
    const MachineStats& m = stats_[i];
    MachineTotals t;
    t.ticks = m.ticks.load();
    t.internal = m.internal.load();
    t.sent = m.sent.load();
    t.received = m.received.load();
    t.pending = m.pending.load();
    t.clock = m.clock.load();
    t.peak_queue = m.peak_queue.load();
    t.stopped_at_us = m.stopped_at_us.load();
    outcome_.machines.push_back(t);
    outcome_.forced = outcome_.forced || m.forced.load() != 0;
    for (int j = 0; j < n; ++j) {
      const size_t c = static_cast<size_t>(i) * static_cast<size_t>(n) + static_cast<size_t>(j);
      outcome_.dropped[c] = stats_.dropped(i, j).load();
      if (const int64_t at = stats_.dropped_at_ns(i, j).load(); at >= 0)
        outcome_.dropped_at_us[c] = std::max<int64_t>(0, clock_->model_us(at));
      // A link given up for no failure of either end, no bound and no cut drain: the network
      // cut it (a cluster's connection silent or unacknowledged past its timeout).
      const int64_t down = stats_.down_at_ns(i, j).load();
      if (down >= 0 && stats_.dropped_at_ns(i, j).load() < 0 && children_[static_cast<size_t>(i)].failure.empty() &&
          children_[static_cast<size_t>(j)].failure.empty())
        outcome_.link_down_at_us[c] = std::max<int64_t>(0, clock_->model_us(down));
      if (!outcome_.undelivered.empty() && stats_.undelivered(i, j).load() > 0 && stats_.held_by(i, j).load() >= 0) {
        outcome_.undelivered[c] = stats_.undelivered(i, j).load();
        outcome_.held_by[c] = static_cast<int>(stats_.held_by(i, j).load());
      }
    }
  }
  // A drain cut short takes every link down: not the network's doing.
  if (outcome_.forced) outcome_.link_down_at_us.assign(outcome_.link_down_at_us.size(), -1);
}

bool Supervisor::all_reaped() const {
  for (const Child& c : children_)
    if (!c.reaped) return false;
  return true;
}

int Supervisor::failures() const {
  int n = 0;
  for (const Child& c : children_) n += c.failure.empty() ? 0 : 1;
  return n;
}

// A machine says ticks_done on its control socket once its last tick has run; its end of file
// means it is going away, and reap() will say how; anything else is not the protocol.
void Supervisor::read_ticks_done(size_t i) {
  Child* c = &children_[i];
  ControlFrame frame;
  const ControlChannel::Got got = c->control.next(&frame, true);
  if (got == ControlChannel::Got::kNeedMore) return;
  if (got != ControlChannel::Got::kFrame || frame.type != ControlType::kTicksDone) {
    if (got != ControlChannel::Got::kEnd) note_bad_control(i, got, frame);
    c->control.reset();
  }
  c->ticks_done = true;
}

// A control socket that carries anything but the protocol's next frame: one line, and the
// socket is closed (the machine then ends as one whose parent went away).
void Supervisor::note_bad_control(size_t i, ControlChannel::Got got, const ControlFrame& frame) {
  const std::string what = got == ControlChannel::Got::kBad
                               ? children_[i].control.error()
                               : "an unexpected " + control_type_name(static_cast<uint8_t>(frame.type)) + " frame";
  if (progress_) std::fputs("\r\033[K", stderr);
  std::fprintf(stderr, "logical_clock: control socket of machine %zu: %s\n", i, what.c_str());
}

// The end barrier: no machine starts its drain (byes, shutdowns, a burst of work for every
// listener) while another may still tick. Once every machine has said ticks_done (its ticks are done,
// or it left) or has gone, every machine hears go; a late machine is waited for however late,
// and one that makes no progress is killed (judge_progress), which lets the others go. After a
// signal the machines drain on their SIGTERM instead.
void Supervisor::release_drain() {
  if (drain_released_) return;
  bool all = true;
  for (const Child& c : children_) all = all && (c.ticks_done || c.reaped);
  if (!all) return;
  drain_released_ = true;
  ControlFrame go;
  go.type = ControlType::kGo;
  for (Child& c : children_)
    if (c.control.valid() && !c.reaped) (void)c.control.send(go, "control socket");
}

int Supervisor::next_wait_ms() const {
  const int64_t end = clock_->mono_ns_at_us(plan_.options.duration_us);
  int64_t due = judging() ? monotonic_ns() + int64_t{kJudgeMs} * 1'000'000 : end;
  const std::vector<Options::Kill>& kills = plan_.options.kills;
  for (size_t i = 0; i < kills.size(); ++i)
    if (!killed_[i]) due = std::min(due, clock_->mono_ns_at_us(kills[i].at_us));
  int64_t wait = std::max<int64_t>(0, (due - monotonic_ns() + 999'999) / 1'000'000);
  if (progress_) wait = std::min<int64_t>(wait, kProgressMs);
  return static_cast<int>(std::min<int64_t>(wait, 60'000));
}

// From the run's end, or its stop, on: every machine must finish, so one that makes no
// progress holds the others up. Before, a stopped machine only delays its own ticks.
bool Supervisor::judging() const {
  return stop_requested_ns_ > 0 || monotonic_ns() >= clock_->mono_ns_at_us(plan_.options.duration_us);
}

// Samples every live machine's heartbeat and scheduling; kills one that makes no progress
// (ProgressJudge), naming it. Its connections then end, and its peers carry on without it.
void Supervisor::judge_progress() {
  const int64_t now = monotonic_ns();
  for (size_t i = 0; i < children_.size(); ++i) {
    Child& c = children_[i];
    if (c.reaped || (c.pid <= 0 && !c.remote) || c.stall_killed) continue;
    ProgressJudge::Sample sample;
    sample.at_ns = now;
    sample.beats = stats_[static_cast<int>(i)].beats.load(std::memory_order_relaxed);
    SchedStat sched;
    if (c.remote) {
      // Its host's word, as of its last counters: a host that says nothing (a cut network)
      // makes no progress in this view.
      sample.sched_known = c.far.waited_ns() >= 0;
      sample.waited_ns = c.far.waited_ns();
    } else if (read_sched_stat(c.pid, &sched).is_ok()) {
      sample.sched_known = true;
      sample.waited_ns = sched.waited_ns;
    }
    if (!c.judge.observe(sample)) continue;
    c.stall_killed = true;
    c.failure = "machine " + std::to_string(i) + " (" + c.where + ") made no progress for " +
                std::to_string(kStallNs / 1'000'000'000) + " s (stopped or hung" +
                (c.remote ? ", or its host unreachable" : "") + "); killed it";
    if (progress_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "logical_clock: %s\n", c.failure.c_str());
    signal(&c, SIGKILL);
    if (c.remote) give_up_remote(i);
  }
}

// Late ticks at a high speed carry model time far past the duration: a run whose model time
// reaches half of what a log can hold (kMaxModelSeconds) is stopped as a signal would stop
// it, so that the drain's last rows still fit.
void Supervisor::stop_at_model_limit() {
  constexpr int64_t kLimitUs = kMaxModelSeconds / 2 * 1'000'000;
  if (stop_requested_ns_ > 0 || clock_->model_us(monotonic_ns()) < kLimitUs) return;
  if (progress_) std::fputs("\r\033[K", stderr);
  std::fprintf(stderr, "logical_clock: model time passed %lld s, half of what a log can hold; stopping the run\n",
               static_cast<long long>(kMaxModelSeconds / 2));
  signals_.add();
}

// --kill ID@S: SIGKILL to machine ID once model time S has come.
void Supervisor::fire_kills() {
  const std::vector<Options::Kill>& kills = plan_.options.kills;
  for (size_t i = 0; i < kills.size(); ++i) {
    if (killed_[i] || monotonic_ns() < clock_->mono_ns_at_us(kills[i].at_us))
      continue;
    killed_[i] = true;
    Child& c = children_[static_cast<size_t>(kills[i].machine)];
    if (c.reaped) continue;
    signal(&c, SIGKILL);
    if (progress_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "logical_clock: --kill: killed machine %d at model time %.3f s\n",
                 kills[i].machine, static_cast<double>(kills[i].at_us) / 1e6);
  }
}

void Supervisor::supervise() {
  killed_.assign(plan_.options.kills.size(), false);
  std::vector<pollfd> fds;
  while (!all_reaped()) {
    fds.assign(1, pollfd{signals_.wake_fd(), POLLIN, 0});
    for (const Child& c : children_)
      fds.push_back(pollfd{(c.ticks_done && !c.remote) || !c.control.valid() ? -1 : c.control.get(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), next_wait_ms()) > 0 && fds[0].revents) signals_.drain();
    ControlFrame frame;
    for (size_t i = 0; i < children_.size(); ++i) {
      if (!fds[i + 1].revents) continue;
      if (children_[i].remote) {
        (void)read_remote(i, &frame);
      } else {
        read_ticks_done(i);
      }
    }
    release_drain();
    fire_kills();
    if (judging()) judge_progress();
    stop_at_model_limit();
    const int stops = signals_.count();
    if (stops > stops_seen_) {
      // The first stop ends the ticks, the second the drain (one SIGTERM per machine each);
      // a third kills whatever is left.
      if (outcome_.stopped_at_us < 0) {
        stop_requested_ns_ = monotonic_ns();
        outcome_.stopped_at_us = std::max<int64_t>(0, clock_->model_us(stop_requested_ns_));
      }
      for (int k = stops_seen_; k < stops; ++k) signal_all(k < 2 ? SIGTERM : SIGKILL);
      stops_seen_ = stops;
    }
    reap();
    if (progress_) show_progress(false);
  }
  if (progress_) show_progress(true);
}

void Supervisor::show_progress(bool last) {
  if (last) {
    std::fputs("\r\033[K", stderr);
    return;
  }
  const Options& o = plan_.options;
  double model_s = static_cast<double>(clock_->model_us(monotonic_ns())) / 1e6;
  const double total_s = static_cast<double>(o.duration_us) / 1e6;
  if (model_s > total_s) model_s = total_s;
  if (model_s < 0) model_s = 0;
  long long events = 0, messages = 0, held = 0;
  for (int i = 0; i < o.machines; ++i) {
    events += stats_[i].ticks.load(std::memory_order_relaxed);
    messages += stats_[i].sent.load(std::memory_order_relaxed);
    held += stats_[i].held.load(std::memory_order_relaxed);
  }
  // Held messages outlast the duration by up to their delay: the line says what is waited for.
  const std::string holding = held > 0 ? "  " + std::to_string(held) + " held" : "";
  std::fprintf(stderr, "\r\033[Klogical_clock: model time %.1f / %.6g s  %lld events  %lld messages%s%s",
               model_s, total_s, events, messages, holding.c_str(), stops_seen_ > 0 ? "  (stopping)" : "");
}

int Supervisor::run() {
  std::vector<Fd> listeners;
  Status s = prepare(&listeners);
  if (s.is_ok()) s = spawn(&listeners);
  if (!s.is_ok()) {
    std::fprintf(stderr, "logical_clock: %s\n", s.message().c_str());
    signal_all(SIGTERM);
    for (Child& c : children_)
      if (c.pid > 0) ::waitpid(c.pid, nullptr, 0);
    return 1;
  }
  bool started = wait_ready();
  if (started) {
    s = start_all();
    if (!s.is_ok()) {
      std::fprintf(stderr, "logical_clock: %s\n", s.message().c_str());
      started = false;
    }
  }
  if (!started) {
    // Nothing ticked yet: stop every machine and report why. A machine that said it was ready
    // waits for the start whatever signals come; the end of its control socket releases it.
    // With nothing to drain they end at once; one that does not (stopped with SIGSTOP, say)
    // is killed after a grace period, or at once on a third stop signal.
    signal_all(SIGTERM);
    for (Child& c : children_) c.control.reset();
    // A remote machine's host stops it when its connection ends: nothing more comes of it.
    for (size_t i = 0; i < children_.size(); ++i)
      if (children_[i].remote && !children_[i].reaped) end_remote(i, "the run was given up before its start");
    bool killed = false;
    while (!all_reaped()) {
      wait_readable(signals_.wake_fd(), kJudgeMs);
      signals_.drain();
      reap();
      judge_progress();
      if (killed || signals_.count() < 3) continue;
      killed = true;  // a third signal: no more waiting
      for (size_t i = 0; i < children_.size(); ++i) {
        if (children_[i].reaped || children_[i].pid <= 0) continue;
        std::fprintf(stderr, "logical_clock: machine %zu did not end when the run was given up before its start; killing it\n", i);
        ::kill(children_[i].pid, SIGKILL);
      }
    }
    for (size_t i = 0; i < children_.size(); ++i) {
      Child& c = children_[i];
      if (!c.ended_unready || !c.failure.empty()) continue;
      c.failure = "machine " + std::to_string(i) + " (" + c.where + ") ended before the run started (a signal of its own?)";
      std::fprintf(stderr, "logical_clock: %s\n", c.failure.c_str());
    }
    if (failures() == 0)
      std::fprintf(stderr, "logical_clock: stopped before the machines started; nothing was logged\n");
    return 1;
  }
  progress_ = !plan_.options.quiet && ::isatty(STDERR_FILENO);
  supervise();
  gather_outcome();
  count_losses(plan_, &outcome_);
  s = run_file_.commit(plan_.dir + "/run.txt", run_file_text(plan_, outcome_));
  if (!s.is_ok()) std::fprintf(stderr, "logical_clock: %s\n", s.message().c_str());
  print_summary(plan_, outcome_);
  return failures() > 0 ? 1 : 0;
}

}  // namespace

int run_supervisor(const Options& options, MachineLauncher* remote) {
  Supervisor supervisor(options, remote);
  return supervisor.run();
}

}  // namespace lc
