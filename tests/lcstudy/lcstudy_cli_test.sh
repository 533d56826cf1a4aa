#!/usr/bin/env bash
# lcstudy on a hand-made study with known answers: 2 configurations x 5 runs x 3 machines whose
# figures are chosen so that each kind of sentence has a number worked out by hand (a median's
# order-statistic interval, no interval for a difference at 5 runs, a p-value enumerated here
# over the 252 assignments, the maxT adjustment, differences told and not, equal figures);
# intervals.csv; the same report twice; bad input (a missing column, no study.txt)
# and edited studies (runs duplicated or deleted, a nan, a figure out of range, machines.csv at
# odds with summary.csv) refused in one line with exit 2.
#   lcstudy_cli_test.sh LCSTUDY
set -euo pipefail

lcstudy=$1
work=$(mktemp -d /tmp/lcstudy_cli.XXXXXX)
trap 'rm -rf "$work"' EXIT
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
has() { grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks: $2"; checks=$((checks + 1)); }
# has_cells FILE PATTERN LOW HIGH...: a sentence whose numbers are medians of spread values.
source "$(dirname "${BASH_SOURCE[0]}")/cells.sh"

s=$work/study
mkdir -p "$s"
cat >"$s/study.txt" <<'TXT'
seed=7
runs=5
duration=60
speed=
engine=sim
machines=3
graphs=1
sweep=
command=./run_experiments.sh --engine sim --seed 7 --runs 5 --duration 60 --machines 3 --config "6 10" --config "3 10" --graphs 1
config=r6-k10 6 10 3
config=r3-k10 3 10 3
TXT
# Per run: mean jump 1..5 (A) and 3..7 (B): medians 3 and 5, each within [min, max] (93.75%
# at 5 runs); their difference 2, with no interval at 5 runs a side (93.75% x 93.75% < 95%); b
# above a in 19 of the 25 pairs of runs, equal in 3: 20.5 of 25 = 82%. Mean drift 10 in every
# run of A, 20 in every run of B: a difference of exactly 10, and the smallest p-value 5 runs
# allow, 2/252. The largest jump, the largest queue, the pending and the clock rates are those
# of the machines below (the largest, the sum, the extremes), as lcstat's are.
{
  echo "config,rate_max,run,run_dir,machines,rates,internal_max,seed,jump_mean,jump_max,drift_mean,drift_max,queue_mean,queue_max,wait_mean,wait_max,pending,clock_rate_min,clock_rate_max,growth"
  for r in 1 2 3 4 5; do echo "r6-k10,6,$r,r6-k10/run$r,3,1;2;6,10,$r,$r,9,10,20,0.1,40,0.2,1,30,3,6,0"; done
  for r in 1 2 3 4 5; do echo "r3-k10,3,$r,r3-k10/run$r,3,1;2;3,10,$((r + 10)),$((r + 2)),7,20,30,0.1,2,0.2,1,0,2,3,0"; done
} >"$s/summary.csv"
# Per machine: the slowest (rate 1) has mean jump 3 in A and 2 in B (exactly 1 lower); the
# middle one (rate 2) the run's mean jump (a run's mean lies between its machines'), at most
# its largest; the theory's columns as lcstat writes them.
{
  echo "config,run,machine,rate,ticks,jump_mean,jump_max,queue_mean,queue_max,wait_mean,pending,clock_rate,recv_share,pred_recv_share,arrival_rate,pred_arrival_rate,growth,pred_growth,pred_queue"
  for r in 1 2 3 4 5; do
    echo "r6-k10,$r,0,1,60,3,9,20,40,10,30,3,1,1,1.5,1.5,0.5,0.5,grows"
    echo "r6-k10,$r,1,2,120,$r,5,0.1,1,0.3,0,5,0.5,0.5,1,1,0,0,bounded"
    echo "r6-k10,$r,2,6,360,1,1,0,0,0.1,0,6,0.1,0.1,0.6,0.6,0,0,bounded"
  done
  for r in 1 2 3 4 5; do
    echo "r3-k10,$r,0,1,60,2,6,0.5,2,1,0,2,0.7,0.7,0.7,0.7,0,0,bounded"
    echo "r3-k10,$r,1,2,120,$((r + 2)),7,0.1,1,0.3,0,2.5,0.3,0.3,0.6,0.6,0,0,bounded"
    echo "r3-k10,$r,2,3,180,1,1,0,0,0.2,0,3,0.2,0.2,0.6,0.6,0,0,bounded"
  done
} >"$s/machines.csv"

"$lcstudy" "$s" --report "$work/REPORT.md" --graphs "$work/graphs" || fail "lcstudy failed"
R=$work/REPORT.md
# The mean jump's p-value: the share of the 252 ways to pick 5 of the 10 midranks whose sum is
# as far from its mean (27.5) as B's, worked out here.
p_jump=$(awk 'BEGIN {
  split("1 2 3.5 5.5 7.5 3.5 5.5 7.5 9 10", r, " ")
  far = r[6] + r[7] + r[8] + r[9] + r[10] - 27.5; if (far < 0) far = -far
  for (m = 0; m < 1024; m++) {
    k = 0; sum = 0
    for (i = 0; i < 10; i++) if (int(m / 2 ^ i) % 2) { k++; sum += r[i + 1] }
    if (k != 5) continue
    all++; d = sum - 27.5; if (d < 0) d = -d
    if (d >= far - 1e-9) hit++
  }
  printf "%.3f", hit / all }')
[[ $p_jump == 0.127 ]] || fail "the enumeration itself: $p_jump"
# The adjustment (maxT over the pair's 23 figures, one pair): the 13 figures with every run of
# B apart from every run of A are apart in the same 2 of the 252 assignments only, so their
# adjusted p is 2/252 = 0.008; the mean jump's is the share of assignments whose largest
# standardized statistic over the 23 figures reaches the mean jump's: 70 of 252 = 0.278
# (enumerated by an implementation of its own when this test was written).
has "$R" "With RATE_MAX 3 instead of 6, the study cannot tell whether the mean jump changes: median 5.000 against 3.000, a difference of +2.000 (no interval: too few runs; rank-sum p = $p_jump, adjusted = 0.278)."
has "$R" "With RATE_MAX 3 instead of 6, the mean drift is higher: median 20.00 against 10.00, a difference of +10.00 (no interval: too few runs); a run of the second is higher than a run of the first in 100% of pairs (rank-sum p = 0.008, adjusted = 0.008)."
has "$R" "With RATE_MAX 3 instead of 6, the mean queue wait (s) is the same, 0.200, in every run of both."
# The slowest machine's mean jump over 60 ticks: 2 and 3, each spread over 1/60 of a jump.
has_cells "$R" "With RATE_MAX 3 instead of 6, the mean jump of the slowest machine is lower: interpolated median N against N, a difference of N" \
  1.991 2.009 2.991 3.009 -1.017 -0.983
has "$R" "| mean jump | 3.000 | 5.000 | +2.000 | - | - | 82% | 0.127 | 0.278 | no |"
# Findings: the smaller spread of rates, stated without repeating "With ..." each time.
# The largest jump, 9 in every run of A and 7 in every run of B: interpolated medians in their
# cells, [8.5, 9.5] and [6.5, 7.5]; the rank test is of the runs' own values.
has_cells "$R" "[*][*]A smaller spread of tick rates [(]RATE_MAX 3 instead of 6[)].[*][*] The max jump is lower: interpolated median N against N, a difference of N [(]no interval: too few runs[)]; a run of the second is lower than a run of the first in 100% of pairs [(]rank-sum p = 0.008, adjusted = 0.008[)]. The mean drift is higher" \
  6.5 7.5 8.5 9.5 -3 -1
# Jumps: counted run by run, not asserted.
has_cells "$R" "the run's largest jump [(]interpolated median N[)] was on its slowest machine in 5 of 5 runs; the slowest machine's mean jump was above the fastest machine's in 5 of 5 runs" \
  8.5 9.5
# A configuration's median and its interval: [min, max] of 5 runs, 93.75%.
has "$R" "| mean jump | 3.000 | 1.000 to 5.000 | 93.8% | 1.000 | 5.000 | 3.000 | 1.581 |"
# intervals.csv: a row per configuration and figure (2 x 23) and per difference (23), a header.
I=$s/intervals.csv
[[ $(wc -l <"$I") == 70 ]] || fail "intervals.csv: $(wc -l <"$I") lines"
# The last column, spread: 0 for the mean jump (this summary.csv has no ticks, so its means over
# ticks are not spread), 1 for the largest jump (whole numbers, each run's 9 within [8.5, 9.5]).
has "$I" "jump_mean,r6-k10,,5,,3.000000,1.000000,5.000000,0.937500,median_order_statistics,0,,,,,0"
has "$I" "jump_mean,r3-k10,r6-k10,5,5,2.000000,,,,none,1,0.820000,0.126984,0.277778,0,0"
has "$I" "drift_mean,r3-k10,r6-k10,5,5,10.000000,,,,none,1,1.000000,0.007937,0.007937,1,0"
has_cells "$I" "jump_max,r6-k10,,5,,N,N,N,0.937500,median_order_statistics,0,,,,,1" 8.5 9.5 8.5 9.5 8.5 9.5
has "$R" "Not spread in this study: the mean jump, the mean drift and the mean queue length (a mean over all machines' ticks"
# This summary.csv has no ticks, machines.csv has: the slowest machine's means are spread.
has "$R" "a mean over all machines' ticks is spread only where summary.csv gives the ticks, one over the slowest or fastest machines where machines.csv does"
# No interval outside its figure's range: every low and high of a median within the runs' values.
awk -F, 'NR > 1 && $11 == 0 && $7 != "" && ($7 > $6 || $8 < $6) { bad = 1 } END { exit bad }' "$I" ||
  fail "intervals.csv: a median outside its interval"
checks=$((checks + 1))
# By rate: five rate-1 machines in A, mean jump 3; the theory beside the measurement.
has "$R" "| 1 tick/s | 5 | 0.17 | 3.000 | 9.0 | 1.000 | 1.000 |"
has "$R" "| r6-k10 | 1 | 0 | 1 | 1.000 | 1.000 | 1.500 | 1.500 | 0.500 | 0.500 | grows |"
has "$R" "it predicts an unbounded queue for 5 of 15 machines (33%), each the slowest of its run"
[[ $(grep -m1 '^## ' "$R") == "## Answers" ]] || fail "the report should open with its answers"
has "$R" "What more runs buy: an interval narrows with the root of the runs, so four times the runs make it about half as wide"
# Pending: 30 in every run of A, 0 in every run of B, whose cell is [0, 1/2]: never below 0.
has_cells "$R" "- [*][*]What does a smaller spread of tick rates do[?][*][*] RATE_MAX 3 instead of 6: the max jump is lower [(]interpolated median N to N[)]; the mean drift is higher [(]median 10.00 to 20.00[)]; the number of messages pending at the end is lower [(]interpolated median N to N[)]; the mean jump of the slowest machine is lower [(]interpolated median N to N[)];" \
  8.5 9.5 6.5 7.5 29.5 30.5 0 0.5 2.991 3.009 1.991 2.009
has "$R" "and was on the run's slowest machine in 5 of 5 runs"
has "$R" "With 5 runs per configuration an interval spans most of the runs"
for f in study.gp machines.dat by_rate.dat by_rel.dat theory.dat plots.txt; do
  [[ -s $work/graphs/$f ]] || fail "graphs/$f missing"
done
[[ $(wc -l <"$work/graphs/plots.txt") == 7 ]] || fail "plots.txt: expected 6 rate graphs and the theory's"
checks=$((checks + 1))

# The same study, the same bytes.
"$lcstudy" "$s" --report "$work/again.md" --graphs "$work/graphs2" || fail "lcstudy failed the second time"
cmp -s "$R" "$work/again.md" || fail "two reports of one study differ"
checks=$((checks + 1))

# A run_summary.csv with the causality figures (invented_share): the report states, per
# configuration, the share of Lamport-ordered pairs that are concurrent, and what moved it.
mkdir "$work/causal"
cp "$s/study.txt" "$s/machines.csv" "$work/causal/"
awk -F, -v OFS=, 'NR == 1 { print $0, "invented_share"; next } { print $0, ($1 == "r6-k10" ? 0.25 : 0.4) }' \
  "$s/summary.csv" >"$work/causal/summary.csv"
"$lcstudy" "$work/causal" --report "$work/causal.md" --graphs "$work/causal-graphs" || fail "lcstudy with invented_share"
has "$work/causal.md" "**Concurrency behind the clocks' order.**"
# Every run at one value: each spread over the millionth summary.csv gives it to, so an
# interpolated median and its interval within that value's cell, printed at the decimals that
# tell the ends apart (the median at theirs), never an interval of width 0.
has_cells "$work/causal.md" "has interpolated median N% with RATE_[A-Z_]+ 6, [A-Z_]+ 10 [(]93.8% CI N% to N%[)], N% with RATE_[A-Z_]+ 3, [A-Z_]+ 10 [(]93.8% CI N% to N%[)]" \
  24.99995 25.00005 24.99995 25.00005 24.99995 25.00005 39.99995 40.00005 39.99995 40.00005 39.99995 40.00005
has_cells "$work/causal.md" "[(]interpolated median over 5 runs; 93.8% CI N% to N%[)]" 24.99995 25.00005 24.99995 25.00005
! grep -q "25% to 25%" "$work/causal.md" || fail "an interval of width 0 stated"
has "$work/causal.md" "With RATE_MAX 3 instead of 6, the share of Lamport-ordered pairs that are concurrent is higher: interpolated median 0.400 against 0.250"
! grep -q 'Concurrency behind' "$R" || fail "a concurrency finding without invented_share"

# Waits of 10^10 s in every run: a microsecond is below a double's step there (2^-19 s), so
# their cells have no width and nothing spreads them. They are named not spread, with the
# median's word and intervals.csv's spread column to match, as any figure not spread.
mkdir "$work/vast"
cp "$s/study.txt" "$s/machines.csv" "$work/vast/"
awk -F, -v OFS=, 'NR > 1 { $15 = "10000000000.000000"; $16 = "10000000000.000000" } 1' "$s/summary.csv" \
  >"$work/vast/summary.csv"
"$lcstudy" "$work/vast" --report "$work/vast.md" --graphs "$work/vast-graphs" >/dev/null || fail "lcstudy with vast waits"
has "$work/vast/intervals.csv" "wait_mean,r6-k10,,5,,10000000000.000000,,,,none_tied,0,,,,,0"
has "$work/vast/intervals.csv" "wait_max,r3-k10,,5,,10000000000.000000,,,,none_tied,0,,,,,0"
has "$work/vast.md" "Not spread in this study: the mean jump, the mean drift, the mean queue length, the mean queue wait (s) and the max queue wait (s) ("
# The slowest machine's waits (10 and 1 s in machines.csv) are spread as before.
has_cells "$work/vast/intervals.csv" "slow.wait_mean,r6-k10,,5,,N,N,N,0.937500,median_order_statistics,0,,,,,1" \
  9.9999995 10.0000005 9.9999995 10.0000005 9.9999995 10.0000005

# Queue growth decided by a test when machines.csv has lcstat's growth_se: the slowest machine
# of r6-k10 grows at 0.5/s; with a standard error of 0.3 (z = 1.67) it is not measured to grow,
# with 0.1 (z = 5) it is; without the column, the old rule (30 pending >= 3 and >= 10% of 60).
has "$R" "5 of 15 were measured to grow"
for se in 0.3 0.1; do
  mkdir -p "$work/se$se"
  cp "$s/study.txt" "$s/summary.csv" "$work/se$se/"
  awk -F, -v OFS=, -v se="$se" 'NR == 1 { print $0, "growth_se"; next } { print $0, ($17 > 0 ? se : 0) }' \
    "$s/machines.csv" >"$work/se$se/machines.csv"
  "$lcstudy" "$work/se$se" --report "$work/se$se.md" --graphs "$work/se$se-graphs" || fail "lcstudy with growth_se $se"
done
has "$work/se0.3.md" "0 of 15 were measured to grow"
has "$work/se0.1.md" "5 of 15 were measured to grow"
# The growth test needs no prediction: without the theory's columns the same 5 grow.
rm -rf "$work/nopred"
cp -r "$s" "$work/nopred"
awk -F, -v OFS=, 'NR > 1 { $14 = ""; $16 = ""; $18 = ""; $19 = "" } 1' "$s/machines.csv" >"$work/nopred/machines.csv"
"$lcstudy" "$work/nopred" --report "$work/nopred.md" --graphs "$work/nopred-graphs" >/dev/null ||
  fail "lcstudy on a study without predictions"
has "$work/nopred.md" "the theory's predictions are not in the study (its machines.csv's pred_ columns are missing or empty); 5 of 15 were measured to grow"
has "$work/nopred.md" "| RATE_MAX 6, INTERNAL_MAX 10 | 15 | - | 5 | - |"

# A difference the test tells but whose medians go the other way: A is 10 runs at 1 and 10 at
# 11 (median 6), B 11 runs at 5.9 and 9 at 100 (median 5.9, yet higher in most pairs of runs);
# each run's middle machine has the run's mean jump.
# The report names no direction ("differs"), and no adjusted p is below its own p.
mkdir -p "$work/sign"
sed -e 's/^runs=5/runs=20/' "$s/study.txt" >"$work/sign/study.txt"
{
  head -1 "$s/summary.csv"
  for r in $(seq 20); do
    v=$((r <= 10 ? 1 : 11))
    echo "r6-k10,6,$r,r6-k10/run$r,3,1;2;6,10,$r,$v,100,10,20,0,0,0.2,1,0,1,1,0"
  done
  for r in $(seq 20); do
    v=$( ((r <= 11)) && echo 5.9 || echo 100)
    echo "r3-k10,3,$r,r3-k10/run$r,3,1;2;3,10,$((r + 100)),$v,100,10,20,0,0,0.2,1,0,1,1,0"
  done
} >"$work/sign/summary.csv"
{
  head -1 "$s/machines.csv"
  for r in $(seq 20); do
    v=$((r <= 10 ? 1 : 11))
    for m in "0 1 1" "1 2 $v" "2 6 1"; do set -- $m; echo "r6-k10,$r,$1,$2,60,$3,100,0,0,0.1,0,1,0.5,0.5,1,1,0,0,bounded"; done
  done
  for r in $(seq 20); do
    v=$( ((r <= 11)) && echo 5.9 || echo 100)
    for m in "0 1 1" "1 2 $v" "2 3 1"; do set -- $m; echo "r3-k10,$r,$1,$2,60,$3,100,0,0,0.1,0,1,0.5,0.5,1,1,0,0,bounded"; done
  done
} >"$work/sign/machines.csv"
"$lcstudy" "$work/sign" || fail "lcstudy on the sign study"
has "$work/sign/REPORT.md" "the mean jump differs: median 5.900 against 6.000, a difference of -0.100"
! grep -q "mean jump is higher" "$work/sign/REPORT.md" || fail "'higher' named for a lower median"
awk -F, 'NR > 1 && $11 == 1 && $14 < $13 { bad = 1 } END { exit bad }' "$work/sign/intervals.csv" ||
  fail "an adjusted p below its own p: $(awk -F, 'NR > 1 && $11 == 1 && $14 < $13' "$work/sign/intervals.csv")"
checks=$((checks + 1))

# A figure missing in some runs: intervals.csv counts the runs that measured it.
mkdir -p "$work/gaps"
cp "$work/causal/study.txt" "$work/causal/machines.csv" "$work/gaps/"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "invented_share") c = i; print; next }
  $1 == "r6-k10" && $3 <= 2 { $c = "" } { print }' "$work/causal/summary.csv" >"$work/gaps/summary.csv"
