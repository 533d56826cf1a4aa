// MessageBook: every message of a run, filed by channel (sender, receiver), once as its
// sender logged it (SEND) and once as its receiver logged it (RECV or PENDING). match() pairs
// the two sides of each channel and reports what does not pair up: a message never received
// nor pending (lost), one received twice, one received out of its channel's sending order,
// one received but never sent. Owned by one thread.
//
// Some messages may be missing for a reason the run itself reports (run.txt, see LossAccount):
// sent to a machine that failed before logging them, given up by a sender whose peer stopped
// taking messages, or in flight when a forced stop cut the drain short. Those are counted, not
// reported, when the counts agree exactly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "findings.h"

namespace lc::lcstat {

struct Delivery {  // one message, for the space-time diagram
  int64_t sender = 0;
  int64_t receiver = 0;
  int64_t clock = 0;
  int64_t send_us = 0;
  int64_t arrive_us = 0;  // model_time of the RECV or PENDING row
  bool pending = false;
};

// What the end of the run (run.txt) says about messages that may be missing.
struct LossAccount {
  std::vector<int64_t> expected_lost;  // by receiver: lost_to_<id> + all dropped_<from>_<id>
  std::vector<int64_t> failed_last_clock;  // by machine: its last logged clock if it failed, else -1
  bool forced = false;                 // forced=1: in-flight messages at the end were not logged
};

class MessageBook {
 public:
  // paths[i] is machine i's log, for the messages of findings.
  explicit MessageBook(std::vector<std::string> paths);

  void record_send(int64_t sender, int64_t receiver, int64_t clock, int64_t model_us, uint64_t line);
  void record_arrival(int64_t receiver, int64_t sender, int64_t clock, int64_t model_us,
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
    uint64_t line;
    bool pending;
  };
  struct Channel {
    std::vector<Sent> sent;        // in the sender's order
    std::vector<Arrived> arrived;  // in the receiver's order
  };

  struct Unpaired {
    int64_t sender;
    Sent sent;
  };

  // Pairs one channel; its sends that found no arrival go to *unpaired.
  void match_channel(int64_t sender, int64_t receiver, const Channel& channel, const LossAccount& account,
                     Findings* findings, std::vector<Delivery>* deliveries, std::vector<Unpaired>* unpaired) const;
  // Decides about the messages sent to `receiver` that never arrived: explained or lost.
  int64_t settle_unpaired(int64_t receiver, const std::vector<Unpaired>& unpaired, const LossAccount& account,
                          Findings* findings) const;
  size_t index(int64_t sender, int64_t receiver) const {
    return static_cast<size_t>(sender * machines_ + receiver);
  }

  int64_t machines_;
  std::vector<std::string> paths_;
  std::vector<Channel> channels_;  // machines_ x machines_, by index()
};

}  // namespace lc::lcstat
