// VectorClock: one machine's vector clock, by the textbook rules: its own entry rises by one
// on every event; a receive first takes the entrywise maximum with the message's vector (the
// sender's vector at its send event), then rises by one. Entry j counts machine j's events
// in the causal past (the event itself included on the machine's own entry). Kept beside the
// Lamport clock when a run asks for it (--vector). A plain value; one owner.
#pragma once

#include <cstdint>
#include <vector>

namespace lc {

class VectorClock {
 public:
  VectorClock(int self, int machines) : self_(static_cast<size_t>(self)), value_(static_cast<size_t>(machines), 0) {}

  // An internal or send event.
  void tick() { ++value_[self_]; }
  // A receive of a message carrying `message` (as many entries as there are machines).
  void receive(const std::vector<uint64_t>& message) {
    for (size_t j = 0; j < value_.size() && j < message.size(); ++j)
      if (message[j] > value_[j]) value_[j] = message[j];
    ++value_[self_];
  }
  const std::vector<uint64_t>& value() const { return value_; }

 private:
  size_t self_;
  std::vector<uint64_t> value_;
};

}  // namespace lc
