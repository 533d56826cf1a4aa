// Sockets between hosts, on loopback (the whole of 127/8 is local on Linux, so one host stands
// for several): listen_endpoint binds the exact address, connect_endpoint connects from the
// address it is given, so that the acceptor sees that source (same_host), IPv4-mapped IPv6
// addresses are their IPv4 ones, set_cluster_socket_options sets the stated figures, and
// handshake_as_connector completes with an acceptor holding the key, and otherwise says why not.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstring>
#include <string>
#include <thread>

#include "check.h"
#include "logical_clock/base/endpoint.h"
#include "logical_clock/base/fd.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/real/handshake_io.h"
#include "logical_clock/wire/handshake.h"

namespace {

constexpr int kWaitMs = 3000;  // upper bound for anything that should happen at once

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

lc::Endpoint endpoint(const std::string& text) {
  lc::Endpoint e;
  const lc::Status s = lc::parse_endpoint(text, &e);
  CHECK(s.is_ok());
  return e;
}

// The port the kernel gave a socket listening at port 0.
uint16_t local_port(int fd) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  CHECK_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  if (addr.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
}

// Listens at `host` on a port the kernel picks; *at gets the address with that port.
lc::Fd listen_at(const std::string& host, lc::Endpoint* at, lc::Status* status = nullptr) {
  *at = endpoint(host + ":1");
  at->port = 0;
  lc::Fd fd;
  const lc::Status s = lc::listen_endpoint(*at, &fd);
  if (status != nullptr) *status = s;
  else CHECK(s.is_ok());
  if (s.is_ok()) at->port = local_port(fd.get());
  return fd;
}

lc::Fd accept_within(int listen_fd, sockaddr_storage* from) {
  lc::Fd conn;
  const int64_t deadline = lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000;
  while (!conn.valid() && lc::monotonic_ns() < deadline) {
    if (lc::accept_connection(listen_fd, &conn, from).kind == lc::IoResult::kWouldBlock)
      lc::wait_until(listen_fd, POLLIN, deadline);
  }
  CHECK(conn.valid());
  return conn;
}

int int_option(int fd, int level, int name) {
  int value = -1;
  socklen_t len = sizeof value;
  CHECK_EQ(::getsockopt(fd, level, name, &value, &len), 0);
  return value;
}

void test_listen_and_connect_from_a_source() {
  lc::Endpoint at;
  const lc::Fd listener = listen_at("127.0.0.2", &at);
  CHECK(listener.valid());
  CHECK((::fcntl(listener.get(), F_GETFD) & FD_CLOEXEC) != 0);
  CHECK((::fcntl(listener.get(), F_GETFL) & O_NONBLOCK) != 0);
  CHECK_EQ(int_option(listener.get(), SOL_SOCKET, SO_REUSEADDR), 1);
  sockaddr_in bound{};
  socklen_t len = sizeof bound;
  CHECK_EQ(::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&bound), &len), 0);
  CHECK_EQ(bound.sin_addr.s_addr, htonl(0x7f000002));  // that address, not any

  const lc::Endpoint from = endpoint("127.0.0.3:9");  // its port is not used: the kernel picks one
  lc::Fd conn;
  CHECK(lc::connect_endpoint(at, &from, kWaitMs, &conn).is_ok());
  CHECK((::fcntl(conn.get(), F_GETFD) & FD_CLOEXEC) != 0);
  CHECK((::fcntl(conn.get(), F_GETFL) & O_NONBLOCK) != 0);
  CHECK_EQ(int_option(conn.get(), IPPROTO_TCP, TCP_NODELAY), 1);
  sockaddr_storage source{};
  const lc::Fd accepted = accept_within(listener.get(), &source);
  CHECK(lc::same_host(source, from));
  CHECK(!lc::same_host(source, at));
  CHECK(!lc::same_host(source, endpoint("127.0.0.1:9")));
  CHECK(has(lc::peer_name(accepted.get()), "127.0.0.3:"));
  CHECK(lc::peer_name(conn.get()) == "127.0.0.2:" + std::to_string(at.port));

  // A second listener at the same address and port is refused, with the address.
  lc::Fd again;
  const lc::Status s = lc::listen_endpoint(at, &again);
  CHECK(!s.is_ok());
  CHECK(has(s.message(), "bind 127.0.0.2:" + std::to_string(at.port) + ": Address already in use"));
}

void test_connect_errors() {
  lc::Endpoint at;
  { lc::Fd gone = listen_at("127.0.0.4", &at); }  // closed: nothing listens there now
  lc::Fd conn;
  lc::Status s = lc::connect_endpoint(at, nullptr, kWaitMs, &conn);
  CHECK(!s.is_ok());
  CHECK(has(s.message(), "connect 127.0.0.4:" + std::to_string(at.port) + ": Connection refused"));
  CHECK(!conn.valid());
  const lc::Endpoint v6 = endpoint("[::1]:9");
  s = lc::connect_endpoint(at, &v6, kWaitMs, &conn);
  CHECK(!s.is_ok());
  CHECK(has(s.message(), "one address is IPv4, the other IPv6"));
  // A source address this host does not have.
  const lc::Endpoint foreign = endpoint("198.51.100.7:9");
  s = lc::connect_endpoint(at, &foreign, kWaitMs, &conn);
  CHECK(!s.is_ok());
  CHECK(has(s.message(), "bind the source address 198.51.100.7:0"));
}

