#include "logical_clock/real/listener.h"

#include <signal.h>
#include <sys/epoll.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "logical_clock/base/sys.h"

namespace lc {

namespace {

constexpr uint64_t kListenKey = UINT64_MAX;
constexpr uint64_t kStopKey = UINT64_MAX - 1;
constexpr size_t kReadChunk = size_t{64} * 1024;
constexpr int kReportsPerSecond = 5;
// A look at the connections later than asked by more than this: the process was stopped (a
// SIGSTOP, Ctrl-Z) or kept from a CPU meanwhile.
constexpr int64_t kLateLookNs = 250'000'000;

}  // namespace

Listener::Listener(const ListenerConfig& config, Fd listen_fd, MessageQueue* queue)
    : config_(config),
      listen_fd_(std::move(listen_fd)),
      queue_(queue),
      claimed_(static_cast<size_t>(config.machines), 0),
      closed_(static_cast<size_t>(config.machines), 0),
      left_at_(new std::atomic<int64_t>[static_cast<size_t>(config.machines)]),
      down_at_(new std::atomic<int64_t>[static_cast<size_t>(config.machines)]),
      read_buf_(kReadChunk) {
  for (size_t i = 0; i < static_cast<size_t>(config.machines); ++i) {
    left_at_[i].store(0);
    down_at_[i].store(0);
  }
}

std::vector<int> Listener::open_peers() const {
  std::vector<int> open;
  for (int id = 0; id < config_.machines; ++id)
    if (id != config_.self && !closed_[static_cast<size_t>(id)]) open.push_back(id);
  return open;
}

Listener::~Listener() {
  if (thread_.joinable()) {
    stop();
    join();
  }
}

Status Listener::start() {
  Status s = make_epoll(&epoll_);
  if (s.is_ok()) s = make_eventfd(&stop_);
  if (s.is_ok()) s = make_eventfd(&connected_);
  if (s.is_ok()) s = make_eventfd(&done_);
  if (s.is_ok()) s = make_eventfd(&news_);
  if (s.is_ok()) s = epoll_add(epoll_.get(), listen_fd_.get(), EPOLLIN, kListenKey);
  if (s.is_ok()) s = epoll_add(epoll_.get(), stop_.get(), EPOLLIN, kStopKey);
  if (!s.is_ok()) return s;
  // Signals belong to the main thread: the listener starts with all of them blocked.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  try {
    thread_ = std::thread([this] { run(); });
  } catch (const std::system_error& e) {
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return Status::error(std::string("start listener thread: ") + e.what());
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return Status::ok();
}

void Listener::stop() {
  if (stop_.valid()) eventfd_signal(stop_.get());
}

void Listener::join() {
  if (thread_.joinable()) thread_.join();
}

void Listener::run() {
  epoll_event events[64];
  const int others = config_.machines - 1;
  while (peers_closed_ < others) {
    const int64_t asked_at = monotonic_ns();
    const int timeout_ms = next_timeout_ms(asked_at);
    const int n = ::epoll_wait(epoll_.get(), events, 64, timeout_ms);
    const int64_t woke_at = monotonic_ns();
    if (n < 0 && errno != EINTR) {
      status_ = Status::from_errno("epoll_wait", errno);
      break;
    }
    bool stopping = false;
    for (int i = 0; i < n; ++i) {
      const uint64_t key = events[i].data.u64;
      if (key == kStopKey) {
        stopping = true;
      } else if (key == kListenKey) {
        accept_all();
      } else {
        auto it = conns_.find(static_cast<int>(key));
        if (it != conns_.end()) on_readable(it->second.get());
      }
    }
    if (stopping) break;
    // Late to look (past the wait asked for, or in handling what it returned): the strangers'
    // time did not pass for this thread, which could not read their hellos meanwhile, and
    // their peers may have been stopped with it between a connect and its hello.
    const int64_t now = monotonic_ns();
    const int64_t overslept = timeout_ms < 0 ? 0 : woke_at - asked_at - int64_t{timeout_ms} * 1'000'000;
    if (std::max<int64_t>(0, overslept) + (now - woke_at) > kLateLookNs) restart_hellos(now);
    expire_hellos(now);
  }
  if (suppressed_ > 0) {
    report("(" + std::to_string(suppressed_) + " more connection reports suppressed)", true);
  }
  conns_.clear();
  eventfd_signal(done_.get());
}

// The unauthenticated connection closest to its hello deadline, or null. Deadlines are set
// in accept order, so the oldest live entry of the hello queue is it; entries of connections
// that said hello or went away are dropped from the front as they are met.
Listener::Conn* Listener::oldest_stranger() {
  while (!hellos_.empty()) {
    const PendingHello& h = hellos_.front();
    auto it = conns_.find(h.fd);
    if (it != conns_.end() && it->second->serial == h.serial && it->second->session.peer() < 0)
      return it->second.get();
    hellos_.pop_front();
  }
  return nullptr;
}

void Listener::pause_listening(bool paused) {
  if (paused == listening_paused_) return;
  listening_paused_ = paused;
  epoll_modify(epoll_.get(), listen_fd_.get(), paused ? 0u : static_cast<uint32_t>(EPOLLIN), kListenKey);
}

void Listener::accept_all() {
  for (;;) {
    // At the limit, new connections wait in the kernel's queue (a level-triggered listener
    // that cannot take them would spin); a stranger leaving or saying hello makes room.
    if (strangers_ >= config_.max_strangers) return pause_listening(true);
    Fd fd;
    sockaddr_storage from{};
    const IoResult r = accept_connection(listen_fd_.get(), &fd, &from);
    if (r.kind == IoResult::kWouldBlock) return;
    if (r.kind == IoResult::kError) {
      // Out of descriptors, say: wait until a connection closes.
      report("accept: " + errno_text(r.err), false);
      return pause_listening(true);
    }
    auto conn = std::make_unique<Conn>(&config_, &claimed_);
    conn->fd = std::move(fd);
    conn->from = from;
    conn->name = peer_name(conn->fd.get());
    if (!config_.endpoints.empty()) {
      if (Status s = set_cluster_socket_options(conn->fd.get()); !s.is_ok()) {
        report("dropped connection from " + conn->name + ": " + s.message(), false);
        continue;
      }
    }
    if (config_.key) conn->handshake = std::make_unique<HandshakeAcceptor>(*config_.key);
    conn->hello_deadline_ns = monotonic_ns() + int64_t{config_.hello_timeout_ms} * 1'000'000;
    conn->serial = ++serials_;
    const int key = conn->fd.get();
    Status s = epoll_add(epoll_.get(), key, EPOLLIN, static_cast<uint64_t>(key));
    if (!s.is_ok()) {
      report(s.message(), false);
      continue;
    }
    ++strangers_;
    hellos_.push_back(PendingHello{key, conn->serial});
    conns_[key] = std::move(conn);
  }
}

void Listener::on_readable(Conn* conn) {
  const IoResult r = read_some(conn->fd.get(), read_buf_.data(), read_buf_.size());
  if (r.kind == IoResult::kWouldBlock) return;
  if (r.kind == IoResult::kEof || r.kind == IoResult::kError) {
    drop(conn, r.kind == IoResult::kError ? errno_text(r.err)
               : conn->handshake           ? std::string("closed during its handshake")
                                           : conn->session.end_reason());
    return;
  }
  InboundSession& session = conn->session;
  if (conn->handshake) {
    std::string rest;
    if (!on_handshake(conn, r.bytes, &rest)) return;  // under way, or dropped
    session.append(rest.data(), rest.size());
  } else {
    session.append(read_buf_.data(), r.bytes);
  }
  batch_.clear();
  uint64_t clock = 0;
  InboundSession::Event e;
  while ((e = session.next(&clock)) != InboundSession::Event::kNeedMore &&
         e != InboundSession::Event::kViolation) {
    if (e == InboundSession::Event::kMessage) {
      batch_.push_back(Message{session.peer(), clock, 0, {}});
      batch_.back().vclock.swap(session.vclock());  // the session's is empty again
    }
    if (e == InboundSession::Event::kHello) on_hello(conn);
  }
  // Messages decoded before a violation were sent by an authenticated peer: keep them.
  if (!batch_.empty()) queue_->push(&batch_);
  if (e == InboundSession::Event::kViolation) {
    drop(conn, session.violation());
  } else if (session.said_bye()) {
    drop(conn, "");  // its last frame: the peer has left, with everything it sent queued
  }
}

// Feeds the connection's handshake with the `len` bytes just read. True once it is done: the
// acceptor is gone, and *rest holds the bytes past the proof, the connection's first frames.
// False while it goes on, or when the connection was dropped (a refused claim, a failed proof).
bool Listener::on_handshake(Conn* conn, size_t len, std::string* rest) {
  HandshakeAcceptor& h = *conn->handshake;
  switch (h.on_bytes(read_buf_.data(), len)) {
    case HandshakeAcceptor::State::kAwaitOffer:
    case HandshakeAcceptor::State::kAwaitProof: return false;
    case HandshakeAcceptor::State::kFailed: drop(conn, "handshake: " + h.error()); return false;
    case HandshakeAcceptor::State::kOffered: {
      if (std::string why = refused_claim(*conn, h.claim()); !why.empty()) {
        drop(conn, "handshake: " + why);
        return false;
      }
      Nonce nonce;
      if (Status s = random_bytes(nonce.data(), nonce.size()); !s.is_ok()) {
        drop(conn, s.message());
        return false;
      }
      // The connection's first bytes out: its socket's buffer is empty and takes them whole,
      // unless the connection is broken already.
      const std::string challenge = h.challenge(nonce);
      const IoResult w = send_some(conn->fd.get(), challenge.data(), challenge.size());
      if (w.kind != IoResult::kDone || w.bytes != challenge.size())
        drop(conn, "handshake: the challenge could not be sent" +
                       (w.kind == IoResult::kError ? " (" + errno_text(w.err) + ")" : std::string()));
      return false;
    }
    case HandshakeAcceptor::State::kDone: break;
  }
  *rest = h.extra();
  conn->session.expect_sender(static_cast<int>(h.claim().from));
  conn->handshake.reset();
  return true;
}

// Why a handshake's claim is refused before its challenge; empty when it may go on.
std::string Listener::refused_claim(const Conn& conn, const HandshakeClaim& claim) const {
  if (claim.channel != HandshakeChannel::kPeer) return "an offer for the control channel";
  if (claim.to != static_cast<uint32_t>(config_.self)) return "an offer to machine " + std::to_string(claim.to);
  if (claim.run != config_.run_id) return "an offer for another run (" + std::to_string(claim.run) + ")";
  if (claim.from >= static_cast<uint32_t>(config_.machines) || claim.from == static_cast<uint32_t>(config_.self))
    return "an offer from unknown machine id " + std::to_string(claim.from);
  if (claimed_[claim.from]) return "an offer from machine " + std::to_string(claim.from) + ", already connected";
  if (!config_.endpoints.empty() && !same_host(conn.from, config_.endpoints[claim.from]))
    return "an offer from machine " + std::to_string(claim.from) + ", whose listed address is " +
           config_.endpoints[claim.from].text + ", from another address";
  return "";
}

void Listener::on_hello(Conn*) {
  --strangers_;
  pause_listening(false);
  hellos_said_.store(++peers_claimed_, std::memory_order_relaxed);
  if (peers_claimed_ == config_.machines - 1) eventfd_signal(connected_.get());
}

// Closes a connection. For a peer, `why` empty means it left (said bye), anything else that it
// went down; either way the main thread hears of it at once.
void Listener::drop(Conn* conn, const std::string& why) {
  const int key = conn->fd.get();
  const int peer = conn->session.peer();
  if (peer >= 0) {
    closed_[static_cast<size_t>(peer)] = 1;
    ++peers_closed_;
    (why.empty() ? left_at_ : down_at_)[static_cast<size_t>(peer)].store(monotonic_ns(), std::memory_order_release);
    news_count_.fetch_add(1, std::memory_order_acq_rel);
    eventfd_signal(news_.get());
    // A peer that died is reported by the main thread, with the model time; a peer that
    // broke the protocol is worth a line of its own.
    if (!conn->session.violation().empty())
      report("connection from machine " + std::to_string(peer) + " broke the protocol: " + why, true);
  } else {
    --strangers_;
    report("dropped connection from " + conn->name + ": " + (why.empty() ? "closed" : why),
           false);
  }
  conns_.erase(key);  // closing the fd also removes it from the epoll set
  pause_listening(false);
}

// Each stranger gets its whole hello timeout from now (the same deadline for all keeps the
// queue in deadline order).
void Listener::restart_hellos(int64_t now) {
  const int64_t deadline = now + int64_t{config_.hello_timeout_ms} * 1'000'000;
  for (const PendingHello& h : hellos_) {
    auto it = conns_.find(h.fd);
    if (it == conns_.end() || it->second->serial != h.serial) continue;
    it->second->hello_deadline_ns = deadline;
    it->second->read_at_deadline = false;
  }
}

// A stranger is dropped for want of a hello only when its place is wanted (the table of
// strangers is full, or descriptors ran out): a peer that is merely slow to say hello, its
// process starved of a CPU between its connect and its hello, is never taken for a stranger.
void Listener::expire_hellos(int64_t now) {
  if (!listening_paused_) return;
  while (Conn* c = oldest_stranger()) {
    if (c->hello_deadline_ns > now) return;
    // Its hello may be waiting unread: more connections can be readable than one epoll_wait
    // returns. What came is read first (a hello makes it a peer; an end or a violation drops it).
    if (!c->read_at_deadline) {
      c->read_at_deadline = true;
      on_readable(c);
      continue;
    }
    drop(c, "no hello in time");
  }
}

int Listener::next_timeout_ms(int64_t now) {
  if (!listening_paused_) return -1;  // with room for more, no stranger's deadline matters
  const Conn* c = oldest_stranger();
  if (!c) return -1;  // once every connection is known, nothing has a deadline
  const int64_t ms = (c->hello_deadline_ns - now + 999'999) / 1'000'000;
  return ms < 0 ? 0 : static_cast<int>(ms);
}

void Listener::report(const std::string& line, bool always) {
  const int64_t now = monotonic_ns();
  if (now - report_window_start_ >= 1'000'000'000) {
    report_window_start_ = now;
    reports_in_window_ = 0;
  }
  if (!always && reports_in_window_ >= kReportsPerSecond) {
    ++suppressed_;
    return;
  }
  ++reports_in_window_;
  std::fprintf(stderr, "logical_clock: machine %d: %s\n", config_.self, line.c_str());
}

}  // namespace lc
