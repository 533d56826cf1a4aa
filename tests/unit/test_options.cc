// The command line: every good form parses to the right values, every bad one is refused
// with a message naming the problem; and the real binary turns a refusal into exit status 2,
// one line on stderr pointing to --help, and no file written.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "check.h"
#include "logical_clock/cli/options.h"
#include "logical_clock/log/log_format.h"
#include "logical_clock/log/log_reader.h"
#include "logical_clock/model/rng.h"
#include "logical_clock/cli/run_dir.h"

#ifndef LC_BINARY
#error "LC_BINARY must name the logical_clock executable"
#endif

namespace {

namespace fs = std::filesystem;

// parse_options on "logical_clock" followed by args.
lc::Status parse(std::initializer_list<const char*> args, lc::Options* out) {
  std::vector<std::string> storage = {"logical_clock"};
  for (const char* a : args) storage.emplace_back(a);
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  return lc::parse_options(static_cast<int>(storage.size()), argv.data(), out);
}

lc::Options parse_ok(std::initializer_list<const char*> args, int line) {
  lc::Options o;
  const lc::Status s = parse(args, &o);
  if (!s.is_ok()) lc_test::fail(__FILE__, line, "expected to parse, got: " + s.message());
  return o;
}
#define PARSE_OK(...) parse_ok({__VA_ARGS__}, __LINE__)

bool contains(const std::string& text, const std::string& word) {
  return text.find(word) != std::string::npos;
}

// The command line must be refused with a one-line message holding every word given.
void expect_bad(std::initializer_list<const char*> args, std::initializer_list<const char*> words, int line) {
  lc::Options o;
  o.machines = -77;  // untouched on failure
  const lc::Status s = parse(args, &o);
  std::string cmd;
  for (const char* a : args) cmd += std::string(" '") + a + "'";
  if (s.is_ok()) {
    lc_test::fail(__FILE__, line, "expected a refusal of" + cmd);
    return;
  }
  for (const char* w : words)
    if (!contains(s.message(), w))
      lc_test::fail(__FILE__, line, "refusal of" + cmd + " says \"" + s.message() + "\", without \"" + w + "\"");
  if (s.message().empty() || contains(s.message(), "\n"))
    lc_test::fail(__FILE__, line, "refusal of" + cmd + " is not one line");
  if (o.machines != -77) lc_test::fail(__FILE__, line, "options written on refusal of" + cmd);
}
#define BAD(args, words) expect_bad(args, words, __LINE__)
#define ARGS(...) {__VA_ARGS__}

void test_defaults() {
  lc::Options o = PARSE_OK();
  CHECK_EQ(o.rate_max, 6);
  CHECK_EQ(o.internal_max, 10);
  CHECK_EQ(o.machines, 3);
  CHECK_EQ(o.duration_us, int64_t{60'000'000});
  CHECK(o.duration_text == "60");
  CHECK(o.speed == 1.0);
  CHECK(o.speed_text == "1");
  CHECK(o.engine == lc::Options::Engine::kReal);
  // The real engine adds no delay unless told: its header says latency=none.
  CHECK_EQ(o.latency.text(), std::string("none"));
  CHECK(o.latency.kind() == lc::Latency::Kind::kConstant && o.latency.fixed_ns() == 0);
  o = PARSE_OK("--engine", "sim");
  lc::Latency want;
  CHECK(lc::Latency::parse(lc::kDefaultLatency, &want).is_ok());
  CHECK_EQ(o.latency.text(), want.text());
  CHECK(o.latency.kind() == lc::Latency::Kind::kLogNormal);
  CHECK(!o.seed_given);
  CHECK(o.rates.empty());
  CHECK(o.out_dir.empty());
  CHECK(o.kills.empty());
  CHECK(!o.force);
  CHECK(!o.quiet);
  CHECK(!o.help);
  CHECK(!o.version);
}

void test_positionals() {
  lc::Options o = PARSE_OK("8");
  CHECK_EQ(o.rate_max, 8);
  CHECK_EQ(o.internal_max, 10);
  o = PARSE_OK("1", "3");
  CHECK_EQ(o.rate_max, 1);
  CHECK_EQ(o.internal_max, 3);
  o = PARSE_OK("1000000", "1000000000");
  CHECK_EQ(o.rate_max, 1'000'000);
  CHECK_EQ(o.internal_max, 1'000'000'000);
  // Options and positionals in any order; `--` ends the options.
  o = PARSE_OK("7", "-n", "4", "12");
  CHECK_EQ(o.rate_max, 7);
  CHECK_EQ(o.internal_max, 12);
  CHECK_EQ(o.machines, 4);
  o = PARSE_OK("-q", "--", "5", "4");
  CHECK_EQ(o.rate_max, 5);
  CHECK_EQ(o.internal_max, 4);
  CHECK(o.quiet);
}

void test_each_option() {
  lc::Options o = PARSE_OK("-n", "2");
  CHECK_EQ(o.machines, 2);
  o = PARSE_OK("--machines", "128");
  CHECK_EQ(o.machines, 128);
  o = PARSE_OK("--machines=512");
  CHECK_EQ(o.machines, 512);
  o = PARSE_OK("-n16");
  CHECK_EQ(o.machines, 16);

  o = PARSE_OK("-d", "2.5");
  CHECK_EQ(o.duration_us, int64_t{2'500'000});
  CHECK(o.duration_text == "2.5");
  o = PARSE_OK("--duration", "0.000001");
  CHECK_EQ(o.duration_us, int64_t{1});
  o = PARSE_OK("--duration=10000000");
  CHECK_EQ(o.duration_us, int64_t{10'000'000} * 1'000'000);
  o = PARSE_OK("-d", "1.000001");
  CHECK_EQ(o.duration_us, int64_t{1'000'001});
  o = PARSE_OK("-d", ".5");
  CHECK_EQ(o.duration_us, int64_t{500'000});
  o = PARSE_OK("-d", "007.250");
  CHECK_EQ(o.duration_us, int64_t{7'250'000});

  o = PARSE_OK("-x", "2.5");
  CHECK(o.speed == 2.5);
  CHECK(o.speed_text == "2.5");
  o = PARSE_OK("--speed", "0.1");
  CHECK(o.speed == 0.1);
  o = PARSE_OK("--speed=40");
  CHECK(o.speed == 40.0);
  o = PARSE_OK("-x", "1e3");
  CHECK(o.speed == 1000.0);

  o = PARSE_OK("-s", "42");
  CHECK(o.seed_given);
  CHECK_EQ(o.seed, uint64_t{42});
  o = PARSE_OK("--seed", "0x2a");
  CHECK(o.seed_given);
  CHECK_EQ(o.seed, uint64_t{42});
  o = PARSE_OK("--seed=0XDEADBEEFcafe0001");
  CHECK_EQ(o.seed, uint64_t{0xdeadbeefcafe0001ULL});
  o = PARSE_OK("-s", "18446744073709551615");
  CHECK_EQ(o.seed, UINT64_MAX);
  o = PARSE_OK("-s", "0xffffffffffffffff");
  CHECK_EQ(o.seed, UINT64_MAX);
  o = PARSE_OK("-s", "0");
  CHECK(o.seed_given);
  CHECK_EQ(o.seed, uint64_t{0});

  o = PARSE_OK("-r", "1,3,6");
  CHECK(o.rates == std::vector<int>({1, 3, 6}));
  o = PARSE_OK("-n", "4", "--rates", "2,2,1,1000000");
  CHECK(o.rates == std::vector<int>({2, 2, 1, 1'000'000}));
  o = PARSE_OK("--rates=5,7", "--machines", "2");  // -n may come after --rates
  CHECK(o.rates == std::vector<int>({5, 7}));
  CHECK_EQ(o.machines, 2);

  o = PARSE_OK("-o", "some/dir");
  CHECK(o.out_dir == "some/dir");
  o = PARSE_OK("--out", "/tmp/x y");
  CHECK(o.out_dir == "/tmp/x y");
  o = PARSE_OK("--out=rel");
  CHECK(o.out_dir == "rel");

  o = PARSE_OK("-f");
  CHECK(o.force);
  o = PARSE_OK("--force");
  CHECK(o.force);
  o = PARSE_OK("-q");
  CHECK(o.quiet);
  o = PARSE_OK("--quiet");
  CHECK(o.quiet);
  o = PARSE_OK("-qf");
  CHECK(o.quiet && o.force);
  o = PARSE_OK("-h");
  CHECK(o.help);
  o = PARSE_OK("--help");
  CHECK(o.help);
  o = PARSE_OK("-V");
  CHECK(o.version);
  o = PARSE_OK("--version");
  CHECK(o.version);

  o = PARSE_OK("-k", "1@5", "--kill", "0@0.25", "--kill=2@0");
  CHECK_EQ(o.kills.size(), size_t{3});
  if (o.kills.size() == 3) {
    CHECK_EQ(o.kills[0].machine, 1);
    CHECK_EQ(o.kills[0].at_us, int64_t{5'000'000});
    CHECK_EQ(o.kills[1].machine, 0);
    CHECK_EQ(o.kills[1].at_us, int64_t{250'000});
    CHECK_EQ(o.kills[2].machine, 2);
    CHECK_EQ(o.kills[2].at_us, int64_t{0});
  }

  // The extremes that are accepted: every instant of them fits.
  o = PARSE_OK("-x", "1e-9", "-d", "0.000001");  // 1000 s of real time
  CHECK(o.speed == 1e-9);
  o = PARSE_OK("-x", "1e9", "-d", "10000000");   // 10 ms of real time
  CHECK_EQ(o.duration_us, int64_t{10'000'000} * 1'000'000);
  o = PARSE_OK("-x", "0.0032", "-d", "10000000");  // 99 years
  CHECK(o.speed == 0.0032);
  o = PARSE_OK("-d", "5", "-k", "1@5");           // a kill at the very end
  CHECK_EQ(o.kills.size(), size_t{1});

  // The simulation engine's options.
  o = PARSE_OK("--engine", "sim", "--latency", "exp:2ms", "--link", "0-2:uniform:1ms:5ms", "--link=2-1:0",
               "--epoch", "1764118000.5", "-n", "3");
  CHECK(o.engine == lc::Options::Engine::kSim);
  CHECK_EQ(o.latency.text(), std::string("exp:2ms"));
  CHECK_EQ(o.links.size(), size_t{2});
  if (o.links.size() == 2) {
    CHECK(o.links[0].from == 0 && o.links[0].to == 2 && o.links[0].latency.text() == "uniform:1ms:5ms");
    CHECK(o.links[1].from == 2 && o.links[1].to == 1 && o.links[1].latency.fixed_ns() == 0);
  }
  CHECK_EQ(o.epoch_us, int64_t{1'764'118'000'500'000});
  o = PARSE_OK("--engine=sim", "-n", "1000");
  CHECK_EQ(o.machines, 1000);
  // Partitions, in the order given; the last may heal after the run's end.
  o = PARSE_OK("--engine", "sim", "-d", "120", "--partition", "0,1|2@30-60", "--partition=0|1|2@5-6",
               "--partition", "2@119.999999-10000000");
  CHECK_EQ(o.partitions.size(), size_t{3});
  if (o.partitions.size() == 3) {
    CHECK_EQ(o.partitions[0].text(), std::string("0,1|2@30-60"));
    CHECK(o.partitions[0].cuts(1, 2) && !o.partitions[0].cuts(0, 1));
    CHECK_EQ(o.partitions[1].from_us(), int64_t{5'000'000});
    CHECK_EQ(o.partitions[2].to_us(), int64_t{10'000'000} * 1'000'000);
  }
  // Checked against the run's machines once -n is read, wherever it comes.
  o = PARSE_OK("--engine", "sim", "--partition", "0,1,2@1-2", "-n", "4");
  CHECK(o.partitions.size() == 1 && o.partitions[0].cuts(2, 3) && !o.partitions[0].cuts(0, 2));
  o = PARSE_OK("--engine", "sim", "--replay", "runs/latest", "-q", "-o", "x");
  CHECK(o.replay_dir == "runs/latest");
  o = PARSE_OK("--engine", "real");
  CHECK(o.engine == lc::Options::Engine::kReal);

  // Everything at once.
  o = PARSE_OK("-n", "5", "-d", "0.5", "-x", "3", "-s", "0x10", "-r", "1,2,3,4,5", "-o", "d", "-f", "-q", "9", "4");
  CHECK_EQ(o.machines, 5);
  CHECK_EQ(o.duration_us, int64_t{500'000});
  CHECK(o.speed == 3.0);
  CHECK_EQ(o.seed, uint64_t{16});
  CHECK(o.rates == std::vector<int>({1, 2, 3, 4, 5}));
  CHECK(o.out_dir == "d");
  CHECK(o.force && o.quiet);
  CHECK_EQ(o.rate_max, 9);
  CHECK_EQ(o.internal_max, 4);

  // The parser can run again and again (getopt state is reset).
  for (int i = 0; i < 3; ++i) {
    o = PARSE_OK("-n", "6", "3");
    CHECK_EQ(o.machines, 6);
    CHECK_EQ(o.rate_max, 3);
  }
}

void test_machine_rates() {
  lc::Options o = PARSE_OK("-r", "4,1,6");
  CHECK(lc::machine_rates(o) == std::vector<int>({4, 1, 6}));

  o = PARSE_OK("-n", "50", "-s", "99", "4");
  const std::vector<int> rates = lc::machine_rates(o);
  CHECK_EQ(rates.size(), size_t{50});
  lc::Rng rng(99, lc::kRateStream);  // stream 0 of the seed draws the rates
  bool match = rates.size() == 50;
  bool seen[5] = {false, false, false, false, false};
  for (size_t i = 0; match && i < rates.size(); ++i) {
    match = rates[i] == static_cast<int>(rng.uniform(1, 4));
    if (rates[i] >= 1 && rates[i] <= 4) seen[rates[i]] = true;
  }
  CHECK(match);
  CHECK(seen[1] && seen[2] && seen[3] && seen[4]);
  CHECK(lc::machine_rates(o) == rates);  // reproducible
  o.seed = 100;
  CHECK(lc::machine_rates(o) != rates);

  o = PARSE_OK("-n", "9", "1");
  CHECK(lc::machine_rates(o) == std::vector<int>(9, 1));
}

void test_bad_command_lines() {
  // Not a number.
  BAD(ARGS("abc"), ARGS("RATE_MAX", "abc"));
  BAD(ARGS("6x"), ARGS("RATE_MAX"));
  BAD(ARGS("2.5"), ARGS("RATE_MAX"));
  BAD(ARGS(""), ARGS("RATE_MAX"));
  BAD(ARGS("+6"), ARGS("RATE_MAX"));
  BAD(ARGS("6", "ten"), ARGS("INTERNAL_MAX", "ten"));
  BAD(ARGS("-n", "three"), ARGS("--machines", "three"));
  BAD(ARGS("-n", "3.0"), ARGS("--machines"));
  BAD(ARGS("-n", ""), ARGS("--machines"));
  BAD(ARGS("-n", " 3"), ARGS("--machines"));
  BAD(ARGS("-d", "abc"), ARGS("--duration", "abc"));
  BAD(ARGS("-d", "1e3"), ARGS("--duration"));
  BAD(ARGS("-d", "5."), ARGS("--duration"));
  BAD(ARGS("-d", ""), ARGS("--duration"));
  BAD(ARGS("-d", "."), ARGS("--duration"));
  BAD(ARGS("-d", "1.0000001"), ARGS("--duration"));  // finer than a microsecond
  BAD(ARGS("-x", "fast"), ARGS("--speed", "fast"));
  BAD(ARGS("-x", ""), ARGS("--speed"));
  BAD(ARGS("-x", "nan"), ARGS("--speed"));
  BAD(ARGS("-x", "inf"), ARGS("--speed"));
  BAD(ARGS("-x", "0x10"), ARGS("--speed"));
  BAD(ARGS("-x", "2.5s"), ARGS("--speed"));
  BAD(ARGS("-s", "seed"), ARGS("--seed", "seed"));
  BAD(ARGS("-s", "-1"), ARGS("--seed"));
  BAD(ARGS("-s", "0x"), ARGS("--seed"));
  BAD(ARGS("-s", "0xg1"), ARGS("--seed"));
  BAD(ARGS("-s", "18446744073709551616"), ARGS("--seed"));
  BAD(ARGS("-s", "0x10000000000000000"), ARGS("--seed"));
  BAD(ARGS("-r", "1,two,3"), ARGS("--rates", "two"));
  BAD(ARGS("-k", "1"), ARGS("--kill"));
  BAD(ARGS("-k", "x@1"), ARGS("--kill"));
  BAD(ARGS("-k", "1@soon"), ARGS("--kill"));

  // Zero or negative rate, speed, duration; RATE_MAX 0.
  BAD(ARGS("0"), ARGS("RATE_MAX", "0"));
  BAD(ARGS("--", "-3"), ARGS("RATE_MAX", "-3"));
  BAD(ARGS("1000001"), ARGS("RATE_MAX"));
  BAD(ARGS("99999999999999999999"), ARGS("RATE_MAX"));
  BAD(ARGS("-x", "0"), ARGS("--speed", "0"));
  BAD(ARGS("-x", "0.0"), ARGS("--speed"));
  BAD(ARGS("-x", "-2"), ARGS("--speed", "-2"));
  BAD(ARGS("--speed=-0.5"), ARGS("--speed"));
  BAD(ARGS("-x", "1e-400"), ARGS("--speed"));  // underflows to 0
  BAD(ARGS("-x", "2e9"), ARGS("--speed"));
  // Real time that no clock of the run could hold: more than 100 years.
  BAD(ARGS("-x", "1e-9", "-d", "10"), ARGS("--duration 10 at --speed 1e-9", "317 years", "at most 100 years"));
  BAD(ARGS("-x", "1e-300"), ARGS("--duration 60 at --speed 1e-300"));
  BAD(ARGS("-x", "0.0000001", "-d", "10000000"), ARGS("--speed", "100 years"));
  // The engines and what each can mean.
  BAD(ARGS("--engine", "fast"), ARGS("--engine is real or sim", "fast"));
  BAD(ARGS("--engine", "sim", "-x", "2"), ARGS("--speed is meaningless with --engine sim"));
  // Both engines take a network's delays, with one meaning.
  lc::Options o = PARSE_OK("--latency", "exp:2ms", "--link", "0-1:uniform:1ms:5ms");
  CHECK(o.engine == lc::Options::Engine::kReal);
  CHECK_EQ(o.latency.text(), std::string("exp:2ms"));
  CHECK(o.links.size() == 1 && o.links[0].from == 0 && o.links[0].to == 1);
  o = PARSE_OK("--engine", "sim", "--latency", "none");
  CHECK(o.latency.kind() == lc::Latency::Kind::kConstant && o.latency.fixed_ns() == 0);
  BAD(ARGS("--link", "0-3:1ms"), ARGS("--link 0-3", "beyond 0..2"));
  BAD(ARGS("--link", "a-1:1ms"), ARGS("--link a-1:1ms", "the sending machine 'a' is not one of"));
  BAD(ARGS("--link", "0-1:1ms", "--link", "0-1:2ms"), ARGS("--link 0-1 is given twice (1ms, 2ms)"));
  BAD(ARGS("--engine", "sim", "--link", "2-0:0", "--link", "0-2:1ms", "--link=2-0:exp:1ms"),
      ARGS("--link 2-0 is given twice (0, exp:1ms)"));
  CHECK_EQ(PARSE_OK("--new-key", "c.key").new_key, std::string("c.key"));
  CHECK_EQ(PARSE_OK("--new-key=c.key").new_key, std::string("c.key"));
  BAD(ARGS("--new-key", "c.key", "-d", "5"), ARGS("--new-key FILE writes a key and nothing else"));
  BAD(ARGS("-q", "--new-key", "c.key"), ARGS("--new-key FILE writes a key and nothing else"));
  BAD(ARGS("--new-key", "c.key", "6"), ARGS("--new-key FILE writes a key and nothing else"));
  BAD(ARGS("--new-key="), ARGS("--new-key needs a file name"));
  BAD(ARGS("--epoch", "5"), ARGS("--epoch needs --engine sim"));
  BAD(ARGS("--replay", "x"), ARGS("--replay needs --engine sim"));
  BAD(ARGS("-n", "513"), ARGS("--machines", "512", "--engine sim"));
  BAD(ARGS("--engine", "sim", "-n", "1001"), ARGS("--machines", "1000"));
  BAD(ARGS("--engine", "sim", "--latency", "5"), ARGS("--latency", "needs a unit"));
  BAD(ARGS("--engine", "sim", "--link", "0-0:1ms"), ARGS("--link 0-0:1ms", "no channel to itself"));
  BAD(ARGS("--engine", "sim", "--link", "0-3:1ms"), ARGS("--link 0-3", "beyond 0..2"));
  BAD(ARGS("--engine", "sim", "--link", "01:1ms"), ARGS("--link takes FROM-TO:SPEC"));
  BAD(ARGS("--engine", "sim", "--epoch", "-1"), ARGS("--epoch must be Unix seconds"));
  BAD(ARGS("--engine", "sim", "--epoch", "1.0000001"), ARGS("--epoch"));
  // Beyond 2255 system time would not fit the int64 nanoseconds it is kept in.
  BAD(ARGS("--engine", "sim", "--epoch", "99999999999"), ARGS("--epoch must be at most 9000000000"));
  BAD(ARGS("--engine", "sim", "--epoch", "9000000000.000001"), ARGS("--epoch must be at most 9000000000"));
  BAD(ARGS("--engine", "sim", "--replay", "r", "-s", "3"), ARGS("--replay takes the run's shape", "--seed"));
  BAD(ARGS("--engine", "sim", "--replay", "r", "6"), ARGS("--replay", "RATE_MAX"));
  BAD(ARGS("--engine", "sim", "--replay", "r", "--latency", "0"), ARGS("--replay", "--latency"));
  BAD(ARGS("--engine", "sim", "--replay", "r", "--partition", "0|1@1-2"), ARGS("--replay", "drop --partition"));
  // --partition: both engines; every malformed one named with its text.
  o = PARSE_OK("--partition", "0|1@1-2");
  CHECK(o.engine == lc::Options::Engine::kReal && o.partitions.size() == 1);
  BAD(ARGS("--partition", "0|3@1-2"), ARGS("--partition 0|3@1-2: ", "0..2"));
  BAD(ARGS("--partition", "0|1@60-61"), ARGS("--partition 0|1@60-61", "at or after the run's end"));
  BAD(ARGS("--engine", "sim", "--partition", "0|1"), ARGS("--partition 0|1: ", "GROUPS@FROM-TO"));
  BAD(ARGS("--engine", "sim", "--partition", "0,1|1@1-2"), ARGS("--partition 0,1|1@1-2: ", "machine 1 twice"));
  BAD(ARGS("--engine", "sim", "--partition", "0|3@1-2"), ARGS("--partition 0|3@1-2: ", "machine 3", "0..2"));
  BAD(ARGS("--engine", "sim", "--partition", "0|3@1-2", "-n", "3"), ARGS("--partition 0|3@1-2: ", "0..2"));
  BAD(ARGS("--engine", "sim", "--partition", "0|1000@1-2", "-n", "1000"), ARGS("--partition 0|1000@1-2: ", "0..999"));
  // An id beyond the engine's largest run is named with the run's machines, not the engine's.
  BAD(ARGS("--engine", "sim", "--partition", "0|1000@1-2"), ARGS("--partition 0|1000@1-2: ", "machines are 0..2"));
  BAD(ARGS("--partition", "4294967296@1-2", "-n", "5"), ARGS("--partition 4294967296@1-2: ", "machines are 0..4"));
  BAD(ARGS("--engine", "sim", "--partition", "0||2@1-2"), ARGS("--partition 0||2@1-2: ", "an empty group"));
  BAD(ARGS("--engine", "sim", "--partition", "0|1@2-1"), ARGS("--partition 0|1@2-1: ", "end after it starts"));
  BAD(ARGS("--engine", "sim", "--partition", "0|1@2-2"), ARGS("--partition 0|1@2-2: ", "end after it starts"));
  BAD(ARGS("--engine", "sim", "--partition", "0|1@a-2"), ARGS("--partition 0|1@a-2: ", "model seconds"));
  BAD(ARGS("--engine", "sim", "--partition", "0|1@1.1234567-2"), ARGS("--partition", "6 decimals"));
  BAD(ARGS("--engine", "sim", "--partition", "0,1,2@1-2"), ARGS("--partition 0,1,2@1-2: ", "separates nothing"));
  BAD(ARGS("--engine", "sim", "-n", "2", "--partition", "1,0@1-2"), ARGS("--partition 1,0@1-2: ", "separates nothing"));
  BAD(ARGS("--engine", "sim", "-d", "10", "--partition", "0|1@10-20"),
      ARGS("--partition 0|1@10-20 starts at or after the run's end", "--duration 10", "never"));
  BAD(ARGS("--engine", "sim", "--partition", "0|1@60-70"), ARGS("--partition 0|1@60-70", "--duration 60"));
  // A kill after the run's end never happens: refused rather than ignored.
  BAD(ARGS("-d", "5", "-k", "1@5.000001"), ARGS("--kill 1@5.000001", "after the run's end", "--duration 5"));
  BAD(ARGS("-d", "0"), ARGS("--duration", "0"));
  BAD(ARGS("-d", "0.000000"), ARGS("--duration"));
  BAD(ARGS("-d", "-1"), ARGS("--duration", "-1"));
  BAD(ARGS("--duration=-0.5"), ARGS("--duration"));
  BAD(ARGS("-d", "10000000.000001"), ARGS("--duration"));
  BAD(ARGS("-d", "99999999999999999999999"), ARGS("--duration"));
  BAD(ARGS("-r", "1,0,3"), ARGS("--rates", "0"));
  BAD(ARGS("-r", "1,-2,3"), ARGS("--rates", "-2"));
  BAD(ARGS("-r", "1,2,1000001"), ARGS("--rates"));

  // INTERNAL_MAX below 3.
  BAD(ARGS("6", "2"), ARGS("INTERNAL_MAX", "2"));
  BAD(ARGS("6", "0"), ARGS("INTERNAL_MAX"));
  BAD(ARGS("--", "6", "-5"), ARGS("INTERNAL_MAX"));
  BAD(ARGS("6", "1000000001"), ARGS("INTERNAL_MAX"));

  // --rates with the wrong count, or a hole.
  BAD(ARGS("-r", "1,2"), ARGS("--rates", "2", "3"));
  BAD(ARGS("-r", "1,2,3,4"), ARGS("--rates", "4", "3"));
  BAD(ARGS("-n", "4", "-r", "1,2,3"), ARGS("--rates", "3", "4"));
  BAD(ARGS("-r", "1,2,3", "-n", "2"), ARGS("--rates"));
  BAD(ARGS("-r", "1,,3"), ARGS("--rates"));
  BAD(ARGS("-r", "1,2,3,"), ARGS("--rates"));
  BAD(ARGS("-r", ""), ARGS("--rates"));

  // N < 2 (and above the maximum).
  BAD(ARGS("-n", "1"), ARGS("--machines", "1"));
  BAD(ARGS("-n", "0"), ARGS("--machines"));
  BAD(ARGS("-n", "-4"), ARGS("--machines", "-4"));
  BAD(ARGS("--machines=1"), ARGS("--machines"));
  BAD(ARGS("-n", "513"), ARGS("--machines", "513"));

  // --kill naming a machine that does not exist.
  BAD(ARGS("-k", "3@1"), ARGS("--kill", "3"));
  BAD(ARGS("-n", "5", "-k", "5@1"), ARGS("--kill", "5"));
  BAD(ARGS("-k", "1@-1"), ARGS("--kill"));

  // Unknown options, short and long, also after another refusal (no stale state).
  BAD(ARGS("-z"), ARGS("unknown", "-z"));
  BAD(ARGS("--bogus"), ARGS("unknown", "--bogus"));
  BAD(ARGS("-z"), ARGS("unknown", "-z"));
  BAD(ARGS("--machines-count", "3"), ARGS("unknown", "--machines-count"));
  BAD(ARGS("-q", "--verbose"), ARGS("unknown", "--verbose"));
  BAD(ARGS("--force=yes"), ARGS("--force"));

  // A missing option value.
  BAD(ARGS("-n"), ARGS("-n", "value"));
  BAD(ARGS("--machines"), ARGS("--machines", "value"));
  BAD(ARGS("-d"), ARGS("-d", "value"));
  BAD(ARGS("--duration"), ARGS("--duration", "value"));
  BAD(ARGS("-x"), ARGS("-x", "value"));
  BAD(ARGS("--speed"), ARGS("--speed", "value"));
  BAD(ARGS("-s"), ARGS("-s", "value"));
  BAD(ARGS("--seed"), ARGS("--seed", "value"));
  BAD(ARGS("-r"), ARGS("-r", "value"));
  BAD(ARGS("--rates"), ARGS("--rates", "value"));
  BAD(ARGS("-o"), ARGS("-o", "value"));
  BAD(ARGS("--out"), ARGS("--out", "value"));
  BAD(ARGS("-q", "-k"), ARGS("-k", "value"));
  BAD(ARGS("--out="), ARGS("--out"));

  // Too many positionals.
  BAD(ARGS("6", "10", "7"), ARGS("too many", "7"));
  BAD(ARGS("6", "10", "x", "y"), ARGS("too many", "x"));
}

// ---- the real binary ----

struct RunResult {
  int status = -1;  // exit status, or -1 when it did not exit normally in time
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs the binary in `cwd` with stdout and stderr captured in files under `capture_dir`.
// A run that is not over within 10 s is killed (and fails the caller's checks).
RunResult run_binary(const std::vector<std::string>& args, const std::string& cwd, const std::string& capture_dir) {
  const std::string out_path = capture_dir + "/stdout";
  const std::string err_path = capture_dir + "/stderr";
  RunResult r;
  const pid_t pid = ::fork();
  if (pid < 0) return r;
  if (pid == 0) {
    ::setpgid(0, 0);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0 || ::chdir(cwd.c_str()) != 0) _exit(127);
    std::vector<std::string> storage = {LC_BINARY};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& s : storage) argv.push_back(s.data());
    argv.push_back(nullptr);
    ::execv(LC_BINARY, argv.data());
    _exit(127);
  }
  int status = 0;
  pid_t w = 0;
  for (int i = 0; i < 1000; ++i) {  // up to 10 s
    w = ::waitpid(pid, &status, WNOHANG);
    if (w != 0) break;
    ::usleep(10'000);
  }
  if (w == 0) {
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    r.status = -1;
  } else if (w == pid && WIFEXITED(status)) {
    r.status = WEXITSTATUS(status);
  }
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  return r;
}

bool dir_is_empty(const std::string& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec) && fs::directory_iterator(dir, ec) == fs::directory_iterator();
}

// A bad command line: exit 2, one line on stderr that names the problem (`word`) and points to
// --help, nothing on stdout, and no file anywhere (neither the --out directory, which does not
// exist before, nor runs/ in the working directory).
void expect_binary_refuses(std::vector<std::string> args, const std::string& word, const std::string& base, int line) {
  const std::string cwd = base + "/cwd";
  const std::string capture = base + "/capture";
  const std::string out_dir = base + "/out_must_not_exist";
  fs::create_directories(cwd);
  fs::create_directories(capture);
  // A short run, should the command line be wrongly accepted.
  args.insert(args.begin(), {"-q", "-d", "0.01", "-x", "100", "-o", out_dir});
  const RunResult r = run_binary(args, cwd, capture);
  std::string cmd;
  for (const std::string& a : args) cmd += " " + a;
  auto fail = [&](const std::string& what) {
    lc_test::fail(__FILE__, line, "logical_clock" + cmd + ": " + what + " (stderr: \"" + r.err + "\")");
  };
  if (r.status != 2) fail("exit status " + std::to_string(r.status) + ", not 2");
  size_t newlines = 0;
  for (char c : r.err) newlines += c == '\n' ? 1 : 0;
  if (newlines != 1 || r.err.back() != '\n') fail("stderr is not exactly one line");
  if (!contains(r.err, "--help")) fail("stderr does not point to --help");
  if (!contains(r.err, word)) fail("stderr does not name the problem (" + word + ")");
  if (!r.out.empty()) fail("wrote to stdout");
  if (fs::exists(out_dir)) fail("created the --out directory");
  if (!dir_is_empty(cwd)) fail("wrote into the working directory");
  fs::remove_all(out_dir);
  fs::remove_all(cwd);
}
#define BINARY_REFUSES(args, word) expect_binary_refuses(args, word, base, __LINE__)

void test_binary(const std::string& base) {
  using V = std::vector<std::string>;
  BINARY_REFUSES(V({"abc"}), "RATE_MAX");
  BINARY_REFUSES(V({"0"}), "RATE_MAX");
  BINARY_REFUSES(V({"6", "2"}), "INTERNAL_MAX");
  BINARY_REFUSES(V({"-n", "1"}), "--machines");
  BINARY_REFUSES(V({"-x", "0"}), "--speed");
  BINARY_REFUSES(V({"-x", "1e-9", "-d", "10"}), "at most 100 years");
  BINARY_REFUSES(V({"-k", "1@0.02"}), "after the run's end");
  BINARY_REFUSES(V({"-d", "-1"}), "--duration");
  BINARY_REFUSES(V({"-r", "1,2"}), "--rates");
  BINARY_REFUSES(V({"-r", "1,0,3"}), "--rates");
  BINARY_REFUSES(V({"--bogus"}), "--bogus");
  BINARY_REFUSES(V({"-s"}), "-s");
  BINARY_REFUSES(V({"6", "10", "7"}), "too many");

  // --out on a directory that already holds logs, without --force: refused, logs untouched.
  {
    const std::string cwd = base + "/cwd2";
    const std::string capture = base + "/capture";
    const std::string old_run = base + "/old_run";
    fs::create_directories(cwd);
    fs::create_directories(old_run);
    {
      std::ofstream(old_run + "/vm_0_3.log") << "old\n";
    }
    const RunResult r = run_binary({"-q", "-d", "0.01", "-x", "100", "-o", old_run}, cwd, capture);
    CHECK_EQ(r.status, 2);
    CHECK(contains(r.err, "--force"));
    CHECK(contains(r.err, "--help"));
    CHECK(contains(r.err, old_run));
    CHECK(r.err.find('\n') == r.err.size() - 1);
    CHECK(slurp(old_run + "/vm_0_3.log") == "old\n");
    std::error_code ec;
    CHECK_EQ(static_cast<long>(std::distance(fs::directory_iterator(old_run, ec), fs::directory_iterator())), 1L);
    CHECK(dir_is_empty(cwd));
    // The same check as a function: refused without force, accepted with it, nothing touched.
    const lc::Status no_force = lc::check_out_dir(old_run, false);
    CHECK(!no_force.is_ok());
    CHECK(contains(no_force.message(), "--force"));
    CHECK(lc::check_out_dir(old_run, true).is_ok());
    CHECK(slurp(old_run + "/vm_0_3.log") == "old\n");
    // A directory holding other files only is fine.
    const std::string other = base + "/other";
    fs::create_directories(other);
    std::ofstream(other + "/notes.txt") << "x";
    std::ofstream(other + "/vm_.log") << "x";  // not a machine's log name
    CHECK(lc::check_out_dir(other, false).is_ok());
    fs::remove_all(cwd);
  }

  // An --out that cannot be written: under a regular file, or naming a regular file.
  {
    const std::string cwd = base + "/cwd3";
    const std::string capture = base + "/capture";
    const std::string file = base + "/plain_file";
    fs::create_directories(cwd);
    std::ofstream(file) << "not a directory";
    for (const std::string& out : {file + "/sub/dir", file + "/x", file}) {
      const RunResult r = run_binary({"-q", "-d", "0.01", "-x", "100", "-o", out}, cwd, capture);
      CHECK_EQ(r.status, 2);
      CHECK(contains(r.err, "--help"));
      CHECK(contains(r.err, file));
      CHECK(r.err.find('\n') == r.err.size() - 1);
      CHECK(slurp(file) == "not a directory");
      CHECK(dir_is_empty(cwd));
      CHECK(!lc::check_out_dir(out, false).is_ok());
    }
    fs::remove_all(cwd);
  }

  // --help and --version: exit 0, text on stdout, nothing written.
  {
    const std::string cwd = base + "/cwd4";
    const std::string capture = base + "/capture";
    fs::create_directories(cwd);
    RunResult r = run_binary({"--help"}, cwd, capture);
    CHECK_EQ(r.status, 0);
    CHECK(contains(r.out, "usage: logical_clock"));
    CHECK(contains(r.out, "--rates"));
    CHECK(r.err.empty());
    r = run_binary({"-V"}, cwd, capture);
    CHECK_EQ(r.status, 0);
    CHECK(contains(r.out, "logical_clock "));
    CHECK(r.err.empty());
    CHECK(dir_is_empty(cwd));
    fs::remove_all(cwd);
  }
}

// Each log's line 1 names every --link and --partition, and a log line is bounded for its
// readers: a command line whose header would pass the bound is refused, so that no run makes
// logs that lcstat and --replay cannot read; one just under it is a run whose logs they read.
void test_header_within_a_log_line() {
  auto parse_links = [](int machines, int links, lc::Options* o) {
    std::vector<std::string> storage = {"logical_clock", "--engine", "sim", "-n", std::to_string(machines)};
    for (int f = 0, given = 0; f < machines && given < links; ++f)
      for (int t = 0; t < machines && given < links; ++t)
        if (f != t) {
          storage.push_back("--link=" + std::to_string(f) + "-" + std::to_string(t) + ":1ms");
          ++given;
        }
    std::vector<char*> argv;
    for (std::string& s : storage) argv.push_back(s.data());
    argv.push_back(nullptr);
    return lc::parse_options(static_cast<int>(storage.size()), argv.data(), o);
  };
  lc::Options o;
  const lc::Status refused = parse_links(64, 64 * 63, &o);  // every channel: ~40 KB of links=
  CHECK(!refused.is_ok());
  CHECK(contains(refused.message(), "header") && contains(refused.message(), "32768"));
  const lc::Status fine = parse_links(64, 2000, &o);  // ~20 KB
  CHECK(fine.is_ok());
  if (fine.is_ok()) {
    lc::HeaderLine h;
    h.machine = 63;
    h.machines = 64;
    h.engine = "sim";
    h.links = lc::links_text(o.links);
    CHECK(h.links.size() > 16 * 1024);
    CHECK(lc::header_line(h).size() <= lc::LogReader::kMaxLineBytes);
  }
}

// --skew ID:SECONDS: both engines, signed, at most 10^6 s either way, once per machine.
void test_skew() {
  lc::Options o = PARSE_OK("--skew", "1:2.5", "--skew=0:-0.000001", "--skew", "2:+1000000");
  CHECK_EQ(o.skews.size(), size_t{3});
  CHECK_EQ(lc::skew_us_of(o.skews, 1), int64_t{2'500'000});
  CHECK_EQ(lc::skew_us_of(o.skews, 0), int64_t{-1});
  CHECK_EQ(lc::skew_us_of(o.skews, 2), lc::kMaxSkewUs);
  o = PARSE_OK("--engine", "sim", "--epoch", "1000010", "--skew", "2:-10", "-n", "4", "--skew", "3:-1000000");
  CHECK_EQ(lc::skew_us_of(o.skews, 2), int64_t{-10'000'000});
  CHECK(lc::has_skew(o.skews, 3) && !lc::has_skew(o.skews, 1));
  BAD(ARGS("--skew", "1"), ARGS("--skew takes ID:SECONDS", "'1'"));
  BAD(ARGS("--skew", ":1"), ARGS("--skew takes ID:SECONDS"));
  BAD(ARGS("--skew", "3:1"), ARGS("--skew names machine '3'", "0..2"));
  BAD(ARGS("--skew", "-1:1"), ARGS("--skew names machine '-1'"));
  BAD(ARGS("--skew", "1:"), ARGS("--skew needs seconds", "'1:'"));
  BAD(ARGS("--skew", "1:1e3"), ARGS("--skew needs seconds", "'1:1e3'"));
  BAD(ARGS("--skew", "1:0.0000001"), ARGS("--skew needs seconds", "at most 6 decimals"));
  BAD(ARGS("--skew", "1:1000000.000001"), ARGS("--skew needs seconds", "at most 1000000"));
  BAD(ARGS("--skew", "1:+-1"), ARGS("--skew needs seconds"));
  BAD(ARGS("--skew", "1:--1"), ARGS("--skew needs seconds"));
  BAD(ARGS("--skew", "1:2.5", "--skew", "1:2.5"), ARGS("--skew gives machine 1 twice", "2.5 and 2.5"));
  BAD(ARGS("--engine", "sim", "--skew", "1:-0.5"), ARGS("--skew 1:-0.5", "before 1970", "--epoch 0.5"));
  BAD(ARGS("--engine", "sim", "--replay", "r", "--skew", "1:1"), ARGS("--replay", "drop --skew"));
}

}  // namespace

int main() {
  test_defaults();
  test_positionals();
  test_each_option();
  test_machine_rates();
  test_bad_command_lines();
  test_header_within_a_log_line();
  test_skew();

  char tmpl[] = "/tmp/lc_test_options.XXXXXX";
  const char* dir = ::mkdtemp(tmpl);
  CHECK(dir != nullptr);
  if (dir != nullptr) {
    test_binary(dir);
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  return lc_test::finish("options");
}
