// MessageBook: every message of a run, filed by channel (sender, receiver), once as its
// sender logged it (SEND) and once as its receiver logged it (RECV or PENDING). match() pairs
// the two sides of each channel and reports what does not pair up: a message received twice,
// out of its channel's sending order, before it was sent, or never sent; and a message sent
// but missing from the receiver's log. Owned by one thread.
//
// With the run's network (set_network: the logs' latency, links and partitions, the delays drawn
// again from the seed as the engines drew them), the k-th message of a channel arrives no
// earlier than its SEND's model_time plus the channel's k-th delay, or the heal of a partition
// that cuts the channel at that instant, in either engine; in a simulated run also no later
// than that (within the microseconds' rounding) or than the channel's previous arrival (FIFO),
// held the same way, and never while a partition cuts the channel. A channel's undelivered_
// messages need a partition cutting it at the run's end, and each must have been held past
// that end.
//
// Messages missing from a channel must be its last ones (a failure, a backlog drop or a forced
// stop cuts a channel short, never its middle), as many as run.txt counts for that channel:
// lost_<from>_<to> (possible only when one of the two machines failed or with forced=1; in a
// simulated run only when the receiver failed) plus dropped_<from>_<to> (only in the real
// engine, and never fewer than a backlog past its bound holds). Those are counted, not reported.
//
// A failed sender's last SEND rows may be missing from its log while their messages reached
// their receivers: such messages are allowed only as the model allows them. They were sent by
// ticks after its last logged one, and it can have run no more ticks than were due by the
// instant it failed (run.txt's failed_at_<id>), its own stop (stopped_<id>) or the run's end;
// the k-th such tick is due no earlier than its time, and its clock is at most its last logged
// clock, or the largest msg_clock sent to it by then, plus k (plus the ticks other failed machines may have run
// unlogged, whose messages it may have taken).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "draw_check.h"
#include "findings.h"
#include "queue_bounds.h"
#include "logical_clock/log/run_ending.h"
#include "logical_clock/model/channel_delays.h"
#include "logical_clock/model/partition.h"

namespace lc::lcstat {

struct Delivery {  // one message, for the space-time diagram
  int64_t sender = 0;
  int64_t receiver = 0;
  int64_t clock = 0;
  int64_t send_us = 0;
  int64_t arrive_us = 0;  // model_time of the RECV or PENDING row
  bool pending = false;
};

// What the end of the run says about messages that may be missing.
struct LossAccount {
  std::string run_file;                       // run.txt, for violations of its counts
  std::map<std::pair<int64_t, int64_t>, ChannelClaim> claims;  // by (from, to)
  std::vector<bool> failed;                   // by machine
  std::vector<int64_t> failed_last_clock;     // by machine: its last logged clock if it failed, else -1
  std::vector<int64_t> failed_last_tick_us;   // by machine: model_time of its last tick row, if it failed
  bool forced = false;                        // forced=1: in-flight messages at the end were not logged
  bool simulated = false;                     // engine=sim: nothing dropped; lost only into a failed machine
  bool one_host = false;                      // engine=real without own_clock=1: one host, no network to cut
  bool local_logs = false;                    // real, without own_clock=1 (older logs too): each its machine's file
  double speed = 1;                           // model seconds per real second
  int64_t min_dropped = 0;                    // the fewest messages a backlog give-up drops
  int64_t end_us = -1;                        // the run's end: its stop (stopped_at), else its duration
  bool stopped = false;                       // stopped_at: the end is the stop's, known within bounds
  // By machine: stopped_<id>, the instant a machine left on a SIGTERM of its own, as it read it
  // (a real machine ends its run then); -1 for the others.
  std::vector<int64_t> own_stop_us;
  int64_t duration_us = 0;
  // By machine, if it failed: the tick rows of its log, and the ticks due by the instant it
  // failed or the run's end (the most it can have run); its rate, in ticks/s x 10^6.
  std::vector<int64_t> logged_ticks;
  std::vector<int64_t> due_ticks;
  std::vector<int64_t> rate_micro;
  // By machine, if it failed: the model time by which it had run its last tick, on its own
  // clock: the earlier of failed_at_<id> (plus its clock's slack, own_clock=1) and its own stop
  // (stopped_<id>, read after its last tick); -1 when neither bounds it. A message sent to it
  // later cannot have been taken by any of its ticks.
  std::vector<int64_t> last_possible_tick_us;
  // by machine, if it failed: its tick rows' bounds on the arrivals of messages its log ends
  // before (MachineChecker::unlogged_queue)
  std::vector<std::vector<QueueBounds::Held>> unlogged_queue;
  // By machine, if it failed and its log names its version: its draws from where its log ends
  // (DrawCheck), which its unlogged ticks took in turn.
  std::vector<std::optional<DrawCheck>> draws_after_log;
  // By machine: failed_at_<id>, or -1.
  std::vector<int64_t> failed_at_us;
  // By machine: the instant of its PENDING rows and the first one's line (-1 and 0: none).
  std::vector<int64_t> pending_at_us;
  std::vector<uint64_t> pending_line;
};

class MessageBook {
 public:
  // paths[i] is machine i's log, for the messages of findings.
  explicit MessageBook(std::vector<std::string> paths);

