#include <string>
#include <vector>

#include "logical_clock/base/decimal.h"
#include "logical_clock/cli/options.h"

namespace lc {

// Every option that shapes a run, in the form parse_options reads: the seed and the rates
// explicit, so that a machine's host draws nothing of its own.
std::vector<std::string> run_arguments(const Options& o) {
  std::vector<std::string> args = {"-n", std::to_string(o.machines), "-d", o.duration_text, "-x", o.speed_text,
                                   "-s", std::to_string(o.seed)};
  std::string rates;
  for (int r : machine_rates(o)) rates += (rates.empty() ? "" : ",") + std::to_string(r);
  args.insert(args.end(), {"-r", rates, "--latency", o.latency.text()});
  for (const Options::Link& l : o.links)
    args.insert(args.end(), {"--link", std::to_string(l.from) + "-" + std::to_string(l.to) + ":" + l.latency.text()});
  for (const Partition& p : o.partitions) args.insert(args.end(), {"--partition", p.text()});
  for (const ClockSkew& k : o.skews) args.insert(args.end(), {"--skew", std::to_string(k.machine) + ":" + micros_text(k.us)});
  if (o.vector) args.emplace_back("--vector");
  // INTERNAL_MAX is positional, after RATE_MAX (which --rates overrides).
  args.insert(args.end(), {std::to_string(o.rate_max), std::to_string(o.internal_max)});
  return args;
}

}  // namespace lc
