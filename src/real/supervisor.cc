#include "logical_clock/real/supervisor.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include "logical_clock/base/sys.h"
#include "logical_clock/log/numbers.h"
#include "supervisor_state.h"

namespace lc {

namespace supervision {

void Supervisor::read_ticks_done(size_t i) {
  Child* c = &children_[i];
  ControlFrame frame;
  const ControlChannel::Got got = c->control.next(&frame, true);
  if (got == ControlChannel::Got::kNeedMore) return;
  if (got != ControlChannel::Got::kFrame || frame.type != ControlType::kTicksDone) {
    if (got != ControlChannel::Got::kEnd) note_bad_control(i, got, frame);
    c->control.reset();
  }
  c->ticks_done = true;
}

// A control socket that carries anything but the protocol's next frame: one line, and the
// socket is closed (the machine then ends as one whose parent went away).
void Supervisor::note_bad_control(size_t i, ControlChannel::Got got, const ControlFrame& frame) {
  const std::string what = got == ControlChannel::Got::kBad
                               ? children_[i].control.error()
                               : "an unexpected " + control_type_name(static_cast<uint8_t>(frame.type)) + " frame";
  if (progress_) std::fputs("\r\033[K", stderr);
  std::fprintf(stderr, "logical_clock: control socket of machine %zu: %s\n", i, what.c_str());
}

// The end barrier: no machine starts its drain (byes, shutdowns, a burst of work for every
// listener) while another may still tick. Once every machine has said ticks_done (its ticks are done,
// or it left) or has gone, every machine hears go; a late machine is waited for however late,
// and one that makes no progress is killed (judge_progress), which lets the others go. After a
// signal the machines drain on their SIGTERM instead.
void Supervisor::release_drain() {
  if (drain_released_) return;
  bool all = true;
  for (const Child& c : children_) all = all && (c.ticks_done || c.reaped);
  if (!all) return;
  drain_released_ = true;
  ControlFrame go;
  go.type = ControlType::kGo;
  for (Child& c : children_)
    if (c.control.valid() && !c.reaped) (void)c.control.send(go, "control socket");
}

int Supervisor::next_wait_ms() const {
  const int64_t end = clock_->mono_ns_at_us(plan_.options.duration_us);
  int64_t due = judging() ? monotonic_ns() + int64_t{kJudgeMs} * 1'000'000 : end;
  const std::vector<Options::Kill>& kills = plan_.options.kills;
  for (size_t i = 0; i < kills.size(); ++i)
    if (!killed_[i]) due = std::min(due, clock_->mono_ns_at_us(kills[i].at_us));
  int64_t wait = std::max<int64_t>(0, (due - monotonic_ns() + 999'999) / 1'000'000);
  if (progress_) wait = std::min<int64_t>(wait, kProgressMs);
  return static_cast<int>(std::min<int64_t>(wait, 60'000));
}

// From the run's end, or its stop, on: every machine must finish, so one that makes no
// progress holds the others up. Before, a stopped machine only delays its own ticks.
bool Supervisor::judging() const {
  return stop_requested_ns_ > 0 || monotonic_ns() >= clock_->mono_ns_at_us(plan_.options.duration_us);
}

// Samples every live machine's heartbeat and scheduling; kills one that makes no progress
// (ProgressJudge), naming it. Its connections then end, and its peers carry on without it.
void Supervisor::judge_progress() {
  const int64_t now = monotonic_ns();
  for (size_t i = 0; i < children_.size(); ++i) {
    Child& c = children_[i];
    if (c.reaped || (c.pid <= 0 && !c.remote) || c.stall_killed) continue;
    ProgressJudge::Sample sample;
    sample.at_ns = now;
    sample.beats = stats_[static_cast<int>(i)].beats.load(std::memory_order_relaxed);
    SchedStat sched;
    if (c.remote) {
      // Its host's word, as of its last counters: a host that says nothing (a cut network)
      // makes no progress in this view.
      sample.sched_known = c.far.waited_ns() >= 0;
      sample.waited_ns = c.far.waited_ns();
    } else if (read_sched_stat(c.pid, &sched).is_ok()) {
      sample.sched_known = true;
      sample.waited_ns = sched.waited_ns;
    }
    if (!c.judge.observe(sample)) continue;
    c.stall_killed = true;
    c.failure = "machine " + std::to_string(i) + " (" + c.where + ") made no progress for " +
                std::to_string(kStallNs / 1'000'000'000) + " s (stopped or hung" +
                (c.remote ? ", or its host unreachable" : "") + "); killed it";
    if (progress_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "logical_clock: %s\n", c.failure.c_str());
    signal(&c, SIGKILL);
    if (c.remote) give_up_remote(i);
  }
}

// Late ticks at a high speed carry model time far past the duration: a run whose model time
// reaches half of what a log can hold (kMaxModelSeconds) is stopped as a signal would stop
// it, so that the drain's last rows still fit.
void Supervisor::stop_at_model_limit() {
  constexpr int64_t kLimitUs = kMaxModelSeconds / 2 * 1'000'000;
  if (stop_requested_ns_ > 0 || clock_->model_us(monotonic_ns()) < kLimitUs) return;
  if (progress_) std::fputs("\r\033[K", stderr);
  std::fprintf(stderr, "logical_clock: model time passed %lld s, half of what a log can hold; stopping the run\n",
               static_cast<long long>(kMaxModelSeconds / 2));
  signals_.add();
}

// --kill ID@S: SIGKILL to machine ID once model time S has come.
void Supervisor::fire_kills() {
  const std::vector<Options::Kill>& kills = plan_.options.kills;
  for (size_t i = 0; i < kills.size(); ++i) {
    if (killed_[i] || monotonic_ns() < clock_->mono_ns_at_us(kills[i].at_us))
      continue;
    killed_[i] = true;
    Child& c = children_[static_cast<size_t>(kills[i].machine)];
    if (c.reaped) continue;
    signal(&c, SIGKILL);
    if (progress_) std::fputs("\r\033[K", stderr);
    std::fprintf(stderr, "logical_clock: --kill: killed machine %d at model time %.3f s\n",
                 kills[i].machine, static_cast<double>(kills[i].at_us) / 1e6);
  }
}

void Supervisor::supervise() {
  killed_.assign(plan_.options.kills.size(), false);
  std::vector<pollfd> fds;
  while (!all_reaped()) {
    fds.assign(1, pollfd{signals_.wake_fd(), POLLIN, 0});
    for (const Child& c : children_)
      fds.push_back(pollfd{(c.ticks_done && !c.remote) || !c.control.valid() ? -1 : c.control.get(), POLLIN, 0});
    if (::poll(fds.data(), fds.size(), next_wait_ms()) > 0 && fds[0].revents) signals_.drain();
    ControlFrame frame;
    for (size_t i = 0; i < children_.size(); ++i) {
      if (!fds[i + 1].revents) continue;
      if (children_[i].remote) {
        (void)read_remote(i, &frame);
      } else {
        read_ticks_done(i);
      }
    }
    release_drain();
    fire_kills();
    if (judging()) judge_progress();
    stop_at_model_limit();
    const int stops = signals_.count();
    if (stops > stops_seen_) {
      // The first stop ends the ticks, the second the drain (one SIGTERM per machine each);
      // a third kills whatever is left.
      if (outcome_.stopped_at_us < 0) {
        stop_requested_ns_ = monotonic_ns();
        outcome_.stopped_at_us = std::max<int64_t>(0, clock_->model_us(stop_requested_ns_));
      }
      for (int k = stops_seen_; k < stops; ++k) signal_all(k < 2 ? SIGTERM : SIGKILL);
      stops_seen_ = stops;
    }
    reap();
    if (progress_) show_progress(false);
  }
  if (progress_) show_progress(true);
}

void Supervisor::show_progress(bool last) {
  if (last) {
    std::fputs("\r\033[K", stderr);
    return;
  }
  const Options& o = plan_.options;
  double model_s = static_cast<double>(clock_->model_us(monotonic_ns())) / 1e6;
  const double total_s = static_cast<double>(o.duration_us) / 1e6;
  if (model_s > total_s) model_s = total_s;
  if (model_s < 0) model_s = 0;
  long long events = 0, messages = 0, held = 0;
  for (int i = 0; i < o.machines; ++i) {
    events += stats_[i].ticks.load(std::memory_order_relaxed);
    messages += stats_[i].sent.load(std::memory_order_relaxed);
    held += stats_[i].held.load(std::memory_order_relaxed);
  }
  // Held messages outlast the duration by up to their delay: the line says what is waited for.
  const std::string holding = held > 0 ? "  " + std::to_string(held) + " held" : "";
  std::fprintf(stderr, "\r\033[Klogical_clock: model time %.1f / %.6g s  %lld events  %lld messages%s%s",
               model_s, total_s, events, messages, holding.c_str(), stops_seen_ > 0 ? "  (stopping)" : "");
}

int Supervisor::run() {
  std::vector<Fd> listeners;
  Status s = prepare(&listeners);
  if (s.is_ok()) s = spawn(&listeners);
  if (!s.is_ok()) {
    std::fprintf(stderr, "logical_clock: %s\n", s.message().c_str());
    signal_all(SIGTERM);
    for (Child& c : children_)
      if (c.pid > 0) ::waitpid(c.pid, nullptr, 0);
    return 1;
  }
  bool started = wait_ready();
  if (started) {
    s = start_all();
    if (!s.is_ok()) {
      std::fprintf(stderr, "logical_clock: %s\n", s.message().c_str());
      started = false;
    }
  }
  if (!started) {
    // Nothing ticked yet: stop every machine and report why. A machine that said it was ready
    // waits for the start whatever signals come; the end of its control socket releases it.
    // With nothing to drain they end at once; one that does not (stopped with SIGSTOP, say)
    // is killed after a grace period, or at once on a third stop signal.
    signal_all(SIGTERM);
    for (Child& c : children_) c.control.reset();
    // A remote machine's host stops it when its connection ends: nothing more comes of it.
    for (size_t i = 0; i < children_.size(); ++i)
      if (children_[i].remote && !children_[i].reaped) end_remote(i, "the run was given up before its start");
    bool killed = false;
    while (!all_reaped()) {
      wait_readable(signals_.wake_fd(), kJudgeMs);
      signals_.drain();
      reap();
      judge_progress();
      if (killed || signals_.count() < 3) continue;
      killed = true;  // a third signal: no more waiting
      for (size_t i = 0; i < children_.size(); ++i) {
        if (children_[i].reaped || children_[i].pid <= 0) continue;
        std::fprintf(stderr, "logical_clock: machine %zu did not end when the run was given up before its start; killing it\n", i);
        ::kill(children_[i].pid, SIGKILL);
      }
    }
    for (size_t i = 0; i < children_.size(); ++i) {
      Child& c = children_[i];
      if (!c.ended_unready || !c.failure.empty()) continue;
      c.failure = "machine " + std::to_string(i) + " (" + c.where + ") ended before the run started (a signal of its own?)";
      std::fprintf(stderr, "logical_clock: %s\n", c.failure.c_str());
    }
    if (failures() == 0)
      std::fprintf(stderr, "logical_clock: stopped before the machines started; nothing was logged\n");
    return 1;
  }
  progress_ = !plan_.options.quiet && ::isatty(STDERR_FILENO);
  supervise();
  gather_outcome();
  count_losses(plan_, &outcome_);
  s = run_file_.commit(plan_.dir + "/run.txt", run_file_text(plan_, outcome_));
  if (!s.is_ok()) std::fprintf(stderr, "logical_clock: %s\n", s.message().c_str());
  print_summary(plan_, outcome_);
  return failures() > 0 ? 1 : 0;
}

}  // namespace supervision

int run_supervisor(const Options& options, MachineLauncher* remote) {
  supervision::Supervisor supervisor(options, remote);
  return supervisor.run();
}

}  // namespace lc
