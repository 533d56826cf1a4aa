#include "logical_clock/model/latency.h"

#include <cfloat>
#include <cmath>
#include <limits>
#include <vector>

// The draws must give the same bits on every machine (README, "The determinism promise"): each
// operation rounded to binary64 as IEEE-754 says, one at a time. What a compiler may be told
// to do otherwise is refused here, not left to make other runs.
#if defined(__FAST_MATH__) || (defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__) || \
    defined(__ASSOCIATIVE_MATH__) || defined(__RECIPROCAL_MATH__)
#error "latency.cc needs IEEE-754 arithmetic: build without -ffast-math, -Ofast, -ffinite-math-only, \
-fassociative-math, -freciprocal-math or -funsafe-math-optimizations"
#endif
// x87 without SSE2 (32-bit x86) keeps doubles in 80-bit registers and rounds them twice.
#if FLT_EVAL_METHOD != 0
#error "latency.cc needs double arithmetic evaluated in double (FLT_EVAL_METHOD 0): on 32-bit x86 build with -msse2 -mfpmath=sse"
#endif
static_assert(std::numeric_limits<double>::is_iec559 && std::numeric_limits<double>::digits == 53,
              "the draws need IEEE-754 binary64 doubles");
// clang defines no macro for -fassociative-math or -freciprocal-math alone: it is told here to
// keep this file's arithmetic as written whatever its flags (g++ defines the macros above).
// Fusion is left to rounded() below: neither compiler lets a pragma stop it under
// -ffp-contract=fast, and g++ honours none.
#if defined(__clang__)
#pragma float_control(precise, on)
#pragma clang fp contract(off)
#endif

namespace lc {

namespace {

constexpr double kLn2 = 0x1.62e42fefa39efp-1;

// x, rounded to double before anything else uses it. A compiler may fuse a product with the
// sum it feeds into one multiply-add that rounds once instead of twice, where the target has
// the instruction (aarch64; x86-64 with -march=haswell): g++ does so by default, even across
// statements, clang within an expression. CMakeLists.txt says -ffp-contract=off, but a build
// may use other flags, and under -ffp-contract=fast neither compiler heeds a pragma. A value
// read back from a volatile is a double in memory, out of fusion's reach: every product below
// that feeds a sum or a difference goes through here, and every quotient a compiler may make
// a product (x / n once a loop is unrolled).
double rounded(double x) {
  const volatile double stored = x;
  return stored;
}

// Uniform in (0, 1), never 0 or 1: 53 random bits, centred in their interval.
double open_unit(Rng& rng) { return (static_cast<double>(rng.next() >> 11) + 0.5) * 0x1p-53; }

// A standard normal draw, by Marsaglia's polar method (sqrt is correctly rounded by IEEE-754).
double standard_normal(Rng& rng) {
  for (;;) {
    // 2 x is exact, so a fused 2 x - 1 is the same double.
    const double u = 2 * open_unit(rng) - 1;
    const double v = 2 * open_unit(rng) - 1;
    const double s = rounded(u * u) + rounded(v * v);
    if (s > 0 && s < 1) return u * std::sqrt(-2 * exact_log(s) / s);
  }
}

int64_t to_ns(double x) {
  if (!(x > 0)) return 0;
  if (x >= static_cast<double>(Latency::kMaxNs)) return Latency::kMaxNs;
  return std::llround(x);
}

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> parts;
  for (;;) {
    const size_t colon = text.find(':');
    parts.push_back(text.substr(0, colon));
    if (colon == std::string_view::npos) return parts;
    text.remove_prefix(colon + 1);
  }
}

}  // namespace

double exact_log(double x) {
  int e = 0;
  double m = std::frexp(x, &e);  // exact: x = m * 2^e, 0.5 <= m < 1
  if (m < 0x1.6a09e667f3bcdp-1) {  // below 1/sqrt(2): keep m near 1
    m *= 2;
    --e;
  }
  // ln m = 2 atanh(t), t = (m - 1) / (m + 1), |t| < 0.172: the series converges fast.
  const double t = (m - 1) / (m + 1);
  const double t2 = t * t;
  double sum = 0;
  for (int k = 25; k >= 1; k -= 2) sum = rounded(sum * t2) + 1.0 / k;
  return rounded(2 * t * sum) + rounded(e * kLn2);
}

double exact_exp(double x) {
  if (x > 709) return HUGE_VAL;
  if (x < -745) return 0;
  // x = k ln2 + r, |r| <= ln2 / 2; e^r by its Taylor series. ln2 in two parts (the high one
  // with trailing zero bits, so k * high is exact) keeps r exact to the last bits.
  constexpr double kLn2High = 0x1.62e42feep-1;
  constexpr double kLn2Low = 0x1.a39ef35793c76p-33;
  const double k = std::nearbyint(x / kLn2);
  const double r = (x - rounded(k * kLn2High)) - rounded(k * kLn2Low);
  double sum = 1;
  for (int n = 22; n >= 1; --n) sum = 1 + rounded(sum * r / n);
  return std::ldexp(sum, static_cast<int>(k));
}

