#include "end_checks.h"

#include <algorithm>
#include <string>

#include "logical_clock/base/decimal.h"

namespace lc::lcstat {

// A machine empties its queue into PENDING rows once its run has ended: not before the
// duration (a machine waits for it after its last tick) or its stop, whichever is first (it
// reads its own stop, or gets the run's after the parent read it). In a run that nobody stopped,
// the end barrier lets no machine drain while another still ticks: not before any machine's
// last tick either, a failed one's aside (the run does not wait for the dead). Both less what
// the machines' own clocks may read apart (own_clock=1).
void check_pending_instants(const std::vector<LogHeader>& headers, const std::vector<MachineChecker>& checkers,
                            const RunEnding& ending, Findings* findings) {
  const bool nobody_stopped = ending.stopped_at_us < 0 && ending.machine_stops_us.empty();
  for (size_t r = 0; r < checkers.size(); ++r) {
    const int64_t at = checkers[r].pending_at_us();
    if (at < 0) continue;
    const LogHeader& h = headers[r];
    auto refuse = [&](int64_t bound, const std::string& why) {
      findings->add(Rule::kPendingOrder, h.path, checkers[r].pending_line(),
                    "PENDING rows at model_time " + micros_text(at) + ", before " + micros_text(bound) + ", " + why);
    };
    const int64_t stop = ending.stop_of(static_cast<int64_t>(r));
    const int64_t end = stop >= 0 ? std::min(stop, h.duration_us) : h.duration_us;
    if (at + h.model_slack_us() < end) {
      refuse(end, stop >= 0 && stop < h.duration_us ? "the machine's stop (run.txt): its queue is emptied after its run ends"
                                                    : "the run's duration: its queue is emptied after its run ends");
      continue;
    }
    if (!nobody_stopped) continue;
    for (size_t m = 0; m < checkers.size(); ++m) {
      if (m == r || ending.has_failed(static_cast<int64_t>(m))) continue;
      const int64_t tick = checkers[m].last_tick_us();
      if (at + h.model_slack_us() + headers[m].model_slack_us() >= tick) continue;
      refuse(tick, "the last tick of machine " + std::to_string(m) + " (" + headers[m].path +
                       "): no machine drains while another still ticks");
      break;
    }
  }
}

// A tick whose row leaves a machine out of its draw's send is right only if that machine may
// have been gone for it then: it had left (stopped_<j>: it reads that after its last tick,
// before its bye), or failed (not before its last logged row, which it logged alive), or the
// drawing machine had given its backlog or its link to it up (dropped_at_, link_down_), or the
// run was stopped (each machine leaves as the stop reaches it). Two machines' model times
// compare within their clocks' slack (own_clock=1).
void judge_draw_gaps(const std::vector<LogHeader>& headers, const std::vector<MachineChecker>& checkers,
                     const RunEnding& ending, Findings* findings) {
  for (size_t i = 0; i < checkers.size(); ++i) {
    const int64_t slack_i = headers[i].model_slack_us();
    for (const MachineChecker::DrawGap& gap : checkers[i].draw_gaps()) {
      for (const int64_t j : gap.left_out) {
        const auto jj = static_cast<size_t>(j);
        const int64_t seen_us = gap.model_us + slack_i + headers[jj].model_slack_us();
        bool gone = ending.stopped_at_us >= 0 && gap.model_us + slack_i >= ending.stopped_at_us;
        if (auto own = ending.machine_stops_us.find(j); own != ending.machine_stops_us.end())
          gone = gone || seen_us >= own->second;
        gone = gone || (ending.has_failed(j) && seen_us >= checkers[jj].last_row_us());
        if (auto it = ending.claims.find({static_cast<int64_t>(i), j}); it != ending.claims.end()) {
          const ChannelClaim& claim = it->second;
          gone = gone || (claim.dropped_at_line != 0 && gap.model_us >= claim.dropped_at_us) ||
                 (claim.link_down_line != 0 && gap.model_us >= claim.link_down_us);
        }
        if (gone) continue;
        findings->add(Rule::kDraw, headers[i].path, gap.line,
                      gap.what + ", and machine " + std::to_string(j) + " still took messages at model_time " +
                          micros_text(gap.model_us) + " (run.txt has it leave, fail or be given up only later, if at all)");
        break;
      }
    }
  }
}

}  // namespace lc::lcstat
