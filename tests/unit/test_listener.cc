// Listener over real loopback sockets: peers that say hello get their messages queued in order
// with the right sender and clock; strangers (garbage, wrong secret, forged or duplicate ids,
// absurd lengths, silence) are closed and never reach the queue; done_fd becomes readable once
// every peer has left or gone down; a bye is a departure, a close without one a down, each
// announced on news_fd; a flood of strangers waits its turn and never pushes out a peer.
#include <poll.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "check.h"
#include "logical_clock/base/fd.h"
#include "logical_clock/wire/frame.h"
#include "logical_clock/real/listener.h"
#include "logical_clock/real/message_queue.h"
#include "logical_clock/base/sys.h"

namespace {

constexpr int kWaitMs = 3000;  // upper bound for anything that should happen at once
constexpr uint64_t kSecret = 0x5eC12e7000000001ULL;

struct Node {
  lc::MessageQueue queue;
  uint16_t port = 0;
  std::unique_ptr<lc::Listener> listener;
};

// Starts a listener for machine `self` of `machines` on a fresh loopback port.
bool start_node(Node* node, int self, int machines, int hello_timeout_ms = 3000, size_t max_strangers = 256) {
  lc::Fd fd;
  lc::Status s = lc::listen_loopback(&fd, &node->port);
  CHECK(s.is_ok());
  if (!s.is_ok()) return false;
  lc::ListenerConfig config;
  config.self = self;
  config.machines = machines;
  config.secret = kSecret;
  config.hello_timeout_ms = hello_timeout_ms;
  config.max_strangers = max_strangers;
  node->listener = std::make_unique<lc::Listener>(config, std::move(fd), &node->queue);
  s = node->listener->start();
  CHECK(s.is_ok());
  return s.is_ok();
}

lc::Fd dial(uint16_t port) {
  lc::Fd fd;
  const lc::Status s = lc::connect_loopback(port, kWaitMs, &fd);
  CHECK(s.is_ok());
  return fd;
}

// Sends all of data on a non-blocking socket; false if the other side has gone.
bool send_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const lc::IoResult r = lc::send_some(fd, data.data() + done, data.size() - done);
    if (r.kind == lc::IoResult::kDone) {
      done += r.bytes;
    } else if (r.kind == lc::IoResult::kWouldBlock) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, kWaitMs) <= 0) return false;
    } else {
      return false;
    }
  }
  return true;
}

// Whether the listener closes this connection within timeout_ms (EOF or reset on our side).
bool closed_by_peer(int fd, int timeout_ms) {
  const int64_t deadline = lc::monotonic_ns() + int64_t{timeout_ms} * 1'000'000;
  char buf[256];
  for (;;) {
    const int64_t left_ms = (deadline - lc::monotonic_ns()) / 1'000'000;
    if (left_ms < 0) return false;
    if (lc::wait_readable(fd, static_cast<int>(left_ms)) == lc::WaitResult::kTimeout) return false;
    const lc::IoResult r = lc::read_some(fd, buf, sizeof buf);
    if (r.kind == lc::IoResult::kEof || r.kind == lc::IoResult::kError) return true;
  }
}

// Whether the listener is seen to close this connection before `instant` (CLOCK_MONOTONIC):
// watched until then, as far as this thread gets a CPU to watch. A close seen only once the
// instant has passed proves nothing (it may have come after it), nor does a watch begun too late.
bool closed_before(int fd, int64_t instant) {
  const int64_t left_ms = (instant - lc::monotonic_ns()) / 1'000'000;
  if (left_ms <= 0) return false;
  return closed_by_peer(fd, static_cast<int>(left_ms)) && lc::monotonic_ns() < instant;
}

// How many peers have gone down (closed without a bye) so far.
int downs(const lc::Listener& l, int machines) {
  int n = 0;
  for (int id = 0; id < machines; ++id) n += l.down_at(id) != 0 ? 1 : 0;
  return n;
}

