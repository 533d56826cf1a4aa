#include "logical_clock/real/run_report.h"

#include <cstdio>
#include <cstring>

#include "logical_clock/base/decimal.h"
#include "logical_clock/real/run_dir.h"

namespace lc {

namespace {

// The rows of one log that deliver a message (RECV or PENDING); -1 when it cannot be read.
int64_t delivered_rows(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "re");
  if (!f) return -1;
  int64_t n = 0;
  char line[512];
  while (std::fgets(line, sizeof line, f)) {
    const char* event = std::strchr(line, ',');
    event = event ? std::strchr(event + 1, ',') : nullptr;
    if (event && (std::strncmp(event + 1, "RECV,", 5) == 0 || std::strncmp(event + 1, "PENDING,", 8) == 0))
      ++n;
  }
  std::fclose(f);
  return n;
}

void add_seconds(std::string* text, const std::string& key, int64_t micros) {
  *text += key + "=";
  append_micros(text, micros);
  *text += "\n";
}

}  // namespace

bool RunOutcome::failed() const {
  for (const std::string& f : failures)
    if (!f.empty()) return true;
  return false;
}

// A machine that failed took with it the messages sent to it that it had not logged yet: the
// senders' counts, less what they dropped themselves, less what its log shows it received.
void count_losses(const RunPlan& plan, const SharedStats& stats, RunOutcome* outcome) {
  const int n = plan.options.machines;
  outcome->lost_to.assign(static_cast<size_t>(n), 0);
  for (int x = 0; x < n; ++x) {
    if (outcome->failures[static_cast<size_t>(x)].empty()) continue;
    int64_t sent = 0;
    for (int s = 0; s < n; ++s) sent += stats.sent_to(s, x).load() - stats.dropped(s, x).load();
    const std::string log = plan.dir + "/" + log_file_name(x, plan.rates[static_cast<size_t>(x)]);
    const int64_t delivered = delivered_rows(log);
    if (delivered < 0) {
      std::fprintf(stderr, "logical_clock: cannot read %s to count its losses\n", log.c_str());
      continue;
    }
    outcome->lost_to[static_cast<size_t>(x)] = sent - delivered;
    if (sent > delivered)
      std::fprintf(stderr,
                   "logical_clock: %lld message(s) sent to machine %d were never logged by it "
                   "(lost to its failure)\n",
                   static_cast<long long>(sent - delivered), x);
  }
}

// run.txt records how the run ended, for readers that must tell a short log from a broken one.
Status write_run_file(const RunPlan& plan, const SharedStats& stats, const RunOutcome& outcome) {
  const int n = plan.options.machines;
  std::string text = "# logical_clock run\nstatus=";
  text += outcome.failed() ? "failed" : outcome.stopped_at_us >= 0 ? "stopped" : "complete";
  text += "\nmachines=" + std::to_string(n) + "\nseed=" + std::to_string(plan.seed) + "\n";
  if (outcome.stopped_at_us >= 0) add_seconds(&text, "stopped_at", outcome.stopped_at_us);
  bool forced = false;
  std::string failed;
  for (int i = 0; i < n; ++i) {
    forced = forced || stats[i].forced.load() != 0;
    // A machine stopped on its own (a SIGTERM that did not come through the parent).
    const int64_t at = stats[i].stopped_at_us.load();
    if (outcome.stopped_at_us < 0 && at >= 0) add_seconds(&text, "stopped_" + std::to_string(i), at);
    if (!outcome.failures[static_cast<size_t>(i)].empty())
      failed += (failed.empty() ? "" : ",") + std::to_string(i);
  }
  if (forced) text += "forced=1\n";
  if (!failed.empty()) text += "failed=" + failed + "\n";
  for (int x = 0; x < n; ++x)
    if (const int64_t lost = outcome.lost_to[static_cast<size_t>(x)]; lost > 0)
      text += "lost_to_" + std::to_string(x) + "=" + std::to_string(lost) + "\n";
  for (int from = 0; from < n; ++from)
    for (int to = 0; to < n; ++to)
      if (const int64_t d = stats.dropped(from, to).load(); d > 0)
        text += "dropped_" + std::to_string(from) + "_" + std::to_string(to) + "=" + std::to_string(d) + "\n";
  return write_file_atomically(plan.dir + "/run.txt", text);
}

void print_summary(const RunPlan& plan, const SharedStats& stats, const RunOutcome& outcome) {
  const Options& o = plan.options;
  std::printf("logical_clock: %d machines, seed %llu, speed %g, INTERNAL_MAX %d, %g model seconds\n",
              o.machines, static_cast<unsigned long long>(plan.seed), o.speed, o.internal_max,
              static_cast<double>(o.duration_us) / 1e6);
  if (outcome.stopped_at_us >= 0)
    std::printf("stopped by a signal at model time %.3f s\n", static_cast<double>(outcome.stopped_at_us) / 1e6);
  std::printf("%7s %6s %9s %9s %9s %9s %8s %12s %14s\n", "machine", "rate", "ticks", "internal",
              "sent", "received", "pending", "final clock", "largest queue");
  for (int i = 0; i < o.machines; ++i) {
    const MachineStats& m = stats[i];
    std::printf("%7d %6d %9lld %9lld %9lld %9lld %8lld %12lld %14lld%s\n", i,
                plan.rates[static_cast<size_t>(i)], static_cast<long long>(m.ticks.load()),
                static_cast<long long>(m.internal.load()), static_cast<long long>(m.sent.load()),
                static_cast<long long>(m.received.load()), static_cast<long long>(m.pending.load()),
                static_cast<long long>(m.clock.load()), static_cast<long long>(m.peak_queue.load()),
                outcome.failures[static_cast<size_t>(i)].empty() ? "" : "  FAILED");
  }
  std::printf("logs: %s/\n", plan.dir.c_str());
}

}  // namespace lc
