// PeerLinks: a machine's sending side, one non-blocking TCP connection per peer, each with a
// backlog for the bytes its socket would not take yet. A send never blocks the tick loop.
// A link goes down when its socket fails or its backlog passes kMaxBacklog (the peer stopped
// reading, e.g. SIGSTOP): the backlog is given up, its messages counted as dropped, and
// nothing more is sent to that peer. Owned by the machine's main thread; not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "logical_clock/base/fd.h"
#include "logical_clock/base/status.h"
#include "logical_clock/base/sys.h"

namespace lc {

class PeerLinks {
 public:
  static constexpr size_t kMaxBacklog = 4 << 20;

  struct Down {
    int peer = -1;
    std::string why;
    int64_t dropped = 0;  // messages queued for the peer that it will never get
  };
  // Waits until fd is writable or deadline_ns passes; supplied by the caller so that its
  // signals can cut the wait short.
  using WaitWritable = std::function<WaitResult(int fd, int64_t deadline_ns)>;

  PeerLinks(int self, int machines);

  // Connects to every peer on 127.0.0.1 and sends each a hello.
  Status connect_all(const std::vector<uint16_t>& ports, uint64_t secret, int timeout_ms);
  bool up(int peer) const { return links_[static_cast<size_t>(peer)].up; }
  void send(int peer, const char* frame, size_t len);
  // Pushes backlogs out as far as the sockets take them; cheap when there are none.
  void flush();
  // Takes the link down on the caller's word (the peer was seen to die).
  void take_down(int peer, const std::string& why);
  // Links that went down since the last call.
  std::vector<Down> take_downs();
  // Sends a bye on every live link, waits (until deadline_ns) for every backlog to go out,
  // and shuts the sending sides. Links still backlogged at the deadline go down.
  void finish(int64_t deadline_ns, const WaitWritable& wait);

 private:
  struct Link {
    Fd fd;
    std::string backlog;
    bool up = false;
    bool bye_queued = false;  // the backlog ends with the bye frame
  };
  bool flush_one(int peer);
  void fail(int peer, const std::string& why);

  int self_;
  std::vector<Link> links_;
  int backlogged_ = 0;
  std::vector<Down> downs_;
};

}  // namespace lc
