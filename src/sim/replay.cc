#include "logical_clock/sim/replay.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <utility>
#include <vector>

#include "logical_clock/base/decimal.h"
#include "logical_clock/base/file_io.h"
#include "logical_clock/cli/run_plan.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/log/log_reader.h"
#include "logical_clock/log/run_ending.h"
#include "logical_clock/log/run_logs.h"
#include "logical_clock/step/machine_step.h"

namespace lc {

namespace {

struct Shape {
  int machines = 0;
  uint64_t seed = 0;
  int internal_max = 0;
};

struct Arrival {
  int sender = 0;
  uint64_t clock = 0;
  int64_t arrival_us = 0;
};

// One machine's log, as found in the run's directory.
struct LogInfo {
  std::string path;
  int64_t last_tick_us = std::numeric_limits<int64_t>::min();  // none yet
  bool failed = false;
};

template <typename T>
bool parse_number(const std::string& text, T* out) {
  auto res = std::from_chars(text.data(), text.data() + text.size(), *out);
  return !text.empty() && res.ec == std::errc() && res.ptr == text.data() + text.size();
}

std::string peers_text(const std::vector<int>& peers) {
  std::string text;
  for (int p : peers) text += (text.empty() ? "" : ";") + std::to_string(p);
  return text.empty() ? "nobody" : text;
}

class MachineReplay {
 public:
  MachineReplay(const Shape& shape, const std::vector<LogInfo>& logs, const RunEnding& ending, int id)
      : shape_(shape), logs_(logs), ending_(ending), id_(id), step_(id, shape.machines, shape.internal_max, shape.seed),
        stopped_since_(static_cast<size_t>(shape.machines), 0) {}

  Status run(ReplayResult* result);

 private:
  Status read_arrivals();
  void check_tick(const Row& row);
  void check_pending(const Row& row);
  void differ(const Row& row, const std::string& what) {
    if (mismatch_.empty()) mismatch_ = logs_[static_cast<size_t>(id_)].path + ":" + std::to_string(row.line) + ": " + what;
  }

  // Whether a backlog was given up on the channel between this machine and `peer`, either
  // way, by model time p: the sender stops sending, and so does the receiver, which sees the
  // connection end (the give-up's instant is read before the close).
  bool gave_up(int peer, int64_t p) const {
    for (const auto& channel : {std::make_pair<int64_t, int64_t>(id_, peer), std::make_pair<int64_t, int64_t>(peer, id_)}) {
      auto it = ending_.claims.find(channel);
      if (it == ending_.claims.end()) continue;
      if (it->second.dropped > 0 && it->second.dropped_at_us <= p) return true;
      if (it->second.link_down_line != 0 && it->second.link_down_us <= p) return true;  // the network cut it
    }
    return false;
  }

