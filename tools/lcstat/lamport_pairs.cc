#include "lamport_pairs.h"

#include <algorithm>

namespace lc::lcstat {

LamportPairs::LamportPairs(size_t machines)
    : open_(machines),
      last_(machines, 0),
      earlier_(machines, 0),
      ties_(machines, 0),
      counts_(kBatch * 2, 0),
      behind_(machines),
      live_(machines) {}

void LamportPairs::watch(size_t machine, int64_t clock) {
  watch_machine_ = machine;
  watch_clock_ = clock;
  watch_seen_ = false;
}

bool LamportPairs::watched(int64_t* earlier, int64_t* ties) const {
  if (!watch_seen_) return false;
  *earlier = watch_earlier_;
  *ties = watch_ties_;
  return true;
}

// The ring must hold every clock value from base_ to `clock`.
void LamportPairs::grow_to(int64_t clock) {
  const auto need = static_cast<size_t>(clock - base_ + 1);
  if (need <= counts_.size()) return;
  size_t size = counts_.size();
  while (size < need) size *= 2;
  std::vector<int64_t> grown(size, 0);
  for (int64_t c = base_; c <= top_; ++c) grown[static_cast<size_t>(c) & (size - 1)] = count_at(c);
  counts_.swap(grown);
}

void LamportPairs::add(size_t machine, int64_t clock) {
  ++seen_;
  // (kClosed is above every clock.)
  if (clock <= last_[machine] || clock < base_ || clock - base_ >= std::max(kMinSpan, 4 * seen_)) {
    ++late_;
    return;
  }
  grow_to(clock);
  ++count_at(clock);
  top_ = std::max(top_, clock);
  open_[machine].clocks.push_back(clock);
  peak_window_ = std::max(peak_window_, ++held_);
  if (last_[machine] < threshold_ && clock >= threshold_) --behind_;
  last_[machine] = clock;
  settle_if_due();
}

void LamportPairs::close(size_t machine) {
  if (last_[machine] == kClosed) return;
  if (last_[machine] < threshold_) --behind_;
  last_[machine] = kClosed;
  if (--live_ == 0) {
    settle(top_);
  } else {
    settle_if_due();
  }
}

void LamportPairs::finish() {
  for (size_t m = 0; m < last_.size(); ++m) close(m);
}

// Every live machine has reached threshold_: the clocks up to the lowest of them are final.
void LamportPairs::settle_if_due() {
  while (behind_ == 0 && live_ > 0) {
    const int64_t floor = *std::min_element(last_.begin(), last_.end());
    settle(floor);
    threshold_ = floor + kBatch;
    behind_ = static_cast<size_t>(std::count_if(last_.begin(), last_.end(),
                                                [this](int64_t c) { return c < threshold_; }));
  }
}

void LamportPairs::settle(int64_t floor) {
  if (floor < base_) return;
  const int64_t high = std::min(floor, top_);
  // Events below each clock value from base_ to high.
  below_at_.clear();
  uint64_t running = below_;
  for (int64_t c = base_; c <= high; ++c) {
    below_at_.push_back(static_cast<int64_t>(running));
    running += static_cast<uint64_t>(count_at(c));
  }
  for (size_t m = 0; m < open_.size(); ++m) {
    Open& o = open_[m];
    while (o.head < o.clocks.size() && o.clocks[o.head] <= floor) {
      const int64_t c = o.clocks[o.head++];
      const int64_t earlier = below_at_[static_cast<size_t>(c - base_)];
      const int64_t ties = count_at(c) - 1;
      earlier_[m] += static_cast<unsigned __int128>(earlier);
      ties_[m] += static_cast<unsigned __int128>(ties);
      --held_;
      if (m == watch_machine_ && c == watch_clock_) {
        watch_seen_ = true;
        watch_earlier_ = earlier;
        watch_ties_ = ties;
      }
    }
    if (o.head == o.clocks.size()) {
      o.clocks.clear();
      o.head = 0;
    } else if (o.head >= 4096 && o.head * 2 >= o.clocks.size()) {
      o.clocks.erase(o.clocks.begin(), o.clocks.begin() + static_cast<ptrdiff_t>(o.head));
      o.head = 0;
    }
  }
  for (int64_t c = base_; c <= high; ++c) count_at(c) = 0;
  below_ = running;
  base_ = floor + 1;
}

}  // namespace lc::lcstat
