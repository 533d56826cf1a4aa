#include "logical_clock/cluster/cluster_host.h"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include "logical_clock/base/file_io.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/cli/run_dir.h"
#include "logical_clock/cli/run_plan.h"
#include "logical_clock/cluster/cluster_file.h"
#include "logical_clock/cluster/cluster_key.h"
#include "logical_clock/cluster/run_params.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/real/control_channel.h"
#include "logical_clock/real/handshake_io.h"
#include "logical_clock/real/machine_process.h"
#include "logical_clock/real/shared_stats.h"
#include "logical_clock/real/stop_signals.h"

namespace lc {

namespace {

constexpr int kCountersMs = 250;

// One of this host's machines.
struct Local {
  int id = 0;
  Fd listen;
  ControlChannel up;    // to the coordinator
  ControlChannel down;  // to the machine's process
  pid_t pid = -1;
  bool reaped = false;
  bool failed = false;
  bool delivered = false;     // its log and its end reached the coordinator
  std::string why;            // how it failed
  int64_t coordinator_start_ns = 0;  // the coordinator's CLOCK_MONOTONIC at the start
  Fd log;                 // its log, read as it grows
  uint64_t log_sent = 0;  // bytes of it the coordinator has
};

class ClusterHost {
 public:
  explicit ClusterHost(const Options& options) : host_options_(options) {}
  int run();

 private:
  Status prepare();
  Status join(Local* m);
  Status await_params();
  Status fork_all();
  void relay();
  void from_coordinator(Local* m, bool readable);
  void from_machine(Local* m, bool readable);
  void coordinator_gone(Local* m, const std::string& why);
  void send_counters(Local* m);
  Status stream_log(Local* m, uint64_t budget);
  void finish(Local* m);
  void reap();
  bool stopped() const { return signals_.count() > 0; }
  void say(const std::string& line) const { std::fprintf(stderr, "logical_clock: %s\n", line.c_str()); }

