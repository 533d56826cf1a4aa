// Peer connections of a cluster, at the component level: three machines, each a Listener and a
// PeerLinks with the cluster's key, listening at 127.0.0.2, .3 and .4 (the whole of 127/8 is
// local on Linux, so one host stands for three). Keyed peers connect from their listed
// addresses, run the handshake, and deliver; strangers are refused, one stderr line each, and
// never reach a queue: no handshake, a wrong key, a replayed handshake, a member with the key
// claiming another id, a member connecting from an address other than its listed one, a member
// of another run; the real peers' run goes on.
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "check.h"
#include "logical_clock/base/endpoint.h"
#include "logical_clock/base/fd.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/real/handshake_io.h"
#include "logical_clock/real/listener.h"
#include "logical_clock/real/message_queue.h"
#include "logical_clock/real/peer_links.h"
#include "logical_clock/wire/frame.h"
#include "logical_clock/wire/handshake.h"

namespace {

constexpr int kWaitMs = 3000;  // upper bound for anything that should happen at once
constexpr int kMachines = 3;
constexpr uint64_t kSecret = 0x5eC12e7000000002ULL;
constexpr uint64_t kRun = 0x0123456789abcdefULL;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

lc::ClusterKey key_of(uint8_t seed) {
  lc::ClusterKey k;
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(seed * 13 + 3 * i);
  return k;
}
const lc::ClusterKey kKey = key_of(1);

// stderr, caught in a file for the listeners' lines (and given back, with them, at the end).
class CaughtStderr {
 public:
  CaughtStderr() {
    char path[] = "/tmp/test_peer_auth.XXXXXX";
    file_ = ::mkstemp(path);
    ::unlink(path);
    saved_ = ::dup(2);
    std::fflush(stderr);
    ::dup2(file_, 2);
  }
  ~CaughtStderr() {
    std::fflush(stderr);
    ::dup2(saved_, 2);
    const std::string all = text();
    std::fprintf(stderr, "%s", all.c_str());
    ::close(saved_);
    ::close(file_);
  }
  std::string text() const {
    std::string out;
    char buf[4096];
    ssize_t n;
    for (off_t at = 0; (n = ::pread(file_, buf, sizeof buf, at)) > 0; at += n) out.append(buf, static_cast<size_t>(n));
    return out;
  }
  // How many lines hold `part`.
  int lines_with(const std::string& part) const {
    const std::string all = text();
    int count = 0;
    for (size_t at = 0; at < all.size();) {
      size_t end = all.find('\n', at);
      if (end == std::string::npos) end = all.size();
      if (all.substr(at, end - at).find(part) != std::string::npos) ++count;
      at = end + 1;
    }
    return count;
  }
  // Waits until a line holds `part`.
  bool wait_for(const std::string& part) const {
    const int64_t deadline = lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000;
    while (lines_with(part) == 0) {
      if (lc::monotonic_ns() > deadline) return false;
      lc::wait_readable(-1, 5);  // a short pause between looks
    }
    return true;
  }

 private:
  int file_ = -1;
  int saved_ = -1;
};

lc::Endpoint endpoint(const std::string& text) {
  lc::Endpoint e;
  CHECK(lc::parse_endpoint(text, &e).is_ok());
  return e;
}

struct Machine {
  lc::MessageQueue queue;
  std::unique_ptr<lc::Listener> listener;
  std::unique_ptr<lc::PeerLinks> links;
};

struct Cluster {
  std::vector<lc::Endpoint> endpoints;
  Machine machines[kMachines];
};

// Listens for machine i at 127.0.0.(2 + i), a port the kernel picks, with the key; starts its
// listener. The endpoints are complete once every machine listens.
bool start_listeners(Cluster* c) {
  std::vector<lc::Fd> fds;
  for (int i = 0; i < kMachines; ++i) {
    lc::Endpoint at = endpoint("127.0.0." + std::to_string(2 + i) + ":1");
    at.port = 0;
    lc::Fd fd;
    const lc::Status s = lc::listen_endpoint(at, &fd);
    CHECK(s.is_ok());
    if (!s.is_ok()) return false;
    sockaddr_in bound{};
    socklen_t len = sizeof bound;
    CHECK_EQ(::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &len), 0);
    c->endpoints.push_back(endpoint("127.0.0." + std::to_string(2 + i) + ":" + std::to_string(ntohs(bound.sin_port))));
    fds.push_back(std::move(fd));
  }
  for (int i = 0; i < kMachines; ++i) {
    lc::ListenerConfig config;
    config.self = i;
    config.machines = kMachines;
    config.secret = kSecret;
    config.endpoints = c->endpoints;
    config.key = kKey;
    config.run_id = kRun;
    Machine& m = c->machines[i];
    m.listener = std::make_unique<lc::Listener>(config, std::move(fds[static_cast<size_t>(i)]), &m.queue);
    const lc::Status s = m.listener->start();
    CHECK(s.is_ok());
    if (!s.is_ok()) return false;
  }
  return true;
}

