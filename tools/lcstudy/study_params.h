// load_params: study.txt, the study's parameters and configurations, read and checked: the
// first part of load_study (study.h), which reads the runs' CSVs against it.
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "logical_clock/base/status.h"
#include "study.h"

namespace lc::study {

// study.txt: key=value lines; a key other than config= at most once. index: each
// configuration's label to its place in study->configs.
Status load_params(const std::string& dir, Study* study, std::map<std::string, size_t>* index);

}  // namespace lc::study
