// MachineChecker: takes one machine's rows in file order, checks the rules that concern one
// log (clock rule, clock condition, peers, tick schedule and count, PENDING rows, the queue
// column against the arrival instants, system_time against model_time), files its messages in
// the MessageBook for the checks across logs, and gathers the machine's figures. Optionally
// writes the machine's tick rows for the graphs. Owned by one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "draw_check.h"
#include "logical_clock/base/file_io.h"
#include "findings.h"
#include "histogram.h"
#include "logical_clock/log/log_reader.h"
#include "message_book.h"
#include "queue_bounds.h"
#include "tick_stamps.h"

namespace lc::lcstat {

struct MachineSummary {
  int64_t machine = 0;
  std::string rate_text;
  int64_t rate_micro = 0;
  int64_t duration_us = 0;
  int64_t ticks = 0;        // INTERNAL + SEND + RECV rows
  int64_t internal = 0;
  int64_t send_events = 0;  // SEND rows
  int64_t sent = 0;         // messages: receivers over all SEND rows
  int64_t received = 0;     // RECV rows
  int64_t pending = 0;      // PENDING rows
  int64_t jump_sum = 0;
  int64_t jump_max = 0;
  double queue_sum = 0;     // over tick rows
  // Over tick rows, the squared change of the queue since the previous one (the first from an
  // empty queue, the last to what is pending at the end): the spread of the queue's steps, for
  // the uncertainty of its growth.
  double queue_step_sq = 0;
  int64_t queue_max = 0;
  double wait_sum_us = 0;   // over RECV rows
  int64_t wait_max_us = 0;
  int64_t final_clock = 0;  // after the last tick row
  Histogram jumps;
  Histogram queues;

  double jump_mean() const { return ticks > 0 ? static_cast<double>(jump_sum) / static_cast<double>(ticks) : 0; }
  double queue_mean() const { return ticks > 0 ? queue_sum / static_cast<double>(ticks) : 0; }
  double wait_mean_s() const {
    return received > 0 ? wait_sum_us / 1e6 / static_cast<double>(received) : 0;
  }
  double clock_rate() const {
    return duration_us > 0 ? static_cast<double>(final_clock) * 1e6 / static_cast<double>(duration_us) : 0;
  }
};

class MachineChecker {
 public:
  // `events`, when not null, receives a line "model_time clock jump queue event" per tick row
  // (event 0 INTERNAL, 1 SEND, 2 RECV).
  MachineChecker(const LogHeader& header, MessageBook* book, Findings* findings, OutputFile* events);

  // The machine stopped ticking on a SIGTERM of its own at this model time (stopped_<id>):
  // it read that instant after its last tick, so no tick row may come later.
  void set_own_stop(int64_t stop_us) { own_stop_us_ = stop_us; }
  // A simulated run stopped at this model time (stopped_at): its ticks ended exactly there, no
  // tick row later, every tick due more than 1 us before it run.
  void set_exact_stop(int64_t stop_us) {
    own_stop_us_ = stop_us;
    exact_stop_ = true;
  }
  // The machine failed by this model time (run.txt's failed_at_<id>): no row of it is later.
  void set_failed_at(int64_t failed_at_us) { failed_at_us_ = failed_at_us; }
  // The bytes of the log's rows past its last whole block (LogReader::bytes_past_blocks). A
  // simulated log gets its header at the start, its rows in blocks of at least
  // EventLog::kFlushBytes (no real time passes in a simulation) and whole when its machine fails
  // or finishes, so only a failed write loses rows, and the file then ends at a block: a failed
  // machine whose rows do not holds every tick due before its failure (or the run's stop).
  void set_bytes_past_blocks(uint64_t bytes) { bytes_past_blocks_ = bytes; }
  // Every machine took messages all run long (run.txt names no failure, no machine's own stop,
  // no backlog given up, no link cut, no forced drain): no draw of a tick named a peer that was
  // gone, so each tick that did not receive did what its draw says (send to one other machine,
  // to all of them, or, with a draw above 3, an internal event). `until_us` >= 0: the run was
  // stopped then (run.txt's stopped_at): its machines leave from then on, each when its own
  // stop reaches it, so only the ticks before it, less this machine's slack, are held to that.
  void set_all_peers_live(int64_t until_us) {
    all_peers_live_ = true;
    peers_live_until_us_ = until_us;
  }
  void on_row(const Row& row);
  // Checks what can only be checked at the end of the file. `stopped_at_us` >= 0: the machine
  // was stopped by a signal then; it may have fewer ticks, and its clock rate is taken over
  // the model time until the stop. `failed`: the machine failed, its last rows may be missing;
  // its clock rate is taken over the model time until its last tick row.
  void finish(int64_t stopped_at_us, bool failed);
  const MachineSummary& summary() const { return summary_; }
  // The model_time of the last tick row (0 before the first), and of the last row.
  int64_t last_tick_us() const { return last_tick_us_; }
  int64_t last_row_us() const { return last_model_us_; }
  // Ticks whose row leaves some of its draw's receivers out, in a run where peers may have
  // gone (run.txt says so): right only if each of them was gone then (judged at the end).
  struct DrawGap {
    int64_t model_us;
    uint64_t line;
    std::vector<int64_t> left_out;
    std::string what;  // what the draw says, for a violation
  };
  const std::vector<DrawGap>& draw_gaps() const { return draw_gaps_; }
  // The machine's draws from where its log ends on (none for a log without version=).
  const std::optional<DrawCheck>& draws() const { return draws_; }
  // The instant the machine emptied its queue at the end (its PENDING rows), and the first
  // PENDING row's line; -1 and 0 without PENDING rows.
  int64_t pending_at_us() const { return pending_at_us_; }
  uint64_t pending_line() const { return pending_line_; }
  // After finish() of a failed machine: what its tick rows say of messages its log ends
  // before (their arrivals' upper bounds), for the MessageBook to check against the messages
  // missing from it.
  const std::vector<QueueBounds::Held>& unlogged_queue() const { return unlogged_queue_; }