lc::PeerLinks::Dial dial_of(const Cluster& c, const lc::ClusterKey& key = kKey, uint64_t run = kRun) {
  lc::PeerLinks::Dial d;
  d.endpoints = c.endpoints;
  d.secret = kSecret;
  d.key = key;
  d.run_id = run;
  d.timeout_ms = kWaitMs;
  return d;
}

// A connection to machine `to`, from `from_host`'s address.
lc::Fd dial(const Cluster& c, int to, const std::string& from_host) {
  const lc::Endpoint from = endpoint(from_host + ":1");
  lc::Fd fd;
  CHECK(lc::connect_endpoint(c.endpoints[static_cast<size_t>(to)], &from, kWaitMs, &fd).is_ok());
  return fd;
}

bool send_all(int fd, const std::string& data) {
  size_t done = 0;
  const int64_t deadline = lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000;
  while (done < data.size()) {
    const lc::IoResult r = lc::send_some(fd, data.data() + done, data.size() - done);
    if (r.kind == lc::IoResult::kDone) done += r.bytes;
    else if (r.kind != lc::IoResult::kWouldBlock || lc::wait_until(fd, POLLOUT, deadline) != lc::WaitResult::kReady)
      return false;
  }
  return true;
}

// Reads exactly n bytes (false on an end, an error or a timeout).
bool read_exactly(int fd, size_t n, std::string* out) {
  out->clear();
  char buf[256];
  const int64_t deadline = lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000;
  while (out->size() < n) {
    const lc::IoResult r = lc::read_some(fd, buf, std::min(sizeof buf, n - out->size()));
    if (r.kind == lc::IoResult::kDone) out->append(buf, r.bytes);
    else if (r.kind != lc::IoResult::kWouldBlock || lc::wait_until(fd, POLLIN, deadline) != lc::WaitResult::kReady)
      return false;
  }
  return true;
}

// Whether the listener closes the connection (an end or a reset on this side).
bool closed_by_peer(int fd) {
  const int64_t deadline = lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000;
  char buf[256];
  for (;;) {
    if (lc::wait_until(fd, POLLIN, deadline) != lc::WaitResult::kReady) return false;
    const lc::IoResult r = lc::read_some(fd, buf, sizeof buf);
    if (r.kind == lc::IoResult::kEof || r.kind == lc::IoResult::kError) return true;
  }
}

std::string hello(uint32_t sender, uint32_t receiver) {
  std::string s;
  lc::encode_hello(lc::Hello{kSecret, sender, receiver}, &s);
  return s;
}

std::string message(uint32_t sender, uint64_t clock) {
  std::string s;
  lc::encode_message(lc::MessageFrame{sender, clock}, &s);
  return s;
}

lc::HandshakeClaim claim(uint32_t from, uint32_t to, uint64_t run = kRun) {
  return lc::HandshakeClaim{lc::HandshakeChannel::kPeer, from, to, run};
}

