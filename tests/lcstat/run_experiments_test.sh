#!/usr/bin/env bash
# run_experiments.sh with tiny settings: a 2 x 2 study of real runs writes summary.csv,
# machines.csv and REPORT.md (findings first, the comparison graphs, a section per
# configuration); the same --seed repeats the seeds and rates; simulated studies give the same
# report byte for byte whatever --jobs, plot only --graphs runs, sweep, and run on "hosts"
# through GNU parallel (a stand-in ssh); bad usage, a failed run, a run that breaks the rules,
# Ctrl-C (during a run, the gathering of the runs' figures, lcstudy or the report's graphs), a
# disk full as the graphs are drawn and a missing gnuplot each stop the study with a clear
# message and no report. Needs gnuplot, GNU parallel and rsync: fails when one is missing.
#   run_experiments_test.sh SOURCE_DIR LOGICAL_CLOCK LCSTAT LCSTUDY
set -euo pipefail

src=$1 bin=$2 lcstat=$3 lcstudy=$4
study=$src/run_experiments.sh
work=$(mktemp -d /tmp/lcstat_study.XXXXXX)
cleanup() {
  mountpoint -q "$work/full" 2>/dev/null && umount "$work/full"
  rm -rf "$work"
}
trap cleanup EXIT
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { checks=$((checks + 1)); }
export LOGICAL_CLOCK=$bin LCSTAT=$lcstat LCSTUDY=$lcstudy

command -v gnuplot >/dev/null || fail "gnuplot is not installed (apt-get install gnuplot-nox); this test needs it"
command -v parallel >/dev/null || fail "GNU parallel is not installed (apt-get install parallel); this test needs it"
command -v rsync >/dev/null || fail "rsync is not installed (apt-get install rsync); this test needs it"
[[ -x $bin ]] || fail "$bin missing: build logical_clock first (make)"

