#include "logical_clock/real/machine_runner.h"

#include <poll.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "logical_clock/base/decimal.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/log/log_format.h"

namespace lc {

WaitResult MachineRunner::wait_any(std::vector<pollfd>* fds, int64_t deadline_ns, int stop_at, bool flush_links) {
  const size_t own = fds->size();
  for (;;) {
    beat();
    if (listener_) stats_->hellos.store(listener_->hellos(), std::memory_order_relaxed);
    stats_->held.store(static_cast<int64_t>(links_.held()), std::memory_order_relaxed);
    if (machine_sigterms() >= stop_at) return WaitResult::kInterrupted;
    fds->resize(own);
    fds->push_back(pollfd{wake_.get(), POLLIN, 0});
    fds->push_back(pollfd{listener_ ? listener_->news_fd() : -1, POLLIN, 0});
    const int64_t now = monotonic_ns();
    if (flush_links) {
      links_.release_due(now);
      links_.add_pollfds(fds);
    }
    // Wakes at least every kBeatMs, for the heartbeat, and when a held message is due.
    int64_t timeout_ns = int64_t{kBeatMs} * 1'000'000;
    if (deadline_ns >= 0) {
      if (deadline_ns <= now) return WaitResult::kTimeout;
      timeout_ns = std::min(timeout_ns, deadline_ns - now);
    }
    if (const int64_t release = flush_links ? links_.next_release_ns() : -1; release >= 0)
      timeout_ns = std::max<int64_t>(0, std::min(timeout_ns, release - now));
    const timespec timeout{static_cast<time_t>(timeout_ns / 1'000'000'000), static_cast<long>(timeout_ns % 1'000'000'000)};
    const int n = ::ppoll(fds->data(), fds->size(), &timeout, nullptr);
    if (n < 0 && errno != EINTR) return WaitResult::kError;
    if (n <= 0) continue;
    bool ready = false;
    for (size_t i = 0; i < own; ++i) ready = ready || (*fds)[i].revents != 0;
    if ((*fds)[own].revents) eventfd_drain(wake_.get());
    bool news = false;
    if ((*fds)[own + 1].revents) {
      eventfd_drain(listener_->news_fd());
      news = true;
    }
    for (size_t i = own + 2; i < fds->size(); ++i) news = news || (*fds)[i].revents != 0;
    if (news) {
      if (flush_links) links_.flush();
      notice_peers();
    }
    if (ready) return WaitResult::kReady;
  }
}

WaitResult MachineRunner::wait_for(int fd, int64_t deadline_ns, int stop_at) {
  fds_.assign(1, pollfd{fd, POLLIN, 0});
  return wait_any(&fds_, deadline_ns, stop_at, true);
}

// Sleeps until an absolute CLOCK_MONOTONIC instant, or until a SIGTERM.
Status MachineRunner::wait_until(int64_t deadline_ns) {
  if (monotonic_ns() >= deadline_ns) return Status::ok();
  Status s = timerfd_arm_at(timer_.get(), deadline_ns);
  if (!s.is_ok()) return s;
  // No read of the expiry count afterwards: the next timerfd_settime resets it.
  if (wait_for(timer_.get(), -1, 1) == WaitResult::kError) return Status::from_errno("poll", errno);
  return Status::ok();
}

// Acts on what the listener saw of the peers: one that left (its bye came) is answered with a
// bye of this machine's own and sent nothing more, so its final drain ends at once; one that
// went down is sent nothing more. Links that went down on their own (a failed send, a full
// backlog) are reported too. Before the start nothing is acted on: the parent ends a run whose
// machine died while starting.
void MachineRunner::notice_peers() {
  if (!clock_) return;
  news_seen_ = listener_->news();
  for (int peer = 0; peer < machines_; ++peer) {
    if (peer == id_) continue;
    if (const int64_t at = listener_->down_at(peer); at != 0) {
      links_.take_down(peer, "went down at model time " + model_time_text(at) + " s");
    } else if (const int64_t left = listener_->left_at(peer); left != 0 && links_.up(peer)) {
      links_.close(peer);
      if (ticking_) say("machine " + std::to_string(peer) + " left at model time " + model_time_text(left) +
                        " s; sending it nothing more");
    }
  }
  report_downs();
}

void MachineRunner::report_downs() {
  for (const PeerLinks::Down& d : links_.take_downs()) {
    std::string line = "machine " + std::to_string(d.peer) + " " + d.why + "; sending it nothing more";
    shared_->down_at_ns(id_, d.peer).store(d.at_ns, std::memory_order_relaxed);
    if (d.dropped > 0 && d.over_bound) {
      shared_->dropped(id_, d.peer).fetch_add(d.dropped, std::memory_order_relaxed);
      shared_->dropped_at_ns(id_, d.peer).store(d.at_ns, std::memory_order_relaxed);
      line += " (" + std::to_string(d.dropped) + " messages to it dropped)";
    } else if (d.dropped > 0) {
      line += " (" + std::to_string(d.dropped) + " messages to it not sent)";
    } else if (d.held > 0) {
      line += " (the " + std::to_string(d.held) + " messages held for it still go at their instants)";
    }
    say(line);
  }
}

}  // namespace lc