// A genuine exchange of the handshake, recorded by an eavesdropper: the offer and the proof.
struct Recorded {
  std::string offer, proof;
};
Recorded record_exchange(const lc::HandshakeClaim& c) {
  lc::Nonce nonce_c{}, nonce_a{};
  CHECK(lc::random_bytes(nonce_c.data(), nonce_c.size()).is_ok());
  CHECK(lc::random_bytes(nonce_a.data(), nonce_a.size()).is_ok());
  lc::HandshakeConnector connector(kKey, c, nonce_c);
  lc::HandshakeAcceptor acceptor(kKey);
  Recorded r;
  r.offer = connector.offer();
  acceptor.on_bytes(r.offer.data(), r.offer.size());
  const std::string challenge = acceptor.challenge(nonce_a);
  CHECK(connector.on_bytes(challenge.data(), challenge.size(), &r.proof) == lc::HandshakeConnector::State::kDone);
  CHECK(acceptor.on_bytes(r.proof.data(), r.proof.size()) == lc::HandshakeAcceptor::State::kDone);
  return r;
}

std::vector<lc::Message> take_all(lc::MessageQueue& q) {
  int64_t now = 0;
  return q.take_all(&now);
}

// Waits until the queue holds `n` messages; returns them all.
std::vector<lc::Message> take_n(lc::MessageQueue& q, size_t n) {
  std::vector<lc::Message> got;
  const int64_t deadline = lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000;
  while (got.size() < n && lc::monotonic_ns() < deadline) {
    std::vector<lc::Message> more = take_all(q);
    got.insert(got.end(), more.begin(), more.end());
    if (got.size() < n) lc::wait_readable(-1, 2);
  }
  return got;
}

lc::WaitResult poll_until(std::vector<pollfd>* fds, int64_t deadline_ns) {
  const int64_t left_ms = deadline_ns < 0 ? -1 : (deadline_ns - lc::monotonic_ns()) / 1'000'000;
  if (deadline_ns >= 0 && left_ms <= 0) return lc::WaitResult::kTimeout;
  const int n = ::poll(fds->data(), fds->size(), static_cast<int>(left_ms));
  return n > 0 ? lc::WaitResult::kReady : n == 0 ? lc::WaitResult::kTimeout : lc::WaitResult::kError;
}

// Each stranger, against machine 0 before its peers connect (so that every id is free to claim),
// is refused with its own line, and machine 0's queue stays empty.
void strangers_before_the_run(Cluster& c, const CaughtStderr& err) {
  lc::Listener& l0 = *c.machines[0].listener;
  // No handshake: a hello with the run's secret, as on one host.
  {
    lc::Fd fd = dial(c, 0, "127.0.0.3");
    CHECK(send_all(fd.get(), hello(1, 0) + message(1, 7)));
    CHECK(closed_by_peer(fd.get()));
    CHECK(err.wait_for("handshake: not a handshake offer"));
  }
  // The wrong key: a machine's links see that machine 0's challenge is not under their key, and
  // say so; machine 0 sees them close during the handshake. A stranger that sends a proof anyway
  // (made under its own key) is refused for it.
  {
    lc::PeerLinks intruder(1, kMachines);
    const lc::Status s = intruder.connect_all(dial_of(c, key_of(2)));
    CHECK(!s.is_ok());
    CHECK(has(s.message(), "machine 0: handshake: the acceptor does not hold this key"));
    CHECK(err.wait_for("closed during its handshake"));
  }
  {
    lc::Fd fd = dial(c, 0, "127.0.0.3");
    lc::Nonce nonce_c{};
    lc::HandshakeConnector connector(key_of(2), claim(1, 0), nonce_c);
    std::string challenge, proof;
    CHECK(send_all(fd.get(), connector.offer()));
    CHECK(read_exactly(fd.get(), lc::kChallengeSize, &challenge));
    // Its own acceptor, with the listener's nonce, makes a challenge the connector accepts.
    lc::HandshakeAcceptor own(key_of(2));
    own.on_bytes(connector.offer().data(), connector.offer().size());
    lc::Nonce nonce_a;
    std::copy(challenge.begin() + 4, challenge.begin() + 36, nonce_a.begin());
    const std::string own_challenge = own.challenge(nonce_a);
    CHECK(connector.on_bytes(own_challenge.data(), own_challenge.size(), &proof) == lc::HandshakeConnector::State::kDone);
    CHECK(send_all(fd.get(), proof + hello(1, 0) + message(1, 8)));
    CHECK(closed_by_peer(fd.get()));
    CHECK(err.wait_for("handshake: the connector does not hold this key (its proof is wrong)"));
  }
  // A recorded handshake replayed from machine 1's own address: the listener's challenge has a
  // fresh nonce, and the recorded proof answers another.
  {
    const Recorded rec = record_exchange(claim(1, 0));
    lc::Fd fd = dial(c, 0, "127.0.0.3");
    std::string challenge;
    CHECK(send_all(fd.get(), rec.offer));
    CHECK(read_exactly(fd.get(), lc::kChallengeSize, &challenge));
    CHECK(send_all(fd.get(), rec.proof + hello(1, 0) + message(1, 9)));
    CHECK(closed_by_peer(fd.get()));
    CHECK_EQ(err.lines_with("its proof is wrong"), 2);
    CHECK(err.wait_for("from 127.0.0.3:"));
  }
  // A member with the key, from machine 1's address, proves machine 1 and then says hello as
  // machine 2.
  {
    lc::Fd fd = dial(c, 0, "127.0.0.3");
    CHECK(lc::handshake_as_connector(fd.get(), kKey, claim(1, 0), lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000).is_ok());
    CHECK(send_all(fd.get(), hello(2, 0) + message(2, 10)));
    CHECK(closed_by_peer(fd.get()));
    CHECK(err.wait_for("hello from machine 2 on a connection whose handshake proved machine 1"));
  }
  // A member with the key claiming machine 2 from another address (127.0.0.9), to machine 1
  // (each listener reports up to 5 lines a second): refused at its offer, before any challenge.
  {
    lc::Fd fd = dial(c, 1, "127.0.0.9");
    const lc::Status s = lc::handshake_as_connector(fd.get(), kKey, claim(2, 1), lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000);
    CHECK(!s.is_ok());
    CHECK(has(s.message(), "closed before its challenge"));
    CHECK(err.wait_for("machine 1: dropped connection from 127.0.0.9:"));
    CHECK(err.wait_for("handshake: an offer from machine 2, whose listed address is " + c.endpoints[2].text +
                       ", from another address"));
  }
  CHECK(take_all(c.machines[0].queue).empty());
  CHECK(take_all(c.machines[1].queue).empty());
  CHECK_EQ(l0.hellos(), 0);
  CHECK(lc::wait_readable(l0.news_fd(), 0) == lc::WaitResult::kTimeout);  // no peer came or went
}

