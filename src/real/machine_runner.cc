#include "logical_clock/real/machine_runner.h"

#include <poll.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "logical_clock/base/decimal.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/log/log_format.h"

namespace lc {

namespace {

constexpr int kConnectTimeoutMs = 10'000;
constexpr size_t kMaxStrangers = 256;  // beyond the peers
constexpr int64_t kStartupGraceNs = 1'000'000'000;
// No wait of a machine has a limit of its own past the start-up's connections: a peer that is
// slow is waited for, however long; the parent, which sees every machine's progress, kills
// one that makes none (ProgressJudge), and its connections then end as any dead peer's.
// A wait that only its fd (or its peers) can end, whatever SIGTERMs come.
constexpr int kNever = INT_MAX;

}  // namespace

Status MachineRunner::start_up(Fd listen_fd, StartTime* start) {
  Status s = make_eventfd(&wake_);
  if (s.is_ok()) s = make_timerfd(&timer_);
  if (!s.is_ok()) return s;
  set_machine_wake_fd(wake_.get());
  s = log_.open(plan_.dir + "/" + log_file_name(id_, rate_));
  if (!s.is_ok()) return s;

  ListenerConfig config;
  config.self = id_;
  config.machines = machines_;
  config.secret = plan_.secret;
  config.vector = plan_.options.vector;
  config.endpoints = plan_.endpoints;
  config.key = plan_.key;
  config.run_id = plan_.run_id;
  // Every peer is a stranger until its hello is read: they must not crowd each other out.
  config.max_strangers = kMaxStrangers + static_cast<size_t>(machines_ - 1);
  listener_ = std::make_unique<Listener>(config, std::move(listen_fd), &queue_);
  s = listener_->start();
  if (!s.is_ok()) return s;
  // The machine's heartbeat goes on while it waits for a peer's handshake: a peer that is stopped
  // is the stalled one, not this machine. Between a cluster's tries of a connection it waits as
  // for the peers' hellos, until a SIGTERM or the parent gives the start up.
  s = links_.connect_all({plan_.ports, plan_.endpoints, plan_.secret, plan_.key, plan_.run_id, kConnectTimeoutMs,
                          [this] { beat(); },
                          [this](int64_t until_ns) {
                            fds_.assign(1, pollfd{control_.get(), POLLIN, 0});
                            return wait_any(&fds_, until_ns, 1, false) == WaitResult::kTimeout;
                          }});
  if (!s.is_ok()) return stopping_anyway() ? Status::ok() : s;

  // Every peer's hello, unless the run is given up first: a SIGTERM, or the parent's end of
  // the control socket (it writes nothing there before this machine's ready). The parent gives
  // the start up when the machines stop making progress.
  fds_.assign({pollfd{listener_->connected_fd(), POLLIN, 0}, pollfd{control_.get(), POLLIN, 0}});
  const WaitResult w = wait_any(&fds_, -1, 1, true);
  if (w != WaitResult::kReady || fds_[1].revents != 0) return Status::ok();  // stopped during start-up
  bool stopped = false;
  s = probe_clock(&stopped);
  if (!s.is_ok() || stopped) return s;

  ControlFrame ready;
  ready.type = ControlType::kReady;
  ready.peers = static_cast<uint32_t>(machines_ - 1);
  s = control_.send(ready, "control socket");
  // The parent closes the control sockets when it gives up the start (after a SIGTERM).
  if (!s.is_ok()) return stopping_anyway() ? Status::ok() : s;
  return await_start(start);
}

// Before its ready, the machine estimates its clock's offset to the parent's (clock_estimate.h):
// kClockProbes probes, one at a time, each stamped on this machine's wall clock (--skew and all)
// and answered with a stamp of the parent's. *stopped: the run was given up meanwhile (a
// SIGTERM, or the parent's end of the socket), as in the wait for the peers.
Status MachineRunner::probe_clock(bool* stopped) {
  std::vector<ClockSample> samples;
  for (uint32_t seq = 1; seq <= kClockProbes; ++seq) {
    ControlFrame probe;
    probe.type = ControlType::kClockProbe;
    probe.seq = seq;
    probe.sent_ns = own_realtime_ns();
    Status s = control_.send(probe, "control socket");
    if (!s.is_ok()) {
      *stopped = stopping_anyway();
      return *stopped ? Status::ok() : s;
    }
    ControlFrame reply;
    // (A gone frame: the parent gave a peer up while the machines started, and gives the start
    // up too; its end of the control socket follows. Not this machine's failure.)
    for (ControlChannel::Got got = control_.next(&reply, false);
         got != ControlChannel::Got::kFrame || reply.type == ControlType::kGone;) {
      if (got == ControlChannel::Got::kFrame) {
        got = control_.next(&reply, false);
        continue;
      }
      if (got == ControlChannel::Got::kBad) return Status::error("control socket: " + control_.error());
      const WaitResult w = wait_for(control_.get(), -1, 1);
      if (w == WaitResult::kError) return Status::from_errno("wait for a clock reply", errno);
      got = w == WaitResult::kReady ? control_.next(&reply, true) : ControlChannel::Got::kEnd;
      if (got == ControlChannel::Got::kBad) return Status::error("control socket: " + control_.error());
      if (got == ControlChannel::Got::kEnd) {
        *stopped = true;
        return Status::ok();
      }
    }
    const int64_t recv_ns = own_realtime_ns();
    if (reply.type != ControlType::kClockReply || reply.seq != seq || reply.sent_ns != probe.sent_ns)
      return Status::error("control socket: a " + control_type_name(static_cast<uint8_t>(reply.type)) +
                           " frame where the reply to clock probe " + std::to_string(seq) + " was due");
    samples.push_back(ClockSample{probe.sent_ns, reply.reply_ns, recv_ns});
  }
  if (!estimate_clock_offset(samples, &clock_estimate_))
    return Status::error("no clock probe gave an estimate of the clock's offset (the wall clock stepped back in each)");
  return Status::ok();
}

// Once ready, the parent's answer decides: the start instant (even if a SIGTERM came
// meanwhile: the parent counts on this machine's log then) or its end of file (the run was
// stopped before it started: nothing to log).
Status MachineRunner::await_start(StartTime* start) {
  for (;;) {
    if (wait_for(control_.get(), -1, kNever) != WaitResult::kReady)
      return Status::from_errno("wait for the start", errno);
    ControlFrame frame;
    ControlChannel::Got got = control_.next(&frame, true);
    while (got == ControlChannel::Got::kFrame && frame.type == ControlType::kGone)
      got = control_.next(&frame, false);  // a peer given up: the start is given up too (above)
    switch (got) {
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
    start->realtime_ns = frame.realtime_ns;
    start->monotonic_ns = frame.monotonic_ns;
    if (frame.monotonic_ns == 0) {
      // A parent on another host knows only its own clock: the instant is its realtime, which
      // this machine's clock reads `offset` later, taken to this host's monotonic clock.
      const ClockPair now = read_clock_pair();
      start->monotonic_ns = now.monotonic_ns + (frame.realtime_ns + clock_estimate_.offset_ns - (now.realtime_ns + skew_ns_));
      // The two clocks' readings may be apart by the spread: so may this start, on top of the
      // offset's own error.
      clock_estimate_.uncertainty_ns += now.spread_ns;
      own_clock_ = true;
      if (start->monotonic_ns == 0) start->monotonic_ns = 1;
    }
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
  return machine_sigterms() > 0 || w == WaitResult::kReady;
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
  h.skew_given = has_skew(o.skews, id_);
  h.skew_us = skew_ns_ / 1000;
  h.clock_known = true;
  const ClockEstimateUs us = to_micros(clock_estimate_);
  h.clock_offset_us = us.offset_us;
  h.clock_uncertainty_us = us.uncertainty_us;
  h.own_clock = own_clock_;
  return h;
}

std::string MachineRunner::model_time_text(int64_t mono_ns) const {
  std::string text;
  append_micros(&text, clock_->model_us(mono_ns));
  return text;
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
  }
  // On every tick, not only a sending one: a late machine's ticks do not wait, so one that only
  // receives would otherwise leave due messages held until its next send.
  if (links_.holding()) links_.release_due(monotonic_ns());
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
  for (int64_t k = 1; k <= total && machine_sigterms() == 0; ++k) {
    Status s = wait_until(schedule.due_ns(k));
    if (!s.is_ok()) return s;
    if (machine_sigterms() != 0) break;
    tick();
    check_news();
    if (!log_.status().is_ok()) return log_.status();
  }
  ticking_ = false;
  if (machine_sigterms() != 0) {
    note_stop();
    return Status::ok();
  }
  // Stay up until the run's end, so that no peer mistakes an early finish for a crash.
  Status s = wait_until(schedule.end_ns());
  if (!s.is_ok()) return s;
  if (machine_sigterms() != 0) {
    note_stop();
    return Status::ok();
  }
  return await_drain();
}

int MachineRunner::run(Fd listen_fd) {
  StartTime start;
  Status s = start_up(std::move(listen_fd), &start);
  if (!s.is_ok()) {
    return fail(s);
  }
  if (start.monotonic_ns == 0) return 0;  // stopped before the start: nothing to log

  const Options& o = plan_.options;
  clock_.emplace(o.speed, start.monotonic_ns, start.realtime_ns, skew_ns_);
  stats_->start_mono_ns.store(start.monotonic_ns, std::memory_order_relaxed);
  // The header goes to disk at once: a log is never empty once its machine has started.
  log_.begin(header());
  s = log_.flush();
  const TickSchedule schedule(rate_, o.duration_us, *clock_);
  if (s.is_ok()) s = run_ticks(schedule);
  if (!s.is_ok()) {
    // A machine that cannot log cannot go on: its peers see it go down, as after a crash.
    return fail(s);
  }
  s = drain();
  Status flushed = log_.flush();
  if (s.is_ok()) s = flushed;
  if (!s.is_ok()) {
    return fail(s);
  }
  return 0;
}

}  // namespace lc
