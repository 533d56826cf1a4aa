// The rules of the model, free of sockets, threads and sleeps so that any engine (processes
// and TCP today, a virtual-time simulator later) and the tests can drive them.
//   LamportClock: the logical clock of one machine and its three rules.
//   choose_action: what a machine does on a tick with an empty queue, given its draw v.
//   Machine: one machine's clock, random stream and counters; the engine feeds it ticks.
// Plain values; one owner per instance.
#pragma once

#include <cstdint>

#include "logical_clock/model/rng.h"

namespace lc {

class LamportClock {
 public:
  uint64_t value() const { return value_; }
  // An internal event or a send event: the clock moves one step; a send's messages carry
  // the returned value, the send event's own timestamp.
  uint64_t tick() { return ++value_; }
  // A receive: the clock jumps past the message's timestamp, so receive > send always.
  uint64_t receive(uint64_t msg_clock) {
    value_ = (msg_clock > value_ ? msg_clock : value_) + 1;
    return value_;
  }

 private:
  uint64_t value_ = 0;
};

struct Action {
  enum Kind { kInternal, kSendOne, kSendAll };
  Kind kind = kInternal;
  int peer = -1;  // kSendOne: the receiver
};

// v in 1..INTERNAL_MAX. 1, 2: one peer (N = 3: 1 the lower-id other machine, 2 the higher-id
// one; otherwise a peer drawn uniformly from rng); 3: every other machine; 4 and up: internal.
Action choose_action(uint64_t v, int self, int machines, Rng& rng);

// What a tick did, for the log and the transport.
struct TickEvent {
  enum Kind { kInternal, kSend, kReceive };
  Kind kind = kInternal;
  uint64_t clock = 0;      // the clock after the event
  uint64_t msg_clock = 0;  // kSend: the stamp the messages carry; kReceive: the one received
  int peer = -1;           // kSend to one: the receiver; kReceive: the sender
  bool to_all = false;     // kSend: sent to every other machine
};

class Machine {
 public:
  Machine(int id, int machines, int internal_max, uint64_t seed);

  // A tick with a message at the head of the queue (taken out by the caller).
  TickEvent receive(int sender, uint64_t msg_clock);
  // A tick with an empty queue: draw v and act.
  TickEvent act();

  int id() const { return id_; }
  int machines() const { return machines_; }
  uint64_t clock() const { return clock_.value(); }

 private:
  int id_;
  int machines_;
  int internal_max_;
  Rng rng_;
  LamportClock clock_;
};

}  // namespace lc
