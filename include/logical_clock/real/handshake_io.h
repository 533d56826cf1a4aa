// The cluster handshake (wire/handshake.h) on a socket, for the side that connects: a machine
// to its peers, and to the coordinator. It runs to its end before the socket carries anything
// else. The accepting sides (the listener's epoll loop, the coordinator's) must never block:
// they feed a HandshakeAcceptor as bytes come, and need nothing from here.
// A plain function; safe from any thread, one call per socket.
#pragma once

#include <cstdint>
#include <functional>

#include "logical_clock/base/sha256.h"
#include "logical_clock/base/status.h"
#include "logical_clock/wire/handshake.h"

namespace lc {

// Runs the connector's side on the connected socket fd (blocking or not): sends the offer with
// a fresh nonce, reads the acceptor's challenge, checks its mac, sends the proof. Waits up to
// deadline_ns (CLOCK_MONOTONIC) in all. Reads nothing past the challenge. The error says what
// failed: "timed out waiting for the challenge", "closed before its challenge (the claim was
// refused, or the acceptor holds another key)", "the acceptor does not hold this key", ...
// `waiting`, when given, is called at least every 250 ms while it waits (a machine's
// heartbeat: one waiting for a stopped peer's answer is not stopped itself).
Status handshake_as_connector(int fd, const ClusterKey& key, const HandshakeClaim& claim, int64_t deadline_ns,
                              const std::function<void()>& waiting = {});

}  // namespace lc