void test_ipv6() {
  lc::Endpoint at;
  lc::Status s;
  const lc::Fd listener = listen_at("[::1]", &at, &s);
  if (!s.is_ok()) {
    std::printf("cluster_sockets: no IPv6 loopback here (%s): its checks skipped\n", s.message().c_str());
    return;
  }
  CHECK_EQ(int_option(listener.get(), IPPROTO_IPV6, IPV6_V6ONLY), 1);
  const lc::Endpoint from = endpoint("[::1]:9");
  lc::Fd conn;
  CHECK(lc::connect_endpoint(at, &from, kWaitMs, &conn).is_ok());
  sockaddr_storage source{};
  const lc::Fd accepted = accept_within(listener.get(), &source);
  CHECK(lc::same_host(source, from));
  CHECK(!lc::same_host(source, endpoint("127.0.0.1:9")));
  CHECK(lc::peer_name(conn.get()) == "[::1]:" + std::to_string(at.port));
  // IPV6_V6ONLY: an IPv4 connection to the same port does not reach it.
  lc::Endpoint v4 = endpoint("127.0.0.1:1");
  v4.port = at.port;
  lc::Fd other;
  CHECK(!lc::connect_endpoint(v4, nullptr, kWaitMs, &other).is_ok());
}

// An IPv4-mapped IPv6 address is its IPv4 address: as a listening or source address, and when
// compared with a connection's source either way round.
void test_mapped_addresses() {
  lc::Endpoint at;
  const lc::Fd listener = listen_at("[::ffff:127.0.0.5]", &at);
  CHECK(listener.valid());
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  CHECK_EQ(::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&bound), &len), 0);
  CHECK_EQ(static_cast<int>(bound.ss_family), AF_INET);
  const lc::Endpoint from = endpoint("[::ffff:127.0.0.6]:9");
  lc::Fd conn;
  CHECK(lc::connect_endpoint(endpoint("127.0.0.5:" + std::to_string(at.port)), &from, kWaitMs, &conn).is_ok());
  sockaddr_storage source{};
  const lc::Fd accepted = accept_within(listener.get(), &source);
  CHECK(lc::same_host(source, from));
  CHECK(lc::same_host(source, endpoint("127.0.0.6:9")));

  sockaddr_storage mapped{};
  auto* m = reinterpret_cast<sockaddr_in6*>(&mapped);
  m->sin6_family = AF_INET6;
  CHECK_EQ(::inet_pton(AF_INET6, "::ffff:198.18.0.2", &m->sin6_addr), 1);
  CHECK(lc::same_host(mapped, endpoint("198.18.0.2:7000")));
  CHECK(lc::same_host(mapped, endpoint("[::ffff:198.18.0.2]:7000")));
  CHECK(!lc::same_host(mapped, endpoint("198.18.0.3:7000")));
  CHECK(!lc::same_host(mapped, endpoint("[::198.18.0.2]:7000")));  // IPv4-compatible is another address
}

