#include "logical_clock/log/run_ending.h"

#include <unistd.h>

#include <algorithm>
#include <map>
#include <string_view>

#include "logical_clock/base/file_io.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/log/numbers.h"

namespace lc {

namespace {

// "<from>_<to>" of a per-channel key; false unless two different ids.
bool parse_channel(std::string_view text, int64_t* from, int64_t* to) {
  size_t underscore = text.find('_');
  return underscore != std::string_view::npos && parse_count(text.substr(0, underscore), from) &&
         parse_count(text.substr(underscore + 1), to) && *from != *to;
}

}  // namespace

// stopped_at= counts whatever the status: a run stopped by a signal in which a machine also
// failed says status=failed, and its other machines stopped all the same.
int64_t RunEnding::stop_of(int64_t id) const {
  int64_t stop = stopped_at_us;
  auto it = machine_stops_us.find(id);
  if (it != machine_stops_us.end() && (stop < 0 || it->second < stop)) stop = it->second;
  return stop;
}

int64_t RunEnding::failed_at(int64_t id) const {
  auto it = failed_at_us.find(id);
  return it == failed_at_us.end() ? -1 : it->second;
}

bool RunEnding::has_failed(int64_t id) const {
  return std::find(failed_ids.begin(), failed_ids.end(), id) != failed_ids.end();
}

Status read_run_ending(const std::string& dir, RunEnding* ending) {
  const std::string path = dir + "/" + kRunFileName;
  if (::access(path.c_str(), F_OK) != 0) return Status::ok();
  ending->path = path;
  // With N machines it holds up to two keys per channel, N x (N - 1) of them, far past 64 KiB
  // when many machines fail (about 50 MB for 1000). A longer file is no run.txt.
  std::string text;
  Status s = read_whole_file(path, 64, &text);
  if (!s.is_ok()) return s;
  size_t line_no = 0;
  std::map<std::string, size_t> key_lines;  // every key but the channels' (those are claims)
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    size_t eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    auto bad = [&](const std::string& what) { return Status::error(path + ":" + std::to_string(line_no) + ": " + what); };
    auto names = [&](int64_t id) { ending->named_ids.push_back({id, line_no, line}); };
    int64_t from, to, count;
    // A key given twice would leave its meaning to the order of the lines (status=complete,
    // then status=failed). The channels' keys, up to a million, are checked in their claims.
    if (key.rfind(run_key::kLostPrefix, 0) != 0 && key.rfind(run_key::kDroppedPrefix, 0) != 0 &&
        key.rfind(run_key::kUndeliveredPrefix, 0) != 0) {
      auto [it, fresh] = key_lines.emplace(key, line_no);
      if (!fresh) return bad(key + " appears twice (line " + std::to_string(it->second) + ")");
    }
    if (key == run_key::kStatus) {
      if (value != "complete" && value != "stopped" && value != "failed") return bad("unknown status '" + value + "'");
      ending->status = value;
    } else if (key == run_key::kMachines) {
      if (!parse_count(value, &ending->machines)) return bad("bad " + line);
      ending->machines_line = line_no;
    } else if (key == run_key::kSeed) {
      ending->seed = value;
      ending->seed_line = line_no;
    } else if (key == run_key::kRun) {
      ending->run = value;
      ending->run_line = line_no;
    } else if (key == run_key::kStoppedAt) {
      if (!parse_micros(value, &ending->stopped_at_us)) return bad("bad stopped_at '" + value + "'");
      ending->stopped_at_line = line_no;
    } else if (key == run_key::kFailed) {
      ending->failed = value;
      for (size_t start = 0; start <= value.size();) {
        size_t comma = std::min(value.find(',', start), value.size());
        int64_t id;
        if (!parse_count(std::string_view(value).substr(start, comma - start), &id)) return bad("bad " + line);
        ending->failed_ids.push_back(id);
        names(id);
        start = comma + 1;
      }
    } else if (key == run_key::kForced) {
      if (value != "0" && value != "1") return bad("bad " + line + " (0 or 1)");
      ending->forced = value == "1";
      ending->forced_line = line_no;
    } else if (key.rfind(run_key::kFailedAtPrefix, 0) == 0) {
      int64_t at;
      if (!parse_count(std::string_view(key).substr(run_key::kFailedAtPrefix.size()), &from) || !parse_micros(value, &at))
        return bad("bad " + line);
      // One machine's instant under two spellings of its id (2, 02) is a key given twice.
      if (ending->failed_at_us.count(from) != 0) return bad("failed_at_" + std::to_string(from) + "= appears twice");
      ending->failed_at_us[from] = at;
      names(from);
    } else if (key.rfind(std::string(run_key::kLostPrefix) + "to_", 0) == 0) {
      return bad(line + " is the per-receiver loss count of an older logical_clock; lcstat needs the "
                        "per-channel lost_<from>_<to>");
    } else if (key.rfind(run_key::kLinkDownPrefix, 0) == 0) {
      // link_down_<from>_<to>=S: when from gave its link to `to` up, both machines alive.
      int64_t at;
      if (!parse_channel(std::string_view(key).substr(run_key::kLinkDownPrefix.size()), &from, &to) ||
          !parse_micros(value, &at))
        return bad("bad " + line);
      ChannelClaim& claim = ending->claims[{from, to}];
      if (claim.link_down_line != 0) return bad(key + " appears twice (line " + std::to_string(claim.link_down_line) + ")");
      claim.link_down_line = line_no;
      claim.link_down_us = at;
      names(from);
      names(to);
    } else if (key.rfind(run_key::kDroppedAtPrefix, 0) == 0) {
      // dropped_at_<from>_<to>=S: when from gave its backlog to `to` up.
      int64_t at;
      if (!parse_channel(std::string_view(key).substr(run_key::kDroppedAtPrefix.size()), &from, &to) ||
          !parse_micros(value, &at))
        return bad("bad " + line);
      ChannelClaim& claim = ending->claims[{from, to}];
      if (claim.dropped_at_line != 0) return bad(key + " appears twice (line " + std::to_string(claim.dropped_at_line) + ")");
      claim.dropped_at_line = line_no;
      claim.dropped_at_us = at;
      names(from);
      names(to);
    } else if (key.rfind(run_key::kUndeliveredCausePrefix, 0) == 0) {
      // undelivered_cause_<from>_<to>=partition GROUPS@FROM-TO: what held them at the end.
      if (!parse_channel(std::string_view(key).substr(run_key::kUndeliveredCausePrefix.size()), &from, &to) ||
          value.rfind(run_key::kPartitionCause, 0) != 0 || value.size() == run_key::kPartitionCause.size())
        return bad("bad " + line + " (the cause is 'partition GROUPS@FROM-TO')");
      ChannelClaim& claim = ending->claims[{from, to}];
      if (claim.undelivered_cause_line != 0)
        return bad(key + " appears twice (line " + std::to_string(claim.undelivered_cause_line) + ")");
      claim.undelivered_cause_line = line_no;
      claim.undelivered_cause = value;
      names(from);
      names(to);
    } else if (key.rfind(run_key::kUndeliveredPrefix, 0) == 0) {
      // undelivered_<from>_<to>=N: N messages a partition open at the end still held.
      if (!parse_channel(std::string_view(key).substr(run_key::kUndeliveredPrefix.size()), &from, &to) ||
          !parse_count(value, &count))
        return bad("bad " + line);
      ChannelClaim& claim = ending->claims[{from, to}];
      if (claim.undelivered_line != 0)
        return bad(key + " appears twice (line " + std::to_string(claim.undelivered_line) + ")");
      claim.undelivered_line = line_no;
      claim.undelivered = count;
      names(from);
      names(to);
    } else if (key.rfind(run_key::kLostPrefix, 0) == 0 || key.rfind(run_key::kDroppedPrefix, 0) == 0) {
      // lost_<from>_<to>=N, dropped_<from>_<to>=N: N messages from sent to to that to's log lacks.
      const bool lost = key.rfind(run_key::kLostPrefix, 0) == 0;
      const size_t prefix = (lost ? run_key::kLostPrefix : run_key::kDroppedPrefix).size();
      if (!parse_channel(std::string_view(key).substr(prefix), &from, &to) || !parse_count(value, &count))
        return bad("bad " + line);
      ChannelClaim& claim = ending->claims[{from, to}];
      size_t& claim_line = lost ? claim.lost_line : claim.dropped_line;
      if (claim_line != 0) return bad(key + " appears twice (line " + std::to_string(claim_line) + ")");
      claim_line = line_no;
      (lost ? claim.lost : claim.dropped) = count;
      names(from);
      names(to);
    } else if (key.rfind(run_key::kStoppedPrefix, 0) == 0) {
      int64_t at;
      if (!parse_count(std::string_view(key).substr(run_key::kStoppedPrefix.size()), &from) || !parse_micros(value, &at))
        return bad("bad " + line);
      if (ending->machine_stops_us.count(from) != 0) return bad("stopped_" + std::to_string(from) + "= appears twice");
      ending->machine_stops_us[from] = at;
      ending->machine_stop_lines[from] = line_no;
      names(from);
    }
  }
  if (ending->status.empty()) return Status::error(path + ": no status= line");
  if (ending->status == "stopped" && ending->stopped_at_us < 0)
    return Status::error(path + ": status=stopped without stopped_at=");
  // The status as logical_clock derives it: failed exactly when failed= names a machine, else
  // stopped exactly when the parent was told to stop. forced=1 takes a second signal, to the
  // parent (stopped_at=) or to a machine (stopped_<id>=).
  auto at = [&](std::string_view key) { return path + ":" + std::to_string(key_lines[std::string(key)]) + ": "; };
  if (ending->status == "failed" && ending->failed_ids.empty())
    return Status::error(at(run_key::kStatus) + "status=failed without failed=");
  if (ending->status != "failed" && !ending->failed_ids.empty())
    return Status::error(at(run_key::kFailed) + "failed=" + ending->failed + " but status=" + ending->status);
  for (const auto& [channel, claim] : ending->claims) {
    const std::string name = std::to_string(channel.first) + "_" + std::to_string(channel.second);
    if (claim.dropped > 0 && claim.dropped_at_line == 0)
      return Status::error(path + ":" + std::to_string(claim.dropped_line) + ": dropped_" + name +
                           "= without dropped_at_" + name + "= (when the backlog was given up)");
    if (claim.dropped_at_line != 0 && claim.dropped == 0)
      return Status::error(path + ":" + std::to_string(claim.dropped_at_line) + ": dropped_at_" + name +
                           "= without dropped_" + name + "= above 0");
    if (claim.undelivered > 0 && claim.undelivered_cause_line == 0)
      return Status::error(path + ":" + std::to_string(claim.undelivered_line) + ": undelivered_" + name +
                           "= without undelivered_cause_" + name + "= (the partition that held them)");
    if (claim.undelivered_cause_line != 0 && claim.undelivered == 0)
      return Status::error(path + ":" + std::to_string(claim.undelivered_cause_line) + ": undelivered_cause_" + name +
                           "= without undelivered_" + name + "= above 0");
  }
  for (int64_t id : ending->failed_ids) {
    if (ending->failed_at_us.count(id) == 0)
      return Status::error(at(run_key::kFailed) + "failed=" + ending->failed + " but no failed_at_" + std::to_string(id) +
                           "= says when machine " + std::to_string(id) + " failed");
  }
  for (const auto& [id, when] : ending->failed_at_us) {
    if (!ending->has_failed(id))
      return Status::error(at(std::string(run_key::kFailedAtPrefix) + std::to_string(id)) + "failed_at_" +
                           std::to_string(id) + "= but failed= does not name machine " + std::to_string(id));
  }
  if (ending->status == "complete" && ending->stopped_at_us >= 0)
    return Status::error(at(run_key::kStoppedAt) + "stopped_at= but status=complete");
  if (ending->forced && ending->stopped_at_us < 0 && ending->machine_stops_us.empty())
    return Status::error(at(run_key::kForced) + "forced=1 without stopped_at= or a machine's stopped_<id>=");
  return Status::ok();
}

