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

// The end barrier (see Supervisor::release_drain): tells the parent the ticks are done and
// waits for its word that every machine's are, or for a SIGTERM, or for its end of file.
Status MachineRunner::await_drain() {
  ControlFrame done;
  done.type = ControlType::kTicksDone;
  Status s = control_.send(done, "control socket");
  if (!s.is_ok()) return Status::ok();  // no parent to wait for: drain now
  for (;;) {
    if (wait_for(control_.get(), -1, 1) != WaitResult::kReady) {
      if (machine_sigterms() != 0) note_stop();  // a SIGTERM before the barrier let the machines go: it leaves early
      return Status::ok();
    }
    // Go, or the parent's end: either way the drain begins. A peer given up comes first.
    ControlFrame frame;
    ControlChannel::Got got = control_.next(&frame, true);
    while (got == ControlChannel::Got::kFrame && take_gone(frame)) got = control_.next(&frame, false);
    if (got != ControlChannel::Got::kNeedMore) return Status::ok();
  }
}

bool MachineRunner::take_gone(const ControlFrame& frame) {
  if (frame.type != ControlType::kGone) return false;
  const auto peer = static_cast<int>(frame.id);
  if (frame.id >= static_cast<uint32_t>(machines_) || peer == id_ || given_up_[static_cast<size_t>(peer)]) return true;
  given_up_[static_cast<size_t>(peer)] = true;
  links_.take_down(peer, "was given up by the run (no progress for 10 s, its host silent)");
  report_downs();
  return true;
}

bool MachineRunner::peers_settled() const {
  for (int peer = 0; peer < machines_; ++peer)
    if (peer != id_ && listener_->left_at(peer) == 0 && listener_->down_at(peer) == 0 &&
        !given_up_[static_cast<size_t>(peer)])
      return false;
  return true;
}

// A SIGTERM made this machine leave before the end barrier let every machine go: its peers
// may stop sending to it from now on while they still tick, and run.txt says when (replay
// checks them against it). Its ticks may all have run.
void MachineRunner::note_stop() {
  stats_->stopped_at_us.store(std::max<int64_t>(0, clock_->model_us(monotonic_ns())), std::memory_order_relaxed);
  // It ticks no more: the end barrier need not wait for it (the parent reads ticks_done as that).
  ControlFrame done;
  done.type = ControlType::kTicksDone;
  (void)control_.send(done, "control socket");
}

// Stops sending (a bye on every link), waits until every peer has left or gone down (nothing
// left in flight), then logs what is still queued. A slow peer is waited for; one that makes
// no progress is the parent's to kill (its connections then end). A second SIGTERM, or the
// parent gone (its end of the control socket), ends the wait: what is in flight then is not
// logged, the rest is.
Status MachineRunner::drain() {
  auto parent_gone = [this] {
    ControlFrame frame;  // a late go is harmless; a peer given up is taken as dead
    ControlChannel::Got got = control_.next(&frame, true);
    while (got == ControlChannel::Got::kFrame) {
      (void)take_gone(frame);
      got = control_.next(&frame, false);
    }
    if (got == ControlChannel::Got::kNeedMore) return false;
    control_.reset();
    return true;
  };
  bool cut = false;
  give_up_held();
  links_.finish(-1, [&](std::vector<pollfd>* fds, int64_t until) {
    for (;;) {
      const size_t links = fds->size();
      if (control_.valid()) fds->push_back(pollfd{control_.get(), POLLIN, 0});
      const WaitResult w = wait_any(fds, until, 2, false);
      const bool control_ready = control_.valid() && (*fds)[links].revents != 0;
      fds->resize(links);
      if (!control_ready) return w;
      if (parent_gone()) {
        cut = true;
        return WaitResult::kInterrupted;
      }
      bool any = false;
      for (const pollfd& p : *fds) any = any || p.revents != 0;
      if (any) return w;
    }
  });
  notice_peers();
  // Until every peer has closed, or those left to wait for were all given up: their
  // connections stay open (a stopped host's kernel keeps them), but nothing more comes of them.
  // (The listener's news does not end a wait: with a peer given up, it looks again each beat.)
  while (!cut && !peers_settled()) {
    fds_.assign(1, pollfd{listener_->done_fd(), POLLIN, 0});
    if (control_.valid()) fds_.push_back(pollfd{control_.get(), POLLIN, 0});
    bool any_given_up = false;
    for (bool g : given_up_) any_given_up = any_given_up || g;
    const WaitResult w = wait_any(&fds_, any_given_up ? monotonic_ns() + int64_t{kBeatMs} * 1'000'000 : -1, 2, false);
    if (w == WaitResult::kTimeout) continue;
    if (w != WaitResult::kReady || fds_[0].revents != 0) break;
    cut = parent_gone();
  }
  if (machine_sigterms() >= 2 || cut) stats_->forced.store(1, std::memory_order_relaxed);
  listener_->stop();
  listener_->join();
  note_drain_downs();
  log_pending();
  stats_->peak_queue.store(static_cast<int64_t>(queue_.peak()), std::memory_order_relaxed);
  return listener_->status();
}

// A peer whose connection ended without its bye while this machine drained (the network cut
// it, or the peer died) has its link given up here, as notice_peers() does while ticking: what
// this machine's kernel still held for it then is lost, and the instant in its counters is what
// lets the parent say why (link_down_, or the peer's failure) instead of calling the run whole.
void MachineRunner::note_drain_downs() {
  if (!clock_) return;
  for (int peer = 0; peer < machines_; ++peer) {
    const int64_t at = peer == id_ ? 0 : listener_->down_at(peer);
    if (at == 0 || shared_->down_at_ns(id_, peer).load(std::memory_order_relaxed) >= 0) continue;
    shared_->down_at_ns(id_, peer).store(at, std::memory_order_relaxed);
    say("machine " + std::to_string(peer) + " went down at model time " + model_time_text(at) +
        " s, while this machine drained");
  }
}

// The run's end is not a network event: what a partition that cuts a channel at the end still
// holds on it, it holds for good (undelivered, counted per channel with the partition), and the
// channel's bye crosses the cut. The end is the run's duration, or this machine's stop.
void MachineRunner::give_up_held() {
  if (partitions_.empty()) return;
  links_.release_due(monotonic_ns());
  const int64_t stopped_us = stats_->stopped_at_us.load(std::memory_order_relaxed);
  const int64_t duration_us = plan_.options.duration_us;
  const int64_t end_ns = (stopped_us >= 0 ? std::min(stopped_us, duration_us) : duration_us) * 1000;
  for (int peer = 0; peer < machines_; ++peer) {
    const int cut = peer == id_ ? -1 : partitions_.cutting(id_, peer, end_ns);
    if (cut < 0) continue;
    const int64_t held = links_.drop_held(peer);
    if (held == 0) continue;
    shared_->undelivered(id_, peer).store(held, std::memory_order_relaxed);
    shared_->held_by(id_, peer).store(cut, std::memory_order_relaxed);
  }
}

// The messages still queued, as PENDING rows: all taken at one instant, read under the lock.
void MachineRunner::log_pending() {
  int64_t now = 0;
  const std::vector<Message> pending = queue_.take_all(&now);
  size_t left = pending.size();
  for (const Message& m : pending) {
    const MachineStep::Head head{m.sender, m.clock, clock_->model_us(m.arrival_ns), &m.vclock};
    log_.add(step_.pending(head, --left, clock_->model_us(now), clock_->system_us(now)), now);
    if ((left & 4095) == 0) beat();
  }
  stats_->pending.store(static_cast<int64_t>(pending.size()), std::memory_order_relaxed);
}

}  // namespace lc