"$lcstudy" "$work/gaps" || fail "lcstudy with invented_share missing in 2 runs"
grep -q '^invented_share,r6-k10,,3,,' "$work/gaps/intervals.csv" ||
  fail "runs of a figure missing in 2 of 5: $(grep '^invented_share,r6-k10,,' "$work/gaps/intervals.csv")"
checks=$((checks + 1))

# One run per configuration: no interval, nothing told apart, and the report says why.
mkdir "$work/one"
sed 's/^runs=5/runs=1/' "$s/study.txt" >"$work/one/study.txt"
awk -F, 'NR == 1 || $3 == 1' "$s/summary.csv" >"$work/one/summary.csv"
awk -F, 'NR == 1 || $2 == 1' "$s/machines.csv" >"$work/one/machines.csv"
"$lcstudy" "$work/one" --report "$work/one.md" --graphs "$work/one-graphs" || fail "lcstudy on one run each"
has "$work/one.md" "The study cannot tell any of the key figures apart."
has "$work/one.md" "With 1 run(s) per configuration there is no interval: at least 5 are needed for one."
has "$work/one.md" "With these runs and 1 pair of configurations compared, no difference can be told apart at all: the smallest adjusted p-value the test can give is 1.000, above 0.05."
has "$work/one.md" "the study cannot tell whether the mean drift changes: median 20.00 against 10.00, a difference of +10.00 (no interval: too few runs; rank-sum p = 1.000"
has "$work/one.md" "| mean jump | 1.000 | - | - | 1.000 | 1.000 | 1.000 | - |"
! grep -q 'What more runs buy' "$work/one.md" || fail "one run each: no interval to narrow, yet 'what more runs buy'"
! grep -q ' is \(higher\|lower\): ' "$work/one.md" || fail "one run each, yet a difference stated: $(grep -m1 ' is higher: \| is lower: ' "$work/one.md")"
checks=$((checks + 1))

