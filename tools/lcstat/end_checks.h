// Checks across the machines of a run that need every log read: when each machine emptied
// its queue (its PENDING rows) against the run's end and the other machines' last ticks, and
// the ticks whose row left some of its draw's receivers out against when those were gone.
// Plain functions over MachineChecker's results.
#pragma once

#include <vector>

#include "findings.h"
#include "logical_clock/log/log_reader.h"
#include "logical_clock/log/run_ending.h"
#include "machine_checker.h"

namespace lc::lcstat {

void check_pending_instants(const std::vector<LogHeader>& headers, const std::vector<MachineChecker>& checkers,
                            const RunEnding& ending, Findings* findings);
void judge_draw_gaps(const std::vector<LogHeader>& headers, const std::vector<MachineChecker>& checkers,
                     const RunEnding& ending, Findings* findings);

}  // namespace lc::lcstat
