// lcstudy: a study's statistics and report, from what run_experiments.sh gathered.
// Exit status: 0 report written, 2 bad input or usage (one line on stderr).
#include <cstdio>
#include <string>

#include "report.h"
#include "study.h"

namespace {

constexpr const char* kUsage =
    "usage: lcstudy STUDY_DIR [--report FILE] [--graphs DIR]\n"
    "\n"
    "Reads STUDY_DIR/study.txt (the study's parameters), summary.csv (a row per run) and\n"
    "machines.csv (a row per machine of every run), as run_experiments.sh writes them, and writes\n"
    "the report (default STUDY_DIR/REPORT.md) and its graphs' data and gnuplot calls (default\n"
    "STUDY_DIR/graphs/): findings with 95% confidence intervals, per-machine figures by tick rate,\n"
    "the theory beside the measurement, differences between configurations, sweeps.\n"
    "See docs/analysis.md, \"The study's report\".\n";

int fail(const std::string& what) {
  std::fprintf(stderr, "lcstudy: %s\n", what.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir, report, graphs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if ((arg == "--report" || arg == "--graphs") && i + 1 < argc) {
      (arg == "--report" ? report : graphs) = argv[++i];
    } else if (!arg.empty() && arg[0] == '-') {
      return fail("unknown or incomplete option " + arg + " (see lcstudy --help)");
    } else if (dir.empty()) {
      dir = arg;
    } else {
      return fail("one STUDY_DIR only (see lcstudy --help)");
    }
  }
  if (dir.empty()) return fail("missing STUDY_DIR (see lcstudy --help)");
  if (report.empty()) report = dir + "/REPORT.md";
  if (graphs.empty()) graphs = dir + "/graphs";
  lc::study::Study study;
  lc::Status s = lc::study::load_study(dir, &study);
  if (s.is_ok()) s = lc::study::write_report(study, report, graphs);
  if (!s.is_ok()) return fail(s.message());
  return 0;
}
