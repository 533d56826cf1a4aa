#include "run_analysis.h"

#include <algorithm>
#include <memory>

#include "drift_tracker.h"
#include "end_checks.h"
#include "logical_clock/base/decimal.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/log/numbers.h"
#include "logical_clock/log/run_logs.h"
#include "tick_stamps.h"

namespace lc::lcstat {

namespace {

// The ticks of a machine run by model time `at_us` (its failure) or the run's end, whichever
// is earlier: those that can be stamped at or before it. A tick runs at or after its due
// instant, and model time rounds monotonically, so a tick run by then has a stamp at most
// at_us and at least its earliest (TickStamps); floor(rate x (at_us + 1 us)) bounds the count
// from above, and the last of those ticks whose earliest stamp is later are taken off.
int64_t ticks_due_by(const LogHeader& h, int64_t at_us) {
  if (at_us < 0 || at_us >= h.duration_us) return h.expected_ticks();
  const __int128 product = static_cast<__int128>(h.rate_micro) * (at_us + 1);
  auto due = static_cast<int64_t>(product / (static_cast<__int128>(kMicrosPerSecond) * kMicrosPerSecond));
  const TickStamps stamps(h.rate_micro, h.speed);
  while (due > 0 && stamps.earliest_us(due) > at_us) --due;
  return std::min(due, h.expected_ticks());
}

// What run.txt may say for the engine that wrote the logs: the simulation has no second
// signal to force an end (forced=1), no signal to one machine (stopped_<id>), and no backlog
// to drop (checked by channel).
void check_engine_ending(const RunEnding& ending, const LogHeader& run, Findings* findings) {
  if (run.engine != "sim") return;
  if (ending.forced) {
    findings->add(Rule::kLossWithoutCause, ending.path, ending.forced_line,
                  "forced=1 in a simulated run (engine=sim): the simulation ends its drain whole, whatever stops it");
  }
  for (const auto& [id, at] : ending.machine_stops_us) {
    findings->add(Rule::kTickAfterStop, ending.path, ending.machine_stop_lines.at(id),
                  "stopped_" + std::to_string(id) + "=" + micros_text(at) +
                      " in a simulated run (engine=sim): the simulation stops only every machine at once (stopped_at)");
  }
}

// The run's network, as its logs state it (run_logs.cc makes every header agree): its
// partitions, and the delays each channel drew, drawn again from the seed, for the book's
// delay and partition rules. Logs that name no latency (older versions' real runs, hand-written
// ones) have no delays to check. Every version's simulated runs name it, and their seed: such
// logs without them were edited, which would escape those rules.
Status set_network(const LogHeader& h, MessageBook* book) {
  if (h.engine == "sim" && !h.version.empty() && (h.latency.empty() || h.seed.empty()))
    return Status::error(h.path + ":1: engine=sim without " + (h.latency.empty() ? "latency=" : "seed=") +
                         ", which every simulated run's logs have: edited");
  const auto machines = static_cast<int>(h.machines);
  Status s;
  // Each as logical_clock takes --partition: one that starts at or after the run's end is none
  // it runs (it would cut nothing), and a ';' joins two.
  std::vector<Partition> partitions;
  for (size_t begin = 0; s.is_ok() && !h.partitions.empty();) {
    const size_t semicolon = h.partitions.find(';', begin);
    const std::string_view text = std::string_view(h.partitions).substr(begin, semicolon - begin);
    partitions.emplace_back();
    if (text.empty()) {
      s = Status::error("partitions: an empty partition (a ';' too many)");
    } else if ((s = Partition::parse(text, machines, &partitions.back())).is_ok() &&
               partitions.back().from_us() >= h.duration_us) {
      s = Status::error("partitions: " + std::string(text) + " starts at or after the run's end (duration=" +
                        micros_text(h.duration_us) + "), which no run has");
    }
    if (semicolon == std::string::npos) break;
    begin = semicolon + 1;
  }
  std::vector<ChannelDelays> delays;
  if (s.is_ok() && !h.latency.empty() && !h.seed.empty()) {
    const uint64_t seed = h.seed_value;  // (the reader refuses a seed= that is not one)
    Latency latency;
    s = Latency::parse(h.latency, &latency);
    std::vector<LinkLatency> links;
    if (s.is_ok()) {
      s = parse_links_text(h.links, machines, &links);
      if (!s.is_ok()) s = Status::error("links: " + s.message());
    }
    delays.reserve(static_cast<size_t>(machines));
    for (int i = 0; s.is_ok() && i < machines; ++i) delays.emplace_back(machines, i, seed, latency, links);
  }
  if (!s.is_ok()) return Status::error(h.path + ":1: " + s.message());
  book->set_network(std::move(delays), h.engine == "sim", Partitions(std::move(partitions)));
  return Status::ok();
}

}  // namespace

Status analyse_run(const std::string& run_dir, const std::string& plot_dir, RunResult* result) {
  AnalysisOptions options;
  options.plot_dir = plot_dir;
  return analyse_run(run_dir, options, result);
}

Status analyse_run(const std::string& run_dir, const AnalysisOptions& options, RunResult* result) {
  Status s = read_run_ending(run_dir, &result->ending);
  if (!s.is_ok()) return s;
  RunLogs logs;
  if (!(s = open_run_logs(run_dir, result->ending, &logs)).is_ok()) return s;
  result->headers = logs.headers;
  result->notes = std::move(logs.notes);
  std::vector<std::unique_ptr<LogReader>>& readers = logs.readers;
  const size_t n = readers.size();
  result->dir = run_dir;
  std::vector<std::string> paths;
  for (const LogHeader& h : result->headers) {
    paths.push_back(h.path);
    if (h.rate_micro > result->headers[result->reference].rate_micro) result->reference = paths.size() - 1;
  }
  ConeRequest cone_request = options.cone;
  if (cone_request.wanted && !(s = resolve_cone(result->headers, result->ending, &cone_request)).is_ok()) return s;

  const std::string& plot_dir = options.plot_dir;
  const bool write = !plot_dir.empty();
  if (write && !(s = ensure_directory(plot_dir)).is_ok()) return s;
  std::vector<OutputFile> event_files(write ? n : 0);
  OutputFile drift_file;
  for (size_t i = 0; write && i < n; ++i) {
    s = event_files[i].open(plot_dir + "/events_" + std::to_string(i) + ".dat");
    if (!s.is_ok()) return s;
  }
  if (write && !(s = drift_file.open(plot_dir + "/drift.dat")).is_ok()) return s;

  const bool simulated = result->headers.front().engine == "sim";
  MessageBook book(paths);
  if (!(s = set_network(result->headers.front(), &book)).is_ok()) return s;
  std::vector<int64_t> slack;
  for (const LogHeader& h : result->headers) slack.push_back(h.model_slack_us());
  book.set_clock_slack(std::move(slack));
  std::vector<int64_t> rates;
  for (const LogHeader& h : result->headers) rates.push_back(h.rate_micro);
  book.set_rates(std::move(rates));
  // No peer was ever gone from a tick's draw: nothing failed, left, was given up or cut, and no
  // drain was forced (each of those is in run.txt); in a stopped run, until its stop.
  bool all_peers_live = result->ending.failed_ids.empty() && result->ending.machine_stops_us.empty() &&
                        !result->ending.forced;
  for (const auto& [channel, claim] : result->ending.claims)
    all_peers_live = all_peers_live && claim.dropped == 0 && claim.dropped_at_line == 0 && claim.link_down_line == 0;
  std::vector<MachineChecker> checkers;
  checkers.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    checkers.emplace_back(result->headers[i], &book, &result->findings, write ? &event_files[i] : nullptr);
    if (auto it = result->ending.machine_stops_us.find(static_cast<int64_t>(i)); it != result->ending.machine_stops_us.end())
      checkers.back().set_own_stop(it->second);
    checkers.back().set_failed_at(result->ending.failed_at(static_cast<int64_t>(i)));
    if (all_peers_live) checkers.back().set_all_peers_live(result->ending.stopped_at_us);
    // A simulated stop ends every machine's ticks at its instant, every tick due before it run.
    if (simulated && result->ending.stopped_at_us >= 0) checkers.back().set_exact_stop(result->ending.stopped_at_us);
  }
  DriftTracker drift(n, result->reference, write ? &drift_file : nullptr);
  std::vector<bool> failed(n, false);
  for (int64_t id : result->ending.failed_ids) failed[static_cast<size_t>(id)] = true;
  CausalityTracker causality(result->headers, failed, &result->findings);
  std::vector<bool> undelivered(n * n, false);
  for (const auto& [channel, claim] : result->ending.claims)
    if (claim.undelivered > 0 && claim.lost == 0 && claim.dropped == 0 && channel.first >= 0 && channel.second >= 0 &&
        static_cast<size_t>(channel.first) < n && static_cast<size_t>(channel.second) < n)
      undelivered[static_cast<size_t>(channel.first) * n + static_cast<size_t>(channel.second)] = true;
  causality.set_undelivered(std::move(undelivered));
  ConeTracker cone(cone_request, &causality.lamport());
  if (cone_request.wanted) causality.add_sink(&cone);
  for (CausalSink* sink : options.sinks) causality.add_sink(sink);

