// logical_clock: parses the command line and hands the run to the supervisor.
#include <cstdio>

#include "logical_clock/app/replay_command.h"
#include "logical_clock/cli/options.h"
#include "logical_clock/cluster/cluster_host.h"
#include "logical_clock/cluster/coordinator.h"
#include "logical_clock/cluster/cluster_key.h"
#include "logical_clock/cli/run_dir.h"
#include "logical_clock/real/supervisor.h"
#include "logical_clock/sim/sim_engine.h"

int main(int argc, char** argv) {
  lc::Options options;
  lc::Status s = lc::parse_options(argc, argv, &options);
  if (s.is_ok() && !options.help && !options.version && !options.out_dir.empty())
    s = lc::check_out_dir(options.out_dir, options.force);
  if (!s.is_ok()) {
    std::fprintf(stderr, "logical_clock: %s (see --help)\n", s.message().c_str());
    return 2;
  }
  if (options.help) {
    std::fputs(lc::usage_text(), stdout);
    return 0;
  }
  if (options.version) {
    std::printf("logical_clock %s\n", LC_VERSION);
    return 0;
  }
  if (!options.new_key.empty()) {
    s = lc::write_new_key(options.new_key);
    if (!s.is_ok()) {
      std::fprintf(stderr, "logical_clock: %s\n", s.message().c_str());
      return 1;
    }
    std::printf("a new key in %s (mode 0600): copy it to every host of the cluster over a channel you trust\n",
                options.new_key.c_str());
    return 0;
  }
  if (!options.replay_dir.empty()) return lc::run_replay(options);
  if (options.coordinator) return lc::run_coordinator(options);
  if (!options.cluster_ids.empty()) return lc::run_cluster_host(options);
  if (options.engine == lc::Options::Engine::kSim) return lc::run_sim(options);
  return lc::run_supervisor(options);
}
