#!/usr/bin/env bash
# run_experiments.sh with tiny settings: a 2 x 2 study writes summary.csv and REPORT.md with a
# row per run and a section per configuration; the same --seed repeats the seeds and rates;
# bad usage, a failed run, a run that breaks the rules, Ctrl-C and a missing gnuplot each stop
# the study with a clear message and no report. Needs gnuplot: fails when it is missing.
#   run_experiments_test.sh SOURCE_DIR LOGICAL_CLOCK LCSTAT
set -euo pipefail

src=$1 bin=$2 lcstat=$3
study=$src/run_experiments.sh
work=$(mktemp -d /tmp/lcstat_study.XXXXXX)
trap 'rm -rf "$work"' EXIT
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { checks=$((checks + 1)); }
export LOGICAL_CLOCK=$bin LCSTAT=$lcstat

command -v gnuplot >/dev/null || fail "gnuplot is not installed (apt-get install gnuplot-nox); this test needs it"
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
[[ $(column "$s/summary.csv" config | sort | uniq -c | awk '{print $1 $2}' | tr '\n' ' ') == "2r3-k5 2r6-k10 " ]] ||
  fail "summary.csv configs: $(column "$s/summary.csv" config | tr '\n' ' ')"
[[ $(column "$s/summary.csv" violations | sort -u) == 0 ]] || fail "a run with violations in summary.csv"
[[ $(column "$s/summary.csv" seed | sort -u | wc -l) == 4 ]] || fail "the 4 runs should have 4 distinct seeds"
[[ $(column "$s/summary.csv" duration | sort -u) == 3 ]] || fail "durations in summary.csv"
pass
r=$s/REPORT.md
[[ -s $r ]] || fail "REPORT.md missing"
[[ $(grep -c '^## RATE_MAX' "$r") == 2 ]] || fail "REPORT.md should have a section per configuration"
[[ $(grep -c '^| mean jump |' "$r") == 3 ]] || fail "mean jump should appear in the overview and both sections"
[[ $(grep -cE '^\| [12] \| [0-9]+ \| ' "$r") == 4 ]] || fail "REPORT.md should list the 4 runs"
grep -q -- '--seed 99 --runs 2 --duration 3 --speed 50 --machines 3 --config "6 10" --config "3 5"' "$r" ||
  fail "REPORT.md lacks the command that repeats the study"
pass
for link in $(grep -o '([a-z0-9-]*/run[0-9]/[a-z]*\.png)' "$r" | tr -d '()' | sort -u); do
  [[ -s $s/$link ]] || fail "REPORT.md links to a missing graph: $link"
done
[[ $(grep -o '([a-z0-9-]*/run[0-9]/[a-z]*\.png)' "$r" | sort -u | wc -l) == 20 ]] || fail "expected links to 4 x 5 graphs"
[[ -z $(find "$s" -name '.*.tmp' -o -name '.summary.rows') ]] || fail "temporary files left"
pass

# The same --seed repeats the seeds (and so the rates) of the study.
"$study" --config "6 10" --runs 2 --duration 1 --speed 50 --seed 99 --out "$work/again" >/dev/null 2>&1 ||
  fail "second study failed"
[[ $(column "$work/again/summary.csv" seed) == "$(column "$s/summary.csv" seed | head -2)" ]] || fail "seeds differ"
[[ $(column "$work/again/summary.csv" rates) == "$(column "$s/summary.csv" rates | head -2)" ]] || fail "rates differ"
pass

# Bad usage: exit 2, nothing run.
for args in "--runs 0" "--config 6" "--speed fast" "--frobnicate" "--out $s"; do
  code=0
  # shellcheck disable=SC2086
  "$study" $args >"$work/usage.out" 2>&1 || code=$?
  [[ $code == 2 ]] || fail "$args: exit $code, expected 2"
  [[ $(wc -l <"$work/usage.out") == 1 ]] || fail "$args: expected a one-line error: $(cat "$work/usage.out")"
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
setsid env --default-signal=INT "$study" --config "6 10" --runs 2 --duration 30 --seed 3 --out "$work/stopped" \
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

# Without gnuplot: the install line, exit 1, before any run.
mkdir "$work/path"
for tool in bash dirname cat awk tr sed find mv rm od date ls mkdir env; do ln -s "$(command -v "$tool")" "$work/path/$tool"; done
code=0
PATH=$work/path "$study" --config "6 10" --runs 1 --duration 1 --speed 50 --out "$work/nognuplot" >"$work/ng.out" 2>&1 || code=$?
[[ $code == 1 ]] || fail "without gnuplot: exit $code, expected 1"
grep -q 'apt-get install gnuplot-nox' "$work/ng.out" || fail "no install hint: $(cat "$work/ng.out")"
[[ ! -e $work/nognuplot ]] || fail "runs started without gnuplot"
pass

echo "run_experiments_test: all $checks checks passed"