Status parse_duration_ns(std::string_view text, int64_t* out) {
  const std::string shown(text);
  if (text.empty()) return Status::error("an empty duration");
  if (text[0] == '-') return Status::error("'" + shown + "' is negative: a delay is 0 or more");
  if (text == "0") {
    *out = 0;
    return Status::ok();
  }
  size_t digits = 0;
  while (digits < text.size() && ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.')) ++digits;
  const std::string_view number = text.substr(0, digits), unit = text.substr(digits);
  int64_t scale = 0;  // nanoseconds per unit
  if (unit == "ns") scale = 1;
  else if (unit == "us") scale = 1'000;
  else if (unit == "ms") scale = 1'000'000;
  else if (unit == "s") scale = 1'000'000'000;
  else return Status::error("'" + shown + "' needs a unit: ns, us, ms or s");
  const size_t dot = number.find('.');
  const std::string_view whole = number.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view() : number.substr(dot + 1);
  if ((whole.empty() && frac.empty()) || (dot != std::string_view::npos && frac.empty()) ||
      frac.find('.') != std::string_view::npos || whole.size() > 12)
    return Status::error("'" + shown + "' is not a duration");
  int64_t value = 0;
  for (char c : whole) value = value * 10 + (c - '0');
  if (value > Latency::kMaxNs / scale) return Status::error("'" + shown + "' is more than 10^6 s");
  value *= scale;
  int64_t place = scale;
  for (char c : frac) {
    if (place % 10 != 0) return Status::error("'" + shown + "' is finer than a nanosecond");
    place /= 10;
    value += (c - '0') * place;
  }
  if (value > Latency::kMaxNs) return Status::error("'" + shown + "' is more than 10^6 s");
  *out = value;
  return Status::ok();
}

Latency Latency::constant(int64_t ns) {
  Latency l;
  l.a_ns_ = ns;
  // In the largest unit that holds it whole, as a user would write it.
  const char* unit = "ns";
  int64_t value = ns;
  for (const char* next : {"us", "ms", "s"}) {
    if (value == 0 || value % 1000 != 0) break;
    value /= 1000;
    unit = next;
  }
  l.text_ = ns == 0 ? "0" : std::to_string(value) + unit;
  return l;
}

Status Latency::parse(std::string_view text, Latency* out) {
  const std::string shown(text);
  auto bad = [&shown](const std::string& why) { return Status::error("latency '" + shown + "': " + why); };
  const std::vector<std::string_view> parts = split(text);
  const std::string_view name = parts[0];
  struct Form {
    const char* name;
    Kind kind;
    size_t values;
    const char* shape;
  };
  static constexpr Form kForms[] = {{"uniform", Kind::kUniform, 2, "uniform:LOW:HIGH"},
                                    {"exp", Kind::kExp, 1, "exp:MEAN"},
                                    {"normal", Kind::kNormal, 2, "normal:MEAN:SD"},
                                    {"lognormal", Kind::kLogNormal, 2, "lognormal:MEAN:SD"}};
  Latency l;
  l.text_ = shown;
  if (text == "none") {  // nothing added: the real engine's network is then the host's alone
    *out = l;
    return Status::ok();
  }
  size_t values = 1;
  if (parts.size() > 1) {
    const Form* form = nullptr;
    for (const Form& f : kForms)
      if (name == f.name) form = &f;
    if (form == nullptr)
      return bad("unknown form '" + std::string(name) + "' (a duration, uniform:, exp:, normal: or lognormal:)");
    if (parts.size() != form->values + 1) return bad(std::string("the form is ") + form->shape);
    l.kind_ = form->kind;
    values = form->values;
  }
  int64_t ns[2] = {0, 0};
  for (size_t i = 0; i < values; ++i) {
    Status s = parse_duration_ns(parts[parts.size() - values + i], &ns[i]);
    if (!s.is_ok()) return bad(s.message());
  }
  l.a_ns_ = ns[0];
  l.b_ns_ = ns[1];
  if (l.kind_ == Kind::kUniform && ns[0] > ns[1]) return bad("the low end is above the high end");
  if (l.kind_ == Kind::kLogNormal) {
    if (ns[0] == 0) return bad("a lognormal delay needs a mean above 0");
    const double m = static_cast<double>(ns[0]), sd = static_cast<double>(ns[1]);
    const double sigma2 = exact_log(1 + rounded((sd / m) * (sd / m)));
    l.sigma_ = std::sqrt(sigma2);
    l.mu_ = exact_log(m) - rounded(sigma2 / 2);
  }
  *out = l;
  return Status::ok();
}

int64_t Latency::draw_ns(Rng& rng) const {
  switch (kind_) {
    case Kind::kConstant: return a_ns_;
    case Kind::kUniform:
      return static_cast<int64_t>(rng.uniform(static_cast<uint64_t>(a_ns_), static_cast<uint64_t>(b_ns_)));
    case Kind::kExp: return to_ns(-static_cast<double>(a_ns_) * exact_log(open_unit(rng)));
    case Kind::kNormal:
      // Truncated at 0: negative draws are drawn again (a bounded number of times).
      for (int attempt = 0; attempt < 64; ++attempt) {
        const double x = static_cast<double>(a_ns_) + rounded(static_cast<double>(b_ns_) * standard_normal(rng));
        if (x >= 0) return to_ns(x);
      }
      return 0;
    case Kind::kLogNormal: return to_ns(exact_exp(mu_ + rounded(sigma_ * standard_normal(rng))));
  }
  return 0;
}

}  // namespace lc