# Bad input: exit 2 and one line.
refused() {
  local code=0
  "$lcstudy" "$@" >"$work/err" 2>&1 || code=$?
  [[ $code == 2 && $(wc -l <"$work/err") == 1 ]] || fail "lcstudy $*: exit $code, $(cat "$work/err")"
  checks=$((checks + 1))
}
mkdir "$work/bad"
refused "$work/bad"
cp "$s/study.txt" "$s/machines.csv" "$work/bad/"
cut -d, -f1-10 "$s/summary.csv" >"$work/bad/summary.csv"
refused "$work/bad"
grep -q "summary.csv: no column 'drift_mean'" "$work/err" || fail "the missing column is not named: $(cat "$work/err")"
refused
refused --frobnicate "$s"

# An edited study: each edit, accepted, would change what the report states (a duplicated run
# weighs twice, deleted runs narrow nothing, a nan is dropped as if missing). Each is refused
# in one line naming the file, the line and the problem.
forged() {  # forged FILE 'EDIT' 'EXPECTED MESSAGE'
  rm -rf "$work/forged"
  cp -r "$s" "$work/forged"
  awk -F, -v OFS=, "$2" "$s/$1" >"$work/forged/$1"
  refused "$work/forged" --report "$work/forged.md" --graphs "$work/forged-graphs"
  grep -qF -- "lcstudy: $work/forged/$1$3" "$work/err" || fail "forged $1 ($2): $(cat "$work/err")"
  [[ ! -e $work/forged.md ]] || fail "forged $1 ($2): a report was written"
}
forged summary.csv '1; NR == 2' ":3: run 1 of r6-k10 again (line 2)"
forged summary.csv 'NR == 1 || $3 <= 2' ": run 3 of r6-k10 is missing (study.txt: runs=5)"
forged summary.csv 'NR == 3 { $9 = "nan" } 1' ":3: jump_mean 'nan' is not a number"
forged summary.csv 'NR == 3 { $11 = "inf" } 1' ":3: drift_mean 'inf' is not a number"
forged summary.csv 'NR == 3 { $17 = -2 } 1' ":3: pending -2 is out of range (from 0 to 1e+15)"
forged summary.csv 'NR == 3 { $8 = 1 } 1' ":3: seed 1 again (line 2): every run of a study has its own"
forged summary.csv 'NR == 3 { $5 = 4 } 1' ":3: machines 4, study.txt says 3 for r6-k10"
forged summary.csv 'NR == 3 { $6 = "1;2;9" } 1' ":3: rates '1;2;9' are not 3 rates of RATE_MAX 6, INTERNAL_MAX 10"
forged summary.csv 'NR == 3 { $1 = "r9-k10" } 1' ":3: configuration 'r9-k10' is not in study.txt"
forged machines.csv 'NR == 3 { $4 = "nan" } 1' ":3: rate 'nan' is not a whole number from 1 to 1000000"
forged machines.csv 'NR == 3 { $4 = 3 } 1' ":3: rate 3 of machine 1 of run 1 of r6-k10, summary.csv says 2"
forged machines.csv 'NR == 3 { $13 = 1.5 } 1' ":3: recv_share 1.5 is out of range (from 0 to 1)"
forged machines.csv 'NR != 3' ": run 1 of r6-k10 has 2 machine(s), study.txt says 3"
forged machines.csv '1; NR == 3' ":4: machine 1 of run 1 of r6-k10 again (line 3)"
forged machines.csv 'NR == 3 { $2 = 6 } 1' ":3: run '6' is not a whole number from 1 to 5"
forged machines.csv 'NR == 3 { $19 = "grows?" } 1' ":3: pred_queue 'grows?' is not bounded, critical or grows"
# A figure too large for any run; a run lcstat did not pass, or that lost messages; the two
# files at odds (summary.csv's figures over all machines are those of its machines); a growth
# with no spread.
forged summary.csv 'NR == 3 { $12 = "8" sprintf("%0300d", 0) } 1' ":3: drift_max 80000"
forged summary.csv 'NR == 3 { $12 = "1000000000000001" } 1' ":3: drift_max 1000000000000001 is out of range (from 0 to 1e+15)"
forged summary.csv 'NR == 1 { $21 = "violations" } NR > 1 { $21 = (NR == 3 ? 7 : 0) } 1' \
  ":3: violations '7': a study takes runs lcstat passed, with nothing lost"
