// CausalityTracker: rebuilds the vector clock of every event of a run from its rows, pairing
// each SEND with its RECV (or PENDING) as the rows stream by; checks the logs' own vclock
// column against the rebuild, row by row, when they have one; and counts, per machine and for
// the run, the pairs of events that causality orders, the concurrent ones, and those the
// Lamport clocks order (docs/analysis.md, "Causality"). It hands each event, with its rebuilt
// vector, to the sinks (the ShiViz and trace exports, the cone graph). Owned by one thread.
//
// The rows must come in an order that keeps each machine's rows in file order and puts every
// SEND before its RECV and PENDING row: run_analysis merges them by (model_time, tick rows
// before PENDING rows, clock, machine id). Memory: N vectors of N entries, one vector per SEND
// whose messages are not all taken yet (in flight or pending), and LamportPairs' window;
// nothing grows with the number of events times N.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "findings.h"
#include "lamport_pairs.h"
#include "logical_clock/log/log_reader.h"

namespace lc::lcstat {

// One event (INTERNAL, SEND or RECV row) as the rebuild knows it.
struct CausalEvent {
  size_t machine = 0;
  const Row* row = nullptr;
  int64_t index = 0;              // its number among the machine's events (1, 2, ...): its own vector entry
  const int64_t* vector = nullptr;  // the rebuilt vector clock after it, `machines` entries
  size_t machines = 0;
  bool approximate = false;       // its causal past may lack events (see CausalitySummary)
  int64_t next_model_us = -1;     // model_time of the machine's next tick row; -1 after its last
  // SEND: one message id per entry of row->peers (0 for a peer that is not a machine of the
  // run). RECV: the message's id, 0 when its SEND is not in the logs.
  const uint64_t* messages = nullptr;
  size_t message_count = 0;
};

// A message still queued at the end (a PENDING row), or one that never reached its receiver's
// log (lost: reported at the end).
struct EndedMessage {
  size_t sender = 0;
  size_t receiver = 0;
  int64_t clock = 0;         // msg_clock
  int64_t sent_us = 0;       // its SEND's model_time
  uint64_t message = 0;      // its id, as in CausalEvent::messages
  const Row* row = nullptr;  // the PENDING row; null for a lost message
  bool undelivered = false;  // lost: held by a partition still open at the run's end (run.txt)
};

// Receives the events of a run, in the tracker's order.
class CausalSink {
 public:
  virtual ~CausalSink() = default;
  // Before the first row: the run's headers, by machine id (they outlive the run's analysis).
  virtual void on_begin(const std::vector<LogHeader>& headers) = 0;
  virtual void on_event(const CausalEvent& event) = 0;
  virtual void on_pending(const EndedMessage& message) = 0;
  virtual void on_lost(const EndedMessage& message) = 0;
  // After the last row and the lost messages.
  virtual void on_end() = 0;
};

// Pair counts of one machine's events b (each pair counted at its later event).
struct MachineCausality {
  int64_t events = 0;
  unsigned __int128 causal = 0;   // sum of |causal past(b)|
  unsigned __int128 earlier = 0;  // sum of #{a : C(a) < C(b)}: pairs the Lamport clocks order
  unsigned __int128 ties = 0;     // sum of #{a != b : C(a) = C(b)}: each tie counted at both ends
  unsigned __int128 invented() const { return earlier > causal ? earlier - causal : 0; }
};

struct CausalitySummary {
  std::vector<MachineCausality> machines;
  // The run: n events, n(n-1)/2 pairs = causal + concurrent; lamport (C(a) != C(b)) + tie_pairs.
  int64_t events = 0;
  unsigned __int128 pairs = 0;
  unsigned __int128 causal = 0;
  unsigned __int128 concurrent = 0;
  unsigned __int128 lamport = 0;
  unsigned __int128 invented = 0;
  unsigned __int128 tie_pairs = 0;
  double invented_share() const;  // invented / lamport; 0 when no pair is ordered
  // What keeps the figures from being exact. A failed sender's last SEND rows may be missing
  // while their messages were received: such a receive merges the sender's last logged vector
  // (a lower bound), and every event after it on that machine, or downstream of it, may miss
  // causal predecessors; they are counted in approximate_events.
  int64_t unlogged_receives = 0;  // receives of messages sent after the sender's last logged row
  int64_t unpaired_receives = 0;  // receives whose SEND is not in the logs otherwise (broken runs)
  int64_t approximate_events = 0;
  uint64_t late_clocks = 0;       // events left out of the Lamport counts (a broken clock rule)
  bool exact() const { return unlogged_receives == 0 && unpaired_receives == 0 && late_clocks == 0; }
  // The logs' vclock column.
  bool vclock_logged = false;
  int64_t vclock_rows = 0;        // rows whose vclock was compared with the rebuild
  // Memory: vectors held at the most at once for messages not yet taken, LamportPairs' window.
  size_t peak_send_vectors = 0;
  size_t peak_lamport_window = 0;
};

std::string u128_text(unsigned __int128 value);

class CausalityTracker {
 public:
  // headers[i] is machine i's; failed[i] whether run.txt lists it as failed.
  CausalityTracker(const std::vector<LogHeader>& headers, const std::vector<bool>& failed, Findings* findings);

