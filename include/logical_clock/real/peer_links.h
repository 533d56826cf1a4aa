// PeerLinks: a machine's sending side, one non-blocking TCP connection per peer (on 127.0.0.1,
// or in a cluster to each peer's listed address, opened by the handshake), each with a
// backlog for the bytes its socket would not take yet, and (with --latency) the messages held
// until their release instants, in sending order: a message never overtakes an earlier one on
// its link, so each leaves at the later of its own instant and its predecessor's. A send never
// blocks the tick loop; the caller's waits wake at next_release_ns() and call release_due().
// A link ends in one of two ways:
//   closed: on purpose (the peer left, or the run ends): a bye frame goes out after every
//     message queued before it, then the sending side is shut; nothing more is sent.
//   down: its socket failed, the caller saw the peer die, the caller stopped waiting, or its
//     backlog passed kMaxBacklog (the peer stopped reading, e.g. SIGSTOP), or, for held
//     messages, kMaxBacklog bytes more were held for it while its backlog waited at half the
//     bound and its socket took nothing (a heal's burst to a live peer never does that: its
//     socket takes bytes as the peer reads, and due messages wait held meanwhile): the backlog is given
//     up and each message in it, whole or partly sent, is counted in the Down record; only a
//     give-up for the bound is a drop (run.txt's dropped_), the others are the peer's failure
//     or a cut drain's (lost_). A bye is never counted. Held messages count as queued ones.
//   A link closed while it holds messages sends its bye after the last of them. A link taken
//   down while it holds messages, its peer's end still open (the peer lives: only its own link
//   to this machine ended, given up for the bound), sends nothing new but lets them go at their
//   instants, as a network delivers what is on its way, then ends without a bye; it goes down
//   as above, counting those still held, if the peer's end closes first (it died after all).
// Owned by the machine's main thread; not thread-safe.
#pragma once

#include <poll.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "logical_clock/base/endpoint.h"
#include "logical_clock/base/fd.h"
#include "logical_clock/base/sha256.h"
#include "logical_clock/base/status.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/log/log_format.h"

namespace lc {

class PeerLinks {
 public:
  static constexpr size_t kMaxBacklog = static_cast<size_t>(kMaxBacklogBytes);  // log_format.h: run.txt says it

  struct Down {
    int peer = -1;
    std::string why;
    int64_t dropped = 0;  // messages queued for the peer that it will never get
    int64_t at_ns = 0;        // CLOCK_MONOTONIC, read before the connection was closed
    bool over_bound = false;  // given up for its backlog's bound (run.txt's dropped_); else
                              // the peer died or the drain was cut short (lost_)
    int64_t held = 0;  // taken down with its peer's end open: the messages then held for it,
                       // which still go at their instants
  };
  // Waits until one of fds is ready (revents set) or deadline_ns passes; supplied by the
  // caller so that its signals can cut the wait short.
  using WaitAny = std::function<WaitResult(std::vector<pollfd>* fds, int64_t deadline_ns)>;

  // Where the peers listen, and how a connection to one opens.
  struct Dial {
    std::vector<uint16_t> ports;      // without endpoints: peer i listens at 127.0.0.1, ports[i]
    std::vector<Endpoint> endpoints;  // a cluster: peer i listens at endpoints[i]; every
                                      // connection leaves from endpoints[self]'s address (what
                                      // the peer's listener checks) with set_cluster_socket_options
    uint64_t secret = 0;              // in every hello
    std::optional<ClusterKey> key;    // set: the handshake (claim {kPeer, self, peer, run_id})
    uint64_t run_id = 0;              //   runs on each connection before its hello
    int timeout_ms = 10'000;          // for each connection's connect, then for its handshake
    std::function<void()> waiting;    // called at least every 250 ms while a handshake waits
    // Set: a connection that cannot be made (a cable or a switch down as the run starts) is
    // tried again, every kRedialPauseNs for kRedialNs from the first dial; pause(until_ns) waits
    // until then, false when the run was given up meanwhile (no more tries).
    std::function<bool(int64_t until_ns)> pause;
  };
  static constexpr int64_t kRedialNs = 30'000'000'000;
  static constexpr int64_t kRedialPauseNs = 500'000'000;
  static constexpr int kRedialConnectMs = 2'000;  // each try's connect

  PeerLinks(int self, int machines);