forged summary.csv 'NR == 1 { $21 = "lost" } NR > 1 { $21 = (NR == 4 ? 12 : 0) } 1' \
  ":4: lost '12': a study takes runs lcstat passed, with nothing lost"
# What a partition still held at the end (lcstat's undelivered, a part of its lost) is no loss;
# anything more is.
forged summary.csv 'NR == 1 { $21 = "lost"; $22 = "undelivered" } NR > 1 { $21 = (NR == 4 ? 12 : 0); $22 = (NR == 4 ? 3 : 0) } 1' \
  ":4: lost '12' (undelivered 3): a study takes runs lcstat passed, with nothing lost"
rm -rf "$work/held"
cp -r "$s" "$work/held"
awk -F, -v OFS=, 'NR == 1 { $21 = "lost"; $22 = "undelivered" } NR > 1 { $21 = $22 = (NR == 4 ? 12 : 0) } 1' "$s/summary.csv" \
  >"$work/held/summary.csv"
"$lcstudy" "$work/held" --report "$work/held.md" --graphs "$work/held-graphs" >"$work/err" 2>&1 ||
  fail "a run with undelivered messages only refused: $(cat "$work/err")"
checks=$((checks + 1))
# heal_jump_max: a partition sweep's column, and only its.
forged summary.csv 'NR == 1 { $21 = "heal_jump_max" } NR > 1 { $21 = 1 } 1' \
  ": a heal_jump_max column, but study.txt's sweep is not partition"
