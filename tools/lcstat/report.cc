#include "report.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "logical_clock/base/file_io.h"
#include "logical_clock/log/numbers.h"

namespace lc::lcstat {

namespace {

std::string join_rates(const RunResult& result, char sep) {
  std::string text;
  for (const MachineSummary& m : result.machines) {
    if (!text.empty()) text.push_back(sep);
    text += m.rate_text;
  }
  return text;
}

std::string or_unknown(const std::string& text) { return text.empty() ? "?" : text; }

std::string fixed(double value, int decimals) {
  std::string text;
  append_fixed(&text, value, decimals);
  return text;
}

// The figures both CSV files share, from jump_mean to wait_max.
void append_figures(std::string* line, const MachineSummary& m) {
  *line += fixed(m.jump_mean(), 6) + "," + std::to_string(m.jump_max) + "," + fixed(m.queue_mean(), 6) + "," +
           std::to_string(m.queue_max) + "," + fixed(m.wait_mean_s(), 6) + ",";
  append_micros(line, m.wait_max_us);
}

// invented / lamport, 6 decimals; empty when the clocks order no pair.
std::string share_text(unsigned __int128 invented, unsigned __int128 lamport) {
  return lamport > 0 ? fixed(static_cast<double>(invented) / static_cast<double>(lamport), 6) : std::string();
}

// causal_pairs,lamport_pairs,invented_pairs,invented_share,ties of one machine (or their sums).
std::string causality_fields(const MachineCausality& m) {
  return u128_text(m.causal) + "," + u128_text(m.earlier) + "," + u128_text(m.invented()) + "," +
         share_text(m.invented(), m.earlier) + "," + u128_text(m.ties);
}

MachineCausality causality_sums(const CausalitySummary& c) {
  MachineCausality sum;
  for (const MachineCausality& m : c.machines) {
    sum.events += m.events;
    sum.causal += m.causal;
    sum.earlier += m.earlier;
    sum.ties += m.ties;
  }
  return sum;
}

void print_causality(const RunResult& result, std::FILE* out) {
  const CausalitySummary& c = result.causality;
  std::fprintf(out, "causality: %lld events, %s pairs: %s causally ordered, %s concurrent\n",
               static_cast<long long>(c.events), u128_text(c.pairs).c_str(), u128_text(c.causal).c_str(),
               u128_text(c.concurrent).c_str());
  std::fprintf(out,
               "  the Lamport clocks order %s pairs (C(a) < C(b)), %s of them concurrent: invented order %.3f%%; "
               "%s ties (C(a) = C(b), all concurrent)\n",
               u128_text(c.lamport).c_str(), u128_text(c.invented).c_str(), 100 * c.invented_share(),
               u128_text(c.tie_pairs).c_str());
  std::fprintf(out, "%7s %8s %14s %14s %14s %10s %12s\n", "machine", "events", "causal", "lamport", "invented",
               "invented %", "tie ends");
  auto row = [out](const std::string& name, const MachineCausality& m) {
    const std::string share =
        m.earlier > 0 ? fixed(100 * static_cast<double>(m.invented()) / static_cast<double>(m.earlier), 3) : "-";
    std::fprintf(out, "%7s %8lld %14s %14s %14s %10s %12s\n", name.c_str(), static_cast<long long>(m.events),
                 u128_text(m.causal).c_str(), u128_text(m.earlier).c_str(), u128_text(m.invented()).c_str(),
                 share.c_str(), u128_text(m.ties).c_str());
  };
  for (size_t i = 0; i < c.machines.size(); ++i) row(std::to_string(i), c.machines[i]);
  row("all", causality_sums(c));
  if (c.vclock_logged)
    std::fprintf(out, "vector clocks: the logs' vclock column checked against the rebuild on %lld rows\n",
                 static_cast<long long>(c.vclock_rows));
  if (!c.exact()) {
    std::string why;
    if (c.unlogged_receives > 0)
      why += std::to_string(c.unlogged_receives) +
             " receive(s) of messages sent after their failed sender's last logged row (its last logged vector "
             "taken as a lower bound)";
    if (c.unpaired_receives > 0)
      why += std::string(why.empty() ? "" : "; ") + std::to_string(c.unpaired_receives) +
             " receive(s) whose SEND is not in the logs";
    if (c.late_clocks > 0)
      why += std::string(why.empty() ? "" : "; ") + std::to_string(c.late_clocks) +
             " event(s) whose clock breaks the clock rule, left out of the Lamport counts";
    std::fprintf(out,
                 "causality approximate: %s; %lld event(s) may lack causal predecessors (causal pairs are a lower "
                 "bound, concurrent and invented ones upper bounds)\n",
                 why.c_str(), static_cast<long long>(c.approximate_events));
  }
}

// "<value> <share of machine 0> ... <share of machine N-1>" for every value any machine had.
Status write_histograms(const RunResult& result, const std::string& path, const char* what,
                        const Histogram MachineSummary::*member) {
  std::map<int64_t, std::vector<double>> rows;
  const size_t n = result.machines.size();
  for (size_t i = 0; i < n; ++i) {
    const MachineSummary& m = result.machines[i];
    for (auto [value, count] : (m.*member).entries()) {
      auto& shares = rows.try_emplace(value, n, 0.0).first->second;
      shares[i] = static_cast<double>(count) / static_cast<double>(m.ticks);
    }
  }
  std::string text = std::string("# ") + what + ", then per machine the share of its tick rows with it\n";
  for (const auto& [value, shares] : rows) {
    append_count(&text, value);
    for (double share : shares) text += " " + fixed(share, 6);
    text.push_back('\n');
  }
  return write_whole_file(path, text);
}

// The theory beside the measurement, per machine: measured over the model time the machine
// covers (its clock rate's), predicted from the rates, N and INTERNAL_MAX alone.
double per_second(int64_t count, const MachineSummary& m) {
  return m.duration_us > 0 ? static_cast<double>(count) * 1e6 / static_cast<double>(m.duration_us) : 0;
}
// The standard error of the growth (pending per second): the queue as a walk whose steps are
// independent, its end's spread the root of the sum of its squared steps. A queue that cannot
// keep up drifts upward by far more than that over a long run; one with no drift does not.
double growth_se(const MachineSummary& m) {
  return m.duration_us > 0 ? std::sqrt(m.queue_step_sq) * 1e6 / static_cast<double>(m.duration_us) : 0;
}
double recv_share(const MachineSummary& m) {
  return m.ticks > 0 ? static_cast<double>(m.received) / static_cast<double>(m.ticks) : 0;
}
const char* queue_regime(const MachineForecast& f) {
  return f.unbounded() ? "grows" : f.critical() ? "critical" : "bounded";
}

void print_theory(const RunResult& result, std::FILE* out) {
  const std::vector<MachineForecast> forecast = run_forecast(result);
  if (forecast.empty()) return;
  std::fprintf(out, "theory (docs/analysis.md, \"The theory\"): measured | predicted from the rates, N and INTERNAL_MAX\n");
  std::fprintf(out, "%7s %6s | %10s %9s | %10s %9s | %9s %9s | %s\n", "machine", "rate", "recv share", "predicted",
               "arrivals/s", "predicted", "growth/s", "predicted", "queue");
  for (size_t i = 0; i < result.machines.size(); ++i) {
    const MachineSummary& m = result.machines[i];
    const MachineForecast& f = forecast[i];
    std::fprintf(out, "%7lld %6s | %10.3f %9.3f | %10.3f %9.3f | %9.3f %9.3f | %s\n", static_cast<long long>(m.machine),
                 m.rate_text.c_str(), recv_share(m), f.recv_share, per_second(m.received + m.pending, m),
                 f.arrival_rate, per_second(m.pending, m), f.growth, queue_regime(f));
  }
}

// summary.csv's theory columns, recv_share .. pred_queue: each measured figure, then the
// prediction (empty when there is none).
struct TheoryFigures {
  double recv_share = 0;
  double arrival_rate = 0;
  double growth = 0;
};
void append_theory(std::string* line, const TheoryFigures& measured, const MachineForecast* f, const char* regime) {
  auto predicted = [f](double value) { return f ? fixed(value, 6) : std::string(); };
  *line += "," + fixed(measured.recv_share, 6) + "," + predicted(f ? f->recv_share : 0) + "," +
           fixed(measured.arrival_rate, 6) + "," + predicted(f ? f->arrival_rate : 0) + "," +
           fixed(measured.growth, 6) + "," + predicted(f ? f->growth : 0) + "," + regime;
}

// The machines' clock offsets to their parent's clock (line 1's clock_offset=, within
// clock_uncertainty=), by which system_time was corrected; nothing for logs without them.
void print_clock_offsets(const RunResult& result, std::FILE* out) {
  std::string text;
  for (const LogHeader& h : result.headers) {
    if (h.clock_uncertainty_us < 0) continue;
    text += (text.empty() ? " machine " : ", ") + std::to_string(h.machine) + " ";
    text += (h.clock_offset_us >= 0 ? "+" : "") + micros_text(h.clock_offset_us) + " s +-" +
            micros_text(h.clock_uncertainty_us);
    if (h.skew_given) text += " (--skew " + micros_text(h.skew_us) + ")";
  }
  if (!text.empty())
    std::fprintf(out, "clock offsets to the parent's clock (system_time - clock_offset is checked):%s\n", text.c_str());
}

}  // namespace

std::vector<MachineForecast> run_forecast(const RunResult& result) {
  std::vector<MachineForecast> out;
  const std::string& k = result.headers.empty() ? std::string() : result.headers[0].internal_max;
  if (k.empty() || k.size() > 9 || k.find_first_not_of("0123456789") != std::string::npos) return out;
  std::vector<double> rates;
  for (const MachineSummary& m : result.machines) rates.push_back(static_cast<double>(m.rate_micro) / 1e6);
  if (!forecast(rates, std::stoi(k), &out)) out.clear();
  return out;
}

RunTotals run_totals(const RunResult& result) {
  RunTotals totals;
  MachineSummary& t = totals.sum;
  bool first = true;
  for (const MachineSummary& m : result.machines) {
    t.ticks += m.ticks;
    t.internal += m.internal;
    t.send_events += m.send_events;
    t.sent += m.sent;
    t.received += m.received;
    t.pending += m.pending;
    t.jump_sum += m.jump_sum;
    t.jump_max = first ? m.jump_max : std::max(t.jump_max, m.jump_max);
    t.queue_sum += m.queue_sum;
    t.queue_max = std::max(t.queue_max, m.queue_max);
    t.wait_sum_us += m.wait_sum_us;
    t.wait_max_us = std::max(t.wait_max_us, m.wait_max_us);
    t.final_clock = std::max(t.final_clock, m.final_clock);
    t.duration_us = m.duration_us;
    totals.clock_rate_min = first ? m.clock_rate() : std::min(totals.clock_rate_min, m.clock_rate());
    totals.clock_rate_max = std::max(totals.clock_rate_max, m.clock_rate());
    first = false;
  }
  return totals;
}

void print_table(const RunResult& result, std::FILE* out) {
  const LogHeader& h = result.headers[0];
  std::fprintf(out, "run %s: %zu machines, rates %s, internal_max %s, seed %s, speed %s, duration %s s\n",
               result.dir.c_str(), result.machines.size(), join_rates(result, ' ').c_str(),
               or_unknown(h.internal_max).c_str(), or_unknown(h.seed).c_str(), h.speed_text.c_str(),
               micros_text(h.duration_us).c_str());
  const RunEnding& e = result.ending;
  if (e.status == "stopped")
    std::fprintf(out, "stopped by a signal at model time %s s (run.txt): tick counts are checked as at most "
                      "floor(rate x duration), clock rates over the time until the stop\n",
                 micros_text(e.stopped_at_us).c_str());
  for (const auto& [id, at] : e.machine_stops_us)
    std::fprintf(out, "machine %lld stopped ticking at model time %s s (run.txt): its tick count is checked as at most "
                      "floor(rate x duration)\n", static_cast<long long>(id), micros_text(at).c_str());
  if (e.status == "failed")
    std::fprintf(out, "run.txt: status=failed (machines %s): the run did not end cleanly\n", e.failed.c_str());
  if (e.forced)
    std::fprintf(out, "run.txt: forced=1: a second signal cut the drain short; messages in flight then were not logged\n");
  for (const auto& [channel, claim] : e.claims) {
    const std::string ids = std::to_string(channel.first) + "_" + std::to_string(channel.second);
    std::string keys;
    if (claim.lost_line != 0) keys += " lost_" + ids + "=" + std::to_string(claim.lost);
    if (claim.dropped_line != 0) keys += " dropped_" + ids + "=" + std::to_string(claim.dropped);
    if (claim.undelivered_line != 0)
      keys += " undelivered_" + ids + "=" + std::to_string(claim.undelivered) + " (" + claim.undelivered_cause + ")";
    std::fprintf(out, "run.txt: channel %lld->%lld:%s\n", static_cast<long long>(channel.first),
                 static_cast<long long>(channel.second), keys.c_str());
  }
  for (const std::string& note : result.notes) std::fprintf(out, "note: %s\n", note.c_str());
  print_clock_offsets(result, out);
  if (result.lost_explained > 0)
    std::fprintf(out, "messages missing as run.txt accounts for them (failed machine, given up, forced stop, "
                      "held by a partition at the end): %lld\n",
                 static_cast<long long>(result.lost_explained));
  std::fprintf(out, "%7s %6s %8s %8s %7s %7s %5s | %9s %5s | %10s %5s | %12s %9s | %7s %8s\n", "machine",
               "rate", "ticks", "internal", "sent", "recv", "pend", "jump mean", "max", "queue mean", "max",
               "wait mean s", "max s", "final", "clock/s");
  auto row = [out](const std::string& name, const std::string& rate, const MachineSummary& m, double rate_value) {
    std::fprintf(out, "%7s %6s %8lld %8lld %7lld %7lld %5lld | %9.3f %5lld | %10.3f %5lld | %12.6f %9.6f | %7lld %8.3f\n",
                 name.c_str(), rate.c_str(), static_cast<long long>(m.ticks), static_cast<long long>(m.internal),
                 static_cast<long long>(m.sent), static_cast<long long>(m.received),
                 static_cast<long long>(m.pending), m.jump_mean(), static_cast<long long>(m.jump_max),
                 m.queue_mean(), static_cast<long long>(m.queue_max), m.wait_mean_s(),
                 static_cast<double>(m.wait_max_us) / 1e6, static_cast<long long>(m.final_clock), rate_value);
  };
  for (const MachineSummary& m : result.machines) row(std::to_string(m.machine), m.rate_text, m, m.clock_rate());
  RunTotals totals = run_totals(result);
  row("all", "", totals.sum, totals.clock_rate_max);
  std::fprintf(out, "drift between machines: max %lld, mean %.3f (over %llu tick rows)\n",
               static_cast<long long>(result.drift_max), result.drift_mean,
               static_cast<unsigned long long>(result.drift_samples));
  print_theory(result, out);
  print_causality(result, out);
  std::fprintf(out, "checks: %s\n",
               result.findings.total() == 0 ? "all rules hold" : result.findings.tally().c_str());
}

Status write_summaries(const RunResult& result, const std::string& dir) {
  std::string text =
      "machine,rate,ticks,internal,send_events,sent,received,pending,jump_mean,jump_max,queue_mean,"
      "queue_max,wait_mean,wait_max,final_clock,clock_rate,drift_mean,drift_max,recv_share,pred_recv_share,"
      "arrival_rate,pred_arrival_rate,growth,pred_growth,pred_queue,causal_pairs,lamport_pairs,invented_pairs,"
      "invented_share,ties,growth_se\n";
  auto counts = [](std::string* line, const MachineSummary& m) {
    for (int64_t v : {m.ticks, m.internal, m.send_events, m.sent, m.received, m.pending}) *line += std::to_string(v) + ",";
  };
  const std::vector<MachineForecast> forecast = run_forecast(result);
  const CausalitySummary& c = result.causality;
  // The all row: receives over all ticks, arrivals and growth summed over the machines (each
  // over its own time); predicted likewise.
  TheoryFigures all;
  double all_se_sq = 0;
  MachineForecast predicted;
  for (size_t i = 0; i < result.machines.size(); ++i) {
    const MachineSummary& m = result.machines[i];
    const MachineForecast* f = forecast.empty() ? nullptr : &forecast[i];
    text += std::to_string(m.machine) + "," + m.rate_text + ",";
    counts(&text, m);
    append_figures(&text, m);
    text += "," + std::to_string(m.final_clock) + "," + fixed(m.clock_rate(), 6) + ",,";
    const TheoryFigures measured{recv_share(m), per_second(m.received + m.pending, m), per_second(m.pending, m)};
    append_theory(&text, measured, f, f ? queue_regime(*f) : "");
    const double se = growth_se(m);
    text += "," + causality_fields(c.machines[i]) + "," + fixed(se, 6) + "\n";
    all_se_sq += se * se;
    all.arrival_rate += measured.arrival_rate;
    all.growth += measured.growth;
    if (f) {
      predicted.rate += f->rate;
      predicted.recv_share += f->recv_share * f->rate;
      predicted.arrival_rate += f->arrival_rate;
      predicted.growth += f->growth;
    }
  }
  if (predicted.rate > 0) predicted.recv_share /= predicted.rate;
  RunTotals totals = run_totals(result);
  text += "all,,";
  counts(&text, totals.sum);
  append_figures(&text, totals.sum);
  text += "," + std::to_string(totals.sum.final_clock) + "," + fixed(totals.clock_rate_max, 6) + "," +
          fixed(result.drift_mean, 6) + "," + std::to_string(result.drift_max);
  all.recv_share = recv_share(totals.sum);
  append_theory(&text, all, forecast.empty() ? nullptr : &predicted, "");
  text += "," + causality_fields(causality_sums(c)) + "," + fixed(std::sqrt(all_se_sq), 6) + "\n";
  Status s = write_whole_file(dir + "/summary.csv", text);
  if (!s.is_ok()) return s;

  const LogHeader& h = result.headers[0];
  const MachineSummary& t = totals.sum;
  text =
      "machines,rates,internal_max,seed,speed,duration,ticks,sent,received,pending,jump_mean,jump_max,"
      "queue_mean,queue_max,wait_mean,wait_max,drift_mean,drift_max,clock_rate_min,clock_rate_max,violations,"
      "status,lost,growth,pred_growth,pred_unbounded,pairs,causal_pairs,concurrent_pairs,lamport_pairs,"
      "invented_pairs,invented_share,tie_pairs,causality_exact,approximate_events,undelivered\n";
  text += std::to_string(result.machines.size()) + "," + join_rates(result, ';') + "," + h.internal_max + "," +
          h.seed + "," + h.speed_text + "," + micros_text(h.duration_us) + "," + std::to_string(t.ticks) + "," +
          std::to_string(t.sent) + "," + std::to_string(t.received) + "," + std::to_string(t.pending) + ",";
  append_figures(&text, t);
  text += "," + fixed(result.drift_mean, 6) + "," + std::to_string(result.drift_max) + "," +
          fixed(totals.clock_rate_min, 6) + "," + fixed(totals.clock_rate_max, 6) + "," +
          std::to_string(result.findings.total()) + "," +
          (result.ending.status.empty() ? std::string("complete") : result.ending.status) + "," +
          std::to_string(result.lost_explained) + ",";
  // The theory's columns: queue growth summed over the machines, measured and predicted, and
  // how many machines the theory says cannot keep up.
  int unbounded = 0;
  for (const MachineForecast& f : forecast) unbounded += f.unbounded() ? 1 : 0;
  text += fixed(all.growth, 6) + "," + (forecast.empty() ? "," : fixed(predicted.growth, 6) + "," + std::to_string(unbounded));
  text += "," + u128_text(c.pairs) + "," + u128_text(c.causal) + "," + u128_text(c.concurrent) + "," +
          u128_text(c.lamport) + "," + u128_text(c.invented) + "," + share_text(c.invented, c.lamport) + "," +
          u128_text(c.tie_pairs) + "," + (c.exact() ? "1" : "0") + "," + std::to_string(c.approximate_events);
  // The part of `lost` that a partition still held at the run's end (run.txt's undelivered_
  // counts): never delivered, yet no loss.
  int64_t undelivered = 0;
  for (const auto& [channel, claim] : result.ending.claims) undelivered += claim.undelivered;
  text += "," + std::to_string(undelivered) + "\n";
  return write_whole_file(dir + "/run_summary.csv", text);
}

Status write_plot_data(const RunResult& result, const std::string& plot_dir) {
  Status s = write_histograms(result, plot_dir + "/jump_hist.dat", "jump", &MachineSummary::jumps);
  if (s.is_ok()) s = write_histograms(result, plot_dir + "/queue_hist.dat", "queue length", &MachineSummary::queues);
  if (!s.is_ok()) return s;
  OutputFile file;
  if (!(s = file.open(plot_dir + "/messages.dat")).is_ok()) return s;
  file.append("# sender send_time receiver arrive_time msg_clock pending(1: still queued at the end)\n");
  std::string line;
  for (const Delivery& d : result.deliveries) {
    line.clear();
    append_count(&line, d.sender);
    line.push_back(' ');
    append_micros(&line, d.send_us);
    line.push_back(' ');
    append_count(&line, d.receiver);
    line.push_back(' ');
    append_micros(&line, d.arrive_us);
    line.push_back(' ');
    append_count(&line, d.clock);
    line += d.pending ? " 1\n" : " 0\n";
    file.append(line);
  }
  return file.commit();
}

}  // namespace lc::lcstat
