// wakeup: how late this host wakes a thread that sleeps to absolute deadlines, measured the
// way logical_clock's tick loop sleeps (a CLOCK_MONOTONIC timerfd armed with TIMER_ABSTIME,
// waited for with poll), with no other work. The floor under the ticks' lateness.
//
//   wakeup PERIOD_US COUNT
//
// Sleeps COUNT times, each to the next multiple of PERIOD_US after the start, and prints one
// line: count=... period_us=... p50_us=... p99_us=... max_us=... (real microseconds after the
// deadline; nearest rank). Exit status 0, or 2 on bad arguments or a failed syscall.
#include <poll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "logical_clock/base/sys.h"

namespace {

int64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "wakeup: %s: %s\n", what, lc::errno_text(errno).c_str());
  std::_Exit(2);
}

double nearest_rank(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[rank == 0 ? 0 : rank - 1];
}

}  // namespace

int main(int argc, char** argv) {
  const long period_us = argc == 3 ? std::atol(argv[1]) : 0;
  const long count = argc == 3 ? std::atol(argv[2]) : 0;
  if (period_us <= 0 || count <= 0) {
    std::fprintf(stderr, "usage: wakeup PERIOD_US COUNT\n");
    return 2;
  }
  const int fd = ::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  if (fd < 0) fail("timerfd_create");
  std::vector<double> late;
  late.reserve(static_cast<size_t>(count));
  const int64_t start = monotonic_ns();
  for (long k = 1; k <= count; ++k) {
    const int64_t due = start + k * period_us * 1000;
    itimerspec spec{};
    spec.it_value.tv_sec = due / 1'000'000'000;
    spec.it_value.tv_nsec = due % 1'000'000'000;
    if (::timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, nullptr) != 0) fail("timerfd_settime");
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, -1) < 0) {
      if (errno != EINTR) fail("poll");
    }
    late.push_back(static_cast<double>(monotonic_ns() - due) / 1000.0);
    uint64_t expiries = 0;
    if (::read(fd, &expiries, sizeof expiries) < 0 && errno != EAGAIN) fail("read timerfd");
  }
  std::printf("count=%ld period_us=%ld p50_us=%.1f p99_us=%.1f max_us=%.1f\n", count, period_us,
              nearest_rank(late, 0.50), nearest_rank(late, 0.99),
              *std::max_element(late.begin(), late.end()));
  return 0;
}