forged summary.csv 'NR == 3 { $10 = 1 } 1' ": run 2 of r6-k10: jump_max 1, but its machines in machines.csv give 9"
forged summary.csv 'NR == 3 { $17 = 2 } 1' ": run 2 of r6-k10: pending 2, but its machines in machines.csv give 30"
forged summary.csv 'NR == 8 { $18 = 3 } 1' ": run 2 of r3-k10: clock_rate_min 3, but its machines in machines.csv give 2"
forged machines.csv 'NR == 1 { $20 = "growth_se" } NR > 1 { $20 = 0 } 1' ":2: growth 0.5 with growth_se 0"
# Figures at odds with one another: a mean above its maximum, a count or largest value that is
# not whole, a machine that ticked with a jump below 1 or one that did not with a jump, a run's
# ticks or mean outside its machines', a column twice.
forged machines.csv 'NR == 2 { $6 = 50 } 1' ":2: jump_mean 50 is above its jump_max 9"
forged machines.csv 'NR == 2 { $7 = 9.5 } 1' ":2: jump_max 9.5 is not a whole number"
forged machines.csv 'NR == 4 { $6 = 0.5 } 1' ":4: jump_mean 0.5 with ticks 360: every event moves a clock by at least 1"
forged machines.csv 'NR == 2 { $5 = 0 } 1' ":2: jump_mean 3 on a machine with no tick (lcstat gives 0)"
forged machines.csv 'NR == 1 { $2 = "config" } 1' ":1: column 'config' twice (1 and 2)"
forged summary.csv 'NR == 1 { $21 = "ticks" } NR > 1 { $21 = (NR == 3 ? 7 : $1 == "r6-k10" ? 540 : 360) } 1' \
  ": run 2 of r6-k10: ticks 7, but its machines in machines.csv have 540"