  const Shape& shape_;
  const std::vector<LogInfo>& logs_;
  const RunEnding& ending_;
  int id_;
  MachineStep step_;
  std::vector<Arrival> arrivals_;      // in queue order
  std::vector<uint64_t> stopped_since_;  // per peer: the line from which it is no longer sent to
  size_t taken_ = 0;
  size_t lo_ = 0, hi_ = 0;  // first arrivals at or after, and after, the current tick
  std::vector<int> expected_;
  std::string mismatch_;
};

Status MachineReplay::read_arrivals() {
  const LogInfo& info = logs_[static_cast<size_t>(id_)];
  LogReader reader;
  Status s = reader.open(info.path, info.failed);
  Row row;
  for (bool done = false; s.is_ok();) {
    if (!(s = reader.next(&row, &done)).is_ok() || done) break;
    if ((row.event == LogEvent::kReceive || row.event == LogEvent::kPending) && !row.peers.empty())
      arrivals_.push_back(Arrival{static_cast<int>(row.peers[0]), static_cast<uint64_t>(row.msg_clock),
                                  row.model_us - row.wait_us});
  }
  return s;
}

void MachineReplay::check_tick(const Row& row) {
  const int64_t p = row.model_us;
  const bool failed = logs_[static_cast<size_t>(id_)].failed;
  while (lo_ < arrivals_.size() && arrivals_[lo_].arrival_us < p) ++lo_;
  while (hi_ < arrivals_.size() && arrivals_[hi_].arrival_us <= p) ++hi_;
  const int64_t surely = static_cast<int64_t>(std::max(lo_, taken_) - taken_);
  const int64_t maybe = static_cast<int64_t>(std::max(hi_, taken_) - taken_);
  const int64_t found = row.queue + (row.event == LogEvent::kReceive ? 1 : 0);
  if (found < surely || (!failed && found > maybe)) {
    differ(row, "the tick found " + std::to_string(found) + " message(s) in its queue, but by their arrival stamps " +
                    (surely == maybe ? std::to_string(surely) : std::to_string(surely) + " to " + std::to_string(maybe)) +
                    " were there");
  }
  const bool take = found > 0 && taken_ < arrivals_.size();
  MachineStep::Head head;
  if (take) head = MachineStep::Head{arrivals_[taken_].sender, arrivals_[taken_].clock, arrivals_[taken_].arrival_us};
  const size_t left = static_cast<size_t>(std::max<int64_t>(0, found - (take ? 1 : 0)));
  const LogRow& made = step_.tick(take ? &head : nullptr, left, p, row.system_us,
                                  [this](int peer) { return stopped_since_[static_cast<size_t>(peer)] == 0; });
  if (take) ++taken_;
  if (static_cast<int64_t>(made.clock) != row.clock) {
    differ(row, std::string(event_name(row.event)) + " clock " + std::to_string(row.clock) + ", the model's " +
                    std::to_string(made.clock));
  }
  if (take) {
    if (row.event != LogEvent::kReceive)
      differ(row, std::string(event_name(row.event)) + " while a message waited in the queue: the model receives it");
    return;
  }
  // The draw's receivers, then those it no longer sends to.
  const TickEvent& e = step_.event();
  std::vector<int> drawn;
  if (e.kind == TickEvent::kSend) {
    for (int peer = 0; peer < shape_.machines; ++peer)
      if (peer != id_ && (e.to_all || peer == e.peer)) drawn.push_back(peer);
  }
  std::vector<int> logged;
  if (row.event == LogEvent::kSend)
    for (int64_t peer : row.peers) logged.push_back(static_cast<int>(peer));
  expected_.clear();
  for (int peer : drawn) {
    const size_t j = static_cast<size_t>(peer);
    const bool in_log = std::find(logged.begin(), logged.end(), peer) != logged.end();
    if (stopped_since_[j] == 0 && !in_log) {
      // Left out of a send for the first time: it must have ended by now. It ended when it
      // failed, when the channel's backlog was given up or its link cut, or when it was told to stop (its
      // stop, or the run's, is in run.txt); never before its own last tick. The end barrier
      // lets no machine say bye while another still ticks, as this one does.
      const LogInfo& other = logs_[j];
      const int64_t stop = ending_.stop_of(peer);
      if (!other.failed && !gave_up(peer, p)) {
        if (other.last_tick_us > p) {
          differ(row, "leaves machine " + std::to_string(peer) + " out of its send although it ticked until " +
                          micros_text(other.last_tick_us) + " s");
        } else if (stop < 0 || stop > p) {
          differ(row, "leaves machine " + std::to_string(peer) + " out of its send at model time " + micros_text(p) +
                          " s, while it still ticked, although machine " + std::to_string(peer) +
                          " neither failed nor was stopped by then");
        }
      }
      stopped_since_[j] = row.line;
    }
    if (stopped_since_[j] == 0 || in_log) expected_.push_back(peer);
  }
  for (int peer : logged) {
    const uint64_t since = stopped_since_[static_cast<size_t>(peer)];
    if (since != 0 && since != row.line)
      differ(row, "sends to machine " + std::to_string(peer) + ", left out of its sends since line " + std::to_string(since));
  }
  if (logged != expected_) {
    differ(row, std::string(event_name(row.event)) + " to " + peers_text(logged) + ", the model's draw " +
                    (drawn.empty() ? std::string("is an internal event") : "sends to " + peers_text(expected_)));
  } else if (row.event == LogEvent::kReceive || row.event == LogEvent::kPending) {
    differ(row, std::string(event_name(row.event)) + " with an empty queue: the model draws");
  }
}

void MachineReplay::check_pending(const Row& row) {
  if (static_cast<uint64_t>(row.clock) != step_.clock())
    differ(row, "PENDING clock " + std::to_string(row.clock) + ", the machine's last " + std::to_string(step_.clock()));
  ++taken_;
}

Status MachineReplay::run(ReplayResult* result) {
  Status s = read_arrivals();
  if (!s.is_ok()) return s;
  const LogInfo& info = logs_[static_cast<size_t>(id_)];
  LogReader reader;
  s = reader.open(info.path, info.failed);
  Row row;
  for (bool done = false; s.is_ok();) {
    if (!(s = reader.next(&row, &done)).is_ok() || done) break;
    ++result->rows;
    if (is_tick(row.event)) {
      check_tick(row);
    } else {
      check_pending(row);
    }
  }
  if (s.is_ok() && result->mismatch.empty()) result->mismatch = mismatch_;
  return s;
}

}  // namespace

Status replay_run(const std::string& dir, ReplayResult* result) {
  *result = ReplayResult();
  RunEnding ending;
  Status s = read_run_ending(dir, &ending);
  if (!s.is_ok()) return s;
  // The same logs of one run as lcstat's (run_logs.h): any key that tells two runs apart,
  // one log per machine, run.txt of this run.
  RunLogs run;
  if (!(s = open_run_logs(dir, ending, &run)).is_ok()) return s;
  const LogHeader& first = run.headers.front();
  Shape shape;
  if (!parse_number(first.seed, &shape.seed) || !parse_number(first.internal_max, &shape.internal_max))
    return Status::error(first.path + ":1: the header needs seed= and internal_max= for a replay");
  shape.machines = static_cast<int>(first.machines);
  std::vector<LogInfo> logs;
  for (size_t id = 0; id < run.readers.size(); ++id) {
    LogInfo info;
    info.path = run.headers[id].path;
    info.failed = ending.has_failed(static_cast<int64_t>(id));
    Row row;
    for (bool done = false;;) {
      if (!(s = run.readers[id]->next(&row, &done)).is_ok()) return s;
      if (done) break;
      if (is_tick(row.event)) info.last_tick_us = row.model_us;
    }
    logs.push_back(info);
  }
  result->machines = shape.machines;
  for (int id = 0; id < shape.machines; ++id) {
    MachineReplay machine(shape, logs, ending, id);
    if (!(s = machine.run(result)).is_ok()) return s;
  }
  return Status::ok();
}

}  // namespace lc
