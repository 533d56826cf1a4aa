// QueueBounds: what one machine's tick rows say about the arrival instants of the messages in
// its queue, kept until the rows of those messages are read. Messages are numbered in queue
// order (the machine's RECV rows, then its PENDING rows, in file order); a tick row bounds the
// last message it had in its queue from above (it had arrived) and the next one from below (it
// had not). Only the tightest bound per message is kept: dense for the next kDense messages,
// in a map beyond (a queue column too large to be true), so memory follows the longest queue
// and not the number of rows. Owned by one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

namespace lc::lcstat {

class QueueBounds {
 public:
  static constexpr int64_t kDense = 1 << 16;
  static constexpr int64_t kNone = std::numeric_limits<int64_t>::min();

  struct Bounds {
    int64_t at_most_us = std::numeric_limits<int64_t>::max();  // arrived at or before this
    uint64_t at_most_line = 0;                                 // the row that says so; 0: none
    int64_t at_least_us = kNone;                               // arrived at or after this
    uint64_t at_least_line = 0;
  };

  // Message `index` (not yet taken) arrived at or before `us`, says row `line`.
  void at_most(int64_t index, int64_t us, uint64_t line) {
    Bounds* b = slot(index);
    if (b != nullptr && us < b->at_most_us) {
      b->at_most_us = us;
      b->at_most_line = line;
    }
  }
  // Message `index` (not yet taken) arrived at or after `us`, says row `line`.
  void at_least(int64_t index, int64_t us, uint64_t line) {
    Bounds* b = slot(index);
    if (b != nullptr && us > b->at_least_us) {
      b->at_least_us = us;
      b->at_least_line = line;
    }
  }
  // The bounds of the next message in queue order, which are then forgotten.
  Bounds take();
  // The "arrived at or before" bounds still held for messages not taken (a failed machine's
  // log ends before their rows), by index from the next one (0), in index order.
  struct Held {
    int64_t offset;
    int64_t at_most_us;
    uint64_t line;
  };
  std::vector<Held> held_at_most() const;
  // The next message's index: how many were taken.
  int64_t next_index() const { return next_; }

 private:
  // Called for every tick row: the slots in use are found inline, the rest by add_slot().
  Bounds* slot(int64_t index) {
    const int64_t offset = index - next_;
    if (offset >= 0 && static_cast<uint64_t>(offset) < used_)
      return &ring_[(head_ + static_cast<size_t>(offset)) & (ring_.size() - 1)];
    return add_slot(index);
  }
  Bounds* add_slot(int64_t index);

  int64_t next_ = 0;
  std::vector<Bounds> ring_;  // a power of two long; message next_ + i at (head_ + i) & mask
  size_t head_ = 0;
  size_t used_ = 0;           // slots in use from head_
  std::map<int64_t, Bounds> far_;
};

}  // namespace lc::lcstat
