// The report's statistics checked against known truth: from a pool of simulated runs per
// configuration (one study of many runs, as run_experiments.sh gathers it), the runs after the
// first truth_runs are cut into many independent small studies, each analysed exactly as its
// report would be (analysis.h); a study's truth (each figure's median, each pair's median
// difference) comes from every other run of the pool, those first runs included. Counted: how often each stated interval covers the truth, and how often a
// difference is stated between a configuration and a copy of itself (the control: its runs
// come from the same pool, apart from the other copy's).
#pragma once

#include <string>

#include "logical_clock/base/status.h"
#include "study.h"

namespace lc::study {

struct CalibrationDesign {
  int runs = 5;           // per configuration of each study
  int studies = 400;
  int truth_runs = 2000;  // the first runs of each configuration, in no study
  bool control = false;   // each study also has each configuration against a copy of itself
  // Each study's runs drawn from all of a configuration's runs, distinct within a study (each
  // one's spread drawn afresh, spread_median.h), the truth the pool's own: as many studies as
  // wanted, of the pool's runs taken as the population. truth_runs is not used.
  bool resample = false;
};

// The coverage table (Markdown) into *table and one row per figure and configuration or pair
// into *csv, each tally judged against 93% to 97% (calibration_table.h, coverage_band.h).
// Refuses a pool with too few runs for the design.
Status calibrate(const Study& pool, const CalibrationDesign& design, std::string* table, std::string* csv);

}  // namespace lc::study
