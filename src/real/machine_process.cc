#include "logical_clock/real/machine_process.h"

#include <poll.h>
#include <time.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "logical_clock/base/decimal.h"
#include "logical_clock/log/event_log.h"
#include "logical_clock/model/channel_delays.h"
#include "logical_clock/model/partition.h"
#include "logical_clock/real/control_channel.h"
#include "logical_clock/real/listener.h"
#include "logical_clock/real/message_queue.h"
#include "logical_clock/real/peer_links.h"
#include "logical_clock/step/machine_step.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/model/model_clock.h"
#include "logical_clock/model/tick_schedule.h"

namespace lc {

namespace {

// The signal handler's only state: how many SIGTERMs arrived, counted apart by source (the
// parent, which forwards a stop of the run, or anyone else), and the eventfd it pokes so that
// a wait that began just before the signal still wakes at once. g_terms, what the machine acts
// on, is the larger count: the first SIGTERM of either kind stops it, a second of one kind cuts
// its drain short. So a machine that left on a SIGTERM of its own still drains in full when
// the run is then stopped once: the parent's first SIGTERM is not its second.
volatile sig_atomic_t g_terms = 0;
volatile sig_atomic_t g_parent_terms = 0;
volatile sig_atomic_t g_other_terms = 0;
pid_t g_parent = 0;
int g_wake_fd = -1;

void on_term(int, siginfo_t* info, void*) {
  if (info != nullptr && info->si_code == SI_USER && info->si_pid == g_parent) {
    g_parent_terms = g_parent_terms + 1;
  } else {
    g_other_terms = g_other_terms + 1;
  }
  g_terms = g_parent_terms > g_other_terms ? g_parent_terms : g_other_terms;
  if (g_wake_fd >= 0) eventfd_signal(g_wake_fd);
}

constexpr int kConnectTimeoutMs = 10'000;
constexpr size_t kMaxStrangers = 256;  // beyond the peers
constexpr int64_t kStartupGraceNs = 1'000'000'000;
// No wait of a machine has a limit of its own past the start-up's connections: a peer that is
// slow is waited for, however long; the parent, which sees every machine's progress, kills
// one that makes none (ProgressJudge), and its connections then end as any dead peer's.
// A wait that only its fd (or its peers) can end, whatever SIGTERMs come.
constexpr int kNever = INT_MAX;

class MachineRunner {
 public:
  MachineRunner(const RunPlan& plan, int id, Fd control, SharedStats* shared)
      : plan_(plan),
        id_(id),
        machines_(plan.options.machines),
        rate_(plan.rates[static_cast<size_t>(id)]),
        control_(std::move(control)),
        shared_(shared),
        stats_(&(*shared)[id]),
        links_(id, machines_),
        step_(id, machines_, plan.options.internal_max, plan.seed, plan.options.vector) {
    const ChannelDelays delays(machines_, id, plan.seed, plan.options.latency, plan.options.links);
    if (!delays.none()) delays_.emplace(delays);
    partitions_ = Partitions(plan.options.partitions);
  }

  int run(Fd listen_fd);

 private:
  Status start_up(Fd listen_fd, StartTime* start);
  Status await_start(StartTime* start);
  bool stopping_anyway();
  HeaderLine header() const;
  Status run_ticks(const TickSchedule& schedule);
  Status await_drain();
  void note_stop();
  void tick();
  void notice_peers();
  void report_downs();
  // After each tick: one atomic load when nothing happened.
  void check_news() {
    if (listener_->news() != news_seen_) notice_peers();
    if (links_.has_downs()) report_downs();
  }
  Status drain();
  void give_up_held();
  void log_pending();
  void beat() { stats_->beats.fetch_add(1, std::memory_order_relaxed); }
  // Waits until one of `fds` is ready, deadline_ns passes (-1: no deadline), or `stop_at`
  // SIGTERMs have come (1 while starting and ticking, 2 while draining). Meanwhile it answers
  // peers that leave or go down and, with `flush_links`, keeps the backlogs moving.
  WaitResult wait_any(std::vector<pollfd>* fds, int64_t deadline_ns, int stop_at, bool flush_links);
  WaitResult wait_for(int fd, int64_t deadline_ns, int stop_at);
  Status wait_until(int64_t deadline_ns);
  std::string model_time_text(int64_t mono_ns) const;
  void say(const std::string& line) const {
    std::fprintf(stderr, "logical_clock: machine %d: %s\n", id_, line.c_str());
  }

