// MessageQueue: a machine's unbounded FIFO of received messages. The listener thread pushes
// whole batches as they arrive; the tick loop takes at most one message per tick and never
// waits on it (ticks are driven by the clock, not by arrivals). Thread-safe; nothing slow
// happens under the lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace lc {

struct Message {
  int sender = 0;
  uint64_t clock = 0;      // the sender's timestamp
  int64_t arrival_ns = 0;  // CLOCK_MONOTONIC when the listener queued it
};

class MessageQueue {
 public:
  void push(const std::vector<Message>& batch);
  // Takes the oldest message; `left` gets the number still queued. False when empty.
  bool pop(Message* out, size_t* left);
  // Takes every message, oldest first.
  std::vector<Message> take_all();
  // The longest the queue has been, just after a push.
  size_t peak() const;

 private:
  mutable std::mutex mu_;
  std::deque<Message> items_;
  size_t peak_ = 0;
};

}  // namespace lc
