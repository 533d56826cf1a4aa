// A study as run_experiments.sh leaves it: its parameters (study.txt), one row per run
// (summary.csv) and one per machine of every run (machines.csv), read into configurations,
// runs and machines, with the figures the report compares. Columns are found by name, so CSVs
// with more columns still read; optional columns (invented_share) are used when present.
// Plain values; one owner.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "logical_clock/base/status.h"
#include "spread_median.h"

namespace lc::study {

// A configuration of the study, in the order run_experiments.sh ran them.
struct Config {
  std::string label;       // r6-k10, r1_3_6-k10, r6-k10-n5
  std::string rate_spec;   // RATE_MAX ("6") or fixed rates ("1,3,6")
  int internal_max = 0;
  int machines = 0;
  std::string sweep_value; // the swept key's value, for a sweep
  // For a sweep of the network (partition, latency_ms), what its value makes of the runs:
  // "partition of 10 s", "no partition", "delay 50 ms", "delay 50 ms on channel 0-1"; empty
  // otherwise.
  std::string network;
  int copy = 1;            // 2, 3, ...: the configuration given again, as a control
  bool fixed_rates() const { return rate_spec.find(',') != std::string::npos; }
  int rate_max() const;    // RATE_MAX, or the highest fixed rate
  // "RATE_MAX 6, INTERNAL_MAX 10" (", 5 machines" when not 3; ", partition of 10 s" in a sweep
  // of the network; " (copy 2)" for a control)
  std::string title() const;
};

// Per machine, the columns the report uses (lcstat's summary.csv, by machine).
enum MachineFigure {
  kJumpMean, kJumpMax, kRecvShare, kQueueMean, kQueueMax, kWaitMean, kPending, kClockRate, kGrowth,
  kPredRecvShare, kPredGrowth, kArrivalRate, kPredArrivalRate, kTicks,
  kGrowthSe,  // optional (lcstat before 1.1.0 has no growth_se): NaN when absent
  kReceived,  // optional: NaN when absent
  kMachineFigures
};
struct MachineFigureInfo {
  const char* column;  // in lcstat's summary.csv
  const char* name;    // for text: "mean jump"
  int decimals;
};
const MachineFigureInfo& machine_figure(int figure);

struct MachineRow {
  size_t config = 0;
  int run = 0;
  int machine = 0;
  double rate = 0;
  double rel_rate = 0;     // rate / the fastest rate of its run
  bool slowest = false;    // one of its run's machines with the lowest rate
  bool fastest = false;
  std::string pred_queue;  // the theory's regime: bounded, critical, grows (empty: none)
  double v[kMachineFigures] = {};
};

// What a figure's values are made of, for the spread its medians are of (spread_median.h): the
// grain of a run's value. A figure over a run's slowest or fastest machines is their mean, so
// its grain is divided by how many there are.
enum class Grain {
  kNone,         // not spread
  kWhole,        // whole numbers: 1
  kSixDecimals,  // as summary.csv gives them, to 6 decimals: the waits (seconds of whole
                 // microseconds) and the invented share (a share of pairs, rounded): 1e-6
  kPerSecond,    // whole numbers over the run's duration: 1 / duration
  kPerTick,      // whole numbers over the ticks (a mean jump, a share of the ticks): 1 / ticks
};

// The figures compared between configurations, one value per run.
struct RunFigure {
  const char* key;     // summary.csv column, or slow.<column> / fast.<column>
  const char* name;    // "mean jump of the slowest machine"
  int decimals;
  bool key_figure;     // in the findings and the overview
  Grain grain = Grain::kNone;
};
// The figures of every run, then the optional ones a study's summary.csv has: invented_share
// (lcstat 1.1.0 on), heal_jump_max (a sweep of a partition's length).
const std::vector<RunFigure>& run_figures(bool with_invented_share, bool with_heal_jump);

// Whether run figure `key` is over events (jumps, drift, queues, waits, the share of receives):
// lcstat gives it as 0 where no machine it is over ticked, which measures nothing; load_study
// leaves such a value out (NaN).
bool over_events(const std::string& key);
// Whether run figure `key` is over received messages (the queue waits): lcstat gives it as 0
// where none was received, which measures nothing either.
bool over_receives(const std::string& key);
// A run figure's range: from its least value (1 for a jump: every event moves a clock on by 1 or
// more; else 0) to its most (1 for a share; else unbounded).
double least_value(const std::string& key);
double most_value(const std::string& key);

struct RunRow {
  size_t config = 0;
  int run = 0;
  std::string run_dir;
  std::string seed;
  uint64_t seed_value = 0;
  std::string rates;
  std::vector<double> v;  // by run_figures()
  // By run_figures(): the grain of each value (spread_median.h), 0 for none; empty: none.
  std::vector<double> grain;
  double undelivered = 0; // messages a partition still held at the run's end (never delivered)
  double ticks = std::nan("");     // summary.csv's ticks (NaN without that column)
  double received = std::nan("");  // summary.csv's received (NaN without that column)
};

struct Study {
  // study.txt
  std::string seed = "0";
  uint64_t seed_value = 0;
  int runs = 0;
  std::string duration, speed, engine, command, sweep;
  // A sweep of a partition's length: the partition, GROUPS@FROM ("0|1,2@30"); of the delay of
  // one channel: that channel, F-T ("0-1"). Empty otherwise.
  std::string partition_at, sweep_link;
  int graphs = 0;
  int default_machines = 3;
  std::vector<Config> configs;
  bool has_invented_share = false;
  bool has_heal_jump = false;  // summary.csv has heal_jump_max (a partition sweep's)
  // A sweep of the network: a partition's length or a delay, which the theory has no term for.
  bool network_sweep() const { return sweep == "partition" || sweep == "latency_ms"; }
  const std::vector<RunFigure>& figures() const { return run_figures(has_invented_share, has_heal_jump); }
  std::vector<RunRow> runs_rows;
  std::vector<MachineRow> machine_rows;

  // The values of run figure f over the runs of configuration c.
  std::vector<double> values(size_t c, size_t f) const;
  // Run r's value of figure f as the cell of its grain (spread_median.h).
  Cell cell(const RunRow& r, size_t f) const;
  // The same, each spread over its grain by a draw from its run's seed (spread_median.h): what
  // the medians and their differences are of.
  std::vector<double> spread_values(size_t c, size_t f) const;
};

// Reads STUDY_DIR/study.txt, summary.csv and machines.csv, and refuses files that are not one
// study's: each configuration's runs 1 to runs= exactly once, each run's N machines exactly
// once at its rates, every figure a finite number in its range, each machine's and run's
// figures consistent with one another (docs/analysis.md, "The study's report"). An error names
// the file and line. A figure over events of a run whose machines it is over did not tick is
// NaN (over_events); the slowest or fastest machines' mean is over those that ticked.
Status load_study(const std::string& dir, Study* study);

}  // namespace lc::study
