// lcstat: checks a logical_clock run against the model's rules and summarises it; exports
// runs for ShiViz and for Perfetto / chrome://tracing.
// Exit status: 0 all rules hold, 1 violations found, 2 bad input or usage.
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "chrome_trace.h"
#include "logical_clock/base/file_io.h"
#include "logical_clock/log/numbers.h"
#include "report.h"
#include "run_analysis.h"
#include "shiviz.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitViolations = 1;
constexpr int kExitBadInput = 2;

constexpr const char* kUsage =
    "usage: lcstat RUN_DIR [--out DIR] [--no-write] [--quiet] [--plotdata] [--trace FILE.json]\n"
    "              [--cone MACHINE:EVENT|auto [--window A:B]]\n"
    "       lcstat --shiviz FILE RUN_DIR... [--no-write] [--quiet]\n"
    "\n"
    "Checks every vm_<id>_<rate>.log of a logical_clock run against the model's rules (clock\n"
    "rule, each tick's draw from the seed, clock condition, each message received or pending\n"
    "once, FIFO channels, tick schedule and count, queues against arrival times, PENDING rows\n"
    "at the end, system_time against model_time, missing messages against run.txt's counts\n"
    "per channel, the vclock column when the logs have one), rebuilds the vector clock of every\n"
    "event and counts the pairs of events that causality orders and those the Lamport clocks\n"
    "order, prints a table per machine and the drift between machines,\n"
    "and writes summary.csv and run_summary.csv into the run directory.\n"
    "\n"
    "  --out DIR          write the output files into DIR instead (created if missing)\n"
    "  --no-write         write no files but the exports; check and print only\n"
    "  -q, --quiet        print no table, only violations and errors\n"
    "  --plotdata         also write the graphs' data (plotdata/), as plot/plot.sh asks\n"
    "  --trace FILE.json  also write the run as a Chrome trace (Perfetto, chrome://tracing)\n"
    "  --shiviz FILE      also write the runs as a ShiViz log, one execution per RUN_DIR\n"
    "  --cone M:K|auto    also write plotdata/ and in it cone.dat: the causal cone of machine M's\n"
    "                     K-th event\n"
    "                     (auto: the event of the slowest machine that did not fail nearest\n"
    "                     the window's middle, before its stop)\n"
    "  --window A:B       the cone's model-time window, seconds (default: 2.5 s either side of\n"
    "                     the event; auto: 0 to 5)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 all rules hold, 1 violations found (listed on stderr), 2 bad input or usage.\n"
    "See docs/analysis.md for the files and their columns.\n";

struct Options {
  std::vector<std::string> run_dirs;
  std::string out_dir;
  std::string shiviz;
  std::string trace;
  bool write = true;
  bool plotdata = false;
  bool quiet = false;
  lc::lcstat::ConeRequest cone;
  bool window = false;
};

int usage_error(const std::string& what) {
  std::fprintf(stderr, "lcstat: %s (see lcstat --help)\n", what.c_str());
  return kExitBadInput;
}

// "M:K" (whole numbers, K from 1) or "auto".
bool parse_cone(const std::string& text, lc::lcstat::ConeRequest* cone) {
  cone->wanted = true;
  if (text == "auto") {
    cone->automatic = true;
    return true;
  }
  const size_t colon = text.find(':');
  if (colon == std::string::npos) return false;
  return lc::parse_count(std::string_view(text).substr(0, colon), &cone->machine) &&
         lc::parse_count(std::string_view(text).substr(colon + 1), &cone->index) && cone->index >= 1;
}

// "A:B" seconds, B above A.
bool parse_window(const std::string& text, lc::lcstat::ConeRequest* cone) {
  const size_t colon = text.find(':');
  if (colon == std::string::npos) return false;
  return lc::parse_micros(std::string_view(text).substr(0, colon), &cone->window_begin_us) &&
         lc::parse_micros(std::string_view(text).substr(colon + 1), &cone->window_end_us) &&
         cone->window_end_us > cone->window_begin_us;
}

// Returns -1 when the options are good, else the exit status.
int parse_options(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* name, std::string* out) {
      const std::string prefix = std::string(name) + "=";
      if (arg.rfind(prefix, 0) == 0) {
        *out = arg.substr(prefix.size());
        return true;
      }
      if (arg != name || i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    auto takes = [&](const char* name) { return arg == name || arg.rfind(std::string(name) + "=", 0) == 0; };
    std::string text;
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    } else if (takes("--out")) {
      if (!value("--out", &options->out_dir)) return usage_error("--out needs a directory");
    } else if (takes("--shiviz")) {
      if (!value("--shiviz", &options->shiviz) || options->shiviz.empty()) return usage_error("--shiviz needs a file");
    } else if (takes("--trace")) {
      if (!value("--trace", &options->trace) || options->trace.empty()) return usage_error("--trace needs a file");
    } else if (takes("--cone")) {
      if (!value("--cone", &text) || !parse_cone(text, &options->cone))
        return usage_error("--cone wants MACHINE:EVENT (the machine's K-th event, from 1) or auto");
    } else if (takes("--window")) {
      if (!value("--window", &text) || !parse_window(text, &options->cone))
        return usage_error("--window wants A:B in seconds, B above A, e.g. 10:15");
      options->window = true;
    } else if (arg == "--no-write") {
      options->write = false;
    } else if (arg == "--plotdata") {
      options->plotdata = true;
    } else if (arg == "-q" || arg == "--quiet") {
      options->quiet = true;
    } else if (!arg.empty() && arg[0] == '-') {
      return usage_error("unknown option " + arg);
    } else {
      options->run_dirs.push_back(arg);
    }
  }
  if (options->run_dirs.empty()) return usage_error("missing RUN_DIR");
  if (options->run_dirs.size() > 1) {
    if (options->shiviz.empty())
      return usage_error("one RUN_DIR only (got " + options->run_dirs[0] + " and " + options->run_dirs[1] +
                         "); several only with --shiviz");
    if (!options->out_dir.empty()) return usage_error("--out takes one RUN_DIR only");
    if (!options->trace.empty()) return usage_error("--trace takes one RUN_DIR only");
    if (options->cone.wanted) return usage_error("--cone takes one RUN_DIR only");
  }
  if (options->window && !options->cone.wanted) return usage_error("--window goes with --cone");
  if (options->out_dir.empty()) options->out_dir = options->run_dirs[0];
  if (options->cone.wanted) options->plotdata = true;
  return -1;
}

