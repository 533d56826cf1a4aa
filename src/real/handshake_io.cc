#include "logical_clock/real/handshake_io.h"

#include <poll.h>

#include <algorithm>
#include <string>

#include "logical_clock/base/sys.h"

namespace lc {

namespace {

// wait_until in slices of at most 250 ms, `waiting` called after each that ends early.
WaitResult wait_beating(int fd, short events, int64_t deadline_ns, const std::function<void()>& waiting) {
  for (;;) {
    const int64_t slice = std::min(deadline_ns, monotonic_ns() + 250'000'000);
    const WaitResult w = wait_until(fd, events, slice);
    if (w != WaitResult::kTimeout || slice >= deadline_ns) return w;
    if (waiting) waiting();
  }
}

// Sends all of data on fd by the deadline.
Status send_by(int fd, const std::string& data, int64_t deadline_ns, const char* what,
               const std::function<void()>& waiting) {
  size_t done = 0;
  while (done < data.size()) {
    const IoResult r = send_some(fd, data.data() + done, data.size() - done);
    if (r.kind == IoResult::kDone) {
      done += r.bytes;
      continue;
    }
    if (r.kind == IoResult::kError) return Status::from_errno(std::string("handshake: send the ") + what, r.err);
    const WaitResult w = wait_beating(fd, POLLOUT, deadline_ns, waiting);
    if (w == WaitResult::kTimeout) return Status::error(std::string("handshake: timed out sending the ") + what);
    if (w != WaitResult::kReady) return Status::from_errno("handshake: poll", errno);
  }
  return Status::ok();
}

}  // namespace

Status handshake_as_connector(int fd, const ClusterKey& key, const HandshakeClaim& claim, int64_t deadline_ns,
                              const std::function<void()>& waiting) {
  Nonce nonce;
  Status s = random_bytes(nonce.data(), nonce.size());
  if (!s.is_ok()) return s;
  HandshakeConnector connector(key, claim, nonce);
  s = send_by(fd, connector.offer(), deadline_ns, "offer", waiting);
  if (!s.is_ok()) return s;
  // The challenge only: the acceptor says nothing more before the proof, and what follows the
  // proof belongs to the connection's protocol, never read here.
  std::string proof;
  size_t have = 0;
  char buf[kChallengeSize];
  while (have < kChallengeSize) {
    const IoResult r = read_some(fd, buf, kChallengeSize - have);
    if (r.kind == IoResult::kWouldBlock) {
      const WaitResult w = wait_beating(fd, POLLIN, deadline_ns, waiting);
      if (w == WaitResult::kTimeout) return Status::error("handshake: timed out waiting for the challenge");
      if (w != WaitResult::kReady) return Status::from_errno("handshake: poll", errno);
      continue;
    }
    if (r.kind == IoResult::kEof)
      return Status::error("handshake: closed before its challenge (the claim was refused, or the acceptor holds "
                           "another key)");
    if (r.kind == IoResult::kError) return Status::from_errno("handshake: read the challenge", r.err);
    have += r.bytes;
    const HandshakeConnector::State st = connector.on_bytes(buf, r.bytes, &proof);
    if (st == HandshakeConnector::State::kFailed) return Status::error("handshake: " + connector.error());
  }
  return send_by(fd, proof, deadline_ns, "proof", waiting);
}

}  // namespace lc
