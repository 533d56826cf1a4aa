#include "tick_stamps.h"

#include <cmath>

namespace lc::lcstat {

namespace {

constexpr __int128 kNsPerSecondMicro = __int128{1'000'000'000} * 1'000'000;  // 10^9 ns x 10^6
constexpr long double kShrink = 1.0L - 0x1p-48L;

}  // namespace

int64_t TickStamps::due_ns(int64_t k) const {
  return static_cast<int64_t>((k * kNsPerSecondMicro + rate_micro_ - 1) / rate_micro_);
}

int64_t TickStamps::first_due_from(int64_t ns) const {
  // ceil(k x 10^15 / rate) >= ns  <=>  k x 10^15 > (ns - 1) x rate.
  if (ns <= 1) return 1;
  return static_cast<int64_t>((ns - 1) * static_cast<__int128>(rate_micro_) / kNsPerSecondMicro) + 1;
}

int64_t TickStamps::earliest_us(int64_t k) const {
  if (speed_ == 1.0) return (due_ns(k) + 500) / 1000;
  // The engine: real_ns = ceil(k x 10^9 / (rate x speed)); model_us = llround(real_ns x speed /
  // 1000) (ModelClock::mono_ns_at and model_us from a start of 0).
  const long double model_ns = static_cast<long double>(k) * 1e15L / static_cast<long double>(rate_micro_);
  const long double real_ns = std::ceil(model_ns / static_cast<long double>(speed_) * kShrink);
  return std::llround(real_ns * static_cast<long double>(speed_) / 1000.0L * kShrink);
}

}  // namespace lc::lcstat
