#include "logical_clock/cli/run_report.h"

#include <algorithm>
#include <cstdio>

#include "logical_clock/base/decimal.h"
#include "logical_clock/log/log_reader.h"
#include "logical_clock/log/log_format.h"

namespace lc {

namespace {

void put(std::string* text, std::string_view key, const std::string& value) {
  text->append(key);
  text->push_back('=');
  *text += value;
  text->push_back('\n');
}

std::string seconds(int64_t micros) {
  std::string text;
  append_micros(&text, micros);
  return text;
}

// Adds machine `id`'s log to the counts: messages it sent, by receiver, and messages it
// delivered (RECV or PENDING), by sender. A failed machine's log may end early, even in a torn
// row: its rows are counted up to there. False when a complete machine's log cannot be read.
bool count_log(const std::string& path, size_t n, bool failed, std::vector<int64_t>* sent,
               std::vector<int64_t>* delivered, size_t id) {
  LogReader reader;
  Status s = reader.open(path);
  Row row;
  for (bool done = false; s.is_ok();) {
    s = reader.next(&row, &done);
    if (!s.is_ok() || done) break;
    if (row.event == LogEvent::kSend) {
      for (int64_t to : row.peers)
        if (to >= 0 && static_cast<size_t>(to) < n) ++(*sent)[id * n + static_cast<size_t>(to)];
    } else if ((row.event == LogEvent::kReceive || row.event == LogEvent::kPending) && !row.peers.empty()) {
      const int64_t from = row.peers[0];
      if (from >= 0 && static_cast<size_t>(from) < n) ++(*delivered)[static_cast<size_t>(from) * n + id];
    }
  }
  if (s.is_ok() || failed) return true;
  std::fprintf(stderr, "logical_clock: cannot count the messages of %s: %s\n", path.c_str(), s.message().c_str());
  return false;
}

// Names on stderr the channels whose messages a partition still held at the end.
void name_undelivered(const RunPlan& plan, const RunOutcome& outcome) {
  const size_t n = static_cast<size_t>(plan.options.machines);
  int named = 0;
  for (size_t c = 0; c < outcome.undelivered.size(); ++c) {
    if (outcome.undelivered[c] == 0) continue;
    if (++named <= 10) {
      const Partition& p = plan.options.partitions[static_cast<size_t>(outcome.held_by[c])];
      std::fprintf(stderr,
                   "logical_clock: %lld message(s) from machine %zu to machine %zu never delivered (partition %s "
                   "still held them at the end)\n",
                   static_cast<long long>(outcome.undelivered[c]), c / n, c % n, p.text().c_str());
    }
  }
  if (named > 10)
    std::fprintf(stderr, "logical_clock: ... and %d more channels held undelivered messages (see run.txt)\n", named - 10);
}

}  // namespace

bool RunOutcome::failed() const {
  for (const std::string& f : failures)
    if (!f.empty()) return true;
  return false;
}

// The messages of a channel that its receiver's log does not show: its last ones (TCP keeps
// each channel in order, and every way of losing messages cuts a channel short), counted as
// sent minus delivered. The sender's own count of what it gave up, and the engine's of what a
// partition still held at the end, are trusted only up to that; what is left is lost.
void count_losses(const RunPlan& plan, RunOutcome* outcome) {
  const size_t n = static_cast<size_t>(plan.options.machines);
  outcome->dropped.resize(n * n, 0);
  outcome->lost.assign(n * n, 0);
  bool any_dropped = false;
  for (int64_t d : outcome->dropped) any_dropped = any_dropped || d > 0;
  for (int64_t at : outcome->link_down_at_us) any_dropped = any_dropped || at >= 0;
  if (!outcome->failed() && !outcome->forced && !any_dropped) {  // nothing could be lost
    name_undelivered(plan, *outcome);
    return;
  }

  std::vector<int64_t> sent(n * n, 0), delivered(n * n, 0);
  for (size_t i = 0; i < n; ++i) {
    const std::string path = plan.dir + "/" + log_file_name(static_cast<int>(i), plan.rates[i]);
    if (!count_log(path, n, !outcome->failures[i].empty(), &sent, &delivered, i)) return;
  }
  int named = 0;
  for (size_t from = 0; from < n; ++from) {
    for (size_t to = 0; to < n; ++to) {
      const size_t c = from * n + to;
      const int64_t missing = std::max<int64_t>(0, sent[c] - delivered[c]);
      outcome->dropped[c] = std::min(missing, outcome->dropped[c]);
      int64_t rest = missing - outcome->dropped[c];
      if (c < outcome->undelivered.size()) {
        // The held are the channel's last messages: only those of them in from's log count.
        int64_t held = outcome->undelivered[c];
        if (c < outcome->sent_on.size() && held > 0)
          held = std::min(held, std::max<int64_t>(0, sent[c] - (outcome->sent_on[c] - held)));
        outcome->undelivered[c] = std::min(rest, held);
        rest -= outcome->undelivered[c];
      }
      outcome->lost[c] = rest;
      if (outcome->lost[c] == 0) continue;
      const bool cut = c < outcome->link_down_at_us.size() && outcome->link_down_at_us[c] >= 0;
      const char* why = !outcome->failures[to].empty()     ? "lost to its failure"
                        : !outcome->failures[from].empty() ? "lost with the sender's failure"
                        : outcome->forced                  ? "in flight when the drain was cut short"
                        : cut                              ? "in flight when the network cut their link"
                                                           : "for no reason the run knows of";
      if (++named <= 10)
        std::fprintf(stderr, "logical_clock: %lld message(s) from machine %zu to machine %zu never reached its log (%s)\n",
                     static_cast<long long>(outcome->lost[c]), from, to, why);
    }
  }
  if (named > 10) std::fprintf(stderr, "logical_clock: ... and %d more channels lost messages (see run.txt)\n", named - 10);
  name_undelivered(plan, *outcome);
}

// run.txt records how the run ended, for readers that must tell a short log from a broken one.
std::string run_file_text(const RunPlan& plan, const RunOutcome& outcome) {
  namespace k = run_key;
  const int n = plan.options.machines;
  std::string text = "# logical_clock run\n";
  put(&text, k::kStatus, outcome.failed() ? "failed" : outcome.stopped_at_us >= 0 ? "stopped" : "complete");
  put(&text, k::kMachines, std::to_string(n));
  put(&text, k::kSeed, std::to_string(plan.seed));
  put(&text, k::kRun, run_id_text(plan.run_id));
  if (outcome.stopped_at_us >= 0) put(&text, k::kStoppedAt, seconds(outcome.stopped_at_us));
  std::string failed;
  for (int i = 0; i < n; ++i) {
    // A machine stopped on its own (a SIGTERM that did not come through the parent), also
    // before the parent was told to stop: its peers stopped sending to it from then on.
    const int64_t at = outcome.machines[static_cast<size_t>(i)].stopped_at_us;
    if (at >= 0 && (outcome.stopped_at_us < 0 || at < outcome.stopped_at_us))
      put(&text, std::string(k::kStoppedPrefix) + std::to_string(i), seconds(at));
    if (!outcome.failures[static_cast<size_t>(i)].empty())
      failed += (failed.empty() ? "" : ",") + std::to_string(i);
  }
  if (outcome.forced) put(&text, k::kForced, "1");
  if (!failed.empty()) put(&text, k::kFailed, failed);
  for (int i = 0; i < n; ++i) {
    if (outcome.failures[static_cast<size_t>(i)].empty()) continue;
    // Every engine says when (lcstat refuses a failed= without it).
    const int64_t at = static_cast<size_t>(i) < outcome.failed_at_us.size() ? outcome.failed_at_us[static_cast<size_t>(i)] : -1;
    if (at >= 0) put(&text, std::string(k::kFailedAtPrefix) + std::to_string(i), seconds(at));
  }
  const size_t machines = static_cast<size_t>(n);
  for (size_t c = 0; c < outcome.lost.size(); ++c) {
    const std::string channel = std::to_string(c / machines) + "_" + std::to_string(c % machines);
    if (outcome.lost[c] > 0) put(&text, std::string(k::kLostPrefix) + channel, std::to_string(outcome.lost[c]));
    if (outcome.dropped[c] > 0) {
      put(&text, std::string(k::kDroppedPrefix) + channel, std::to_string(outcome.dropped[c]));
      const int64_t at = c < outcome.dropped_at_us.size() ? outcome.dropped_at_us[c] : -1;
      if (at >= 0) put(&text, std::string(k::kDroppedAtPrefix) + channel, seconds(at));
    }
    if (c < outcome.link_down_at_us.size() && outcome.link_down_at_us[c] >= 0)
      put(&text, std::string(k::kLinkDownPrefix) + channel, seconds(outcome.link_down_at_us[c]));
    if (c < outcome.undelivered.size() && outcome.undelivered[c] > 0) {
      put(&text, std::string(k::kUndeliveredPrefix) + channel, std::to_string(outcome.undelivered[c]));
      const Partition& p = plan.options.partitions[static_cast<size_t>(outcome.held_by[c])];
      put(&text, std::string(k::kUndeliveredCausePrefix) + channel, std::string(k::kPartitionCause) + p.text());
    }
  }
  return text;
}

void print_summary(const RunPlan& plan, const RunOutcome& outcome) {
  const Options& o = plan.options;
  std::printf("logical_clock: %d machines, seed %llu, speed %g, INTERNAL_MAX %d, %g model seconds\n",
              o.machines, static_cast<unsigned long long>(plan.seed), o.speed, o.internal_max,
              static_cast<double>(o.duration_us) / 1e6);
  if (outcome.stopped_at_us >= 0)
    std::printf("stopped by a signal at model time %.3f s\n", static_cast<double>(outcome.stopped_at_us) / 1e6);
  std::printf("%7s %6s %9s %9s %9s %9s %8s %12s %14s\n", "machine", "rate", "ticks", "internal",
              "sent", "received", "pending", "final clock", "largest queue");
  for (int i = 0; i < o.machines; ++i) {
    const MachineTotals& m = outcome.machines[static_cast<size_t>(i)];
    std::printf("%7d %6d %9lld %9lld %9lld %9lld %8lld %12lld %14lld%s\n", i,
                plan.rates[static_cast<size_t>(i)], static_cast<long long>(m.ticks),
                static_cast<long long>(m.internal), static_cast<long long>(m.sent),
                static_cast<long long>(m.received), static_cast<long long>(m.pending),
                static_cast<long long>(m.clock), static_cast<long long>(m.peak_queue),
                outcome.failures[static_cast<size_t>(i)].empty() ? "" : "  FAILED");
  }
  std::printf("logs: %s/\n", plan.dir.c_str());
}

}  // namespace lc
