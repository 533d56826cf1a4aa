// latency: the delay of every message of a run, from its logs alone: the arrival (model_time
// - queue_wait of its RECV or PENDING row) minus the model_time of its SEND row, in real
// microseconds (divided by the run's speed). Prints "messages=<n> mean_us= p10_us= p50_us=
// p90_us= p99_us= max_us=" on one line. For the benchmark's measure of the loopback delay
// that the simulation engine's default latency stands for.
//   latency RUN_DIR
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "logical_clock/base/file_io.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/log/log_reader.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: latency RUN_DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::vector<std::string> names;
  lc::Status s = lc::list_directory(dir, &names);
  std::map<std::tuple<int64_t, int64_t, int64_t>, int64_t> sent_at;  // (from, to, clock) -> model us
  std::vector<std::tuple<int64_t, int64_t, int64_t, int64_t>> arrivals;  // (from, to, clock, arrival)
  double speed = 1;
  for (const std::string& name : names) {
    int64_t id = 0;
    std::string rate;
    if (!s.is_ok() || !lc::parse_log_file_name(name, &id, &rate)) continue;
    lc::LogReader reader;
    if (!(s = reader.open(dir + "/" + name)).is_ok()) break;
    speed = reader.header().speed;
    lc::Row row;
    for (bool done = false;;) {
      if (!(s = reader.next(&row, &done)).is_ok() || done) break;
      if (row.event == lc::LogEvent::kSend) {
        for (int64_t to : row.peers) sent_at[{id, to, row.msg_clock}] = row.model_us;
      } else if (row.event == lc::LogEvent::kReceive || row.event == lc::LogEvent::kPending) {
        arrivals.emplace_back(row.peers[0], id, row.msg_clock, row.model_us - row.wait_us);
      }
    }
  }
  if (!s.is_ok()) {
    std::fprintf(stderr, "latency: %s\n", s.message().c_str());
    return 1;
  }
  std::vector<double> us;
  for (const auto& [from, to, clock, arrival] : arrivals) {
    auto it = sent_at.find({from, to, clock});
    if (it != sent_at.end()) us.push_back(static_cast<double>(arrival - it->second) / speed);
  }
  if (us.empty()) {
    std::fprintf(stderr, "latency: no message in %s\n", dir.c_str());
    return 1;
  }
  std::sort(us.begin(), us.end());
  double sum = 0;
  for (double v : us) sum += v;
  auto at = [&us](double q) { return us[std::min(us.size() - 1, static_cast<size_t>(q * static_cast<double>(us.size())))]; };
  std::printf("messages=%zu mean_us=%.1f p10_us=%.1f p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f\n", us.size(),
              sum / static_cast<double>(us.size()), at(0.10), at(0.50), at(0.90), at(0.99), us.back());
  return 0;
}
