// The calibration's verdicts on its tallies against the target band, on hand-made tallies with
// known answers: the binomial tails against exact sums (rational arithmetic, computed apart),
// and judge_band's three verdicts with Holm's step-down over every tally.
#include <vector>

#include "check.h"
#include "coverage_band.h"

namespace {

using lc::study::Band;
using lc::study::binomial_at_least;
using lc::study::binomial_at_most;
using lc::study::judge_band;

void test_tails() {
  CHECK_WITHIN(binomial_at_most(10, 3, 0.5), 176.0 / 1024, 1e-15);
  CHECK_WITHIN(binomial_at_least(10, 7, 0.5), 176.0 / 1024, 1e-15);
  // Exact sums of the binomial's terms in fractions: 1,000 studies at 97% covering 980 or more,
  // at 93% covering 912 or fewer; 20,000 at 97% covering 19,300 or fewer (4.1 standard errors
  // below: a tail summed over thousands of terms).
  CHECK_WITHIN(binomial_at_least(1000, 980, 0.97), 0.03328078413519505, 1e-12);
  CHECK_WITHIN(binomial_at_most(1000, 912, 0.93), 0.01742019558895855, 1e-12);
  CHECK_WITHIN(binomial_at_most(20000, 19300, 0.97) / 2.8209807094092233e-05, 1, 1e-9);
  // The edges, and a tail and its complement adding to 1 (at the mean, where each is about a
  // half, the logs of the factorials' rounding shows: 2e-13 at 1,000 studies, 5e-10 at two
  // million).
  CHECK_EQ(binomial_at_most(100, 100, 0.9), 1.0);
  CHECK_EQ(binomial_at_most(100, -1, 0.9), 0.0);
  CHECK_EQ(binomial_at_least(100, 0, 0.9), 1.0);
  CHECK_EQ(binomial_at_least(100, 101, 0.9), 0.0);
  CHECK_WITHIN(binomial_at_most(100, 0, 0.9), 1e-100, 1e-112);
  for (long long k : {1939000LL, 1940000LL, 1941000LL})
    CHECK_WITHIN(binomial_at_most(2000000, k, 0.97) + binomial_at_least(2000000, k + 1, 0.97), 1, 1e-8);
}

void test_verdicts() {
  // 95% of 1,000: 6 standard errors from either edge, inside. 91.2% of 1,000: below (p = 0.017,
  // under 5% / 2 with no other tally). 98.0% of 1,000, alone: p = 0.033 above 97%, not under
  // 2.5%: undecided, though it reads a point above the band. 96.3% of 3,000: inside (p = 0.021
  // against 97%). 99.3% of 3,000: above. 15 of 20: below (p = 0.011). A tally of nothing stated:
  // undecided, and not one of the tests.
  CHECK(judge_band({{1000, 950}}) == std::vector<Band>{Band::kInside});
  CHECK(judge_band({{1000, 912}}) == std::vector<Band>{Band::kBelow});
  CHECK(judge_band({{1000, 912}, {0, 0}}) == (std::vector<Band>{Band::kBelow, Band::kUndecided}));
  CHECK(judge_band({{1000, 980}}) == std::vector<Band>{Band::kUndecided});
  CHECK(judge_band({{3000, 2890}}) == std::vector<Band>{Band::kInside});
  CHECK(judge_band({{3000, 2980}}) == std::vector<Band>{Band::kAbove});
  CHECK(judge_band({{20, 15}}) == std::vector<Band>{Band::kBelow});
  // Holm: 91.2% of 1,000 among 50 tallies of 95% is one of 102 tests, and 0.017 is not under
  // 5% / 102: undecided. Far enough out it stays below: 85% of 1,000 (p about 1e-16).
  std::vector<lc::study::CoverageTally> many(50, {1000, 950});
  many.push_back({1000, 912});
  std::vector<Band> v = judge_band(many);
  CHECK(v.back() == Band::kUndecided);
  CHECK(v.front() == Band::kInside);
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
  // Another band: 90% of 1,000 is inside 85% to 95%.
  CHECK(judge_band({{1000, 900}}, 0.85, 0.95) == std::vector<Band>{Band::kInside});
}

}  // namespace

int main() {
  test_tails();
  test_verdicts();
  return lc_test::finish("test_coverage_band");
}
