// MachineStep: what one tick of a machine does, the same in every engine. Given what the tick
// found in the machine's queue (the head it takes, if any, and how many messages stay behind),
// the instant it looked, and which peers still take messages, it applies the model (Machine:
// receive the head, or draw and act) and produces the tick's log row and the receivers of the
// messages it sends, all stamped with the row's msg_clock. A draw that names only peers that
// left or died is an internal event: the same clock step, so the clock rules hold either way.
// With vector clocks (--vector) it keeps the machine's VectorClock beside its Lamport clock and
// puts it in every row: the messages of a send carry it. It also keeps the machine's counters.
// Engines own the queue, the clocks and the transport; nothing else decides what a tick does.
// A plain value; one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <optional>

#include "logical_clock/log/log_format.h"
#include "logical_clock/model/machine.h"
#include "logical_clock/model/vector_clock.h"

namespace lc {

class MachineStep {
 public:
  struct Head {
    int sender = 0;
    uint64_t clock = 0;      // the sender's timestamp
    int64_t arrival_us = 0;  // model time it went into the queue
    const std::vector<uint64_t>* vclock = nullptr;  // the sender's vector clock (--vector)
  };
  struct Counts {
    int64_t ticks = 0;
    int64_t internal = 0;
    int64_t sent = 0;  // messages: a send to all counts one per receiver
    int64_t received = 0;
  };

  MachineStep(int id, int machines, int internal_max, uint64_t seed, bool vector = false)
      : machine_(id, machines, internal_max, seed) {
    if (vector) vector_.emplace(id, machines);
  }

  // One tick that looked at its queue at (model_us, system_us): `head` is the message it takes
  // (null: the queue was empty), `left` what stays queued, `live(peer)` whether the peer still
  // takes messages. The row stays valid until the next call; so do receivers().
  template <typename Live>
  const LogRow& tick(const Head* head, size_t left, int64_t model_us, int64_t system_us, const Live& live);
  // The PENDING row of a message still queued at the end; the clock does not change.
  const LogRow& pending(const Head& message, size_t left, int64_t model_us, int64_t system_us);

  const std::vector<int>& receivers() const { return receivers_; }
  // What the model did on the last tick, before the live peers were applied: a send's draw
  // names its receivers here (replay checks the live set against it).
  const TickEvent& event() const { return event_; }
  // The vector clock after the last tick (empty without --vector): a send's messages carry it.
  const std::vector<uint64_t>& vclock() const { return vector_ ? vector_->value() : kNoVector; }
  const Counts& counts() const { return counts_; }
  uint64_t clock() const { return machine_.clock(); }
  int id() const { return machine_.id(); }

 private:
  void begin(int64_t model_us, int64_t system_us, size_t left);

  static inline const std::vector<uint64_t> kNoVector;

  Machine machine_;
  std::optional<VectorClock> vector_;
  TickEvent event_;
  LogRow row_;
  std::vector<int> receivers_;
  Counts counts_;
};

template <typename Live>
const LogRow& MachineStep::tick(const Head* head, size_t left, int64_t model_us, int64_t system_us,
                                const Live& live) {
  begin(model_us, system_us, left);
  ++counts_.ticks;
  if (head != nullptr) {
    const TickEvent& e = event_ = machine_.receive(head->sender, head->clock);
    row_.event = LogEvent::kReceive;
    row_.clock = e.clock;
    row_.peer = head->sender;
    row_.msg_clock = head->clock;
    row_.queue_wait_us = model_us - head->arrival_us;
    ++counts_.received;
    if (vector_) {
      vector_->receive(*head->vclock);
      row_.vclock = &vector_->value();
    }
    return row_;
  }
  const TickEvent& e = event_ = machine_.act();
  row_.clock = e.clock;
  if (vector_) {
    vector_->tick();
    row_.vclock = &vector_->value();
  }
  if (e.kind == TickEvent::kSend) {
    const int self = machine_.id();
    if (e.to_all) {
      for (int peer = 0; peer < machine_.machines(); ++peer)
        if (peer != self && live(peer)) receivers_.push_back(peer);
    } else if (live(e.peer)) {
      receivers_.push_back(e.peer);
    }
  }
  if (receivers_.empty()) {
    ++counts_.internal;
  } else {
    row_.event = LogEvent::kSend;
    row_.msg_clock = e.msg_clock;
    counts_.sent += static_cast<int64_t>(receivers_.size());
  }
  return row_;
}

}  // namespace lc