int fail(const lc::Status& status) {
  std::fprintf(stderr, "lcstat: %s\n", status.message().c_str());
  return kExitBadInput;
}

// A run's directory as given, without trailing slashes, to name its ShiViz execution.
std::string run_label(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

// Analyses one run, prints and writes what it should; an exit status.
int analyse_one(const Options& options, const std::string& run_dir, const std::string& out_dir,
                lc::lcstat::ShivizLog* shiviz, lc::lcstat::ChromeTrace* trace) {
  struct stat st;
  if (::stat(run_dir.c_str(), &st) != 0) return fail(lc::Status::from_errno(run_dir, errno));
  if (!S_ISDIR(st.st_mode)) return fail(lc::Status::error(run_dir + ": not a directory"));
  lc::Status s;
  if (options.write && out_dir != run_dir && !(s = lc::ensure_directory(out_dir)).is_ok()) return fail(s);

  lc::lcstat::AnalysisOptions analysis;
  // The graphs' data only when asked: a directory and 4 + N files to create, and a file costs more
  // than the analysis on some file systems (bench/README.md, "A study's cost per run").
  analysis.plot_dir = options.write && options.plotdata ? out_dir + "/plotdata" : "";
  analysis.cone = options.cone;
  if (shiviz != nullptr) analysis.sinks.push_back(shiviz);
  if (trace != nullptr) analysis.sinks.push_back(trace);
  lc::lcstat::RunResult result;
  if (!(s = lc::lcstat::analyse_run(run_dir, analysis, &result)).is_ok()) return fail(s);
  if (shiviz != nullptr && shiviz->events() == 0)
    return fail(lc::Status::error(run_dir + ": no events: ShiViz cannot show an execution without events"));

  const lc::lcstat::Findings& findings = result.findings;
  for (const std::string& line : findings.shown()) std::fprintf(stderr, "%s\n", line.c_str());
  if (findings.total() > findings.shown().size()) {
    std::fprintf(stderr, "... and %llu more\n",
                 static_cast<unsigned long long>(findings.total() - findings.shown().size()));
  }
  if (findings.total() > 0) std::fprintf(stderr, "lcstat: %s: %s\n", run_dir.c_str(), findings.tally().c_str());
  if (!options.quiet) lc::lcstat::print_table(result, stdout);
  std::fflush(stdout);

  if (options.write) {
    if (options.plotdata && !(s = lc::lcstat::write_plot_data(result, analysis.plot_dir)).is_ok()) return fail(s);
    if (!(s = lc::lcstat::write_summaries(result, out_dir)).is_ok()) return fail(s);
  }
  return findings.total() > 0 ? kExitViolations : kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  int exit_code = parse_options(argc, argv, &options);
  if (exit_code >= 0) return exit_code;

  lc::Status s;
  lc::lcstat::ShivizLog shiviz;
  lc::lcstat::ChromeTrace trace;
  if (!options.shiviz.empty() && !(s = shiviz.open(options.shiviz)).is_ok()) return fail(s);
  if (!options.trace.empty() && !(s = trace.open(options.trace, run_label(options.run_dirs[0]))).is_ok())
    return fail(s);

  int worst = kExitOk;
  std::set<std::string> labels;
  for (const std::string& run_dir : options.run_dirs) {
    if (!options.shiviz.empty()) {
      // Executions are named after their runs; ShiViz needs the names to differ as written
      // (a\nb and a?b are both a?b there).
      const std::string name = lc::lcstat::ShivizLog::label_text(run_label(run_dir));
      std::string label = name;
      for (int k = 2; labels.count(label) != 0; ++k) label = name + " (" + std::to_string(k) + ")";
      labels.insert(label);
      shiviz.begin_execution(label);
    }
    const std::string out_dir = options.run_dirs.size() > 1 ? run_dir : options.out_dir;
    const int code = analyse_one(options, run_dir, out_dir, options.shiviz.empty() ? nullptr : &shiviz,
                                 options.trace.empty() ? nullptr : &trace);
    if (code == kExitBadInput) return code;  // the exports' temporary files go with their owners
    worst = std::max(worst, code);
  }
  if (!options.shiviz.empty() && !(s = shiviz.commit()).is_ok()) return fail(s);
  if (!options.trace.empty() && !(s = trace.commit()).is_ok()) return fail(s);
  return worst;
}
