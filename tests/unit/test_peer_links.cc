// PeerLinks against real loopback peers: sends never block, the backlog is bounded, a link that
// goes down counts the messages given up (never the bye), every message is either received
// whole by the peer or counted as dropped, a closed link ends with a bye after every message,
// and the final flush serves every link at once, so a stalled peer cannot starve a healthy one.
// Held messages (--latency) leave in sending order, none before its instant, the bye after the
// last, the link open until then; a peer taken down gets them if it lives, else they are counted.
#include <sys/socket.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "logical_clock/wire/frame.h"
#include "logical_clock/real/peer_links.h"
#include "logical_clock/base/sys.h"

namespace {

constexpr uint64_t kSecret = 0x1234abcd;

// Reads everything the peer was sent until end of file; returns the whole message frames.
int64_t read_messages(int fd, bool* saw_hello, bool* saw_bye) {
  std::string bytes;
  char buf[65536];
  for (;;) {
    if (lc::wait_readable(fd, 5000) != lc::WaitResult::kReady) break;
    const lc::IoResult r = lc::read_some(fd, buf, sizeof buf);
    if (r.kind == lc::IoResult::kDone) bytes.append(buf, r.bytes);
    else if (r.kind != lc::IoResult::kWouldBlock) break;
  }
  lc::FrameDecoder decoder;
  decoder.append(bytes.data(), bytes.size());
  int64_t messages = 0;
  lc::Frame frame;
  while (decoder.next(&frame) == lc::FrameDecoder::Result::kFrame) {
    if (frame.type == lc::FrameType::kHello) *saw_hello = true;
    if (frame.type == lc::FrameType::kBye) *saw_bye = true;
    if (frame.type == lc::FrameType::kMessage) ++messages;
  }
  return messages;
}

// The connection PeerLinks made, accepted (it waits in the listener's backlog until then).
lc::Fd accept_peer(int listener) {
  lc::Fd conn;
  for (int i = 0; i < 100 && !conn.valid(); ++i) {
    lc::accept_connection(listener, &conn);
    if (!conn.valid()) lc::wait_readable(listener, 50);
  }
  return conn;
}

// A loopback listener standing for machine 1, with machine 0's `links` connected to it.
lc::Fd connect_to_peer_1(lc::PeerLinks* links) {
  lc::Fd listener;
  uint16_t port = 0;
  CHECK(lc::listen_loopback(&listener, &port).is_ok());
  CHECK(links->connect_all({0, port}, kSecret, 2000).is_ok());
  return listener;
}

void test_stalled_peer_goes_down_with_exact_accounting() {
  lc::PeerLinks links(0, 2);
  const lc::Fd listener = connect_to_peer_1(&links);
  CHECK(links.up(1));

  // The peer does not read: the kernel's buffers fill, then the backlog, then the bound.
  char frame[lc::kMessageFrameSize];
  int64_t sent = 0;
  std::vector<lc::PeerLinks::Down> downs;
  while (downs.empty() && sent < 10'000'000) {
    lc::encode_message(lc::MessageFrame{0, static_cast<uint64_t>(sent + 1)}, frame);
    links.send(1, frame, sizeof frame);
    ++sent;
    downs = links.take_downs();
  }
  CHECK_EQ(downs.size(), size_t{1});
  CHECK(!links.up(1));
  if (downs.empty()) return;
  CHECK_EQ(downs[0].peer, 1);
  CHECK(downs[0].why.find("stopped taking messages") != std::string::npos);
  // At least the bound itself was given up.
  CHECK(downs[0].dropped * static_cast<int64_t>(lc::kMessageFrameSize) >=
        static_cast<int64_t>(lc::PeerLinks::kMaxBacklog));

  // Sends to a down link are ignored, never queued.
  links.send(1, frame, sizeof frame);
  CHECK(links.take_downs().empty());

  // The peer wakes up: what it gets whole plus what was dropped is every message sent.
  lc::Fd conn = accept_peer(listener.get());
  CHECK(conn.valid());
  bool hello = false, bye = false;
  const int64_t received = read_messages(conn.get(), &hello, &bye);
  CHECK(hello);
  CHECK(!bye);  // the link was given up, not ended
  CHECK_EQ(received + downs[0].dropped, sent);
}

// The machine's own wait, reduced: poll until one fd is ready or the deadline passes.
// A deadline of -1 is none, as for the machine.
lc::WaitResult poll_until(std::vector<pollfd>* fds, int64_t deadline_ns) {
  const int64_t left_ms = deadline_ns < 0 ? -1 : (deadline_ns - lc::monotonic_ns()) / 1'000'000;
  if (deadline_ns >= 0 && left_ms <= 0) return lc::WaitResult::kTimeout;
  const int n = ::poll(fds->data(), fds->size(), static_cast<int>(left_ms));
  return n > 0 ? lc::WaitResult::kReady : n == 0 ? lc::WaitResult::kTimeout : lc::WaitResult::kError;
}

void send_messages(lc::PeerLinks* links, int self, int peer, uint64_t from, uint64_t count) {
  char frame[lc::kMessageFrameSize];
  for (uint64_t c = from; c < from + count; ++c) {
    lc::encode_message(lc::MessageFrame{static_cast<uint32_t>(self), c}, frame);
    links->send(peer, frame, sizeof frame);
  }
}

// Sends to a peer that does not read until the link's own backlog holds `bytes` (the kernel's
// buffers, whatever their size, are full by then); returns how many messages that took.
uint64_t fill_backlog(lc::PeerLinks* links, int self, int peer, size_t bytes) {
  uint64_t sent = 0;
  while (links->backlog_bytes(peer) < bytes && links->up(peer) && sent < 10'000'000) {
    send_messages(links, self, peer, sent + 1, 1);
    ++sent;
  }
  return sent;
}

void test_finish_sends_bye_after_every_message() {
  lc::Fd listener;
  uint16_t port = 0;
  CHECK(lc::listen_loopback(&listener, &port).is_ok());
  lc::PeerLinks links(1, 2);
  CHECK(links.connect_all({port, 0}, kSecret, 2000).is_ok());
  send_messages(&links, 1, 0, 1, 1000);
  links.finish(lc::monotonic_ns() + 2'000'000'000LL, poll_until);
  CHECK(links.take_downs().empty());
  CHECK(!links.up(0));
  lc::Fd conn = accept_peer(listener.get());
  CHECK(conn.valid());
  bool hello = false, bye = false;
  CHECK_EQ(read_messages(conn.get(), &hello, &bye), int64_t{1000});
  CHECK(hello);
  CHECK(bye);
}

// A peer that left: close() queues the bye behind a large backlog, the link takes no more
// messages, and once the peer reads, it gets every message, then the bye, then end of file.
void test_close_behind_backlog() {
  lc::PeerLinks links(0, 2);
  const lc::Fd listener = connect_to_peer_1(&links);
  const uint64_t sent = fill_backlog(&links, 0, 1, size_t{2} << 20);  // half the bound
  CHECK(links.backlogged());
  links.close(1);
  CHECK(!links.up(1));
  send_messages(&links, 0, 1, sent + 1, 10);  // ignored: the link is closed
  lc::Fd conn = accept_peer(listener.get());
  CHECK(conn.valid());
  std::thread flusher([&links] {
    const int64_t deadline = lc::monotonic_ns() + 5'000'000'000LL;
    std::vector<pollfd> fds;
    while (links.backlogged() && lc::monotonic_ns() < deadline) {
      fds.clear();
      links.add_pollfds(&fds);
      if (poll_until(&fds, deadline) == lc::WaitResult::kReady) links.flush();
    }
  });
  bool hello = false, bye = false;
  CHECK_EQ(read_messages(conn.get(), &hello, &bye), static_cast<int64_t>(sent));
  flusher.join();
  CHECK(bye);
  CHECK(links.take_downs().empty());
}

// A bye queued behind a backlog at the bound, then given up at the deadline: closing never
// takes a link down, only messages are counted as dropped, and received + dropped = sent.
void test_bye_never_counted_as_dropped() {
  lc::PeerLinks links(0, 2);
  const lc::Fd listener = connect_to_peer_1(&links);
  char frame[lc::kMessageFrameSize];
  uint64_t sent = 0;
  // Fill until one more message would pass the bound.
  while (links.backlog_bytes(1) + sizeof frame <= lc::PeerLinks::kMaxBacklog) {
    lc::encode_message(lc::MessageFrame{0, sent + 1}, frame);
    links.send(1, frame, sizeof frame);
    ++sent;
  }
  CHECK(links.take_downs().empty());
  links.close(1);  // the bye may take the backlog past the bound: that is no reason to fail
  CHECK(links.take_downs().empty());
  CHECK(links.backlog_bytes(1) > lc::PeerLinks::kMaxBacklog - sizeof frame);
  links.finish(lc::monotonic_ns() + 100'000'000LL, poll_until);
  const std::vector<lc::PeerLinks::Down> downs = links.take_downs();
  CHECK_EQ(downs.size(), size_t{1});
  if (downs.empty()) return;
  CHECK(downs[0].why.find("did not take its last messages in time") != std::string::npos);
  lc::Fd conn = accept_peer(listener.get());
  bool hello = false, bye = false;
  const int64_t received = read_messages(conn.get(), &hello, &bye);
  CHECK(!bye);
  CHECK_EQ(received + downs[0].dropped, static_cast<int64_t>(sent));
}

// The final flush serves every link at once: a stalled peer (1) with a big backlog cannot use
// up the deadline of a healthy one (2) that starts reading late.
void test_stalled_peer_does_not_starve_the_others() {
  lc::Fd stalled_listener, healthy_listener;
  uint16_t stalled_port = 0, healthy_port = 0;
  CHECK(lc::listen_loopback(&stalled_listener, &stalled_port).is_ok());
  CHECK(lc::listen_loopback(&healthy_listener, &healthy_port).is_ok());
  lc::PeerLinks links(0, 3);
  CHECK(links.connect_all({0, stalled_port, healthy_port}, kSecret, 2000).is_ok());
  fill_backlog(&links, 0, 1, size_t{1} << 20);
  const uint64_t sent = fill_backlog(&links, 0, 2, size_t{1} << 20);
  CHECK(links.backlogged());
  lc::Fd healthy = accept_peer(healthy_listener.get());
  int64_t received = 0;
  bool hello = false, bye = false;
  std::thread reader([&] {
    ::usleep(300'000);  // reads only once the final flush has begun
    received = read_messages(healthy.get(), &hello, &bye);
  });
  links.finish(lc::monotonic_ns() + 1'500'000'000LL, poll_until);
  reader.join();
  const std::vector<lc::PeerLinks::Down> downs = links.take_downs();
  CHECK_EQ(downs.size(), size_t{1});
  if (!downs.empty()) CHECK_EQ(downs[0].peer, 1);
  CHECK_EQ(received, static_cast<int64_t>(sent));
  CHECK(bye);
}

}  // namespace

// Appends what the peer is sent until end of file (or 5 s of silence) to `bytes`.
void read_to_end(int fd, std::string* bytes) {
  char buf[65536];
  for (;;) {
    if (lc::wait_readable(fd, 5000) != lc::WaitResult::kReady) break;
    const lc::IoResult r = lc::read_some(fd, buf, sizeof buf);
    if (r.kind == lc::IoResult::kDone) bytes->append(buf, r.bytes);
    else if (r.kind != lc::IoResult::kWouldBlock) break;
  }
}

// The frames in `bytes`, in order: message clocks, 0 for the bye.
std::vector<uint64_t> frames_of(const std::string& bytes) {
  lc::FrameDecoder decoder;
  decoder.append(bytes.data(), bytes.size());
  std::vector<uint64_t> sequence;
  lc::Frame frame;
  while (decoder.next(&frame) == lc::FrameDecoder::Result::kFrame) {
    if (frame.type == lc::FrameType::kBye) sequence.push_back(0);
    if (frame.type == lc::FrameType::kMessage) sequence.push_back(frame.message.clock);
  }
  return sequence;
}

// Every frame the peer was sent until end of file, in order: message clocks, 0 for the bye.
std::vector<uint64_t> read_sequence(int fd) {
  std::string bytes;
  read_to_end(fd, &bytes);
  return frames_of(bytes);
}

void hold_message(lc::PeerLinks* links, int peer, uint64_t clock, int64_t release_ns) {
  char frame[lc::kMessageFrameSize];
  lc::encode_message(lc::MessageFrame{0, clock}, frame);
  links->hold(peer, frame, sizeof frame, release_ns);
}

void test_held_messages_keep_their_order_and_instants() {
  lc::PeerLinks links(0, 2);
  const lc::Fd listener = connect_to_peer_1(&links);
  const int64_t start = lc::monotonic_ns();
  // The second is due first, but never overtakes the first.
  hold_message(&links, 1, 1, start + 60'000'000);
  hold_message(&links, 1, 2, start + 20'000'000);
  hold_message(&links, 1, 3, start + 90'000'000);
  CHECK(links.holding());
  CHECK_EQ(links.next_release_ns(), start + 60'000'000);
  links.release_due(start + 59'999'999);  // nothing is due yet
  CHECK_EQ(links.next_release_ns(), start + 60'000'000);
  links.close(1);  // the bye waits for the held messages
  lc::Fd conn = accept_peer(listener.get());
  CHECK(conn.valid());
  char buf[64];
  CHECK(lc::wait_readable(conn.get(), 1000) == lc::WaitResult::kReady);
  CHECK(lc::read_some(conn.get(), buf, sizeof buf).kind == lc::IoResult::kDone);  // the hello alone
  CHECK(lc::wait_readable(conn.get(), 0) != lc::WaitResult::kReady);
  links.finish(-1, poll_until);
  const int64_t finished = lc::monotonic_ns();
  CHECK(!links.holding());
  CHECK(finished >= start + 90'000'000);  // the last was held to its instant
  CHECK(links.take_downs().empty());
  const std::vector<uint64_t> sequence = read_sequence(conn.get());
  CHECK(sequence == (std::vector<uint64_t>{1, 2, 3, 0}));
}

// A peer whose connection to this machine ended without a bye is taken down: nothing new goes
// to it. If its end of this link is closed too (it died), the messages held for it are counted
// at once; if not (it lives: it gave its own link up, its backlog past the bound), they are on
// their way and go at their instants, then the link ends without a bye; and if its end closes
// meanwhile, those still held are counted then.
void test_held_messages_when_the_peer_goes_down() {
  lc::Fd listener;
  uint16_t port = 0;
  CHECK(lc::listen_loopback(&listener, &port).is_ok());
  const int64_t far = lc::monotonic_ns() + int64_t{3600} * 1'000'000'000;
  {  // dead: its end closed
    lc::PeerLinks links(0, 2);
    CHECK(links.connect_all({0, port}, kSecret, 2000).is_ok());
    lc::Fd conn = accept_peer(listener.get());
    CHECK(conn.valid());
    hold_message(&links, 1, 1, far);
    hold_message(&links, 1, 2, far);
    conn.reset();
    links.take_down(1, "went down");
    // Counted once its end's closing has reached this side (at once on loopback, as a rule):
    // never held to their instants.
    links.flush();
    if (links.holding()) links.finish(-1, poll_until);
    CHECK(lc::monotonic_ns() < far);
    const std::vector<lc::PeerLinks::Down> downs = links.take_downs();
    CHECK(!downs.empty());
    int64_t dropped = 0;
    for (const lc::PeerLinks::Down& d : downs) dropped += d.dropped;
    CHECK_EQ(dropped, int64_t{2});
    CHECK(!links.holding());
    CHECK_EQ(links.next_release_ns(), int64_t{-1});
    hold_message(&links, 1, 3, far);  // ignored once down
    CHECK(!links.holding());
  }
  {  // alive: the held messages arrive, the link ends without a bye
    lc::PeerLinks links(0, 2);
    CHECK(links.connect_all({0, port}, kSecret, 2000).is_ok());
    lc::Fd conn = accept_peer(listener.get());
    CHECK(conn.valid());
    const int64_t start = lc::monotonic_ns();
    hold_message(&links, 1, 1, start + 30'000'000);
    hold_message(&links, 1, 2, start + 60'000'000);
    links.take_down(1, "went down");
    links.take_down(1, "went down");  // said again: nothing more
    CHECK(links.take_downs().empty());  // told at the next flush, once its end is seen open
    links.flush();
    std::vector<lc::PeerLinks::Down> downs = links.take_downs();
    CHECK_EQ(downs.size(), size_t{1});
    if (!downs.empty()) CHECK(downs[0].dropped == 0 && downs[0].held == 2);
    CHECK(!links.up(1));
    hold_message(&links, 1, 3, start);  // nothing new goes
    links.finish(-1, poll_until);
    CHECK(lc::monotonic_ns() >= start + 60'000'000);
    CHECK(links.take_downs().empty());
    CHECK(read_sequence(conn.get()) == (std::vector<uint64_t>{1, 2}));
  }
  {  // alive when taken down, dead before its held messages are due: counted when its end closes
    lc::PeerLinks links(0, 2);
    CHECK(links.connect_all({0, port}, kSecret, 2000).is_ok());
    lc::Fd conn = accept_peer(listener.get());
    CHECK(conn.valid());
    hold_message(&links, 1, 1, far);
    hold_message(&links, 1, 2, far);
    links.take_down(1, "went down");
    links.flush();
    CHECK_EQ(links.take_downs().size(), size_t{1});
    conn.reset();
    links.finish(-1, poll_until);  // the end's closing ends the wait, not the instants
    CHECK(lc::monotonic_ns() < far);
    const std::vector<lc::PeerLinks::Down> downs = links.take_downs();
    CHECK_EQ(downs.size(), size_t{1});
    if (!downs.empty()) CHECK(downs[0].dropped == 2 && downs[0].held == 0);
    CHECK(!links.holding());
  }
}

// Every byte the peer can read now, without waiting, appended to `bytes`.
void read_now(int fd, std::string* bytes) {
  char buf[65536];
  for (;;) {
    const lc::IoResult r = lc::read_some(fd, buf, sizeof buf);
    if (r.kind != lc::IoResult::kDone) return;
    bytes->append(buf, r.bytes);
  }
}

// A link closed while it holds messages stays open while any is held, however its backlog
// comes and goes: the backlog of the released ones going out is not the link's end. The last
// held message goes at its instant, then the bye.
void test_closing_link_stays_open_while_holding() {
  lc::PeerLinks links(0, 2);
  const lc::Fd listener = connect_to_peer_1(&links);
  lc::Fd conn = accept_peer(listener.get());
  CHECK(conn.valid());
  // Messages released at once to a peer that does not read, until some wait in the backlog.
  uint64_t clock = 0;
  while (!links.backlogged() && links.up(1) && clock < 1'000'000) {
    hold_message(&links, 1, ++clock, 0);
    links.release_due(lc::monotonic_ns());
  }
  CHECK(links.backlogged());
  const int64_t last_at = lc::monotonic_ns() + 50'000'000;
  hold_message(&links, 1, ++clock, last_at);
  links.close(1);
  // The peer reads again: the backlog goes out while the last message is still held.
  std::string bytes;
  for (int i = 0; i < 100'000 && links.backlogged(); ++i) {
    read_now(conn.get(), &bytes);
    links.flush();
    if (links.backlogged()) lc::wait_readable(conn.get(), 10);
  }
  CHECK(!links.backlogged());
  CHECK(links.holding());
  links.finish(-1, poll_until);
  CHECK(lc::monotonic_ns() >= last_at);
  CHECK(links.take_downs().empty());
  read_to_end(conn.get(), &bytes);
  const std::vector<uint64_t> sequence = frames_of(bytes);
  CHECK_EQ(sequence.size(), static_cast<size_t>(clock + 1));
  for (size_t i = 0; i < sequence.size() && i < clock; ++i) CHECK_EQ(sequence[i], static_cast<uint64_t>(i + 1));
  if (!sequence.empty()) CHECK_EQ(sequence.back(), uint64_t{0});
}

// With --latency every message is held, and due ones join the backlog only while it is under
// half its bound; a peer that reads nothing is still given up, once a backlog's worth more has
// been held for it meanwhile, with the same exact accounting: the sender's memory stays bounded.
void test_stalled_peer_with_held_messages_goes_down() {
  lc::PeerLinks links(0, 2);
  const lc::Fd listener = connect_to_peer_1(&links);
  int64_t sent = 0;
  std::vector<lc::PeerLinks::Down> downs;
  while (downs.empty() && sent < 10'000'000) {
    const int64_t now = lc::monotonic_ns();
    hold_message(&links, 1, static_cast<uint64_t>(++sent), now);
    links.release_due(now);
    downs = links.take_downs();
  }
  CHECK_EQ(downs.size(), size_t{1});
  CHECK(!links.up(1));
  CHECK(!links.holding());
  if (downs.empty()) return;
  CHECK(downs[0].over_bound);
  CHECK(downs[0].why.find("more held for it since it took any") != std::string::npos);
  CHECK(downs[0].dropped * static_cast<int64_t>(lc::kMessageFrameSize) >=
        static_cast<int64_t>(lc::PeerLinks::kMaxBacklog));
  lc::Fd conn = accept_peer(listener.get());
  CHECK(conn.valid());
  bool hello = false, bye = false;
  const int64_t received = read_messages(conn.get(), &hello, &bye);
  CHECK(hello && !bye);
  CHECK_EQ(received + downs[0].dropped, sent);
}

// A partition's heal releases everything held for a peer at once: a burst far past the socket
// buffers and the backlog bound, while the peer happens not to be reading. A peer that then takes
// it all, however slowly, is not given up as one that stopped taking messages: every message
// arrives, in order, then the bye.
void test_heal_burst_to_a_live_peer() {
  lc::PeerLinks links(0, 2);
  const lc::Fd listener = connect_to_peer_1(&links);
  lc::Fd conn = accept_peer(listener.get());
  CHECK(conn.valid());
  constexpr uint64_t kBurst = 1'500'000;  // 30 MB of frames
  const int64_t due = lc::monotonic_ns();
  for (uint64_t k = 1; k <= kBurst; ++k) hold_message(&links, 1, k, due);
  links.close(1);
  links.release_due(lc::monotonic_ns());  // the heal, while the peer is busy elsewhere
  std::string bytes;
  std::thread reader([&] {
    char buf[65536];
    for (;;) {
      if (lc::wait_readable(conn.get(), -1) != lc::WaitResult::kReady) break;
      const lc::IoResult r = lc::read_some(conn.get(), buf, sizeof buf);
      if (r.kind == lc::IoResult::kDone) bytes.append(buf, r.bytes);
      else if (r.kind != lc::IoResult::kWouldBlock) break;
      std::this_thread::sleep_for(std::chrono::microseconds(200));  // slow, not stopped
    }
  });
  links.finish(-1, poll_until);
  reader.join();
  CHECK(links.take_downs().empty());
  CHECK(!links.holding());
  const std::vector<uint64_t> sequence = frames_of(bytes);
  CHECK_EQ(sequence.size(), size_t{kBurst + 1});
  bool in_order = sequence.size() == kBurst + 1 && sequence.back() == 0;
  for (uint64_t k = 0; in_order && k < kBurst; ++k) in_order = sequence[k] == k + 1;
  CHECK(in_order);
}

int main() {
  test_stalled_peer_goes_down_with_exact_accounting();
  test_held_messages_keep_their_order_and_instants();
  test_held_messages_when_the_peer_goes_down();
  test_closing_link_stays_open_while_holding();
  test_heal_burst_to_a_live_peer();
  test_stalled_peer_with_held_messages_goes_down();
  test_finish_sends_bye_after_every_message();
  test_close_behind_backlog();
  test_bye_never_counted_as_dropped();
  test_stalled_peer_does_not_starve_the_others();
  return lc_test::finish("peer_links");
}
