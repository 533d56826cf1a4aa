#include "logical_clock/model/rng.h"

namespace lc {

namespace {

uint64_t splitmix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

Rng::Rng(uint64_t seed, uint64_t stream) {
  // Mix the stream in before expansion so that neighbouring streams share no state.
  uint64_t mix = seed;
  uint64_t salt = splitmix64(&mix) ^ (stream * 0xd1b54a32d192ed03ULL);
  for (uint64_t& word : s_) word = splitmix64(&salt);
}

uint64_t Rng::uniform(uint64_t lo, uint64_t hi) {
  const uint64_t span = hi - lo;
  if (span == UINT64_MAX) return next();
  const uint64_t range = span + 1;
  // Rejection on the top of the 64-bit space: the accepted values are an exact multiple of range.
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % range + 1) % range;
  uint64_t x;
  do {
    x = next();
  } while (x > limit);
  return lo + x % range;
}

}  // namespace lc