std::vector<lc::Message> take_all(lc::MessageQueue& q) {
  int64_t now = 0;
  return q.take_all(&now);
}

bool readable_within(int fd, int timeout_ms) {
  return lc::wait_readable(fd, timeout_ms) == lc::WaitResult::kReady;
}

std::string hello(uint32_t sender, uint32_t receiver, uint64_t secret = kSecret) {
  std::string s;
  lc::encode_hello(lc::Hello{secret, sender, receiver}, &s);
  return s;
}

std::string message(uint32_t sender, uint64_t clock) {
  std::string s;
  lc::encode_message(lc::MessageFrame{sender, clock}, &s);
  return s;
}

std::string bye() {
  std::string s;
  lc::encode_bye(&s);
  return s;
}

// Two peers send interleaved streams, cut at odd places; everything arrives, in order per
// sender, with the right sender and clock; done_fd once both have said bye and closed.
void test_peers_deliver_in_order() {
  Node node;
  if (!start_node(&node, 0, 3)) return;
  lc::Listener& l = *node.listener;
  CHECK(!readable_within(l.connected_fd(), 0));
  CHECK(!readable_within(l.done_fd(), 0));

  lc::Fd p1 = dial(node.port);
  lc::Fd p2 = dial(node.port);
  CHECK(send_all(p1.get(), hello(1, 0)));
  CHECK(!readable_within(l.connected_fd(), 50));  // one of two peers is not yet everyone
  // Peer 2's hello arrives in two pieces, the first message right behind it.
  const std::string h2 = hello(2, 0) + message(2, 1);
  CHECK(send_all(p2.get(), h2.substr(0, 5)));
  CHECK(send_all(p2.get(), h2.substr(5)));
  CHECK(readable_within(l.connected_fd(), kWaitMs));

  const uint64_t n1 = 3000, n2 = 2000;
  std::string s1, s2;
  for (uint64_t c = 1; c <= n1; ++c) s1 += message(1, c * 3);
  for (uint64_t c = 2; c <= n2; ++c) s2 += message(2, c * 5 + 1);
  // Send in chunks that split frames: 7, 33, 61, ... bytes.
  size_t i1 = 0, i2 = 0, chunk = 7;
  while (i1 < s1.size() || i2 < s2.size()) {
    if (i1 < s1.size()) {
      const size_t len = std::min(chunk, s1.size() - i1);
      CHECK(send_all(p1.get(), s1.substr(i1, len)));
      i1 += len;
    }
    if (i2 < s2.size()) {
      const size_t len = std::min(chunk + 3, s2.size() - i2);
      CHECK(send_all(p2.get(), s2.substr(i2, len)));
      i2 += len;
    }
    chunk = chunk * 5 % 997 + 1;
  }
  // A bye is a departure: announced at once, the connection closed by the listener, even
  // while the peer keeps its own end open.
  CHECK(!readable_within(l.news_fd(), 0));
  CHECK(send_all(p1.get(), bye()));
  CHECK(readable_within(l.news_fd(), kWaitMs));
  lc::eventfd_drain(l.news_fd());
  CHECK(l.left_at(1) > 0);
  CHECK_EQ(l.left_at(2), int64_t{0});
  CHECK(closed_by_peer(p1.get(), kWaitMs));
  CHECK(!readable_within(l.done_fd(), 50));  // peer 2 is still open
  CHECK(send_all(p2.get(), bye()));
  CHECK(readable_within(l.done_fd(), kWaitMs));
  l.join();
  CHECK(l.status().is_ok());
  CHECK_EQ(downs(l, 3), 0);
  CHECK(l.left_at(2) >= l.left_at(1));
  CHECK(l.open_peers().empty());

  int64_t taken_at = 0;
  const std::vector<lc::Message> got = node.queue.take_all(&taken_at);
  CHECK_EQ(got.size(), static_cast<size_t>(n1 + n2));
  uint64_t next1 = 1, next2 = 1;
  bool ok = true;
  int64_t last_arrival = 0;
  for (const lc::Message& m : got) {
    if (m.sender == 1 && m.clock == next1 * 3) {
      ++next1;
    } else if (m.sender == 2 && m.clock == (next2 == 1 ? 1 : next2 * 5 + 1)) {
      ++next2;
    } else {
      ok = false;
    }
    if (m.arrival_ns <= 0 || m.arrival_ns < last_arrival || m.arrival_ns > taken_at) ok = false;
    last_arrival = m.arrival_ns;
  }
  CHECK(ok);
  CHECK_EQ(next1, n1 + 1);
  CHECK_EQ(next2, n2 + 1);
}

