// Rng: a small, fast, reproducible generator (xoshiro256**), seeded through splitmix64.
// Every random choice of a run derives from its one 64-bit seed: stream 0 draws the rates,
// stream i+1 drives machine i. A plain value; one owner per instance.
#pragma once

#include <cstdint>

namespace lc {

class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream);

  uint64_t next();
  // Uniform in [lo, hi] without modulo bias. Requires lo <= hi.
  uint64_t uniform(uint64_t lo, uint64_t hi);

 private:
  uint64_t s_[4] = {};
};

// The stream numbers of a run.
inline constexpr uint64_t kRateStream = 0;
inline constexpr uint64_t machine_stream(int id) { return static_cast<uint64_t>(id) + 1; }

}  // namespace lc
