// PeerLinks against a real loopback peer that stops reading: sends never block, the backlog is
// bounded, the link goes down with a count of the messages given up, and every message is
// either received whole by the peer or counted as dropped.
#include <sys/socket.h>

#include <cstring>
#include <string>
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

void test_stalled_peer_goes_down_with_exact_accounting() {
  lc::Fd listener;
  uint16_t port = 0;
  CHECK(lc::listen_loopback(&listener, &port).is_ok());
  lc::PeerLinks links(0, 2);
  CHECK(links.connect_all({0, port}, kSecret, 2000).is_ok());
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

void test_finish_sends_bye_after_every_message() {
  lc::Fd listener;
  uint16_t port = 0;
  CHECK(lc::listen_loopback(&listener, &port).is_ok());
  lc::PeerLinks links(1, 2);
  CHECK(links.connect_all({port, 0}, kSecret, 2000).is_ok());
  char frame[lc::kMessageFrameSize];
  for (uint64_t c = 1; c <= 1000; ++c) {
    lc::encode_message(lc::MessageFrame{1, c}, frame);
    links.send(0, frame, sizeof frame);
  }
  links.finish(lc::monotonic_ns() + 2'000'000'000LL,
               [](int fd, int64_t) { return lc::wait_readable(fd, 100) == lc::WaitResult::kError
                                                ? lc::WaitResult::kError
                                                : lc::WaitResult::kReady; });
  CHECK(links.take_downs().empty());
  lc::Fd conn = accept_peer(listener.get());
  CHECK(conn.valid());
  bool hello = false, bye = false;
  CHECK_EQ(read_messages(conn.get(), &hello, &bye), int64_t{1000});
  CHECK(hello);
  CHECK(bye);
}

}  // namespace

int main() {
  test_stalled_peer_goes_down_with_exact_accounting();
  test_finish_sends_bye_after_every_message();
  return lc_test::finish("peer_links");
}
