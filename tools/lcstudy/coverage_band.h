// What a calibration's tallies can tell about a target band of coverage (93% to 97%): a tally
// of k intervals covering out of n studies is a binomial draw, so one that reads 97.4% may
// cover 96.7% (at 1,000 studies its standard error is 0.6 points), and the lowest and highest
// of 200 tallies lie outside any band a little by chance alone. Each tally is judged by exact
// binomial tests against the band's two edges, each verdict a claim at 5% for all the tallies
// it is given to together (Holm's step-down, valid however the tallies depend on each other):
//   - measurably below (above) the band: P(k or fewer | the low edge) (P(k or more | the high
//     edge)) small enough, Holm over both tests of every tally at once: a calibration calls
//     some tally outside when it is not at most 5% of the time;
//   - measurably inside: the larger of P(k or more | the low edge) and P(k or fewer | the high
//     edge) small enough, Holm over the tallies: a calibration calls some tally inside when it
//     is not at most 5% of the time;
//   - otherwise undecided: these studies cannot tell it from the band's edge.
// Pure functions of their inputs.
#pragma once

#include <cstddef>
#include <vector>

namespace lc::study {

inline constexpr double kBandLow = 0.93, kBandHigh = 0.97, kBandAlpha = 0.05;

// P(X <= k) and P(X >= k), X binomial(n, p), 0 < p < 1: each term from the logs of the
// factorials, summed from k away from the mode (so n of millions does not underflow), a tail
// on the mode's side as 1 less the other. Measured against exact sums: within 5e-13 up to
// 1,000 trials and 4e-12 up to 10,000; relative to a small tail 3e-9 at two million and 1e-8
// at ten million (the rounding of the logs of such factorials).
double binomial_at_most(long long n, long long k, double p);
double binomial_at_least(long long n, long long k, double p);

enum class Band { kBelow, kInside, kAbove, kUndecided };

struct CoverageTally {
  long long stated = 0, covered = 0;
};

// Each tally's verdict, in the order given; a tally of no interval stated, or not a count
// (covered below 0 or above stated), is undecided and in none of the tests.
std::vector<Band> judge_band(const std::vector<CoverageTally>& tallies, double low = kBandLow, double high = kBandHigh,
                             double alpha = kBandAlpha);

const char* band_name(Band b);  // "below", "inside", "above", "undecided"

}  // namespace lc::study
