// Listener: the thread that owns a machine's listening socket and every incoming connection.
// It accepts with level-triggered epoll, keeps a buffer and a FrameDecoder per connection,
// authenticates each connection by its hello (run secret, a known sender id not yet seen, this
// machine as receiver), and pushes every message into the MessageQueue with its arrival time.
// In a cluster (a key in the config) a connection first completes the handshake
// (wire/handshake.h) as its acceptor, without blocking, in the same loop: its offer must claim
// the peer channel, this machine, this run and another machine's id not yet connected, from the
// address the cluster file lists for that machine (when endpoints are given); then it gets a
// fresh challenge, and only a right proof lets its next bytes reach the session, whose hello must
// name the id the handshake proved. Strangers (bad bytes, wrong secret, forged or duplicate ids;
// in a cluster also no handshake, a wrong key, a replayed handshake, a claim refused, a member
// claiming another id) are dropped and reported on stderr, one line each, rate-limited; they
// never reach the queue. At most max_strangers wait for their handshake and hello
// at once; further connections wait in the kernel's accept queue. Only then, when a place is
// wanted, is a connection still without a hello after hello_timeout_ms dropped (the oldest
// first), so a peer slow to say hello (its process starved between its connect and its hello)
// is never taken for a stranger while there is room. A hello's time counts only while the
// thread could read it: a look late by more than a moment (the process stopped, or starved of a
// CPU) gives every stranger its whole timeout again.
// A peer's bye is its last frame: the peer has left, and its connection is closed at once.
// A peer that ends its connection without a bye went down (killed, crashed, reset). The
// thread records either instant and pokes news_fd(), for the main thread to act on at once.
// The thread ends when every peer has left or gone down (nothing is left in flight) or when
// stop() is called. Public methods are for the owning (main) thread; news_fd(), left_at()
// and down_at() may be used any time.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "logical_clock/base/endpoint.h"
#include "logical_clock/base/fd.h"
#include "logical_clock/base/sha256.h"
#include "logical_clock/wire/handshake.h"
#include "logical_clock/wire/inbound_session.h"
#include "logical_clock/real/message_queue.h"
#include "logical_clock/base/status.h"

namespace lc {

// The session rules (this machine, how many there are, the run's secret) and the listener's own.
struct ListenerConfig : SessionRules {
  int hello_timeout_ms = 3000;  // for the handshake and the hello together
  size_t max_strangers = 256;  // unauthenticated connections held at once; more wait to be accepted
  // A cluster: machine i's connections come from endpoints[i]'s address; accepted connections
  // get set_cluster_socket_options. Empty: on one host, no address is checked.
  std::vector<Endpoint> endpoints;
  // Set: every connection opens with the handshake under this key, for run_id (see above).
  std::optional<ClusterKey> key;
  uint64_t run_id = 0;
};

class Listener {
 public:
  Listener(const ListenerConfig& config, Fd listen_fd, MessageQueue* queue);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  Status start();
  // Readable once every peer has said hello.
  int connected_fd() const { return connected_.get(); }
  // Readable once the thread has finished (every peer closed, stop(), or a fatal error).
  int done_fd() const { return done_.get(); }
  void stop();
  void join();
  // After join(): a fatal error of the loop itself, if any.
  const Status& status() const { return status_; }
  // Readable once a peer has left or gone down since it was last drained (eventfd_drain).
  int news_fd() const { return news_.get(); }
  // How many peers have left or gone down so far; cheap enough to read on every tick.
  int news() const { return news_count_.load(std::memory_order_acquire); }
  // CLOCK_MONOTONIC instant at which peer id said bye, or 0 while it has not.
  int64_t left_at(int id) const { return left_at_[static_cast<size_t>(id)].load(std::memory_order_acquire); }
  // CLOCK_MONOTONIC instant at which peer id went down, or 0 while it has not.
  int64_t down_at(int id) const { return down_at_[static_cast<size_t>(id)].load(std::memory_order_acquire); }
  // How many peers have said hello so far: the start-up's progress.
  int hellos() const { return hellos_said_.load(std::memory_order_relaxed); }
  // After join(): the peers whose connections were still open.
  std::vector<int> open_peers() const;

 private:
  struct Conn {
    Conn(const SessionRules* rules, std::vector<uint8_t>* claimed) : session(rules, claimed) {}
    Fd fd;
    sockaddr_storage from{};  // its source address
    std::unique_ptr<HandshakeAcceptor> handshake;  // under way; null without a key, or once done
    InboundSession session;
    int64_t hello_deadline_ns = 0;
    uint64_t serial = 0;  // tells this connection from a later one on the same fd
    bool read_at_deadline = false;  // read once more when its hello deadline came
    std::string name;
  };

  void run();
  void accept_all();
  void pause_listening(bool paused);
  Conn* oldest_stranger();
  void on_readable(Conn* conn);
  bool on_handshake(Conn* conn, size_t len, std::string* rest);
  std::string refused_claim(const Conn& conn, const HandshakeClaim& claim) const;
  void on_hello(Conn* conn);
  void drop(Conn* conn, const std::string& why);
  void restart_hellos(int64_t now);
  void expire_hellos(int64_t now);
  int next_timeout_ms(int64_t now);
  void report(const std::string& line, bool always);

  ListenerConfig config_;
  Fd listen_fd_;
  MessageQueue* queue_;
  Fd epoll_;
  Fd stop_;
  Fd connected_;
  Fd done_;
  Fd news_;
  std::thread thread_;
  std::unordered_map<int, std::unique_ptr<Conn>> conns_;
  std::vector<uint8_t> claimed_;  // ids whose hello was accepted
  std::vector<uint8_t> closed_;   // ids whose connection has ended
  int peers_claimed_ = 0;
  int peers_closed_ = 0;
  std::atomic<int> news_count_{0};
  std::atomic<int> hellos_said_{0};
  std::unique_ptr<std::atomic<int64_t>[]> left_at_;
  std::unique_ptr<std::atomic<int64_t>[]> down_at_;
  size_t strangers_ = 0;
  struct PendingHello {
    int fd;
    uint64_t serial;
  };
  std::deque<PendingHello> hellos_;  // strangers in accept order, so in deadline order
  uint64_t serials_ = 0;
  bool listening_paused_ = false;  // too many strangers, or out of descriptors: not accepting
  std::vector<char> read_buf_;
  std::vector<Message> batch_;
  Status status_;
  int64_t report_window_start_ = 0;
  int reports_in_window_ = 0;
  int suppressed_ = 0;
};

}  // namespace lc
