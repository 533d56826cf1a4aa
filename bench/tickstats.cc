// tickstats: timing figures of one logical_clock run, computed from its logs alone.
//
//   tickstats RUN_DIR
//
// Tick k of machine i (rate r) is due at model time k / r; the row's model_time is when it
// actually ran, so its lateness in real time is (model_time - k / r) / speed. Prints one line
// of key=value pairs for all machines together:
//
//   machines        N
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
//   first_tick      earliest tick row's system_time (Unix s)
//   last_tick       latest tick row's system_time (Unix s)
//
// Columns are found by their names in line 2, header keys by name in line 1, as the log
// format asks of readers. Exit status 0, or 2 on unreadable or malformed input.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Totals {
  int machines = 0;
  int64_t ticks = 0, expected = 0, sent = 0, received = 0, pending = 0;
  int fastest_rate = 0;
  double speed = 0, duration = 0, start = 0;
  int64_t first_tick_us = INT64_MAX, last_tick_us = INT64_MIN;  // Unix microseconds
  std::vector<double> lateness_us;                               // real microseconds
  std::vector<double> body_us;                                   // ticks due before the end
  std::vector<double> final_us;                                  // ticks due at the end
};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "tickstats: %s\n", what.c_str());
  std::exit(2);
}

bool read_file(const std::string& path, std::string* out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out->reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return false;
    }
    if (n == 0) break;
    out->append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return true;
}

// "<int>.<up to 6 digits>" as integer microseconds; false when malformed.
bool parse_micros(std::string_view s, int64_t* out) {
  int64_t whole = 0, frac = 0;
  size_t i = 0;
  if (s.empty()) return false;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    whole = whole * 10 + (s[i] - '0');
  }
  int digits = 0;
  if (i < s.size()) {
    for (++i; i < s.size(); ++i, ++digits) {
      if (s[i] < '0' || s[i] > '9' || digits >= 6) return false;
      frac = frac * 10 + (s[i] - '0');
    }
  }
  for (; digits < 6; ++digits) frac *= 10;
  *out = whole * 1'000'000 + frac;
  return true;
}

std::string header_value(std::string_view header, std::string_view key) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = header.find(' ', pos);
    if (end == std::string_view::npos) end = header.size();
    const std::string_view token = header.substr(pos, end - pos);
    if (token.size() > key.size() && token.substr(0, key.size()) == key && token[key.size()] == '=')
      return std::string(token.substr(key.size() + 1));
    pos = end + 1;
  }
  return "";
}

