// The study's report: REPORT.md (findings first, then the evidence), intervals.csv, and the data
// and gnuplot calls of its comparison graphs. Deterministic: the same study gives the same bytes (the
// bootstrap is seeded from the study's seed). docs/analysis.md, "The study's report".
#pragma once

#include <string>

#include "logical_clock/base/status.h"
#include "study.h"

namespace lc::study {

// Writes REPORT.md's text to `report_path` and, into `graph_dir` (created if missing), the
// graphs' data files (*.dat, study.gp: the configurations' titles) and plots.txt: one line per
// graph, "SCRIPT OUTPUT VARIABLES", for run_experiments.sh to hand to gnuplot (SCRIPT is a file
// of plot/, OUTPUT the graph's name in `graph_dir` without extension, VARIABLES gnuplot -e assignments),
// and to `intervals_path` every interval the report states, one CSV row each.
Status write_report(const Study& study, const std::string& report_path, const std::string& graph_dir,
                    const std::string& intervals_path);

}  // namespace lc::study