  // Connects to every peer in turn (again and again for a while when dial.pause is set), runs
  // the handshake with it when dial.key is set, then sends it a hello. The first failure is the
  // result, naming the peer ("machine 2: handshake: the acceptor does not hold this key ...").
  Status connect_all(const Dial& dial);
  // On one host: to every peer on 127.0.0.1, hellos only.
  Status connect_all(const std::vector<uint16_t>& ports, uint64_t secret, int timeout_ms);
  // Whether messages may be sent to the peer: connected, neither closed nor down.
  bool up(int peer) const { return links_[static_cast<size_t>(peer)].state == State::kUp; }
  // Sends one message frame; ignored unless the link is up.
  void send(int peer, const char* frame, size_t len);
  // Holds one message frame until release_ns (CLOCK_MONOTONIC) and after every message held
  // before it; ignored unless the link is up.
  void hold(int peer, const char* frame, size_t len, int64_t release_ns);
  // Sends every held message whose instant has come by now_ns (and its link's bye after the
  // last, if the link was closed meanwhile).
  void release_due(int64_t now_ns);
  // The earliest instant a held message waits for; -1 when none is held, or when every link
  // holding some is at half its bound: those wait for their backlog to drain (the POLLOUT
  // that add_pollfds asks for), not for a time.
  int64_t next_release_ns() const;
  bool holding() const { return held_ > 0; }
  size_t held() const { return held_; }
  // Lets go of every message the link still holds, never to send them; a bye waiting behind
  // them goes now. Returns how many.
  int64_t drop_held(int peer);
  // Closes the link on purpose (see above); ignored unless it is up.
  void close(int peer);
  // Takes the link down on the caller's word (the peer's connection to this machine ended
  // without a bye: the peer died, or gave its own link up); see above for held messages.
  void take_down(int peer, const std::string& why);
  // Pushes backlogs out as far as the sockets take them, and takes down the links whose held
  // messages wait for a peer whose end has closed (see take_down); cheap when there are none.
  void flush();
  // A POLLOUT entry for each link with bytes waiting, and a POLLRDHUP one for each link taken
  // down with messages held, for the caller's poll.
  void add_pollfds(std::vector<pollfd>* fds) const;
  bool backlogged() const { return backlogged_ > 0; }
  size_t backlog_bytes(int peer) const { return links_[static_cast<size_t>(peer)].waiting(); }
  // Links that went down since the last call.
  std::vector<Down> take_downs();
  bool has_downs() const { return !downs_.empty(); }
  // The end of a machine's sending: closes every live link, then waits (all links at once,
  // until deadline_ns, -1 for no limit) for every backlog to go out, or until `wait` says it
  // stopped waiting. Links still backlogged then go down.
  void finish(int64_t deadline_ns, const WaitAny& wait);

 private:
  enum class State { kNone, kUp, kClosing, kClosed, kDown };
  struct Link {
    Fd fd;
    State state = State::kNone;
    std::string buf;  // the backlog is buf[head..]
    size_t head = 0;
    uint64_t appended = 0;  // bytes handed to the link, ever
    uint64_t taken = 0;     // of those, bytes the socket took
    std::deque<uint64_t> message_ends;  // `appended` at the end of each message not yet taken whole
    std::string held;  // the held messages are held[held_head..], in sending order
    size_t held_head = 0;
    struct Release {
      int64_t at_ns;
      size_t end;  // in held
    };
    std::deque<Release> releases;  // one per held message
    bool bye_after_held = false;   // closed while holding: the bye follows the last one
    // Taken down while holding, its peer's end open: why, when, and how many were held. Its
    // Down is told at the next flush() (or its end), so that a dead peer's end, whose closing
    // can reach this side a moment after the end of its own connection, is told once, counted.
    std::string down_why;
    int64_t down_at_ns = 0;
    int64_t down_held = 0;
    bool down_told = false;
    // Bytes held for it while throttled (below) since its socket last took a byte.
    uint64_t held_while_stalled = 0;
    size_t waiting() const { return buf.size() - head; }
  };
  // Due held messages stay held while the backlog is at half its bound (see release_due).
  static bool throttled(const Link& link) { return link.waiting() >= kMaxBacklog / 2; }
  void enqueue(int peer, const char* data, size_t len, bool message);
  bool flush_one(int peer);
  void fail(int peer, const std::string& why, bool over_bound = false);
  void send_bye(int peer);
  void shut(int peer);
  void tell_down(int peer);
  void check_bound(int peer);

  int self_;
  std::vector<Link> links_;
  int backlogged_ = 0;
  size_t held_ = 0;  // messages held, over every link
  int ending_ = 0;   // links taken down while holding (down_why set), their messages still held
  std::vector<Down> downs_;
};

}  // namespace lc
