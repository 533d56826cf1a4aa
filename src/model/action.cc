#include "logical_clock/model/machine.h"

namespace lc {

Action choose_action(uint64_t v, int self, int machines, Rng& rng) {
  Action a;
  if (v >= 4) return a;
  if (v == 3) {
    a.kind = Action::kSendAll;
    return a;
  }
  a.kind = Action::kSendOne;
  if (machines == 3) {
    // The classic rule: the two others in id order, v = 1 the lower, v = 2 the higher.
    const int lower = self == 0 ? 1 : 0;
    const int higher = self == 2 ? 1 : 2;
    a.peer = v == 1 ? lower : higher;
  } else {
    // Uniform over the machines - 1 others: draw an index and skip over self.
    int pick = static_cast<int>(rng.uniform(0, static_cast<uint64_t>(machines - 2)));
    a.peer = pick >= self ? pick + 1 : pick;
  }
  return a;
}

Machine::Machine(int id, int machines, int internal_max, uint64_t seed)
    : id_(id), machines_(machines), internal_max_(internal_max), rng_(seed, machine_stream(id)) {}

TickEvent Machine::receive(int sender, uint64_t msg_clock) {
  TickEvent e;
  e.kind = TickEvent::kReceive;
  e.msg_clock = msg_clock;
  e.peer = sender;
  e.clock = clock_.receive(msg_clock);
  return e;
}

TickEvent Machine::act() {
  const uint64_t v = rng_.uniform(1, static_cast<uint64_t>(internal_max_));
  const Action a = choose_action(v, id_, machines_, rng_);
  TickEvent e;
  e.clock = clock_.tick();
  if (a.kind == Action::kInternal) return e;
  e.kind = TickEvent::kSend;
  e.msg_clock = e.clock;
  e.to_all = a.kind == Action::kSendAll;
  e.peer = a.peer;
  return e;
}

}  // namespace lc
