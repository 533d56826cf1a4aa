// Histogram: how often each whole value occurred. Small non-negative values (the usual jumps
// and queue lengths) are counted in a flat array, the rest in a map. Owned by one thread.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace lc::lcstat {

class Histogram {
 public:
  static constexpr int64_t kDense = 4096;

  void add(int64_t value) {
    if (value >= 0 && value < kDense) {
      if (dense_.size() <= static_cast<size_t>(value)) dense_.resize(static_cast<size_t>(value) + 1, 0);
      ++dense_[static_cast<size_t>(value)];
    } else {
      ++sparse_[value];
    }
  }
  // (value, count) for every value seen, ascending.
  std::vector<std::pair<int64_t, uint64_t>> entries() const {
    std::vector<std::pair<int64_t, uint64_t>> out;
    auto it = sparse_.begin();
    for (; it != sparse_.end() && it->first < 0; ++it) out.emplace_back(*it);
    for (size_t v = 0; v < dense_.size(); ++v) {
      if (dense_[v] != 0) out.emplace_back(static_cast<int64_t>(v), dense_[v]);
    }
    for (; it != sparse_.end(); ++it) out.emplace_back(*it);
    return out;
  }

 private:
  std::vector<uint64_t> dense_;
  std::map<int64_t, uint64_t> sparse_;
};

}  // namespace lc::lcstat
