// A cluster's command lines: --cluster with --coordinator or --id, what each role may take,
// the machines counted from the cluster file; and the params text a coordinator hands every
// host, which must read back to the very run it came from.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

#include "check.h"
#include "logical_clock/cli/options.h"
#include "logical_clock/cli/run_plan.h"
#include "logical_clock/cluster/run_params.h"

namespace {

std::string g_file;  // a cluster file of 3 machines

lc::Status parse(std::initializer_list<std::string> args, lc::Options* out) {
  std::vector<std::string> storage = {"logical_clock"};
  for (const std::string& a : args) storage.push_back(a);
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  return lc::parse_options(static_cast<int>(storage.size()), argv.data(), out);
}

void expect_bad(std::initializer_list<std::string> args, const std::string& words, int line) {
  lc::Options o;
  const lc::Status s = parse(args, &o);
  if (s.is_ok()) {
    lc_test::fail(__FILE__, line, "expected a refusal");
  } else if (s.message().find(words) == std::string::npos) {
    lc_test::fail(__FILE__, line, "refusal says \"" + s.message() + "\", without \"" + words + "\"");
  }
}
#define BAD(words, ...) expect_bad({__VA_ARGS__}, words, __LINE__)

void test_roles() {
  lc::Options o;
  CHECK(parse({"--cluster", g_file, "--coordinator", "-d", "5", "-r", "1,2,3"}, &o).is_ok());
  CHECK(o.coordinator);
  CHECK_EQ(o.machines, 3);  // from the file
  CHECK(parse({"--cluster", g_file, "--id", "2,0", "-o", "/tmp/x", "-q", "-f"}, &o).is_ok());
  CHECK(o.cluster_ids == std::vector<int>({2, 0}));
  BAD("--coordinator needs --cluster FILE", "--coordinator");
  BAD("--id needs --cluster FILE", "--id", "1");
  BAD("needs --coordinator", "--cluster", g_file);
  BAD("two roles", "--cluster", g_file, "--coordinator", "--id", "1");
  BAD("names machine 1 twice", "--cluster", g_file, "--id", "1,1");
  BAD("lists machines 0..2", "--cluster", g_file, "--id", "3");
  BAD("each id of --id", "--cluster", g_file, "--id", "1,");
  BAD("only --out, --force and --quiet", "--cluster", g_file, "--id", "1", "-d", "5");
  BAD("only --out, --force and --quiet", "--cluster", g_file, "--id", "1", "6");
  BAD("--machines 4 but", "--cluster", g_file, "--coordinator", "-n", "4");
  BAD("real engine", "--cluster", g_file, "--coordinator", "--engine", "sim");
  BAD("--rates lists 2 rates for 3 machines", "--cluster", g_file, "--coordinator", "-r", "1,2");
  BAD("no-such-file", "--cluster", "/no-such-file", "--coordinator");
}

// Every option that shapes a run reads back the same from the params text, whatever the
// defaults of the host that reads it.
void test_params_round_trip() {
  lc::RunPlan plan;
  CHECK(parse({"-n", "4", "-d", "12.5", "-x", "2.5", "-s", "0xfeed", "--latency", "uniform:1ms:5ms", "--link",
               "0-3:exp:2ms", "--link", "2-1:0", "--partition", "0,1|2@3-4.5", "--partition", "3@1-2", "--skew", "2:-1.5", "--skew", "0:0.000001", "--vector",
               "9", "17"},
              &plan.options)
            .is_ok());
  plan.run_id = 0x0123456789abcdef;
  plan.secret = 0xfedcba9876543210;
  const std::string digest(64, 'a');
  const std::string text = lc::params_text(plan, digest);
  lc::Options back;
  uint64_t run = 0, secret = 0;
  std::string addresses;
  const lc::Status s = lc::parse_params(text, &back, &run, &secret, &addresses);
  CHECK(s.is_ok());
  if (!s.is_ok()) std::fprintf(stderr, "%s\n%s", s.message().c_str(), text.c_str());
  CHECK_EQ(run, plan.run_id);
  CHECK_EQ(secret, plan.secret);
  CHECK_EQ(addresses, digest);
  const lc::Options& o = plan.options;
  CHECK_EQ(back.machines, o.machines);
  CHECK_EQ(back.duration_us, o.duration_us);
  CHECK_EQ(back.speed, o.speed);
  CHECK_EQ(back.seed, o.seed);
  CHECK(lc::machine_rates(back) == lc::machine_rates(o));
  CHECK_EQ(back.internal_max, o.internal_max);
  CHECK_EQ(back.latency.text(), o.latency.text());
  CHECK_EQ(lc::links_text(back.links), lc::links_text(o.links));
  CHECK_EQ(back.partitions.size(), o.partitions.size());
  for (size_t i = 0; i < o.partitions.size() && i < back.partitions.size(); ++i) {
    CHECK_EQ(back.partitions[i].from_us(), o.partitions[i].from_us());
    CHECK_EQ(back.partitions[i].to_us(), o.partitions[i].to_us());
    CHECK_EQ(back.partitions[i].text(), o.partitions[i].text());
  }
  CHECK(back.vector);
  CHECK_EQ(back.skews.size(), size_t{2});
  for (size_t i = 0; i < o.skews.size() && i < back.skews.size(); ++i) {
    CHECK_EQ(back.skews[i].machine, o.skews[i].machine);
    CHECK_EQ(back.skews[i].us, o.skews[i].us);
  }

  lc::Options junk;
  CHECK(!lc::parse_params("run 0123456789abcdef\narg -n\n", &junk, &run, &secret, &addresses).is_ok());  // no secret
  CHECK(!lc::parse_params("run 0000000000000000\nsecret 0000000000000001\n", &junk, &run, &secret, &addresses).is_ok());
  CHECK(!lc::parse_params(text + "arg --bogus\n", &junk, &run, &secret, &addresses).is_ok());
  CHECK(!lc::parse_params(text + "exec rm\n", &junk, &run, &secret, &addresses).is_ok());
  CHECK(!lc::parse_params(text.substr(0, text.size() - 1), &junk, &run, &secret, &addresses).is_ok());  // a cut line
  CHECK(!lc::parse_params("run 0123456789abcdef\nsecret 0000000000000001\narg -n\narg 3\n", &junk, &run, &secret, &addresses)
             .is_ok());  // no addresses' digest
}

}  // namespace

int main() {
  char dir[] = "/tmp/lc_cluster_options_XXXXXX";
  if (::mkdtemp(dir) == nullptr) return 1;
  g_file = std::string(dir) + "/cluster.txt";
  std::ofstream(g_file) << "coordinator 127.0.0.1:7000\nkey key.txt\n0 127.0.0.2:7001\n1 127.0.0.3:7001\n"
                           "2 127.0.0.4:7001\n";
  test_roles();
  test_params_round_trip();
  std::remove(g_file.c_str());
  ::rmdir(dir);
  return lc_test::finish("test_cluster_options");
}
