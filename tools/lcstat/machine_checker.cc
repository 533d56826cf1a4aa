#include "machine_checker.h"

#include <algorithm>

#include "logical_clock/log/numbers.h"

namespace lc::lcstat {

MachineChecker::MachineChecker(const LogHeader& header, MessageBook* book, Findings* findings,
                               OutputFile* events)
    : header_(header), book_(book), findings_(findings), events_(events) {
  summary_.machine = header.machine;
  summary_.rate_text = header.rate_text;
  summary_.rate_micro = header.rate_micro;
  summary_.duration_us = header.duration_us;
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
  if (is_tick(row.event)) {
    on_tick(row);
  } else {
    on_pending(row);
  }
}

// The clock the rules give this row, given the clock after the previous event.
int64_t MachineChecker::expected_clock(const Row& row) {
  if (row.event == Event::kRecv) return std::max(prev_clock_, row.msg_clock) + 1;
  return prev_clock_ + 1;
}

void MachineChecker::on_tick(const Row& row) {
  const char* name = event_name(row.event);
  if (in_pending_) violation(Rule::kPendingOrder, row.line, std::string(name) + " row after the PENDING rows");
  int64_t k = ++summary_.ticks;
  // Tick k is due at k/rate model seconds; 1 us of tolerance for the rounding of model_time.
  __int128 lhs = static_cast<__int128>(row.model_us + 1) * header_.rate_micro;
  __int128 rhs = static_cast<__int128>(k) * kMicrosPerSecond * kMicrosPerSecond;
  if (lhs < rhs) {
    violation(Rule::kEarlyTick, row.line,
              "tick " + std::to_string(k) + " at model_time " + micros_text(row.model_us) +
                  " is early: not before " + std::to_string(k) + "/rate = " +
                  micros_text(static_cast<int64_t>(rhs / header_.rate_micro)) + " s");
  }

  int64_t expected = expected_clock(row);
  if (row.event == Event::kRecv && row.clock <= row.msg_clock) {
    violation(Rule::kClockCondition, row.line,
              "RECV clock " + std::to_string(row.clock) + " is not above the message's msg_clock " +
                  std::to_string(row.msg_clock) + " (clock condition)");
  } else if (row.clock != expected) {
    std::string rule = row.event == Event::kRecv
                           ? "max(" + std::to_string(prev_clock_) + ", msg_clock " + std::to_string(row.msg_clock) + ") + 1"
                           : std::to_string(prev_clock_) + " + 1";
    violation(Rule::kClockRule, row.line,
              std::string(name) + " clock " + std::to_string(row.clock) + ", expected " + rule + " = " +
                  std::to_string(expected));
  }

  switch (row.event) {
    case Event::kInternal:
      ++summary_.internal;
      if (!row.peers.empty() || row.msg_clock >= 0 || row.wait_us >= 0)
        violation(Rule::kFields, row.line, "INTERNAL row with peers, msg_clock or queue_wait");
      break;
    case Event::kSend:
      ++summary_.send_events;
      summary_.sent += static_cast<int64_t>(row.peers.size());
      if (row.msg_clock != row.clock)
        violation(Rule::kFields, row.line, "SEND msg_clock " + std::to_string(row.msg_clock) +
                                               " differs from its clock " + std::to_string(row.clock));
      if (row.wait_us >= 0) violation(Rule::kFields, row.line, "SEND row with a queue_wait");
      check_send_peers(row);
      break;
    case Event::kRecv:
      ++summary_.received;
      summary_.wait_sum_us += static_cast<double>(row.wait_us);
      summary_.wait_max_us = std::max(summary_.wait_max_us, row.wait_us);
      if (valid_sender(row))
        book_->record_arrival(header_.machine, row.peers[0], row.msg_clock, row.model_us, row.line, false);
      break;
    case Event::kPending:
      break;
  }

  int64_t jump = row.clock - prev_clock_;
  summary_.jump_sum += jump;
  summary_.jump_max = std::max(summary_.jump_max, jump);
  summary_.jumps.add(jump);
  summary_.queue_sum += static_cast<double>(row.queue);
  summary_.queue_max = std::max(summary_.queue_max, row.queue);
  summary_.queues.add(row.queue);
  summary_.final_clock = row.clock;
  prev_clock_ = row.clock;
  last_tick_us_ = row.model_us;
  if (events_ != nullptr) write_event(row, jump);
}

void MachineChecker::on_pending(const Row& row) {
  ++summary_.pending;
  if (in_pending_ && row.queue != last_pending_queue_ - 1) {
    violation(Rule::kPendingCountdown, row.line,
              "PENDING queue " + std::to_string(row.queue) + ", expected " +
                  std::to_string(last_pending_queue_ - 1) + " (one less than the row before)");
  }
  in_pending_ = true;
  last_pending_queue_ = row.queue;
  if (row.clock != prev_clock_) {
    violation(Rule::kPendingOrder, row.line,
              "PENDING row changes the clock from " + std::to_string(prev_clock_) + " to " +
                  std::to_string(row.clock));
  }
  if (valid_sender(row))
    book_->record_arrival(header_.machine, row.peers[0], row.msg_clock, row.model_us, row.line, true);
}

void MachineChecker::check_send_peers(const Row& row) {
  if (row.peers.empty()) {
    violation(Rule::kPeers, row.line, "SEND row without receivers");
    return;
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
  if (in_pending_ && last_pending_queue_ != 0) {
    violation(Rule::kPendingCountdown, last_line_,
              "the last PENDING row has queue " + std::to_string(last_pending_queue_) + ", expected 0");
  }
  int64_t expected = header_.expected_ticks();
  std::string rule = "floor(rate " + header_.rate_text + " x duration " + micros_text(header_.duration_us) + " s)";
  const bool stopped = stopped_at_us >= 0 && stopped_at_us < header_.duration_us;
  if (failed && last_tick_us_ > 0 && last_tick_us_ < header_.duration_us) summary_.duration_us = last_tick_us_;
  if (stopped) summary_.duration_us = std::min(summary_.duration_us, stopped_at_us);
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
