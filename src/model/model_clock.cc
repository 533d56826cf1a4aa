#include "logical_clock/model/model_clock.h"

#include <cmath>

namespace lc {

int64_t ModelClock::real_span_ns(int64_t model_us, double speed) {
  if (!(speed > 0)) return -1;
  const long double ns = std::ceil(static_cast<long double>(model_us) * 1000.0L / static_cast<long double>(speed));
  if (!(ns <= static_cast<long double>(kMaxRealNs))) return -1;
  return static_cast<int64_t>(ns);
}

int64_t ModelClock::model_us(int64_t mono_ns) const {
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

}  // namespace lc
