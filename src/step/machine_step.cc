#include "logical_clock/step/machine_step.h"

namespace lc {

void MachineStep::begin(int64_t model_us, int64_t system_us, size_t left) {
  row_ = LogRow();
  row_.system_us = system_us;
  row_.model_us = model_us;
  row_.queue = left;
  row_.receivers = &receivers_;
  receivers_.clear();
}

const LogRow& MachineStep::pending(const Head& message, size_t left, int64_t model_us, int64_t system_us) {
  begin(model_us, system_us, left);
  row_.event = LogEvent::kPending;
  row_.clock = machine_.clock();
  row_.peer = message.sender;
  row_.msg_clock = message.clock;
  row_.queue_wait_us = model_us - message.arrival_us;
  if (vector_) row_.vclock = message.vclock;
  return row_;
}

}  // namespace lc