forged summary.csv 'NR == 2 { $9 = 0.5 } 1' ": run 1 of r6-k10: jump_mean 0.5, but its machines that ticked in machines.csv give 1 to 3"
forged summary.csv 'NR == 2 { $15 = 5 } 1' ": run 1 of r6-k10: wait_mean 5 is above its wait_max 1"
forged summary.csv 'NR == 2 { $17 = 29.5 } 1' ":2: pending 29.5 is not a whole number"
forged machines.csv 'NR == 1 { $20 = "received" } NR > 1 { $20 = 5 } NR == 4 { $20 = 4.5 } 1' ":4: received 4.5 is not a whole number"
forged machines.csv 'NR == 1 { $20 = "received" } NR > 1 { $20 = (NR == 3 ? 0 : 5) } 1' \
  ":3: wait_mean 0.3 on a machine that received nothing (lcstat gives 0)"
forged summary.csv 'NR == 1 { $21 = "received" } NR > 1 { $21 = 0 } 1' ": run 1 of r6-k10: a queue wait with nothing received (lcstat gives 0)"
# The same with the count only in machines.csv: summary.csv's runs take their machines' sum.
rm -rf "$work/forged"
cp -r "$s" "$work/forged"
awk -F, -v OFS=, 'NR == 1 { $20 = "received" } NR > 1 { $20 = ($1 == "r6-k10" && $2 == 1 ? 0 : 5) }
  NR > 1 && $20 == 0 { $10 = 0 } 1' "$s/machines.csv" >"$work/forged/machines.csv"
