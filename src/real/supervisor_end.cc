#include <algorithm>
#include <cstdio>

#include "logical_clock/base/sys.h"
#include "supervisor_state.h"

namespace lc::supervision {

void Supervisor::reap() {
  for (size_t i = 0; i < children_.size(); ++i) {
    Child& c = children_[i];
    if (c.reaped || c.pid <= 0 || c.remote) continue;
    std::string why;
    if (!reap_child(c.pid, "machine " + std::to_string(i) + " (pid " + std::to_string(c.pid) + ")", &why)) continue;
    c.reaped = true;
    // By then it had ended: none of its rows is later, no tick due later ran (failed_at_<id>).
    if (clock_) c.reaped_at_us = std::max<int64_t>(0, clock_->model_us(monotonic_ns()));
    if (c.stall_killed || why.empty()) continue;  // one given up was named when it was killed
    c.failure = why;
    if (progress_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "logical_clock: %s\n", c.failure.c_str());
  }
}

// The machines' final counters, out of the shared memory.
void Supervisor::gather_outcome() {
  const int n = plan_.options.machines;
  outcome_.failures.clear();
  outcome_.failed_at_us.clear();
  outcome_.machines.clear();
  outcome_.dropped.assign(static_cast<size_t>(n) * static_cast<size_t>(n), 0);
  outcome_.dropped_at_us.assign(outcome_.dropped.size(), -1);
  outcome_.link_down_at_us.assign(outcome_.dropped.size(), -1);
  if (!plan_.options.partitions.empty()) {
    outcome_.undelivered.assign(outcome_.dropped.size(), 0);
    outcome_.held_by.assign(outcome_.dropped.size(), -1);
    outcome_.sent_on.assign(outcome_.dropped.size(), 0);
  }
  for (int i = 0; i < n; ++i) {
    outcome_.failures.push_back(children_[static_cast<size_t>(i)].failure);
    outcome_.failed_at_us.push_back(children_[static_cast<size_t>(i)].reaped_at_us);
    const MachineStats& m = stats_[i];
    MachineTotals t;
    t.ticks = m.ticks.load();
    t.internal = m.internal.load();
    t.sent = m.sent.load();
    t.received = m.received.load();
    t.pending = m.pending.load();
    t.clock = m.clock.load();
    t.peak_queue = m.peak_queue.load();
    t.stopped_at_us = m.stopped_at_us.load();
    outcome_.machines.push_back(t);
    outcome_.forced = outcome_.forced || m.forced.load() != 0;
    for (int j = 0; j < n; ++j) {
      const size_t c = static_cast<size_t>(i) * static_cast<size_t>(n) + static_cast<size_t>(j);
      outcome_.dropped[c] = stats_.dropped(i, j).load();
      if (const int64_t at = stats_.dropped_at_ns(i, j).load(); at >= 0)
        outcome_.dropped_at_us[c] = std::max<int64_t>(0, clock_->model_us(at));
      // A link given up for no failure of either end, no bound and no cut drain: the network
      // cut it (a cluster's connection silent or unacknowledged past its timeout).
      const int64_t down = stats_.down_at_ns(i, j).load();
      if (down >= 0 && stats_.dropped_at_ns(i, j).load() < 0 && children_[static_cast<size_t>(i)].failure.empty() &&
          children_[static_cast<size_t>(j)].failure.empty())
        outcome_.link_down_at_us[c] = std::max<int64_t>(0, clock_->model_us(down));
      if (!outcome_.undelivered.empty() && stats_.undelivered(i, j).load() > 0 && stats_.held_by(i, j).load() >= 0) {
        outcome_.undelivered[c] = stats_.undelivered(i, j).load();
        outcome_.held_by[c] = static_cast<int>(stats_.held_by(i, j).load());
        outcome_.sent_on[c] = stats_.sent_to(i, j).load();
      }
    }
  }
  // A drain cut short takes every link down: not the network's doing.
  if (outcome_.forced) outcome_.link_down_at_us.assign(outcome_.link_down_at_us.size(), -1);
}

bool Supervisor::all_reaped() const {
  for (const Child& c : children_)
    if (!c.reaped) return false;
  return true;
}

int Supervisor::failures() const {
  int n = 0;
  for (const Child& c : children_) n += c.failure.empty() ? 0 : 1;
  return n;
}

// A machine says ticks_done on its control socket once its last tick has run; its end of file
// means it is going away, and reap() will say how; anything else is not the protocol.

}  // namespace lc::supervision
