#include "message_book.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

#include "logical_clock/base/decimal.h"
#include "logical_clock/log/event_log.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/log/numbers.h"
#include "tick_stamps.h"

namespace lc::lcstat {

std::string MessageBook::machine_text(int64_t id) { return "machine " + std::to_string(id); }

std::string MessageBook::channel_text(int64_t sender, int64_t receiver) {
  return std::to_string(sender) + "->" + std::to_string(receiver);
}

std::string MessageBook::key_text(const char* what, int64_t sender, int64_t receiver) {
  return std::string(what) + "_" + std::to_string(sender) + "_" + std::to_string(receiver);
}

MessageBook::MessageBook(std::vector<std::string> paths)
    : machines_(static_cast<int64_t>(paths.size())),
      paths_(std::move(paths)),
      channels_(static_cast<size_t>(machines_ * machines_)) {}

void MessageBook::record_send(int64_t sender, int64_t receiver, int64_t clock, int64_t model_us, uint64_t line) {
  channels_[index(sender, receiver)].sent.push_back({clock, model_us, line});
}

void MessageBook::record_arrival(int64_t receiver, int64_t sender, int64_t clock, int64_t model_us,
                                 int64_t arrival_us, uint64_t line, bool pending, int64_t queued_by_ns,
                                 int64_t unqueued_at_ns) {
  Channel& channel = channels_[index(sender, receiver)];
  channel.arrived.push_back({clock, model_us, arrival_us, line, pending});
  const bool tie = (queued_by_ns != INT64_MAX && rounded_us(queued_by_ns) == arrival_us) ||
                   (unqueued_at_ns != INT64_MIN && rounded_us(unqueued_at_ns) == arrival_us);
  if (exact_delays_ && tie) channel.tie_ticks.push_back({channel.arrived.size() - 1, {queued_by_ns, unqueued_at_ns}});
}

int64_t MessageBook::match(const LossAccount& account, Findings* findings, std::vector<Delivery>* deliveries) const {
  int64_t explained = 0;
  std::vector<uint64_t> paired_line;
  std::vector<int64_t> paired_arrival_us;
  std::vector<int64_t> missing_sent_us;  // into the current receiver, when it failed
  std::vector<std::vector<Unlogged>> unlogged(static_cast<size_t>(machines_));  // by sender
  std::vector<std::pair<int64_t, int64_t>> byes(exact_delays_ && !delays_.empty() ? channels_.size() : 0, {-1, -1});
  for (int64_t r = 0; r < machines_; ++r) {
    missing_sent_us.clear();
    for (int64_t s = 0; s < machines_; ++s) {
      const Channel& channel = channels_[index(s, r)];
      if (s == r || (channel.sent.empty() && channel.arrived.empty() && account.claims.count({s, r}) == 0))
        continue;
      // Two draws past the messages: the channel's end (check_pending_ends), drawn with them.
      std::vector<int64_t> draws = channel_draws(s, r, channel.sent.size() + 2);
      if (!draws.empty()) {
        if (!byes.empty()) byes[index(s, r)] = {draws[channel.sent.size()], draws[channel.sent.size() + 1]};
        draws.resize(channel.sent.size());
      }
      pair_channel(s, r, channel, draws, account, findings, deliveries, &paired_line, &paired_arrival_us,
                   &unlogged[static_cast<size_t>(s)]);
      explained += settle_missing(s, r, channel, draws, paired_line, paired_arrival_us, account, findings);
      for (size_t i = 0; i < channel.sent.size(); ++i)
        if (paired_line[i] == 0) missing_sent_us.push_back(channel.sent[i].model_us);
    }
    const auto rr = static_cast<size_t>(r);
    if (rr < account.unlogged_queue.size() && !account.unlogged_queue[rr].empty())
      check_unlogged_queue(r, missing_sent_us, account, findings);
  }
  for (int64_t s = 0; s < machines_; ++s)
    if (!unlogged[static_cast<size_t>(s)].empty()) check_unlogged_sends(s, std::move(unlogged[static_cast<size_t>(s)]), account, findings);
  check_pending_ends(account, byes, findings);
  return explained;
}

// Each unlogged tick that did not receive took the failed sender's next draw, so the sends
// its receivers show beyond its log (a clock each, in order) are sends its next draws name, in
// turn, each to those of the draw's receivers that show it (a death mid-send, or a lost or gone
// receiver, can leave some out; a draw whose every message vanished, or whose peers were gone,
// shows nothing). Every tick adds at least 1 to the clock, so the k-th draw after the log is
// taken by an unlogged tick whose clock is at least the last logged one plus k: a send stamped
// c took one of the first c - (last logged clock) draws, and of the ticks left. The earliest
// draw that names each one's receivers is taken: if any fits, that does. `sends` by clock;
// false after a violation.
bool MessageBook::unlogged_draws_agree(int64_t sender, const std::vector<Unlogged>& sends, DrawCheck draws,
                                       const LossAccount& account, Findings* findings) const {
  const auto s = static_cast<size_t>(sender);
  const int64_t left = std::max<int64_t>(0, account.due_ticks[s] - account.logged_ticks[s]);
  int64_t used = 0;
  for (size_t i = 0; i < sends.size();) {
    std::vector<int64_t> receivers;  // of the clock sends[i].clock
    size_t end = i;
    for (; end < sends.size() && sends[end].clock == sends[i].clock; ++end) receivers.push_back(sends[end].receiver);
    std::sort(receivers.begin(), receivers.end());
    receivers.erase(std::unique(receivers.begin(), receivers.end()), receivers.end());
    const int64_t within = std::min(left, sends[i].clock - account.failed_last_clock[s]);
    bool found = false;
    while (!found && used < within) {
      uint64_t v = 0;
      const std::vector<int64_t> named = draws.draw(&v);
      ++used;
      found = std::includes(named.begin(), named.end(), receivers.begin(), receivers.end());
    }
    if (!found) {
      const Unlogged& u = sends[i];
      findings->add(Rule::kDraw, paths_[static_cast<size_t>(u.receiver)], u.line,
                    "message from " + machine_text(sender) + " with msg_clock " + std::to_string(u.clock) +
                        ", not in its log: none of its first " + std::to_string(std::max<int64_t>(within, 0)) +
                        " draw(s) after its log (seed=" + std::to_string(draws.seed()) +
                        ", within its ticks left and the clock it stamped), after those its earlier unlogged " +
                        "messages took, sends to machine " + std::to_string(receivers.front()) +
                        (receivers.size() > 1 ? " and the others that show it" : ""));
      return false;
    }
    i = end;
  }
  return true;
}

int64_t MessageBook::unlogged_base(int64_t machine, const LossAccount& account) const {
  const auto m = static_cast<size_t>(machine);
  int64_t base = account.failed_last_clock[m];
  // Only what was sent by its last possible tick can have been taken by one of its ticks (a
  // sender on a clock of its own stamps within its slack of it).
  const int64_t until = m < account.last_possible_tick_us.size() ? account.last_possible_tick_us[m] : -1;
  for (int64_t s = 0; s < machines_; ++s) {
    if (s == machine) continue;
    const int64_t slack = slack_us_.empty() ? 0 : slack_us_[static_cast<size_t>(s)];
    for (const Sent& sent : channels_[index(s, machine)].sent)
      if (until < 0 || sent.model_us <= until + slack) base = std::max(base, sent.clock);
  }
  return base;
}

// A real machine writes its rows when one comes kFlushIntervalNs (real time) or more after its
// last write (EventLog, stamped with its tick's instant): the row its log ends at was such a
// row, or the first (written at once). Every tick after it came within that interval of it, but
// for the last, whose own write may have failed (the machine stops then); so its ticks that sent
// all but the last of the clocks beyond its log ran by then, each at or after the instant it was
// due. sends: the distinct clocks, in order (at least 2). On one host only: the run directory
// holds each machine's own file. A cluster's hosts stream their logs to it as they grow, and a
// host lost between two streams takes more rows with it.
bool MessageBook::unlogged_within_window(int64_t sender, const std::vector<Unlogged>& sends, const LossAccount& account,
                                         Findings* findings) const {
  const auto s = static_cast<size_t>(sender);
  const int64_t logged = account.logged_ticks[s];
  const auto count = static_cast<int64_t>(sends.size());
  auto where = [&](const Unlogged& u) {
    return "message from " + machine_text(sender) + " with msg_clock " + std::to_string(u.clock) + ", not in its log: ";
  };
  if (logged == 0) {  // the second clock
    const Unlogged& u = sends[1];
    findings->add(Rule::kUnmatched, paths_[static_cast<size_t>(u.receiver)], u.line,
                  where(u) + "a log's first row is written at once, so a log with no tick row lacks at most one tick, "
                  "and " + std::to_string(count) + " different clocks came from beyond it");
    return false;
  }
  const Unlogged& u = sends[static_cast<size_t>(count - 2)];
  // The window in model time, at the run's speed, rounded up; 1 us for the rounding of both ends.
  const double window = std::ceil(static_cast<double>(EventLog::kFlushIntervalNs) / 1000.0 * account.speed) + 1;
  const int64_t last = account.failed_last_tick_us[s];
  const int64_t by = window >= static_cast<double>(account.duration_us) ? account.duration_us
                                                                          : std::min(account.duration_us, last + static_cast<int64_t>(window));
  const __int128 product = static_cast<__int128>(account.rate_micro[s]) * by;
  const auto due = static_cast<int64_t>(product / (static_cast<__int128>(kMicrosPerSecond) * kMicrosPerSecond));
  if (logged + count - 1 <= due) return true;
  findings->add(Rule::kUnmatched, paths_[static_cast<size_t>(u.receiver)], u.line,
                where(u) + "sent by its tick " + std::to_string(logged + count - 1) +
                    " at the earliest, one of those after its last logged tick (" + micros_text(last) +
                    ") that are not its last; but a log is written whenever a row comes " +
                    std::to_string(EventLog::kFlushIntervalNs / 1'000'000) + " ms (real time) after the last write, "
                    "so those ticks came by " + micros_text(by) + ", when only " + std::to_string(due) + " were due");
  return false;
}

void MessageBook::check_unlogged_sends(int64_t sender, std::vector<Unlogged> sends, const LossAccount& account,
                                       Findings* findings) const {
  const auto s = static_cast<size_t>(sender);
  const int64_t logged = account.logged_ticks[s];
  const int64_t left = std::max<int64_t>(0, account.due_ticks[s] - logged);
  // Its unlogged ticks start from its last clock or a message sent to it. Other failed
  // machines' unlogged ticks may have passed it messages of their own: then every unlogged
  // event is at most the largest such start plus the number of unlogged events before it.
  int64_t base = unlogged_base(sender, account), others = 0;
  for (int64_t m = 0; m < machines_; ++m) {
    const auto mm = static_cast<size_t>(m);
    if (m == sender || !account.failed[mm] || account.due_ticks[mm] <= account.logged_ticks[mm]) continue;
    others += account.due_ticks[mm] - account.logged_ticks[mm];
    base = std::max(base, unlogged_base(m, account));
  }
  // One tick sends one clock, to one receiver or to all: the distinct clocks, each at its
  // earliest arrival, are the unlogged ticks that sent something, in order.
  std::sort(sends.begin(), sends.end(), [](const Unlogged& a, const Unlogged& b) {
    return a.clock != b.clock ? a.clock < b.clock : a.arrival_us < b.arrival_us;
  });
  const std::vector<Unlogged> every = sends;  // each receiver of each clock, for the draws
  sends.erase(std::unique(sends.begin(), sends.end(), [](const Unlogged& a, const Unlogged& b) { return a.clock == b.clock; }),
              sends.end());
  const auto count = static_cast<int64_t>(sends.size());
  const std::string who = machine_text(sender);
  const std::string ticks = who + "'s log holds " + std::to_string(logged) + " of the " +
                            std::to_string(account.due_ticks[s]) + " ticks due by the instant it failed (failed_at_" +
                            std::to_string(sender) + "), its own stop (stopped_" + std::to_string(sender) +
                            ") or the run's end";
  auto head = [&who](const Unlogged& u) {
    return "message from " + who + " with msg_clock " + std::to_string(u.clock) + ", not in its log";
  };
  if (count > left) {  // the first beyond the ticks left; the later ones only repeat it
    const Unlogged& u = sends[static_cast<size_t>(left)];
    findings->add(Rule::kUnmatched, paths_[static_cast<size_t>(u.receiver)], u.line,
                  head(u) + ": no tick was left to send it (" + ticks + "; its messages beyond its log carry " +
                      std::to_string(count) + " different clocks)");
    return;
  }
  if (account.local_logs && count >= 2 && !unlogged_within_window(sender, sends, account, findings)) return;
  for (int64_t j = 1; j <= count; ++j) {
    const Unlogged& u = sends[static_cast<size_t>(j - 1)];
    const std::string& rpath = paths_[static_cast<size_t>(u.receiver)];
    // Its j-th unlogged tick that sent, at the latest its (left - count + j)-th unlogged tick.
    const int64_t reach = base + others + (left - count + j);
    if (u.clock > reach) {
      findings->add(Rule::kUnmatched, rpath, u.line,
                    head(u) + ": beyond any clock its ticks can reach (at most " + std::to_string(reach) +
                        " for its message of the " + std::to_string(j) + (j == 1 ? "st" : j == 2 ? "nd" : j == 3 ? "rd" : "th") +
                        " clock beyond its log: its last logged clock " +
                        std::to_string(account.failed_last_clock[s]) + " or a msg_clock sent to it, plus " +
                        std::to_string(left - count + j) + " tick(s)" +
                        (others > 0 ? " and " + std::to_string(others) + " unlogged tick(s) of other failed machines" : "") +
                        ")");
      return;
    }
    // Sent by tick logged + j at the earliest, not before it was due: it arrived no earlier
    // than that tick's earliest stamp (model time rounds monotonically). An arrival before the
    // last logged tick is already reported.
    const int64_t arrival_us = u.arrival_us + slack_us(static_cast<int64_t>(s), u.receiver);
    if (arrival_us < account.failed_last_tick_us[s]) continue;
    const int64_t earliest_us = TickStamps(account.rate_micro[s], account.speed).earliest_us(logged + j);
    if (arrival_us < earliest_us) {
      findings->add(Rule::kArrivalBeforeSend, rpath, u.line,
                    head(u) + ": arrived at " + micros_text(u.arrival_us) + ", before tick " + std::to_string(logged + j) +
                        " of " + who + " can be stamped (" + micros_text(earliest_us) +
                        " at the earliest), the earliest tick that can have sent it");
      return;
    }
  }
  if (s < account.draws_after_log.size() && account.draws_after_log[s])
    (void)unlogged_draws_agree(sender, every, *account.draws_after_log[s], account, findings);
}

void MessageBook::pair_channel(int64_t sender, int64_t receiver, const Channel& channel,
                               const std::vector<int64_t>& draws, const LossAccount& account, Findings* findings,
                               std::vector<Delivery>* deliveries, std::vector<uint64_t>* paired_line,
                               std::vector<int64_t>* paired_arrival_us, std::vector<Unlogged>* unlogged) const {
  const std::vector<Sent>& sent = channel.sent;
  // Sends by msg_clock (already so when the sender kept the clock rule), for lookup.
  std::vector<size_t> by_clock(sent.size());
  std::iota(by_clock.begin(), by_clock.end(), size_t{0});
  auto clock_less = [&sent](size_t a, size_t b) { return sent[a].clock < sent[b].clock; };
  if (!std::is_sorted(by_clock.begin(), by_clock.end(), clock_less))
    std::stable_sort(by_clock.begin(), by_clock.end(), clock_less);

  paired_line->assign(sent.size(), 0);  // receiver's line, 0 while unpaired
  const std::string& rpath = paths_[static_cast<size_t>(receiver)];
  const std::string& spath = paths_[static_cast<size_t>(sender)];
  const auto s = static_cast<size_t>(sender);
  paired_arrival_us->assign(sent.size(), 0);
  const std::vector<int64_t> exact_ns = exact_arrivals(sender, receiver, channel, draws);
  size_t tie = 0;  // the next of channel.tie_ticks
  size_t previous = SIZE_MAX;   // the send index of the last arrival paired, and its arrival
  int64_t previous_arrival_us = 0;
  size_t latest = 0;            // 1 + the highest send index paired so far
  int64_t unlogged_clock = -1;  // the last arrival whose SEND row died with a failed sender
  uint64_t unlogged_line = 0;
  for (const Arrived& a : channel.arrived) {
    auto head = [&a, sender] {  // only built for a violation
      return std::string(a.pending ? "PENDING" : "RECV") + " from " + machine_text(sender) + " with msg_clock " +
             std::to_string(a.clock);
    };
    auto first = std::lower_bound(by_clock.begin(), by_clock.end(), a.clock,
                                  [&sent](size_t i, int64_t c) { return sent[i].clock < c; });
    auto it = first;
    while (it != by_clock.end() && sent[*it].clock == a.clock && (*paired_line)[*it] != 0) ++it;
    if (first == by_clock.end() || sent[*first].clock != a.clock) {
      // A failed sender's last rows can be missing from its log: a message stamped after its
      // last logged clock was sent after its last logged tick, and after every message it logged.
      if (account.failed[s] && a.clock > account.failed_last_clock[s]) {
        if (a.arrival_us + slack_us(sender, receiver) < account.failed_last_tick_us[s]) {
          findings->add(Rule::kArrivalBeforeSend, rpath, a.line,
                        head() + ": arrived at " + micros_text(a.arrival_us) + ", before the last tick " +
                            machine_text(sender) + " logged (model_time " +
                            micros_text(account.failed_last_tick_us[s]) + "), after which it was sent");
        }
        if (a.clock <= unlogged_clock) {
          const bool twice = a.clock == unlogged_clock;
          findings->add(twice ? Rule::kDuplicate : Rule::kReordered, rpath, a.line,
                        head() + (twice ? ": duplicate, the message was already taken at line "
                                        : ": out of FIFO order, after msg_clock " + std::to_string(unlogged_clock) +
                                              " taken at line ") +
                            std::to_string(unlogged_line) + " (both sent after the last row of " + spath + ")");
        } else {
          unlogged_clock = a.clock;
          unlogged_line = a.line;
        }
        unlogged->push_back({a.clock, a.arrival_us, receiver, a.line});
        continue;
      }
      findings->add(Rule::kUnmatched, rpath, a.line,
                    head() + ": " + machine_text(sender) + " sent no such message to " + machine_text(receiver));
      continue;
    }
    if (it == by_clock.end() || sent[*it].clock != a.clock) {
      findings->add(Rule::kDuplicate, rpath, a.line,
                    head() + ": duplicate, the message was already taken at line " +
                        std::to_string((*paired_line)[*first]));
      continue;
    }
    size_t i = *it;
    (*paired_line)[i] = a.line;
    (*paired_arrival_us)[i] = a.arrival_us;
    if (unlogged_clock >= 0) {
      findings->add(Rule::kReordered, rpath, a.line,
                    head() + ": out of FIFO order, taken after msg_clock " + std::to_string(unlogged_clock) +
                        " (line " + std::to_string(unlogged_line) + "), which " + machine_text(sender) +
                        " sent after its last logged row");
    } else if (i + 1 < latest) {
      findings->add(Rule::kReordered, rpath, a.line,
                    head() + ": out of FIFO order, " + machine_text(sender) +
                        " sent it before a message taken earlier (msg_clock " +
                        std::to_string(sent[latest - 1].clock) + ")");
    }
    if (a.arrival_us + slack_us(sender, receiver) < sent[i].model_us) {
      findings->add(Rule::kArrivalBeforeSend, rpath, a.line,
                    head() + ": arrived at " + micros_text(a.arrival_us) + " (model_time - queue_wait), before its SEND at model_time " +
                        micros_text(sent[i].model_us) + " (" + spath + ":" + std::to_string(sent[i].line) + ")" +
                        (slack_us(sender, receiver) > 0 ? " by more than the two clocks' uncertainty at the run's speed (" +
                                                              micros_text(slack_us(sender, receiver)) + " s)"
                                                        : ""));
    }
    if (!draws.empty()) {
      const bool fifo_known = previous != SIZE_MAX && previous + 1 == i;
      check_delay(sender, receiver, sent[i], i, draws[i], a,
                  fifo_known ? previous_arrival_us : previous == SIZE_MAX && i == 0 ? kNoArrival : kUnknownArrival,
                  exact_ns.empty() ? -1 : exact_ns[i], findings);
      const auto at = static_cast<size_t>(&a - channel.arrived.data());
      while (tie < channel.tie_ticks.size() && channel.tie_ticks[tie].first < at) ++tie;
      if (!exact_ns.empty() && tie < channel.tie_ticks.size() && channel.tie_ticks[tie].first == at)
        check_queued_at_ticks(sender, receiver, tick_ns(sender, sent[i].model_us), a, channel.tie_ticks[tie].second,
                              exact_ns[i], findings);
    }
    previous = i;
    previous_arrival_us = a.arrival_us;
    latest = std::max(latest, i + 1);
    if (deliveries != nullptr)
      deliveries->push_back({sender, receiver, a.clock, sent[i].model_us, a.model_us, a.pending});
  }
}

void MessageBook::check_unlogged_queue(int64_t receiver, std::vector<int64_t> missing_sent_us,
                                       const LossAccount& account, Findings* findings) const {
  const std::vector<QueueBounds::Held>& held = account.unlogged_queue[static_cast<size_t>(receiver)];
  std::sort(missing_sent_us.begin(), missing_sent_us.end());
  // Unlogged message k arrived by the bound of every message after it too (arrivals keep the
  // queue order): so messages 0..k all arrived, hence were sent, by the least of those bounds.
  int64_t by = std::numeric_limits<int64_t>::max();
  uint64_t line = 0;
  for (size_t i = held.size(); i-- > 0;) {
    if (held[i].at_most_us <= by) {
      by = held[i].at_most_us;
      line = held[i].line;
    }
    // A failed sender may have sent any number of messages its log lost, after its last tick.
    bool open = false;
    for (size_t s = 0; s < account.failed.size(); ++s)
      open = open || (account.failed[s] && static_cast<int64_t>(s) != receiver && account.failed_last_tick_us[s] <= by);
    if (open) continue;
    const int64_t needed = held[i].offset + 1;
    const auto sent_by = static_cast<int64_t>(
        std::upper_bound(missing_sent_us.begin(), missing_sent_us.end(), by) - missing_sent_us.begin());
    if (sent_by >= needed) continue;
    findings->add(Rule::kQueueArrivals, paths_[static_cast<size_t>(receiver)], line,
                  "the queue column counts " + std::to_string(needed) + " message(s) beyond the last one logged (" +
                      machine_text(receiver) + " failed) as arrived by model_time " + micros_text(by) + ", but only " +
                      std::to_string(sent_by) + " message(s) missing from this log were sent by then");
    return;  // one finding says it: the bounds before it only repeat it
  }
}

// A local link's end without its bye: `receiver` gave its backlog to `sender` up (dropped_)
// and closed that connection, by the instant `sender` saw it end (one host's clock).
bool MessageBook::closed_by_receiver(int64_t sender, int64_t receiver, const ChannelClaim& claim,
                                     const LossAccount& account) {
  auto reverse = account.claims.find({receiver, sender});
  return reverse != account.claims.end() && reverse->second.dropped_at_line != 0 &&
         reverse->second.dropped_at_us <= claim.link_down_us;
}

int64_t MessageBook::settle_missing(int64_t sender, int64_t receiver, const Channel& channel,
                                    const std::vector<int64_t>& draws, const std::vector<uint64_t>& paired_line,
                                    const std::vector<int64_t>& paired_arrival_us, const LossAccount& account,
                                    Findings* findings) const {
  const std::vector<Sent>& sent = channel.sent;
  const std::string& rpath = paths_[static_cast<size_t>(receiver)];
  const std::string& spath = paths_[static_cast<size_t>(sender)];
  const std::string name = channel_text(sender, receiver);
  // Sends before `end` are the channel's delivered part: one missing there is a hole.
  size_t end = sent.size();
  while (end > 0 && paired_line[end - 1] == 0) --end;
  int64_t missing = static_cast<int64_t>(sent.size() - end);
  uint64_t later_line = 0;  // the receiver's line of the next delivered send
  int64_t later_clock = 0;
  for (size_t i = end; i-- > 0;) {
    if (paired_line[i] != 0) {
      later_line = paired_line[i];
      later_clock = sent[i].clock;
      continue;
    }
    ++missing;
    findings->add(Rule::kLostMidChannel, spath, sent[i].line,
                  "SEND to " + machine_text(receiver) + " with msg_clock " + std::to_string(sent[i].clock) +
                      ": missing from " + rpath + ", which took msg_clock " + std::to_string(later_clock) +
                      " sent after it (line " + std::to_string(later_line) + "): lost from the middle of channel " +
                      name + " (a failure, a drop or a forced stop only cuts a channel's end)");
  }

  ChannelClaim claim;
  if (auto it = account.claims.find({sender, receiver}); it != account.claims.end()) claim = it->second;
  const auto s = static_cast<size_t>(sender), r = static_cast<size_t>(receiver);
  if (claim.lost > 0 && !account.failed[s] && !account.failed[r] && !account.forced && claim.link_down_line == 0) {
    findings->add(Rule::kLossWithoutCause, account.run_file, claim.lost_line,
                  key_text("lost", sender, receiver) + "=" + std::to_string(claim.lost) +
                      ": nothing could lose messages on channel " + name + " (neither machine " +
                      std::to_string(sender) + " nor " + std::to_string(receiver) + " failed, no forced=1, no " +
                      key_text("link_down", sender, receiver) + ")");
  } else if (claim.lost > 0 && account.simulated && !account.failed[r]) {
    // The simulation delivers everything a machine sent before it failed; only a failed
    // receiver loses what reaches it.
    findings->add(Rule::kLossWithoutCause, account.run_file, claim.lost_line,
                  key_text("lost", sender, receiver) + "=" + std::to_string(claim.lost) +
                      ": a simulated run loses messages only into a failed machine, and machine " +
                      std::to_string(receiver) + " did not fail");
  }
  if (claim.link_down_line != 0 && account.simulated) {
    findings->add(Rule::kLossWithoutCause, account.run_file, claim.link_down_line,
                  key_text("link_down", sender, receiver) + ": the simulation's links never die (engine=sim)");
  } else if (claim.link_down_line != 0 && account.one_host && !closed_by_receiver(sender, receiver, claim, account)) {
    // Only a cluster's links cross a network that can cut them (own_clock=1 on every log); on
    // one host a link ends without its bye only when the other end gave its own backlog up.
    findings->add(Rule::kLossWithoutCause, account.run_file, claim.link_down_line,
                  key_text("link_down", sender, receiver) + ": the machines of a local run (engine=real, no own_clock=1) " +
                      "talk over one host's loopback, which no network cuts, and machine " + std::to_string(receiver) +
                      " did not give its backlog to machine " + std::to_string(sender) + " up before (no " +
                      key_text("dropped_at", receiver, sender) + " by then)");
  } else if (claim.link_down_line != 0 && (account.failed[s] || account.failed[r] || account.forced)) {
    // The network's cut is told apart from every other end of a link: a failure of either
    // machine, or a drain cut short, takes the link down itself, and the run says so instead.
    findings->add(Rule::kLossWithoutCause, account.run_file, claim.link_down_line,
                  key_text("link_down", sender, receiver) + ": a link is named cut by the network only while both " +
                      "machines live on and the drain is not cut short, and " +
                      (account.forced ? std::string("the run says forced=1")
                                      : "machine " + std::to_string(account.failed[s] ? sender : receiver) + " failed"));
  } else if (claim.link_down_line != 0 && !sent.empty() && sent.back().model_us > claim.link_down_us) {
    // A link given up is the end of its channel: its sender sends on it no more.
    findings->add(Rule::kLossWithoutCause, spath, sent.back().line,
                  "SEND to " + machine_text(receiver) + " at model_time " + micros_text(sent.back().model_us) + ", after " +
                      machine_text(sender) + " gave its link to it up (" + key_text("link_down", sender, receiver) + "=" +
                      micros_text(claim.link_down_us) + "): nothing is sent on a channel after that");
  }
  if (claim.dropped > 0 && claim.dropped_at_us >= 0 && !sent.empty() && sent.back().model_us > claim.dropped_at_us) {
    // A give-up is the end of the channel: the send that passed the bound is its last.
    findings->add(Rule::kLossWithoutCause, spath, sent.back().line,
                  "SEND to " + machine_text(receiver) + " at model_time " + micros_text(sent.back().model_us) + ", after " +
                      machine_text(sender) + " gave its backlog to it up (" + key_text("dropped_at", sender, receiver) +
                      "=" + micros_text(claim.dropped_at_us) + "): nothing is sent on a channel after that");
  }
  if (claim.dropped > 0 && account.simulated) {
    findings->add(Rule::kLossWithoutCause, account.run_file, claim.dropped_line,
                  key_text("dropped", sender, receiver) + "=" + std::to_string(claim.dropped) +
                      ": the simulation never gives up a backlog (engine=sim)");
  } else if (claim.dropped > 0 && claim.dropped < account.min_dropped && !account.failed[s]) {
    // (A failed sender's log may lack the SEND rows of its last dropped messages, and the
    // count is capped at what the logs show missing.)
    findings->add(Rule::kLossWithoutCause, account.run_file, claim.dropped_line,
                  key_text("dropped", sender, receiver) + "=" + std::to_string(claim.dropped) +
                      ": a sender gives a backlog up only past " + std::to_string(kMaxBacklogBytes) +
                      " bytes, so a drop holds at least " + std::to_string(account.min_dropped) + " messages");
  }
  if (claim.undelivered > 0) check_undelivered(sender, receiver, channel, draws, end, paired_arrival_us, claim, account, findings);
  // undelivered_: what a partition still held at the run's end, missing at the channel's end as lost ones are.
  const int64_t claimed = claim.lost + claim.dropped + claim.undelivered;
  const int64_t suffix = static_cast<int64_t>(sent.size() - end);
  if (missing == claimed) return suffix;
  const std::string counts = "run.txt accounts for " + std::to_string(claimed) + " on channel " + name + " (" +
                             key_text("lost", sender, receiver) + "=" + std::to_string(claim.lost) + ", " +
                             key_text("dropped", sender, receiver) + "=" + std::to_string(claim.dropped) +
                             (claim.undelivered_line != 0 ? ", " + key_text("undelivered", sender, receiver) + "=" +
                                                                std::to_string(claim.undelivered)
                                                          : "") +
                             "), " + std::to_string(missing) + " are missing";
  if (missing > claimed) {
    for (size_t i = end; i < sent.size(); ++i) {
      findings->add(Rule::kLost, spath, sent[i].line,
                    "SEND to " + machine_text(receiver) + " with msg_clock " + std::to_string(sent[i].clock) +
                        ": lost, neither received nor pending in " + rpath + " (" + counts + ")");
    }
  } else {
    // (named by a key run.txt has: lost_, else dropped_, else undelivered_)
    const char* what = claim.lost_line != 0 ? "lost" : claim.dropped_line != 0 ? "dropped" : "undelivered";
    const size_t line = claim.lost_line != 0 ? claim.lost_line : claim.dropped_line != 0 ? claim.dropped_line : claim.undelivered_line;
    const int64_t count = claim.lost_line != 0 ? claim.lost : claim.dropped_line != 0 ? claim.dropped : claim.undelivered;
    findings->add(Rule::kLossCount, account.run_file, line,
                  key_text(what, sender, receiver) + "=" + std::to_string(count) + ": " + counts);
  }
  return 0;
}

}  // namespace lc::lcstat
