// MessageBook: every message of a run, filed by channel (sender, receiver), once as its
// sender logged it (SEND) and once as its receiver logged it (RECV or PENDING). match() pairs
// the two sides of each channel and reports what does not pair up: a message received twice,
// out of its channel's sending order, before it was sent, or never sent; and a message sent
// but missing from the receiver's log. Owned by one thread.
//
// Messages missing from a channel must be its last ones (a failure, a backlog drop or a forced
// stop cuts a channel short, never its middle), as many as run.txt counts for that channel:
// lost_<from>_<to> (possible only when one of the two machines failed or with forced=1) plus
// dropped_<from>_<to>. Those are counted, not reported.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "findings.h"
#include "queue_bounds.h"
#include "logical_clock/log/run_ending.h"

namespace lc::lcstat {

struct Delivery {  // one message, for the space-time diagram
  int64_t sender = 0;
  int64_t receiver = 0;
  int64_t clock = 0;
  int64_t send_us = 0;
  int64_t arrive_us = 0;  // model_time of the RECV or PENDING row
  bool pending = false;
};

// What run.txt says about one channel.
// What the end of the run says about messages that may be missing.
struct LossAccount {
  std::string run_file;                       // run.txt, for violations of its counts
  std::map<std::pair<int64_t, int64_t>, ChannelClaim> claims;  // by (from, to)
  std::vector<bool> failed;                   // by machine
  std::vector<int64_t> failed_last_clock;     // by machine: its last logged clock if it failed, else -1
  std::vector<int64_t> failed_last_tick_us;   // by machine: model_time of its last tick row, if it failed
  bool forced = false;                        // forced=1: in-flight messages at the end were not logged
  // by machine, if it failed: its tick rows' bounds on the arrivals of messages its log ends
  // before (MachineChecker::unlogged_queue)
  std::vector<std::vector<QueueBounds::Held>> unlogged_queue;
};

class MessageBook {
 public:
  // paths[i] is machine i's log, for the messages of findings.
  explicit MessageBook(std::vector<std::string> paths);

  void record_send(int64_t sender, int64_t receiver, int64_t clock, int64_t model_us, uint64_t line);
  // `arrival_us`: when the message entered the receiver's queue (model_time - queue_wait).
  void record_arrival(int64_t receiver, int64_t sender, int64_t clock, int64_t model_us, int64_t arrival_us,
                      uint64_t line, bool pending);
  // Pairs every channel; adds violations to *findings and the paired messages, by channel and
  // in the receiver's order, to *deliveries (when not null). Returns how many sent messages
  // are missing as `account` explains them (not violations).
  int64_t match(const LossAccount& account, Findings* findings, std::vector<Delivery>* deliveries) const;

 private:
  struct Sent {
    int64_t clock;
    int64_t model_us;
    uint64_t line;
  };
  struct Arrived {
    int64_t clock;
    int64_t model_us;
    int64_t arrival_us;
    uint64_t line;
    bool pending;
  };
  struct Channel {
    std::vector<Sent> sent;        // in the sender's order
    std::vector<Arrived> arrived;  // in the receiver's order
  };

  // Pairs one channel's arrivals with its sends; marks paired sends in *paired_line.
  void pair_channel(int64_t sender, int64_t receiver, const Channel& channel, const LossAccount& account,
                    Findings* findings, std::vector<Delivery>* deliveries, std::vector<uint64_t>* paired_line) const;
  // Decides about the channel's sends that found no arrival: explained by run.txt or not.
  int64_t settle_missing(int64_t sender, int64_t receiver, const Channel& channel,
                         const std::vector<uint64_t>& paired_line, const LossAccount& account,
                         Findings* findings) const;
  // A failed receiver's queue beyond its log: each message counted there is one missing from
  // its log, sent by the time the tick row says it had arrived.
  void check_unlogged_queue(int64_t receiver, std::vector<int64_t> missing_sent_us, const LossAccount& account,
                            Findings* findings) const;
  size_t index(int64_t sender, int64_t receiver) const {
    return static_cast<size_t>(sender * machines_ + receiver);
  }

  int64_t machines_;
  std::vector<std::string> paths_;
  std::vector<Channel> channels_;  // machines_ x machines_, by index()
};

}  // namespace lc::lcstat