// A peer that closes without a bye is seen to go down; its messages before that are kept.
void test_peer_down_without_bye() {
  Node node;
  if (!start_node(&node, 2, 3)) return;
  lc::Listener& l = *node.listener;
  lc::Fd p0 = dial(node.port);
  lc::Fd p1 = dial(node.port);
  CHECK(send_all(p0.get(), hello(0, 2) + message(0, 10) + message(0, 11)));
  CHECK(send_all(p1.get(), hello(1, 2) + message(1, 4)));
  CHECK(readable_within(l.connected_fd(), kWaitMs));
  CHECK_EQ(downs(l, 3), 0);
  CHECK_EQ(l.down_at(0), int64_t{0});
  const int64_t before = lc::monotonic_ns();
  p0.reset();  // no bye
  CHECK(readable_within(l.news_fd(), kWaitMs));
  CHECK_EQ(downs(l, 3), 1);
  CHECK_EQ(l.left_at(0), int64_t{0});
  CHECK(l.down_at(0) >= before);
  CHECK_EQ(l.down_at(1), int64_t{0});
  CHECK_EQ(l.down_at(2), int64_t{0});
  CHECK(!readable_within(l.done_fd(), 0));
  CHECK(send_all(p1.get(), bye()));
  p1.reset();
  CHECK(readable_within(l.done_fd(), kWaitMs));
  l.join();
  CHECK_EQ(downs(l, 3), 1);
  CHECK_EQ(l.down_at(1), int64_t{0});
  CHECK(l.left_at(1) > 0);
  int64_t taken_at = 0;
  const std::vector<lc::Message> got = node.queue.take_all(&taken_at);
  CHECK_EQ(got.size(), size_t{3});
  if (got.size() == 3) {
    // Per sender in order; the two senders may interleave either way.
    std::vector<uint64_t> from0, from1;
    for (const lc::Message& m : got) (m.sender == 0 ? from0 : from1).push_back(m.clock);
    CHECK(from0 == std::vector<uint64_t>({10, 11}));
    CHECK(from1 == std::vector<uint64_t>({4}));
  }
}

struct Stranger {
  const char* what;
  std::string bytes;
};