void test_cluster_socket_options() {
  lc::Endpoint at;
  const lc::Fd listener = listen_at("127.0.0.2", &at);
  lc::Fd conn;
  CHECK(lc::connect_endpoint(at, nullptr, kWaitMs, &conn).is_ok());
  CHECK(lc::set_cluster_socket_options(conn.get()).is_ok());
  CHECK_EQ(int_option(conn.get(), IPPROTO_TCP, TCP_NODELAY), 1);
  CHECK_EQ(int_option(conn.get(), SOL_SOCKET, SO_KEEPALIVE), 1);
  CHECK_EQ(int_option(conn.get(), IPPROTO_TCP, TCP_KEEPIDLE), 5);
  CHECK_EQ(int_option(conn.get(), IPPROTO_TCP, TCP_KEEPINTVL), 1);
  CHECK_EQ(int_option(conn.get(), IPPROTO_TCP, TCP_KEEPCNT), 5);
  CHECK_EQ(int_option(conn.get(), IPPROTO_TCP, TCP_USER_TIMEOUT), 10'000);
  const lc::Status s = lc::set_cluster_socket_options(-1);
  CHECK(!s.is_ok());
  CHECK(has(s.message(), "setsockopt TCP_NODELAY: Bad file descriptor"));
}

lc::ClusterKey key_of(uint8_t seed) {
  lc::ClusterKey k;
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<uint8_t>(seed + 5 * i);
  return k;
}

const lc::HandshakeClaim kClaim{lc::HandshakeChannel::kPeer, 1, 2, 0xfeedf00d12345678};

// What the accepting side did: how its handshake ended, and what came after the proof.
struct Accepted {
  lc::HandshakeAcceptor::State state = lc::HandshakeAcceptor::State::kAwaitOffer;
  lc::HandshakeClaim claim;
  std::string error, after;
};

enum class AcceptorPlays { kFair, kCloseAfterOffer, kSilent };

// The accepting side, blocking on its own socket (in a thread): as the listener does, but plain.
Accepted accept_handshake(int fd, const lc::ClusterKey& key, AcceptorPlays plays, size_t after_bytes) {
  Accepted out;
  lc::HandshakeAcceptor acceptor(key);
  const int64_t deadline = lc::monotonic_ns() + int64_t{kWaitMs} * 1'000'000;
  char buf[256];
  while (lc::monotonic_ns() < deadline) {
    const lc::IoResult r = lc::read_some(fd, buf, sizeof buf);
    if (r.kind == lc::IoResult::kWouldBlock) {
      lc::wait_until(fd, POLLIN, deadline);
      continue;
    }
    if (r.kind != lc::IoResult::kDone) break;
    if (out.state == lc::HandshakeAcceptor::State::kDone) {
      out.after.append(buf, r.bytes);
    } else {
      out.state = acceptor.on_bytes(buf, r.bytes);
      out.error = acceptor.error();
      if (out.state == lc::HandshakeAcceptor::State::kOffered) {
        out.claim = acceptor.claim();
        if (plays == AcceptorPlays::kCloseAfterOffer) break;
        if (plays == AcceptorPlays::kSilent) {
          lc::wait_until(fd, POLLRDHUP, deadline);  // until the connector gives up
          break;
        }
        lc::Nonce nonce{};
        CHECK(lc::random_bytes(nonce.data(), nonce.size()).is_ok());
        const std::string challenge = acceptor.challenge(nonce);
        out.state = lc::HandshakeAcceptor::State::kAwaitProof;
        const lc::IoResult w = lc::send_some(fd, challenge.data(), challenge.size());
        CHECK(w.kind == lc::IoResult::kDone && w.bytes == challenge.size());
      }
      if (out.state == lc::HandshakeAcceptor::State::kDone) out.after = acceptor.extra();
      if (out.state == lc::HandshakeAcceptor::State::kFailed) break;
    }
    if (out.state == lc::HandshakeAcceptor::State::kDone && out.after.size() >= after_bytes) break;
  }
  return out;
}

// Runs the connector against an accepting thread; returns the connector's status.
lc::Status handshake(const lc::ClusterKey& connector_key, const lc::ClusterKey& acceptor_key, AcceptorPlays plays,
                     int64_t deadline_ns, Accepted* accepted, const std::string& then = "") {
  lc::Endpoint at;
  const lc::Fd listener = listen_at("127.0.0.2", &at);
  lc::Fd conn;
  CHECK(lc::connect_endpoint(at, nullptr, kWaitMs, &conn).is_ok());
  sockaddr_storage source{};
  lc::Fd server = accept_within(listener.get(), &source);
  std::thread acceptor([&] {
    *accepted = accept_handshake(server.get(), acceptor_key, plays, then.size());
    server.reset();  // its end closes, as the listener's does on a refusal
  });
  lc::Status s = lc::handshake_as_connector(conn.get(), connector_key, kClaim, deadline_ns);
  if (s.is_ok() && !then.empty()) CHECK(lc::send_some(conn.get(), then.data(), then.size()).bytes == then.size());
  if (!s.is_ok()) conn.reset();  // the connector gives up: a silent acceptor sees its end
  acceptor.join();
  return s;
}

int64_t in_ms(int ms) { return lc::monotonic_ns() + int64_t{ms} * 1'000'000; }

void test_handshake_as_connector() {
  Accepted a;
  lc::Status s = handshake(key_of(1), key_of(1), AcceptorPlays::kFair, in_ms(kWaitMs), &a, "first frames");
  CHECK(s.is_ok());
  CHECK(a.state == lc::HandshakeAcceptor::State::kDone);
  CHECK(a.claim == kClaim);
  CHECK_EQ(a.after, std::string("first frames"));  // the protocol's bytes follow, untouched

  s = handshake(key_of(1), key_of(2), AcceptorPlays::kFair, in_ms(kWaitMs), &a);
  CHECK(!s.is_ok());
  CHECK_EQ(s.message(), std::string("handshake: the acceptor does not hold this key (its challenge's mac is wrong)"));
  CHECK(a.state == lc::HandshakeAcceptor::State::kAwaitProof);  // no proof was sent

  s = handshake(key_of(1), key_of(1), AcceptorPlays::kCloseAfterOffer, in_ms(kWaitMs), &a);
  CHECK(!s.is_ok());
  CHECK(has(s.message(), "handshake: closed before its challenge"));

  s = handshake(key_of(1), key_of(1), AcceptorPlays::kSilent, in_ms(200), &a);
  CHECK(!s.is_ok());
  CHECK_EQ(s.message(), std::string("handshake: timed out waiting for the challenge"));
  CHECK(a.state == lc::HandshakeAcceptor::State::kOffered);
}

}  // namespace

int main() {
  test_listen_and_connect_from_a_source();
  test_connect_errors();
  test_ipv6();
  test_mapped_addresses();
  test_cluster_socket_options();
  test_handshake_as_connector();
  return lc_test::finish("cluster_sockets");
}
