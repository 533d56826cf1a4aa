#include "logical_clock/app/replay_command.h"

#include <cstdio>

#include "logical_clock/sim/replay.h"
#include "run_analysis.h"

namespace lc {

int run_replay(const Options& options) {
  const std::string& dir = options.replay_dir;
  // The rules across logs first: a replay takes each machine's arrivals as given, so logs
  // whose messages were never sent, or that a failed machine could not have sent, would each
  // replay alone.
  lcstat::RunResult checked;
  lcstat::AnalysisOptions analysis;  // checks only: no files written
  Status s = lcstat::analyse_run(dir, analysis, &checked);
  if (!s.is_ok()) {
    std::fprintf(stderr, "logical_clock: replay: %s\n", s.message().c_str());
    return 2;
  }
  if (checked.findings.total() > 0) {
    std::fprintf(stderr, "logical_clock: replay of %s: not a run of the model, by lcstat's rules (%s): %s\n", dir.c_str(),
                 checked.findings.tally().c_str(), checked.findings.shown().front().c_str());
    return 1;
  }
  ReplayResult result;
  s = replay_run(dir, &result);
  if (!s.is_ok()) {
    std::fprintf(stderr, "logical_clock: replay: %s\n", s.message().c_str());
    return 2;
  }
  if (!result.mismatch.empty()) {
    std::fprintf(stderr, "logical_clock: replay of %s differs from the model: %s\n", dir.c_str(), result.mismatch.c_str());
    return 1;
  }
  if (!options.quiet)
    std::printf("replay of %s: %d machines, %llu rows, every rule holds and every row is the model's (event, clock, "
                "queue, peers, msg_clock)\n",
                dir.c_str(), result.machines, static_cast<unsigned long long>(result.rows));
  return 0;
}

}  // namespace lc
