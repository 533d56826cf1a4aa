// Assertions for the test programs: always on (also under NDEBUG), and a failure prints the
// expression with file and line, then the test program exits 1 at the end of main.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>

namespace lc_test {

inline int& failures() {
  static int count = 0;
  return count;
}

inline void fail(const char* file, int line, const std::string& what) {
  std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what.c_str());
  ++failures();
}

// Returns the process exit status: 0 when every check passed.
inline int finish(const char* name) {
  if (failures() != 0) {
    std::fprintf(stderr, "%s: %d check(s) failed\n", name, failures());
    return 1;
  }
  std::printf("%s: all checks passed\n", name);
  return 0;
}

template <typename T>
std::string show(const T& v) {
  if constexpr (std::is_convertible_v<T, std::string>) {
    return "\"" + std::string(v) + "\"";
  } else {
    return std::to_string(v);
  }
}

}  // namespace lc_test

#define CHECK(expr) \
  do { if (!(expr)) lc_test::fail(__FILE__, __LINE__, #expr); } while (0)

#define CHECK_EQ(a, b)                                                                  \
  do {                                                                                  \
    const auto& lc_a_ = (a);                                                            \
    const auto& lc_b_ = (b);                                                            \
    if (!(lc_a_ == lc_b_))                                                              \
      lc_test::fail(__FILE__, __LINE__,                                                 \
                    std::string(#a " == " #b " (") + lc_test::show(lc_a_) + " vs " +    \
                        lc_test::show(lc_b_) + ")");                                    \
  } while (0)

// |a - b| <= tol, both printed on failure.
#define CHECK_WITHIN(a, b, tol)                                                                 \
  do {                                                                                          \
    const double lc_x_ = (a), lc_y_ = (b);                                                      \
    if (!(std::fabs(lc_x_ - lc_y_) <= (tol)))                                                   \
      lc_test::fail(__FILE__, __LINE__, std::string(#a " ~ " #b " (") + std::to_string(lc_x_) + \
                                            " vs " + std::to_string(lc_y_) + ")");             \
  } while (0)