// Strangers of every kind are closed and put nothing in the queue.
void test_strangers() {
  Node node;
  if (!start_node(&node, 1, 3, 300)) return;
  lc::Listener& l = *node.listener;

  // Peer 0 is connected (so that a second hello for it is a duplicate) and stays quiet.
  lc::Fd p0 = dial(node.port);
  CHECK(send_all(p0.get(), hello(0, 1)));

  std::string huge = "LC";
  huge += static_cast<char>(1);
  huge += static_cast<char>(2);
  huge += std::string(4, '\xff');
  huge += std::string(100, 'x');
  std::string half_hello = hello(0, 1).substr(0, 11);

  const std::vector<Stranger> strangers = {
      {"garbage", "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n"},
      {"zeros", std::string(64, '\0')},
      {"wrong secret", hello(2, 1, kSecret ^ 1) + message(2, 77)},
      {"secret zero", hello(2, 1, 0) + message(2, 78)},
      {"sender is self", hello(1, 1) + message(1, 79)},
      {"sender out of range", hello(3, 1) + message(3, 80)},
      {"sender far out of range", hello(0xffffffffu, 1) + message(0xffffffffu, 81)},
      {"addressed to another machine", hello(2, 0) + message(2, 82)},
      {"duplicate of a connected peer", hello(0, 1) + message(0, 83)},
      {"absurd length", huge},
      {"message before hello", message(2, 84) + hello(2, 1)},
      {"bye before hello", bye() + hello(2, 1) + message(2, 85)},
      {"two hellos", hello(2, 1) + hello(2, 1) + message(2, 86)},
      {"bad version", std::string("LC\x07\x01") + std::string(20, '\0')},
  };
  for (const Stranger& s : strangers) {
    lc::Fd fd = dial(node.port);
    CHECK(send_all(fd.get(), s.bytes));
    const bool closed = closed_by_peer(fd.get(), kWaitMs);
    CHECK(closed);
    if (!closed) std::fprintf(stderr, "  stranger not closed: %s\n", s.what);
  }
  // "two hellos" authenticated machine 2 before its second hello broke the connection: that
  // peer is now closed (and counted as down), so nothing more may claim id 2 either.
  {
    lc::Fd fd = dial(node.port);
    CHECK(send_all(fd.get(), hello(2, 1) + message(2, 87)));
    CHECK(closed_by_peer(fd.get(), kWaitMs));
  }
  // Half a hello, then silence; or plain silence: with room for more strangers, neither is
  // dropped at its hello deadline (300 ms), which counts only when a place is wanted
  // (test_stranger_limit): a peer slow to say hello is no stranger.
  {
    lc::Fd half = dial(node.port);
    lc::Fd silent = dial(node.port);
    CHECK(send_all(half.get(), half_hello));
    CHECK(!closed_by_peer(silent.get(), 1000));
    CHECK(!closed_by_peer(half.get(), 100));
  }
  // Half a hello, then a close: dropped.
  {
    lc::Fd fd = dial(node.port);
    CHECK(send_all(fd.get(), half_hello));
  }
  CHECK(take_all(node.queue).empty());
  CHECK(!readable_within(l.done_fd(), 0));

  // The genuine peer 0 is unharmed by the duplicate: its messages still arrive. Then one with a
  // forged sender id ends its connection; what came before it in the same read is kept.
  CHECK(send_all(p0.get(), message(0, 5)));
  lc::Message m;
  size_t left = 0;
  bool got = false;
  int64_t now = 0;
  for (int i = 0; i < kWaitMs && !(got = node.queue.pop(&m, &left, &now)); ++i) lc::wait_readable(l.done_fd(), 1);
  CHECK(got);
  CHECK_EQ(m.sender, 0);
  CHECK_EQ(m.clock, uint64_t{5});
  CHECK(send_all(p0.get(), message(0, 6) + message(2, 7) + message(0, 8)));
  CHECK(closed_by_peer(p0.get(), kWaitMs));
  // Both peers have now ended: the listener is done.
  CHECK(readable_within(l.done_fd(), kWaitMs));
  l.join();
  CHECK(l.status().is_ok());
  const std::vector<lc::Message> rest = take_all(node.queue);
  CHECK_EQ(rest.size(), size_t{1});
  if (rest.size() == 1) {
    CHECK_EQ(rest[0].sender, 0);
    CHECK_EQ(rest[0].clock, uint64_t{6});
  }
  CHECK_EQ(downs(l, 3), 2);  // 2 by its second hello, 0 by its forged message
}

// A peer whose hello comes long after its connect (its process starved between the two) is
// heard: with room for more strangers, no deadline drops it.
void test_slow_hello() {
  Node node;
  if (!start_node(&node, 0, 2, 100)) return;
  lc::Listener& l = *node.listener;
  lc::Fd p1 = dial(node.port);
  CHECK(!closed_by_peer(p1.get(), 500));  // five deadlines pass
  CHECK(send_all(p1.get(), hello(1, 0) + message(1, 11)));
  CHECK(readable_within(l.connected_fd(), kWaitMs));
  lc::Message m;
  size_t left = 0;
  bool got = false;
  int64_t now = 0;
  for (int i = 0; i < kWaitMs && !(got = node.queue.pop(&m, &left, &now)); ++i) lc::wait_readable(l.done_fd(), 1);
  CHECK(got);
  if (got) CHECK_EQ(m.clock, uint64_t{11});
  l.stop();
  CHECK(readable_within(l.done_fd(), kWaitMs));
  l.join();
}

