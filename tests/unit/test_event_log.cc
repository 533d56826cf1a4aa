// EventLog: the exact text of the header and of every kind of row, when rows reach the file
// (size and time thresholds, flush), and failed writes: an error naming the file and a file
// that ends at its last whole row.
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "check.h"
#include "logical_clock/base/decimal.h"
#include "logical_clock/log/event_log.h"
#include "logical_clock/log/log_reader.h"

namespace {

std::string g_dir;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

long long file_size(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<long long>(st.st_size);
}

bool contains(const std::string& text, const std::string& word) {
  return text.find(word) != std::string::npos;
}

std::string micros(int64_t v) {
  std::string s;
  lc::append_micros(&s, v);
  return s;
}

lc::LogRow row(lc::LogEvent event, uint64_t clock, size_t queue) {
  lc::LogRow r;
  r.system_us = 1'764'118'000'500'112;
  r.model_us = 250'112;
  r.event = event;
  r.clock = clock;
  r.queue = queue;
  return r;
}

void test_append_micros() {
  CHECK(micros(0) == "0.000000");
  CHECK(micros(1) == "0.000001");
  CHECK(micros(10) == "0.000010");
  CHECK(micros(183'020) == "0.183020");
  CHECK(micros(999'999) == "0.999999");
  CHECK(micros(1'000'000) == "1.000000");
  CHECK(micros(60'000'001) == "60.000001");
  CHECK(micros(1'764'118'000'250'000) == "1764118000.250000");
  CHECK(micros(INT64_MAX) == "9223372036854.775807");
  CHECK(micros(-1) == "-0.000001");
  CHECK(micros(-1'500'000) == "-1.500000");
  std::string s = "x=";
  lc::append_micros(&s, 42);
  CHECK(s == "x=0.000042");  // appends
}

void test_rows_text() {
  const std::string path = g_dir + "/vm_1_4.log";
  lc::EventLog log;
  lc::Status s = log.open(path);
  CHECK(s.is_ok());
  CHECK(log.path() == path);
  lc::HeaderLine h;
  h.machine = 1;
  h.rate = 4;
  h.machines = 4;
  h.seed = 42;
  h.speed = 1;
  h.internal_max = 10;
  h.duration_us = 60'000'000;
  h.start_us = 1'764'118'000'250'000;
  h.engine = "real";
  const std::string header =
      "# logical_clock machine=1 rate=4 machines=4 seed=42 speed=1 internal_max=10 duration=60 "
      "start=1764118000.250000 engine=real version=" LC_VERSION;
  log.begin(h);

  lc::LogRow r = row(lc::LogEvent::kInternal, 1, 0);
  r.peer = 3;           // ignored for INTERNAL
  r.msg_clock = 99;     // ignored for INTERNAL
  r.queue_wait_us = 5;  // ignored for INTERNAL
  log.add(r, 0);

  const std::vector<int> one = {3}, all = {0, 2, 3};
  r = row(lc::LogEvent::kSend, 2, 0);
  r.model_us = 500'090;
  r.receivers = &one;
  r.peer = 1;           // ignored for SEND
  r.msg_clock = 2;
  r.queue_wait_us = 7;  // ignored for SEND
  log.add(r, 0);

  r = row(lc::LogEvent::kSend, 3, 2);
  r.model_us = 750'000;
  r.receivers = &all;
  r.msg_clock = 3;
  log.add(r, 0);

  r = row(lc::LogEvent::kReceive, 7, 1);
  r.system_us = 1'764'118'001'000'101;
  r.model_us = 750'101;
  r.peer = 2;
  r.msg_clock = 6;
  r.queue_wait_us = 183'020;
  log.add(r, 0);

  r = row(lc::LogEvent::kReceive, 8, 0);
  r.system_us = 0;
  r.model_us = 0;
  r.peer = 0;
  r.msg_clock = 0;
  r.queue_wait_us = 0;
  log.add(r, 0);

  r = row(lc::LogEvent::kPending, 8, 0);
  r.model_us = 61'000'005;
  r.peer = 3;
  r.msg_clock = 12;
  r.queue_wait_us = 12'345'678;
  log.add(r, 0);

  const std::vector<int> zero = {0}, some = {0, 3};
  r = row(lc::LogEvent::kSend, UINT64_MAX, 123'456);
  r.model_us = 5;
  r.receivers = &zero;
  r.msg_clock = UINT64_MAX;
  log.add(r, 0);

  r = row(lc::LogEvent::kSend, UINT64_MAX - 1, 1);
  r.model_us = 1'000'000;
  r.receivers = &some;
  r.msg_clock = UINT64_MAX - 1;
  log.add(r, 0);

  // Before flush() and below both thresholds, nothing has reached the file.
  CHECK_EQ(file_size(path), 0LL);
  s = log.flush();
  CHECK(s.is_ok());
  CHECK(log.status().is_ok());

  const std::string expect =
      header + "\n" +
      "system_time,model_time,event,clock,queue,peers,msg_clock,queue_wait\n"
      "1764118000.500112,0.250112,INTERNAL,1,0,,,\n"
      "1764118000.500112,0.500090,SEND,2,0,3,2,\n"
      "1764118000.500112,0.750000,SEND,3,2,0;2;3,3,\n"
      "1764118001.000101,0.750101,RECV,7,1,2,6,0.183020\n"
      "0.000000,0.000000,RECV,8,0,0,0,0.000000\n"
      "1764118000.500112,61.000005,PENDING,8,0,3,12,12.345678\n"
      "1764118000.500112,0.000005,SEND,18446744073709551615,123456,0,18446744073709551615,\n"
      "1764118000.500112,1.000000,SEND,18446744073709551614,1,0;3,18446744073709551614,\n";
  const std::string got = read_file(path);
  CHECK(got == expect);
  if (got != expect) std::fprintf(stderr, "--- got:\n%s--- expected:\n%s", got.c_str(), expect.c_str());

  // flush() again writes nothing twice.
  CHECK(log.flush().is_ok());
  CHECK(read_file(path) == expect);
}

// Line 1 as log_format.h writes it: every key, the speed as the shortest decimal, the
// simulation's network, and the names of a run's files both ways.
void test_header_and_names() {
  lc::HeaderLine h;
  h.machine = 7;
  h.rate = 1000000;
  h.machines = 12;
  h.seed = 18446744073709551615ULL;
  h.internal_max = 3;
  h.duration_us = 2'500'000;
  h.start_us = 0;
  h.engine = "sim";
  h.latency = "exp:2ms";
  h.links = "0-1:0,3-2:uniform:1ms:2ms";
  for (const auto& [speed, text] : std::vector<std::pair<double, std::string>>{{1, "1"}, {0.5, "0.5"}, {20, "20"}, {1e-09, "1e-09"}}) {
    h.speed = speed;
    CHECK_EQ(lc::header_line(h), "# logical_clock machine=7 rate=1000000 machines=12 seed=18446744073709551615 speed=" + text +
                                     " internal_max=3 duration=2.5 start=0.000000 engine=sim latency=exp:2ms"
                                     " links=0-1:0,3-2:uniform:1ms:2ms version=" LC_VERSION);
  }
  // Partitions, when there are some, after the links; LogReader reads them back as written.
  h.speed = 1;
  h.partitions = "0,1|2@30-60;0|1|2@5-6";
  const std::string line = lc::header_line(h);
  CHECK_EQ(line, "# logical_clock machine=7 rate=1000000 machines=12 seed=18446744073709551615 speed=1"
                 " internal_max=3 duration=2.5 start=0.000000 engine=sim latency=exp:2ms"
                 " links=0-1:0,3-2:uniform:1ms:2ms partitions=0,1|2@30-60;0|1|2@5-6 version=" LC_VERSION);
  {
    std::ofstream(g_dir + "/partitions.log") << line << "\n" << lc::column_line() << "\n";
    lc::LogReader reader;
    CHECK(reader.open(g_dir + "/partitions.log").is_ok());
    CHECK_EQ(reader.header().partitions, std::string("0,1|2@30-60;0|1|2@5-6"));
    CHECK_EQ(reader.header().links, std::string("0-1:0,3-2:uniform:1ms:2ms"));
    h.partitions.clear();
    std::ofstream(g_dir + "/none.log") << lc::header_line(h) << "\n" << lc::column_line() << "\n";
    CHECK(reader.open(g_dir + "/none.log").is_ok());
    CHECK_EQ(reader.header().partitions, std::string());
  }
  CHECK_EQ(lc::column_line(), std::string("system_time,model_time,event,clock,queue,peers,msg_clock,queue_wait"));
  CHECK_EQ(lc::log_file_name(3, 6), std::string("vm_3_6.log"));
  int64_t id = -1;
  std::string rate;
  CHECK(lc::parse_log_file_name("vm_12_1000.log", &id, &rate) && id == 12 && rate == "1000");
  for (const char* bad : {"vm_.log", "vm_1_.log", "vm__2.log", "vm_x_2.log", "vm_1_2.txt", "run.txt", "vm_1.log"})
    CHECK(!lc::parse_log_file_name(bad, &id, &rate));
  CHECK(lc::is_log_file_name("vm_1.log"));  // looks like one: lcstat names it as misnamed
  lc::LogEvent e = lc::LogEvent::kInternal;
  for (lc::LogEvent want : {lc::LogEvent::kInternal, lc::LogEvent::kSend, lc::LogEvent::kReceive, lc::LogEvent::kPending})
    CHECK(lc::parse_event_name(lc::event_name(want), &e) && e == want);
  CHECK(!lc::parse_event_name("TICK", &e));
}

// A header whose only purpose is a short, known line 1.
lc::HeaderLine tiny_header() {
  lc::HeaderLine h;
  h.engine = "real";
  return h;
}

std::string internal_row_text(uint64_t clock) {
  return "1.000000,0.000001,INTERNAL," + std::to_string(clock) + ",0,,,\n";
}

lc::LogRow internal_row(uint64_t clock) {
  lc::LogRow r = row(lc::LogEvent::kInternal, clock, 0);
  r.system_us = 1'000'000;
  r.model_us = 1;
  return r;
}

void test_flush_on_size() {
  const std::string path = g_dir + "/size.log";
  lc::EventLog log;
  CHECK(log.open(path).is_ok());
  log.begin(tiny_header());
  std::string expect = lc::header_line(tiny_header()) + "\n" + lc::column_line() + "\n";
  bool crossed = false;
  int writes = 0;
  uint64_t clock = 1;
  while (writes < 3) {
    log.add(internal_row(clock), 0);  // a constant clock: only the size can trigger a write
    expect += internal_row_text(clock);
    ++clock;
    const long long size = file_size(path);
    if (!crossed && expect.size() < lc::EventLog::kFlushBytes) {
      // Below the threshold: nothing written yet.
      CHECK_EQ(size, 0LL);
    } else if (size == static_cast<long long>(expect.size())) {
      // Each write happens as the buffer reaches kFlushBytes, and takes all of it.
      crossed = true;
      ++writes;
      CHECK(read_file(path) == expect);
    } else {
      // Between writes the file holds whole rows only, less than one buffer behind.
      CHECK(size > 0);
      CHECK(static_cast<size_t>(size) + lc::EventLog::kFlushBytes > expect.size());
      CHECK(read_file(path) == expect.substr(0, static_cast<size_t>(size)));
    }
    if (clock > 100'000) break;
  }
  CHECK_EQ(writes, 3);
  CHECK(log.flush().is_ok());
  CHECK(read_file(path) == expect);
}

void test_flush_on_time() {
  const std::string path = g_dir + "/time.log";
  lc::EventLog log;
  CHECK(log.open(path).is_ok());
  log.begin(tiny_header());
  std::string expect = lc::header_line(tiny_header()) + "\n" + lc::column_line() + "\n";
  const int64_t t0 = 5'000'000'000;  // any monotonic instant
  log.add(internal_row(1), t0);      // the first row after a long while is written at once
  expect += internal_row_text(1);
  CHECK(read_file(path) == expect);
  log.add(internal_row(2), t0 + lc::EventLog::kFlushIntervalNs - 1);
  const std::string after_two = expect + internal_row_text(2);
  CHECK(read_file(path) == expect);  // not yet
  log.add(internal_row(3), t0 + lc::EventLog::kFlushIntervalNs);
  expect = after_two + internal_row_text(3);
  CHECK(read_file(path) == expect);  // the interval has passed: rows 2 and 3 written
  log.add(internal_row(4), t0 + lc::EventLog::kFlushIntervalNs + 1);
  CHECK(read_file(path) == expect);
  log.add(internal_row(5), t0 + 2 * lc::EventLog::kFlushIntervalNs);
  expect += internal_row_text(4) + internal_row_text(5);
  CHECK(read_file(path) == expect);
}

void test_open_failure() {
  lc::EventLog log;
  const std::string path = g_dir + "/no/such/dir/vm_0_1.log";
  const lc::Status s = log.open(path);
  CHECK(!s.is_ok());
  CHECK(contains(s.message(), path));
  CHECK(contains(s.message(), "No such file"));
}

void test_dev_full() {
  lc::EventLog log;
  lc::Status s = log.open("/dev/full");
  CHECK(s.is_ok());
  log.begin(tiny_header());
  log.add(internal_row(1), 0);
  s = log.flush();
  CHECK(!s.is_ok());
  CHECK(contains(s.message(), "/dev/full"));
  CHECK(contains(s.message(), "No space left"));
  CHECK(!log.status().is_ok());
  CHECK(log.status().message() == s.message());
  // The error sticks, also through later rows.
  log.add(internal_row(2), lc::EventLog::kFlushIntervalNs * 10);
  CHECK(!log.flush().is_ok());
  CHECK(contains(log.status().message(), "/dev/full"));
}

// A write that stops partway (the file size limit is reached in the middle of a row) must leave
// the file at its last whole row.
void test_no_torn_row() {
  const std::string path = g_dir + "/torn.log";
  lc::EventLog log;
  CHECK(log.open(path).is_ok());
  log.begin(tiny_header());
  std::string expect = lc::header_line(tiny_header()) + "\n" + lc::column_line() + "\n";
  for (uint64_t c = 1; c <= 10; ++c) {
    log.add(internal_row(c), 0);
    expect += internal_row_text(c);
  }
  CHECK(log.flush().is_ok());
  CHECK(read_file(path) == expect);
  const size_t whole = expect.size();

  // Let the file grow by a row and a half only; SIGXFSZ ignored so write() fails with EFBIG.
  const size_t limit = whole + internal_row_text(11).size() + 10;
  rlimit old{};
  CHECK_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  struct sigaction ign{}, old_action{};
  ign.sa_handler = SIG_IGN;
  ::sigaction(SIGXFSZ, &ign, &old_action);
  rlimit small = old;
  small.rlim_cur = static_cast<rlim_t>(limit);
  CHECK_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);

  for (uint64_t c = 11; c <= 40; ++c) log.add(internal_row(c), 0);
  const lc::Status s = log.flush();

  CHECK_EQ(::setrlimit(RLIMIT_FSIZE, &old), 0);
  ::sigaction(SIGXFSZ, &old_action, nullptr);

  CHECK(!s.is_ok());
  CHECK(contains(s.message(), path));
  // Nothing of the failed buffer remains: the file ends at the last whole row written before.
  const std::string got = read_file(path);
  CHECK_EQ(got.size(), whole);
  CHECK(got == expect);
  CHECK(!got.empty() && got.back() == '\n');
  // Later rows are not appended after a failure (they would follow a gap).
  log.add(internal_row(41), 0);
  CHECK(!log.flush().is_ok());
  CHECK(read_file(path) == expect);
}

}  // namespace

int main() {
  char tmpl[] = "/tmp/lc_test_event_log.XXXXXX";
  const char* dir = ::mkdtemp(tmpl);
  CHECK(dir != nullptr);
  if (dir == nullptr) return lc_test::finish("event_log");
  g_dir = dir;

  test_append_micros();
  test_rows_text();
  test_header_and_names();
  test_flush_on_size();
  test_flush_on_time();
  test_open_failure();
  test_dev_full();
  test_no_torn_row();

  std::error_code ec;
  std::filesystem::remove_all(g_dir, ec);
  return lc_test::finish("event_log");
}
