// Findings: the violations of the model's rules found in a run. Keeps the text of the first
// kShown ones ("<file>:<line>: <what>") and a count per rule. Owned by one thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lc::lcstat {

enum class Rule {
  kClockRule,         // clock is not prev + 1 (INTERNAL, SEND) or max(prev, msg) + 1 (RECV)
  kClockCondition,    // RECV clock not above the msg_clock it received
  kPeers,             // peers empty on SEND, unsorted, itself, or no such machine
  kFields,            // a field that must be empty is not, or msg_clock != clock on SEND
  kModelTimeOrder,    // model_time decreases
  kEarlyTick,         // tick k before k/rate
  kLateTick,          // simulated: tick k after k/rate (+ 1 us of rounding)
  kTickCount,         // tick rows != floor(rate x duration)
  kTickAfterStop,     // a tick row after the machine's own stop (run.txt's stopped_<id>)
  kRowAfterFailure,   // a row of a failed machine after the instant it had failed (failed_at_<id>)
  kPendingOrder,      // a tick row after PENDING rows, PENDING changes the clock or its instant
  kPendingCountdown,  // PENDING queue values are not P-1, ..., 0
  kIdleWithQueue,     // INTERNAL or SEND with queue > 0: a waiting message must be received
  kQueueBetweenTicks, // after a tick that left q > 0, a tick that is not a RECV finding >= q
  kPendingShort,      // fewer PENDING rows than the last tick left queued
  kArrivalOrder,      // arrivals (model_time - queue_wait) decrease in queue order
  kQueueArrivals,     // a queue column that disagrees with the arrival instants
  kSystemTime,        // system_time is not start + model_time / speed
  kArrivalBeforeSend, // a message arrived before the model_time of its SEND
  kArrivalBeforeDelay,  // a message arrived before its SEND's model_time plus its channel's drawn delay
  kArrivalAfterDelay,   // simulated: a message arrived after its drawn delay (and its channel's FIFO) allow
  kPartitionArrival,    // simulated: a message arrived on a channel while a partition cut it
  kUndelivered,         // undelivered_<from>_<to> with no partition cutting the channel at the end, or
                        // counting a message that had to arrive before the end
  kLost,              // a message sent but neither received nor pending, beyond run.txt's count
  kLostMidChannel,    // a message missing while a later one of its channel arrived
  kLossCount,         // run.txt counts more missing messages on a channel than there are
  kLossWithoutCause,  // run.txt's lost_<from>_<to> > 0, with neither machine failed nor forced=1
  kDuplicate,         // a message received (or pending) twice
  kReordered,         // a channel delivered out of its sending order
  kUnmatched,         // RECV or PENDING of a message that was never sent
  kVectorClock,       // a logged vclock that differs from the vector clock rebuilt from the logs
  kDraw,              // an INTERNAL or SEND row that is not what the machine's draw from the seed says
  kCount
};

const char* rule_name(Rule rule);

class Findings {
 public:
  static constexpr size_t kShown = 20;

  void add(Rule rule, const std::string& path, uint64_t line, const std::string& what);
  uint64_t total() const { return total_; }
  uint64_t count(Rule rule) const { return counts_[static_cast<size_t>(rule)]; }
  const std::vector<std::string>& shown() const { return shown_; }
  // "3 violations: 2 clock rule, 1 lost message".
  std::string tally() const;

 private:
  uint64_t total_ = 0;
  std::array<uint64_t, static_cast<size_t>(Rule::kCount)> counts_{};
  std::vector<std::string> shown_;
};

}  // namespace lc::lcstat
