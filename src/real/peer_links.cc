#include "logical_clock/real/peer_links.h"

#include <sys/socket.h>

#include <cstring>

#include "logical_clock/wire/frame.h"

namespace lc {

PeerLinks::PeerLinks(int self, int machines) : self_(self), links_(static_cast<size_t>(machines)) {}

Status PeerLinks::connect_all(const std::vector<uint16_t>& ports, uint64_t secret, int timeout_ms) {
  for (size_t peer = 0; peer < links_.size(); ++peer) {
    if (peer == static_cast<size_t>(self_)) continue;
    Link& link = links_[peer];
    Status s = connect_loopback(ports[peer], timeout_ms, &link.fd);
    if (!s.is_ok()) return Status::error("machine " + std::to_string(peer) + ": " + s.message());
    link.up = true;
    std::string hello;
    encode_hello(Hello{secret, static_cast<uint32_t>(self_), static_cast<uint32_t>(peer)}, &hello);
    send(static_cast<int>(peer), hello.data(), hello.size());
    if (!link.up) return Status::error("hello to machine " + std::to_string(peer) + " failed");
  }
  return Status::ok();
}

void PeerLinks::send(int peer, const char* frame, size_t len) {
  Link& link = links_[static_cast<size_t>(peer)];
  if (!link.up) return;
  if (!link.backlog.empty()) {
    link.backlog.append(frame, len);
    if (flush_one(peer) || link.backlog.size() <= kMaxBacklog) return;
    return fail(peer, "stopped taking messages (" + std::to_string(link.backlog.size()) +
                          " bytes waiting)");
  }
  const IoResult r = send_some(link.fd.get(), frame, len);
  if (r.kind == IoResult::kError) return fail(peer, errno_text(r.err));
  const size_t done = r.kind == IoResult::kDone ? r.bytes : 0;
  if (done < len) {
    link.backlog.assign(frame + done, len - done);
    ++backlogged_;
  }
}

// True when the link has nothing left to send (or is down).
bool PeerLinks::flush_one(int peer) {
  Link& link = links_[static_cast<size_t>(peer)];
  if (!link.up || link.backlog.empty()) return true;
  const IoResult r = send_some(link.fd.get(), link.backlog.data(), link.backlog.size());
  if (r.kind == IoResult::kError) {
    fail(peer, errno_text(r.err));
    return true;
  }
  if (r.kind == IoResult::kDone) link.backlog.erase(0, r.bytes);
  if (!link.backlog.empty()) return false;
  --backlogged_;
  return true;
}

void PeerLinks::flush() {
  if (backlogged_ == 0) return;
  for (size_t peer = 0; peer < links_.size(); ++peer) flush_one(static_cast<int>(peer));
}

void PeerLinks::take_down(int peer, const std::string& why) { fail(peer, why); }

void PeerLinks::fail(int peer, const std::string& why) {
  Link& link = links_[static_cast<size_t>(peer)];
  if (!link.up) return;
  Down down;
  down.peer = peer;
  down.why = why;
  if (!link.backlog.empty()) {
    // Message frames, whole or the rest of one: each is a message the peer will not get.
    size_t bytes = link.backlog.size();
    if (link.bye_queued) bytes = bytes > kByeFrameSize ? bytes - kByeFrameSize : 0;
    down.dropped = static_cast<int64_t>((bytes + kMessageFrameSize - 1) / kMessageFrameSize);
    --backlogged_;
  }
  link.backlog.clear();
  link.backlog.shrink_to_fit();
  link.up = false;
  link.fd.reset();
  downs_.push_back(down);
}

std::vector<PeerLinks::Down> PeerLinks::take_downs() {
  std::vector<Down> out;
  out.swap(downs_);
  return out;
}

void PeerLinks::finish(int64_t deadline_ns, const WaitWritable& wait) {
  std::string bye;
  encode_bye(&bye);
  for (size_t peer = 0; peer < links_.size(); ++peer) {
    if (!links_[peer].up) continue;
    send(static_cast<int>(peer), bye.data(), bye.size());
    links_[peer].bye_queued = true;
  }
  for (size_t peer = 0; peer < links_.size(); ++peer) {
    while (!flush_one(static_cast<int>(peer))) {
      const WaitResult w = wait(links_[peer].fd.get(), deadline_ns);
      if (w == WaitResult::kReady) continue;
      fail(static_cast<int>(peer), w == WaitResult::kTimeout
                                       ? "did not take its last messages in time"
                                       : "stopped waiting for it to take its last messages");
    }
    if (links_[peer].up) ::shutdown(links_[peer].fd.get(), SHUT_WR);
  }
}

}  // namespace lc
