#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "logical_clock/base/sys.h"
#include "logical_clock/cli/run_dir.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/real/machine_process.h"
#include "supervisor_state.h"

namespace lc::supervision {

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

}  // namespace lc::supervision