  // `sink` gets on_begin() at once, then every event; on_end() from finish().
  void add_sink(CausalSink* sink);
  // The channels whose missing messages are all undelivered (run.txt's undelivered_ alone), by
  // sender * N + receiver: their messages reach the sinks' on_lost marked so.
  void set_undelivered(std::vector<bool> channels) { undelivered_ = std::move(channels); }
  // Called before the event's counts can become final: reports them through lamport().watched().
  LamportPairs& lamport() { return lamport_; }

  // The next row of the run; `next_model_us` is the model_time of the machine's next tick row
  // (-1 after its last tick).
  void on_row(size_t machine, const Row& row, int64_t next_model_us);
  // The machine's log has ended.
  void close(size_t machine);
  // Reports the messages never taken to the sinks and completes the summary.
  void finish();
  const CausalitySummary& summary() const { return summary_; }

 private:
  // A message in flight: sent, not yet taken by its receiver.
  struct InFlight {
    int64_t clock;
    int64_t sent_us;
    uint64_t message;
    uint32_t slot;  // its SEND's vector; kTaken once taken out of order
  };
  struct Channel {
    std::vector<InFlight> items;  // in sending order; taken ones stay until the head passes them
    size_t head = 0;
    int64_t last_clock = -1;      // msg_clock of the last message sent
    bool rising = true;           // msg_clocks rise along items (the sender kept the clock rule)
  };
  struct Machine {
    int64_t sum = 0;         // sum of the entries of its vector
    bool tainted = false;    // its causal past may lack events
  };
  static constexpr uint32_t kTaken = UINT32_MAX;

  int64_t* vector_of(size_t machine) { return &vectors_[machine * n_]; }
  uint32_t store_vector(const int64_t* vector, uint32_t refs, bool tainted);
  void release(uint32_t slot);
  // Takes the message `clock` of channel sender -> receiver; false when it is not there.
  bool take(size_t sender, size_t receiver, int64_t clock, InFlight* out);
  void on_tick(size_t machine, const Row& row, int64_t next_model_us);
  void on_pending(size_t machine, const Row& row);
  void merge(size_t machine, const int64_t* other);
  // Compares a row's vclock with the rebuilt `vector`: equal, or (lower_bound) at least it.
  void check_vclock(size_t machine, const Row& row, const int64_t* vector, bool lower_bound, size_t own);

  size_t n_;
  const std::vector<LogHeader>& headers_;
  std::vector<bool> failed_;
  Findings* findings_;
  std::vector<CausalSink*> sinks_;
  std::vector<int64_t> vectors_;       // n x n: each machine's vector clock
  std::vector<Machine> machines_;
  std::vector<Channel> channels_;      // n x n, by sender * n + receiver
  // The vectors of SENDs with messages not yet taken, n entries per slot.
  std::vector<int64_t> slots_;
  std::vector<uint32_t> slot_refs_;
  std::vector<uint8_t> slot_tainted_;
  std::vector<uint32_t> free_slots_;
  size_t live_slots_ = 0;
  uint64_t next_message_ = 1;
  std::vector<uint64_t> message_ids_;  // scratch for one event
  std::vector<int64_t> scratch_;       // a vector being built
  LamportPairs lamport_;
  CausalitySummary summary_;
  std::vector<bool> undelivered_;  // by channel; empty: none
};

}  // namespace lc::lcstat
