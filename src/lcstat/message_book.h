// MessageBook: every message of a run, filed by channel (sender, receiver), once as its
// sender logged it (SEND) and once as its receiver logged it (RECV or PENDING). match() pairs
// the two sides of each channel and reports what does not pair up: a message never received
// nor pending (lost), one received twice, one received out of its channel's sending order,
// one received but never sent. Owned by one thread.
//
// Unpaired sends all go through report_unpaired_send(): the place where a later rule (a
// message sent to a machine that crashed is lost to the crash, not a violation) plugs in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "findings.h"

namespace lcstat {

struct Delivery {  // one message, for the space-time diagram
  int64_t sender = 0;
  int64_t receiver = 0;
  int64_t clock = 0;
  int64_t send_us = 0;
  int64_t arrive_us = 0;  // model_time of the RECV or PENDING row
  bool pending = false;
};

class MessageBook {
 public:
  // paths[i] is machine i's log, for the messages of findings.
  explicit MessageBook(std::vector<std::string> paths);

  void record_send(int64_t sender, int64_t receiver, int64_t clock, int64_t model_us, uint64_t line);
  void record_arrival(int64_t receiver, int64_t sender, int64_t clock, int64_t model_us,
                      uint64_t line, bool pending);
  // Pairs every channel; adds violations to *findings and the paired messages, by channel and
  // in the receiver's order, to *deliveries (when not null).
  void match(Findings* findings, std::vector<Delivery>* deliveries) const;

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

  void match_channel(int64_t sender, int64_t receiver, const Channel& channel, Findings* findings,
                     std::vector<Delivery>* deliveries) const;
  void report_unpaired_send(int64_t sender, int64_t receiver, const Sent& sent, Findings* findings) const;
  size_t index(int64_t sender, int64_t receiver) const {
    return static_cast<size_t>(sender * machines_ + receiver);
  }

  int64_t machines_;
  std::vector<std::string> paths_;
  std::vector<Channel> channels_;  // machines_ x machines_, by index()
};

}  // namespace lcstat