  const RunPlan& plan_;
  int id_;
  int machines_;
  int rate_;
  ControlChannel control_;
  SharedStats* shared_;
  MachineStats* stats_;
  MessageQueue queue_;
  std::unique_ptr<Listener> listener_;
  PeerLinks links_;
  EventLog log_;
  MachineStep step_;
  std::optional<ModelClock> clock_;  // from the common start on
  bool ticking_ = false;
  int news_seen_ = 0;
  Fd wake_;
  Fd timer_;
  std::vector<pollfd> fds_;
  std::string frame_;  // a send's encoded message, the same for each receiver
  // --latency, --link: each message is held until its send's model time plus its channel's
  // draw. Empty when nothing is added: messages then go at once.
  std::optional<ChannelDelays> delays_;
  // --partition: a message due while a partition cuts its channel is held until the heal.
  Partitions partitions_;
};

WaitResult MachineRunner::wait_any(std::vector<pollfd>* fds, int64_t deadline_ns, int stop_at, bool flush_links) {
  const size_t own = fds->size();
  for (;;) {
    beat();
    if (listener_) stats_->hellos.store(listener_->hellos(), std::memory_order_relaxed);
    stats_->held.store(static_cast<int64_t>(links_.held()), std::memory_order_relaxed);
    if (g_terms >= stop_at) return WaitResult::kInterrupted;
    fds->resize(own);
    fds->push_back(pollfd{wake_.get(), POLLIN, 0});
    fds->push_back(pollfd{listener_ ? listener_->news_fd() : -1, POLLIN, 0});
    const int64_t now = monotonic_ns();
    if (flush_links) {
      links_.release_due(now);
      links_.add_pollfds(fds);
    }
    // Wakes at least every kBeatMs, for the heartbeat, and when a held message is due.
    int64_t timeout_ns = int64_t{kBeatMs} * 1'000'000;
    if (deadline_ns >= 0) {
      if (deadline_ns <= now) return WaitResult::kTimeout;
      timeout_ns = std::min(timeout_ns, deadline_ns - now);
    }
    if (const int64_t release = flush_links ? links_.next_release_ns() : -1; release >= 0)
      timeout_ns = std::max<int64_t>(0, std::min(timeout_ns, release - now));
    const timespec timeout{static_cast<time_t>(timeout_ns / 1'000'000'000), static_cast<long>(timeout_ns % 1'000'000'000)};
    const int n = ::ppoll(fds->data(), fds->size(), &timeout, nullptr);
    if (n < 0 && errno != EINTR) return WaitResult::kError;
    if (n <= 0) continue;
    bool ready = false;
    for (size_t i = 0; i < own; ++i) ready = ready || (*fds)[i].revents != 0;
    if ((*fds)[own].revents) eventfd_drain(wake_.get());
    bool news = false;
    if ((*fds)[own + 1].revents) {
      eventfd_drain(listener_->news_fd());
      news = true;
    }
    for (size_t i = own + 2; i < fds->size(); ++i) news = news || (*fds)[i].revents != 0;
    if (news) {
      if (flush_links) links_.flush();
      notice_peers();
    }
    if (ready) return WaitResult::kReady;
  }
}

WaitResult MachineRunner::wait_for(int fd, int64_t deadline_ns, int stop_at) {
  fds_.assign(1, pollfd{fd, POLLIN, 0});
  return wait_any(&fds_, deadline_ns, stop_at, true);
}

// Sleeps until an absolute CLOCK_MONOTONIC instant, or until a SIGTERM.
Status MachineRunner::wait_until(int64_t deadline_ns) {
  if (monotonic_ns() >= deadline_ns) return Status::ok();
  Status s = timerfd_arm_at(timer_.get(), deadline_ns);
  if (!s.is_ok()) return s;
  // No read of the expiry count afterwards: the next timerfd_settime resets it.
  if (wait_for(timer_.get(), -1, 1) == WaitResult::kError) return Status::from_errno("poll", errno);
  return Status::ok();
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
  config.vector = plan_.options.vector;
  // Every peer is a stranger until its hello is read: they must not crowd each other out.
  config.max_strangers = kMaxStrangers + static_cast<size_t>(machines_ - 1);
  listener_ = std::make_unique<Listener>(config, std::move(listen_fd), &queue_);
  s = listener_->start();
  if (!s.is_ok()) return s;
  s = links_.connect_all(plan_.ports, plan_.secret, kConnectTimeoutMs);
  if (!s.is_ok()) return stopping_anyway() ? Status::ok() : s;

  // Every peer's hello, unless the run is given up first: a SIGTERM, or the parent's end of
  // the control socket (it writes nothing there before this machine's ready). The parent gives
  // the start up when the machines stop making progress.
  fds_.assign({pollfd{listener_->connected_fd(), POLLIN, 0}, pollfd{control_.get(), POLLIN, 0}});
  const WaitResult w = wait_any(&fds_, -1, 1, true);
  if (w != WaitResult::kReady || fds_[1].revents != 0) return Status::ok();  // stopped during start-up

  ControlFrame ready;
  ready.type = ControlType::kReady;
  ready.peers = static_cast<uint32_t>(machines_ - 1);
  s = control_.send(ready, "control socket");
  // The parent closes the control sockets when it gives up the start (after a SIGTERM).
  if (!s.is_ok()) return stopping_anyway() ? Status::ok() : s;
  return await_start(start);
}

// Once ready, the parent's answer decides: the start instant (even if a SIGTERM came
// meanwhile: the parent counts on this machine's log then) or its end of file (the run was
// stopped before it started: nothing to log).
Status MachineRunner::await_start(StartTime* start) {
  for (;;) {
    if (wait_for(control_.get(), -1, kNever) != WaitResult::kReady)
      return Status::from_errno("wait for the start", errno);
    ControlFrame frame;
    switch (control_.next(&frame, true)) {
      case ControlChannel::Got::kNeedMore: continue;
      // Closed by the parent (a reset when our ready was still unread in it): no start.
      case ControlChannel::Got::kEnd:
        return control_.partial() ? Status::error("the parent process went away") : Status::ok();
      case ControlChannel::Got::kBad: return Status::error("control socket: " + control_.error());
      case ControlChannel::Got::kFrame: break;
    }
    if (frame.type != ControlType::kStart)
      return Status::error("control socket: a " + control_type_name(static_cast<uint8_t>(frame.type)) +
                           " frame before the start");
    start->monotonic_ns = frame.monotonic_ns;
    start->realtime_ns = frame.realtime_ns;
    return Status::ok();
  }
}

// A peer gone during start-up is most often the first of a run being stopped: the parent's
// SIGTERM to this machine, and the end of its control socket, are then on their way. Waits a
// moment for either (a signal alone can come late: one that a sanitizer's own thread takes,
// say).
bool MachineRunner::stopping_anyway() {
  fds_.assign(1, pollfd{control_.get(), POLLIN, 0});
  const WaitResult w = wait_any(&fds_, monotonic_ns() + kStartupGraceNs, 1, true);
  return g_terms > 0 || w == WaitResult::kReady;
}

HeaderLine MachineRunner::header() const {
  const Options& o = plan_.options;
  HeaderLine h;
  h.machine = id_;
  h.rate = rate_;
  h.machines = machines_;
  h.seed = plan_.seed;
  h.speed = o.speed;
  h.internal_max = o.internal_max;
  h.duration_us = o.duration_us;
  h.start_us = clock_->start_system_us();
  h.engine = "real";
  h.vector = o.vector;
  h.run_id = plan_.run_id;
  h.latency = o.latency.text();
  h.links = links_text(o.links);
  h.partitions = partitions_.text();
  return h;
}

std::string MachineRunner::model_time_text(int64_t mono_ns) const {
  std::string text;
  append_micros(&text, clock_->model_us(mono_ns));
  return text;
}

// Acts on what the listener saw of the peers: one that left (its bye came) is answered with a
// bye of this machine's own and sent nothing more, so its final drain ends at once; one that
// went down is sent nothing more. Links that went down on their own (a failed send, a full
// backlog) are reported too. Before the start nothing is acted on: the parent ends a run whose
// machine died while starting.
void MachineRunner::notice_peers() {
  if (!clock_) return;
  news_seen_ = listener_->news();
  for (int peer = 0; peer < machines_; ++peer) {
    if (peer == id_) continue;
    if (const int64_t at = listener_->down_at(peer); at != 0) {
      links_.take_down(peer, "went down at model time " + model_time_text(at) + " s");
    } else if (const int64_t left = listener_->left_at(peer); left != 0 && links_.up(peer)) {
      links_.close(peer);
      if (ticking_) say("machine " + std::to_string(peer) + " left at model time " + model_time_text(left) +
                        " s; sending it nothing more");
    }
  }
  report_downs();
}

void MachineRunner::report_downs() {
  for (const PeerLinks::Down& d : links_.take_downs()) {
    std::string line = "machine " + std::to_string(d.peer) + " " + d.why + "; sending it nothing more";
    if (d.dropped > 0 && d.over_bound) {
      shared_->dropped(id_, d.peer).fetch_add(d.dropped, std::memory_order_relaxed);
      shared_->dropped_at_ns(id_, d.peer).store(d.at_ns, std::memory_order_relaxed);
      line += " (" + std::to_string(d.dropped) + " messages to it dropped)";
    } else if (d.dropped > 0) {
      line += " (" + std::to_string(d.dropped) + " messages to it not sent)";
    } else if (d.held > 0) {
      line += " (the " + std::to_string(d.held) + " messages held for it still go at their instants)";
    }
    say(line);
  }
}

void MachineRunner::tick() {
  Message msg;
  size_t left = 0;
  int64_t now = 0;
  // The instant is read under the queue's lock: the arrival stamps of the messages it holds
  // are before it, those of later ones after it.
  const bool got = queue_.pop(&msg, &left, &now);
  const MachineStep::Head head{msg.sender, msg.clock, got ? clock_->model_us(msg.arrival_ns) : 0, &msg.vclock};
  const LogRow& row = step_.tick(got ? &head : nullptr, left, clock_->model_us(now), clock_->system_us(now),
                                 [this](int peer) { return links_.up(peer); });
  if (row.event == LogEvent::kSend) {
    frame_.clear();
    const MessageFrame message{static_cast<uint32_t>(id_), row.msg_clock};
    if (plan_.options.vector) {
      encode_vector_message(message, step_.vclock(), &frame_);
    } else {
      encode_message(message, &frame_);
    }
    const bool holds = delays_ || !partitions_.empty();
    for (int peer : step_.receivers()) {
      if (holds) {
        // Due when model time has passed the send's by the draw (rounded up), or at the heal of
        // a partition that cuts the channel then: lcstat checks that no arrival is earlier.
        int64_t delay_ns = delays_ ? delays_->next_ns(peer) : 0;
        if (!partitions_.empty()) {
          const int64_t sent_ns = row.model_us * 1000;
          delay_ns = partitions_.held_until_ns(id_, peer, sent_ns + delay_ns) - sent_ns;
        }
        links_.hold(peer, frame_.data(), frame_.size(), clock_->mono_ns_after(row.model_us, delay_ns));
      } else {
        links_.send(peer, frame_.data(), frame_.size());
      }
      shared_->sent_to(id_, peer).fetch_add(1, std::memory_order_relaxed);
    }
    if (holds) links_.release_due(monotonic_ns());
  }
  log_.add(row, now);
  links_.flush();
  beat();
  const MachineStep::Counts& c = step_.counts();
  stats_->ticks.store(c.ticks, std::memory_order_relaxed);
  stats_->internal.store(c.internal, std::memory_order_relaxed);
  stats_->sent.store(c.sent, std::memory_order_relaxed);
  stats_->received.store(c.received, std::memory_order_relaxed);
  stats_->clock.store(static_cast<int64_t>(step_.clock()), std::memory_order_relaxed);
}

Status MachineRunner::run_ticks(const TickSchedule& schedule) {
  const int64_t total = schedule.total_ticks();
  ticking_ = true;
  notice_peers();  // anything that happened while starting
  for (int64_t k = 1; k <= total && g_terms == 0; ++k) {
    Status s = wait_until(schedule.due_ns(k));
    if (!s.is_ok()) return s;
    if (g_terms != 0) break;
    tick();
    check_news();
    if (!log_.status().is_ok()) return log_.status();
  }
  ticking_ = false;
  if (g_terms != 0) {
    note_stop();
    return Status::ok();
  }
  // Stay up until the run's end, so that no peer mistakes an early finish for a crash.
  Status s = wait_until(schedule.end_ns());
  if (!s.is_ok()) return s;
  if (g_terms != 0) {
    note_stop();
    return Status::ok();
  }
  return await_drain();
}

// The end barrier (see Supervisor::release_drain): tells the parent the ticks are done and
// waits for its word that every machine's are, or for a SIGTERM, or for its end of file.
Status MachineRunner::await_drain() {
  ControlFrame done;
  done.type = ControlType::kTicksDone;
  Status s = control_.send(done, "control socket");
  if (!s.is_ok()) return Status::ok();  // no parent to wait for: drain now
  if (wait_for(control_.get(), -1, 1) == WaitResult::kReady) {
    ControlFrame go;  // go, or the parent's end: either way the drain begins
    (void)control_.next(&go, true);
  } else if (g_terms != 0) {
    note_stop();  // a SIGTERM before the barrier let the machines go: it leaves early
  }
  return Status::ok();
}

// A SIGTERM made this machine leave before the end barrier let every machine go: its peers
// may stop sending to it from now on while they still tick, and run.txt says when (replay
// checks them against it). Its ticks may all have run.
void MachineRunner::note_stop() {
  stats_->stopped_at_us.store(std::max<int64_t>(0, clock_->model_us(monotonic_ns())), std::memory_order_relaxed);
  // It ticks no more: the end barrier need not wait for it (the parent reads ticks_done as that).
  ControlFrame done;
  done.type = ControlType::kTicksDone;
  (void)control_.send(done, "control socket");
}

// Stops sending (a bye on every link), waits until every peer has left or gone down (nothing
// left in flight), then logs what is still queued. A slow peer is waited for; one that makes
// no progress is the parent's to kill (its connections then end). A second SIGTERM, or the
// parent gone (its end of the control socket), ends the wait: what is in flight then is not
// logged, the rest is.
Status MachineRunner::drain() {
  auto parent_gone = [this] {
    ControlFrame frame;  // a late go is harmless
    const ControlChannel::Got got = control_.next(&frame, true);
    if (got == ControlChannel::Got::kFrame || got == ControlChannel::Got::kNeedMore) return false;
    control_.reset();
    return true;
  };
  bool cut = false;
  give_up_held();
  links_.finish(-1, [&](std::vector<pollfd>* fds, int64_t until) {
    for (;;) {
      const size_t links = fds->size();
      if (control_.valid()) fds->push_back(pollfd{control_.get(), POLLIN, 0});
      const WaitResult w = wait_any(fds, until, 2, false);
      const bool control_ready = control_.valid() && (*fds)[links].revents != 0;
      fds->resize(links);
      if (!control_ready) return w;
      if (parent_gone()) {
        cut = true;
        return WaitResult::kInterrupted;
      }
      bool any = false;
      for (const pollfd& p : *fds) any = any || p.revents != 0;
      if (any) return w;
    }
  });
  notice_peers();
  while (!cut) {
    fds_.assign(1, pollfd{listener_->done_fd(), POLLIN, 0});
    if (control_.valid()) fds_.push_back(pollfd{control_.get(), POLLIN, 0});
    const WaitResult w = wait_any(&fds_, -1, 2, false);
    if (w != WaitResult::kReady || fds_[0].revents != 0) break;
    cut = parent_gone();
  }
  if (g_terms >= 2 || cut) stats_->forced.store(1, std::memory_order_relaxed);
  listener_->stop();
  listener_->join();
  log_pending();
  stats_->peak_queue.store(static_cast<int64_t>(queue_.peak()), std::memory_order_relaxed);
  return listener_->status();
}

// The run's end is not a network event: what a partition that cuts a channel at the end still
// holds on it, it holds for good (undelivered, counted per channel with the partition), and the
// channel's bye crosses the cut. The end is the run's duration, or this machine's stop.
void MachineRunner::give_up_held() {
  if (partitions_.empty()) return;
  links_.release_due(monotonic_ns());
  const int64_t stopped_us = stats_->stopped_at_us.load(std::memory_order_relaxed);
  const int64_t duration_us = plan_.options.duration_us;
  const int64_t end_ns = (stopped_us >= 0 ? std::min(stopped_us, duration_us) : duration_us) * 1000;
  for (int peer = 0; peer < machines_; ++peer) {
    const int cut = peer == id_ ? -1 : partitions_.cutting(id_, peer, end_ns);
    if (cut < 0) continue;
    const int64_t held = links_.drop_held(peer);
    if (held == 0) continue;
    shared_->undelivered(id_, peer).store(held, std::memory_order_relaxed);
    shared_->held_by(id_, peer).store(cut, std::memory_order_relaxed);
  }
}

// The messages still queued, as PENDING rows: all taken at one instant, read under the lock.
void MachineRunner::log_pending() {
  int64_t now = 0;
  const std::vector<Message> pending = queue_.take_all(&now);
  size_t left = pending.size();
  for (const Message& m : pending) {
    const MachineStep::Head head{m.sender, m.clock, clock_->model_us(m.arrival_ns), &m.vclock};
    log_.add(step_.pending(head, --left, clock_->model_us(now), clock_->system_us(now)), now);
    if ((left & 4095) == 0) beat();
  }
  stats_->pending.store(static_cast<int64_t>(pending.size()), std::memory_order_relaxed);
}

int MachineRunner::run(Fd listen_fd) {
  StartTime start;
  Status s = start_up(std::move(listen_fd), &start);
  if (!s.is_ok()) {
    say(s.message());
    return 1;
  }
  if (start.monotonic_ns == 0) return 0;  // stopped before the start: nothing to log

  const Options& o = plan_.options;
  clock_.emplace(o.speed, start.monotonic_ns, start.realtime_ns);
  // The header goes to disk at once: a log is never empty once its machine has started.
  log_.begin(header());
  s = log_.flush();
  const TickSchedule schedule(rate_, o.duration_us, *clock_);
  if (s.is_ok()) s = run_ticks(schedule);
  if (!s.is_ok()) {
    // A machine that cannot log cannot go on: its peers see it go down, as after a crash.
    say(s.message());
    return 1;
  }
  s = drain();
  Status flushed = log_.flush();
  if (s.is_ok()) s = flushed;
  if (!s.is_ok()) {
    say(s.message());
    return 1;
  }
  return 0;
}

}  // namespace

int run_machine(const RunPlan& plan, int id, Fd listen_fd, Fd control_fd, SharedStats* shared) {
  // The parent's handlers are not ours: SIGINT and SIGHUP (Ctrl-C or a hang-up to the group)
  // are the parent's to turn into one SIGTERM per machine; SIGTERM stops this machine;
  // SIGPIPE never helps; SIGXFSZ would kill where a failed write explains itself (EFBIG).
  g_parent = ::getppid();
  struct sigaction sa {};
  sa.sa_sigaction = on_term;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGTERM, &sa, nullptr);
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGHUP, SIG_IGN);
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGXFSZ, SIG_IGN);
  ::signal(SIGCHLD, SIG_DFL);
  sigset_t none;  // the parent blocked signals across fork; a SIGTERM held back lands now
  sigemptyset(&none);
  ::pthread_sigmask(SIG_SETMASK, &none, nullptr);
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  MachineRunner runner(plan, id, std::move(control_fd), shared);
  return runner.run(std::move(listen_fd));
}

}  // namespace lc
