#include "logical_clock/machine_process.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>

#include "logical_clock/event_log.h"
#include "logical_clock/listener.h"
#include "logical_clock/machine.h"
#include "logical_clock/message_queue.h"
#include "logical_clock/run_dir.h"
#include "logical_clock/sys.h"
#include "logical_clock/tick_schedule.h"

namespace lc {

namespace {

// The signal handler's only state: how many SIGTERMs arrived, and the eventfd it pokes so
// that a wait that began just before the signal still wakes at once.
volatile sig_atomic_t g_terms = 0;
int g_wake_fd = -1;

void on_term(int) {
  g_terms = g_terms + 1;
  if (g_wake_fd >= 0) eventfd_signal(g_wake_fd);
}

constexpr int kConnectTimeoutMs = 10'000;
constexpr int kReadyTimeoutMs = 60'000;

std::string format_double(double v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

std::string format_seconds(int64_t micros) {
  std::string s;
  append_micros(&s, micros);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// One outgoing connection: this machine's sending side towards one peer.
struct PeerLink {
  Fd fd;
  std::string out;  // bytes the socket would not take yet
  bool up = false;
};

class MachineRunner {
 public:
  MachineRunner(const RunPlan& plan, int id, Fd control, MachineStats* stats)
      : plan_(plan),
        id_(id),
        machines_(plan.options.machines),
        rate_(plan.rates[static_cast<size_t>(id)]),
        control_(std::move(control)),
        stats_(stats),
        links_(static_cast<size_t>(machines_)),
        log_(id, machines_),
        machine_(id, machines_, plan.options.internal_max, plan.seed) {}

  int run(Fd listen_fd);

 private:
  Status start_up(Fd listen_fd, StartTime* start);
  Status run_ticks(const TickSchedule& schedule);
  void tick(const TickSchedule& schedule);
  void send(int peer, const char* frame, size_t len);
  bool flush_link(int peer);
  Status finish_sending();
  void drain(const TickSchedule& schedule);
  // Waits for `events` on fd until deadline_ns (-1: none). kInterrupted once `stop_at`
  // SIGTERMs have come: 1 while starting and ticking, 2 while draining.
  WaitResult wait_for(int fd, int64_t deadline_ns, int stop_at, short events = POLLIN);
  void fail_link(int peer, const std::string& why);
  std::string who() const { return "machine " + std::to_string(id_); }

  const RunPlan& plan_;
  int id_;
  int machines_;
  int rate_;
  Fd control_;
  MachineStats* stats_;
  MessageQueue queue_;
  std::unique_ptr<Listener> listener_;
  std::vector<PeerLink> links_;
  int links_backlogged_ = 0;
  EventLog log_;
  Machine machine_;
  Fd wake_;
  Fd timer_;
  int64_t ticks_ = 0, internal_ = 0, sent_ = 0, received_ = 0;
};

WaitResult MachineRunner::wait_for(int fd, int64_t deadline_ns, int stop_at, short events) {
  for (;;) {
    if (g_terms >= stop_at) return WaitResult::kInterrupted;
    pollfd fds[2] = {{fd, events, 0}, {wake_.get(), POLLIN, 0}};
    int timeout = -1;
    if (deadline_ns >= 0) {
      const int64_t left = deadline_ns - monotonic_ns();
      if (left <= 0) return WaitResult::kTimeout;
      timeout = static_cast<int>((left + 999'999) / 1'000'000);
    }
    const int n = ::poll(fds, 2, timeout);
    if (n < 0 && errno != EINTR) return WaitResult::kError;
    if (n > 0 && fds[1].revents) eventfd_drain(wake_.get());
    if (n > 0 && fds[0].revents) return WaitResult::kReady;
  }
}

Status MachineRunner::start_up(Fd listen_fd, StartTime* start) {
  Status s = make_eventfd(&wake_);
  if (s.is_ok()) s = make_timerfd(&timer_);
  if (!s.is_ok()) return s;
  g_wake_fd = wake_.get();
  s = log_.open(plan_.dir + "/" + log_file_name(id_, rate_));
  if (!s.is_ok()) return s;

  ListenerConfig config;
  config.self = id_;
  config.machines = machines_;
  config.secret = plan_.secret;
  listener_ = std::make_unique<Listener>(config, std::move(listen_fd), &queue_);
  s = listener_->start();
  if (!s.is_ok()) return s;

  for (int peer = 0; peer < machines_; ++peer) {
    if (peer == id_) continue;
    PeerLink& link = links_[static_cast<size_t>(peer)];
    s = connect_loopback(plan_.ports[static_cast<size_t>(peer)], kConnectTimeoutMs, &link.fd);
    if (!s.is_ok()) return Status::error("machine " + std::to_string(peer) + ": " + s.message());
    link.up = true;
    std::string hello;
    encode_hello(Hello{plan_.secret, static_cast<uint32_t>(id_), static_cast<uint32_t>(peer)},
                 &hello);
    send(peer, hello.data(), hello.size());
    if (!link.up) return Status::error("hello to machine " + std::to_string(peer) + " failed");
  }

  const int64_t ready_deadline = monotonic_ns() + int64_t{kReadyTimeoutMs} * 1'000'000;
  WaitResult w = wait_for(listener_->connected_fd(), ready_deadline, 1);
  if (w == WaitResult::kTimeout) return Status::error("not every peer said hello within 60 s");
  if (w != WaitResult::kReady) return Status::ok();  // stopped during start-up

  const char ready = 'R';
  s = write_all(control_.get(), &ready, 1, "control socket");
  if (!s.is_ok()) return s;
  char buf[sizeof(StartTime)];
  size_t got = 0;
  while (got < sizeof buf) {
    w = wait_for(control_.get(), -1, 1);
    if (w != WaitResult::kReady) return Status::ok();
    const IoResult r = read_some(control_.get(), buf + got, sizeof buf - got);
    if (r.kind == IoResult::kEof) return Status::error("the parent process went away");
    if (r.kind == IoResult::kError) return Status::from_errno("read control socket", r.err);
    got += r.bytes;
  }
  std::memcpy(start, buf, sizeof *start);
  return Status::ok();
}

void MachineRunner::fail_link(int peer, const std::string& why) {
  PeerLink& link = links_[static_cast<size_t>(peer)];
  if (!link.up) return;
  link.up = false;
  if (!link.out.empty()) --links_backlogged_;
  link.out.clear();
  std::fprintf(stderr, "logical_clock: %s: sending to machine %d failed: %s\n", who().c_str(), peer,
               why.c_str());
}

void MachineRunner::send(int peer, const char* frame, size_t len) {
  PeerLink& link = links_[static_cast<size_t>(peer)];
  if (!link.up) return;
  if (!link.out.empty()) {
    link.out.append(frame, len);
    flush_link(peer);
    return;
  }
  const IoResult r = send_some(link.fd.get(), frame, len);
  if (r.kind == IoResult::kError) return fail_link(peer, std::strerror(r.err));
  const size_t done = r.kind == IoResult::kDone ? r.bytes : 0;
  if (done < len) {
    link.out.assign(frame + done, len - done);
    ++links_backlogged_;
  }
}

// Pushes a link's backlog out as far as the socket takes it; true when nothing is left.
bool MachineRunner::flush_link(int peer) {
  PeerLink& link = links_[static_cast<size_t>(peer)];
  if (!link.up || link.out.empty()) return true;
  const IoResult r = send_some(link.fd.get(), link.out.data(), link.out.size());
  if (r.kind == IoResult::kError) {
    fail_link(peer, std::strerror(r.err));
    return true;
  }
  if (r.kind == IoResult::kDone) link.out.erase(0, r.bytes);
  if (!link.out.empty()) return false;
  --links_backlogged_;
  return true;
}

void MachineRunner::tick(const TickSchedule& schedule) {
  const int64_t now = monotonic_ns();
  LogRow row;
  row.system_ns = realtime_ns();
  row.model_us = schedule.model_us(now);
  Message msg;
  size_t left = 0;
  if (queue_.pop(&msg, &left)) {
    const TickEvent e = machine_.receive(msg.sender, msg.clock);
    row.event = LogEvent::kReceive;
    row.clock = e.clock;
    row.peer = msg.sender;
    row.msg_clock = msg.clock;
    row.queue_wait_us = schedule.model_span_us(now - msg.arrival_ns);
    ++received_;
  } else {
    const TickEvent e = machine_.act();
    row.clock = e.clock;
    if (e.kind == TickEvent::kInternal) {
      ++internal_;
    } else {
      row.event = LogEvent::kSend;
      row.peer = e.peer;
      row.to_all = e.to_all;
      row.msg_clock = e.msg_clock;
      char frame[kMessageFrameSize];
      encode_message(MessageFrame{static_cast<uint32_t>(id_), e.msg_clock}, frame);
      for (int peer = 0; peer < machines_; ++peer) {
        if (peer == id_ || (!e.to_all && peer != e.peer)) continue;
        send(peer, frame, sizeof frame);
        ++sent_;
      }
    }
  }
  row.queue = left;
  log_.add(row, now);
  ++ticks_;
  if (links_backlogged_ > 0)
    for (int peer = 0; peer < machines_; ++peer) flush_link(peer);
  stats_->ticks.store(ticks_, std::memory_order_relaxed);
  stats_->internal.store(internal_, std::memory_order_relaxed);
  stats_->sent.store(sent_, std::memory_order_relaxed);
  stats_->received.store(received_, std::memory_order_relaxed);
  stats_->clock.store(static_cast<int64_t>(machine_.clock()), std::memory_order_relaxed);
}

Status MachineRunner::run_ticks(const TickSchedule& schedule) {
  const int64_t total = schedule.total_ticks();
  for (int64_t k = 1; k <= total && g_terms == 0; ++k) {
    const int64_t due = schedule.due_ns(k);
    if (monotonic_ns() < due) {
      Status s = timerfd_arm_at(timer_.get(), due);
      if (!s.is_ok()) return s;
      const WaitResult w = wait_for(timer_.get(), -1, 1);
      if (w == WaitResult::kInterrupted) break;
      if (w == WaitResult::kError) return Status::from_errno("poll", errno);
      // No read of the expiry count: the next timerfd_settime resets it.
    }
    tick(schedule);
    if (!log_.status().is_ok()) return log_.status();
  }
  return Status::ok();
}

// Sends out every backlogged byte, then closes the sending side of every link.
Status MachineRunner::finish_sending() {
  for (int peer = 0; peer < machines_; ++peer) {
    while (!flush_link(peer)) {
      const WaitResult w = wait_for(links_[static_cast<size_t>(peer)].fd.get(), -1, 2, POLLOUT);
      if (w == WaitResult::kInterrupted) return Status::ok();
      if (w == WaitResult::kError) return Status::from_errno("poll", errno);
    }
  }
  for (PeerLink& link : links_)
    if (link.up) ::shutdown(link.fd.get(), SHUT_WR);
  return Status::ok();
}

// Waits for every peer to close (nothing left in flight), then logs what is still queued.
void MachineRunner::drain(const TickSchedule& schedule) {
  // A second SIGTERM ends the wait: what is in flight then is not logged, the rest is.
  wait_for(listener_->done_fd(), -1, 2);
  listener_->stop();
  listener_->join();
  std::vector<Message> pending = queue_.take_all();
  size_t left = pending.size();
  for (const Message& m : pending) {
    const int64_t now = monotonic_ns();
    LogRow row;
    row.system_ns = realtime_ns();
    row.model_us = schedule.model_us(now);
    row.event = LogEvent::kPending;
    row.clock = machine_.clock();
    row.queue = --left;
    row.peer = m.sender;
    row.msg_clock = m.clock;
    row.queue_wait_us = schedule.model_span_us(now - m.arrival_ns);
    log_.add(row, now);
  }
  stats_->pending.store(static_cast<int64_t>(pending.size()), std::memory_order_relaxed);
  stats_->peak_queue.store(static_cast<int64_t>(queue_.peak()), std::memory_order_relaxed);
}

int MachineRunner::run(Fd listen_fd) {
  StartTime start;
  Status s = start_up(std::move(listen_fd), &start);
  if (!s.is_ok()) {
    std::fprintf(stderr, "logical_clock: %s: %s\n", who().c_str(), s.message().c_str());
    return 1;
  }
  if (start.monotonic_ns == 0) return 0;  // stopped before the start: nothing to log

  const Options& o = plan_.options;
  std::string header = "# logical_clock machine=" + std::to_string(id_) +
                       " rate=" + std::to_string(rate_) + " machines=" + std::to_string(machines_) +
                       " seed=" + std::to_string(plan_.seed) + " speed=" + format_double(o.speed) +
                       " internal_max=" + std::to_string(o.internal_max) +
                       " duration=" + format_seconds(o.duration_us) + " start=";
  append_micros(&header, start.realtime_ns / 1000);
  header += " version=" LC_VERSION;
  log_.begin(header);

  const TickSchedule schedule(rate_, o.speed, o.duration_us, start.monotonic_ns);
  s = run_ticks(schedule);
  Status sending = finish_sending();
  drain(schedule);
  Status flushed = log_.flush();
  if (s.is_ok()) s = sending;
  if (s.is_ok()) s = flushed;
  if (!s.is_ok()) {
    std::fprintf(stderr, "logical_clock: %s: %s\n", who().c_str(), s.message().c_str());
    return 1;
  }
  if (!listener_->status().is_ok()) {
    std::fprintf(stderr, "logical_clock: %s: %s\n", who().c_str(),
                 listener_->status().message().c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int run_machine(const RunPlan& plan, int id, Fd listen_fd, Fd control_fd, MachineStats* stats) {
  // The parent's handlers are not ours: SIGINT (Ctrl-C to the group) is the parent's to
  // turn into one SIGTERM per machine; SIGTERM stops this machine; SIGPIPE never helps.
  struct sigaction sa {};
  sa.sa_handler = on_term;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGTERM, &sa, nullptr);
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGCHLD, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  MachineRunner runner(plan, id, std::move(control_fd), stats);
  return runner.run(std::move(listen_fd));
}

}  // namespace lc