refused "$work/forged" --report "$work/forged.md" --graphs "$work/forged-graphs"
grep -qF -- "lcstudy: $work/forged/summary.csv: run 1 of r6-k10: a queue wait with nothing received (lcstat gives 0)" \
  "$work/err" || fail "a wait where the machines received nothing: $(cat "$work/err")"

# An output that is not a regular file is refused, not replaced: a link stays a link (and a
# device such as /dev/full stays a device), with nothing written through it.
ln -s "$work/link-target" "$work/link.md"
refused "$s" --report "$work/link.md" --graphs "$work/link-graphs"
grep -qF "$work/link.md: not a regular file" "$work/err" || fail "a link as the report: $(cat "$work/err")"
[[ -L $work/link.md && ! -e $work/link-target ]] || fail "the link was replaced or written through"
ln -s "$work/link-target" "$work/plain.md.tmp"  # where the report is written before its rename
refused "$s" --report "$work/plain.md" --graphs "$work/link-graphs"
[[ ! -e $work/link-target && ! -e $work/plain.md ]] || fail "a report written through a link at its temporary name"
rm -f "$work/plain.md.tmp"

# study.txt edited: every key checked, none unknown, none missing.
params() {  # params 'SED SCRIPT' 'EXPECTED MESSAGE'
  rm -rf "$work/forged"
  cp -r "$s" "$work/forged"
  sed -e "$1" "$s/study.txt" >"$work/forged/study.txt"
  refused "$work/forged" --report "$work/forged.md" --graphs "$work/forged-graphs"
  grep -qF -- "lcstudy: $work/forged/study.txt$2" "$work/err" || fail "study.txt ($1): $(cat "$work/err")"
}
params '/^engine=/d' ": no engine= line"
params 's/^engine=.*/engine=banana/' ":5: engine 'banana' is not sim or real"
params '/^duration=/d' ": no duration= line"
params 's/^duration=.*/duration=abc/' ":3: duration 'abc' is not a number of seconds above 0"
# Below a microsecond no run can be (run_experiments.sh takes 6 decimals), and a clock rate's
# grain, 1/duration, would be absurd.
params 's/^duration=.*/duration=0.0000001/' ":3: duration '0.0000001' is below a microsecond, or finer than one, which no run has"
params 's/^duration=.*/duration=0.000000999999999999999999/' \
  ":3: duration '0.000000999999999999999999' is below a microsecond, or finer than one, which no run has"
