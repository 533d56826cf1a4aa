// MessageBook's network rules (message_book.h): each message against the delay its channel
// drew and the partitions that cut it, and a channel's undelivered messages against the
// partition that held them at the run's end.
#include <algorithm>
#include <cstdint>

#include "logical_clock/base/decimal.h"
#include "logical_clock/log/log_format.h"
#include "message_book.h"

namespace lc::lcstat {

std::vector<int64_t> MessageBook::channel_draws(int64_t sender, int64_t receiver, size_t count) const {
  if (delays_.empty()) return {};
  return delays_[static_cast<size_t>(sender)].first_ns(static_cast<int>(receiver), count);
}

// A stamp of S us stands for an instant in [S us - 500 ns, S us + 500 ns): the bounds below take
// the widest reading. Partitions only ever move an instant later (to a heal), so holding both
// bounds keeps them bounds.
void MessageBook::check_delay(int64_t sender, int64_t receiver, const Sent& sent, size_t index, int64_t delay_ns,
                              const Arrived& a, int64_t previous_arrival_us, int64_t exact_ns,
                              Findings* findings) const {
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
  if (a.arrival_us + slack_us(sender, receiver) < rounded_us(earliest_ns)) {
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
  if (exact_ns >= 0) {
    if (a.arrival_us == rounded_us(exact_ns)) return;
    const bool early = a.arrival_us < rounded_us(exact_ns);
    findings->add(early ? Rule::kArrivalBeforeDelay : Rule::kArrivalAfterDelay, rpath, a.line,
                  head() + (early ? "earlier" : "later") + " than " + drawn() + ", the channel's previous arrival" +
                      (partitions_.empty() ? "" : " and the partitions") + " allow in a simulated run: from its tick at " +
                      std::to_string(tick_ns(sender, sent.model_us)) + " ns, it arrives at " + std::to_string(exact_ns) + " ns, model_time " +
                      micros_text(rounded_us(exact_ns)));
    return;
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


// At one instant the simulation handles arrivals before ticks, and ticks by machine id: a
// message delivered at a tick's instant is in that tick's queue, unless a tick at that instant
// sent it (without delay) after the receiver's own had run, its sender's id being higher.
void MessageBook::check_queued_at_ticks(int64_t sender, int64_t receiver, int64_t send_ns, const Arrived& a,
                                        const Ticks& ticks, int64_t exact_ns, Findings* findings) const {
  if (a.arrival_us != rounded_us(exact_ns)) return;  // the delay rules have spoken
  auto queued_at = [&](int64_t tick_ns) {
    return exact_ns < tick_ns || (exact_ns == tick_ns && !(send_ns == tick_ns && sender > receiver));
  };
  const bool late = ticks.queued_by_ns != INT64_MAX && !queued_at(ticks.queued_by_ns);
  const bool early = ticks.unqueued_at_ns != INT64_MIN && queued_at(ticks.unqueued_at_ns);
  if (!late && !early) return;
  findings->add(Rule::kQueueArrivals, paths_[static_cast<size_t>(receiver)], a.line,
                std::string(a.pending ? "PENDING" : "RECV") + " from " + machine_text(sender) + " with msg_clock " +
                    std::to_string(a.clock) + ": the simulated network delivers it at " + std::to_string(exact_ns) +
                    " ns, " + (late ? "after" : "at or before") + " the tick at " +
                    std::to_string(late ? ticks.queued_by_ns : ticks.unqueued_at_ns) + " ns, whose queue column counts it as " +
                    (late ? "queued" : "not queued yet") + " (at one instant arrivals come before ticks, ticks by id)");
}

int64_t MessageBook::tick_ns(int64_t machine, int64_t model_us) const {
  const auto m = static_cast<size_t>(machine);
  if (m >= rate_micro_.size() || rate_micro_[m] <= 0) return -1;
  const __int128 rate = rate_micro_[m], per_second = __int128{1'000'000} * 1'000'000 * 1000;
  const auto k = static_cast<int64_t>(static_cast<__int128>(model_us) * rate / (per_second / 1000));
  for (int64_t c = std::max<int64_t>(1, k - 1); c <= k + 1; ++c) {
    const auto ns = static_cast<int64_t>((static_cast<__int128>(c) * per_second + rate - 1) / rate);
    if (rounded_us(ns) == model_us) return ns;
  }
  return -1;
}

// The simulated network delivers a channel's k-th message at its SEND's tick instant plus the
// channel's k-th draw, or at its previous arrival if later (FIFO), held by a partition cutting
// the channel then (SimNetwork::arrival_ns): all known from the sends, whatever arrived.
std::vector<int64_t> MessageBook::exact_arrivals(int64_t sender, int64_t receiver, const Channel& channel,
                                                 const std::vector<int64_t>& draws) const {
  std::vector<int64_t> out;
  if (!exact_delays_ || draws.size() != channel.sent.size()) return out;
  out.reserve(draws.size());
  int64_t last = 0;
  for (size_t i = 0; i < draws.size(); ++i) {
    const int64_t sent_ns = tick_ns(sender, channel.sent[i].model_us);
    if (sent_ns < 0) return {};  // a tick off its instant: the tick schedule has spoken
    last = std::max(sent_ns + draws[i], last);
    if (!partitions_.empty()) last = partitions_.held_until_ns(static_cast<int>(sender), static_cast<int>(receiver), last);
    out.push_back(last);
  }
  return out;
}

// A run that was not stopped ends at its duration, exactly: both engines let go of what a
// partition still holds at that instant (the simulation after what arrives then). A real
// machine that left on a SIGTERM of its own ends its run at the instant it read then,
// stopped_<id> (or the duration, if later). A stop is known within bounds: a simulated one at
// an instant its microsecond rounds from; a real machine reads its own stop after the run's,
// at any instant up to the duration.
MessageBook::EndWindow MessageBook::end_window(int64_t sender, const LossAccount& account) const {
  EndWindow w;
  const int64_t end_ns = account.end_us * 1000, duration_ns = account.duration_us * 1000;
  const int64_t own_us = !exact_delays_ && static_cast<size_t>(sender) < account.own_stop_us.size()
                             ? account.own_stop_us[static_cast<size_t>(sender)]
                             : -1;
  if (own_us >= 0) {
    w.low_ns = w.high_ns = std::min(own_us, account.duration_us) * 1000;
    w.probes = {w.low_ns};
    w.what = "when machine " + std::to_string(sender) + " ended its run (stopped_" + std::to_string(sender) + "=" +
             micros_text(own_us) + ")";
  } else if (!account.stopped) {
    w.low_ns = w.high_ns = end_ns;
    w.probes = {end_ns};
    w.what = "at the run's end (" + micros_text(account.end_us) + ")";
  } else if (exact_delays_) {
    w.low_ns = end_ns - 500;
    w.high_ns = end_ns + 499;
    w.probes = {end_ns - 500, end_ns};
    w.what = "at the run's end (" + micros_text(account.end_us) + ")";
  } else {
    w.low_ns = end_ns;
    w.high_ns = duration_ns;
    w.probes = {end_ns};
    for (const Partition& p : partitions_.list())
      for (const int64_t t : {p.from_ns(), p.to_ns()})
        if (t > end_ns && t <= duration_ns) w.probes.push_back(t);
    w.what = "at any instant from the run's stop (" + micros_text(account.end_us) + ") to its duration (" +
             micros_text(account.duration_us) + ")";
  }
  return w;
}

// undelivered_cause_<from>_<to>=partition GROUPS@FROM-TO names one of `causes`.
void MessageBook::check_cause(int64_t sender, int64_t receiver, const ChannelClaim& claim, const EndWindow& end,
                              const std::vector<int>& causes, const LossAccount& account, Findings* findings) const {
  const auto s = static_cast<int>(sender), r = static_cast<int>(receiver);
  const std::string named = claim.undelivered_cause.substr(std::min(claim.undelivered_cause.size(), run_key::kPartitionCause.size()));
  const std::vector<Partition>& list = partitions_.list();
  for (const int p : causes)
    if (list[static_cast<size_t>(p)].text() == named) return;
  std::string why;
  bool given = false, cuts = false, cuts_then = false;
  for (const Partition& p : list) {
    if (p.text() != named) continue;
    given = true;
    cuts = cuts || p.cuts(s, r);
    for (const int64_t t : end.probes) cuts_then = cuts_then || p.cuts_at(s, r, t);
  }
  const std::string channel = channel_text(sender, receiver);
  if (!given) {
    why = "not a partition of the run (its logs' partitions=" + partitions_.text() + ")";
  } else if (!cuts) {
    why = "it does not cut channel " + channel + " (machines " + std::to_string(sender) + " and " +
          std::to_string(receiver) + " are in one of its groups)";
  } else if (!cuts_then) {
    why = "it does not cut channel " + channel + " " + end.what;
  } else {
    why = "not the first partition given that cuts channel " + channel + " " + end.what + ": partition " +
          list[static_cast<size_t>(causes.front())].text() + " is";
  }
  findings->add(Rule::kUndelivered, account.run_file, claim.undelivered_cause_line,
                key_text("undelivered_cause", sender, receiver) + "=" + claim.undelivered_cause + ": " + why);
}

void MessageBook::check_undelivered(int64_t sender, int64_t receiver, const Channel& channel,
                                    const std::vector<int64_t>& draws, size_t first,
                                    const std::vector<int64_t>& paired_arrival_us, const ChannelClaim& claim,
                                    const LossAccount& account, Findings* findings) const {
  const auto s = static_cast<int>(sender), r = static_cast<int>(receiver);
  const std::string key = key_text("undelivered", sender, receiver);
  const EndWindow end = end_window(sender, account);
  // The partitions the engines can have named as the cause: the first given that cuts the
  // channel at an instant the end can be.
  std::vector<int> causes;
  for (const int64_t t : end.probes)
    if (const int p = partitions_.cutting(s, r, t); p >= 0 && std::find(causes.begin(), causes.end(), p) == causes.end())
      causes.push_back(p);
  if (causes.empty()) {
    findings->add(Rule::kUndelivered, account.run_file, claim.undelivered_line,
                  key + "=" + std::to_string(claim.undelivered) + ": no partition cut channel " +
                      channel_text(sender, receiver) + " " + end.what +
                      ", and only a partition open then leaves messages undelivered");
    return;
  }
  check_cause(sender, receiver, claim, end, causes, account, findings);
  // Only where nothing else is missing are the channel's missing messages all undelivered: each
  // was sent too late, or held too long, to arrive (or leave its sender) before the end. Its
  // latest instant: its SEND plus its delay, or its predecessor's, held by the partitions. At an
  // exact end, a simulated message due then arrives before the end; a real one is let go at
  // its instant in ns, which its microsecond stamps can put 500 ns either side.
  if (draws.empty() || claim.lost != 0 || claim.dropped != 0) return;
  const bool exact_end = exact_delays_ && end.low_ns == end.high_ns;
  const int64_t due_by_ns = exact_end ? end.low_ns : end.low_ns - 500;
  const std::vector<Sent>& sent = channel.sent;
  int64_t latest_ns = first > 0 ? paired_arrival_us[first - 1] * 1000 + 499 : INT64_MIN;
  for (size_t i = first; i < sent.size(); ++i) {
    latest_ns = partitions_.held_until_ns(s, r, std::max(latest_ns, sent[i].model_us * 1000 + 499 + draws[i]));
    if (exact_end ? latest_ns <= due_by_ns : latest_ns < due_by_ns) {
      findings->add(Rule::kUndelivered, paths_[static_cast<size_t>(sender)], sent[i].line,
                    "SEND to " + machine_text(receiver) + " with msg_clock " + std::to_string(sent[i].clock) +
                        ": counted in " + key + ", but its delay (and the partitions) let it arrive by " +
                        micros_text(rounded_us(latest_ns)) + ", before the run's end at " +
                        micros_text(rounded_us(end.low_ns)));
      return;
    }
  }
}


}  // namespace lc::lcstat