# column FILE NAME: the values of a CSV column, found by its header name.
column() { awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { print $c }' "$1"; }
no_report() {
  [[ ! -e $1/REPORT.md && ! -e $1/summary.csv ]] || fail "$1: a report was written for an incomplete study"
  pass
}

# A tiny study: 2 configurations x 2 runs.
"$study" --config "6 10" --config "3 5" --runs 2 --duration 3 --speed 50 --seed 99 --out "$work/study" \
  >"$work/study.out" 2>&1 || { cat "$work/study.out" >&2; fail "tiny study failed"; }
s=$work/study
[[ $(grep -c '^\[[1-4]/4\] config .*left$' "$work/study.out") == 4 ]] || fail "expected 4 progress lines: $(cat "$work/study.out")"
[[ $(wc -l <"$s/summary.csv") == 5 ]] || fail "summary.csv: $(wc -l <"$s/summary.csv") lines, expected 1 + 4"
[[ $(wc -l <"$s/machines.csv") == 13 ]] || fail "machines.csv: $(wc -l <"$s/machines.csv") lines, expected 1 + 4 x 3"
[[ $(column "$s/machines.csv" pred_queue | grep -cE '^(bounded|critical|grows)$') == 12 ]] ||
  fail "machines.csv: every machine should have the theory's prediction"
[[ $(column "$s/summary.csv" config | sort | uniq -c | awk '{print $1 $2}' | tr '\n' ' ') == "2r3-k5 2r6-k10 " ]] ||
  fail "summary.csv configs: $(column "$s/summary.csv" config | tr '\n' ' ')"
[[ $(column "$s/summary.csv" violations | sort -u) == 0 ]] || fail "a run with violations in summary.csv"
[[ $(column "$s/summary.csv" seed | sort -u | wc -l) == 4 ]] || fail "the 4 runs should have 4 distinct seeds"
[[ $(column "$s/summary.csv" duration | sort -u) == 3 ]] || fail "durations in summary.csv"
pass
r=$s/REPORT.md
[[ -s $r ]] || fail "REPORT.md missing"
[[ $(grep -c '^## RATE_MAX' "$r") == 2 ]] || fail "REPORT.md should have a section per configuration"
# mean jump: a row in the differences table (one pair), the overview and both sections.
[[ $(grep -c '^| mean jump |' "$r") == 4 ]] || fail "mean jump should appear in the differences, the overview and both sections"
[[ $(grep -m1 '^## ' "$r") == "## Findings" ]] || fail "REPORT.md should open with its findings"
grep -q '^\*\*Jumps: how big, and on which machine.\*\*' "$r" || fail "no finding on jumps"
grep -q '^\*\*Queues: when one grows without bound.\*\*' "$r" || fail "no finding on queues"
grep -q '^## Theory against measurement' "$r" || fail "no theory section"
for g in rate_jump_mean rate_jump_max rate_recv_share rate_queue_mean rate_pending rate_clock_rate theory; do
  grep -q "(graphs/$g.png)" "$r" || fail "REPORT.md does not embed graphs/$g.png"
  [[ $(head -c 8 "$s/graphs/$g.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "graphs/$g.png is not a PNG"
done
[[ ! -e $s/graphs/sweep.png ]] || fail "a sweep graph for a study without a sweep"
[[ $(grep -cE '^\| [12] \| [0-9]+ \| ' "$r") == 4 ]] || fail "REPORT.md should list the 4 runs"
grep -q -- '--seed 99 --runs 2 --duration 3 --speed 50 --machines 3 --config "6 10" --config "3 5"' "$r" ||
  fail "REPORT.md lacks the command that repeats the study"
pass
for link in $(grep -o '([a-z0-9-]*/run[0-9]/[a-z]*\.png)' "$r" | tr -d '()' | sort -u); do
  [[ -s $s/$link ]] || fail "REPORT.md links to a missing graph: $link"
done
[[ $(grep -o '([a-z0-9-]*/run[0-9]/[a-z]*\.png)' "$r" | sort -u | wc -l) == 20 ]] || fail "expected links to 4 x 5 graphs"
[[ -z $(find "$s" -name '.*.tmp' -o -name '.study' -o -name '.tools') ]] || fail "temporary files left"
pass

# The same --seed repeats the seeds (and so the rates) of the study.
"$study" --config "6 10" --runs 2 --duration 1 --speed 50 --seed 99 --out "$work/again" >/dev/null 2>&1 ||
  fail "second study failed"
[[ $(column "$work/again/summary.csv" seed) == "$(column "$s/summary.csv" seed | head -2)" ]] || fail "seeds differ"
[[ $(column "$work/again/summary.csv" rates) == "$(column "$s/summary.csv" rates | head -2)" ]] || fail "rates differ"
pass

# Simulated studies: 2 configurations x 25 runs (so the intervals are bootstraps), graphs for
# the first run of each only; the same report byte for byte with 1 job and with 2.
for j in 1 2; do
  "$study" --engine sim --config "6 10" --config "3 10" --runs 25 --graphs 1 --duration 20 --seed 5 --jobs "$j" \
    --out "$work/sim$j" >"$work/sim$j.out" 2>&1 || { cat "$work/sim$j.out" >&2; fail "sim study with --jobs $j failed"; }
done
cmp -s "$work/sim1/REPORT.md" "$work/sim2/REPORT.md" || fail "REPORT.md differs between --jobs 1 and --jobs 2"
cmp -s "$work/sim1/summary.csv" "$work/sim2/summary.csv" || fail "summary.csv differs between --jobs 1 and --jobs 2"
cmp -s "$work/sim1/machines.csv" "$work/sim2/machines.csv" || fail "machines.csv differs between --jobs 1 and --jobs 2"
[[ -s $work/sim1/r6-k10/run1/clock.png && ! -e $work/sim1/r6-k10/run2/clock.png ]] || fail "--graphs 1: only run 1 plotted"
[[ -s $work/sim1/r6-k10/run25/run_summary.csv ]] || fail "run 25 not analysed"
[[ $(wc -l <"$work/sim1/summary.csv") == 51 ]] || fail "sim summary.csv: expected 1 + 50 lines"
grep -q -- '--engine sim --seed 5 --runs 25 --duration 20 --machines 3 --config "6 10" --config "3 10" --graphs 1' \
  "$work/sim1/REPORT.md" || fail "sim REPORT.md lacks the command that repeats it"
grep -q '| bootstrap |$' "$work/sim1/REPORT.md" || fail "25 runs per configuration should get bootstrap intervals"
grep -q 'Runs 2 to 25 were analysed (lcstat) but not plotted' "$work/sim1/REPORT.md" || fail "unplotted runs not said"
grep -q '^\*\*A smaller spread of tick rates (RATE_MAX 3 instead of 6).\*\*' "$work/sim1/REPORT.md" ||
  fail "no finding on the smaller spread of rates"
pass

# A sweep: one configuration per value, curves in the report.
"$study" --engine sim --sweep internal_max=3..5 --config "4 10" --runs 3 --graphs 0 --duration 20 --seed 6 \
  --out "$work/sweep" >"$work/sweep.out" 2>&1 || { cat "$work/sweep.out" >&2; fail "sweep failed"; }
[[ $(column "$work/sweep/summary.csv" config | sort -u | tr '\n' ' ') == "r4-k3 r4-k4 r4-k5 " ]] ||
  fail "sweep configurations: $(column "$work/sweep/summary.csv" config | sort -u | tr '\n' ' ')"
grep -q '^## Sweep' "$work/sweep/REPORT.md" || fail "no sweep section"
grep -q "(graphs/sweep.png)" "$work/sweep/REPORT.md" || fail "no sweep graph in the report"
[[ -s $work/sweep/graphs/sweep.png ]] || fail "no sweep graph"
grep -q '^\*\*Sweep of internal_max from 3 to 5.\*\*' "$work/sweep/REPORT.md" || fail "no sweep finding"
grep -q -- '--sweep internal_max=3..5 --config "4 10" --graphs 0' "$work/sweep/REPORT.md" || fail "sweep command"
[[ -z $(find "$work/sweep" -name '*.png' -path '*/run*') ]] || fail "--graphs 0 plotted a run"
pass

# --hosts: GNU parallel over a stand-in ssh that runs each command locally in a directory per
# "host" (as a remote home), so the tools and the runs really travel (rsync over it). The
# study must come back whole and give the local study's report byte for byte.
mkdir -p "$work/remote"
cat >"$work/fakessh" <<'FAKE'
#!/usr/bin/env bash
# fakessh [ssh options] HOST COMMAND...: runs COMMAND with bash in $FAKE_REMOTE/HOST, with
# HOME and SHELL set as sshd sets them for a login (GNU parallel's remote side execs $SHELL).
while [[ $1 == -* ]]; do
  case $1 in -[oplicFSeLRDJW]) shift 2 ;; *) shift ;; esac
done
host=$1; shift
[[ ${1:-} == -- ]] && shift
mkdir -p "$FAKE_REMOTE/$host"
cd "$FAKE_REMOTE/$host" && HOME=$FAKE_REMOTE/$host SHELL=$(command -v bash) exec bash -c "$*"
FAKE
chmod +x "$work/fakessh"
printf '1/%s hostA\n1/%s hostB\n' "$work/fakessh" "$work/fakessh" >"$work/hosts"
FAKE_REMOTE=$work/remote "$study" --engine sim --config "6 10" --config "3 10" --runs 25 --graphs 1 --duration 20 \
  --seed 5 --hosts "$work/hosts" --out "$work/hosted" >"$work/hosted.out" 2>&1 ||
  { cat "$work/hosted.out" "$work/hosted/.parallel.out" >&2 2>/dev/null; fail "study over --hosts failed"; }
cmp -s "$work/sim1/REPORT.md" "$work/hosted/REPORT.md" || fail "REPORT.md over --hosts differs from the local one"
cmp -s "$work/sim1/summary.csv" "$work/hosted/summary.csv" || fail "summary.csv over --hosts differs"
[[ -n $(find "$work/remote" -name 'vm_*.log' -print -quit) || -d $work/remote/hostA || -d $work/remote/hostB ]] ||
  fail "no run went to a host"
pass

# Every run of a study gets its own seed, also past a configuration's 1000th run (where the
# place 1000 c + r + 1 would meet the next configuration's), and the first 1000 keep theirs.
# (The function itself: a study of 2 x 1001 runs would take too long here.)
eval "$(sed -n '/^derived_seed() {/,/^}/p' "$study")"
# shellcheck disable=SC2034 # read by derived_seed
seed=99
seed_of() { local s; derived_seed s "$1" "$2"; echo "$s"; }
[[ $(seed_of 0 1001) != "$(seed_of 1 1)" ]] || fail "run 1001 of configuration 0 has the seed of run 1 of 1"
[[ $(seed_of 0 1) == 583982616703494564 && $(seed_of 1 2) == 5488123753346268929 ]] ||
  fail "the seeds of the first 1000 runs changed"
[[ $(for c in 0 1 2; do for r in 998 999 1000 1001 1002 1003 2001; do seed_of "$c" "$r"; done; done | sort -u | wc -l) == 21 ]] ||
  fail "seeds repeat around the 1000th run"
pass

# Bad usage: exit 2, nothing run.
for args in "--runs 0" "--config 6" "--speed fast" "--frobnicate" "--out $s" "--engine warp" "--engine sim --speed 2" \
            "--jobs 0" "--graphs x" "--sweep foo=1..3" "--sweep rate_max=5..2" "--config 6,1 --machines 3" \
            "--hosts $work/no-such-file" "--duration 0" "--duration 0.0000001" "--speed 0" "--speed 2000000000" \
            "--runs 08" "--machines 09" "--sweep internal_max=08..10" "--sweep rate_max=0..2" \
            "--sweep internal_max=10..10 --machines 1" "--sweep internal_max=10000000000..10000000000" \
            "--runs 1000001" "--runs 99999999999999999999" "--runs 9223372036854775808"; do
  code=0
  # shellcheck disable=SC2086
  "$study" $args >"$work/usage.out" 2>&1 || code=$?
  [[ $code == 2 ]] || fail "$args: exit $code, expected 2"
  [[ $(wc -l <"$work/usage.out") == 1 ]] || fail "$args: expected a one-line error: $(cat "$work/usage.out")"
  pass
done

# A study directory with a space and a quote in its path: the report, its graphs and the runs'.
odd="$work/it's a study"
"$study" --engine sim --config "6 10" --runs 2 --graphs 1 --duration 5 --seed 3 --out "$odd" \
  >"$work/odd.out" 2>&1 || fail "a study in \"$odd\": $(tail -3 "$work/odd.out")"
for f in REPORT.md graphs/theory.png graphs/rate_jump_mean.png r6-k10/run1/clock.png r6-k10/run1/spacetime.png; do
  [[ -s $odd/$f ]] || fail "no $f in \"$odd\""
done
pass

# One whose relative path starts with a quote and has two in a row (gnuplot reads '' as a
# quote only inside a string, and only once in a row).
quotes="$work/''s''"
(cd "$work" && "$study" --engine sim --config "6 10" --runs 1 --graphs 1 --duration 5 --seed 3 --out "''s''") \
  >"$work/quotes.out" 2>&1 || fail "a study in $quotes: $(tail -3 "$work/quotes.out")"
for f in REPORT.md graphs/theory.png graphs/rate_jump_mean.png r6-k10/run1/clock.png r6-k10/run1/spacetime.png; do
  [[ -s $quotes/$f ]] || fail "no $f in $quotes"
done
pass

# A study directory and a hosts file whose relative paths start with a dash.
code=0
(cd "$work" && printf ':\n' >-hosts && FAKE_REMOTE=$work/remote "$study" --engine sim --config "6 10" --runs 1 \
  --graphs 1 --duration 5 --seed 3 --hosts -hosts --out -dashed) >"$work/dashed.out" 2>&1 || code=$?
[[ $code == 0 && -s $work/-dashed/REPORT.md && -s $work/-dashed/r6-k10/run1/clock.png ]] ||
  fail "--out -dashed --hosts -hosts: exit $code: $(cat "$work/dashed.out")"
pass

# Configurations that logical_clock would refuse are bad usage too, found before any run.
for config in "0,3,4 10" "6 08" "6 10 09" "2000000 10" "6 99999999999999999999"; do
  code=0
  "$study" --engine sim --config "$config" --out "$work/badconfig" >"$work/usage.out" 2>&1 || code=$?
  [[ $code == 2 && ! -e $work/badconfig ]] || fail "--config \"$config\": exit $code, expected 2: $(cat "$work/usage.out")"
  [[ $(wc -l <"$work/usage.out") == 1 ]] || fail "--config \"$config\": expected a one-line error: $(cat "$work/usage.out")"
  pass
done

# A run that fails: the study stops, names the run, writes no report.
printf '#!/usr/bin/env bash\necho "machine 1 failed" >&2\nexit 1\n' >"$work/failing"
chmod +x "$work/failing"
code=0
LOGICAL_CLOCK=$work/failing "$study" --config "6 10" --runs 2 --duration 1 --speed 50 --seed 1 --out "$work/failed" \
  >"$work/failed.out" 2>&1 || code=$?
[[ $code == 1 ]] || fail "failed run: exit $code, expected 1"
grep -q 'run 1 of configuration "6 10" (seed [0-9]*) failed: logical_clock exit 1' "$work/failed.out" ||
  fail "no failure message: $(cat "$work/failed.out")"
no_report "$work/failed"

# The same over --hosts, into a relative study directory that reads like an awk assignment
# (k=v): the failed run is found in GNU parallel's job log and named.
code=0
(cd "$work" && LOGICAL_CLOCK=$work/failing "$study" --config "6 10" --runs 2 --duration 1 --speed 50 --seed 1 \
  --hosts -hosts --out k=v </dev/null) >"$work/kv.out" 2>&1 || code=$?
[[ $code == 1 ]] || fail "failed run over --hosts: exit $code, expected 1"
grep -q 'run 1 of configuration "6 10" (seed [0-9]*) failed: logical_clock exit 1' "$work/kv.out" ||
  fail "failed run over --hosts into k=v not named: $(cat "$work/kv.out")"
no_report "$work/k=v"

# A run that breaks the model's rules (a fake logical_clock writes a broken log): stop, no report.
cat >"$work/breaking" <<FAKE
#!/usr/bin/env bash
while ((\$#)); do [[ \$1 == -o ]] && out=\$2; shift; done
mkdir -p "\$out" && cp "$src"/tests/lcstat/fixtures/valid/*.log "\$out/"
sed -i '12s/INTERNAL,10,/INTERNAL,12,/' "\$out/vm_2_4.log"
FAKE
chmod +x "$work/breaking"
code=0
LOGICAL_CLOCK=$work/breaking "$study" --config "6 10" --runs 2 --duration 1 --seed 1 --out "$work/broken" \
  >"$work/broken.out" 2>&1 || code=$?
[[ $code == 1 ]] || fail "broken run: exit $code, expected 1"
grep -q "breaks the model's rules" "$work/broken.out" || fail "no violation message: $(cat "$work/broken.out")"
grep -q "vm_2_4.log:12:" "$work/broken.out" || fail "the violation is not shown: $(cat "$work/broken.out")"
no_report "$work/broken"

# Ctrl-C (SIGINT to the whole process group) during a run: the run stops with whole logs
# that lcstat accepts, the study exits 130 without a report.
setsid env --default-signal=INT "$study" --config "6 10" --runs 2 --jobs 1 --duration 30 --seed 3 --out "$work/stopped" \
  >"$work/stopped.out" 2>&1 &
pid=$!
for _ in $(seq 100); do
  [[ $(cat "$work"/stopped/r6-k10/run1/vm_*.log 2>/dev/null | wc -l) -ge 12 ]] && break
  sleep 0.05
done
kill -INT -- "-$pid"
code=0
wait "$pid" || code=$?
[[ $code == 130 ]] || fail "Ctrl-C: exit $code, expected 130: $(cat "$work/stopped.out")"
grep -q 'stopped by a signal during run 1' "$work/stopped.out" || fail "no stop message: $(cat "$work/stopped.out")"
grep -q '^status=stopped$' "$work/stopped/r6-k10/run1/run.txt" || fail "run.txt: $(cat "$work/stopped/r6-k10/run1/run.txt")"
"$lcstat" "$work/stopped/r6-k10/run1" --no-write -q || fail "lcstat rejects the stopped run"
[[ ! -e $work/stopped/r6-k10/run2 ]] || fail "the study went on after Ctrl-C"
no_report "$work/stopped"

# Ctrl-C while the report is made (the runs' figures gathered by awk, lcstudy, then its graphs,
# each held up 2 s by a stand-in): exit 130, no report, and nothing of the study left running
# once it has exited.
mkdir "$work/slow" "$work/slow_awk"
for tool in gnuplot lcstudy; do
  real=$(command -v gnuplot)
  [[ $tool == lcstudy ]] && real=$lcstudy
  printf '#!/bin/bash\ntouch "%s.started"\nsleep 2\nexec "%s" "$@"\n' "$work/slow/$tool" "$real" >"$work/slow/$tool"
  chmod +x "$work/slow/$tool"
done
# awk is slow only when it gathers the runs' figures.
printf '#!/bin/bash\n[[ "$*" == */run_summary.csv* ]] && touch "%s" && sleep 2\nexec "%s" "$@"\n' \
  "$work/slow/awk.started" "$(command -v awk)" >"$work/slow_awk/awk"
chmod +x "$work/slow_awk/awk"
for phase in awk lcstudy gnuplot; do
  rm -f "$work"/slow/*.started
  slow_lcstudy=$lcstudy
  [[ $phase == lcstudy ]] && slow_lcstudy=$work/slow/lcstudy
  slow_path=$work/slow
  [[ $phase == awk ]] && slow_path=$work/slow_awk:$work/slow
  PATH=$slow_path:$PATH LCSTUDY=$slow_lcstudy setsid env --default-signal=INT "$study" --engine sim --config "6 10" \
    --runs 2 --graphs 0 --duration 5 --seed 3 --out "$work/int_$phase" >"$work/int_$phase.out" 2>&1 &
  pid=$!
  for _ in $(seq 200); do [[ -e $work/slow/$phase.started ]] && break; sleep 0.05; done
  [[ -e $work/slow/$phase.started ]] || fail "Ctrl-C during $phase: $phase never started: $(cat "$work/int_$phase.out")"
  kill -INT -- "-$pid"
  code=0
  wait "$pid" || code=$?
  left=$(pgrep -g "$pid" -a || true)
  [[ -z $left ]] || fail "Ctrl-C during $phase: still running after the study exited: $left"
  [[ $code == 130 ]] || fail "Ctrl-C during $phase: exit $code, expected 130: $(cat "$work/int_$phase.out")"
  grep -q 'stopped by a signal while writing the report' "$work/int_$phase.out" ||
    fail "Ctrl-C during $phase: $(cat "$work/int_$phase.out")"
  no_report "$work/int_$phase"
done

# A disk that fills up as the report's graphs are drawn (a stand-in gnuplot fills it first;
# gnuplot itself exits 0 on an image it could not write): exit 1 naming the graph, no report.
mkdir "$work/full" "$work/filling"
mount -t tmpfs -o size=1m tmpfs "$work/full" || fail "cannot mount a small tmpfs (root needed)"
printf '#!/bin/bash\ndd if=/dev/zero of="%s" bs=4k oflag=append conv=notrunc 2>/dev/null\nexec "%s" "$@"\n' "$work/full/fill" \
  "$(command -v gnuplot)" >"$work/filling/gnuplot"
chmod +x "$work/filling/gnuplot"
code=0
PATH=$work/filling:$PATH "$study" --engine sim --config "6 10" --runs 2 --graphs 0 --duration 5 --seed 3 \
  --out "$work/full/study" >"$work/full.out" 2>&1 || code=$?
[[ $code == 1 ]] || fail "full disk: exit $code, expected 1: $(cat "$work/full.out")"
grep -q "could not write $work/full/study/graphs/[a-z_]*.png" "$work/full.out" || fail "full disk: $(cat "$work/full.out")"
no_report "$work/full/study"
umount "$work/full"

# Without gnuplot: the install line, exit 1, before any run.
mkdir "$work/path"
for tool in bash dirname basename cat awk tr sed find mv rm od date ls mkdir env nproc; do ln -s "$(command -v "$tool")" "$work/path/$tool"; done
code=0
PATH=$work/path "$study" --config "6 10" --runs 1 --duration 1 --speed 50 --out "$work/nognuplot" >"$work/ng.out" 2>&1 || code=$?
[[ $code == 1 ]] || fail "without gnuplot: exit $code, expected 1"
grep -q 'apt-get install gnuplot-nox' "$work/ng.out" || fail "no install hint: $(cat "$work/ng.out")"
[[ ! -e $work/nognuplot ]] || fail "runs started without gnuplot"
pass

echo "run_experiments_test: all $checks checks passed"
