#include "logical_clock/model/tick_schedule.h"

#include <cmath>

namespace lc {

int64_t TickSchedule::due_ns(int64_t k) const {
  // long double keeps k * 1e9 exact far beyond any run's tick count.
  const long double real_ns = static_cast<long double>(k) * 1e9L /
                              (static_cast<long double>(rate_) * static_cast<long double>(speed_));
  return start_ns_ + static_cast<int64_t>(std::ceil(real_ns));
}

int64_t TickSchedule::end_ns() const {
  const long double real_ns = static_cast<long double>(duration_us_) * 1000.0L / static_cast<long double>(speed_);
  return start_ns_ + static_cast<int64_t>(std::ceil(real_ns));
}

int64_t TickSchedule::model_us(int64_t now_ns) const { return model_span_us(now_ns - start_ns_); }

int64_t TickSchedule::model_span_us(int64_t real_ns) const {
  return std::llround(static_cast<long double>(real_ns) * static_cast<long double>(speed_) / 1000.0L);
}

}  // namespace lc