params '/^command=/d' ": no command= line"
params 's/^command=.*/command=rm -rf \//' ":9: command 'rm -rf /' is not a run_experiments.sh command"
params '/^seed=/d' ": no seed= line"
params 's/^sweep=.*/sweep=banana/' ":8: sweep 'banana' is not rate_max, internal_max, machines, partition or latency_ms"
# A sweep of the network: its partition, or its channel, with it alone; its values a parameter.
params 's/^sweep=.*/sweep=partition/' ": no partition_at= line, which a partition sweep has"
params '$ a partition_at=0|1,2@30' ": partition_at= without sweep=partition"
params 's/^sweep=.*/sweep=partition\npartition_at=0|0@30/' ":9: partition_at '0|0@30' is not GROUPS@FROM (e.g. 0|1,2@30)"
params 's/^sweep=.*/sweep=partition\npartition_at=0|1@30.1234567/' ":9: partition_at '0|1@30.1234567' is not GROUPS@FROM (e.g. 0|1,2@30)"
params 's/^sweep=.*/sweep=partition\npartition_at=0|3@30/; s/^\(config=.* 3\)$/\1 0/' \
  ": config r6-k10: 3 machines, but partition_at 0|3@30 names machine 3"
params 's/^sweep=.*/sweep=latency_ms/' ": config r6-k10: its sweep value '' is not a whole number of milliseconds up to 1000000000"
params '$ a sweep_link=0-1' ": sweep_link= without sweep=latency_ms"
params 's/^sweep=.*/sweep=latency_ms\nsweep_link=1-1/' ":9: sweep_link '1-1' is not a channel F-T between two machines"
# (two configurations with the parameters of one, told apart by their delays alone; with one
# delay, the second is a copy)
params 's/^sweep=.*/sweep=latency_ms/; s/^\(config=r3-k10 \)3\( 10 3\)$/\16\2 0/; s/^\(config=r6-k10 .*\)$/\1 0/' \
  ":11: config r3-k10 has the parameters of r6-k10: a copy (a control) is labelled r6-k10-2"
rm -rf "$work/delays"
cp -r "$s" "$work/delays"
sed -e 's/^sweep=.*/sweep=latency_ms\nsweep_link=2-0/; s/^\(config=r3-k10 \)3\( 10 3\)$/\16\2 50/; s/^\(config=r6-k10 .*\)$/\1 0/' \
  "$s/study.txt" >"$work/delays/study.txt"
"$lcstudy" "$work/delays" --report "$work/delays.md" --graphs "$work/delays-graphs" >"$work/err" 2>&1 ||
  fail "a sweep of a channel's delay refused: $(cat "$work/err")"
has "$work/delays.md" "**Sweep of the delay of channel 2-0, from 0 to 50 ms.**"
has "$work/delays.md" "## RATE_MAX 6, INTERNAL_MAX 10, delay 50 ms on channel 2-0 (5 runs)"
has "$work/delays.md" "| link 2-0 delay (ms) | runs | mean jump | max jump | mean drift | max drift | mean queue length | max queue length |"
has "$work/delays.md" "so no theory line is drawn"
has "$work/delays-graphs/study.gp" "theory_panel = 0"
params 's/^sweep=.*/sweep=internal_max/' ": config r6-k10: its sweep value is not its internal_max"
params 's/^graphs=.*/graphs=999/' ": graphs=999 is more than runs=5"
params 's/^speed=.*/speed=20/' ": speed '20' with engine sim (a real study has a speed, a simulated one none)"
params '$ a foo=bar' ":12: unknown key foo="
params 's/^config=r3-k10 3 10 3/config=r3-k10 6 10 3/' \
  ":11: config r3-k10 has the parameters of r6-k10: a copy (a control) is labelled r6-k10-2"

echo "lcstudy_cli_test: all $checks checks passed"
