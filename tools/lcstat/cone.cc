#include "cone.h"

#include <algorithm>
#include <numeric>

#include "logical_clock/base/file_io.h"
#include "logical_clock/log/numbers.h"

namespace lc::lcstat {

namespace {

constexpr int64_t kAutomaticWindowUs = 5'000'000;

int kind_of(LogEvent event) {
  switch (event) {
    case LogEvent::kSend: return 1;
    case LogEvent::kReceive: return 2;
    default: return 0;
  }
}

const char* kind_name(int kind) {
  static const char* const kNames[] = {"INTERNAL", "SEND", "RECV"};
  return kNames[kind];
}

}  // namespace

Status resolve_cone(const std::vector<LogHeader>& headers, const RunEnding& ending, ConeRequest* request) {
  const auto n = static_cast<int64_t>(headers.size());
  if (request->automatic) {
    // The slowest machine (lowest rate, lowest id): its events have the smallest clocks, and
    // the most concurrent events with larger ones. A failed machine's log may end at any time
    // (before its first row even): the slowest of the others, unless every machine failed.
    const bool all_failed = static_cast<int64_t>(ending.failed_ids.size()) >= n;
    size_t slow = SIZE_MAX;
    for (size_t i = 0; i < headers.size(); ++i) {
      if (!all_failed && ending.has_failed(static_cast<int64_t>(i))) continue;
      if (slow == SIZE_MAX || headers[i].rate_micro < headers[slow].rate_micro) slow = i;
    }
    if (request->window_begin_us < 0) {
      // 0 to 5 s, or to the run's end or stop when it comes sooner.
      int64_t end = headers[0].duration_us;
      if (ending.stopped_at_us >= 0) end = std::min(end, ending.stopped_at_us);
      request->window_begin_us = 0;
      request->window_end_us = std::min(kAutomaticWindowUs, end);
    }
    const int64_t middle = (request->window_begin_us + request->window_end_us) / 2;
    // Tick k is due at k / rate: the tick nearest the middle.
    const __int128 micro2 = static_cast<__int128>(kMicrosPerSecond) * kMicrosPerSecond;
    const __int128 rate = headers[slow].rate_micro;
    __int128 k = (static_cast<__int128>(middle) * rate + micro2 / 2) / micro2;
    // A machine told to stop ticked only before its stop: its last tick due before it at most.
    const int64_t stop = ending.stop_of(static_cast<int64_t>(slow));
    if (stop > 0) k = std::min(k, (static_cast<__int128>(stop) * rate - 1) / micro2);
    request->machine = static_cast<int64_t>(slow);
    request->index = std::max<int64_t>(1, static_cast<int64_t>(k));
  }
  if (request->machine < 0 || request->machine >= n)
    return Status::error("--cone: there is no machine " + std::to_string(request->machine) +
                         " in this run (machines 0 to " + std::to_string(n - 1) + ")");
  if (request->index < 1) return Status::error("--cone: events are numbered from 1");
  return Status::ok();
}

ConeTracker::ConeTracker(const ConeRequest& request, LamportPairs* lamport)
    : request_(request), lamport_(lamport), begin_us_(request.window_begin_us), end_us_(request.window_end_us) {}

void ConeTracker::on_begin(const std::vector<LogHeader>& headers) {
  for (const LogHeader& h : headers) paths_.push_back(h.path);
}

void ConeTracker::on_event(const CausalEvent& event) {
  const Row& row = *event.row;
  const auto machine = static_cast<size_t>(request_.machine);
  Seen seen{row.model_us, static_cast<int64_t>(event.machine), event.index, row.clock, kind_of(row.event),
            event.vector[machine] >= request_.index};
  if (event.machine == machine) events_of_machine_ = event.index;
  if (event.machine == machine && event.index == request_.index) {
    found_ = true;
    seen.future = false;
    event_ = seen;
    vector_.assign(event.vector, event.vector + event.machines);
    lamport_->watch(machine, row.clock);
    if (begin_us_ < 0) {
      begin_us_ = std::max<int64_t>(0, row.model_us - kHalfWindowUs);
      end_us_ = row.model_us + kHalfWindowUs;
    }
    while (!seen_.empty() && seen_.front().model_us < begin_us_) seen_.pop_front();
    seen_.push_back(seen);
    return;
  }
  if (found_ && seen.future) ++future_;
  if (begin_us_ < 0) {  // the window centres on the event, not come yet: keep the last 2.5 s
    seen_.push_back(seen);
    while (seen_.front().model_us < row.model_us - kHalfWindowUs) seen_.pop_front();
    return;
  }
  if (row.model_us >= begin_us_ && row.model_us <= end_us_) seen_.push_back(seen);
}

Status ConeTracker::write(const std::string& path, int64_t run_events, bool exact) const {
  if (!found_) {
    return Status::error(paths_[static_cast<size_t>(request_.machine)] + ": --cone " +
                         std::to_string(request_.machine) + ":" + std::to_string(request_.index) + ": machine " +
                         std::to_string(request_.machine) + " has " + std::to_string(events_of_machine_) +
                         " event(s)");
  }
  if (path.empty()) return Status::ok();
  const int64_t past = std::accumulate(vector_.begin(), vector_.end(), int64_t{0}) - 1;
  int64_t earlier = 0, ties = 0;
  if (!lamport_->watched(&earlier, &ties)) exact = false;
  const int64_t smaller = earlier - past;
  const int64_t larger = run_events - 1 - past - future_ - smaller - ties;

  std::string text = "# cone event: machine " + std::to_string(event_.machine) + ", event " +
                     std::to_string(event_.index) + ", " + kind_name(event_.kind) + ", clock " +
                     std::to_string(event_.clock) + ", model time ";
  append_micros(&text, event_.model_us);
  text += " s\n# cone window: ";
  append_micros(&text, begin_us_);
  text.push_back(' ');
  append_micros(&text, end_us_);
  text += "\n# cone counts: events " + std::to_string(run_events) + " past " + std::to_string(past) + " future " +
          std::to_string(future_) + " smaller " + std::to_string(smaller) + " equal " + std::to_string(ties) +
          " larger " + std::to_string(larger) + " exact " + (exact ? "1" : "0") + "\n";
  text +=
      "# model_time machine clock class (0 the event, 1 causal past, 2 causal future, 3 concurrent with a "
      "smaller clock, 4 with the same clock, 5 with a larger clock) kind (0 internal, 1 send, 2 receive)\n";
  for (const Seen& s : seen_) {
    int cls;
    if (s.machine == event_.machine && s.index == event_.index) {
      cls = 0;
    } else if (s.index <= vector_[static_cast<size_t>(s.machine)]) {
      cls = 1;
    } else if (s.future) {
      cls = 2;
    } else {
      cls = s.clock < event_.clock ? 3 : s.clock == event_.clock ? 4 : 5;
    }
    append_micros(&text, s.model_us);
    text += " " + std::to_string(s.machine) + " " + std::to_string(s.clock) + " " + std::to_string(cls) + " " +
            std::to_string(s.kind) + "\n";
  }
  OutputFile file;
  Status st = file.open(path);
  if (!st.is_ok()) return st;
  file.append(text);
  return file.commit();
}

}  // namespace lc::lcstat
