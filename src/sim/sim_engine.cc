#include "logical_clock/sim/sim_engine.h"

#include <signal.h>

#include <cerrno>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <queue>
#include <string>
#include <tuple>
#include <vector>

#include "logical_clock/base/decimal.h"
#include "logical_clock/base/sys.h"
#include "logical_clock/cli/run_dir.h"
#include "logical_clock/cli/run_plan.h"
#include "logical_clock/cli/run_report.h"
#include "logical_clock/log/event_log.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/model/clock_skew.h"
#include "logical_clock/model/model_clock.h"
#include "logical_clock/model/tick_schedule.h"
#include "logical_clock/sim/sim_network.h"
#include "logical_clock/step/machine_step.h"

namespace lc {

namespace {

// The handler's only state: a stop was asked for (SIGINT, SIGTERM, SIGHUP).
volatile sig_atomic_t g_stop = 0;
void on_stop(int) { g_stop = 1; }

constexpr int kProgressMs = 250;

// The kinds of events, in the order they happen at one instant.
enum Kind : uint8_t { kArrive, kBye, kDown, kKill, kTick, kEnd };

constexpr uint32_t kNoVector = UINT32_MAX;

struct Event {
  int64_t t = 0;       // model nanoseconds
  uint64_t order = 0;  // sending order for arrivals, machine id for kills and ticks
  uint64_t clock = 0;  // kArrive: the message's timestamp
  int32_t from = 0;    // kArrive, kBye, kDown: the sender; kKill, kTick: the machine
  int32_t to = 0;
  uint32_t vector = kNoVector;  // kArrive with --vector: the message's vector clock (VectorStore)
  Kind kind = kTick;
};

// The vector clocks of messages in flight or queued (--vector): one copy per send, shared by
// its receivers, at a stable address until the last of them has taken or lost it.
class VectorStore {
 public:
  uint32_t add(const std::vector<uint64_t>& value, int receivers) {
    uint32_t id;
    if (free_.empty()) {
      id = static_cast<uint32_t>(values_.size());
      values_.emplace_back();
      refs_.push_back(0);
    } else {
      id = free_.back();
      free_.pop_back();
    }
    values_[id] = value;
    refs_[id] = receivers;
    return id;
  }
  const std::vector<uint64_t>* get(uint32_t id) const { return id == kNoVector ? nullptr : &values_[id]; }
  void release(uint32_t id) {
    if (id != kNoVector && --refs_[id] == 0) free_.push_back(id);
  }

 private:
  std::deque<std::vector<uint64_t>> values_;  // a deque: growing never moves them
  std::vector<int> refs_;
  std::vector<uint32_t> free_;
};

struct Queued {
  MachineStep::Head head;
  uint32_t vector = kNoVector;
};

struct Later {
  bool operator()(const Event& a, const Event& b) const {
    return std::tie(a.t, a.kind, a.order) > std::tie(b.t, b.kind, b.order);
  }
};

struct SimMachine {
  SimMachine(int id, int machines, int rate_, const Options& o, uint64_t seed, const ModelClock& clock)
      : rate(rate_),
        schedule(rate_, o.duration_us, clock),
        ticks(schedule.total_ticks()),
        step(id, machines, o.internal_max, seed, o.vector),
        live(static_cast<size_t>(machines), 1) {}

  int rate;
  TickSchedule schedule;
  int64_t ticks;           // how many it runs: floor(rate x duration)
  int64_t next_tick = 1;
  MachineStep step;
  EventLog log;
  std::deque<Queued> queue;
  size_t peak = 0;
  std::vector<uint8_t> live;  // the peers it still sends to
  int open_channels = 0;      // peers whose channel to it has not ended (bye or death)
  bool alive = true;
  bool finished = false;
  int64_t pending = 0;
};

class Simulator {
 public:
  explicit Simulator(const RunPlan& plan);
  Status open_logs();
  // Runs to the end, then writes run.txt and the closing table; returns the exit status.
  int run(ReservedFile* run_file);

