// ConeTracker: the causal cone of one event e, for plot.sh's cone graph (plotdata/cone.dat).
// Every event of a time window around e is put in one class: e itself, its causal past (a ->
// e), its causal future (e -> a), or concurrent with it and carrying a smaller, the same or a
// larger Lamport clock. Over the whole run it counts each class. a is in e's past when a is
// among the first V(e)[m(a)] events of its machine, and in its future when V(a)[m(e)] reaches
// e's own number: one entry of each later vector, and e's vector, are all it keeps; the events
// it holds are those of the window. Owned by one thread.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "causality.h"
#include "logical_clock/base/status.h"
#include "logical_clock/log/run_ending.h"

namespace lc::lcstat {

struct ConeRequest {
  bool wanted = false;
  bool automatic = false;           // the slowest live machine's event nearest the window's middle
  int64_t machine = 0;
  int64_t index = 0;                // the event's number on its machine (its own vector entry), from 1
  int64_t window_begin_us = -1;     // model-time window; -1: 2.5 s either side of the event
  int64_t window_end_us = -1;       // (automatic: 0 to 5 s, or the run until its end or stop)
};

// Checks the request against the run and settles an automatic one on a machine and an event:
// the slowest machine that did not fail (any, when all did), its tick due nearest the
// window's middle, and at most its last tick due before its stop (run.txt's stopped_at or
// stopped_<id>), so that a run cut short still has the event.
Status resolve_cone(const std::vector<LogHeader>& headers, const RunEnding& ending, ConeRequest* request);

class ConeTracker : public CausalSink {
 public:
  static constexpr int64_t kHalfWindowUs = 2'500'000;

  // `lamport` reports the event's Lamport counts (CausalityTracker::lamport()).
  ConeTracker(const ConeRequest& request, LamportPairs* lamport);

  void on_begin(const std::vector<LogHeader>& headers) override;
  void on_event(const CausalEvent& event) override;
  void on_pending(const EndedMessage&) override {}
  void on_lost(const EndedMessage&) override {}
  void on_end() override {}

  // Writes cone.dat to `path` (after the run's last row; nothing when empty); an error if the
  // event never came.
  Status write(const std::string& path, int64_t run_events, bool exact) const;

 private:
  struct Seen {
    int64_t model_us;
    int64_t machine;
    int64_t index;
    int64_t clock;
    int kind;      // 0 internal, 1 send, 2 receive
    bool future;   // V(a)[m(e)] >= e's number
  };

  ConeRequest request_;
  LamportPairs* lamport_;
  std::vector<std::string> paths_;
  std::deque<Seen> seen_;          // the window's events (before e is found: the last 2.5 s)
  bool found_ = false;
  Seen event_{};
  std::vector<int64_t> vector_;    // e's
  int64_t begin_us_ = -1;
  int64_t end_us_ = -1;
  int64_t future_ = 0;             // over the whole run
  int64_t events_of_machine_ = 0;  // e's machine's events, for the error when e never comes
};

}  // namespace lc::lcstat
