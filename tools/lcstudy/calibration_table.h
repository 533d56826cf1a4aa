// A calibration's counts written out: calibration.csv (every tally, with its verdict against
// the target band, coverage_band.h) and the Markdown table (per figure the lowest and highest
// coverage over configurations and pairs, the band's sentence, the false differences). Pure
// functions of the counts.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "calibration.h"
#include "study.h"

namespace lc::study {

// Intervals stated, how many covered the truth, and the sums of their levels and widths.
struct CalibrationTally {
  int stated = 0, covered = 0, none = 0, told = 0;
  double levels = 0, widths = 0;
  double coverage() const;
};

// One configuration's medians, or one pair's differences (median(configuration) -
// median(other)): a tally and a truth per figure.
struct CalibrationTallies {
  std::string configuration, other;  // other: "" for a median
  bool control = false;              // a configuration against its copy: a difference told is false
  std::vector<CalibrationTally> tally;
  std::vector<double> truth;
};

struct CalibrationCounts {
  std::vector<CalibrationTallies> medians, differences;
  std::vector<std::string> configs;    // the pool's labels
  std::vector<int> false_differences;  // control studies stating a difference, by configuration
  int studies_with_told = 0;
  size_t fewest_truth = 0;  // runs behind a study's truth, the fewest of any configuration
};

void write_calibration(const CalibrationCounts& counts, const CalibrationDesign& design,
                       const std::vector<RunFigure>& figures, std::string* table, std::string* csv);

}  // namespace lc::study
