// lcstat against hand-made forgeries of how a run ended: runs the model cannot produce, each of
// which lcstat must refuse, one case per CTest test (lcstat_forgery_<case>) so that each can
// fail on its own. Usage: lcstat_forgery_test FIXTURES_DIR CASE.
//
// The cases build on fixtures/valid (see lcstat_ending_test.cc for its channels) or on a small
// run written here.
#include <cstring>
#include <string>

#include "fixture_case.h"

namespace lcstat = lc::lcstat;
using lcstat::Rule;
using namespace lcstat_case;

namespace {

// m2 fails after its RECV at 1.750010 (clock 7, its 7th tick): its SENDs of 8 and 9 are not in
// its log, and arrive at m1 (8 and 9, PENDING) and m0 (9, RECV at 2.5).
Edit m2_dies() {
  return [](const std::string& dir) {
    auto lines = read_lines(dir + "/vm_2_4.log");
    lines.resize(9);
    write_lines(dir + "/vm_2_4.log", lines);
  };
}

// A machine that left on a SIGTERM of its own (stopped_<id>) ticks no more: it reads that
// instant after its last tick. m2 left at 1.8, after its 7th tick, and was killed later
// (failed_at_2=3): its ticks due at 2.0 and 2.25 never ran, so nothing it sent can carry a
// clock beyond its last logged one. Its 8 and 9, which m1 and m0 show, had no tick to send
// them. lcstat bounds the unlogged ticks by failed_at alone and passes the run.
void own_stop_bounds_unlogged_ticks() {
  expect_one("unlogged_after_own_stop",
             all_of({m2_dies(), run_file("status=failed\nmachines=3\nstopped_2=1.8\nfailed=2\nfailed_at_2=3\n")}),
             Rule::kUnmatched, "vm_1_1.log:6: message from machine 2 with msg_clock 8, not in its log: no tick was left");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s FIXTURES_DIR CASE\n", argv[0]);
    return 2;
  }
  const std::string which = argv[2];
  if (!set_up(2, argv)) return 2;
  if (which == "own_stop") {
    own_stop_bounds_unlogged_ticks();
  } else {
    std::fprintf(stderr, "unknown case %s\n", which.c_str());
    return 2;
  }
  fs::remove_all(scratch());
  return lc_test::finish(("lcstat_forgery_test " + which).c_str());
}
