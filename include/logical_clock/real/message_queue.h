// MessageQueue: a machine's unbounded FIFO of received messages. The listener thread pushes
// whole batches as they arrive; the tick loop takes at most one message per tick and never
// waits on it (ticks are driven by the clock, not by arrivals). Both sides read the clock
// under the queue's lock: a batch is stamped with its arrival instant as it goes in, and a
// pop (or take_all) returns the instant it looked. So a message stamped before that instant
// was in the queue then, and one stamped after was not: the stamps tell exactly what each
// tick saw. Thread-safe; nothing slow happens under the lock (one clock read).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "logical_clock/base/sys.h"

namespace lc {

struct Message {
  int sender = 0;
  uint64_t clock = 0;      // the sender's timestamp
  int64_t arrival_ns = 0;  // set by push(): when it went into the queue
  std::vector<uint64_t> vclock;  // the sender's vector clock (--vector), else empty
};

class MessageQueue {
 public:
  using Clock = int64_t (*)();
  explicit MessageQueue(Clock now = &monotonic_ns) : now_(now) {}

  // Appends a batch (moved from), every message stamped with one arrival instant (their
  // arrival_ns is ignored).
  void push(std::vector<Message>* batch);
  // Takes the oldest message; `left` gets the number still queued and `now_ns` the instant
  // it looked. False when empty.
  bool pop(Message* out, size_t* left, int64_t* now_ns);
  // Takes every message, oldest first; `now_ns` gets the instant they were taken.
  std::vector<Message> take_all(int64_t* now_ns);
  // The longest the queue has been, just after a push.
  size_t peak() const;

 private:
  Clock now_;
  mutable std::mutex mu_;
  std::deque<Message> items_;
  size_t peak_ = 0;
};

}  // namespace lc