Status check_run_ending(const RunEnding& ending, const LogHeader& run) {
  const std::string n = std::to_string(run.machines);
  auto bad = [&](size_t line, const std::string& what) {
    return Status::error(ending.path + ":" + std::to_string(line) + ": " + what);
  };
  if (ending.machines >= 0 && ending.machines != run.machines)
    return bad(ending.machines_line, "machines=" + std::to_string(ending.machines) + " but the logs are of a run of " +
                                         n + " machines (" + run.path + ")");
  if (ending.seed_line != 0 && !run.seed.empty() && ending.seed != run.seed)
    return bad(ending.seed_line, "seed=" + ending.seed + " but the logs have seed=" + run.seed + " (" + run.path + ")");
  if (!ending.path.empty() && !run.run.empty() && ending.run_line == 0)
    return Status::error(ending.path + ": no run= line, but the logs name their run (run=" + run.run + ", " +
                         run.path + "): run.txt of another run, or edited");
  if (ending.run_line != 0 && ending.run != run.run)
    return bad(ending.run_line, "run=" + ending.run + " but the logs have run=" + (run.run.empty() ? "(none)" : run.run) +
                                    " (" + run.path + "): run.txt of another run");
  // The simulation takes a stop only at an event before its end (a run whose events are over
  // has ended): its stopped_at rounds to the duration at the latest.
  if (run.engine == "sim" && ending.stopped_at_us > run.duration_us)
    return bad(ending.stopped_at_line, "stopped_at=" + micros_text(ending.stopped_at_us) + " after the duration (" +
                                           micros_text(run.duration_us) +
                                           ") of a simulated run, which takes a stop only before its end");
  for (const RunEnding::NamedId& named : ending.named_ids) {
    if (named.id >= run.machines)
      return bad(named.line, named.key + " names machine " + std::to_string(named.id) + ", not in this run of " + n +
                                 " machines");
  }
  return Status::ok();
}

}  // namespace lc
