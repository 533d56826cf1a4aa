// ShuffleDraws: the draws of a partial Fisher-Yates shuffle of n items, rng.uniform(0, n-1-i)
// at step i, the very values Rng::uniform gives from the same stream (so every p-value is the
// same), at a fraction of the cost: each step's rejection limit and divisor are worked out
// once per test instead of once per draw. Three 64-bit divisions per draw were most of a
// study's report time at hundreds of runs per configuration (9,999 shuffles per test).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "logical_clock/model/rng.h"

namespace lc::study {

class ShuffleDraws {
 public:
  // Steps 0 .. steps-1 of a shuffle of n items (steps <= n).
  ShuffleDraws(size_t n, size_t steps) {
    steps_.reserve(steps);
    for (size_t i = 0; i < steps && i < n; ++i) {  // a range of at least 1
      const uint64_t range = static_cast<uint64_t>(n - i);
      // As Rng::uniform: accepted values are an exact multiple of range.
      const uint64_t limit = UINT64_MAX - (UINT64_MAX % range + 1) % range;
      steps_.push_back(Step{range, limit, UINT64_MAX / range});
    }
  }

  // rng.uniform(0, n - 1 - i), drawn the same way.
  size_t draw(Rng& rng, size_t i) const {
    const Step& s = steps_[i];
    uint64_t x;
    do {
      x = rng.next();
    } while (x > s.limit);
    // x % range by the reciprocal: the quotient estimate is at most 2 short, never over.
    __extension__ using Wide = unsigned __int128;
    const uint64_t q = static_cast<uint64_t>((static_cast<Wide>(x) * s.reciprocal) >> 64);
    uint64_t r = x - q * s.range;
    while (r >= s.range) r -= s.range;
    return static_cast<size_t>(r);
  }

 private:
  struct Step {
    uint64_t range;
    uint64_t limit;
    uint64_t reciprocal;  // floor((2^64 - 1) / range)
  };
  std::vector<Step> steps_;
};

}  // namespace lc::study