// Strangers while the run goes on, against machine 2 (its own report budget): a replay of a
// machine already connected, a member of another run, a stranger with no handshake.
void strangers_during_the_run(const Cluster& c, const CaughtStderr& err) {
  {
    const Recorded rec = record_exchange(claim(0, 2));
    lc::Fd fd = dial(c, 2, "127.0.0.2");
    CHECK(send_all(fd.get(), rec.offer));
    CHECK(closed_by_peer(fd.get()));
    CHECK(err.wait_for("machine 2: dropped connection from 127.0.0.2:"));
    CHECK(err.wait_for("handshake: an offer from machine 0, already connected"));
  }
  {
    lc::Fd fd = dial(c, 2, "127.0.0.2");
    const lc::Status s = lc::handshake_as_connector(fd.get(), kKey, claim(0, 2, kRun + 1), lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000);
    CHECK(!s.is_ok());
    CHECK(err.wait_for("handshake: an offer for another run (" + std::to_string(kRun + 1) + ")"));
  }
  {
    lc::Fd fd = dial(c, 2, "127.0.0.9");
    CHECK(send_all(fd.get(), "GET / HTTP/1.0\r\n\r\n"));
    CHECK(closed_by_peer(fd.get()));
    CHECK_EQ(err.lines_with("handshake: not a handshake offer"), 2);
  }
}