  // Merge the logs by (model_time, tick rows before PENDING rows, clock, machine id): a heap of
  // the machines whose next row is read. So every SEND comes before its RECV (a larger clock)
  // and its PENDING row, even in the same microsecond: a message sent without delay at the
  // run's last instant is PENDING then, at a receiver whose clock may be below the SEND's.
  // Each machine's following row is read before its row is handled, so that the exports know
  // when the machine's next row comes.
  std::vector<Row> rows(n), following(n);
  std::vector<size_t> heap;
  auto later = [&rows](size_t a, size_t b) {
    if (rows[a].model_us != rows[b].model_us) return rows[a].model_us > rows[b].model_us;
    const bool pending_a = !is_tick(rows[a].event), pending_b = !is_tick(rows[b].event);
    if (pending_a != pending_b) return pending_a;
    if (rows[a].clock != rows[b].clock) return rows[a].clock > rows[b].clock;
    return a > b;
  };
  for (size_t i = 0; i < n; ++i) {
    bool done = false;
    if (!(s = readers[i]->next(&rows[i], &done)).is_ok()) return s;
    if (done) {
      causality.close(i);
    } else {
      heap.push_back(i);
    }
  }
  std::make_heap(heap.begin(), heap.end(), later);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const size_t i = heap.back();
    bool done = false;
    if (Status read = readers[i]->next(&following[i], &done); !read.is_ok()) return read;
    const Row& row = rows[i];
    ++result->rows;
    checkers[i].on_row(row);
    if (is_tick(row.event)) drift.on_tick(i, row.model_us, row.clock);
    // The next tick's instant (a tick's slice ends before it): PENDING rows are no slices of the
    // machine's own thread, so the last tick's slice is as long as any other's.
    causality.on_row(i, row, done || !is_tick(following[i].event) ? -1 : following[i].model_us);
    if (done) {
      heap.pop_back();
      causality.close(i);
    } else {
      std::swap(rows[i], following[i]);
      std::push_heap(heap.begin(), heap.end(), later);
    }
  }
  drift.finish();
  causality.finish();
  for (size_t i = 0; i < n; ++i) {
    if (readers[i]->has_header() && readers[i]->torn_line() != 0) {
      result->notes.push_back(readers[i]->header().path + ":" + std::to_string(readers[i]->torn_line()) +
                              ": torn last line ignored (machine " + std::to_string(i) + " failed)");
    }
  }
  LossAccount account;
  account.run_file = result->ending.path;
  account.claims = result->ending.claims;
  account.forced = result->ending.forced;
  account.failed = failed;
  account.failed_last_clock.assign(n, -1);
  account.failed_last_tick_us.assign(n, 0);
  account.unlogged_queue.assign(n, {});
  account.draws_after_log.assign(n, std::nullopt);
  const LogHeader& run = result->headers.front();
  account.simulated = run.engine == "sim";
  account.one_host = run.engine == "real" && !run.own_clock;
  account.local_logs = run.engine != "sim" && !run.own_clock;
  account.speed = run.speed;
  account.min_dropped = min_dropped_messages(run.machines, run.vector);
  account.duration_us = run.duration_us;
  account.end_us = result->ending.stopped_at_us >= 0 ? std::min(result->ending.stopped_at_us, run.duration_us) : run.duration_us;
  account.stopped = result->ending.stopped_at_us >= 0;
  account.own_stop_us.assign(n, -1);
  for (const auto& [id, at] : result->ending.machine_stops_us)
    if (id >= 0 && static_cast<size_t>(id) < n) account.own_stop_us[static_cast<size_t>(id)] = at;
  account.logged_ticks.assign(n, 0);
  account.due_ticks.assign(n, 0);
  account.rate_micro.assign(n, 0);
  account.last_possible_tick_us.assign(n, -1);
  account.pending_at_us.assign(n, -1);
  account.failed_at_us.assign(n, -1);
  for (size_t i = 0; i < n; ++i) account.failed_at_us[i] = result->ending.failed_at(static_cast<int64_t>(i));
  account.pending_line.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    checkers[i].set_bytes_past_blocks(readers[i]->bytes_past_blocks());
    checkers[i].finish(result->ending.stop_of(static_cast<int64_t>(i)), account.failed[i]);
    account.pending_at_us[i] = checkers[i].pending_at_us();
    account.pending_line[i] = checkers[i].pending_line();
    if (account.failed[i]) {
      const LogHeader& h = result->headers[i];
      account.failed_last_clock[i] = checkers[i].summary().final_clock;
      account.failed_last_tick_us[i] = checkers[i].last_tick_us();
      account.unlogged_queue[i] = checkers[i].unlogged_queue();
      account.draws_after_log[i] = checkers[i].draws();
      account.logged_ticks[i] = checkers[i].summary().ticks;
      account.rate_micro[i] = h.rate_micro;
      // failed_at_<id> is the parent's reading: a machine on a clock of its own (own_clock=1)
      // may have stamped ticks up to its slack later. One that left on a SIGTERM of its own
      // read stopped_<id>, on its own clock, after its last tick.
      int64_t until = result->ending.failed_at(static_cast<int64_t>(i));
      if (until >= 0) until += h.model_slack_us();
      if (auto own = result->ending.machine_stops_us.find(static_cast<int64_t>(i));
          own != result->ending.machine_stops_us.end() && (until < 0 || own->second < until))
        until = own->second;
      account.last_possible_tick_us[i] = until;
      account.due_ticks[i] = ticks_due_by(h, until);
    }
  }
  check_engine_ending(result->ending, run, &result->findings);
  check_pending_instants(result->headers, checkers, result->ending, &result->findings);
  judge_draw_gaps(result->headers, checkers, result->ending, &result->findings);
  result->lost_explained = book.match(account, &result->findings, write ? &result->deliveries : nullptr);
  result->causality = causality.summary();

  for (auto& checker : checkers) result->machines.push_back(checker.summary());
  result->drift_max = drift.max();
  result->drift_mean = drift.mean();
  result->drift_samples = drift.samples();
  if (cone_request.wanted) {
    s = cone.write(write ? plot_dir + "/cone.dat" : std::string(), result->causality.events,
                   result->causality.exact());
    if (!s.is_ok()) return s;
  }
  for (auto& file : event_files) {
    if (!(s = file.commit()).is_ok()) return s;
  }
  if (write && !(s = drift_file.commit()).is_ok()) return s;
  return Status::ok();
}

}  // namespace lc::lcstat