 private:
  int64_t model_us(int64_t t) const { return clock_.model_us(t); }
  // Machine id's system time at t: the run's clock plus its --skew (its clock_offset exactly).
  int64_t system_us(int id, int64_t t) const { return clock_.system_us(t) + skew_us_[static_cast<size_t>(id)]; }
  HeaderLine header(int id) const;
  void push(const Event& e) { events_.push(e); }
  // Something on the channel from -> to at model time t (a message, a bye, the end of a dead
  // sender's connection), arriving when the network says, after what the channel carries.
  void send(Kind kind, int from, int to, int64_t t, uint64_t clock = 0, uint32_t vector = kNoVector) {
    Event e;
    e.t = network_.arrival_ns(from, to, t);
    e.kind = kind;
    e.order = ++sent_order_;
    e.clock = clock;
    e.from = from;
    e.to = to;
    e.vector = vector;
    push(e);
  }
  void schedule_tick(int id);
  void tick(int id, int64_t t);
  void arrive(const Event& e);
  void channel_ended(int to, int64_t t);
  void kill(int id, int64_t t, const std::string& why);
  void end(int64_t t);
  void finish(int id, int64_t t);
  void check_log(int id, int64_t t);
  void show_progress(int64_t t, bool last);

  size_t channel(int from, int to) const {
    return static_cast<size_t>(from) * static_cast<size_t>(n_) + static_cast<size_t>(to);
  }

