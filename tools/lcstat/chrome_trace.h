// ChromeTrace: writes one run as a Chrome Trace Event Format file (JSON, object form) that
// Perfetto, catapult's trace viewer (chrome://tracing), the DevTools Performance panel and
// speedscope open. Timestamps are model time, in microseconds with nanosecond fractions.
//   - one process per machine (pid = id + 1), named "machine <id> (<rate> ticks/s)", sorted by
//     id, with a thread "events" (tid = pid) and, when it has messages queued or lost at the
//     end, a thread "queue at the end" (tid = pid + N);
//   - one complete slice ("X") per event, named INTERNAL, SEND or RECV, args: the clock, the
//     queue, the peers, the rebuilt vector clock (N <= 32); it lasts half a tick period, or up
//     to the machine's next tick row when that comes sooner;
//   - a message is a flow arrow of the start/end form ("s", then "f" with "bp":"e"; cat and name
//     "message", id the message's), which every viewer binds to a complete slice with the same
//     pid, tid and ts: a SEND's zero-length child "to m<r> ..." 1 ns after it starts every
//     message it sent; a RECV's zero-length child "from m<s>" 2 ns after it ends its message (so
//     an arrow runs forward even for a receive in its send's microsecond, and every child lies
//     inside its parent in double precision); a message still queued at the end ends at a
//     zero-length "PENDING from m<s>" on the queue thread at its arrival (+2 ns, plus 1 us per
//     earlier slice of that thread in its microsecond: catapult nests slices by bounds rounded
//     to the microsecond and drops an arrow whose end it nested), beside an async slice of cat "pending" from its arrival
//     to its PENDING row; one that never reached its receiver's log ends at a zero-length "LOST
//     from m<s>" on that thread just after the end of the trace. The flow events carry no args
//     (catapult merges a flow's args from both ends), the slices do;
//   - a zero-length slice "model time 0" at ts 0 on every thread (speedscope starts each
//     thread's axis at its first slice, the others the trace's at its first event), and a global
//     instant 1 ns later (DevTools leaves events at ts 0 out of its bounds);
//   - counter tracks per machine: "Lamport clock" and "queue length" (one arg, "value");
//   - each partition of the run (its header's partitions=) a slice of cat "partition" on every
//     machine it cuts off, on a thread of its own ("partition GROUPS@FROM-TO"), from its start
//     to its heal or the run's end, whichever comes first (a stopped run ends where its trace
//     does); a message it still held at the end is an "UNDELIVERED from m<s>" marker where a
//     lost one's would be.
// Written under a temporary name and renamed by commit(). Owned by one thread.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "causality.h"
#include "logical_clock/base/file_io.h"
#include "logical_clock/base/status.h"
#include "logical_clock/model/partition.h"

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
  void on_end() override { add_partitions(); }

 private:
  struct Machine {
    int64_t half_period_ns = 0;  // half a tick period
    int64_t queue = -1;          // the last queue length written
    int64_t last_us = 0;         // model_time of its last row
    bool queue_thread = false;   // its queue thread's name and origin written
    std::set<int64_t> queue_us;  // the microseconds (rounded) of the slices on its queue thread
  };

  // The partitions' slices (see add_partitions in chrome_trace.cc), once the run's end is known.
  void add_partitions();
  void begin_object();
  void end_object();
  // ",\"<key>\":<us>.<ns>" for `us` microseconds plus `ns` nanoseconds (0 <= ns).
  void append_time(const char* key, int64_t us, int64_t ns);
  // A complete slice of machine `pid`'s thread from `us` + `ns` lasting `dur_ns`; the caller
  // adds args and flow fields, then calls end_object().
  void begin_slice(int64_t pid, const char* cat, const std::string& name, int64_t us, int64_t ns, int64_t dur_ns);
  void note_end(int64_t us, int64_t ns);
  // A zero-length slice of cat "message" at `us` + `ns`; the caller may add args, then calls
  // end_object().
  void begin_marker(int64_t pid, int64_t tid, const std::string& name, int64_t us, int64_t ns);
  // A whole flow event ("s" or "f") of message `id` at `us` + `ns`.
  void append_flow(char phase, int64_t pid, int64_t tid, uint64_t id, int64_t us, int64_t ns);
  // The tid of `machine`'s queue thread, its name and origin written at the first call.
  int64_t queue_thread(size_t machine);
  // The first of `at_ns`, `at_ns` + 1 us, + 2 us... whose microsecond (rounded) no slice of
  // `machine`'s queue thread holds; taken. catapult nests slices by their bounds rounded to the
  // microsecond: a zero-length slice in the microsecond of another became its child, and the
  // arrow ending at it was dropped.
  int64_t free_queue_ns(size_t machine, int64_t at_ns);

  OutputFile file_;
  std::string label_;
  std::string other_;      // otherData's members
  std::string out_;        // the object being written
  bool first_ = true;
  size_t n_ = 0;
  std::vector<Machine> machines_;
  std::vector<Partition> partitions_;  // the header's partitions=
  int64_t duration_us_ = 0;
  int64_t end_us_ = 0;     // the latest end of anything written
  int64_t end_ns_ = 0;
  uint64_t next_async_ = uint64_t{1} << 40;  // ids of async slices without a message id
};

}  // namespace lc::lcstat
