// DrawCheck: one machine's draws, made again from the run's seed. The seed fixes each
// machine's stream of draws (Rng stream id + 1, as Machine takes it): every tick that finds its
// queue empty draws v in 1..INTERNAL_MAX, and with N != 3 a peer, whatever the engine. So each
// INTERNAL and SEND row must be what its draw says: an internal event for v >= 4; for v <= 3 a
// SEND to the machine or machines the draw names, to fewer of them (or an internal event) only
// once those left out are gone. Only for logs that name their version: hand-written logs (the
// suite's fixtures) carry a seed their events were not drawn from. A plain value; one owner.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "logical_clock/log/log_reader.h"
#include "logical_clock/model/rng.h"

namespace lc::lcstat {

class DrawCheck {
 public:
  DrawCheck(int64_t machine, int64_t machines, int64_t internal_max, uint64_t seed);

  struct Verdict {
    // Empty: the row is what its draw says. Else what the draw says, for a violation: at
    // once when `left_out` is empty (no peer's absence explains it), else only if one of the
    // machines the row leaves out of the draw's send still took messages then.
    std::string what;
    std::vector<int64_t> left_out;
  };
  // The next tick that did not receive, `row` (INTERNAL or SEND, its peers valid ids, ascending).
  Verdict next(const Row& row);
  // The next draw, taken: the receivers it names, ascending (none: an internal event), and its v.
  std::vector<int64_t> draw(uint64_t* v);
  uint64_t seed() const { return seed_; }

 private:
  int machine_;
  int machines_;
  uint64_t internal_max_;
  uint64_t seed_;
  Rng rng_;
  int64_t draws_ = 0;
};

}  // namespace lc::lcstat
