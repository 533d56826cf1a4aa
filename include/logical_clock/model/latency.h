// Latency: the delay of one message on a channel, as a network model draws it. A spec is text
// (the command line's --latency and --link, and the logs' header): "none" (nothing added: 0,
// the real engine's default, whose messages then take what loopback takes), a constant ("0", "250us")
// or a distribution: "uniform:A:B", "exp:MEAN", "normal:MEAN:SD" (truncated at 0: drawn again
// while negative), "lognormal:MEAN:SD" (mean and standard deviation of the delay itself).
// Durations take a unit (ns, us, ms or s; "0" may go without) and at most kMaxNs. Draws are
// whole nanoseconds, capped at kMaxNs, made from the project's Rng with arithmetic that gives
// the same bits on every IEEE-754 machine, so a seed fixes every delay.
// A plain value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "logical_clock/base/status.h"
#include "logical_clock/model/rng.h"

namespace lc {

class Latency {
 public:
  static constexpr int64_t kMaxNs = int64_t{1'000'000} * 1'000'000'000;  // 10^6 s

  enum class Kind { kConstant, kUniform, kExp, kNormal, kLogNormal };

  // An error names the spec and what is wrong with it, in one line.
  static Status parse(std::string_view text, Latency* out);
  static Latency constant(int64_t ns);

  int64_t draw_ns(Rng& rng) const;
  Kind kind() const { return kind_; }
  int64_t fixed_ns() const { return a_ns_; }  // a constant's delay
  const std::string& text() const { return text_; }

 private:
  Kind kind_ = Kind::kConstant;
  std::string text_ = "0";
  int64_t a_ns_ = 0;  // constant; uniform low; mean
  int64_t b_ns_ = 0;  // uniform high; standard deviation
  double mu_ = 0, sigma_ = 0;  // lognormal: of the delay's logarithm
};

// Parses a duration with its unit ("250us", "1.5ms", "0") into whole nanoseconds.
Status parse_duration_ns(std::string_view text, int64_t* out);

// Natural logarithm and exponential from IEEE-754 basic operations only (no libm), each rounded
// on its own whatever the compiler's flags (latency.cc): the same bits on every machine.
// Relative error below 1e-15 over the ranges the draws use.
double exact_log(double x);
double exact_exp(double x);

}  // namespace lc
