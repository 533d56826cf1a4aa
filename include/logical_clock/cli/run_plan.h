// RunPlan: everything fixed before a run starts, whatever its engine: the options, each
// machine's rate, the seed, the log directory; and, for the real engine, the run's secret and
// the machines' listening ports. A plain value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "logical_clock/cli/options.h"

namespace lc {

struct RunPlan {
  Options options;
  std::vector<int> rates;
  uint64_t seed = 0;
  uint64_t secret = 0;
  // The run's identity, in every log's header and in run.txt, so that logs of two runs are
  // never taken for one (run_logs.h): drawn at random for a real run; for a simulated one, a
  // hash of everything that shapes it, so that the same options give the same bytes.
  uint64_t run_id = 0;
  std::vector<uint16_t> ports;
  std::string dir;
};

}  // namespace lc
