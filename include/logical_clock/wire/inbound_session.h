// InboundSession: the protocol of one incoming connection, without its socket, so that the
// listener, the tests and the fuzzers drive the same rules. It owns the connection's
// FrameDecoder; it accepts a hello only with the run's secret, this machine as receiver and a
// peer id that no other session of this machine has claimed (and, on a connection whose
// handshake proved a machine id, that id: a member of a cluster cannot speak for another); then it takes messages from that
// peer only, until a bye: plain messages in a run without vector clocks, vector messages with
// exactly one entry per machine in a run with them (--vector). Anything else is a violation,
// after which the connection must close.
// One per connection; not thread-safe (the claimed-ids table is shared by one thread's sessions).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "logical_clock/wire/frame.h"

namespace lc {

struct SessionRules {
  int self = 0;
  int machines = 0;
  uint64_t secret = 0;
  bool vector = false;  // messages carry vector clocks
};

class InboundSession {
 public:
  enum class Event { kNeedMore, kHello, kMessage, kBye, kViolation };

  // `claimed` has one entry per machine id, set once a session accepted that id's hello.
  InboundSession(const SessionRules* rules, std::vector<uint8_t>* claimed)
      : rules_(rules),
        claimed_(claimed),
        decoder_(rules->vector ? vector_payload(static_cast<size_t>(rules->machines)) : kMaxPayload) {}

  // The connection has proven (by its handshake) to be machine `id`'s: a hello naming another
  // sender is a violation, whatever the secret.
  void expect_sender(int id) { expected_sender_ = id; }
  void append(const char* data, size_t len) { decoder_.append(data, len); }
  // The next event in the bytes appended so far. kMessage sets *clock, and vclock() in a
  // run with vector clocks.
  Event next(uint64_t* clock);
  // The vector clock of the last kMessage (empty without --vector); valid until next().
  std::vector<uint64_t>& vclock() { return frame_.vclock; }

  int peer() const { return peer_; }  // -1 until a hello is accepted
  bool said_bye() const { return said_bye_; }
  const std::string& violation() const { return why_; }
  // Why the stream ending now would be abnormal; empty when it ended cleanly after a bye.
  std::string end_reason() const;

 private:
  Event violate(std::string why);
  Event on_hello(const Hello& hello);

  const SessionRules* rules_;
  std::vector<uint8_t>* claimed_;
  FrameDecoder decoder_;
  Frame frame_;
  int peer_ = -1;
  int expected_sender_ = -1;  // any
  bool said_bye_ = false;
  std::string why_;
};

}  // namespace lc
