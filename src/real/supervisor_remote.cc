#include <signal.h>

#include <algorithm>
#include <cstdio>

#include "logical_clock/base/sys.h"
#include "supervisor_state.h"

namespace lc::supervision {

void Supervisor::signal_all(int sig) {
  for (Child& c : children_) signal(&c, sig);
}

// A local machine gets the signal; a remote one the stop frame its host turns into it.
void Supervisor::signal(Child* c, int sig) {
  if (c->reaped) return;
  if (!c->remote) {
    if (c->pid > 0) ::kill(c->pid, sig);
    return;
  }
  if (!c->control.valid()) return;
  ControlFrame stop;
  stop.type = ControlType::kStop;
  stop.how = sig == SIGKILL ? StopHow::kKill : c->stops_sent++ == 0 ? StopHow::kDrain : StopHow::kCutDrain;
  (void)c->control.send(stop, "control connection");
}

// A remote machine has ended once its connection has: `why` when its host never said how.
void Supervisor::end_remote(size_t i, const std::string& why) {
  Child& c = children_[i];
  c.control.reset();
  if (c.reaped) return;
  c.reaped = true;
  if (clock_) c.reaped_at_us = std::max<int64_t>(0, clock_->model_us(monotonic_ns()));
  const std::string name = "machine " + std::to_string(i) + " (" + c.where + ")";
  if (c.stall_killed) return;  // named when it was given up
  if (!c.far.ended()) {
    c.failure = name + ": " + why;
  } else if (c.far.failed()) {
    c.failure = name + ": " + c.far.why();
  } else if (!c.far.log_whole() && clock_) {
    c.failure = name + ": its log did not arrive whole (" + std::to_string(c.far.log_bytes()) + " bytes came)";
  }
  if (!c.failure.empty()) {
    if (progress_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "logical_clock: %s\n", c.failure.c_str());
  }
}

// A remote machine given up for making no progress may be on a host that reads nothing (stopped
// whole, or cut off), whose kernel keeps its connections open: its kill frame may never be
// read. So it ends here, as a killed local one would, and every other machine hears that it is
// gone, to stop waiting for its bye as if its connections had ended.
void Supervisor::give_up_remote(size_t i) {
  end_remote(i, "");
  ControlFrame gone;
  gone.type = ControlType::kGone;
  gone.id = static_cast<uint32_t>(i);
  for (size_t j = 0; j < children_.size(); ++j)
    if (j != i && !children_[j].reaped && children_[j].control.valid())
      (void)children_[j].control.send(gone, "control connection of machine " + std::to_string(j));
}

// Every whole frame a remote machine's host has sent; false once its connection has ended.
bool Supervisor::read_remote(size_t i, ControlFrame* frame) {
  Child& c = children_[i];
  bool readable = true;
  for (;;) {
    const ControlChannel::Got got = c.control.next(frame, readable);
    readable = false;
    if (got == ControlChannel::Got::kNeedMore) return true;
    if (got == ControlChannel::Got::kEnd) {
      end_remote(i, c.control.partial() ? "its connection ended inside a frame" : "its host closed its connection");
      return false;
    }
    if (got == ControlChannel::Got::kBad) {
      end_remote(i, "control connection: " + c.control.error());
      return false;
    }
    switch (frame->type) {
      case ControlType::kTicksDone: c.ticks_done = true; break;
      case ControlType::kClockProbe: (void)answer_clock_probe(c.control, *frame); break;
      case ControlType::kBye:
        end_remote(i, "its host said bye without saying how it ended");
        return false;
      default:
        if (!c.far.take(*frame, &stats_)) {
          end_remote(i, "control connection: " + c.far.error());
          return false;
        }
    }
  }
}

}  // namespace lc::supervision