// With room for two unauthenticated connections, more wait in the kernel's queue: nobody is
// pushed out before its hello deadline, and a genuine peer that comes behind a flood of
// strangers still gets in and is heard.
void test_stranger_limit() {
  Node node;
  if (!start_node(&node, 0, 2, 400, 2)) return;
  lc::Listener& l = *node.listener;
  const int64_t t0 = lc::monotonic_ns();
  std::vector<lc::Fd> flood;
  for (int i = 0; i < 6; ++i) flood.push_back(dial(node.port));
  lc::Fd p1 = dial(node.port);
  CHECK(send_all(p1.get(), hello(1, 0) + message(1, 9)));
  // The first two strangers hold the table: nothing is closed before their deadline, 400 ms
  // after their accept, so not before t0 + 400 ms (however late this thread gets to look: the
  // dials above may take long on a busy machine).
  CHECK(!closed_before(flood[0].get(), t0 + 400'000'000LL));
  // Each wave of two expires after 400 ms, letting the next in; the peer comes after three:
  // connected_fd, whenever it is seen readable, became so after t0 + 3 * 400 ms.
  CHECK(!readable_within(l.connected_fd(), 0) || lc::monotonic_ns() - t0 >= 3 * 400'000'000LL);
  CHECK(readable_within(l.connected_fd(), 5 * kWaitMs));
  CHECK(lc::monotonic_ns() - t0 >= 3 * 400'000'000LL);
  // The peer took the place of the first of the last two to expire; the second (flood[5]) may
  // have had a later deadline, missed by the sweep that dropped the first, and with room in the
  // table again nothing drops it (slow is not dead). Every other stranger was dropped.
  for (size_t i = 0; i + 1 < flood.size(); ++i) CHECK(closed_by_peer(flood[i].get(), kWaitMs));
  int64_t now = 0;
  lc::Message m;
  size_t left = 0;
  bool got = false;
  for (int i = 0; i < kWaitMs && !(got = node.queue.pop(&m, &left, &now)); ++i) lc::wait_readable(l.done_fd(), 1);
  CHECK(got);
  if (got) CHECK_EQ(m.clock, uint64_t{9});
  CHECK(!closed_by_peer(p1.get(), 100));  // the peer keeps its connection
  // stop() ends the thread even with a peer still open.
  CHECK(!readable_within(l.done_fd(), 0));
  l.stop();
  CHECK(readable_within(l.done_fd(), kWaitMs));
  l.join();
  CHECK(l.status().is_ok());
  CHECK(l.open_peers() == std::vector<int>({1}));
  node.listener.reset();
  CHECK(closed_by_peer(flood.back().get(), kWaitMs));
}

// stop() on a listener nobody connected to; the destructor of a running one stops it too.
void test_stop() {
  {
    Node node;
    if (!start_node(&node, 0, 4)) return;
    node.listener->stop();
    CHECK(readable_within(node.listener->done_fd(), kWaitMs));
    node.listener->join();
    CHECK(node.listener->status().is_ok());
    CHECK(take_all(node.queue).empty());
  }
  {
    Node node;
    if (!start_node(&node, 0, 4)) return;
    lc::Fd p = dial(node.port);
    CHECK(send_all(p.get(), hello(3, 0)));
    node.listener.reset();  // must not hang
    CHECK(closed_by_peer(p.get(), kWaitMs));
  }
}

}  // namespace

int main() {
  test_peers_deliver_in_order();
  test_peer_down_without_bye();
  test_strangers();
  test_stranger_limit();
  test_slow_hello();
  test_stop();
  return lc_test::finish("listener");
}
