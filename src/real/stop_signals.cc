#include "logical_clock/real/stop_signals.h"

#include <pthread.h>
#include <sys/wait.h>

#include <atomic>
#include <cerrno>
#include <cstdio>

#include "logical_clock/base/sys.h"

namespace lc {

namespace {

// The handlers' only state. The count is a lock-free atomic and each stop handler blocks the
// other stop signals, so interleaved signals are each counted once.
std::atomic<int> g_stops{0};
static_assert(std::atomic<int>::is_always_lock_free, "used from a signal handler");
int g_stop_wake_fd = -1;

void on_stop(int) {
  g_stops.fetch_add(1, std::memory_order_relaxed);
  if (g_stop_wake_fd >= 0) eventfd_signal(g_stop_wake_fd);
}

void on_child(int) {
  if (g_stop_wake_fd >= 0) eventfd_signal(g_stop_wake_fd);
}

}  // namespace

Status StopSignals::install() {
  Status s = make_eventfd(&wake_);
  if (!s.is_ok()) return s;
  g_stop_wake_fd = wake_.get();
  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&sa.sa_mask, sig);
  sa.sa_handler = on_stop;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_child;
  sa.sa_flags = SA_NOCLDSTOP;
  ::sigaction(SIGCHLD, &sa, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  return Status::ok();
}

void StopSignals::drain() const { eventfd_drain(wake_.get()); }

int StopSignals::count() const { return g_stops.load(std::memory_order_relaxed); }

void StopSignals::add() const { g_stops.fetch_add(1, std::memory_order_relaxed); }

void StopSignals::leave_in_child() {
  g_stop_wake_fd = -1;
  wake_.reset();
}

HoldSignalsForFork::HoldSignalsForFork() {
  std::fflush(nullptr);
  sigset_t held;
  sigemptyset(&held);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGCHLD}) sigaddset(&held, sig);
  ::pthread_sigmask(SIG_BLOCK, &held, &old_);
}

HoldSignalsForFork::~HoldSignalsForFork() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

bool reap_child(pid_t pid, const std::string& name, std::string* why) {
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(pid, &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  const int err = errno;
  if (r == 0) return false;
  why->clear();
  if (r < 0) {
    *why = name + " could not be waited for: " + errno_text(err);
  } else if (WIFSIGNALED(status)) {
    *why = name + " was killed by signal " + std::to_string(WTERMSIG(status)) + " (" + signal_text(WTERMSIG(status)) + ")";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    *why = name + " failed with exit status " + std::to_string(WEXITSTATUS(status));
  }
  return true;
}

}  // namespace lc
