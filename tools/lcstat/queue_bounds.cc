#include "queue_bounds.h"

#include <algorithm>

namespace lc::lcstat {

QueueBounds::Bounds* QueueBounds::add_slot(int64_t index) {
  const int64_t offset = index - next_;
  if (offset < 0) return nullptr;  // taken already: the caller's indices are never that old
  if (offset >= kDense) return &far_[index];
  const auto want = static_cast<size_t>(offset) + 1;
  if (want > ring_.size()) {
    // Grow to the next power of two, unwinding the ring into order.
    size_t size = ring_.empty() ? 16 : ring_.size();
    while (size < want) size *= 2;
    std::vector<Bounds> grown(size);
    for (size_t i = 0; i < used_; ++i) grown[i] = ring_[(head_ + i) & (ring_.size() - 1)];
    ring_.swap(grown);
    head_ = 0;
  }
  used_ = std::max(used_, want);
  return &ring_[(head_ + static_cast<size_t>(offset)) & (ring_.size() - 1)];
}

std::vector<QueueBounds::Held> QueueBounds::held_at_most() const {
  std::vector<Held> held;
  for (size_t i = 0; i < used_; ++i) {
    const Bounds& b = ring_[(head_ + i) & (ring_.size() - 1)];
    if (b.at_most_line != 0) held.push_back(Held{static_cast<int64_t>(i), b.at_most_us, b.at_most_line});
  }
  for (const auto& [index, b] : far_)
    if (b.at_most_line != 0) held.push_back(Held{index - next_, b.at_most_us, b.at_most_line});
  return held;
}

QueueBounds::Bounds QueueBounds::take() {
  Bounds out;
  if (used_ > 0) {
    out = ring_[head_];
    ring_[head_] = Bounds();
    head_ = (head_ + 1) & (ring_.size() - 1);
    --used_;
  }
  if (!far_.empty() && far_.begin()->first == next_) {
    const Bounds& far = far_.begin()->second;
    if (far.at_most_us < out.at_most_us) {
      out.at_most_us = far.at_most_us;
      out.at_most_line = far.at_most_line;
    }
    if (far.at_least_us > out.at_least_us) {
      out.at_least_us = far.at_least_us;
      out.at_least_line = far.at_least_line;
    }
    far_.erase(far_.begin());
  }
  ++next_;
  return out;
}

}  // namespace lc::lcstat
