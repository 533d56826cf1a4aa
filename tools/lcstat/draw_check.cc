#include "draw_check.h"

#include <algorithm>

#include "logical_clock/model/machine.h"

namespace lc::lcstat {

DrawCheck::DrawCheck(int64_t machine, int64_t machines, int64_t internal_max, uint64_t seed)
    : machine_(static_cast<int>(machine)),
      machines_(static_cast<int>(machines)),
      internal_max_(static_cast<uint64_t>(internal_max)),
      seed_(seed),
      rng_(seed, machine_stream(static_cast<int>(machine))) {}

std::string DrawCheck::next(const Row& row, bool peers_live) {
  ++draws_;
  const uint64_t v = rng_.uniform(1, internal_max_);
  const Action action = choose_action(v, machine_, machines_, rng_);
  const bool internal_row = row.event == LogEvent::kInternal;
  bool agrees = false;
  switch (action.kind) {
    case Action::kInternal:
      agrees = internal_row;
      break;
    case Action::kSendOne:
      // One receiver; an internal event once it is gone.
      agrees = internal_row ? !peers_live : row.peers.size() == 1 && row.peers[0] == action.peer;
      break;
    case Action::kSendAll:
      // Every other machine; those left, or none, once some are gone.
      agrees = internal_row ? !peers_live
                            : !peers_live || static_cast<int>(row.peers.size()) == machines_ - 1;
      break;
  }
  if (agrees) return {};
  std::string says = action.kind == Action::kInternal  ? "an internal event"
                     : action.kind == Action::kSendOne ? "a SEND to machine " + std::to_string(action.peer)
                                                       : std::string("a SEND to every other machine");
  std::string what = internal_row ? std::string("INTERNAL row") : "SEND to ";
  for (size_t i = 0; !internal_row && i < row.peers.size(); ++i) what += (i > 0 ? ";" : "") + std::to_string(row.peers[i]);
  what += ", but draw " + std::to_string(draws_) + " of machine " + std::to_string(machine_) + " from seed=" +
          std::to_string(seed_) + " (v = " + std::to_string(v) + " of 1.." + std::to_string(internal_max_) + ") is " + says;
  if (action.kind != Action::kInternal && peers_live) what += ", and every peer still took messages";
  return what;
}

}  // namespace lc::lcstat
