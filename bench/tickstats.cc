// tickstats: timing figures of one logical_clock run, computed from its logs alone.
//
//   tickstats RUN_DIR
//
// Tick k of machine i (rate r) is due at model time k / r; the row's model_time is when it
// actually ran, so its lateness in real time is (model_time - k / r) / speed. Prints one line
// of key=value pairs for all machines together:
//
//   machines        N (vm_*.log files)
//   ticks           tick rows (every row but PENDING)
//   expected        sum over machines of floor(rate x duration)
//   sent            messages sent (a SEND row counts one per receiver)
//   received        RECV rows        pending   PENDING rows
//   lat_p50_us, lat_p99_us, lat_max_us   lateness of ticks, real microseconds (nearest rank)
//   body_p50_us, body_p99_us, body_max_us    the same without each machine's final tick
//   final_p50_us, final_max_us   lateness of the final ticks: those due at the very end, the
//                   instant the machines begin to drain (rate x duration whole); 0 when none
//   fastest_rate    the highest rate    speed, duration   from the headers
//   start           the header's start= (Unix s)
//   first_tick      when the earliest tick ran (Unix s): start + model_time / speed
//   last_tick       when the latest tick ran (Unix s), the same way; both 0 when no tick ran
//
// The logs are read with the project's one log reader (include/logical_clock/log/log_reader.h), so a log that lcstat
// would refuse as malformed is refused here too. The tick instants come from model_time on the
// run's monotonic clock and the header's start= and speed=; the rows' system_time is the same
// instant on the wall clock (lcstat checks that they agree).
// Exit status 0, or 2 on unreadable or malformed input.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "logical_clock/base/file_io.h"
#include "logical_clock/log/log_reader.h"
#include "logical_clock/log/numbers.h"

namespace {

using lc::Status;

struct Totals {
  int machines = 0;
  int64_t ticks = 0, expected = 0, sent = 0, received = 0, pending = 0;
  double fastest_rate = 0;
  double speed = 0;
  int64_t duration_us = 0, start_us = 0;
  int64_t first_model_us = INT64_MAX, last_model_us = INT64_MIN;  // over all machines' ticks
  std::vector<double> lateness_us;                                 // real microseconds
  std::vector<double> body_us;                                     // ticks due before the end
  std::vector<double> final_us;                                    // ticks due at the end
};

Status read_log(const std::string& path, Totals* t) {
  lc::LogReader reader;
  Status s = reader.open(path);
  if (!s.is_ok()) return s;
  const lc::LogHeader& h = reader.header();
  const double speed = h.speed;
  t->start_us = h.start_us;

  // Ticks per second; exact for the whole rates logical_clock writes.
  const double rate = static_cast<double>(h.rate_micro) / 1e6;
  const int64_t expected = h.expected_ticks();
  // The last tick is due at the very end when rate x duration is whole: tick `expected`.
  const __int128 due_product = static_cast<__int128>(h.rate_micro) * h.duration_us;
  const __int128 micro_squared = static_cast<__int128>(lc::kMicrosPerSecond) * lc::kMicrosPerSecond;
  const int64_t final_k = due_product % micro_squared == 0 ? expected : -1;

  t->machines += 1;
  t->expected += expected;
  t->fastest_rate = std::max(t->fastest_rate, rate);
  t->speed = speed;
  t->duration_us = h.duration_us;

  int64_t k = 0;
  lc::Row row;
  for (;;) {
    bool done = false;
    s = reader.next(&row, &done);
    if (!s.is_ok()) return s;
    if (done) break;
    if (row.event == lc::LogEvent::kPending) {
      ++t->pending;
      continue;
    }
    if (row.event == lc::LogEvent::kReceive) ++t->received;
    if (row.event == lc::LogEvent::kSend) t->sent += static_cast<int64_t>(row.peers.size());
    ++k;
    // Due at k / rate model seconds: late by model_us - k * 1e6 / rate model microseconds.
    const double late_model_us =
        (static_cast<double>(row.model_us) * rate - static_cast<double>(k) * 1e6) / rate;
    const double late_us = late_model_us / speed;
    t->lateness_us.push_back(late_us);
    if (k == final_k) t->final_us.push_back(late_us);
    else t->body_us.push_back(late_us);
    t->first_model_us = std::min(t->first_model_us, row.model_us);
    t->last_model_us = std::max(t->last_model_us, row.model_us);
  }
  t->ticks += k;
  return Status::ok();
}

double largest(const std::vector<double>& v) {
  return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

double nearest_rank(std::vector<double>* v, double p) {
  if (v->empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v->size())));
  if (rank == 0) rank = 1;
  auto nth = v->begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(v->begin(), nth, v->end());
  return *nth;
}

// Unix seconds of a tick that ran at model time `model_us`; 0 when there was none.
double unix_seconds(const Totals& t, int64_t model_us, bool any) {
  if (!any) return 0;
  const double real_us = std::round(static_cast<double>(model_us) / t.speed);
  return (static_cast<double>(t.start_us) + real_us) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: tickstats RUN_DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::vector<std::string> names;
  Status s = lc::list_directory(dir, &names);
  Totals t;
  for (const std::string& name : names) {
    if (!s.is_ok()) break;
    if (name.size() >= 7 && name.compare(0, 3, "vm_") == 0 && name.compare(name.size() - 4, 4, ".log") == 0)
      s = read_log(dir + "/" + name, &t);
  }
  if (s.is_ok() && t.machines == 0) s = Status::error("no vm_*.log in " + dir);
  if (!s.is_ok()) {
    std::fprintf(stderr, "tickstats: %s\n", s.message().c_str());
    return 2;
  }

  const bool any = t.ticks > 0;
  std::printf(
      "machines=%d ticks=%lld expected=%lld sent=%lld received=%lld pending=%lld "
      "lat_p50_us=%.1f lat_p99_us=%.1f lat_max_us=%.1f body_p50_us=%.1f body_p99_us=%.1f "
      "body_max_us=%.1f final_p50_us=%.1f final_max_us=%.1f fastest_rate=%.17g speed=%.17g "
      "duration=%.6f start=%.6f first_tick=%.6f last_tick=%.6f\n",
      t.machines, static_cast<long long>(t.ticks), static_cast<long long>(t.expected),
      static_cast<long long>(t.sent), static_cast<long long>(t.received),
      static_cast<long long>(t.pending), nearest_rank(&t.lateness_us, 0.50),
      nearest_rank(&t.lateness_us, 0.99), largest(t.lateness_us), nearest_rank(&t.body_us, 0.50),
      nearest_rank(&t.body_us, 0.99), largest(t.body_us), nearest_rank(&t.final_us, 0.50),
      largest(t.final_us), t.fastest_rate, t.speed, static_cast<double>(t.duration_us) / 1e6,
      static_cast<double>(t.start_us) / 1e6, unix_seconds(t, t.first_model_us, any),
      unix_seconds(t, t.last_model_us, any));
  return 0;
}