void read_log(const std::string& path, Totals* t) {
  std::string text;
  if (!read_file(path, &text)) fail("cannot read " + path + ": " + std::strerror(errno));
  const std::string_view all(text);
  const size_t eol1 = all.find('\n');
  if (eol1 == std::string_view::npos) fail(path + ": no header");
  const size_t eol2 = all.find('\n', eol1 + 1);
  if (eol2 == std::string_view::npos) fail(path + ": no column line");
  const std::string_view header = all.substr(0, eol1);
  const int rate = std::atoi(header_value(header, "rate").c_str());
  const double speed = std::strtod(header_value(header, "speed").c_str(), nullptr);
  int64_t duration_us = 0, start_us = 0;
  if (rate <= 0 || speed <= 0 || !parse_micros(header_value(header, "duration"), &duration_us) ||
      !parse_micros(header_value(header, "start"), &start_us))
    fail(path + ": header lacks rate, speed, duration or start");

  // Column positions by name.
  int c_system = -1, c_model = -1, c_event = -1, c_peers = -1;
  {
    const std::string_view cols = all.substr(eol1 + 1, eol2 - eol1 - 1);
    int index = 0;
    size_t pos = 0;
    while (pos <= cols.size()) {
      size_t end = cols.find(',', pos);
      if (end == std::string_view::npos) end = cols.size();
      const std::string_view name = cols.substr(pos, end - pos);
      if (name == "system_time") c_system = index;
      if (name == "model_time") c_model = index;
      if (name == "event") c_event = index;
      if (name == "peers") c_peers = index;
      ++index;
      pos = end + 1;
    }
  }
  if (c_system < 0 || c_model < 0 || c_event < 0 || c_peers < 0) fail(path + ": missing columns");

  t->machines += 1;
  t->expected += int64_t{rate} * duration_us / 1'000'000;
  t->fastest_rate = std::max(t->fastest_rate, rate);
  t->speed = speed;
  t->duration = static_cast<double>(duration_us) / 1e6;
  t->start = static_cast<double>(start_us) / 1e6;

  int64_t k = 0;
  std::string_view fields[16];
  size_t pos = eol2 + 1;
  while (pos < all.size()) {
    size_t eol = all.find('\n', pos);
    if (eol == std::string_view::npos) eol = all.size();
    const std::string_view line = all.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) continue;
    int nf = 0;
    size_t f = 0;
    while (nf < 16) {
      size_t comma = line.find(',', f);
      if (comma == std::string_view::npos) comma = line.size();
      fields[nf++] = line.substr(f, comma - f);
      if (comma == line.size()) break;
      f = comma + 1;
    }
    if (nf <= std::max({c_system, c_model, c_event, c_peers})) fail(path + ": short row");
    const std::string_view event = fields[c_event];
    if (event == "PENDING") {
      ++t->pending;
      continue;
    }
    if (event == "RECV") ++t->received;
    if (event == "SEND") t->sent += 1 + std::count(fields[c_peers].begin(), fields[c_peers].end(), ';');
    ++k;
    int64_t model_us = 0, system_us = 0;
    if (!parse_micros(fields[c_model], &model_us) || !parse_micros(fields[c_system], &system_us))
      fail(path + ": bad time in row " + std::to_string(k));
    // Due at k / rate model seconds: k * 1e6 / rate model microseconds, exact as a fraction.
    const double late_model_us =
        (static_cast<double>(model_us) * rate - static_cast<double>(k) * 1e6) / rate;
    const double late_us = late_model_us / speed;
    t->lateness_us.push_back(late_us);
    // Tick k is due at the very end when k / rate == duration: k * 1e6 == rate * duration_us.
    if (k * 1'000'000 == int64_t{rate} * duration_us) t->final_us.push_back(late_us);
    else t->body_us.push_back(late_us);
    t->first_tick_us = std::min(t->first_tick_us, system_us);
    t->last_tick_us = std::max(t->last_tick_us, system_us);
  }
  t->ticks += k;
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

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: tickstats RUN_DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  DIR* d = ::opendir(dir.c_str());
  if (!d) fail("cannot open " + dir + ": " + std::strerror(errno));
  std::vector<std::string> logs;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.rfind("vm_", 0) == 0 && name.size() > 4 && name.substr(name.size() - 4) == ".log")
      logs.push_back(dir + "/" + name);
  }
  ::closedir(d);
  if (logs.empty()) fail("no vm_*.log in " + dir);
  std::sort(logs.begin(), logs.end());

  Totals t;
  for (const std::string& path : logs) read_log(path, &t);
  std::printf(
      "machines=%d ticks=%lld expected=%lld sent=%lld received=%lld pending=%lld "
      "lat_p50_us=%.1f lat_p99_us=%.1f lat_max_us=%.1f body_p50_us=%.1f body_p99_us=%.1f "
      "body_max_us=%.1f final_p50_us=%.1f final_max_us=%.1f fastest_rate=%d speed=%.17g "
      "duration=%.6f start=%.6f first_tick=%.6f last_tick=%.6f\n",
      t.machines, static_cast<long long>(t.ticks), static_cast<long long>(t.expected),
      static_cast<long long>(t.sent), static_cast<long long>(t.received),
      static_cast<long long>(t.pending), nearest_rank(&t.lateness_us, 0.50),
      nearest_rank(&t.lateness_us, 0.99), largest(t.lateness_us), nearest_rank(&t.body_us, 0.50),
      nearest_rank(&t.body_us, 0.99), largest(t.body_us), nearest_rank(&t.final_us, 0.50),
      largest(t.final_us), t.fastest_rate, t.speed, t.duration, t.start,
      static_cast<double>(t.first_tick_us) / 1e6, static_cast<double>(t.last_tick_us) / 1e6);
  return 0;
}
