#include "message_book.h"

#include <algorithm>
#include <numeric>

namespace lc::lcstat {

namespace {

std::string machine_text(int64_t id) { return "machine " + std::to_string(id); }

}  // namespace

MessageBook::MessageBook(std::vector<std::string> paths)
    : machines_(static_cast<int64_t>(paths.size())),
      paths_(std::move(paths)),
      channels_(static_cast<size_t>(machines_ * machines_)) {}

void MessageBook::record_send(int64_t sender, int64_t receiver, int64_t clock, int64_t model_us,
                              uint64_t line) {
  channels_[index(sender, receiver)].sent.push_back({clock, model_us, line});
}

void MessageBook::record_arrival(int64_t receiver, int64_t sender, int64_t clock, int64_t model_us,
                                 uint64_t line, bool pending) {
  channels_[index(sender, receiver)].arrived.push_back({clock, model_us, line, pending});
}

int64_t MessageBook::match(const LossAccount& account, Findings* findings, std::vector<Delivery>* deliveries) const {
  int64_t explained = 0;
  for (int64_t r = 0; r < machines_; ++r) {
    std::vector<Unpaired> unpaired;
    for (int64_t s = 0; s < machines_; ++s) {
      const Channel& channel = channels_[index(s, r)];
      if (!channel.sent.empty() || !channel.arrived.empty())
        match_channel(s, r, channel, account, findings, deliveries, &unpaired);
    }
    explained += settle_unpaired(r, unpaired, account, findings);
  }
  return explained;
}

void MessageBook::match_channel(int64_t sender, int64_t receiver, const Channel& channel,
                                const LossAccount& account, Findings* findings, std::vector<Delivery>* deliveries,
                                std::vector<Unpaired>* unpaired) const {
  const std::vector<Sent>& sent = channel.sent;
  // Sends by msg_clock (already so when the sender kept the clock rule), for lookup.
  std::vector<size_t> by_clock(sent.size());
  std::iota(by_clock.begin(), by_clock.end(), size_t{0});
  auto clock_less = [&sent](size_t a, size_t b) { return sent[a].clock < sent[b].clock; };
  if (!std::is_sorted(by_clock.begin(), by_clock.end(), clock_less))
    std::stable_sort(by_clock.begin(), by_clock.end(), clock_less);

  std::vector<uint64_t> paired_line(sent.size(), 0);  // receiver's line, 0 while unpaired
  const std::string& rpath = paths_[static_cast<size_t>(receiver)];
  size_t latest = 0;  // 1 + the highest send index paired so far
  for (const Arrived& a : channel.arrived) {
    auto head = [&a, sender] {  // only built for a violation
      return std::string(a.pending ? "PENDING" : "RECV") + " from " + machine_text(sender) + " with msg_clock " +
             std::to_string(a.clock);
    };
    auto first = std::lower_bound(by_clock.begin(), by_clock.end(), a.clock,
                                  [&sent](size_t i, int64_t c) { return sent[i].clock < c; });
    auto it = first;
    while (it != by_clock.end() && sent[*it].clock == a.clock && paired_line[*it] != 0) ++it;
    if (first == by_clock.end() || sent[*first].clock != a.clock) {
      // A failed sender's last rows can be missing from its log: a message stamped after its
      // last logged clock was sent by one of them.
      int64_t last_logged = account.failed_last_clock[static_cast<size_t>(sender)];
      if (last_logged >= 0 && a.clock > last_logged) continue;
      findings->add(Rule::kUnmatched, rpath, a.line,
                    head() + ": " + machine_text(sender) + " sent no such message to " + machine_text(receiver));
      continue;
    }
    if (it == by_clock.end() || sent[*it].clock != a.clock) {
      findings->add(Rule::kDuplicate, rpath, a.line,
                    head() + ": duplicate, the message was already taken at line " +
                        std::to_string(paired_line[*first]));
      continue;
    }
    size_t i = *it;
    paired_line[i] = a.line;
    if (i + 1 < latest) {
      findings->add(Rule::kReordered, rpath, a.line,
                    head() + ": out of FIFO order, " + machine_text(sender) +
                        " sent it before a message taken earlier (msg_clock " +
                        std::to_string(sent[latest - 1].clock) + ")");
    }
    latest = std::max(latest, i + 1);
    if (deliveries != nullptr)
      deliveries->push_back({sender, receiver, a.clock, sent[i].model_us, a.model_us, a.pending});
  }
  for (size_t i = 0; i < sent.size(); ++i) {
    if (paired_line[i] == 0) unpaired->push_back({sender, sent[i]});
  }
}

int64_t MessageBook::settle_unpaired(int64_t receiver, const std::vector<Unpaired>& unpaired,
                                     const LossAccount& account, Findings* findings) const {
  const auto missing = static_cast<int64_t>(unpaired.size());
  const int64_t expected = account.expected_lost[static_cast<size_t>(receiver)];
  if (account.forced || (missing > 0 && missing == expected)) return missing;
  const std::string& rpath = paths_[static_cast<size_t>(receiver)];
  std::string why = expected > 0 ? " (run.txt accounts for " + std::to_string(expected) + " lost message(s) to " +
                                       machine_text(receiver) + ", " + std::to_string(missing) + " are missing)"
                                 : "";
  for (const Unpaired& u : unpaired) {
    findings->add(Rule::kLost, paths_[static_cast<size_t>(u.sender)], u.sent.line,
                  "SEND to " + machine_text(receiver) + " with msg_clock " + std::to_string(u.sent.clock) +
                      ": lost, neither received nor pending in " + rpath + why);
  }
  if (missing == 0 && expected > 0) {
    findings->add(Rule::kLost, rpath, 1,
                  "run.txt says " + std::to_string(expected) + " message(s) to " + machine_text(receiver) +
                      " were lost, but every message sent to it is in its log");
  }
  return 0;
}

}  // namespace lc::lcstat
