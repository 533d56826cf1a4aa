// What lcstat makes of a RunResult: the table on stdout, summary.csv and run_summary.csv, and
// the data files of the graphs (plotdata/). Column meanings are documented in docs/analysis.md.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "run_analysis.h"
#include "logical_clock/base/status.h"
#include "logical_clock/model/theory.h"

namespace lc::lcstat {

// Figures over all machines of a run (the "all" row of summary.csv, and run_summary.csv).
struct RunTotals {
  MachineSummary sum;  // counts summed, maxima over machines, final_clock the highest
  double clock_rate_min = 0;
  double clock_rate_max = 0;
};
RunTotals run_totals(const RunResult& result);

// The theory's forecast for the run's machines (model/theory.h), by machine id: empty when the
// run's INTERNAL_MAX is unknown or its parameters are outside the theory's.
std::vector<MachineForecast> run_forecast(const RunResult& result);

void print_table(const RunResult& result, std::FILE* out);
// summary.csv and run_summary.csv in `dir`.
Status write_summaries(const RunResult& result, const std::string& dir);
// jump_hist.dat, queue_hist.dat and messages.dat in `plot_dir`.
Status write_plot_data(const RunResult& result, const std::string& plot_dir);

}  // namespace lc::lcstat