  Options host_options_;
  ClusterFile file_;
  ClusterKey key_{};
  RunPlan plan_;
  SharedStats stats_;
  std::vector<Local> locals_;
  StopSignals signals_;
  int stops_seen_ = 0;
};

Status ClusterHost::prepare() {
  Status s = signals_.install();
  if (s.is_ok()) s = ClusterFile::load(host_options_.cluster, &file_);
  if (s.is_ok()) s = load_key(file_.key_path, &key_);
  if (!s.is_ok()) return s;
  // Every address first: one that is not this host's is named before anything waits.
  for (int id : host_options_.cluster_ids) {
    Local m;
    m.id = id;
    s = listen_endpoint(file_.machines[static_cast<size_t>(id)], &m.listen);
    if (!s.is_ok())
      return Status::error("machine " + std::to_string(id) + " cannot listen at " +
                           file_.machines[static_cast<size_t>(id)].text + ": " + s.message());
    locals_.push_back(std::move(m));
  }
  return Status::ok();
}

// Connects machine m to the coordinator: the handshake, then its hello. Retried until the
// coordinator answers, kCoordinatorWaitSeconds at most.
Status ClusterHost::join(Local* m) {
  const Endpoint& self = file_.machines[static_cast<size_t>(m->id)];
  const int64_t deadline = monotonic_ns() + int64_t{kCoordinatorWaitSeconds} * 1'000'000'000;
  bool told = false;
  for (;;) {
    Fd fd;
    Status s = connect_endpoint(file_.coordinator, &self, 2000, &fd);
    if (s.is_ok()) s = set_cluster_socket_options(fd.get());
    if (s.is_ok()) {
      const HandshakeClaim claim{HandshakeChannel::kControl, static_cast<uint32_t>(m->id), kCoordinatorId, 0};
      s = handshake_as_connector(fd.get(), key_, claim, monotonic_ns() + 10'000'000'000);
    }
    if (s.is_ok()) s = set_blocking(fd.get(), true);
    if (s.is_ok()) {
      m->up = ControlChannel(std::move(fd));
      ControlFrame hello;
      hello.type = ControlType::kHello;
      hello.id = static_cast<uint32_t>(m->id);
      return m->up.send(hello, "the coordinator");
    }
    if (monotonic_ns() >= deadline)
      return Status::error("machine " + std::to_string(m->id) + ": the coordinator at " + file_.coordinator.text +
                           " did not let it in within " + std::to_string(kCoordinatorWaitSeconds) + " s: " + s.message());
    if (!told) {
      say("machine " + std::to_string(m->id) + ": waiting for the coordinator at " + file_.coordinator.text + " (" +
          s.message() + "); up to " + std::to_string(kCoordinatorWaitSeconds) + " s");
      told = true;
    }
    wait_readable(signals_.wake_fd(), 500);
    signals_.drain();
    if (stopped()) return Status::error("stopped while waiting for the coordinator");
  }
}

// Every machine's params, the same run for all; then the plan and the run directory.
Status ClusterHost::await_params() {
  std::string text;
  size_t have = 0;
  std::vector<bool> got(locals_.size(), false);
  std::vector<pollfd> fds;
  while (have < locals_.size()) {
    fds.assign(1, pollfd{signals_.wake_fd(), POLLIN, 0});
    for (const Local& m : locals_) fds.push_back(pollfd{m.up.get(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), 1000) < 0 && errno != EINTR) return Status::from_errno("poll", errno);
    if (fds[0].revents) signals_.drain();
    if (stopped()) return Status::error("stopped while waiting for the run's parameters");
    for (size_t i = 0; i < locals_.size(); ++i) {
      if (got[i] || !fds[i + 1].revents) continue;
      ControlFrame f;
      const ControlChannel::Got g = locals_[i].up.next(&f, true);
      if (g == ControlChannel::Got::kNeedMore) continue;
      const std::string who = "machine " + std::to_string(locals_[i].id) + ": ";
      if (g == ControlChannel::Got::kEnd) return Status::error(who + "the coordinator closed its connection before the run");
      if (g == ControlChannel::Got::kBad) return Status::error(who + "control connection: " + locals_[i].up.error());
      if (f.type != ControlType::kParams)
        return Status::error(who + "the coordinator sent a " + control_type_name(static_cast<uint8_t>(f.type)) +
                             " frame before the run's parameters");
      if (have > 0 && f.text != text) return Status::error(who + "the coordinator handed out two runs' parameters");
      text = f.text;
      got[i] = true;
      ++have;
    }
  }
  Options o;
  std::string addresses;
  Status s = parse_params(text, &o, &plan_.run_id, &plan_.secret, &addresses);
  if (!s.is_ok()) return s;
  if (o.machines != static_cast<int>(file_.machines.size()))
    return Status::error("the coordinator's run has " + std::to_string(o.machines) + " machines; " +
                         host_options_.cluster + " lists " + std::to_string(file_.machines.size()));
  if (addresses != file_.addresses_digest())
    return Status::error(host_options_.cluster + " lists other addresses than the coordinator's cluster file (a "
                         "coordinator or machine line differs): give every host the same file");
  o.out_dir = host_options_.out_dir;
  o.force = host_options_.force;
  o.quiet = true;
  plan_.options = o;
  plan_.seed = o.seed;
  plan_.rates = machine_rates(o);
  plan_.endpoints = file_.machines;
  plan_.key = key_;
  s = raise_open_file_limit(2 * static_cast<uint64_t>(o.machines) + 256 + 64, std::to_string(o.machines) + " machines");
  if (!s.is_ok()) return s;
  s = o.out_dir.empty() ? make_default_run_dir("runs", &plan_.dir) : make_out_dir(o.out_dir, o.force);
  if (!o.out_dir.empty()) plan_.dir = o.out_dir;
  if (!s.is_ok()) return s;
  return stats_.create(o.machines);
}

Status ClusterHost::fork_all() {
  HoldSignalsForFork hold;
  Status s;
  for (size_t i = 0; i < locals_.size() && s.is_ok(); ++i) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
      s = Status::from_errno("socketpair", errno);
      break;
    }
    Fd host_end(pair[0]), machine_end(pair[1]);
    const pid_t pid = ::fork();
    if (pid < 0) {
      s = Status::from_errno("fork machine " + std::to_string(locals_[i].id), errno);
      break;
    }
    if (pid == 0) {
      // The machine keeps its listener and its end of the pair, nothing else of the host's.
      host_end.reset();
      signals_.leave_in_child();
      for (size_t j = 0; j < locals_.size(); ++j) {
        locals_[j].up.reset();
        locals_[j].down.reset();
        if (j != i) locals_[j].listen.reset();
      }
      ::_exit(run_machine(plan_, locals_[i].id, std::move(locals_[i].listen), std::move(machine_end), &stats_));
    }
    locals_[i].pid = pid;
    locals_[i].listen.reset();
    locals_[i].down = ControlChannel(std::move(host_end));
  }
  return s;
}

void ClusterHost::send_counters(Local* m) {
  if (!m->up.valid()) return;
  ControlFrame f;
  f.type = ControlType::kCounters;
  f.counters = read_counters(stats_, m->id, plan_.options.machines);
  SchedStat sched;
  if (!m->reaped && read_sched_stat(m->pid, &sched).is_ok()) f.counters.waited_ns = sched.waited_ns;
  // Instants on this host's monotonic clock, told as the coordinator's.
  const int64_t start = stats_[m->id].start_mono_ns.load(std::memory_order_relaxed);
  const auto told = [&](int64_t at) { return at >= 0 && start > 0 ? at - start + m->coordinator_start_ns : -1; };
  for (ChannelCounters& ch : f.counters.channels) {
    ch.dropped_at_ns = told(ch.dropped_at_ns);
    ch.down_at_ns = told(ch.down_at_ns);
  }
  if (!m->up.send(f, "the coordinator").is_ok()) coordinator_gone(m, "its connection failed");
}

void ClusterHost::coordinator_gone(Local* m, const std::string& why) {
  if (!m->up.valid()) return;
  m->up.reset();
  say("machine " + std::to_string(m->id) + ": the coordinator is gone (" + why + "); stopping it, its log stays in " +
      plan_.dir);
  if (!m->reaped && m->pid > 0) ::kill(m->pid, SIGTERM);
}

void ClusterHost::from_coordinator(Local* m, bool readable) {
  for (;;) {
    ControlFrame f;
    const ControlChannel::Got g = m->up.next(&f, readable);
    readable = false;
    if (g == ControlChannel::Got::kNeedMore) return;
    if (g != ControlChannel::Got::kFrame) {
      coordinator_gone(m, g == ControlChannel::Got::kEnd ? "it closed the connection" : m->up.error());
      return;
    }
    switch (f.type) {
      case ControlType::kStart:
        m->coordinator_start_ns = f.monotonic_ns;
        f.monotonic_ns = 0;  // not this host's clock: the machine reads the realtime instant
        [[fallthrough]];
      case ControlType::kGo:
      case ControlType::kGone:
      case ControlType::kClockReply:
        if (m->down.valid()) (void)m->down.send(f, "machine " + std::to_string(m->id));
        break;
      case ControlType::kStop:
        if (!m->reaped && m->pid > 0) ::kill(m->pid, f.how == StopHow::kKill ? SIGKILL : SIGTERM);
        break;
      default:
        coordinator_gone(m, "it sent a " + control_type_name(static_cast<uint8_t>(f.type)) + " frame mid-run");
        return;
    }
  }
}

void ClusterHost::from_machine(Local* m, bool readable) {
  for (;;) {
    ControlFrame f;
    const ControlChannel::Got g = m->down.next(&f, readable);
    readable = false;
    if (g == ControlChannel::Got::kNeedMore) return;
    if (g != ControlChannel::Got::kFrame) {
      m->down.reset();  // it is ending: reap() will say how
      return;
    }
    if (f.type == ControlType::kReady || f.type == ControlType::kTicksDone || f.type == ControlType::kClockProbe) {
      if (m->up.valid() && !m->up.send(f, "the coordinator").is_ok()) coordinator_gone(m, "its connection failed");
    } else {
      m->down.reset();
    }
  }
}

// Sends what its log has grown by since the last call, at most `budget` bytes (the rest next
// time): the coordinator holds a copy as the run goes, so a host that vanishes leaves it the
// log up to its last moments, as a machine that dies leaves its own.
Status ClusterHost::stream_log(Local* m, uint64_t budget) {
  if (!m->up.valid()) return Status::ok();
  const std::string path = plan_.dir + "/" + log_file_name(m->id, plan_.rates[static_cast<size_t>(m->id)]);
  if (!m->log.valid() && !open_for_reading(path, &m->log).is_ok()) return Status::ok();  // not made yet
  ControlFrame chunk;
  chunk.type = ControlType::kLogData;
  std::string buf(kMaxLogChunk, '\0');
  for (uint64_t sent = 0; sent < budget;) {
    size_t got = 0;
    Status s = read_file_some(m->log.get(), buf.data(), buf.size(), &got, path);
    if (!s.is_ok() || got == 0) return s;
    chunk.offset = m->log_sent;
    chunk.text.assign(buf.data(), got);
    s = m->up.send(chunk, "the coordinator");
    if (!s.is_ok()) return s;
    m->log_sent += got;
    sent += got;
  }
  return Status::ok();
}

// After a machine's end: its last counters, the rest of its log, how it ended, and a bye.
void ClusterHost::finish(Local* m) {
  send_counters(m);
  if (!m->up.valid()) return;
  Status s = stream_log(m, UINT64_MAX);
  if (s.is_ok() && m->log.valid()) {
    ControlFrame end;
    end.type = ControlType::kLogEnd;
    end.offset = m->log_sent;
    s = m->up.send(end, "the coordinator");
  }
  ControlFrame ended;
  ended.type = ControlType::kEnded;
  ended.failed = m->failed || !s.is_ok();
  ended.text = !s.is_ok() ? "its log could not be sent: " + s.message() : m->why;
  if (s.is_ok()) s = m->up.send(ended, "the coordinator");
  ControlFrame bye;
  bye.type = ControlType::kBye;
  if (s.is_ok()) s = m->up.send(bye, "the coordinator");
  if (!s.is_ok()) say("machine " + std::to_string(m->id) + ": " + s.message() + "; its log stays in " + plan_.dir);
  m->delivered = s.is_ok();
  m->up.reset();
}

void ClusterHost::reap() {
  for (Local& m : locals_) {
    if (m.reaped || m.pid <= 0) continue;
    if (!reap_child(m.pid, "machine " + std::to_string(m.id) + " (pid " + std::to_string(m.pid) + ")", &m.why)) continue;
    m.reaped = true;
    // The coordinator is told the cause, which is on this host's terminal only.
    const std::string cause = failure_text(stats_[m.id]);
    if (!m.why.empty() && !cause.empty()) m.why += ": " + cause;
    m.failed = !m.why.empty();
    if (m.failed) say(m.why);
    finish(&m);
  }
}

void ClusterHost::relay() {
  std::vector<pollfd> fds;
  int64_t next_counters = monotonic_ns();
  for (;;) {
    bool live = false;
    for (const Local& m : locals_) live = live || !m.reaped;
    if (!live) return;
    fds.assign(1, pollfd{signals_.wake_fd(), POLLIN, 0});
    for (const Local& m : locals_) {
      fds.push_back(pollfd{m.up.valid() ? m.up.get() : -1, POLLIN, 0});
      fds.push_back(pollfd{m.down.valid() ? m.down.get() : -1, POLLIN, 0});
    }
    const int64_t wait_ms = std::max<int64_t>(0, (next_counters - monotonic_ns()) / 1'000'000 + 1);
    if (::poll(fds.data(), fds.size(), static_cast<int>(wait_ms)) > 0 && fds[0].revents) signals_.drain();
    for (size_t i = 0; i < locals_.size(); ++i) {
      Local& m = locals_[i];
      if (fds[2 * i + 2].revents && m.down.valid()) from_machine(&m, true);
      if (fds[2 * i + 1].revents && m.up.valid()) from_coordinator(&m, true);
    }
    const int stops = signals_.count();
    for (; stops_seen_ < stops; ++stops_seen_)
      for (Local& m : locals_)
        if (!m.reaped && m.pid > 0) ::kill(m.pid, stops_seen_ < 2 ? SIGTERM : SIGKILL);
    reap();
    if (monotonic_ns() >= next_counters) {
      for (Local& m : locals_) {
        if (m.reaped) continue;
        send_counters(&m);
        // At most 4 MiB a machine each time, so that a fast log never keeps the relay from the rest.
        if (Status st = stream_log(&m, uint64_t{4} << 20); !st.is_ok()) coordinator_gone(&m, st.message());
      }
      next_counters = monotonic_ns() + int64_t{kCountersMs} * 1'000'000;
    }
  }
}

int ClusterHost::run() {
  Status s = prepare();
  for (size_t i = 0; s.is_ok() && i < locals_.size(); ++i) s = join(&locals_[i]);
  if (s.is_ok()) s = await_params();
  if (s.is_ok()) s = fork_all();
  if (!s.is_ok()) {
    say(s.message());
    for (Local& m : locals_)
      if (m.pid > 0) ::kill(m.pid, SIGTERM);
    for (Local& m : locals_)
      if (m.pid > 0) ::waitpid(m.pid, nullptr, 0);
    return 1;
  }
  std::string ids;
  for (const Local& m : locals_) ids += (ids.empty() ? "" : ",") + std::to_string(m.id);
  char run[17];
  std::snprintf(run, sizeof run, "%016llx", static_cast<unsigned long long>(plan_.run_id));
  say((locals_.size() == 1 ? "machine " : "machines ") + ids + " of run " + run + ": logs in " + plan_.dir);
  relay();
  int failed = 0;
  for (const Local& m : locals_) failed += m.failed || !m.delivered ? 1 : 0;
  return failed > 0 ? 1 : 0;
}

}  // namespace

int run_cluster_host(const Options& options) {
  ClusterHost host(options);
  return host.run();
}

}  // namespace lc
