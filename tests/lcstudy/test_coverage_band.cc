// The calibration's verdicts on its tallies against the target band, on hand-made tallies with
// known answers: the binomial tails against exact sums (rational arithmetic, or 60 digits,
// computed apart), judge_band's three verdicts with Holm's step-down, and its promise that a
// calibration calls some tally inside (or outside) when it is not at most 5% of the time.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "check.h"
#include "coverage_band.h"

namespace {

using lc::study::Band;
using lc::study::binomial_at_least;
using lc::study::binomial_at_most;
using lc::study::CoverageTally;
using lc::study::judge_band;

void test_tails() {
  CHECK_WITHIN(binomial_at_most(10, 3, 0.5), 176.0 / 1024, 1e-15);
  CHECK_WITHIN(binomial_at_least(10, 7, 0.5), 176.0 / 1024, 1e-15);
  // Exact sums of the binomial's terms in fractions: 1,000 studies at 97% covering 980 or more,
  // at 93% covering 912 or fewer; 3,000 at 97% covering 2,910 or fewer (a tail near a half, on
  // the mode's side: 1 less the other); 20,000 at 97% covering 19,300 or fewer (4.1 standard
  // errors below: a tail summed over thousands of terms).
  CHECK_WITHIN(binomial_at_least(1000, 980, 0.97), 0.03328078413519505, 5e-13);
  CHECK_WITHIN(binomial_at_most(1000, 912, 0.93), 0.01742019558895855, 5e-13);
  CHECK_WITHIN(binomial_at_most(3000, 2910, 0.97), 0.5146597046457706, 4e-12);
  CHECK_WITHIN(binomial_at_most(20000, 19300, 0.97) / 2.8209807094092233e-05, 1, 1e-9);
  // Two million at 93% covering 1,858,918 or fewer (3 standard errors below): 60 digits give
  // 0.0013763846915844339; the logs of such factorials round at 3e-9 of it.
  CHECK_WITHIN(binomial_at_most(2000000, 1858918, 0.93) / 0.0013763846915844339, 1, 1e-8);
  // The edges.
  CHECK_EQ(binomial_at_most(100, 100, 0.9), 1.0);
  CHECK_EQ(binomial_at_most(100, -1, 0.9), 0.0);
  CHECK_EQ(binomial_at_least(100, 0, 0.9), 1.0);
  CHECK_EQ(binomial_at_least(100, 101, 0.9), 0.0);
  CHECK_WITHIN(binomial_at_most(100, 0, 0.9), 1e-100, 1e-112);
}

void test_verdicts() {
  // 95% of 1,000: 2.5 standard errors above 93% and 3.7 below 97% (p = 0.0059 and 0.0004,
  // exact), inside. 91.2% of 1,000: below (p = 0.017, under 5% / 2 with no other tally). 98.0%
  // of 1,000, alone: p = 0.033 above 97%, not under 2.5%: undecided, though it reads a point
  // above the band. 96.3% of 3,000: inside (p = 0.021 against 97%). 99.3% of 3,000: above. 15 of
  // 20: below (p = 0.011). A tally of nothing stated, or not a count: undecided, and in none of
  // the tests.
  CHECK(judge_band({{1000, 950}}) == std::vector<Band>{Band::kInside});
  CHECK(judge_band({{1000, 912}}) == std::vector<Band>{Band::kBelow});
  CHECK(judge_band({{1000, 912}, {0, 0}}) == (std::vector<Band>{Band::kBelow, Band::kUndecided}));
  CHECK(judge_band({{1000, 980}}) == std::vector<Band>{Band::kUndecided});
  CHECK(judge_band({{3000, 2890}}) == std::vector<Band>{Band::kInside});
  CHECK(judge_band({{3000, 2980}}) == std::vector<Band>{Band::kAbove});
  CHECK(judge_band({{20, 15}}) == std::vector<Band>{Band::kBelow});
  CHECK(judge_band({{10, 11}, {10, -1}, {1000, 912}}) ==
        (std::vector<Band>{Band::kUndecided, Band::kUndecided, Band::kBelow}));
  // Holm: 91.2% of 1,000 among 50 tallies of 95% of 3,000 is one of 102 tests, and 0.017 is not
  // under 5% / 102: undecided. Far enough out it stays below: 85% of 1,000 (p = 2.2e-18).
  std::vector<CoverageTally> many(50, {3000, 2850});
  many.push_back({1000, 912});
  std::vector<Band> v = judge_band(many);
  CHECK(v.back() == Band::kUndecided);
  CHECK(v.front() == Band::kInside);  // p = 4.1e-6 against 93%, under 5% / 51
  many.back() = {1000, 850};
  CHECK(judge_band(many).back() == Band::kBelow);
  // Two tallies far out both go, and the third, at 0.017, not.
  many.push_back({1000, 1000});
  many.push_back({1000, 912});
  v = judge_band(many);
  CHECK(v[50] == Band::kBelow);
  CHECK(v[51] == Band::kAbove);
  CHECK(v[52] == Band::kUndecided);
  // Step-down, not Bonferroni: of two tallies' four tests, 91.1% of 1,000 (p = 0.0130, exact) is
  // tested second, at 5% / 3, after one far out at 5% / 4: below (Bonferroni's 5% / 4 = 0.0125
  // would not say so).
  CHECK(judge_band({{1000, 850}, {1000, 911}}) == (std::vector<Band>{Band::kBelow, Band::kBelow}));
  CHECK(judge_band({{1000, 950}, {1000, 911}}) == (std::vector<Band>{Band::kInside, Band::kUndecided}));
  // Inside is Holm's too: 95% of 1,000 (p = 0.0059) alone is inside, but among 50 such tallies
  // it is tested at 5% / 50 = 0.001: undecided, every one.
  v = judge_band(std::vector<CoverageTally>(50, {1000, 950}));
  CHECK(v == std::vector<Band>(50, Band::kUndecided));
  // Step-down for inside too: after nine tallies far inside (p = 4.1e-6), 95% of 1,000 (0.0059)
  // is tested at 5% / 1: inside (Bonferroni's 5% / 10 = 0.005 would not say so).
  std::vector<CoverageTally> in(9, {3000, 2850});
  in.push_back({1000, 950});
  CHECK(judge_band(in) == std::vector<Band>(10, Band::kInside));
  // Another band: 90% of 1,000 is inside 85% to 95%.
  CHECK(judge_band({{1000, 900}}, 0.85, 0.95) == std::vector<Band>{Band::kInside});
}

// The promise, simulated: 200 calibrations of 10 tallies of 10,000 studies (enough that a tally
// can be called inside: at 1,000 studies the smallest p-value inside is 0.0021, above 5% / 23,
// so 24 or more tallies of 1,000 never are), every tally truly at an edge, 93% or 97% (the
// worst case for both verdicts): some tally called inside, or outside, in at most 5% of the
// calibrations (10 of 200 expected at most; 20 allows the simulation's own error); and every
// tally truly at 95% called inside in every calibration. Deterministic: a fixed stream.
void test_familywise() {
  uint64_t state = 12345;
  auto uniform = [&state] {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1p-53;
  };
  for (double truth : {0.93, 0.97, 0.95}) {
    int inside = 0, outside = 0, all_inside = 0;
    for (int r = 0; r < 200; ++r) {
      std::vector<CoverageTally> tallies(10);
      for (CoverageTally& t : tallies) {
        t.stated = 10000;
        for (int s = 0; s < 10000; ++s) t.covered += uniform() < truth;
      }
      const std::vector<Band> v = judge_band(tallies);
      inside += std::count(v.begin(), v.end(), Band::kInside) > 0;
      outside += std::count(v.begin(), v.end(), Band::kBelow) + std::count(v.begin(), v.end(), Band::kAbove) > 0;
      all_inside += std::count(v.begin(), v.end(), Band::kInside) == 10;
    }
    if (truth == 0.95) {
      CHECK_EQ(all_inside, 200);
    } else {
      CHECK(inside <= 20);
      CHECK(outside <= 20);
    }
  }
}

}  // namespace

int main() {
  test_tails();
  test_verdicts();
  test_familywise();
  return lc_test::finish("test_coverage_band");
}
