// MessageBook's rule on when a simulated receiver empties its queue (message_book.h): the
// instant its PENDING rows carry is when its last channel ends, which the channels' draws fix.
#include <algorithm>
#include <cstdint>

#include "logical_clock/base/decimal.h"
#include "message_book.h"
#include "tick_stamps.h"

namespace lc::lcstat {

namespace {
// Microseconds whose nanoseconds, plus a draw, stay within int64_t (some 73 years).
constexpr int64_t kNsBound = INT64_MAX / 4000;
// The most messages beyond a failed sender's log that lcstat tries as held at the end, each a
// channel's end a draw later (beyond it, the end is not checked).
constexpr int64_t kMaxUnloggedHeld = 1'000'000;

// The instants, in ns, at which a simulated machine can have died, given failed_at_<id>
// (`killed_us`, the instant rounded to its microsecond): a kill (--kill, or a log that fails
// at the start or the end) at that microsecond exactly; a log that fails in a tick, at the
// tick's due instant, one of those that round to it.
void death_span_ns(int64_t killed_us, int64_t rate_micro, int64_t* low, int64_t* high) {
  *low = *high = killed_us * 1000;
  if (rate_micro <= 0) {  // no rate to place its ticks by: anywhere in the microsecond
    *low -= 500;
    *high += 499;
    return;
  }
  const TickStamps stamps(rate_micro, 1);
  const int64_t first = stamps.first_due_from(killed_us * 1000 - 500);
  const int64_t last = stamps.first_due_from(killed_us * 1000 + 500) - 1;
  if (first > last) return;
  *low = std::min(*low, stamps.due_ns(first));
  *high = std::max(*high, stamps.due_ns(last));
}
}  // namespace

// A simulated channel ends at its receiver with the last thing its sender sends on it, the
// channel's next draw after its messages (SimNetwork::arrival_ns): a live sender's bye, sent at
// the run's end; a dead sender's end, sent when it was killed (its failed_at_), and sent again
// at the run's end if a partition then cuts the channel and the first has not arrived, the
// channel ending with the first of the two. Each arrives at its instant plus its delay or after
// the channel's last arrival (FIFO), held by a partition that cuts the channel then, except one
// sent at the end on a channel cut then, which crosses the cut; so a dead sender's end sent
// behind messages a partition still held at the end arrives after them, as the cut heals or
// later, unless its end sent again comes first. Bounds in ns, the stamps' rounding included;
// false when they cannot be known.
bool MessageBook::channel_end_ns(int64_t s, int64_t r, const LossAccount& account,
                                 const std::vector<std::pair<int64_t, int64_t>>& byes, int64_t end_low_ns,
                                 int64_t end_high_ns, std::vector<std::pair<int64_t, int64_t>>* spans) const {
  const Channel& channel = channels_[index(s, r)];
  const auto si = static_cast<size_t>(s);
  const bool failed = si < account.failed.size() && account.failed[si];
  // Its messages: those logged, and a failed sender's unlogged ones that arrived here.
  size_t sent = channel.sent.size();
  int64_t last_low = INT64_MIN, last_high = INT64_MIN;  // the channel's last arrival
  for (const Arrived& a : channel.arrived) {
    last_low = std::max(last_low, a.arrival_us * 1000 - 500);
    last_high = std::max(last_high, a.arrival_us * 1000 + 499);
    if (failed && a.clock > account.failed_last_clock[si]) ++sent;
  }
  const auto from = static_cast<int>(s), to = static_cast<int>(r);
  auto held = [&](int64_t ns) { return partitions_.empty() ? ns : partitions_.held_until_ns(from, to, ns); };
  const bool cut_low = partitions_.cutting(from, to, end_low_ns) >= 0, cut_high = partitions_.cutting(from, to, end_high_ns) >= 0;
  // A failed sender's log lacks the ticks it ran after its last row (a log cut back by a
  // failed write; a kill in the microsecond a tick was due): beyond the messages of theirs that
  // arrived, up to one each on this channel that a partition still held at the end.
  int64_t beyond = 0;
  if (failed && (cut_low || cut_high)) {
    const int64_t unlogged_ticks = account.due_ticks[si] - account.logged_ticks[si];
    beyond = std::max<int64_t>(0, unlogged_ticks - static_cast<int64_t>(sent - channel.sent.size()));
  }
  if (beyond > kMaxUnloggedHeld) return false;
  auto claim = account.claims.find({s, r});
  const bool logged_held = claim != account.claims.end() && claim->second.undelivered > 0;
  // Clamped so that its nanoseconds cannot overflow (a failed_at of run.txt is any number).
  int64_t died_low = 0, died_high = 0;
  if (failed) {
    const int64_t killed_us = std::clamp<int64_t>(account.failed_at_us[si], -kNsBound, kNsBound);
    death_span_ns(killed_us, si < account.rate_micro.size() ? account.rate_micro[si] : 0, &died_low, &died_high);
  }
  // The draws: of the channel's messages, then after them (match()'s two where nothing else is
  // needed).
  std::vector<int64_t> draws;
  size_t base = 0;  // the index in `draws` of the draw after the channel's messages
  const std::pair<int64_t, int64_t> matched = byes.empty() ? std::pair<int64_t, int64_t>{-1, -1} : byes[index(s, r)];
  if (matched.first < 0 || sent != channel.sent.size() || beyond > 0 || logged_held) {
    draws = channel_draws(s, r, sent + static_cast<size_t>(beyond) + 2);
    base = sent;
  } else {
    draws = {matched.first, matched.second};
  }
  auto may_end = [&](int64_t low, int64_t high) { spans->emplace_back(low, high); };
  // The latest its logged messages held past the end can have arrived: FIFO, each held.
  int64_t held_high = last_high;
  if (logged_held) {
    const size_t count = std::min(static_cast<size_t>(claim->second.undelivered), channel.sent.size());
    for (size_t j = channel.sent.size() - count; j < channel.sent.size(); ++j)
      held_high = held(std::max(std::clamp<int64_t>(channel.sent[j].model_us, -kNsBound, kNsBound) * 1000 + 499 + draws[j], held_high));
  }
  // k of its messages held beyond its log: the first of them, sent by its death at the latest
  // and behind any of its logged ones held, must then still have been held at the end.
  const bool unlogged_held = beyond > 0 && held(std::max(died_high + draws[base], held_high)) > end_low_ns;
  int64_t behind_high = held_high;  // the latest the k messages beyond its log can have arrived
  for (size_t k = 0; k <= (unlogged_held ? static_cast<size_t>(beyond) : 0); ++k) {
    if (k > 0) behind_high = held(std::max(died_high + draws[base + k - 1], behind_high));
    const int64_t first = draws[base + k], second = draws[base + k + 1];
    // Sent at the end (a bye, or a dead sender's end again): crossing the cut, or held.
    const int64_t at_end_low = std::max(end_low_ns + first, last_low);
    const int64_t at_end_high = std::max(end_high_ns + first, last_high);
    if (!failed || died_high >= end_low_ns) {  // alive at the end: its bye
      if (cut_low || cut_high) may_end(at_end_low, at_end_high);
      if (!cut_low || !cut_high) may_end(held(at_end_low), held(at_end_high));
    }
    if (!failed || died_low > end_high_ns) continue;
    // Dead by the end: its end at its death, or, if that is held past the end, its end sent
    // again at the end, crossing the cut: whichever comes first.
    const int64_t again_low = std::max(end_low_ns + second, last_low);
    const int64_t again_high = std::max(end_high_ns + second, last_high);
    if (logged_held || k > 0) {
      // Behind messages held past the end: its end at death arrives after them, when the cut
      // no longer holds it, unless the one sent again comes first.
      if (!cut_low || !cut_high) return false;  // a stop within a microsecond of a heal
      const int64_t low = std::max(held(std::max(died_low + first, last_low)), held(end_low_ns));
      const int64_t high = held(std::max(died_high + first, behind_high));
      may_end(std::min(low, again_low), std::min(high, again_high));
      continue;
    }
    const int64_t low = held(std::max(died_low + first, last_low));
    const int64_t high = held(std::max(died_high + first, last_high));
    may_end((cut_low || cut_high) && high > end_low_ns ? std::min(low, again_low) : low,
            cut_low && cut_high ? std::min(high, again_high) : high);
  }
  return true;
}

// A simulated receiver empties its queue (its PENDING rows) at the end or when its last channel
// ends, whichever is later, within the microseconds' rounding (and a stop's: the end is then
// known to its microsecond). Each channel can end within spans of its own (one per number of
// messages its sender may have sent beyond its log, say): the instant is no earlier than each
// channel's earliest, and within one channel's span or the end's.
void MessageBook::check_pending_ends(const LossAccount& account, const std::vector<std::pair<int64_t, int64_t>>& byes,
                                     Findings* findings) const {
  if (!exact_delays_ || delays_.empty() || account.end_us < 0) return;
  const int64_t end_low_ns = account.end_us * 1000 - (account.stopped ? 500 : 0);
  const int64_t end_high_ns = account.end_us * 1000 + (account.stopped ? 499 : 0);
  std::vector<std::pair<int64_t, int64_t>> spans, channel;  // in us once rounded
  for (int64_t r = 0; r < machines_; ++r) {
    const auto rr = static_cast<size_t>(r);
    if (rr >= account.pending_at_us.size() || account.pending_at_us[rr] < 0 || account.failed[rr]) continue;
    // Not before the end itself: a receiver whose every sender died earlier runs its ticks to
    // the end, and empties its queue there.
    int64_t low_ns = end_low_ns, high_ns = end_high_ns;
    spans.assign(1, {rounded_us(end_low_ns), rounded_us(end_high_ns)});
    bool known = true;
    for (int64_t s = 0; s < machines_ && known; ++s) {
      if (s == r) continue;
      channel.clear();
      known = channel_end_ns(s, r, account, byes, end_low_ns, end_high_ns, &channel);
      if (channel.empty()) continue;
      int64_t earliest = INT64_MAX;
      for (const auto& [low, high] : channel) {
        earliest = std::min(earliest, low);
        high_ns = std::max(high_ns, high);
        spans.emplace_back(rounded_us(low), rounded_us(high));
      }
      low_ns = std::max(low_ns, earliest);
    }
    if (!known) continue;
    const int64_t at = account.pending_at_us[rr];
    const bool spanned = std::any_of(spans.begin(), spans.end(), [at](const auto& w) { return at >= w.first && at <= w.second; });
    if (at >= rounded_us(low_ns) && at <= rounded_us(high_ns) && spanned) continue;
    std::sort(spans.begin(), spans.end());
    size_t pieces = 0;  // the spans, merged where they touch, from the earliest instant on
    int64_t reach = INT64_MIN;
    for (const auto& [low, high] : spans) {
      if (high < rounded_us(low_ns)) continue;
      if (low > reach + 1) ++pieces;
      reach = std::max(reach, high);
    }
    findings->add(Rule::kPendingOrder, paths_[rr], account.pending_line[rr],
                  "PENDING rows at model_time " + micros_text(at) + ", but in a simulated run the queue is emptied at " +
                      "the end, or when the last channel into it ends after that (a bye, each its channel's next draw "
                      "after the end; a dead sender's end, after its death) " +
                      (account.stopped ? "(the stop at " : "(") + micros_text(account.end_us) + "), held as messages are: " +
                      (rounded_us(low_ns) == rounded_us(high_ns) ? "at " + micros_text(rounded_us(low_ns))
                                                                 : "from " + micros_text(rounded_us(low_ns)) + " to " +
                                                                       micros_text(rounded_us(high_ns))) +
                      (pieces > 1 ? " (within " + std::to_string(pieces) + " separate spans of that, none at this instant)" : ""));
  }
}

}  // namespace lc::lcstat
