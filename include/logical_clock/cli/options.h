// Options: the command line of logical_clock, parsed and validated in full before anything
// is created, so that a bad command line writes no file. A plain value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "logical_clock/base/decimal.h"
#include "logical_clock/base/status.h"
#include "logical_clock/model/channel_delays.h"
#include "logical_clock/model/clock_skew.h"
#include "logical_clock/model/latency.h"
#include "logical_clock/model/partition.h"

namespace lc {

inline constexpr int kMaxMachines = 512;      // the real engine: a process and N - 1 sockets each
inline constexpr int kMaxSimMachines = 1000;  // the simulation engine (and lcstat's limit)
inline constexpr int kMaxRate = 1'000'000;
inline constexpr int64_t kMaxDurationUs = kMaxModelSecondsUs;  // 10^7 s
// The simulation engine's default delay per message: what the real engine measures on
// loopback (bench/README.md, "Latency on loopback": median 88 us, 10% 47 us, 90% 151 us).
inline constexpr char kDefaultLatency[] = "lognormal:100us:50us";
// kDefaultLatency, parsed.
Latency default_latency();

struct Options {
  enum class Engine { kReal, kSim };
  Engine engine = Engine::kReal;
  int rate_max = 6;
  int internal_max = 10;
  int machines = 3;
  int64_t duration_us = 60'000'000;
  std::string duration_text = "60";
  double speed = 1.0;
  std::string speed_text = "1";
  bool seed_given = false;
  uint64_t seed = 0;
  std::vector<int> rates;  // empty: drawn from the seed
  std::string out_dir;     // empty: a new runs/<UTC time>/
  struct Kill {
    int machine = 0;
    int64_t at_us = 0;  // model time
  };
  std::vector<Kill> kills;  // --kill ID@SECONDS, to provoke a crash on purpose
  // The simulation engine's network and clock (see README, "Engines").
  Latency latency = default_latency();
  bool latency_given = false;
  using Link = LinkLatency;
  std::vector<Link> links;  // --link FROM-TO:SPEC, overriding --latency on one channel
  // --partition GROUPS@FROM-TO, in the order given: channels between groups cut for a while
  std::vector<Partition> partitions;
  // --skew ID:SECONDS, in the order given, one per machine at most: that machine's system
  // clock reads so much off (both engines)
  std::vector<ClockSkew> skews;
  int64_t epoch_us = 0;     // Unix time that model time 0 stands for in system_time
  bool epoch_given = false;
  std::string replay_dir;   // --replay: the real run whose arrivals drive the simulation
  std::string new_key;      // --new-key: write a fresh cluster key to this file, and nothing else
  // A run over hosts (--cluster FILE): this host coordinates it (--coordinator; the file fixes
  // --machines), or runs some of its machines (--id I[,J...]; the run's options then come from
  // the coordinator, and only --out, --force and --quiet are this host's).
  std::string cluster;
  bool coordinator = false;
  std::vector<int> cluster_ids;
  bool speed_given = false;
  bool vector = false;  // --vector: every machine also keeps a vector clock, logged and sent
  bool force = false;
  bool quiet = false;
  bool help = false;
  bool version = false;
};

// Parses argv. An error Status names the problem in one line (without the program name).
Status parse_options(int argc, char* const argv[], Options* out);

// The options a cluster's coordinator hands its machines (the run's shape, seed and network),
// as a command line that parse_options reads back to the same run.
std::vector<std::string> run_arguments(const Options& options);

// The tick rate of each machine: --rates, or drawn uniformly from 1..RATE_MAX with the seed.
std::vector<int> machine_rates(const Options& options);

const char* usage_text();

}  // namespace lc
