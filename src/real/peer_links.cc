#include "logical_clock/real/peer_links.h"

#include <sys/socket.h>

#include <algorithm>
#include <cstdio>

#include "logical_clock/real/handshake_io.h"
#include "logical_clock/wire/frame.h"
#include "logical_clock/wire/handshake.h"

namespace lc {

namespace {

// Why a link went down when a send to the peer failed: a peer that died shows here as a
// reset or a broken pipe, which says only what the kernel saw, so the line says what it means.
std::string send_failed(int err) { return "went down (a send to it failed: " + errno_text(err) + ")"; }

constexpr size_t kCompactBytes = size_t{1} << 20;

// lcstat bounds a dropped_<from>_<to> count by the frames' sizes as log_format.h states them.
static_assert(kHelloFrameBytes == static_cast<int64_t>(kHelloFrameSize));
static_assert(message_frame_bytes(5, false) == static_cast<int64_t>(kMessageFrameSize));
static_assert(message_frame_bytes(5, true) == static_cast<int64_t>(kFrameHeaderSize + vector_payload(5)));

}  // namespace

PeerLinks::PeerLinks(int self, int machines) : self_(self), links_(static_cast<size_t>(machines)) {}

Status PeerLinks::connect_all(const Dial& dial) {
  const bool cluster = !dial.endpoints.empty();
  const int64_t redial_until = monotonic_ns() + kRedialNs;
  bool told = false;
  // Tries that are soon over, so that the heartbeat goes on between them (the pause beats): a
  // peer's host whose SYNs vanish would otherwise hold this machine still for the whole timeout.
  const int connect_ms = cluster && dial.pause ? std::min(dial.timeout_ms, kRedialConnectMs) : dial.timeout_ms;
  for (size_t peer = 0; peer < links_.size(); ++peer) {
    if (peer == static_cast<size_t>(self_)) continue;
    Link& link = links_[peer];
    const std::string who = "machine " + std::to_string(peer) + ": ";
    Status s = cluster ? connect_endpoint(dial.endpoints[peer], &dial.endpoints[static_cast<size_t>(self_)],
                                          connect_ms, &link.fd)
                       : connect_loopback(dial.ports[peer], dial.timeout_ms, &link.fd);
    while (!s.is_ok() && cluster && dial.pause && monotonic_ns() < redial_until) {
      if (!told) {
        std::fprintf(stderr, "logical_clock: machine %d: %s%s; trying again for up to %lld s\n", self_, who.c_str(),
                     s.message().c_str(), static_cast<long long>(kRedialNs / 1'000'000'000));
        told = true;
      }
      if (!dial.pause(std::min(redial_until, monotonic_ns() + kRedialPauseNs))) return Status::error(who + s.message());
      s = connect_endpoint(dial.endpoints[peer], &dial.endpoints[static_cast<size_t>(self_)], connect_ms, &link.fd);
      if (!s.is_ok() && monotonic_ns() >= redial_until)
        return Status::error(who + s.message() + " (tried for " + std::to_string(kRedialNs / 1'000'000'000) + " s)");
    }
    if (s.is_ok() && cluster) s = set_cluster_socket_options(link.fd.get());
    if (s.is_ok() && dial.key) {
      const HandshakeClaim claim{HandshakeChannel::kPeer, static_cast<uint32_t>(self_), static_cast<uint32_t>(peer),
                                 dial.run_id};
      s = handshake_as_connector(link.fd.get(), *dial.key, claim,
                                 monotonic_ns() + int64_t{dial.timeout_ms} * 1'000'000, dial.waiting);
    }
    if (!s.is_ok()) {
      link.fd.reset();
      return Status::error(who + s.message());
    }
    link.state = State::kUp;
    std::string hello;
    encode_hello(Hello{dial.secret, static_cast<uint32_t>(self_), static_cast<uint32_t>(peer)}, &hello);
    enqueue(static_cast<int>(peer), hello.data(), hello.size(), false);
    if (link.state != State::kUp) return Status::error("hello to machine " + std::to_string(peer) + " failed");
  }
  return Status::ok();
}

Status PeerLinks::connect_all(const std::vector<uint16_t>& ports, uint64_t secret, int timeout_ms) {
  Dial dial;
  dial.ports = ports;
  dial.secret = secret;
  dial.timeout_ms = timeout_ms;
  return connect_all(dial);
}

void PeerLinks::send(int peer, const char* frame, size_t len) {
  Link& link = links_[static_cast<size_t>(peer)];
  if (link.state != State::kUp) return;
  enqueue(peer, frame, len, true);
  check_bound(peer);
}

void PeerLinks::check_bound(int peer) {
  Link& link = links_[static_cast<size_t>(peer)];
  if ((link.state == State::kUp || link.state == State::kClosing) && link.waiting() > kMaxBacklog)
    fail(peer, "stopped taking messages (" + std::to_string(link.waiting()) + " bytes waiting)", true);
}

void PeerLinks::hold(int peer, const char* frame, size_t len, int64_t release_ns) {
  Link& link = links_[static_cast<size_t>(peer)];
  if (link.state != State::kUp) return;
  link.held.append(frame, len);
  link.releases.push_back({release_ns, link.held.size()});
  ++held_;
  // A peer that takes nothing while more than a backlog's worth is held for it has stopped:
  // given up for the bound, as without holding, so that its sender's memory stays bounded.
  if (throttled(link) && (link.held_while_stalled += len) > kMaxBacklog)
    fail(peer, "stopped taking messages (" + std::to_string(link.waiting()) + " bytes waiting, " +
                   std::to_string(link.held_while_stalled) + " more held for it since it took any)",
         true);
}

void PeerLinks::release_due(int64_t now_ns) {
  if (held_ == 0) return;
  for (size_t peer = 0; peer < links_.size(); ++peer) {
    Link& link = links_[peer];
    bool released = false;
    // Due messages wait here while the backlog is at half its bound: a heal's burst goes as the
    // peer takes it, and the bound keeps meaning a peer that stopped taking messages.
    while (!link.releases.empty() && link.releases.front().at_ns <= now_ns && !throttled(link)) {
      const size_t end = link.releases.front().end;
      link.releases.pop_front();
      --held_;
      released = true;
      const size_t begin = link.held_head;
      link.held_head = end;
      enqueue(static_cast<int>(peer), link.held.data() + begin, end - begin, true);
      if (link.state == State::kDown) break;  // fail() let go of the rest
    }
    if (!released || link.state == State::kDown) continue;
    if (link.releases.empty()) {
      link.held.clear();
      link.held_head = 0;
      if (link.bye_after_held) {
        send_bye(static_cast<int>(peer));
      } else if (link.state == State::kClosing && link.waiting() == 0) {
        shut(static_cast<int>(peer));  // taken down: no bye, and nothing left to send
      }
    } else if (link.held_head >= kCompactBytes && link.held_head * 2 >= link.held.size()) {
      link.held.erase(0, link.held_head);
      for (Link::Release& r : link.releases) r.end -= link.held_head;
      link.held_head = 0;
    }
    check_bound(static_cast<int>(peer));
  }
}

int64_t PeerLinks::drop_held(int peer) {
  Link& link = links_[static_cast<size_t>(peer)];
  const auto dropped = static_cast<int64_t>(link.releases.size());
  held_ -= link.releases.size();
  link.releases.clear();
  link.held = std::string();
  link.held_head = 0;
  if (link.bye_after_held) {
    send_bye(peer);
  } else if (link.state == State::kClosing && link.waiting() == 0) {
    shut(peer);  // taken down while it held them: no bye, and nothing left to send
  }
  return dropped;
}

int64_t PeerLinks::next_release_ns() const {
  if (held_ == 0) return -1;
  int64_t next = -1;
  // A throttled link's next message waits for its backlog to drain (a POLLOUT), not for a time.
  for (const Link& link : links_)
    if (!link.releases.empty() && !throttled(link) && (next < 0 || link.releases.front().at_ns < next))
      next = link.releases.front().at_ns;
  return next;
}

// Hands bytes to the socket, keeping what it does not take; a message not taken whole is
// remembered by where it ends, so that a give-up counts exactly the messages lost.
void PeerLinks::enqueue(int peer, const char* data, size_t len, bool message) {
  Link& link = links_[static_cast<size_t>(peer)];
  link.appended += len;
  size_t done = 0;
  if (link.waiting() == 0) {
    const IoResult r = send_some(link.fd.get(), data, len);
    if (r.kind == IoResult::kError) {
      if (message) link.message_ends.push_back(link.appended);
      return fail(peer, send_failed(r.err));
    }
    done = r.kind == IoResult::kDone ? r.bytes : 0;
    link.taken += done;
    if (done > 0) link.held_while_stalled = 0;
    if (done == len) return;
    ++backlogged_;
  }
  link.buf.append(data + done, len - done);
  if (message) link.message_ends.push_back(link.appended);
  flush_one(peer);
}

// True when the link has nothing left to send (or is down).
bool PeerLinks::flush_one(int peer) {
  Link& link = links_[static_cast<size_t>(peer)];
  if (link.waiting() == 0) return true;
  const IoResult r = send_some(link.fd.get(), link.buf.data() + link.head, link.waiting());
  if (r.kind == IoResult::kError) {
    fail(peer, send_failed(r.err));
    return true;
  }
  if (r.kind == IoResult::kDone) {
    link.head += r.bytes;
    link.taken += r.bytes;
    link.held_while_stalled = 0;
    while (!link.message_ends.empty() && link.message_ends.front() <= link.taken) link.message_ends.pop_front();
  }
  if (link.waiting() > 0) {
    if (link.head >= kCompactBytes && link.head * 2 >= link.buf.size()) {
      link.buf.erase(0, link.head);
      link.head = 0;
    }
    return false;
  }
  link.buf.clear();
  link.head = 0;
  --backlogged_;
  // A closing link ends once its bye is out; while it holds messages the bye is still to come.
  if (link.state == State::kClosing && link.releases.empty() && !link.bye_after_held) shut(peer);
  return true;
}

// A closing link with nothing left to send: its sending side is shut.
void PeerLinks::shut(int peer) {
  Link& link = links_[static_cast<size_t>(peer)];
  ::shutdown(link.fd.get(), SHUT_WR);
  link.state = State::kClosed;
  if (!link.down_why.empty()) {
    tell_down(peer);
    link.down_why.clear();
    --ending_;
  }
}

void PeerLinks::close(int peer) {
  Link& link = links_[static_cast<size_t>(peer)];
  if (link.state != State::kUp) return;
  link.state = State::kClosing;
  if (!link.releases.empty()) {
    link.bye_after_held = true;
    return;
  }
  send_bye(peer);
}

void PeerLinks::send_bye(int peer) {
  Link& link = links_[static_cast<size_t>(peer)];
  link.bye_after_held = false;
  std::string bye;
  encode_bye(&bye);
  enqueue(peer, bye.data(), bye.size(), false);
  if (link.state == State::kClosing && link.waiting() == 0) shut(peer);
}

void PeerLinks::flush() {
  if (backlogged_ == 0 && ending_ == 0) return;
  for (size_t peer = 0; peer < links_.size(); ++peer) {
    Link& link = links_[peer];
    if (!link.down_why.empty() && !link.releases.empty() && peer_closed(link.fd.get())) {
      const std::string why = link.down_why;
      fail(static_cast<int>(peer), why);
      continue;
    }
    if (!link.down_why.empty()) tell_down(static_cast<int>(peer));
    flush_one(static_cast<int>(peer));
  }
}

void PeerLinks::add_pollfds(std::vector<pollfd>* fds) const {
  if (backlogged_ == 0 && ending_ == 0) return;
  for (const Link& link : links_) {
    short events = link.waiting() > 0 ? POLLOUT : 0;
    if (!link.down_why.empty() && !link.releases.empty()) events |= POLLRDHUP;
    if (events != 0) fds->push_back(pollfd{link.fd.get(), events, 0});
  }
}

void PeerLinks::take_down(int peer, const std::string& why) {
  Link& link = links_[static_cast<size_t>(peer)];
  if ((link.state != State::kUp && link.state != State::kClosing) || !link.down_why.empty()) return;
  // With nothing held, or the peer's end closed (it died), the link goes down at once.
  if (link.releases.empty() || peer_closed(link.fd.get())) return fail(peer, why);
  link.state = State::kClosing;
  link.bye_after_held = false;
  link.down_why = why;
  link.down_at_ns = monotonic_ns();
  link.down_held = static_cast<int64_t>(link.releases.size());
  link.down_told = false;
  ++ending_;
}

void PeerLinks::tell_down(int peer) {
  Link& link = links_[static_cast<size_t>(peer)];
  if (link.down_told) return;
  link.down_told = true;
  Down down;
  down.peer = peer;
  down.why = link.down_why;
  down.at_ns = link.down_at_ns;
  down.held = link.down_held;
  downs_.push_back(down);
}

void PeerLinks::fail(int peer, const std::string& why, bool over_bound) {
  Link& link = links_[static_cast<size_t>(peer)];
  if (link.state == State::kDown || link.state == State::kNone) return;
  Down down;
  down.peer = peer;
  down.why = why;
  down.over_bound = over_bound;
  down.at_ns = monotonic_ns();  // before the close that its peer may see at once
  down.dropped = static_cast<int64_t>(link.message_ends.size() + link.releases.size());
  if (link.waiting() > 0) --backlogged_;
  link.buf = std::string();
  link.head = 0;
  link.message_ends.clear();
  held_ -= link.releases.size();
  link.releases.clear();
  link.held = std::string();
  link.held_head = 0;
  link.bye_after_held = false;
  if (!link.down_why.empty()) {
    link.down_why.clear();
    --ending_;
  }
  link.state = State::kDown;
  link.fd.reset();
  downs_.push_back(down);
}

std::vector<PeerLinks::Down> PeerLinks::take_downs() {
  std::vector<Down> out;
  out.swap(downs_);
  return out;
}

void PeerLinks::finish(int64_t deadline_ns, const WaitAny& wait) {
  for (size_t peer = 0; peer < links_.size(); ++peer) close(static_cast<int>(peer));
  std::vector<pollfd> fds;
  while (backlogged_ > 0 || held_ > 0) {
    fds.clear();
    add_pollfds(&fds);
    // Held messages go at their instants: the wait ends at the next one, too.
    const int64_t release = next_release_ns();
    const bool release_first = release >= 0 && (deadline_ns < 0 || release < deadline_ns);
    const WaitResult w = wait(&fds, release_first ? release : deadline_ns);
    if (w == WaitResult::kTimeout && release_first) {
      release_due(monotonic_ns());
      continue;
    }
    if (w != WaitResult::kReady) {
      const std::string why = w == WaitResult::kTimeout ? "did not take its last messages in time"
                                                        : "stopped waiting for it to take its last messages";
      for (size_t peer = 0; peer < links_.size(); ++peer)
        if (links_[peer].waiting() > 0 || !links_[peer].releases.empty()) fail(static_cast<int>(peer), why);
      return;
    }
    flush();
    release_due(monotonic_ns());
  }
}

}  // namespace lc
