#include "draw_check.h"

#include <algorithm>
#include <iterator>

#include "logical_clock/model/machine.h"

namespace lc::lcstat {

DrawCheck::DrawCheck(int64_t machine, int64_t machines, int64_t internal_max, uint64_t seed)
    : machine_(static_cast<int>(machine)),
      machines_(static_cast<int>(machines)),
      internal_max_(static_cast<uint64_t>(internal_max)),
      seed_(seed),
      rng_(seed, machine_stream(static_cast<int>(machine))) {}

std::vector<int64_t> DrawCheck::draw(uint64_t* v) {
  ++draws_;
  *v = rng_.uniform(1, internal_max_);
  const Action action = choose_action(*v, machine_, machines_, rng_);
  std::vector<int64_t> named;
  if (action.kind == Action::kSendOne) named.push_back(action.peer);
  for (int peer = 0; action.kind == Action::kSendAll && peer < machines_; ++peer)
    if (peer != machine_) named.push_back(peer);
  return named;
}

DrawCheck::Verdict DrawCheck::next(const Row& row) {
  uint64_t v = 0;
  // The draw's receivers; the row may leave out only some of them, never add one.
  const std::vector<int64_t> named = draw(&v);
  const bool internal_row = row.event == LogEvent::kInternal;
  Verdict verdict;
  // A row that names a machine the draw does not (an internal draw logged as a SEND among them)
  // is wrong whatever the peers did; one that leaves some out is right if those were gone.
  if (std::includes(named.begin(), named.end(), row.peers.begin(), row.peers.end())) {
    std::set_difference(named.begin(), named.end(), row.peers.begin(), row.peers.end(),
                        std::back_inserter(verdict.left_out));
    if (verdict.left_out.empty()) return {};
  }
  const std::string says = named.empty()       ? "an internal event"
                           : named.size() == 1 ? "a SEND to machine " + std::to_string(named[0])
                                               : std::string("a SEND to every other machine");
  verdict.what = internal_row ? std::string("INTERNAL row") : "SEND to ";
  for (size_t i = 0; !internal_row && i < row.peers.size(); ++i)
    verdict.what += (i > 0 ? ";" : "") + std::to_string(row.peers[i]);
  verdict.what += ", but draw " + std::to_string(draws_) + " of machine " + std::to_string(machine_) + " from seed=" +
                  std::to_string(seed_) + " (v = " + std::to_string(v) + " of 1.." + std::to_string(internal_max_) +
                  ") is " + says;
  return verdict;
}

}  // namespace lc::lcstat
