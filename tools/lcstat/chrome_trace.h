// ChromeTrace: writes one run as a Chrome Trace Event Format file (JSON, object form) that
// Perfetto (ui.perfetto.dev) and chrome://tracing open. Timestamps are model time, in
// microseconds with nanosecond fractions.
//   - one process per machine (pid = id + 1), named "machine <id> (<rate> ticks/s)", sorted by
//     id, with one thread "events";
//   - one complete slice ("X") per event, named INTERNAL, SEND or RECV, args: the clock, the
//     queue, the peers, the rebuilt vector clock (N <= 32); it lasts half a tick period, or up
//     to the machine's next row when that comes sooner;
//   - a message is a flow arrow in the version-2 form that binds to slices (bind_id, flow_out
//     on the sending slice, flow_in on the receiving one). A slice binds one flow, so a SEND
//     slice holds one child per message ("to m<r>", nested one in the other, all starting with
//     the SEND), each with its message's flow_out; a RECV slice holds one child "from m<s>",
//     starting 1 ns after it, with the flow_in. Perfetto sorts events by time, longer slices
//     first at one instant, and binds a flow's end only after its start: the 1 ns keeps a
//     receive in its send's microsecond (a message without delay) after the send. A message
//     still queued at the end is an async slice "PENDING from m<s>" from its arrival to its
//     PENDING row (cat "pending"), with the flow_in; one that never reached its receiver's log
//     is an async instant "LOST from m<s>" (cat "lost") at the end of the trace. So every flow
//     has exactly one start and one end, bound to slices.
//   - counter tracks per machine: "queue length" and "Lamport clock".
// Written under a temporary name and renamed by commit(). Owned by one thread.
#pragma once

#include <string>
#include <vector>

#include "causality.h"
#include "logical_clock/base/file_io.h"
#include "logical_clock/base/status.h"

namespace lc::lcstat {

class ChromeTrace : public CausalSink {
 public:
  static constexpr size_t kMaxVectorArgs = 32;  // machines up to which slices carry the vector clock

  // `label` names the run in the file's otherData.
  Status open(const std::string& path, const std::string& label);
  Status commit();

  void on_begin(const std::vector<LogHeader>& headers) override;
  void on_event(const CausalEvent& event) override;
  void on_pending(const EndedMessage& message) override;
  void on_lost(const EndedMessage& message) override;
  void on_end() override {}

 private:
  struct Machine {
    int64_t half_period_ns = 0;  // half a tick period
    int64_t queue = -1;          // the last queue length written
    int64_t last_us = 0;         // model_time of its last row
  };

  void begin_object();
  void end_object();
  // ",\"<key>\":<us>.<ns>" for `us` microseconds plus `ns` nanoseconds (0 <= ns).
  void append_time(const char* key, int64_t us, int64_t ns);
  // A complete slice of machine `pid`'s thread from `us` + `ns` lasting `dur_ns`; the caller
  // adds args and flow fields, then calls end_object().
  void begin_slice(int64_t pid, const char* cat, const std::string& name, int64_t us, int64_t ns, int64_t dur_ns);
  void note_end(int64_t us, int64_t ns);

  OutputFile file_;
  std::string label_;
  std::string other_;      // otherData's members
  std::string out_;        // the object being written
  bool first_ = true;
  size_t n_ = 0;
  std::vector<Machine> machines_;
  int64_t end_us_ = 0;     // the latest end of anything written
  int64_t end_ns_ = 0;
  uint64_t next_async_ = uint64_t{1} << 40;  // ids of async slices without a message id
};

}  // namespace lc::lcstat
