#include "logical_clock/model/model_clock.h"

#include <cmath>
#include <limits>

namespace lc {

// At speed 1 (the simulation's clock, and the real engine's default) every conversion is exact
// in integers: long double is 80 bits on x86-64, 128 on aarch64 and a plain double elsewhere,
// and the simulation's bytes may not depend on which. Where long double has a 64-bit
// significand (x86-64) the integer results are the ones it gave: an int64 nanosecond count
// over 1000 is then rounded by less than the 1/1000 that separates it from a tie.
int64_t ModelClock::real_span_ns(int64_t model_us, double speed) {
  if (!(speed > 0)) return -1;
  if (speed == 1.0) {
    const __int128 ns = static_cast<__int128>(model_us) * 1000;
    return ns <= kMaxRealNs ? static_cast<int64_t>(ns) : -1;
  }
  const long double ns = std::ceil(static_cast<long double>(model_us) * 1000.0L / static_cast<long double>(speed));
  if (!(ns <= static_cast<long double>(kMaxRealNs))) return -1;
  return static_cast<int64_t>(ns);
}

int64_t ModelClock::model_us(int64_t mono_ns) const {
  if (speed_ == 1.0) return round_div_1000(mono_ns - start_mono_ns_);
  return std::llround(static_cast<long double>(mono_ns - start_mono_ns_) * static_cast<long double>(speed_) / 1000.0L);
}

int64_t ModelClock::mono_ns_at(int64_t num, int64_t den) const {
  if (speed_ == 1.0) {
    const __int128 ns = static_cast<__int128>(num) * 1'000'000'000;
    return start_mono_ns_ + static_cast<int64_t>((ns + den - 1) / den);
  }
  // long double keeps num * 1e9 exact far beyond any run's tick count.
  const long double real_ns = static_cast<long double>(num) * 1e9L /
                              (static_cast<long double>(den) * static_cast<long double>(speed_));
  return start_mono_ns_ + static_cast<int64_t>(std::ceil(real_ns));
}

int64_t ModelClock::mono_ns_after(int64_t model_us, int64_t delay_ns) const {
  constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
  const __int128 model_ns = static_cast<__int128>(model_us) * 1000 + delay_ns;
  __int128 real_ns = model_ns;
  if (speed_ != 1.0) {
    const long double ns = std::ceil(static_cast<long double>(model_ns) / static_cast<long double>(speed_));
    if (!(ns < static_cast<long double>(kNever))) return kNever;
    real_ns = static_cast<__int128>(ns);
  }
  const __int128 at = start_mono_ns_ + real_ns;
  return at < kNever ? static_cast<int64_t>(at) : kNever;
}

}  // namespace lc
