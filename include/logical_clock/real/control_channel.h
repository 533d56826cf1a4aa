// ControlChannel: one end of a control connection (a machine's socket to its parent, or the
// parent's to a machine), speaking the control protocol (wire/control.h): frames out whole,
// frames in through a ControlDecoder. The socket may be blocking: next() reads only when the
// caller says it is readable (poll), once. Owned by one thread.
#pragma once

#include <string>

#include "logical_clock/base/fd.h"
#include "logical_clock/base/status.h"
#include "logical_clock/wire/control.h"

namespace lc {

class ControlChannel {
 public:
  enum class Got { kFrame, kNeedMore, kEnd, kBad };

  ControlChannel() = default;
  explicit ControlChannel(Fd fd) : fd_(std::move(fd)) {}

  int get() const { return fd_.get(); }
  bool valid() const { return fd_.valid(); }
  void reset() { fd_.reset(); }

  // Bytes of the connection read by someone else first (past a handshake): taken before any
  // read of the socket.
  void feed(const std::string& bytes) { decoder_.append(bytes.data(), bytes.size()); }
  // Sends one frame whole; `what` names the channel in an error.
  Status send(const ControlFrame& frame, const std::string& what);
  // The next frame: one already received, else (when `readable`) one read of the socket.
  // kEnd: the other end closed (or reset) it; partial() then says whether a frame was cut.
  // kBad: a read error or bytes that are not the protocol (error() says which).
  Got next(ControlFrame* frame, bool readable);
  bool partial() const { return decoder_.buffered() > 0; }
  const std::string& error() const { return error_; }

 private:
  Fd fd_;
  ControlDecoder decoder_;
  std::string error_;
};

// The parent's side of a clock probe (clock_estimate.h): a clock_probe frame is answered at
// once with a clock_reply that echoes its seq and sent_ns and stamps the parent's own
// CLOCK_REALTIME. True when `frame` was a probe (answered; a failed write is left for the next
// read of the channel to find, as the machine's end); false for any other frame, untouched.
// Used by the local supervisor and a cluster's coordinator while they wait for readiness.
bool answer_clock_probe(ControlChannel& channel, const ControlFrame& frame);

}  // namespace lc
