// TickStamps: the model_time a machine's tick k can be stamped with, from the engine's own
// conversions (ModelClock). Tick k is due at the first real nanosecond at or after k/rate
// model seconds from the start; the machine wakes then or later, reads its clock, and stamps the
// row with that instant's model time, rounded to the microsecond. A simulated machine runs every
// tick at its due instant exactly. A plain value.
#pragma once

#include <cstdint>

namespace lc::lcstat {

class TickStamps {
 public:
  // rate_micro: ticks per second times 10^6, as the header gives it; speed: the header's.
  TickStamps(int64_t rate_micro, double speed) : rate_micro_(rate_micro), speed_(speed) {}

  // Nanoseconds of model time from the start to tick k's due instant, rounded up (at speed 1,
  // the real instant too): ceil(k x 10^9 / rate).
  int64_t due_ns(int64_t k) const;
  // The first tick (k >= 1) due at or after `ns` nanoseconds from the start.
  int64_t first_due_from(int64_t ns) const;
  // The earliest model_time (us) any machine can write for tick k: at speed 1, where the engine
  // converts in integers, its due instant rounded half up, exactly (a simulated tick's
  // model_time); at another speed the engine converts through long double, the real due instant
  // rounded up and its model time rounded half up: the same computed here with every product
  // shrunk by 2^-48 (more than any long double's rounding, 53 bits of significand or more), so
  // that a genuine log passes on every CPU: below the engine's stamp only where the engine's
  // sits within that of a rounding boundary (an exact half microsecond, say). (A stamp forged
  // just below such a boundary may be judged on one CPU and not on another.)
  int64_t earliest_us(int64_t k) const;

 private:
  int64_t rate_micro_;
  double speed_;
};

}  // namespace lc::lcstat