void test_keyed_cluster() {
  const CaughtStderr err;
  Cluster c;
  if (!start_listeners(&c)) return;
  strangers_before_the_run(c, err);

  // The real peers: each connects to the others from its listed address, with the key.
  for (int i = 0; i < kMachines; ++i) {
    c.machines[i].links = std::make_unique<lc::PeerLinks>(i, kMachines);
    const lc::Status s = c.machines[i].links->connect_all(dial_of(c));
    CHECK(s.is_ok());
    if (!s.is_ok()) std::fprintf(stderr, "  machine %d: %s\n", i, s.message().c_str());
  }
  for (int i = 0; i < kMachines; ++i)
    CHECK(lc::wait_readable(c.machines[i].listener->connected_fd(), kWaitMs) == lc::WaitResult::kReady);
  // Each sends two messages to each other; each receives four, in order per sender.
  auto send_round = [&c](uint64_t first) {
    for (int i = 0; i < kMachines; ++i)
      for (int j = 0; j < kMachines; ++j)
        if (i != j)
          for (uint64_t k = first; k < first + 2; ++k) {
            const std::string m = message(static_cast<uint32_t>(i), k * 10 + static_cast<uint64_t>(j));
            c.machines[i].links->send(j, m.data(), m.size());
          }
  };
  auto check_round = [&c](uint64_t first) {
    for (int j = 0; j < kMachines; ++j) {
      const std::vector<lc::Message> got = take_n(c.machines[j].queue, 4);
      CHECK_EQ(got.size(), size_t{4});
      std::vector<uint64_t> from[kMachines];
      for (const lc::Message& m : got) from[m.sender].push_back(m.clock);
      for (int i = 0; i < kMachines; ++i)
        if (i != j)
          CHECK(from[i] == (std::vector<uint64_t>{first * 10 + static_cast<uint64_t>(j),
                                                  (first + 1) * 10 + static_cast<uint64_t>(j)}));
    }
  };
  send_round(1);
  check_round(1);

  strangers_during_the_run(c, err);
  // The run goes on: another round, then the end (byes), with no peer down.
  send_round(3);
  check_round(3);
  for (int i = 0; i < kMachines; ++i) {
    c.machines[i].links->finish(lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000, poll_until);
    CHECK(c.machines[i].links->take_downs().empty());
  }
  for (int j = 0; j < kMachines; ++j) {
    lc::Listener& l = *c.machines[j].listener;
    CHECK(lc::wait_readable(l.done_fd(), kWaitMs) == lc::WaitResult::kReady);
    l.join();
    CHECK(l.status().is_ok());
    for (int i = 0; i < kMachines; ++i) {
      CHECK_EQ(l.down_at(i), int64_t{0});
      if (i != j) CHECK(l.left_at(i) > 0);
    }
    CHECK(take_all(c.machines[j].queue).empty());  // nothing from any stranger
  }
  CHECK_EQ(err.lines_with("suppressed"), 0);
  CHECK_EQ(err.lines_with("broke the protocol"), 0);
}

// Without endpoints the key alone still asks for the handshake, on 127.0.0.1 with ports; a
// keyless dial to a keyed listener is refused.
void test_keyed_loopback() {
  const CaughtStderr err;
  lc::MessageQueue queue;
  lc::Fd fd;
  uint16_t port = 0;
  CHECK(lc::listen_loopback(&fd, &port).is_ok());
  lc::ListenerConfig config;
  config.self = 0;
  config.machines = 2;
  config.secret = kSecret;
  config.key = kKey;
  config.run_id = kRun;
  lc::Listener l(config, std::move(fd), &queue);
  CHECK(l.start().is_ok());
  {
    lc::PeerLinks plain(1, 2);
    CHECK(plain.connect_all({port, 0}, kSecret, kWaitMs).is_ok());  // its hello goes, unread
    CHECK(err.wait_for("handshake: not a handshake offer"));
  }
  lc::PeerLinks links(1, 2);
  lc::PeerLinks::Dial d;
  d.ports = {port, 0};
  d.secret = kSecret;
  d.key = kKey;
  d.run_id = kRun;
  d.timeout_ms = kWaitMs;
  CHECK(links.connect_all(d).is_ok());
  const std::string m = message(1, 42);
  links.send(0, m.data(), m.size());
  const std::vector<lc::Message> got = take_n(queue, 1);
  CHECK_EQ(got.size(), size_t{1});
  if (!got.empty()) CHECK_EQ(got[0].clock, uint64_t{42});
  links.finish(lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000, poll_until);
  CHECK(lc::wait_readable(l.done_fd(), kWaitMs) == lc::WaitResult::kReady);
  l.join();
  CHECK(l.left_at(1) > 0);
}

}  // namespace

int main() {
  test_keyed_cluster();
  test_keyed_loopback();
  return lc_test::finish("peer_auth");
}
