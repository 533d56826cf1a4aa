// MachineRunner: one machine of a real run, in its own process, from its listener's start to
// its last log row: start-up (peers, ready, the common start), the ticks at absolute
// deadlines, the end barrier and the drain. Its waits wake for its peers' news and held
// messages; a SIGTERM (counted by machine_process.cc's handler) stops it. Owned by the
// machine's main thread; the listener thread shares only the queue and its own counters.
// Split by phase: machine_runner.cc (start-up, ticks), machine_waits.cc (waits, peers' news),
// machine_drain.cc (the end).
#pragma once

#include <poll.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "logical_clock/base/fd.h"
#include "logical_clock/base/status.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/cli/run_plan.h"
#include "logical_clock/cluster/clock_estimate.h"
#include "logical_clock/log/event_log.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/model/channel_delays.h"
#include "logical_clock/model/model_clock.h"
#include "logical_clock/model/partition.h"
#include "logical_clock/model/tick_schedule.h"
#include "logical_clock/real/control_channel.h"
#include "logical_clock/real/listener.h"
#include "logical_clock/real/message_queue.h"
#include "logical_clock/real/peer_links.h"
#include "logical_clock/real/shared_stats.h"
#include "logical_clock/step/machine_step.h"

namespace lc {

// SIGTERMs this machine has acted on so far (see machine_process.cc), and the eventfd the
// handler pokes so that a wait begun just before a signal still wakes.
int machine_sigterms();
void set_machine_wake_fd(int fd);

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
        step_(id, machines_, plan.options.internal_max, plan.seed, plan.options.vector),
        skew_ns_(skew_us_of(plan.options.skews, id) * 1000) {
    const ChannelDelays delays(machines_, id, plan.seed, plan.options.latency, plan.options.links);
    if (!delays.none()) delays_.emplace(delays);
    partitions_ = Partitions(plan.options.partitions);
    given_up_.assign(static_cast<size_t>(machines_), false);
  }

  int run(Fd listen_fd);

 private:
  Status start_up(Fd listen_fd, StartTime* start);
  Status probe_clock(bool* stopped);
  Status await_start(StartTime* start);
  // This machine's wall clock: the host's, read --skew off.
  int64_t own_realtime_ns() const { return realtime_ns() + skew_ns_; }
  bool stopping_anyway();
  HeaderLine header() const;
  Status run_ticks(const TickSchedule& schedule);
  Status await_drain();
  // A gone frame (the parent gave a peer up): that peer is taken as dead. False for any other.
  bool take_gone(const ControlFrame& frame);
  // Every peer has left, gone down, or been given up: nothing more can come.
  bool peers_settled() const;
  void note_stop();
  void tick();
  void notice_peers();
  void report_downs();
  void note_drain_downs();
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
  // The machine's end on an error: said, kept for the parent (store_failure), exit status 1.
  int fail(const Status& s) {
    say(s.message());
    store_failure(s.message(), stats_);
    return 1;
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
  int64_t skew_ns_;                // --skew: this machine's wall clock minus the host's
  ClockEstimate clock_estimate_;   // its offset to the parent's clock, from the probes
  bool own_clock_ = false;         // its start came as the parent's realtime (log_format.h's own_clock)
  std::vector<bool> given_up_;     // peers the parent gave up (gone frames)
};

}  // namespace lc
