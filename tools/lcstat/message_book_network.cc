// MessageBook's network rules (message_book.h): each message against the delay its channel
// drew and the partitions that cut it, and a channel's undelivered messages against the
// partition that held them at the run's end.
#include <algorithm>
#include <cstdint>

#include "logical_clock/base/decimal.h"
#include "message_book.h"

namespace lc::lcstat {

namespace {

// Model time, in nanoseconds, to microseconds as the engines round it (half away from zero).
int64_t rounded_us(int64_t ns) { return ns >= 0 ? (ns + 500) / 1000 : -((-ns + 500) / 1000); }

}  // namespace

std::vector<int64_t> MessageBook::channel_draws(int64_t sender, int64_t receiver, size_t count) const {
  if (delays_.empty()) return {};
  return delays_[static_cast<size_t>(sender)].first_ns(static_cast<int>(receiver), count);
}

// A stamp of S us stands for an instant in [S us - 500 ns, S us + 500 ns): the bounds below take
// the widest reading. Partitions only ever move an instant later (to a heal), so holding both
// bounds keeps them bounds.
void MessageBook::check_delay(int64_t sender, int64_t receiver, const Sent& sent, size_t index, int64_t delay_ns,
                              const Arrived& a, int64_t previous_arrival_us, Findings* findings) const {
  const std::string& rpath = paths_[static_cast<size_t>(receiver)];
  const auto s = static_cast<int>(sender), r = static_cast<int>(receiver);
  auto head = [&] {
    return std::string(a.pending ? "PENDING" : "RECV") + " from " + machine_text(sender) + " with msg_clock " +
           std::to_string(a.clock) + ": arrived at " + micros_text(a.arrival_us) + ", ";
  };
  auto drawn = [&] {
    return "its SEND at model_time " + micros_text(sent.model_us) + " (" + paths_[static_cast<size_t>(sender)] + ":" +
           std::to_string(sent.line) + ") plus the delay drawn for message " + std::to_string(index + 1) +
           " of channel " + channel_text(sender, receiver) + " (" + std::to_string(delay_ns) + " ns)";
  };
  auto held = [&](int64_t ns) { return partitions_.empty() ? ns : partitions_.held_until_ns(s, r, ns); };
  const int64_t low_ns = sent.model_us * 1000 - 500 + delay_ns;
  const int64_t earliest_ns = held(low_ns);
  if (a.arrival_us < rounded_us(earliest_ns)) {
    const int p = partitions_.empty() ? -1 : partitions_.cutting(s, r, low_ns);
    if (p >= 0) {
      const Partition& cut = partitions_.list()[static_cast<size_t>(p)];
      findings->add(Rule::kPartitionArrival, rpath, a.line,
                    head() + "while partition " + cut.text() + " cut channel " + channel_text(sender, receiver) +
                        ": " + drawn() + " fell in it, so it waited for the heal at " + micros_text(rounded_us(earliest_ns)));
    } else {
      findings->add(Rule::kArrivalBeforeDelay, rpath, a.line, head() + "before " + drawn());
    }
    return;
  }
  if (!exact_delays_) return;
  if (!partitions_.empty()) {
    const int p = partitions_.cutting(s, r, a.arrival_us * 1000);
    // (A stamp at FROM may stand for an instant just before it.)
    if (p >= 0 && a.arrival_us * 1000 > partitions_.list()[static_cast<size_t>(p)].from_ns()) {
      findings->add(Rule::kPartitionArrival, rpath, a.line,
                    head() + "while partition " + partitions_.list()[static_cast<size_t>(p)].text() + " cut channel " +
                        channel_text(sender, receiver) + " (a simulated network holds what would arrive then until the heal)");
      return;
    }
  }
  if (previous_arrival_us == kUnknownArrival) return;
  int64_t high_ns = sent.model_us * 1000 + 499 + delay_ns;
  if (previous_arrival_us != kNoArrival) high_ns = std::max(high_ns, previous_arrival_us * 1000 + 499);
  if (a.arrival_us > rounded_us(held(high_ns))) {
    findings->add(Rule::kArrivalAfterDelay, rpath, a.line,
                  head() + "later than " + drawn() +
                      (previous_arrival_us != kNoArrival ? ", the channel's previous arrival" : "") +
                      (partitions_.empty() ? "" : " and the partitions") + " allow in a simulated run");
  }
}


void MessageBook::check_undelivered(int64_t sender, int64_t receiver, const Channel& channel,
                                    const std::vector<int64_t>& draws, size_t first,
                                    const std::vector<int64_t>& paired_arrival_us, const ChannelClaim& claim,
                                    const LossAccount& account, Findings* findings) const {
  const auto s = static_cast<int>(sender), r = static_cast<int>(receiver);
  const std::string key = key_text("undelivered", sender, receiver);
  // The end may stand for any instant its microsecond rounds from.
  // A real machine ends its run at its own stop, after the run's: any instant up to the
  // duration.
  int cut = -1;
  if (account.end_us >= 0) {
    cut = partitions_.cutting(s, r, account.end_us * 1000 - 500);
    if (cut < 0) cut = partitions_.cutting(s, r, account.end_us * 1000 + 499);
    for (size_t p = 0; cut < 0 && !exact_delays_ && p < partitions_.list().size(); ++p) {
      const Partition& q = partitions_.list()[p];
      if (q.cuts(s, r) && q.to_us() > account.end_us && q.from_us() <= account.duration_us) cut = static_cast<int>(p);
    }
  }
  if (cut < 0) {
    findings->add(Rule::kUndelivered, account.run_file, claim.undelivered_line,
                  key + "=" + std::to_string(claim.undelivered) + ": no partition cut channel " +
                      channel_text(sender, receiver) + " at the run's end (" + micros_text(account.end_us) +
                      "), and only a partition open then leaves messages undelivered");
    return;
  }
  // Only where nothing else is missing are the channel's missing messages all undelivered: each
  // was sent too late, or held too long, to arrive (or leave its sender) before the end. Its
  // latest instant: its SEND plus its delay, or its predecessor's, held by the partitions.
  if (draws.empty() || claim.lost != 0 || claim.dropped != 0) return;
  const std::vector<Sent>& sent = channel.sent;
  int64_t latest_ns = first > 0 ? paired_arrival_us[first - 1] * 1000 + 499 : INT64_MIN;
  for (size_t i = first; i < sent.size(); ++i) {
    latest_ns = partitions_.held_until_ns(s, r, std::max(latest_ns, sent[i].model_us * 1000 + 499 + draws[i]));
    if (latest_ns < account.end_us * 1000 - 500) {
      findings->add(Rule::kUndelivered, paths_[static_cast<size_t>(sender)], sent[i].line,
                    "SEND to " + machine_text(receiver) + " with msg_clock " + std::to_string(sent[i].clock) +
                        ": counted in " + key + ", but its delay (and the partitions) let it arrive by " +
                        micros_text(rounded_us(latest_ns)) + ", before the run's end at " + micros_text(account.end_us));
      return;
    }
  }
}


}  // namespace lc::lcstat