  // The run's network: machines x ChannelDelays by sender (empty: no delays to check), and
  // whether arrivals follow the draws exactly (the simulation) or add the host's own time.
  void set_network(std::vector<ChannelDelays> delays, bool exact, Partitions partitions) {
    delays_ = std::move(delays);
    exact_delays_ = exact;
    partitions_ = std::move(partitions);
  }

  // By machine: how far its model time may be from the reference's (LogHeader::model_slack_us);
  // an arrival may precede its send by the sender's and the receiver's together. Empty: none.
  void set_clock_slack(std::vector<int64_t> slack_us) { slack_us_ = std::move(slack_us); }
  // By machine: its rate, ticks/s x 10^6 (a simulated SEND's instant is its tick's).
  void set_rates(std::vector<int64_t> rate_micro) { rate_micro_ = std::move(rate_micro); }
  int64_t slack_us(int64_t sender, int64_t receiver) const {
    return slack_us_.empty() ? 0 : slack_us_[static_cast<size_t>(sender)] + slack_us_[static_cast<size_t>(receiver)];
  }

  void record_send(int64_t sender, int64_t receiver, int64_t clock, int64_t model_us, uint64_t line);
  // `arrival_us`: when the message entered the receiver's queue (model_time - queue_wait).
  // In a simulated run, what the receiver's tick rows say of its arrival at their exact
  // instants (ns): in the queue of the tick at `queued_by_ns`, not yet in that of the tick at
  // `unqueued_at_ns` (INT64_MAX, INT64_MIN: no such tick).
  void record_arrival(int64_t receiver, int64_t sender, int64_t clock, int64_t model_us, int64_t arrival_us,
                      uint64_t line, bool pending, int64_t queued_by_ns = INT64_MAX, int64_t unqueued_at_ns = INT64_MIN);
  // Pairs every channel; adds violations to *findings and the paired messages, by channel and
  // in the receiver's order, to *deliveries (when not null). Returns how many sent messages
  // are missing as `account` explains them (not violations).
  int64_t match(const LossAccount& account, Findings* findings, std::vector<Delivery>* deliveries) const;

 private:
  struct Sent {
    int64_t clock;
    int64_t model_us;
    uint64_t line;
  };
  struct Arrived {
    int64_t clock;
    int64_t model_us;
    int64_t arrival_us;
    uint64_t line;
    bool pending;
  };
  // A simulated arrival's ticks at their exact instants (ns): the one that had it queued, and
  // the one that had it not yet (INT64_MAX, INT64_MIN: none).
  struct Ticks {
    int64_t queued_by_ns;
    int64_t unqueued_at_ns;
  };
  struct Channel {
    std::vector<Sent> sent;        // in the sender's order
    std::vector<Arrived> arrived;  // in the receiver's order
    // In a simulated run only, the ticks of the arrivals stamped in a tick's microsecond (where
    // the microseconds cannot tell queued from not), by arrival index, ascending.
    std::vector<std::pair<size_t, Ticks>> tie_ticks;
  };
  struct Unlogged {  // an arrival from a failed sender whose SEND row is not in its log
    int64_t clock;
    int64_t arrival_us;
    int64_t receiver;
    uint64_t line;
  };
  bool unlogged_within_window(int64_t sender, const std::vector<Unlogged>& sends, const LossAccount& account,
                              Findings* findings) const;

