// ProgressJudge: tells a machine that is only slow from one that is stopped or hung, from what
// the parent samples of it every few hundred milliseconds: the heartbeat its main thread
// counts up at every wake-up and every tick (MachineStats::beats), and the kernel's account
// of that thread (/proc/<pid>/schedstat: time run on a CPU, time waited for one). A machine
// whose heartbeat moved has made progress; one that waited for a CPU is runnable and merely
// starved by a busy host, so that interval does not count against it; nor does one in which
// the parent itself was late to sample (its view cannot tell). Every other interval without a
// heartbeat counts: stopped (SIGSTOP), blocked or spinning without making progress. The
// machine is given up on once such intervals add up to the limit with no progress between.
// Plain class, no clock or I/O of its own; owned by one thread.
#pragma once

#include <cstdint>

namespace lc {

class ProgressJudge {
 public:
  // The longest gap between two samples that still says something of the machine: a parent
  // that sampled later than this was itself starved.
  static constexpr int64_t kMaxSampleGapNs = 2'000'000'000;

  struct Sample {
    int64_t at_ns = 0;    // the parent's CLOCK_MONOTONIC when sampled
    int64_t beats = 0;    // the machine's heartbeat count
    bool sched_known = false;  // /proc/<pid>/schedstat could be read
    int64_t waited_ns = 0;     // from it: time runnable but waiting for a CPU, in all
  };

  explicit ProgressJudge(int64_t limit_ns) : limit_ns_(limit_ns) {}

  // Takes a sample. True once the machine has gone limit_ns without progress (see above).
  bool observe(const Sample& sample);
  // The time counted against the machine since its last progress.
  int64_t stalled_ns() const { return stalled_ns_; }

 private:
  int64_t limit_ns_;
  bool have_last_ = false;
  Sample last_;
  int64_t stalled_ns_ = 0;
};

}  // namespace lc
