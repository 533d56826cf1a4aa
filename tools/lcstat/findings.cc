#include "findings.h"

namespace lc::lcstat {

const char* rule_name(Rule rule) {
  switch (rule) {
    case Rule::kClockRule: return "clock rule";
    case Rule::kClockCondition: return "clock condition";
    case Rule::kPeers: return "peers";
    case Rule::kFields: return "row fields";
    case Rule::kModelTimeOrder: return "model_time order";
    case Rule::kEarlyTick: return "early tick";
    case Rule::kLateTick: return "late tick";
    case Rule::kTickCount: return "tick count";
    case Rule::kTickAfterStop: return "tick after stop";
    case Rule::kRowAfterFailure: return "row after failure";
    case Rule::kPendingOrder: return "pending rows";
    case Rule::kPendingCountdown: return "pending countdown";
    case Rule::kIdleWithQueue: return "queue not taken";
    case Rule::kQueueBetweenTicks: return "queue between ticks";
    case Rule::kPendingShort: return "pending short";
    case Rule::kArrivalOrder: return "arrival order";
    case Rule::kQueueArrivals: return "queue vs arrivals";
    case Rule::kSystemTime: return "system_time";
    case Rule::kArrivalBeforeSend: return "arrival before send";
    case Rule::kArrivalBeforeDelay: return "arrival before delay";
    case Rule::kArrivalAfterDelay: return "arrival after delay";
    case Rule::kPartitionArrival: return "arrival across a partition";
    case Rule::kUndelivered: return "undelivered without cause";
    case Rule::kLost: return "lost message";
    case Rule::kLostMidChannel: return "lost mid-channel";
    case Rule::kLossCount: return "loss count";
    case Rule::kLossWithoutCause: return "loss without cause";
    case Rule::kDuplicate: return "duplicate message";
    case Rule::kReordered: return "reordered channel";
    case Rule::kUnmatched: return "message never sent";
    case Rule::kVectorClock: return "vector clock";
    case Rule::kDraw: return "draw";
    case Rule::kCount: break;
  }
  return "?";
}

void Findings::add(Rule rule, const std::string& path, uint64_t line, const std::string& what) {
  ++total_;
  ++counts_[static_cast<size_t>(rule)];
  if (shown_.size() < kShown) shown_.push_back(path + ":" + std::to_string(line) + ": " + what);
}

std::string Findings::tally() const {
  std::string text = std::to_string(total_) + (total_ == 1 ? " violation" : " violations");
  const char* sep = ": ";
  for (size_t r = 0; r < counts_.size(); ++r) {
    if (counts_[r] == 0) continue;
    text += sep + std::to_string(counts_[r]) + " " + rule_name(static_cast<Rule>(r));
    sep = ", ";
  }
  return text;
}

}  // namespace lc::lcstat
