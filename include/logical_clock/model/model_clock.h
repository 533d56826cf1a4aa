// ModelClock: the one conversion between a run's model time and real time. Model time is
// microseconds since the common start and runs `speed` times faster than CLOCK_MONOTONIC;
// the logs' system time is the start's CLOCK_REALTIME plus the monotonic time elapsed since,
// so that a step of the wall clock during a run (NTP) shows nowhere. A machine whose wall clock
// reads off (--skew) has its skew in every system time, not in the start's (the common instant
// on the parent's clock) nor in model time. Conversions to model
// time round to the nearest microsecond and never decrease as real time grows, so stamps keep
// the order of the instants they stamp; conversions to real time round up, so a deadline is
// never early. Every instant of a run the options accept fits (see real_span_ns).
// A plain value.
#pragma once

#include <cstdint>

namespace lc {

class ModelClock {
 public:
  // The longest real time a run may span (100 years): with the monotonic clock's own value
  // and every margin added, no instant of an accepted run overflows int64 nanoseconds.
  static constexpr int64_t kMaxRealNs = int64_t{3'155'760'000} * 1'000'000'000;

  ModelClock(double speed, int64_t start_mono_ns, int64_t start_real_ns = 0, int64_t skew_ns = 0)
      : speed_(speed), start_mono_ns_(start_mono_ns), start_real_ns_(start_real_ns), skew_ns_(skew_ns) {}

  // Real nanoseconds that `model_us` of model time take at `speed` (rounded up), or -1 when
  // that is more than kMaxRealNs.
  static int64_t real_span_ns(int64_t model_us, double speed);

  // Model microseconds since the start at monotonic instant mono_ns (negative before it).
  int64_t model_us(int64_t mono_ns) const;
  // The first monotonic instant at which model time reaches num / den seconds; in exact
  // integer arithmetic at speed 1 (the simulation engine's clock).
  int64_t mono_ns_at(int64_t num, int64_t den) const;
  int64_t mono_ns_at_us(int64_t model_us) const { return mono_ns_at(model_us, 1'000'000); }
  // The first monotonic instant at which model time reaches model_us plus delay_ns (a held
  // message's release), rounded up as mono_ns_at; INT64_MAX, never, past what int64
  // nanoseconds hold: a delay of up to 10^6 model s at a low speed, or one added to the model
  // times of late ticks at a high one, need not fit.
  int64_t mono_ns_after(int64_t model_us, int64_t delay_ns) const;
  // Unix microseconds at monotonic instant mono_ns, and of the start (rounded to nearest, as
  // model time is: at speed 1 from a whole-microsecond start, system time is exactly the
  // start plus model time).
  int64_t system_us(int64_t mono_ns) const {
    return round_div_1000(start_real_ns_ + skew_ns_ + (mono_ns - start_mono_ns_));
  }
  int64_t start_system_us() const { return round_div_1000(start_real_ns_); }

  double speed() const { return speed_; }
  int64_t start_mono_ns() const { return start_mono_ns_; }

 private:
  // Half away from zero, like std::llround.
  static int64_t round_div_1000(int64_t ns) { return ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000); }

  double speed_;
  int64_t start_mono_ns_;
  int64_t start_real_ns_;
  int64_t skew_ns_;  // the machine's clock minus the start's (--skew)
};

}  // namespace lc
