#!/usr/bin/env bash
# How REPORT.md prints its numbers, on hand-made studies and on four small simulated ones: a
# median of whole numbers printed exactly (15.5, not 16); an interval whose ends differ, and a
# standard deviation above 0, never printed as equal or 0; a share that is neither 0 nor 1
# never printed as 0.0% or 100.0%; every median stated in the answers with its interval; a figure
# told apart whose medians' difference has an interval holding 0 said to tend that way only; no
# figure over nothing (runs without a tick) given as a number; a queue predicted to grow too
# slowly for the run to show it counted as such; no "0 of 0 machines" for a
# study without the theory's columns; and every number of the tables that intervals.csv also
# has agreeing with it at the printed precision.
#   report_format_test.sh SOURCE_DIR LOGICAL_CLOCK LCSTAT LCSTUDY
set -euo pipefail

root=$1
export LOGICAL_CLOCK=$2 LCSTAT=$3 LCSTUDY=$4
lcstudy=$4
work=$(mktemp -d /tmp/report_format.XXXXXX)
trap 'rm -rf "$work"' EXIT
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
has() { grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks: $2"; checks=$((checks + 1)); }
# has_cells FILE PATTERN LOW HIGH...: a sentence whose numbers are medians of spread values.
source "$(dirname "${BASH_SOURCE[0]}")/cells.sh"
lacks() { ! grep -qF -- "$2" "$1" || fail "$(basename "$1") has: $(grep -m1 -F -- "$2" "$1")"; checks=$((checks + 1)); }

# agrees DIR: every median, difference and interval end of the Overview, the configurations'
# tables and the differences' tables is intervals.csv's, rounded to the decimals printed; and
# two ends printed alike are equal in intervals.csv.
agrees() {
  awk -F, -v report="$1/REPORT.md" '
    function dec(s) { return index(s, ".") ? length(s) - index(s, ".") : 0 }
    function same(printed, value, what,    d, v) {
      sub(/^\+/, "", printed)
      if (printed == "-" && value == "") return
      if (value == "") { print "FAIL: " what ": " printed " printed, none in intervals.csv"; bad = 1; return }
      d = dec(printed)
      if (d > dec(value)) return  # finer than intervals.csv: nothing to compare
      # Within half a unit of the last digit printed (1.003500 may print as 1.003 or 1.004).
      v = printed - value
      if (v < 0) v = -v
      if (v > 0.5 * 10 ^ -d + 1e-9) { print "FAIL: " what ": " printed " printed, intervals.csv has " value; bad = 1 }
      compared++
    }
    function ends(text, key, what,    p) {  # "A to B" against the row key
      if (text == "-") { same("-", low[key], what); return }
      split(text, p, " to ")
      same(p[1], low[key], what " low"); same(p[2], high[key], what " high")
      if (p[1] == p[2] && low[key] != high[key]) { print "FAIL: " what ": " text " for " low[key] " to " high[key]; bad = 1 }
    }
    function cells(line, c,    n) { n = split(line, c, "|"); for (i = 1; i <= n; i++) gsub(/^ +| +$/, "", c[i]); return n }
    NR > 1 {
      key = $1 "," $2 "," $3
      est[key] = $6; low[key] = $7; high[key] = $8
      if ($11 == 0 && !($2 in seen)) { seen[$2] = 1; config[nconfig++] = $2 }
      if ($11 == 0 && $2 == config[0]) figure[nfigure++] = $1
      if ($11 == 1 && !(($2 "," $3) in seenpair)) { seenpair[$2 "," $3] = 1; pair[npair++] = $2 "," $3 }
    }
    END {
      section = ""; row = -1; k = -1; q = -1
      while ((getline line < report) > 0) {
        if (line ~ /^## Overview/) { section = "overview"; row = -2; continue }
        if (line ~ /^## .* \([0-9]+ runs?\)$/) { section = "config"; k++; row = -2; continue }
        if (line ~ /^### .* against /) { section = "pair"; q++; row = -2; continue }
        if (line ~ /^## /) { section = ""; continue }
        if (section == "" || line !~ /^\|/) continue
        if (++row < 0) continue  # the header
        if (line ~ /^\|---/) { row = -1; continue }
        if (row >= nfigure) continue  # the runs table
        n = cells(line, c); f = figure[row]
        if (section == "overview") {
          for (j = 0; j < nconfig; j++) {
            key = f "," config[j] ","; cell = c[3 + j]
            if (match(cell, / \[.*\]$/)) {
              ends(substr(cell, RSTART + 2, RLENGTH - 3), key, "overview " key); cell = substr(cell, 1, RSTART - 1)
            }
            same(cell, est[key], "overview " key)
          }
        } else if (section == "config" && n >= 9) {
          key = f "," config[k] ","
          same(c[3], est[key], "table " key); ends(c[4], key, "table " key)
          if (c[9] ~ /^0(\.0*)?$/ && c[6] != c[7]) { print "FAIL: table " key ": standard deviation " c[9] " for runs from " c[6] " to " c[7]; bad = 1 }
        } else if (section == "pair" && n >= 11 && c[4] != "-") {
          key = f "," pair[q]
          same(c[5], est[key], "difference " key); ends(c[6], key, "difference " key)
        }
      }
      if (compared < 50) { print "FAIL: only " compared " numbers compared in " report; bad = 1 }
      exit bad
    }' "$1/intervals.csv" || fail "$1: REPORT.md and intervals.csv disagree"
  checks=$((checks + 1))
}

summary_header="config,rate_max,run,run_dir,machines,rates,internal_max,seed,jump_mean,jump_max,drift_mean,drift_max,queue_mean,queue_max,wait_mean,wait_max,pending,clock_rate_min,clock_rate_max,growth,invented_share"
machines_header="config,run,machine,rate,ticks,jump_mean,jump_max,queue_mean,queue_max,wait_mean,pending,clock_rate,recv_share,pred_recv_share,arrival_rate,pred_arrival_rate,growth,pred_growth,pred_queue"
study_txt() {  # study_txt DIR RUNS
  mkdir -p "$1"
  cat >"$1/study.txt" <<TXT
seed=7
runs=$2
duration=60
speed=
engine=sim
machines=3
graphs=0
sweep=
command=./run_experiments.sh --engine sim --seed 7 --runs $2 --duration 60 --config "6 10" --config "3 10" --graphs 0
config=r6-k10 6 10 3
config=r3-k10 3 10 3
TXT
}

# 6 runs a side. A: the run's largest jump 5, 10, 15, 16, 20, 23 (median 15.5); the max queue
# wait from 0.999917 to 0.999951 (1.00 at 2 decimals); mean drift 10 to 15 against B's 20 to 25
# (told apart); the fastest machine's mean jump 1.001 to 1.006; a share of concurrent pairs of
# 0.9996 in A and 0.0004 in B. The figures over all machines are those of the machines below,
# as lcstat's are (lcstudy checks it): the largest, the sum, the extremes, and a mean between
# the machines' own (A's middle machine has mean jump 1 in run 1, B's the run's).
s=$work/fmt
study_txt "$s" 6
jmax=(0 5 10 15 16 20 23)
wmax=(0 0.999917 0.999925 0.999930 0.999940 0.999945 0.999951)
{
  echo "$summary_header"
  for r in 1 2 3 4 5 6; do
    echo "r6-k10,6,$r,r6-k10/run$r,3,1;2;6,10,$r,$r,${jmax[r]},$((9 + r)),20,0.1,2,0.2,${wmax[r]},0,3,6,0,0.9996"
  done
  for r in 1 2 3 4 5 6; do
    echo "r3-k10,3,$r,r3-k10/run$r,3,1;2;3,10,$((r + 10)),$((r + 2)),$((30 + r)),$((19 + r)),30,0.1,2,0.2,2,0,2,3,0,0.0004"
  done
} >"$s/summary.csv"
{
  echo "$machines_header"
  for r in 1 2 3 4 5 6; do
    echo "r6-k10,$r,0,1,60,$((2 + r)),${jmax[r]},1,2,1,0,3,0.5,0.5,0.5,0.5,0,0,bounded"
    echo "r6-k10,$r,1,2,120,$((r == 1 ? 1 : 2)),4,0.1,1,0.3,0,5,0.5,0.5,1,1,0,0,bounded"
    echo "r6-k10,$r,2,6,360,1.00$r,2,0,0,0.1,0,6,0.1,0.1,0.6,0.6,0,0,bounded"
  done
  for r in 1 2 3 4 5 6; do
    echo "r3-k10,$r,0,1,60,2,$((30 + r)),0.5,2,1,0,2,0.7,0.7,0.7,0.7,0,0,bounded"
    echo "r3-k10,$r,1,2,120,$((r + 2)),8,0.1,1,0.3,0,2.5,0.3,0.3,0.6,0.6,0,0,bounded"
    echo "r3-k10,$r,2,3,180,1,1,0,0,0.2,0,3,0.2,0.2,0.6,0.6,0,0,bounded"
  done
} >"$s/machines.csv"
"$lcstudy" "$s" --graphs "$work/fmt-graphs" >/dev/null || fail "lcstudy on the format study"
R=$s/REPORT.md
# A median of whole numbers, of the runs' values spread over their cells: the middle two runs'
# (15 and 16) between 14.5 and 16.5, the ends within 5's and 23's cells; intervals.csv the same.
has_cells "$R" "the run's largest jump has interpolated median N [(]96.9% CI N to N[)]" 14.5 16.5 4.5 5.5 22.5 23.5
has_cells "$s/intervals.csv" "jump_max,r6-k10,,6,,N,N,N," 14.5 16.5 4.5 5.5 22.5 23.5
# Ends that differ print apart, with the median at their decimals; so do min and max, and a
# standard deviation above 0 is not 0.
# The waits and the invented share are spread over summary.csv's last decimal (a microsecond, a
# millionth): six runs of one largest wait, 2 s, state an interval within that value's cell, at
# the decimals that tell its ends apart, never one of width 0 and never "no interval".
has_cells "$R" "[|] max queue wait [(]s[)] [|] 0.9999 [[]0.9999 to 1.0000[]] [|] N [[]N to N[]] [|]" \
  1.9999995 2.0000005 1.9999995 2.0000005 1.9999995 2.0000005
has_cells "$s/intervals.csv" "wait_max,r3-k10,,6,,N,N,N,0.968750,median_order_statistics,0,,,,,1" \
  1.9999995 2.0000005 1.9999995 2.0000005 1.9999995 2.0000005
! grep -q "2.00 to 2.00" "$R" || fail "an interval of width 0 stated"
has "$R" "| max queue wait (s) | 0.9999 | 0.9999 to 1.0000 | 96.9% | 0.9999 | 1.0000 | 0.9999 | 0.00001 |"
has "$R" "the fastest's 1.00 (96.9% CI 1.00 to 1.01)"
# Shares neither 0 nor 1: every run of a configuration with the same share, each spread over its
# millionth, so an interval within it, in percent.
has_cells "$R" "N% of the pairs of events the Lamport clocks order are in fact concurrent [(]interpolated median over 6 runs; 96.9% CI N% to N%[)]" \
  99.95995 99.96005 99.95995 99.96005 99.95995 99.96005
has_cells "$R" " N% with RATE_MAX 3, [A-Z_]+ 10 [(]96.9% CI N% to N%[)]" 0.03995 0.04005 0.03995 0.04005 0.03995 0.04005
lacks "$R" "no interval: 6 of 6 runs have this value"
lacks "$R" "100.0%"
lacks "$R" " 0.0%"
# The classic change's medians, each with its interval.
has "$R" "- **What does a smaller spread of tick rates do?** RATE_MAX 3 instead of 6: "
has "$R" "the mean drift is higher (median 12.50 to 22.50)"
has "$R" "The medians' intervals (r6-k10, then r3-k10): "
has "$R" "the mean drift 96.9% CI 10.00 to 15.00 and 96.9% CI 20.00 to 25.00"
agrees "$s"

# 7 runs a side (the differences have intervals): the mean drift 10 to 16 against 16 to 22. The
# test tells it apart (every run of the second at least as high), but the interval of the
# medians' difference is 0 to 12: it holds 0, so the report says the drift tends to be higher,
# not that it is.
t=$work/tends
study_txt "$t" 7
jmax=(0 5 10 15 16 20 23 24)
{
  echo "$summary_header"
  for r in 1 2 3 4 5 6 7; do
    echo "r6-k10,6,$r,r6-k10/run$r,3,1;2;6,10,$r,$r,${jmax[r]},$((9 + r)),20,0.1,2,0.2,1,0,3,6,0,0.5"
  done
  for r in 1 2 3 4 5 6 7; do
    echo "r3-k10,3,$r,r3-k10/run$r,3,1;2;3,10,$((r + 10)),$((r + 2)),$((30 + r)),$((15 + r)),30,0.1,2,0.2,2,0,2,3,0,0.5"
  done
} >"$t/summary.csv"
{
  echo "$machines_header"
  for r in 1 2 3 4 5 6 7; do
    echo "r6-k10,$r,0,1,60,$((2 + r)),${jmax[r]},1,2,1,0,3,0.5,0.5,0.5,0.5,0,0,bounded"
    echo "r6-k10,$r,1,2,120,1.5,4,0.1,1,0.3,0,5,0.5,0.5,1,1,0,0,bounded"
    echo "r6-k10,$r,2,6,360,1,1,0,0,0.1,0,6,0.1,0.1,0.6,0.6,0,0,bounded"
  done
  for r in 1 2 3 4 5 6 7; do
    echo "r3-k10,$r,0,1,60,2,$((30 + r)),0.5,2,1,0,2,0.7,0.7,0.7,0.7,0,0,bounded"
    echo "r3-k10,$r,1,2,120,$((r + 2)),9,0.1,1,0.3,0,2.5,0.3,0.3,0.6,0.6,0,0,bounded"
    echo "r3-k10,$r,2,3,180,1,1,0,0,0.2,0,3,0.2,0.2,0.6,0.6,0,0,bounded"
  done
} >"$t/machines.csv"
"$lcstudy" "$t" --graphs "$work/tends-graphs" >/dev/null || fail "lcstudy on the study of 7 runs"
has "$t/intervals.csv" "drift_mean,r3-k10,r6-k10,7,7,6.000000,0.000000,12.000000,0.968994,median_difference_order_statistics,1,"
has "$t/REPORT.md" "the mean drift tends to be higher (median 13.00 to 19.00; the interval of their difference still includes 0)"
has "$t/REPORT.md" "The mean drift tends to be higher: median 19.00 against 13.00, a difference of +6.00 (96.9% CI 0.00 to 12.00);"
has "$t/REPORT.md" "the interval of the medians' difference still includes 0, so by how much, or whether, the median moved is not told)."
lacks "$t/REPORT.md" "the mean drift is higher"
agrees "$t"

# 7 runs a side whose figures have one value each (the mean drift 10 in every run of the first,
# 20 to 26 in the second's): a difference whose ends tie has no interval, and not for want of
# runs; a median without one reads in parentheses among the medians' intervals.
q=$work/tied
study_txt "$q" 7
{
  echo "$summary_header"
  for c in "r6-k10 6 1;2;6 0" "r3-k10 3 1;2;3 10"; do
    set -- $c
    for r in 1 2 3 4 5 6 7; do
      echo "$1,$2,$r,$1/run$r,3,$3,10,$((r + $4)),2,4,$((10 + $4 * (r + 9) / 10)),30,0.1,2,0.2,1,0,3,6,0,0.5"
    done
  done
} >"$q/summary.csv"
{
  echo "$machines_header"
  for c in "r6-k10 6" "r3-k10 3"; do
    set -- $c
    for r in 1 2 3 4 5 6 7; do
      echo "$1,$r,0,1,60,3,4,1,2,1,0,3,0.5,0.5,0.5,0.5,0,0,bounded"
      echo "$1,$r,1,2,120,2,4,0.1,1,0.3,0,5,0.5,0.5,1,1,0,0,bounded"
      echo "$1,$r,2,$2,360,1,1,0,0,0.1,0,6,0.1,0.1,0.6,0.6,0,0,bounded"
    done
  done
} >"$q/machines.csv"
"$lcstudy" "$q" --graphs "$work/tied-graphs" >/dev/null || fail "lcstudy on a study of tied runs"
has "$q/REPORT.md" "the mean drift (no interval: 7 of 7 runs have this value) and 98.4% CI 20.00 to 26.00."
# (A figure not spread, a mean over the ticks of a summary.csv without them: its median's ends
# fall on one value, so none is stated, in intervals.csv as none_tied.)
has "$q/intervals.csv" "drift_mean,r6-k10,,7,,10.000000,,,,none_tied,0,,,,,0"
# The largest jump is 4 in every run of both: the runs' own value, not a spread median of it.
has "$q/REPORT.md" "the max jump is the same, 4.0, in every run of both."
agrees "$q"
awk -F, -v OFS=, 'NR > 1 && $1 == "r3-k10" { $11 = 10 } { print }' "$q/summary.csv" >"$q/equal.csv"
mv "$q/equal.csv" "$q/summary.csv"
"$lcstudy" "$q" --graphs "$work/tied-graphs" >/dev/null || fail "lcstudy on a study of equal runs"
has "$q/intervals.csv" "drift_mean,r3-k10,r6-k10,7,7,0.000000,,,,none_tied,1,"
lacks "$q/REPORT.md" "with so few runs"

# Near the edges, one decimal is enough: medians of 0.9957 and 0.0043 (runs 0.9952 to 0.9962,
# 0.0048 down to 0.0038) are 99.6% and 0.4%.
e=$work/edge
cp -r "$s" "$e"
awk -F, -v OFS=, 'NR > 1 { $NF = $1 == "r6-k10" ? 0.995 + 0.0002 * $3 : 0.005 - 0.0002 * $3 } { print }' \
  "$s/summary.csv" >"$e/summary.csv"
"$lcstudy" "$e" --graphs "$work/edge-graphs" >/dev/null || fail "lcstudy on the edge study"
has "$e/REPORT.md" "99.6% of the pairs of events the Lamport clocks order are in fact concurrent"
has "$e/REPORT.md" "0.4% with RATE_MAX 3, INTERNAL_MAX 10"

# A study whose machines.csv has no predictions (an older lcstat: the pred_ columns empty).
o=$work/old
cp -r "$s" "$o"
awk -F, -v OFS=, 'NR > 1 { $14 = ""; $16 = ""; $18 = ""; $19 = "" } { print }' "$s/machines.csv" >"$o/machines.csv"
"$lcstudy" "$o" --graphs "$work/old-graphs" >/dev/null || fail "lcstudy on a study without predictions"
has "$o/REPORT.md" "With RATE_MAX 6, INTERNAL_MAX 10, the theory's predictions are not in the study"
lacks "$o/REPORT.md" "of 0 machines"

# A machine predicted to grow by 0.4 a second at a load of 1.4 (outside 0.8 to 1.25) and not
# measured to grow: over 60 s its expected z is 2.48, below the test's 2.576, so the run is too
# short to show it, and the disagreement is said to be that. At 0.6 a second (z 3.32) it is not.
g=$work/slow-growth
cp -r "$s" "$g"
awk -F, -v OFS=, 'NR > 1 && $1 == "r6-k10" && $2 == 1 && $3 == 0 { $14 = 1; $16 = 1.4; $18 = 0.4; $19 = "grows" } { print }' \
  "$s/machines.csv" >"$g/machines.csv"
"$lcstudy" "$g" --graphs "$work/slow-growth-graphs" >/dev/null || fail "lcstudy on a study with a slow growth"
has "$g/REPORT.md" "of the 1 where they do not, 1 has a predicted load within 20% of the boundary or a predicted growth too slow for a run of 60 s to show"
has "$g/REPORT.md" "1 machine(s) end otherwise than predicted; 1 of them has a predicted load"
awk -F, -v OFS=, 'NR > 1 && $1 == "r6-k10" && $2 == 1 && $3 == 0 { $14 = 1; $16 = 1.6; $18 = 0.6; $19 = "grows" } { print }' \
  "$s/machines.csv" >"$g/machines.csv"
"$lcstudy" "$g" --graphs "$work/slow-growth-graphs" >/dev/null || fail "lcstudy on a study with a growth"
has "$g/REPORT.md" "of the 1 where they do not, 0 have a predicted load within 20% of the boundary or a predicted growth too slow"

# No tick at all (a run far shorter than a tick): every figure over events is 0 in lcstat's
# files, and the report says there was nothing to measure instead of giving it.
z=$work/idle
study_txt "$z" 5
{
  echo "$summary_header"
  for r in 1 2 3 4 5; do echo "r6-k10,6,$r,r6-k10/run$r,3,1;1;5,10,$r,0,0,0,0,0,0,0,0,0,0,0,0,"; done
  for r in 1 2 3 4 5; do echo "r3-k10,3,$r,r3-k10/run$r,3,1;2;3,10,$((r + 10)),0,0,0,0,0,0,0,0,0,0,0,0,"; done
} >"$z/summary.csv"
{
  echo "$machines_header"
  for r in 1 2 3 4 5; do
    for m in "0 1 1" "1 1 1" "2 5 0"; do
      set -- $m
      echo "r6-k10,$r,$1,$2,0,0,0,0,0,0,0,0,0,$3,0,1,0,0,critical"
    done
  done
  for r in 1 2 3 4 5; do
    for m in "0 1" "1 2" "2 3"; do
      set -- $m
      echo "r3-k10,$r,$1,$2,0,0,0,0,0,0,0,0,0,0.5,0,0.5,0,0,bounded"
    done
  done
} >"$z/machines.csv"
"$lcstudy" "$z" --graphs "$work/idle-graphs" >/dev/null || fail "lcstudy on a study without ticks"
has "$z/REPORT.md" "- **How big do the jumps get, and where?** With RATE_MAX 6, INTERNAL_MAX 10, no run had a jump: no machine ticked in any of the 5 runs of 60 model seconds."
has "$z/REPORT.md" "With RATE_MAX 3, INTERNAL_MAX 10: no run had a jump (no machine ticked in any of its 5 runs of 60 model seconds)."
lacks "$z/REPORT.md" "on a machine of rate 0"
lacks "$z/REPORT.md" "mean jump 0.00"
has "$z/REPORT.md" "none of them ticked, so no receive share to compare"
has "$z/REPORT.md" "| RATE_MAX 3, INTERNAL_MAX 10 | 15 | 0 | 0 | 0 | 100% | - | - |"
has "$z/REPORT.md" "| r3-k10 | 1 | 0 | 1 | - | 0.500 |"
has "$z/REPORT.md" "With RATE_MAX 6, INTERNAL_MAX 10, 5 of 5 runs had no tick on any machine"
# The same with one run each: "its one run", never "the 1 run".
# first_run_of SRC DST: the study SRC cut to its first run of each configuration, in DST.
first_run_of() {
  mkdir "$2"
  sed 's/^runs=.*/runs=1/' "$1/study.txt" >"$2/study.txt"
  awk -F, 'NR == 1 || $3 == 1' "$1/summary.csv" >"$2/summary.csv"
  awk -F, 'NR == 1 || $2 == 1' "$1/machines.csv" >"$2/machines.csv"
}
z1=$work/idle-one
first_run_of "$z" "$z1"
"$lcstudy" "$z1" --graphs "$work/idle-one-graphs" >/dev/null || fail "lcstudy on one run without ticks"
has "$z1/REPORT.md" "no run had a jump: no machine ticked in its one run of 60 model seconds."
has "$z1/REPORT.md" "no run had a jump (no machine ticked in its one run of 60 model seconds)."
has "$z1/REPORT.md" "## RATE_MAX 3, INTERNAL_MAX 10 (1 run)"
lacks "$z1/REPORT.md" " the 1 run"
# One run that ticked: counts of one in the singular.
o=$work/one
first_run_of "$s" "$o"
"$lcstudy" "$o" --graphs "$work/one-graphs" >/dev/null || fail "lcstudy on one run"
lacks "$o/REPORT.md" " of 1 runs"
lacks "$o/REPORT.md" " 1 of them have"
lacks "$o/REPORT.md" "(1 runs)"

# Some runs without a tick (lcstat's 0 for every figure over events): the medians are over the
# runs that ticked and say how many did not.
p=$work/partial
cp -r "$s" "$p"
awk -F, -v OFS=, 'NR > 1 && $1 == "r6-k10" && $2 <= 2 { for (i = 5; i <= 13; i++) $i = 0; $15 = 0; $17 = 0 } { print }' \
  "$s/machines.csv" >"$p/machines.csv"
awk -F, -v OFS=, 'NR > 1 && $1 == "r6-k10" && $3 <= 2 { for (i = 9; i <= 19; i++) $i = 0 } { print }' \
  "$s/summary.csv" >"$p/summary.csv"
"$lcstudy" "$p" --graphs "$work/partial-graphs" >/dev/null || fail "lcstudy on a study with runs without ticks"
has "$p/REPORT.md" "over the 4 of 6 runs that measured it, 2 having no tick on the slowest machine)"
has "$p/REPORT.md" "was on the run's slowest machine in 4 of 4 runs with a jump"

# Genuine studies. The largest jump of all has a machine that ticked,
# and every table agrees with intervals.csv.
run_study() {  # run_study NAME OPTIONS...
  local out=$work/$1
  shift
  "$root/run_experiments.sh" --engine sim "$@" --graphs 0 --out "$out" >"$work/run.log" 2>&1 ||
    fail "run_experiments.sh $*: $(tail -n 3 "$work/run.log")"
}
run_study short --seed 9 --runs 5 --duration 0.001
lacks "$work/short/REPORT.md" "rate 0"
# Below 7 runs a side no difference has an interval, and the answers do not promise one.
has "$work/short/REPORT.md" "(\"Findings\" gives each difference seen; with so few runs a difference has no interval)."
lacks "$work/short/REPORT.md" "gives each difference seen and its interval"
agrees "$work/short"
run_study six --seed 21 --runs 6 --config "6 10"
agrees "$work/six"
run_study fixed --seed 4 --runs 5 --config "1,3,6 10" --config "2,2,2 10" --config "1,3,6 5"
agrees "$work/fixed"
# Runs of 0.3 model seconds: RATE_MAX 3's never tick, 2 of RATE_MAX 6's do not. Their 0s over
# events measure nothing: the medians are over the runs that ticked, and no difference is
# stated from runs without a tick (before, RATE_MAX 3's "lower" jumps and drift).
run_study notick --seed 26 --runs 10 --duration 0.3
# Every largest jump is 1, spread over [1, 3/2]: an interval, within that cell.
has_cells "$work/notick/REPORT.md" "the run's largest jump has interpolated median N [(]95.0% CI N to N; over the 8 of 10 runs that ticked[)]" \
  1 1.5 1 1.5 1 1.5
has "$work/notick/REPORT.md" "With RATE_MAX 3, INTERNAL_MAX 10: no run had a jump"
lacks "$work/notick/REPORT.md" "median 1.000 to 0.000"
lacks "$work/notick/REPORT.md" "median 1.0 to 0.0"
lacks "$work/notick/REPORT.md" "the mean jump tends to be lower"
lacks "$work/notick/REPORT.md" "the mean jump is the same"
has "$work/notick/REPORT.md" "| mean jump | - | - | - | - | - | - | - |"
lacks "$work/notick/REPORT.md" "the mean queue length is the same"
has_cells "$work/notick/REPORT.md" "[|] mean jump [|] N [[]N to N[]] [(]8 of 10 runs[)] [|] - [|] N [[]N to N[]] [|]" \
  1 1.5 1 1.5 1 1.5 1 1.5 1 1.5 1 1.5
has "$work/notick/REPORT.md" "A median marked (k of n runs) is over the runs that have the figure"
has "$work/notick/REPORT.md" "It cannot compare the mean jump, the max jump, the mean drift,"
# A queue wait of a run that received nothing is lcstat's 0 too: RATE_MAX 6's runs received
# nothing, and have no wait.
has "$work/notick/intervals.csv" "wait_mean,r6-k10,,0,,"
agrees "$work/notick"
# A figure one configuration never measured: the other's median, not "-" for both.
run_study uncompared --seed 1 --runs 6 --duration 0.5 --config "1,1,1 5" --config "1,2,2 3"
has_cells "$work/uncompared/REPORT.md" "the mean jump cannot be compared: no run of the first measured it [(]the second's interpolated median N over 6 runs[)][.]" \
  1 1.5
has_cells "$work/uncompared/REPORT.md" "[|] mean jump [|] - [|] N [|] - [|]" 1 1.5
# A sweep whose medians are over some of the runs says over how many.
run_study subset --seed 8 --runs 8 --duration 0.5 --sweep rate_max=1..4 --config "6 5"
has_cells "$work/subset/REPORT.md" "the mean jump of the slowest machine goes from not measured to N [[]-[]] [(]4 of 8 runs[)]" 1 2
has_cells "$work/subset/REPORT.md" "[|] 4 [|] 8 [|] N [[]N to N[]] [|] N [[]-[]] [(]4 of 8 runs[)] [|]" 1 2 1 2 1 2 1 2
# One rate for every machine: none is the slowest, and no count says otherwise. Three copies
# of one configuration: each control names which copy it compares.
run_study onerate --seed 43 --runs 5 --duration 5 --config "1,1,1 10" --config "6 10"
has "$work/onerate/REPORT.md" "every run's machines tick at one rate, so none is the slowest"
lacks "$work/onerate/REPORT.md" "was above the fastest machine's in 0 of 5 runs"
run_study copies --seed 29 --runs 5 --duration 5 --config "6 10" --config "6 10" --config "6 10"
has "$work/copies/REPORT.md" "With the same parameters (copy 3 against copy 2, a control"
has "$work/copies/REPORT.md" "With the same parameters (copy 2 against the first, a control"
# Fixed rates against drawn ones: each side named as what it is, never "rates 6" for RATE_MAX 6.
run_study mixed --seed 4 --runs 5 --config "1,3,6 4" --config "6 4"
has "$work/mixed/REPORT.md" "**With RATE_MAX 6 instead of rates 1,3,6.**"
lacks "$work/mixed/REPORT.md" "rates 6 instead of"
echo "report_format_test: all $checks checks passed"
