#include "machine_checker.h"

#include <algorithm>

#include "logical_clock/log/event_log.h"
#include "logical_clock/log/numbers.h"

namespace lc::lcstat {

MachineChecker::MachineChecker(const LogHeader& header, MessageBook* book, Findings* findings,
                               OutputFile* events)
    : header_(header), book_(book), findings_(findings), events_(events), simulated_(header.engine == "sim"),
      stamps_(header.rate_micro, header.speed) {
  summary_.machine = header.machine;
  summary_.rate_text = header.rate_text;
  summary_.rate_micro = header.rate_micro;
  summary_.duration_us = header.duration_us;
  // system_time and model_time are floors to the microsecond of one instant on two clocks
  // (wall and model), so start + model_time / speed is off by less than 1 us + the real time
  // of 1 model us; 1 us more covers the rounding of the double speed.
  // system_time is on the machine's clock, start= on its parent's: the header's clock_offset
  // takes one to the other within its clock_uncertainty, which the tolerance grows by.
  real_per_model_ = header.speed > 0 ? 1 / header.speed : 1;
  system_tolerance_us_ = 2 + real_per_model_ + static_cast<double>(std::max<int64_t>(header.clock_uncertainty_us, 0));
  // The simulation takes both from one integer instant, at speed 1, its start and offset whole
  // microseconds: system_time - clock_offset - start is model_time exactly.
  if (simulated_) system_tolerance_us_ = 0;
  if (!parse_count(header.internal_max, &internal_max_)) internal_max_ = 0;
  // The program's logs were drawn from their seed; hand-written ones (no version=) were not.
  if (!header.version.empty() && !header.seed.empty() && internal_max_ >= 3)
    draws_.emplace(header.machine, header.machines, internal_max_, header.seed_value);
}

void MachineChecker::violation(Rule rule, uint64_t line, const std::string& what) {
  findings_->add(rule, header_.path, line, what);
}

void MachineChecker::on_row(const Row& row) {
  last_line_ = row.line;
  if (row.model_us < last_model_us_) {
    violation(Rule::kModelTimeOrder, row.line,
              "model_time " + micros_text(row.model_us) + " is before the previous row's " +
                  micros_text(last_model_us_));
  }
  last_model_us_ = std::max(last_model_us_, row.model_us);
  // (failed_at_ is the parent's model time; a machine on its own clock may read later.)
  if (failed_at_us_ >= 0 && row.model_us > failed_at_us_ + header_.model_slack_us() && !after_failure_reported_) {
    after_failure_reported_ = true;
    violation(Rule::kRowAfterFailure, row.line,
              std::string(event_name(row.event)) + " at model_time " + micros_text(row.model_us) +
                  ", after the machine had failed (run.txt's failed_at_" + std::to_string(header_.machine) + "=" +
                  micros_text(failed_at_us_) + ")");
  }
  check_system_time(row);
  if (is_tick(row.event)) {
    on_tick(row);
  } else {
    on_pending(row);
  }
}

bool MachineChecker::peers_live_at(const Row& row) const {
  // (stopped_at is the parent's model time; a machine on its own clock may read earlier.)
  return all_peers_live_ && (peers_live_until_us_ < 0 || row.model_us + header_.model_slack_us() < peers_live_until_us_);
}

// The clock the rules give this row, given the clock after the previous event.
int64_t MachineChecker::expected_clock(const Row& row) {
  if (row.event == LogEvent::kReceive) return std::max(prev_clock_, row.msg_clock) + 1;
  return prev_clock_ + 1;
}

void MachineChecker::on_tick(const Row& row) {
  const char* name = event_name(row.event);
  if (in_pending_) violation(Rule::kPendingOrder, row.line, std::string(name) + " row after the PENDING rows");
  int64_t k = ++summary_.ticks;
  const int64_t due_ns = stamps_.due_ns(k), earliest_us = stamps_.earliest_us(k);
  if (simulated_) {
    // The simulation runs tick k at its due instant (its start at 0 ns), its model_time that
    // instant rounded to the microsecond: exactly. Only a real machine's ticks run late (a busy
    // host, a stop and continue).
    tick_ns_ = due_ns;
    if (row.model_us != earliest_us)
      violation(row.model_us < earliest_us ? Rule::kEarlyTick : Rule::kLateTick, row.line,
                "tick " + std::to_string(k) + " at model_time " + micros_text(row.model_us) + " is " +
                    (row.model_us < earliest_us ? "early" : "late") +
                    ": a simulated run ticks at its due instant, k/rate = " + std::to_string(due_ns) +
                    " ns, model_time " + micros_text(earliest_us));
  } else if (row.model_us < earliest_us) {
    // A real machine wakes at the due instant or later and stamps its row with its clock's
    // model time, read after it woke.
    violation(Rule::kEarlyTick, row.line,
              "tick " + std::to_string(k) + " at model_time " + micros_text(row.model_us) + " is early: not before " +
                  std::to_string(k) + "/rate = " + std::to_string(due_ns) + " ns, which a machine at speed " +
                  header_.speed_text + " stamps " + micros_text(earliest_us) + " at the earliest");
  }

  if (own_stop_us_ >= 0 && row.model_us > own_stop_us_ && !after_stop_reported_) {
    after_stop_reported_ = true;
    violation(Rule::kTickAfterStop, row.line,
              std::string(name) + " at model_time " + micros_text(row.model_us) + ", after the machine stopped ticking at " +
                  micros_text(own_stop_us_) + " (run.txt's " +
                  (exact_stop_ ? std::string("stopped_at: a simulated stop ends every tick at once")
                               : "stopped_" + std::to_string(header_.machine)) +
                  ")");
  }

  check_queue(row);

  int64_t expected = expected_clock(row);
  if (row.event == LogEvent::kReceive && row.clock <= row.msg_clock) {
    violation(Rule::kClockCondition, row.line,
              "RECV clock " + std::to_string(row.clock) + " is not above the message's msg_clock " +
                  std::to_string(row.msg_clock) + " (clock condition)");
  } else if (row.clock != expected) {
    std::string rule = row.event == LogEvent::kReceive
                           ? "max(" + std::to_string(prev_clock_) + ", msg_clock " + std::to_string(row.msg_clock) + ") + 1"
                           : std::to_string(prev_clock_) + " + 1";
    violation(Rule::kClockRule, row.line,
              std::string(name) + " clock " + std::to_string(row.clock) + ", expected " + rule + " = " +
                  std::to_string(expected));
  }

  switch (row.event) {
    case LogEvent::kInternal:
      ++summary_.internal;
      if (!row.peers.empty() || row.msg_clock >= 0 || row.wait_us >= 0)
        violation(Rule::kFields, row.line, "INTERNAL row with peers, msg_clock or queue_wait");
      // A draw v in 1..internal_max is internal only when v >= 4; below, it sends, and turns
      // internal only when the peers it names are gone. With the seed's draws, exactly that.
      if (draws_) {
        check_draw(row, true);
      } else if (internal_max_ >= 1 && internal_max_ <= 3 && peers_live_at(row)) {
        violation(Rule::kPeers, row.line,
                  "INTERNAL row, but with internal_max=" + header_.internal_max +
                      " every draw sends, and every peer still took messages");
      }
      break;
    case LogEvent::kSend:
      ++summary_.send_events;
      summary_.sent += static_cast<int64_t>(row.peers.size());
      if (row.msg_clock != row.clock)
        violation(Rule::kFields, row.line, "SEND msg_clock " + std::to_string(row.msg_clock) +
                                               " differs from its clock " + std::to_string(row.clock));
      if (row.wait_us >= 0) violation(Rule::kFields, row.line, "SEND row with a queue_wait");
      // A draw sends to one other machine or to every other machine; fewer than all of them
      // only when the others are gone.
      if (const bool valid = check_send_peers(row); draws_) {
        check_draw(row, valid);
      } else if (valid && row.peers.size() > 1 && peers_live_at(row) &&
                 static_cast<int64_t>(row.peers.size()) != header_.machines - 1) {
        violation(Rule::kPeers, row.line,
                  "SEND to " + std::to_string(row.peers.size()) + " machines, but a draw sends to one other machine or to all " +
                      std::to_string(header_.machines - 1) + ", and every peer still took messages");
      }
      break;
    case LogEvent::kReceive:
      ++summary_.received;
      summary_.wait_sum_us += static_cast<double>(row.wait_us);
      summary_.wait_max_us = std::max(summary_.wait_max_us, row.wait_us);
      take_message(row);
      break;
    case LogEvent::kPending:
      break;
  }

  int64_t jump = row.clock - prev_clock_;
  summary_.jump_sum += jump;
  summary_.jump_max = std::max(summary_.jump_max, jump);
  summary_.jumps.add(jump);
  summary_.queue_sum += static_cast<double>(row.queue);
  const double step = static_cast<double>(row.queue - tick_queue_);
  summary_.queue_step_sq += step * step;
  summary_.queue_max = std::max(summary_.queue_max, row.queue);
  summary_.queues.add(row.queue);
  summary_.final_clock = row.clock;
  prev_clock_ = row.clock;
  last_tick_us_ = row.model_us;
  tick_queue_ = row.queue;
  tick_line_ = row.line;
  if (events_ != nullptr) write_event(row, jump);
}

// Every tick that did not receive took the machine's next draw: its row against it (`judge`:
// its peers are valid ids, else the draw is only taken, the peers rule has spoken). A row that
// leaves out some of the draw's receivers waits for the end, when it is known who was gone.
void MachineChecker::check_draw(const Row& row, bool judge) {
  DrawCheck::Verdict verdict = draws_->next(row);
  if (!judge || verdict.what.empty()) return;
  if (verdict.left_out.empty()) {
    violation(Rule::kDraw, row.line, verdict.what);
  } else if (peers_live_at(row)) {
    violation(Rule::kDraw, row.line, verdict.what + ", and every peer still took messages");
  } else {
    draw_gaps_.push_back({row.model_us, row.line, std::move(verdict.left_out), std::move(verdict.what)});
  }
}

void MachineChecker::on_pending(const Row& row) {
  ++summary_.pending;
  if (in_pending_ && row.queue != last_pending_queue_ - 1) {
    violation(Rule::kPendingCountdown, row.line,
              "PENDING queue " + std::to_string(row.queue) + ", expected " +
                  std::to_string(last_pending_queue_ - 1) + " (one less than the row before)");
  }
  // The queue is emptied at one instant at the end: every PENDING row carries it.
  if (in_pending_ && row.model_us != pending_at_us_) {
    violation(Rule::kPendingOrder, row.line,
              "PENDING row at model_time " + micros_text(row.model_us) + ", the PENDING row before at " +
                  micros_text(pending_at_us_) + " (the queue is emptied at one instant)");
  }
  if (!in_pending_) {
    pending_at_us_ = row.model_us;
    pending_line_ = row.line;
  }
  in_pending_ = true;
  last_pending_queue_ = row.queue;
  if (row.clock != prev_clock_) {
    violation(Rule::kPendingOrder, row.line,
              "PENDING row changes the clock from " + std::to_string(prev_clock_) + " to " +
                  std::to_string(row.clock));
  }
  take_message(row);
}

void MachineChecker::check_system_time(const Row& row) {
  const double off_us = static_cast<double>(row.system_us - header_.clock_offset_us - header_.start_us) -
                        static_cast<double>(row.model_us) * real_per_model_;
  if (off_us <= system_tolerance_us_ && off_us >= -system_tolerance_us_) return;
  std::string what = "system_time ";
  append_micros(&what, row.system_us);
  if (header_.clock_uncertainty_us >= 0) what += " - clock_offset " + micros_text(header_.clock_offset_us);
  what += " is ";
  append_fixed(&what, off_us, 1);
  what += " us off start + model_time / speed (start " + micros_text(header_.start_us) + ", speed " +
          header_.speed_text + ")";
  if (simulated_) {
    violation(Rule::kSystemTime, row.line, what + ": a simulated run's two clocks agree exactly");
    return;
  }
  what += "; the tolerance is 2 us + the real time of 1 model us";
  if (header_.clock_uncertainty_us >= 0) what += " + clock_uncertainty " + micros_text(header_.clock_uncertainty_us) + " s";
  what += " = ";
  append_fixed(&what, system_tolerance_us_, 1);
  violation(Rule::kSystemTime, row.line, what + " us");
}

// The queue column of a tick row: what it found (queue, plus the message it took) and left.
void MachineChecker::check_queue(const Row& row) {
  const bool recv = row.event == LogEvent::kReceive;
  if (!recv && row.queue > 0) {
    violation(Rule::kIdleWithQueue, row.line,
              std::string(event_name(row.event)) + " with queue " + std::to_string(row.queue) +
                  ": a tick that finds a message waiting receives it");
  }
  // Between ticks the queue only grows: after one that left q > 0 comes a RECV that finds >= q.
  if (tick_line_ != 0 && tick_queue_ > 0 && (!recv || row.queue + 1 < tick_queue_)) {
    violation(Rule::kQueueBetweenTicks, row.line,
              std::string(event_name(row.event)) + " with queue " + std::to_string(row.queue) + " after the tick at line " +
                  std::to_string(tick_line_) + " left " + std::to_string(tick_queue_) +
                  " queued: the queue only grows between ticks, so this tick must be a RECV leaving at least " +
                  std::to_string(tick_queue_ - 1));
  }
  // It found messages first .. first + found - 1 of the queue order (arrived by its model_time),
  // and not message first + found (arrived at or after it).
  const int64_t first = bounds_.next_index();
  const int64_t found = row.queue + (recv ? 1 : 0);
  if (found > 0) bounds_.at_most(first + found - 1, row.model_us, row.line);
  bounds_.at_least(first + found, row.model_us, row.line);
  // The same at the tick's exact instant, for the simulated network's exact arrivals.
  if (simulated_ && found > 0) tick_bounds_ns_.at_most(first + found - 1, tick_ns_, row.line);
  if (simulated_) tick_bounds_ns_.at_least(first + found, tick_ns_, row.line);
}

// A RECV or PENDING row: the next message of the queue order.
void MachineChecker::take_message(const Row& row) {
  const int64_t arrival = row.model_us - row.wait_us;
  const QueueBounds::Bounds bounds = bounds_.take();
  auto head = [&] {
    return std::string(event_name(row.event)) + " with arrival " + micros_text(arrival) + " (model_time - queue_wait)";
  };
  if (arrival < last_arrival_us_) {
    violation(Rule::kArrivalOrder, row.line,
              head() + " before the arrival " + micros_text(last_arrival_us_) + " of the message at line " +
                  std::to_string(last_arrival_line_) + ", ahead of it in the queue");
  }
  if (arrival > bounds.at_most_us) {
    violation(Rule::kQueueArrivals, row.line,
              head() + " after model_time " + micros_text(bounds.at_most_us) + " of line " +
                  std::to_string(bounds.at_most_line) + ", whose queue column counts it as queued then");
  }
  if (arrival < bounds.at_least_us) {
    violation(Rule::kQueueArrivals, row.line,
              head() + " before model_time " + micros_text(bounds.at_least_us) + " of line " +
                  std::to_string(bounds.at_least_line) + ", whose queue column counts it as not queued yet");
  }
  if (arrival >= last_arrival_us_) {
    last_arrival_us_ = arrival;
    last_arrival_line_ = row.line;
  }
  if (valid_sender(row)) {
    const QueueBounds::Bounds ticks = simulated_ ? tick_bounds_ns_.take() : QueueBounds::Bounds();
    book_->record_arrival(header_.machine, row.peers[0], row.msg_clock, row.model_us, arrival, row.line,
                          row.event == LogEvent::kPending, ticks.at_most_us, ticks.at_least_us);
  } else if (simulated_) {
    (void)tick_bounds_ns_.take();
  }
}

bool MachineChecker::check_send_peers(const Row& row) {
  if (row.peers.empty()) {
    violation(Rule::kPeers, row.line, "SEND row without receivers");
    return false;
  }
  bool reported = false;
  for (size_t i = 0; i < row.peers.size(); ++i) {
    int64_t id = row.peers[i];
    bool ok = id < header_.machines && id != header_.machine && (i == 0 || id > row.peers[i - 1]);
    if (ok) {
      book_->record_send(header_.machine, id, row.msg_clock, row.model_us, row.line);
    } else if (!reported) {
      violation(Rule::kPeers, row.line,
                "SEND peers must be other machines' ids below " + std::to_string(header_.machines) +
                    ", ascending; got " + std::to_string(id) + " at position " + std::to_string(i + 1));
      reported = true;
    }
  }
  return !reported;
}

bool MachineChecker::valid_sender(const Row& row) {
  int64_t id = row.peers[0];
  if (id < header_.machines && id != header_.machine) return true;
  violation(Rule::kPeers, row.line,
            std::string(event_name(row.event)) + " from machine " + std::to_string(id) +
                ": not another machine of this run");
  return false;
}

void MachineChecker::write_event(const Row& row, int64_t jump) {
  scratch_.clear();
  append_micros(&scratch_, row.model_us);
  scratch_.push_back(' ');
  append_count(&scratch_, row.clock);
  scratch_.push_back(' ');
  append_count(&scratch_, jump);
  scratch_.push_back(' ');
  append_count(&scratch_, row.queue);
  scratch_.push_back(' ');
  scratch_.push_back(static_cast<char>('0' + static_cast<int>(row.event)));
  scratch_.push_back('\n');
  events_->append(scratch_);
}

void MachineChecker::finish(int64_t stopped_at_us, bool failed) {
  // A failed machine's log may end before its last PENDING row.
  if (!failed && in_pending_ && last_pending_queue_ != 0) {
    violation(Rule::kPendingCountdown, last_line_,
              "the last PENDING row has queue " + std::to_string(last_pending_queue_) + ", expected 0");
  }
  // The queue the last tick left is logged as PENDING rows (more if messages came after it);
  // a failed machine's log may end before them. Queue bounds still waiting for their message
  // are dropped: in a whole log, one that says a message was queued and has no row for it
  // already broke this rule or one of the rules between ticks (queue not taken, queue between
  // ticks), and one that says a message had not come yet holds if it never came. Those of a
  // failed machine say which messages missing from its log had arrived: the MessageBook
  // checks them against what was sent.
  if (failed) unlogged_queue_ = bounds_.held_at_most();
  // The last step of the queue: from what the last tick left to what is pending at the end
  // (messages that came after it), so a queue that only grew after its last tick still shows
  // a spread for its growth.
  if (!failed) {
    const double last_step = static_cast<double>(summary_.pending - tick_queue_);
    summary_.queue_step_sq += last_step * last_step;
  }
  if (!failed && summary_.pending < tick_queue_) {
    violation(Rule::kPendingShort, last_line_,
              std::to_string(summary_.pending) + " PENDING row(s), but the tick at line " + std::to_string(tick_line_) +
                  " left " + std::to_string(tick_queue_) + " message(s) queued");
  }
  int64_t expected = header_.expected_ticks();
  std::string rule = "floor(rate " + header_.rate_text + " x duration " + micros_text(header_.duration_us) + " s)";
  // A stop after the duration cuts a run short too: a machine whose ticks ran late (stopped,
  // or at a speed the host cannot keep up with) has ticks due before it still to run.
  const bool stopped = stopped_at_us >= 0;
  if (failed && last_tick_us_ > 0 && last_tick_us_ < header_.duration_us) summary_.duration_us = last_tick_us_;
  if (stopped) summary_.duration_us = std::min(summary_.duration_us, stopped_at_us);
  if (exact_stop_ && !failed && own_stop_us_ > 0) {
    // Every tick due more than 1 us before a simulated stop ran (model_time is rounded).
    const __int128 product = static_cast<__int128>(header_.rate_micro) * (own_stop_us_ - 1);
    const int64_t due = std::min(
        expected, static_cast<int64_t>(product / (static_cast<__int128>(kMicrosPerSecond) * kMicrosPerSecond)));
    if (summary_.ticks < due) {
      violation(Rule::kTickCount, last_line_,
                std::to_string(summary_.ticks) + " tick rows in a simulated run stopped at " + micros_text(own_stop_us_) +
                    ", fewer than the " + std::to_string(due) + " due before it, which a simulated stop runs");
    }
  }
  if (simulated_ && failed && failed_at_us_ > 0 && bytes_past_blocks_ > 0) {
    // Every tick due more than 1 us before the failure, or before a stop that came first, ran
    // (model_time is rounded), and its row is on file: the log was written whole.
    const int64_t until = exact_stop_ && own_stop_us_ >= 0 ? std::min(failed_at_us_, own_stop_us_) : failed_at_us_;
    const __int128 product = static_cast<__int128>(header_.rate_micro) * (until - 1);
    const int64_t due = std::min(
        expected, static_cast<int64_t>(product / (static_cast<__int128>(kMicrosPerSecond) * kMicrosPerSecond)));
    if (summary_.ticks < due) {
      violation(Rule::kTickCount, last_line_,
                std::to_string(summary_.ticks) + " tick rows of a simulated machine that failed at " +
                    micros_text(failed_at_us_) + ", fewer than the " + std::to_string(due) + " due before " +
                    micros_text(until) + ": a simulated log is written whole when its machine fails, or else ends "
                    "where a block of its rows reached " + std::to_string(EventLog::kFlushBytes) + " bytes, and its "
                    "rows end " + std::to_string(bytes_past_blocks_) + " bytes past one");
    }
  }
  if (stopped || failed) {
    if (summary_.ticks > expected) {
      violation(Rule::kTickCount, last_line_,
                std::to_string(summary_.ticks) + " tick rows in a run cut short, more than " + rule + " = " +
                    std::to_string(expected));
    }
  } else if (summary_.ticks != expected) {
    violation(Rule::kTickCount, last_line_,
              std::to_string(summary_.ticks) + " tick rows, expected " + rule + " = " + std::to_string(expected));
  }
}

}  // namespace lc::lcstat
