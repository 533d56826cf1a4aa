// Rng: a small, fast, reproducible generator (xoshiro256**), seeded through splitmix64.
// Every random choice of a run derives from its one 64-bit seed: stream 0 draws the rates,
// stream i+1 drives machine i. A plain value; one owner per instance.
#pragma once

#include <cstdint>

namespace lc {

class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream);

  // Inline: the draws of lcstudy's permutation tests are most of its time.
  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [lo, hi] without modulo bias. Requires lo <= hi.
  uint64_t uniform(uint64_t lo, uint64_t hi);

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4] = {};
};

// The stream numbers of a run.
inline constexpr uint64_t kRateStream = 0;
inline constexpr uint64_t machine_stream(int id) { return static_cast<uint64_t>(id) + 1; }

}  // namespace lc
