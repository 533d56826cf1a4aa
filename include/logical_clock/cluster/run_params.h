// The params frame's text: what a cluster's coordinator hands each machine's host, so that
// every host runs the same run. Lines, each ending in a newline:
//   run HEX16        the run's identity (RunPlan::run_id)
//   secret HEX16     the run's secret (every peer's hello carries it)
//   addresses HEX64  the cluster file's ClusterFile::addresses_digest(), so that a host whose
//                    file lists other addresses is told so, not left to fail connecting
//   arg TEXT         one per argument of run_arguments(options), in order
// Plain functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "logical_clock/base/status.h"
#include "logical_clock/cli/options.h"
#include "logical_clock/cli/run_plan.h"

namespace lc {

std::string params_text(const RunPlan& plan, const std::string& addresses);
// Reads a params text back: the options as parse_options reads their arguments, the run's
// identity and secret, the addresses' digest. The error names what is wrong.
Status parse_params(std::string_view text, Options* options, uint64_t* run_id, uint64_t* secret,
                    std::string* addresses);

}  // namespace lc
