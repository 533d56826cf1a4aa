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
  std::vector<uint16_t> ports;
  std::string dir;
};

}  // namespace lc
