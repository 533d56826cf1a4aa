// Fuzz target: the hello handshake and everything after it. Two sessions of one machine
// read the same bytes, in a run with or without vector clocks; a message may only come from a
// peer whose hello carried the run's secret, carry exactly one vector entry per machine in a
// vector run (none in another), and no peer id may be accepted twice.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "logical_clock/wire/inbound_session.h"
#include "require.h"

namespace {

constexpr uint64_t kSecret = 0x5eC12e7a11ce0001ULL;

// Runs one session over the bytes; returns the accepted peer or -1.
int drive(const lc::SessionRules& rules, std::vector<uint8_t>* claimed, const char* bytes,
          size_t len, size_t chunk) {
  lc::InboundSession session(&rules, claimed);
  int hellos = 0;
  for (size_t fed = 0; fed < len;) {
    const size_t n = len - fed < chunk ? len - fed : chunk;
    session.append(bytes + fed, n);
    fed += n;
    uint64_t clock = 0;
    for (;;) {
      const lc::InboundSession::Event e = session.next(&clock);
      if (e == lc::InboundSession::Event::kNeedMore) break;
      if (e == lc::InboundSession::Event::kViolation) {
        require(!session.violation().empty());
        require(session.next(&clock) == lc::InboundSession::Event::kViolation);
        return session.peer();
      }
      if (e == lc::InboundSession::Event::kHello) {
        ++hellos;
        require(hellos == 1);
        require(session.peer() >= 0 && session.peer() < rules.machines && session.peer() != rules.self);
      }
      if (e == lc::InboundSession::Event::kMessage || e == lc::InboundSession::Event::kBye) {
        require(hellos == 1);
        require(e != lc::InboundSession::Event::kMessage || !session.said_bye());
      }
      if (e == lc::InboundSession::Event::kMessage)
        require(session.vclock().size() == (rules.vector ? static_cast<size_t>(rules.machines) : 0));
    }
  }
  return session.peer();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t chunk = data[0] % 40 + 1;
  const lc::SessionRules rules{1, 4, kSecret, (data[0] & 0x80) != 0};  // the top bit: a vector run
  std::vector<uint8_t> claimed(4, 0);
  const char* bytes = reinterpret_cast<const char*>(data + 1);
  const int first = drive(rules, &claimed, bytes, size - 1, chunk);
  const int second = drive(rules, &claimed, bytes, size - 1, chunk);
  require(second < 0 || second != first);  // the same hello cannot be accepted twice
  return 0;
}
