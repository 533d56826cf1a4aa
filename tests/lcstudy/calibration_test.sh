#!/usr/bin/env bash
# A small calibration, end to end: calibrate.sh simulates a pool of runs (run_experiments.sh
# --engine sim), lcstudy --calibrate cuts it into 40 studies of 7 runs with a control, and the
# stated intervals cover the truth (each study's: the pool's other runs) as their levels say: pooled over every median's
# interval (40 studies x 3 configurations x 24 figures) at least 90% (their level 98.4%), over
# every difference's interval at least 90% (96.9%); a configuration told apart from its copy in
# at most 12 of the 120 control studies (one per configuration of each study: 6 expected at 5%). Deterministic: the same seed gives the same pool and the same tallies.
# Also: a resampled calibration (studies drawn with replacement, the pool's own truth); a pool too small for the design, a design that overflows, or a truth of fewer than 20
# times a study's runs is refused in one line, exit 2, the last table left in place; studies of 1 run state no interval; a pool made with other options is not reused.
#   calibration_test.sh SOURCE_DIR LOGICAL_CLOCK LCSTAT LCSTUDY
set -euo pipefail
src=$1
export LOGICAL_CLOCK=$2 LCSTAT=$3 LCSTUDY=$4
work=$(mktemp -d /tmp/lcstudy_calibration.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$src/tools/lcstudy/calibrate.sh" --runs 7 --studies 40 --truth-runs 100 --duration 20 --seed 3 --jobs 2 \
  --out "$work/cal" >"$work/out" 2>&1 || fail "calibrate.sh: $(tail -5 "$work/out")"
csv=$work/cal/calibration.csv
[[ $(head -1 "$csv") == kind,figure,configuration,other_configuration,stated,covered,coverage,mean_level,mean_width,no_interval,truth,told_apart,band ]] ||
  fail "calibration.csv header: $(head -1 "$csv")"
# 3 configurations x 24 figures of medians; 3 pairs and the 3 controls' x 24 of differences.
[[ $(grep -c '^median,' "$csv") == 72 && $(grep -c '^difference,' "$csv") == 144 ]] || fail "calibration.csv rows"
pooled() {  # pooled KIND: covered / stated over every row of that kind
  awk -F, -v kind="$1" '$1 == kind { s += $5; c += $6 } END { printf "%.4f %d", c / s, s }' "$csv"
}
read -r median_cov median_n <<<"$(pooled median)"
read -r shift_cov shift_n <<<"$(pooled difference)"
# Every figure's values are spread over their cells (the waits and the share of concurrent pairs
# over summary.csv's last decimal), so none ties: every study states every median's interval.
median_none=$(awk -F, '$1 == "median" { n += $10 } END { print n + 0 }' "$csv")
((median_n == 2880 && median_none == 0 && shift_n > 3000)) ||
  fail "intervals stated: $median_n medians and $median_none without (expected 2880 in all), $shift_n differences"
awk -v m="$median_cov" -v s="$shift_cov" 'BEGIN { exit !(m >= 0.90 && s >= 0.90) }' ||
  fail "pooled coverage: medians $median_cov, differences $shift_cov"
false_told=$(sed -n 's/.*and its copy (any figure): \([0-9]*\) of 120 .*/\1/p' "$work/cal/calibration.md")
[[ -n $false_told ]] && ((false_told <= 12)) || fail "control told apart: '$false_told': $(tail -2 "$work/cal/calibration.md")"
grep -q '^| mean jump | ' "$work/cal/calibration.md" || fail "no table: $(cat "$work/cal/calibration.md")"
# Each tally's verdict against 93% to 97% (coverage_band.h; its known answers in
# lcstudy_coverage_band), one of four, and the table's sentence counts what the CSV says.
bad_band=$(awk -F, 'NR > 1 && $13 !~ /^(inside|below|above|undecided)$/' "$csv")
[[ -z $bad_band ]] || fail "band column: $bad_band"
counts=$(awk -F, 'NR > 1 && $5 > 0 { n++; c[$13]++ } END { printf "%d of %d tallies measurably inside, %d below, %d above; the other %d", c["inside"], n, c["below"], c["above"], c["undecided"] }' "$csv")
grep -q "): $counts cannot be told from an edge by these studies (40 at most a tally)" "$work/cal/calibration.md" ||
  fail "band sentence: want '$counts': $(grep '^Against' "$work/cal/calibration.md")"
# Each study's truth: every other run of the pool (100 + 40 x 7 x 2 = 660 of each
# configuration, less the study's 14 with its control's).
grep -q "each study's truth from every other run of the pool, at least 646 per configuration" "$work/cal/calibration.md" ||
  fail "the truth's runs: $(head -1 "$work/cal/calibration.md")"

# The same pool, analysed again: the same tallies.
"$LCSTUDY" "$work/cal/pool" --calibrate "$work/again.csv" --runs 7 --studies 40 --truth-runs 100 --control >/dev/null ||
  fail "lcstudy --calibrate again"
cmp -s "$csv" "$work/again.csv" || fail "two calibrations of one pool differ"

# Resampled: 100 studies of 10 runs drawn at random, distinct, from each configuration's 660
# (more studies than the pool could cut), the truth the pool's own median: every
# figure's median stated in every study, the pooled coverage of the medians at least 90%
# (level 95%, interpolated), the differences' (the bootstrap, at 10 runs a side) from 90% to
# 99% and every figure's stated in every study (a bootstrap of no width would cover
# almost never, one of every value always), deterministic, and a population under 20 x the
# runs refused.
"$LCSTUDY" "$work/cal/pool" --calibrate "$work/rs.csv" --runs 10 --studies 100 --truth-runs 0 --control --resample \
  >"$work/rs.md" || fail "lcstudy --calibrate --resample"
grep -q "each study's runs drawn at random, distinct, from the pool's 660 or more per configuration" "$work/rs.md" ||
  fail "the resampled design: $(head -1 "$work/rs.md")"
rs_cov=$(awk -F, '$1 == "median" { s += $5; c += $6 } END { printf "%.4f", c / s }' "$work/rs.csv")
awk -v m="$rs_cov" 'BEGIN { exit !(m >= 0.90) }' || fail "resampled medians covered $rs_cov"
rs_tied=$(awk -F, '$1 == "median" && ($10 > 0 || $5 != 100) { print $2 }' "$work/rs.csv")
[[ -z $rs_tied ]] || fail "resampled: figures without an interval: $rs_tied"
rs_diff=$(awk -F, '$1 == "difference" { s += $5; c += $6 } END { printf "%.4f %d", c / s, s }' "$work/rs.csv")
awk -v d="${rs_diff% *}" 'BEGIN { exit !(d >= 0.90 && d <= 0.99) }' || fail "resampled differences covered $rs_diff"
rs_diff_none=$(awk -F, '$1 == "difference" && ($10 > 0 || $5 != 100) { print $2 " " $3 }' "$work/rs.csv")
[[ -z $rs_diff_none ]] || fail "resampled: figures' differences without an interval: $rs_diff_none"
"$LCSTUDY" "$work/cal/pool" --calibrate "$work/rs2.csv" --runs 10 --studies 100 --truth-runs 0 --control --resample \
  >/dev/null || fail "lcstudy --calibrate --resample again"
cmp -s "$work/rs.csv" "$work/rs2.csv" || fail "two resampled calibrations of one pool differ"
code=0
"$LCSTUDY" "$work/cal/pool" --calibrate "$work/rs3.csv" --runs 34 --studies 10 --truth-runs 0 --resample >"$work/err" 2>&1 ||
  code=$?
[[ $code == 2 && $(wc -l <"$work/err") == 1 ]] && grep -q "rest on 660 runs of a configuration; at least 20 x --runs (680) are needed: a larger pool" "$work/err" ||
  fail "a resampled population too small: exit $code: $(cat "$work/err")"
# Too small a pool for the design: one line, exit 2.
code=0
"$LCSTUDY" "$work/cal/pool" --calibrate "$work/big.csv" --runs 5 --studies 400 --truth-runs 100 >"$work/err" 2>&1 || code=$?
[[ $code == 2 && $(wc -l <"$work/err") == 1 ]] && grep -q 'the design needs 2100' "$work/err" ||
  fail "a design larger than the pool: exit $code: $(cat "$work/err")"
# A design whose size overflows 32 bits: refused, not a crash.
code=0
"$LCSTUDY" "$work/cal/pool" --calibrate "$work/huge.csv" --runs 65536 --studies 65536 --truth-runs 2 >"$work/err" 2>&1 ||
  code=$?
[[ $code == 2 ]] && grep -q 'the design needs 4294967298' "$work/err" || fail "an overflowing design: exit $code: $(cat "$work/err")"
# A truth of too few runs for the studies (8 x 40 of 660, less a study's 40: 620 < 20 x 40).
code=0
"$LCSTUDY" "$work/cal/pool" --calibrate "$work/thin.csv" --runs 40 --studies 8 --truth-runs 0 >"$work/err" 2>&1 || code=$?
[[ $code == 2 && $(wc -l <"$work/err") == 1 ]] && grep -q "a study's truth would rest on 620 runs" "$work/err" ||
  fail "a thin truth: exit $code: $(cat "$work/err")"
# A failed calibration leaves the last table and tally in place, whole.
cp "$work/cal/calibration.md" "$work/kept.md"
code=0
"$src/tools/lcstudy/calibrate.sh" --runs 40 --studies 8 --truth-runs 0 --duration 20 --seed 3 --out "$work/cal" \
  >"$work/err" 2>&1 || code=$?
[[ $code == 2 ]] && cmp -s "$work/kept.md" "$work/cal/calibration.md" && cmp -s "$csv" "$work/again.csv" ||
  fail "a failed calibration replaced the last one: exit $code: $(cat "$work/err")"
# Studies of 1 run: no interval at all, and the table says "-", not a range.
"$LCSTUDY" "$work/cal/pool" --calibrate "$work/one.csv" --runs 1 --studies 40 --truth-runs 100 >"$work/one.md" ||
  fail "a calibration of 1-run studies"
grep -q 'Coverage over all figures: -\.' "$work/one.md" || fail "1-run studies: $(sed -n 3p "$work/one.md")"
# A pool made with other options is not used again.
code=0
"$src/tools/lcstudy/calibrate.sh" --runs 7 --studies 40 --truth-runs 100 --duration 30 --seed 3 --out "$work/cal" \
  >"$work/err" 2>&1 || code=$?
[[ $code == 2 ]] && grep -q 'was made with other options' "$work/err" || fail "a pool reused across options: exit $code: $(cat "$work/err")"

echo "calibration_test: medians covered $median_cov, differences $shift_cov, control told apart in $false_told of 120; resampled medians $rs_cov"