 private:
  void on_tick(const Row& row);
  void on_pending(const Row& row);
  void check_system_time(const Row& row);
  void check_queue(const Row& row);
  void take_message(const Row& row);
  int64_t expected_clock(const Row& row);
  // Whether every peer still took messages when this tick drew (see set_all_peers_live).
  bool peers_live_at(const Row& row) const;
  // Files the SEND's messages; false (after a violation) when its peers are not other machines
  // of the run in ascending order.
  bool check_send_peers(const Row& row);
  void check_draw(const Row& row, bool judge);
  bool valid_sender(const Row& row);
  void write_event(const Row& row, int64_t jump);
  void violation(Rule rule, uint64_t line, const std::string& what);

  const LogHeader& header_;
  MessageBook* book_;
  Findings* findings_;
  OutputFile* events_;
  bool simulated_;        // engine=sim: every instant is exact
  TickStamps stamps_;     // when its ticks are due, and the earliest each can be stamped
  int64_t tick_ns_ = -1;  // simulated: the last tick row's instant, in ns from the start
  MachineSummary summary_;
  int64_t prev_clock_ = 0;
  int64_t last_model_us_ = 0;
  int64_t last_tick_us_ = 0;
  bool in_pending_ = false;
  int64_t last_pending_queue_ = 0;
  uint64_t last_line_ = 2;
  int64_t own_stop_us_ = -1;
  bool after_stop_reported_ = false;
  bool exact_stop_ = false;
  int64_t failed_at_us_ = -1;
  uint64_t bytes_past_blocks_ = 0;  // set_bytes_past_blocks
  bool after_failure_reported_ = false;
  bool all_peers_live_ = false;
  int64_t peers_live_until_us_ = -1;  // the run's stop (stopped_at); -1: none
  int64_t pending_at_us_ = -1;  // the first PENDING row's model_time
  uint64_t pending_line_ = 0;
  // internal_max= of line 1, when it is a whole number; else 0 (unknown: no draw is ruled out).
  int64_t internal_max_ = 0;
  // The machine's draws from the run's seed, for a log the program wrote (DrawCheck).
  std::optional<DrawCheck> draws_;
  std::vector<DrawGap> draw_gaps_;
  // The queue: what the last tick row left, and the arrivals of the messages taken so far.
  int64_t tick_queue_ = 0;
  uint64_t tick_line_ = 0;  // the last tick row; 0 before the first
  int64_t last_arrival_us_ = QueueBounds::kNone;
  uint64_t last_arrival_line_ = 0;
  QueueBounds bounds_;
  QueueBounds tick_bounds_ns_;  // simulated: the same bounds at the ticks' exact instants, in ns
  std::vector<QueueBounds::Held> unlogged_queue_;
  // system_time: real microseconds per model microsecond, and the tolerance of the check.
  double real_per_model_ = 1;
  double system_tolerance_us_ = 0;
  std::string scratch_;
};

}  // namespace lc::lcstat