  const RunPlan& plan_;
  int n_;
  ModelClock clock_;  // virtual: speed 1, model time 0 at the epoch
  std::vector<int64_t> skew_us_;  // per machine, --skew's (0 when none)
  int64_t end_ns_;
  std::vector<SimMachine> machines_;
  SimNetwork network_;
  std::priority_queue<Event, std::vector<Event>, Later> events_;
  VectorStore vectors_;
  // Per channel, only in a run with partitions: the instant of its last arrival so far, and,
  // once the run has ended, the partition that then cut it (-1: none), whose messages still
  // in flight are never delivered: counted in outcome_.undelivered.
  std::vector<int64_t> delivered_ns_;
  std::vector<int> held_by_;
  uint64_t sent_order_ = 0;
  bool ended_ = false;
  int64_t stopped_at_us_ = -1;
  RunOutcome outcome_;
  bool progress_ = false;
  int64_t next_progress_ns_ = 0;
  uint64_t rows_ = 0;
};

Simulator::Simulator(const RunPlan& plan)
    : plan_(plan),
      n_(plan.options.machines),
      clock_(1.0, 0, plan.options.epoch_us * 1000),
      end_ns_(clock_.mono_ns_at_us(plan.options.duration_us)),
      network_(plan.options.machines, plan.seed, plan.options.latency, plan.options.links) {
  const Options& o = plan.options;
  machines_.reserve(static_cast<size_t>(n_));
  for (int i = 0; i < n_; ++i) skew_us_.push_back(skew_us_of(o.skews, i));
  for (int i = 0; i < n_; ++i) {
    machines_.emplace_back(i, n_, plan.rates[static_cast<size_t>(i)], o, plan.seed, clock_);
    machines_.back().live[static_cast<size_t>(i)] = 0;
    machines_.back().open_channels = n_ - 1;
  }
  outcome_.failures.assign(static_cast<size_t>(n_), "");
  outcome_.failed_at_us.assign(static_cast<size_t>(n_), -1);
  outcome_.lost.assign(static_cast<size_t>(n_) * static_cast<size_t>(n_), 0);
  outcome_.dropped.assign(outcome_.lost.size(), 0);
  if (!o.partitions.empty()) {
    network_.set_partitions(Partitions(o.partitions));
    delivered_ns_.assign(outcome_.lost.size(), 0);
    held_by_.assign(outcome_.lost.size(), -1);
    outcome_.undelivered.assign(outcome_.lost.size(), 0);
    outcome_.held_by.assign(outcome_.lost.size(), -1);
    outcome_.sent_on.assign(outcome_.lost.size(), 0);
  }
}

HeaderLine Simulator::header(int id) const {
  const Options& o = plan_.options;
  HeaderLine h;
  h.machine = id;
  h.rate = plan_.rates[static_cast<size_t>(id)];
  h.machines = n_;
  h.seed = plan_.seed;
  h.speed = 1;
  h.internal_max = o.internal_max;
  h.duration_us = o.duration_us;
  h.start_us = o.epoch_us;
  h.engine = "sim";
  h.vector = o.vector;
  h.run_id = plan_.run_id;
  h.latency = o.latency.text();
  h.links = links_text(o.links);
  h.partitions = network_.partitions().text();
  // Its clock is the run's plus its skew, known exactly: written only where one is given, so
  // the logs of runs without --skew stay as they were.
  if (has_skew(o.skews, id)) {
    h.skew_given = h.clock_known = true;
    h.skew_us = h.clock_offset_us = skew_us_[static_cast<size_t>(id)];
    h.clock_uncertainty_us = 0;
  }
  return h;
}

Status Simulator::open_logs() {
  for (int i = 0; i < n_; ++i) {
    SimMachine& m = machines_[static_cast<size_t>(i)];
    Status s = m.log.open(plan_.dir + "/" + log_file_name(i, m.rate));
    if (!s.is_ok()) return s;
    m.log.begin(header(i));
    // The header goes to disk at once, as in the real engine: a machine whose log cannot be
    // written fails at the start (run() checks), and its empty log says so.
    (void)m.log.flush();
  }
  return Status::ok();
}

void Simulator::schedule_tick(int id) {
  SimMachine& m = machines_[static_cast<size_t>(id)];
  if (m.next_tick > m.ticks) return;
  Event e;
  e.t = m.schedule.due_ns(m.next_tick);  // ceil(k * 10^9 / rate), in integers
  e.kind = kTick;
  e.from = id;
  e.order = static_cast<uint64_t>(id);
  push(e);
}

void Simulator::tick(int id, int64_t t) {
  SimMachine& m = machines_[static_cast<size_t>(id)];
  if (!m.alive || ended_) return;
  ++m.next_tick;
  Queued taken;
  const bool got = !m.queue.empty();
  if (got) {
    taken = m.queue.front();
    m.queue.pop_front();
    taken.head.vclock = vectors_.get(taken.vector);
  }
  const LogRow& row = m.step.tick(got ? &taken.head : nullptr, m.queue.size(), model_us(t), system_us(id, t),
                                  [&m](int peer) { return m.live[static_cast<size_t>(peer)] != 0; });
  if (got) vectors_.release(taken.vector);
  if (row.event == LogEvent::kSend) {
    const uint32_t vector = plan_.options.vector
                                ? vectors_.add(m.step.vclock(), static_cast<int>(m.step.receivers().size()))
                                : kNoVector;
    for (int to : m.step.receivers()) {
      send(kArrive, id, to, t, row.msg_clock, vector);
      if (!outcome_.sent_on.empty()) ++outcome_.sent_on[channel(id, to)];
    }
  }
  m.log.add(row, 0);
  ++rows_;
  check_log(id, t);
  schedule_tick(id);
}

void Simulator::arrive(const Event& e) {
  if (!held_by_.empty()) {
    const size_t c = channel(e.from, e.to);
    if (held_by_[c] >= 0) {  // in flight on a channel cut when the run ended: never delivered
      ++outcome_.undelivered[c];
      outcome_.held_by[c] = held_by_[c];
      vectors_.release(e.vector);
      return;
    }
    delivered_ns_[c] = e.t;
  }
  SimMachine& m = machines_[static_cast<size_t>(e.to)];
  if (!m.alive) {  // lost: count_losses finds it missing from the receiver's log
    vectors_.release(e.vector);
    return;
  }
  m.queue.push_back(Queued{MachineStep::Head{e.from, e.clock, model_us(e.t), nullptr}, e.vector});
  m.peak = std::max(m.peak, m.queue.size());
}

// One of the channels into `to` has ended (its sender's bye, or the news of its death): once
// all have and the run is over, nothing more can reach it.
void Simulator::channel_ended(int to, int64_t t) {
  SimMachine& m = machines_[static_cast<size_t>(to)];
  if (!m.alive || m.finished) return;
  --m.open_channels;
  if (ended_ && m.open_channels == 0) finish(to, t);
}

void Simulator::kill(int id, int64_t t, const std::string& why) {
  SimMachine& m = machines_[static_cast<size_t>(id)];
  if (!m.alive || m.finished) return;
  m.alive = false;
  outcome_.failures[static_cast<size_t>(id)] = "machine " + std::to_string(id) + " " + why;
  outcome_.failed_at_us[static_cast<size_t>(id)] = model_us(t);
  std::fprintf(stderr, "logical_clock: machine %d %s\n", id, why.c_str());
  for (const Queued& q : m.queue) vectors_.release(q.vector);
  m.queue.clear();  // lost with it
  (void)m.log.flush();
  // Its peers hear of it as the end of its connections: after what it had sent them.
  for (int p = 0; p < n_; ++p)
    if (p != id && machines_[static_cast<size_t>(p)].alive) send(kDown, id, p, t);
}

// The run's end (or a stop): every live machine says bye on each channel to a live peer. The
// end is no event of the network: on a channel a partition cuts at t, what is still in flight
// (held, so arriving after t) is never delivered, and the channel's end crosses the cut, sent
// at t and arriving after the channel's last arrival so far: the bye, or, from a dead sender
// whose end is still held, that end again (the held one then changes nothing). On any other
// channel the bye comes after what the channel carries.
void Simulator::end(int64_t t) {
  ended_ = true;
  for (int s = 0; s < n_; ++s) {
    const bool open = machines_[static_cast<size_t>(s)].alive;
    for (int r = 0; r < n_; ++r) {
      SimMachine& receiver = machines_[static_cast<size_t>(r)];
      if (r == s || !receiver.alive) continue;
      // A dead sender's channel is still open while the news of its death has not arrived.
      if (!held_by_.empty() && (open || receiver.live[static_cast<size_t>(s)] != 0)) {
        const size_t c = channel(s, r);
        held_by_[c] = network_.partitions().cutting(s, r, t);
        if (held_by_[c] >= 0) {
          network_.cross_at_end(s, r, delivered_ns_[c]);
          if (!open) send(kDown, s, r, t);
        }
      }
      if (open) send(kBye, s, r, t);
    }
  }
  for (int r = 0; r < n_; ++r) {
    SimMachine& m = machines_[static_cast<size_t>(r)];
    if (m.alive && m.open_channels == 0) finish(r, t);
  }
}

// Nothing more can reach the machine: what is still queued becomes its PENDING rows.
void Simulator::finish(int id, int64_t t) {
  SimMachine& m = machines_[static_cast<size_t>(id)];
  m.finished = true;
  m.pending = static_cast<int64_t>(m.queue.size());
  size_t left = m.queue.size();
  for (Queued& q : m.queue) {
    q.head.vclock = vectors_.get(q.vector);
    m.log.add(m.step.pending(q.head, --left, model_us(t), system_us(id, t)), 0);
    vectors_.release(q.vector);
    ++rows_;
  }
  m.queue.clear();
  (void)m.log.flush();
  check_log(id, t);
}

// A log that cannot be written fails its machine, as in the real engine: its peers carry on.
void Simulator::check_log(int id, int64_t t) {
  SimMachine& m = machines_[static_cast<size_t>(id)];
  if (m.log.status().is_ok() || !m.alive) return;
  const std::string why = m.log.status().message();
  if (m.finished) {
    m.alive = false;
    outcome_.failures[static_cast<size_t>(id)] = "machine " + std::to_string(id) + ": " + why;
    outcome_.failed_at_us[static_cast<size_t>(id)] = model_us(t);
    std::fprintf(stderr, "logical_clock: machine %d: %s\n", id, why.c_str());
    return;
  }
  kill(id, t, "failed: " + why);
}

void Simulator::show_progress(int64_t t, bool last) {
  if (last) {
    std::fputs("\r\033[K", stderr);
    return;
  }
  std::fprintf(stderr, "\r\033[Klogical_clock: model time %.1f / %.6g s  %llu rows", static_cast<double>(t) / 1e9,
               static_cast<double>(plan_.options.duration_us) / 1e6, static_cast<unsigned long long>(rows_));
}

int Simulator::run(ReservedFile* run_file) {
  const Options& o = plan_.options;
  progress_ = !o.quiet && ::isatty(STDERR_FILENO);
  for (int i = 0; i < n_; ++i) {
    check_log(i, 0);
    schedule_tick(i);
  }
  for (const Options::Kill& k : o.kills) {
    Event e;
    e.t = clock_.mono_ns_at_us(k.at_us);
    e.kind = kKill;
    e.from = k.machine;
    e.order = static_cast<uint64_t>(k.machine);
    push(e);
  }
  Event last_event;
  last_event.t = end_ns_;
  last_event.kind = kEnd;
  push(last_event);
  uint64_t handled = 0;
  while (!events_.empty()) {
    const Event e = events_.top();
    events_.pop();
    if ((++handled & 4095) == 0) {
      if (g_stop && !ended_ && e.t < end_ns_) {
        stopped_at_us_ = model_us(e.t);
        end(e.t);  // ticks still queued find the run ended
      }
      if (progress_ && monotonic_ns() >= next_progress_ns_) {
        next_progress_ns_ = monotonic_ns() + int64_t{kProgressMs} * 1'000'000;
        show_progress(e.t, false);
      }
    }
    switch (e.kind) {
      case kArrive: arrive(e); break;
      case kBye: channel_ended(e.to, e.t); break;
      case kDown: {
        uint8_t& live = machines_[static_cast<size_t>(e.to)].live[static_cast<size_t>(e.from)];
        if (live == 0) break;  // its end already crossed a partition at the run's end
        live = 0;
        channel_ended(e.to, e.t);
        break;
      }
      case kKill: kill(e.from, e.t, "was killed at model time " + micros_text(model_us(e.t)) + " s (--kill)"); break;
      case kTick: tick(e.from, e.t); break;
      case kEnd:
        if (!ended_) end(e.t);
        break;
    }
  }
  if (progress_) show_progress(0, true);

  outcome_.stopped_at_us = stopped_at_us_;
  for (int i = 0; i < n_; ++i) {
    SimMachine& m = machines_[static_cast<size_t>(i)];
    if (m.alive) check_log(i, end_ns_);
    const MachineStep::Counts& c = m.step.counts();
    MachineTotals t;
    t.ticks = c.ticks;
    t.internal = c.internal;
    t.sent = c.sent;
    t.received = c.received;
    t.pending = m.pending;
    t.clock = static_cast<int64_t>(m.step.clock());
    t.peak_queue = static_cast<int64_t>(m.peak);
    outcome_.machines.push_back(t);
  }
  // Counted from the logs, as for the real engine: a log cut back after a failed write lacks
  // rows the simulation made (receives among them), which only the files can tell.
  count_losses(plan_, &outcome_);
  const Status s = run_file->commit(plan_.dir + "/run.txt", run_file_text(plan_, outcome_));
  if (!s.is_ok()) std::fprintf(stderr, "logical_clock: %s\n", s.message().c_str());
  print_summary(plan_, outcome_);
  return outcome_.failed() ? 1 : 0;
}

// A simulated run's identity: FNV-1a over everything that shapes its logs, so that two runs
// share it exactly when they are the same bytes (or differ only in where they are written).
uint64_t sim_run_id(const RunPlan& plan) {
  const Options& o = plan.options;
  std::string text = std::string("sim ") + LC_VERSION + " seed=" + std::to_string(plan.seed) + " rates=";
  for (int rate : plan.rates) text += std::to_string(rate) + ",";
  text += " internal_max=" + std::to_string(o.internal_max) + " duration_us=" + std::to_string(o.duration_us) +
          " epoch_us=" + std::to_string(o.epoch_us) + " latency=" + o.latency.text() + " links=";
  for (const Options::Link& l : o.links)
    text += std::to_string(l.from) + "-" + std::to_string(l.to) + ":" + l.latency.text() + ",";
  text += " kills=";
  for (const Options::Kill& k : o.kills) text += std::to_string(k.machine) + "@" + std::to_string(k.at_us) + ",";
  text += o.vector ? " vector" : "";
  // Only when there are some: the identities of runs without partitions stay as they were.
  if (!o.partitions.empty()) text += " partitions=" + Partitions(o.partitions).text();
  if (!o.skews.empty()) {
    text += " skews=";
    for (const ClockSkew& k : o.skews) text += std::to_string(k.machine) + ":" + std::to_string(k.us) + ",";
  }
  uint64_t hash = 0xcbf29ce484222325;
  for (char c : text) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3;
  return hash != 0 ? hash : 1;
}

// The open files a run needs: a log per machine, and a margin.
Status raise_fd_limit(int machines) {
  return raise_open_file_limit(static_cast<uint64_t>(machines) + 64, std::to_string(machines) + " machines' logs");
}

}  // namespace

int run_sim(const Options& options) {
  RunPlan plan;
  plan.options = options;
  Status s;
  if (!options.seed_given) s = random_u64(&plan.options.seed);
  plan.seed = plan.options.seed;
  plan.rates = machine_rates(plan.options);
  plan.run_id = sim_run_id(plan);
  if (s.is_ok()) s = raise_fd_limit(options.machines);
  if (s.is_ok()) {
    if (options.out_dir.empty()) {
      s = make_default_run_dir("runs", &plan.dir);
    } else {
      plan.dir = options.out_dir;
      s = make_out_dir(options.out_dir, options.force);
    }
  }
  ReservedFile run_file;
  if (s.is_ok()) (void)run_file.reserve(plan.dir + "/run.txt");
  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_stop;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
  Simulator sim(plan);
  if (s.is_ok()) s = sim.open_logs();
  if (!s.is_ok()) {
    std::fprintf(stderr, "logical_clock: %s\n", s.message().c_str());
    return 1;
  }
  return sim.run(&run_file);
}

}  // namespace lc
