// lcstat: checks a logical_clock run against the model's rules and summarises it.
// Exit status: 0 all rules hold, 1 violations found, 2 bad input or usage.
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "logical_clock/base/file_io.h"
#include "report.h"
#include "run_analysis.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitViolations = 1;
constexpr int kExitBadInput = 2;

constexpr const char* kUsage =
    "usage: lcstat RUN_DIR [--out DIR] [--no-write] [--quiet]\n"
    "\n"
    "Checks every vm_<id>_<rate>.log of a logical_clock run against the model's rules (clock\n"
    "rule, clock condition, each message received or pending once, FIFO channels, tick schedule\n"
    "and count, queues against arrival times, system_time against model_time, missing messages\n"
    "against run.txt's counts per channel), prints a table per machine and the drift between\n"
    "machines, and writes summary.csv, run_summary.csv and the graphs' data (plotdata/) into\n"
    "the run directory.\n"
    "\n"
    "  --out DIR     write the output files into DIR instead (created if missing)\n"
    "  --no-write    write no files; check and print only\n"
    "  -q, --quiet   print no table, only violations and errors\n"
    "  -h, --help    show this help\n"
    "\n"
    "Exit status: 0 all rules hold, 1 violations found (listed on stderr), 2 bad input or usage.\n"
    "See docs/analysis.md for the files and their columns.\n";

struct Options {
  std::string run_dir;
  std::string out_dir;
  bool write = true;
  bool quiet = false;
};

int usage_error(const std::string& what) {
  std::fprintf(stderr, "lcstat: %s (see lcstat --help)\n", what.c_str());
  return kExitBadInput;
}

// Returns -1 when the options are good, else the exit status.
int parse_options(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    } else if (arg == "--out") {
      if (i + 1 >= argc) return usage_error("--out needs a directory");
      options->out_dir = argv[++i];
    } else if (arg.rfind("--out=", 0) == 0) {
      options->out_dir = arg.substr(6);
    } else if (arg == "--no-write") {
      options->write = false;
    } else if (arg == "-q" || arg == "--quiet") {
      options->quiet = true;
    } else if (!arg.empty() && arg[0] == '-') {
      return usage_error("unknown option " + arg);
    } else if (options->run_dir.empty()) {
      options->run_dir = arg;
    } else {
      return usage_error("one RUN_DIR only (got " + options->run_dir + " and " + arg + ")");
    }
  }
  if (options->run_dir.empty()) return usage_error("missing RUN_DIR");
  if (options->out_dir.empty()) options->out_dir = options->run_dir;
  if (options->out_dir.empty()) return usage_error("--out needs a directory");
  return -1;
}

int fail(const lc::Status& status) {
  std::fprintf(stderr, "lcstat: %s\n", status.message().c_str());
  return kExitBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  int exit_code = parse_options(argc, argv, &options);
  if (exit_code >= 0) return exit_code;

  struct stat st;
  if (::stat(options.run_dir.c_str(), &st) != 0)
    return fail(lc::Status::from_errno(options.run_dir, errno));
  if (!S_ISDIR(st.st_mode)) return fail(lc::Status::error(options.run_dir + ": not a directory"));
  lc::Status s;
  if (options.write && options.out_dir != options.run_dir && !(s = lc::ensure_directory(options.out_dir)).is_ok())
    return fail(s);

  const std::string plot_dir = options.write ? options.out_dir + "/plotdata" : "";
  lc::lcstat::RunResult result;
  if (!(s = lc::lcstat::analyse_run(options.run_dir, plot_dir, &result)).is_ok()) return fail(s);

  const lc::lcstat::Findings& findings = result.findings;
  for (const std::string& line : findings.shown()) std::fprintf(stderr, "%s\n", line.c_str());
  if (findings.total() > findings.shown().size()) {
    std::fprintf(stderr, "... and %llu more\n",
                 static_cast<unsigned long long>(findings.total() - findings.shown().size()));
  }
  if (findings.total() > 0) std::fprintf(stderr, "lcstat: %s\n", findings.tally().c_str());
  if (!options.quiet) lc::lcstat::print_table(result, stdout);
  std::fflush(stdout);

  if (options.write) {
    if (!(s = lc::lcstat::write_plot_data(result, plot_dir)).is_ok()) return fail(s);
    if (!(s = lc::lcstat::write_summaries(result, options.out_dir)).is_ok()) return fail(s);
  }
  return findings.total() > 0 ? kExitViolations : kExitOk;
}
