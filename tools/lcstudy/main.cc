// lcstudy: a study's statistics and report, from what run_experiments.sh gathered.
// Exit status: 0 report written, 2 bad input or usage (one line on stderr).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "calibration.h"
#include "logical_clock/base/file_io.h"
#include "report.h"
#include "study.h"

namespace {

constexpr const char* kUsage =
    "usage: lcstudy STUDY_DIR [--report FILE] [--graphs DIR] [--intervals FILE]\n"
    "       lcstudy POOL_DIR --calibrate CSV --runs N --studies S --truth-runs T [--control] [--resample]\n"
    "\n"
    "Reads STUDY_DIR/study.txt (the study's parameters), summary.csv (a row per run) and\n"
    "machines.csv (a row per machine of every run), as run_experiments.sh writes them, and writes\n"
    "the report (default STUDY_DIR/REPORT.md) and its graphs' data and gnuplot calls (default\n"
    "STUDY_DIR/graphs/): findings with their intervals, per-machine figures by tick rate, the\n"
    "theory beside the measurement, differences between configurations, sweeps; and every interval\n"
    "it states, one CSV row each (default STUDY_DIR/intervals.csv).\n"
    "\n"
    "With --calibrate: POOL_DIR is one study of many simulated runs per configuration; after its\n"
    "first T runs, S independent studies of N runs each (with --control, each configuration also\n"
    "against a copy of itself, from runs of its own), each analysed as its report would be, against\n"
    "the truth of every other run of the pool (at least 20 x N). With --resample, each study's runs\n"
    "drawn at random (distinct) from all of the pool's, the truth the pool's own median: as many\n"
    "studies as wanted, of the pool taken as the population (T is not used).\n"
    "Prints each figure's coverage (Markdown), each tally judged against 93% to 97% (measurably\n"
    "below, above, inside, or undecided by these studies), and writes the detail to CSV.\n"
    "See docs/analysis.md, \"The study's report\" and \"Calibration\".\n";

int fail(const std::string& what) {
  std::fprintf(stderr, "lcstudy: %s\n", what.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir, report, graphs, intervals, calibration;
  lc::study::CalibrationDesign design;
  auto whole = [](const char* text, int lo, int hi, int* out) {
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (end == text || *end != 0 || v < lo || v > hi) return false;
    *out = static_cast<int>(v);
    return true;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if ((arg == "--report" || arg == "--graphs" || arg == "--intervals") && i + 1 < argc) {
      (arg == "--report" ? report : arg == "--graphs" ? graphs : intervals) = argv[++i];
    } else if (arg == "--calibrate" && i + 1 < argc) {
      calibration = argv[++i];
    } else if ((arg == "--runs" || arg == "--studies" || arg == "--truth-runs") && i + 1 < argc) {
      int* out = arg == "--runs" ? &design.runs : arg == "--studies" ? &design.studies : &design.truth_runs;
      const int lowest = arg == "--truth-runs" ? 0 : 1;
      if (!whole(argv[++i], lowest, 10000000, out))
        return fail(arg + " wants a whole number from " + std::to_string(lowest) + " to 10000000, got '" + argv[i] + "'");
    } else if (arg == "--control") {
      design.control = true;
    } else if (arg == "--resample") {
      design.resample = true;
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
  if (intervals.empty()) intervals = dir + "/intervals.csv";
  lc::study::Study study;
  lc::Status s = lc::study::load_study(dir, &study);
  if (s.is_ok() && !calibration.empty()) {
    std::string table, csv;
    s = lc::study::calibrate(study, design, &table, &csv);
    if (s.is_ok()) s = lc::write_whole_file(calibration, csv);
    if (s.is_ok()) std::fputs(table.c_str(), stdout);
  } else if (s.is_ok()) {
    s = lc::study::write_report(study, report, graphs, intervals);
  }
  if (!s.is_ok()) return fail(s.message());
  return 0;
}
