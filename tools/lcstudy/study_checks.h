// The limits a study's CSVs keep with one another, checked as load_study (study.h) reads them:
// a machine's figures among themselves, and summary.csv's runs against their machines in
// machines.csv. Input that breaks one would make the report contradict itself.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "logical_clock/base/status.h"
#include "study.h"

namespace lc::study {

using RunKey = std::pair<size_t, int>;  // configuration, run

// A number as an error message shows it; "run R of LABEL".
std::string number_text(double v);
std::string run_name(const Study& study, const RunKey& key);

// A run's ticks and messages received, summed over its machines (received NaN where
// machines.csv has no such column).
struct MachineSums {
  double ticks = 0;
  double received = 0;
};
std::map<RunKey, MachineSums> machine_sums(const Study& study);

// One machine's figures as machines.csv gives them; where: its file and line.
Status consistent_machine(const MachineRow& m, const std::string& where);

// Every run of run_at (its row in study.runs_rows) against its machines in study.machine_rows
// and their sums; path: summary.csv, for the message.
Status agree(const Study& study, const std::map<RunKey, size_t>& run_at, const std::map<RunKey, MachineSums>& sums,
             const std::string& path);

}  // namespace lc::study