  // Pairs one channel's arrivals with its sends; marks paired sends in *paired_line.
  // `draws`: the delays of its sent messages (empty when none are known); *paired_arrival_us
  // gets each paired send's arrival.
  void pair_channel(int64_t sender, int64_t receiver, const Channel& channel, const std::vector<int64_t>& draws,
                    const LossAccount& account, Findings* findings, std::vector<Delivery>* deliveries,
                    std::vector<uint64_t>* paired_line, std::vector<int64_t>* paired_arrival_us,
                    std::vector<Unlogged>* unlogged) const;
  // The instants at which `sender` can have ended its run, as the engines let go of what a
  // partition still holds: from low_ns to high_ns, and `probes`, the instants of that span at
  // which the first partition cutting a channel can change (its start and every partition's
  // start or heal inside it). `what` names the end in findings.
  struct EndWindow {
    int64_t low_ns = 0;
    int64_t high_ns = 0;
    std::vector<int64_t> probes;
    std::string what;
  };
  EndWindow end_window(int64_t sender, const LossAccount& account) const;
  // The channel's undelivered_cause_ against `causes`, the partitions (indices) the engines can
  // have named: the first given that cuts the channel at an instant the end can be.
  void check_cause(int64_t sender, int64_t receiver, const ChannelClaim& claim, const EndWindow& end,
                   const std::vector<int>& causes, const LossAccount& account, Findings* findings) const;
  // The channel's last `count` messages, counted undelivered: a partition must cut the
  // channel at the run's end, the cause must name it, and each must have been held past it
  // (its latest possible arrival, or release from its sender, after the end).
  void check_undelivered(int64_t sender, int64_t receiver, const Channel& channel, const std::vector<int64_t>& draws,
                         size_t first, const std::vector<int64_t>& paired_arrival_us, const ChannelClaim& claim,
                         const LossAccount& account, Findings* findings) const;
  // In a simulated run, the instant each receiver's PENDING rows carry: its last channel's end,
  // every sender's bye (or a dead sender's end), drawn like the messages (message_book_ends.cc).
  // `byes`: by channel, the two draws after its logged messages, where match() drew them.
  void check_pending_ends(const LossAccount& account, const std::vector<std::pair<int64_t, int64_t>>& byes,
                          Findings* findings) const;
  // The spans (ns, both ends in) within which channel s->r can end, appended to *spans.
  bool channel_end_ns(int64_t s, int64_t r, const LossAccount& account, const std::vector<std::pair<int64_t, int64_t>>& byes,
                      int64_t end_low_ns, int64_t end_high_ns, std::vector<std::pair<int64_t, int64_t>>* spans) const;
  // A failed sender's messages beyond its log (from every receiver) against the ticks it can
  // still have run and the clocks those can reach (see above).
  void check_unlogged_sends(int64_t sender, std::vector<Unlogged> sends, const LossAccount& account,
                            Findings* findings) const;
  // A failed sender's messages beyond its log against the draws its unlogged ticks took.
  bool unlogged_draws_agree(int64_t sender, const std::vector<Unlogged>& sends, DrawCheck draws,
                            const LossAccount& account, Findings* findings) const;
  // The clock a failed machine's unlogged ticks start from: the larger of its last logged
  // clock and the largest msg_clock ever sent to it.
  int64_t unlogged_base(int64_t machine, const LossAccount& account) const;
  static bool closed_by_receiver(int64_t sender, int64_t receiver, const ChannelClaim& claim, const LossAccount& account);
  // Decides about the channel's sends that found no arrival: explained by run.txt or not.
  int64_t settle_missing(int64_t sender, int64_t receiver, const Channel& channel, const std::vector<int64_t>& draws,
                         const std::vector<uint64_t>& paired_line, const std::vector<int64_t>& paired_arrival_us,
                         const LossAccount& account, Findings* findings) const;
  // A failed receiver's queue beyond its log: each message counted there is one missing from
  // its log, sent by the time the tick row says it had arrived.
  void check_unlogged_queue(int64_t receiver, std::vector<int64_t> missing_sent_us, const LossAccount& account,
                            Findings* findings) const;
  // "machine 2", "2->1", "lost_2_1": how findings name them.
  static std::string machine_text(int64_t id);
  static std::string channel_text(int64_t sender, int64_t receiver);
  static std::string key_text(const char* what, int64_t sender, int64_t receiver);
  // Model time, in nanoseconds, to microseconds as the engines round it (half away from zero).
  static int64_t rounded_us(int64_t ns) { return ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000); }
  size_t index(int64_t sender, int64_t receiver) const {
    return static_cast<size_t>(sender * machines_ + receiver);
  }

  // The delay rules on one paired message, index `index` of its channel, drawn `delay_ns`;
  // previous_arrival_us: the channel's message before it arrived then, or kNoArrival (it is
  // the first) or kUnknownArrival (it did not arrive: FIFO cannot bound this one); exact_ns:
  // in a simulated run, the instant the network delivers it (exact_arrivals), else -1.
  static constexpr int64_t kNoArrival = INT64_MIN;
  static constexpr int64_t kUnknownArrival = INT64_MIN + 1;
  void check_delay(int64_t sender, int64_t receiver, const Sent& sent, size_t index, int64_t delay_ns,
                   const Arrived& a, int64_t previous_arrival_us, int64_t exact_ns, Findings* findings) const;
  // A simulated arrival at `exact_ns` against the ticks that found it queued or not: only where
  // the microseconds could not tell.
  void check_queued_at_ticks(int64_t sender, int64_t receiver, int64_t send_ns, const Arrived& a, const Ticks& ticks,
                             int64_t exact_ns, Findings* findings) const;
  // A simulated SEND's instant, in ns: its machine's tick whose due nanosecond rounds to its
  // model_time; -1 when none does.
  int64_t tick_ns(int64_t machine, int64_t model_us) const;
  // A simulated channel's arrivals, in ns, by send index (empty when not all are known).
  std::vector<int64_t> exact_arrivals(int64_t sender, int64_t receiver, const Channel& channel,
                                      const std::vector<int64_t>& draws) const;
  // The delays the channel's sent messages were drawn, in sending order (empty: none known).
  std::vector<int64_t> channel_draws(int64_t sender, int64_t receiver, size_t count) const;

  int64_t machines_;
  std::vector<std::string> paths_;
  std::vector<Channel> channels_;  // machines_ x machines_, by index()
  std::vector<ChannelDelays> delays_;  // by sender
  bool exact_delays_ = false;
  Partitions partitions_;
  std::vector<int64_t> slack_us_;
  std::vector<int64_t> rate_micro_;
};

}  // namespace lc::lcstat
