// run_supervisor: the parent process of a run. It fixes the plan (seed, rates, secret, ports,
// log directory), forks one process per machine before any thread exists, hands every machine
// the common start instant once all are connected, turns SIGINT/SIGTERM into one SIGTERM per
// machine (a second one forces a fast end), reaps every child, and prints the closing table.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "logical_clock/base/fd.h"
#include "logical_clock/base/status.h"
#include "logical_clock/cli/options.h"
#include "logical_clock/cli/run_plan.h"
#include "logical_clock/real/control_channel.h"

namespace lc {

// How a run's machines come to be when they are not forked here: a cluster's coordinator
// accepts them from their hosts (cluster/coordinator.h). Their counters, logs and ends then
// come over their control connections (RemoteMachine), and a stop goes as a frame.
class MachineLauncher {
 public:
  virtual ~MachineLauncher() = default;
  // Fills the plan's network (each machine's address, the key) in place of loopback ports.
  virtual Status plan(RunPlan* plan) = 0;
  // Every machine's control connection, by id, each having said hello and been handed the
  // plan; where[i] names machine i's host in messages. Gives up once stopped() is true;
  // `wake_fd` is readable when it may have become so.
  virtual Status launch(const RunPlan& plan, int wake_fd, const std::function<bool()>& stopped,
                        std::vector<ControlChannel>* controls, std::vector<std::string>* where) = 0;
};

// Returns the exit status of the program: 0 complete; 1 a machine failed (named on stderr).
// With `remote`, the machines are on other hosts.
int run_supervisor(const Options& options, MachineLauncher* remote = nullptr);

}  // namespace lc
