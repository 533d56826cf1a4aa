#!/usr/bin/env bash
# lcstat as a program: exit codes, one-line errors, the files it writes, the cap on listed
# violations, and valid simulated runs of several shapes.
#   lcstat_cli_test.sh LCSTAT FIXTURES_DIR LOGICAL_CLOCK
set -euo pipefail

LCSTAT=$1
FIXTURES=$2
LOGICAL_CLOCK=$3
SCRATCH=$(mktemp -d /tmp/lcstat_cli.XXXXXX)
trap 'rm -rf "$SCRATCH"' EXIT
checks=0

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { checks=$((checks + 1)); }

# run NAME EXPECTED_EXIT ARGS...: runs lcstat, keeps stdout/stderr in $SCRATCH/NAME.{out,err}.
run() {
  local name=$1 expected=$2 code=0
  shift 2
  "$LCSTAT" "$@" >"$SCRATCH/$name.out" 2>"$SCRATCH/$name.err" || code=$?
  [[ $code == "$expected" ]] || { cat "$SCRATCH/$name.err" >&2; fail "$name: exit $code, expected $expected"; }
  pass
}
contains() {  # contains FILE TEXT
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks '$2'"; }
  pass
}
lines_of() { wc -l <"$1" | tr -d ' '; }
one_line() {
  [[ $(lines_of "$1") == 1 ]] || { cat "$1" >&2; fail "$1: expected a one-line error"; }
  pass
}
copy_valid() { mkdir -p "$SCRATCH/$1" && cp "$FIXTURES"/valid/*.log "$SCRATCH/$1/"; echo "$SCRATCH/$1"; }

# Usage.
run help 0 --help
contains "$SCRATCH/help.out" "usage: lcstat RUN_DIR"
run no_args 2
one_line "$SCRATCH/no_args.err"
run bad_option 2 --frobnicate x
one_line "$SCRATCH/bad_option.err"
run missing_dir 2 "$SCRATCH/nope"
one_line "$SCRATCH/missing_dir.err"
contains "$SCRATCH/missing_dir.err" "$SCRATCH/nope: No such file or directory"
mkdir "$SCRATCH/empty"
run empty_dir 2 "$SCRATCH/empty"
one_line "$SCRATCH/empty_dir.err"
contains "$SCRATCH/empty_dir.err" "no vm_<id>_<rate>.log files"
run not_a_dir 2 "$FIXTURES/valid/vm_0_2.log"
one_line "$SCRATCH/not_a_dir.err"
# An output that cannot be put in place (summary.csv is a directory): an error, and no
# temporary file left behind.
dir=$(copy_valid blocked)
mkdir "$dir/summary.csv"
run blocked 2 "$dir" -q
contains "$SCRATCH/blocked.err" "$dir/summary.csv: not a regular file"
[[ ! -e "$dir/summary.csv.tmp" ]] || fail "summary.csv.tmp left behind"
# A FIFO where a log or run.txt should be is refused, not waited on for a writer.
dir=$(copy_valid fifo)
rm "$dir/vm_1_1.log"
mkfifo "$dir/vm_1_1.log"
code=0
timeout 10 "$LCSTAT" "$dir" --no-write >"$SCRATCH/fifo.out" 2>"$SCRATCH/fifo.err" || code=$?
[[ $code == 2 ]] || fail "a FIFO for a log: exit $code"
contains "$SCRATCH/fifo.err" "vm_1_1.log: not a regular file"
dir=$(copy_valid fifo_run)
mkfifo "$dir/run.txt"
code=0
timeout 10 "$LCSTAT" "$dir" --no-write >"$SCRATCH/fifo_run.out" 2>"$SCRATCH/fifo_run.err" || code=$?
[[ $code == 2 ]] || fail "a FIFO for run.txt: exit $code"
contains "$SCRATCH/fifo_run.err" "run.txt: not a regular file"

# The valid run: table, summary.csv (3 machines + all), run_summary.csv, graph data, no leftovers.
dir=$(copy_valid valid)
run valid 0 "$dir"
contains "$SCRATCH/valid.out" "drift between machines: max 5, mean 2.412"
contains "$SCRATCH/valid.out" "checks: all rules hold"
[[ $(lines_of "$dir/summary.csv") == 5 ]] || fail "summary.csv: $(lines_of "$dir/summary.csv") lines, expected 5"
contains "$dir/summary.csv" "all,,17,5,6,9,6,3,1.470588,5,0.058824,1,0.458220,0.999860,10,4.000000,2.411765,5"
contains "$dir/summary.csv" "1,1,2,0,0,0,2,3,2.500000,3,0.500000,1,0.749865,0.999860,5,2.000000,,"
[[ $(lines_of "$dir/run_summary.csv") == 2 ]] || fail "run_summary.csv should have 2 lines"
contains "$dir/run_summary.csv" "3,2;1;4,10,42,1,2.5,17,9,6,3,"
# The theory beside the measurement (rates 2, 1, 4, K = 10: c = 0.2, A = 5, and the rate-1
# machine exactly on the boundary, c A = 1): the table's block and the appended columns.
contains "$SCRATCH/valid.out" "      1      1 |      1.000     1.000 |      2.000     1.000 |     1.200     0.000 | critical"
contains "$dir/summary.csv" ",recv_share,pred_recv_share,arrival_rate,pred_arrival_rate,growth,pred_growth,pred_queue"
contains "$dir/summary.csv" "0,2,5,1,2,3,2,0,2.000000,5,0.000000,0,0.374891,0.499880,10,4.000000,,,0.400000,0.375000,0.800000,0.750000,0.000000,0.000000,bounded"
contains "$dir/summary.csv" "2,4,10,4,4,6,2,0,1.000000,1,0.000000,0,0.249902,0.249905,10,4.000000,,,0.200000,0.062500,0.800000,0.250000,0.000000,0.000000,bounded"
contains "$dir/summary.csv" "5,0.352941,0.285714,3.600000,2.000000,1.200000,0.000000,"
contains "$dir/run_summary.csv" ",complete,0,1.200000,0.000000,0"
# The graphs' data only when asked (--plotdata, as plot.sh does): the same summaries either way.
[[ ! -e $dir/plotdata ]] || fail "plotdata/ written without --plotdata"
cp "$dir/summary.csv" "$SCRATCH/summary.plain" && cp "$dir/run_summary.csv" "$SCRATCH/run_summary.plain"
run valid_plotdata 0 "$dir" -q --plotdata
cmp -s "$dir/summary.csv" "$SCRATCH/summary.plain" && cmp -s "$dir/run_summary.csv" "$SCRATCH/run_summary.plain" ||
  fail "--plotdata changed the summaries"
for f in events_0.dat events_1.dat events_2.dat drift.dat jump_hist.dat queue_hist.dat messages.dat; do
  [[ -s $dir/plotdata/$f ]] || fail "plotdata/$f missing or empty"
  pass
done
[[ $(grep -vc '^#' "$dir/plotdata/messages.dat") == 9 ]] || fail "messages.dat should list 9 messages"
# Causality (lcstat_causality_test.cc works the figures out): per machine and the all row, then the run.
contains "$dir/summary.csv" "causal_pairs,lamport_pairs,invented_pairs,invented_share,ties,growth_se"
contains "$dir/summary.csv" "0.000000,bounded,25,32,7,0.218750,7"
contains "$dir/summary.csv" "1.200000,0.000000,,94,127,33,0.259843,18"
contains "$dir/run_summary.csv" "pairs,causal_pairs,concurrent_pairs,lamport_pairs,invented_pairs,invented_share,tie_pairs,causality_exact,approximate_events"
contains "$dir/run_summary.csv" ",complete,0,1.200000,0.000000,0,136,94,42,127,33,0.259843,9,1,0"
contains "$SCRATCH/valid.out" "causality: 17 events, 136 pairs: 94 causally ordered, 42 concurrent"
contains "$SCRATCH/valid.out" "invented order 25.984%; 9 ties"
[[ -z $(find "$dir" -name '*.tmp') ]] || fail "temporary files left behind"

# --out DIR and --no-write.
dir=$(copy_valid out_run)
run out 0 "$dir" --out "$SCRATCH/out_files" -q --plotdata
[[ -s $SCRATCH/out_files/summary.csv && -s $SCRATCH/out_files/plotdata/drift.dat ]] || fail "--out: files missing"
[[ ! -e $dir/summary.csv ]] || fail "--out: summary.csv written into the run directory too"
[[ ! -s $SCRATCH/out.out ]] || fail "-q printed a table"
pass
dir=$(copy_valid nowrite)
run nowrite 0 "$dir" --no-write
[[ $(ls "$dir" | wc -l) == 3 ]] || fail "--no-write wrote files: $(ls "$dir")"
pass

# One violation: exit 1, listed with file and line, figures still written.
dir=$(copy_valid clock_rule)
sed -i '12s/INTERNAL,10,/INTERNAL,12,/' "$dir/vm_2_4.log"
run clock_rule 1 "$dir"
contains "$SCRATCH/clock_rule.err" "vm_2_4.log:12: INTERNAL clock 12, expected 9 + 1 = 10"
contains "$SCRATCH/clock_rule.err" "1 violation: 1 clock rule"
contains "$SCRATCH/clock_rule.out" "checks: 1 violation"
violations=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i } NR == 2 { print $col["violations"] }' \
  "$dir/run_summary.csv")
[[ $violations == 1 ]] || fail "run_summary.csv: violations=$violations, expected 1"
pass

# Bad input: exit 2, one line naming file and line, and no output files.
dir=$(copy_valid garbage)
sed -i '5s/,RECV,3,/,RECV,three,/' "$dir/vm_2_4.log"
run garbage 2 "$dir"
one_line "$SCRATCH/garbage.err"
contains "$SCRATCH/garbage.err" "vm_2_4.log:5: bad row: clock 'three' is not a whole number"
[[ ! -e $dir/summary.csv && -z $(find "$dir" -name '*.tmp') ]] || fail "bad input left output files"
pass
dir=$(copy_valid torn)
truncate -s -1 "$dir/vm_0_2.log"
run torn 2 "$dir"
contains "$SCRATCH/torn.err" "vm_0_2.log:7: torn last row"

# A failed machine's torn last row is left out, with a note; run.txt counts its losses per
# channel. The per-receiver count of older runs is bad input.
dir=$(copy_valid torn_failed)
truncate -s -1 "$dir/vm_1_1.log"
printf 'status=failed\nmachines=3\nseed=42\nfailed=1\nfailed_at_1=3\nlost_2_1=1\n' >"$dir/run.txt"
run torn_failed 0 "$dir" --no-write
contains "$SCRATCH/torn_failed.out" "note: $dir/vm_1_1.log:7: torn last line ignored (machine 1 failed)"
contains "$SCRATCH/torn_failed.out" "run.txt: channel 2->1: lost_2_1=1"
contains "$SCRATCH/torn_failed.out" "checks: all rules hold"
printf 'status=failed\nmachines=3\nseed=42\nfailed=1\nfailed_at_1=3\nlost_to_1=1\n' >"$dir/run.txt"
run lost_to 2 "$dir" --no-write
one_line "$SCRATCH/lost_to.err"
contains "$SCRATCH/lost_to.err" "run.txt:6: lost_to_1=1 is the per-receiver loss count of an older logical_clock"

# The exports and the cone from the command line. Several runs go into one ShiViz log, one
# execution each, named after the run (the same run twice gets "(2)"); each run's own files
# are written as usual.
dir=$(copy_valid export_a)
dir_b=$(copy_valid export_b)
run shiviz 0 --shiviz "$SCRATCH/study.shiviz" "$dir" "$dir_b/" "$dir" -q
[[ $(grep -c '^=== ' "$SCRATCH/study.shiviz") == 3 ]] || fail "study.shiviz: expected 3 executions"
contains "$SCRATCH/study.shiviz" "=== $dir ==="
contains "$SCRATCH/study.shiviz" "=== $dir_b ==="
contains "$SCRATCH/study.shiviz" "=== $dir (2) ==="
[[ $(grep -c '^m[0-9]' "$SCRATCH/study.shiviz") == 51 ]] || fail "study.shiviz: expected 3 x 17 events"
[[ -s $dir_b/summary.csv ]] || fail "--shiviz: the run's summary.csv not written"
pass
run trace 0 "$dir" --trace "$SCRATCH/run.json" --no-write -q
head -c 40 "$SCRATCH/run.json" | grep -q '{"displayTimeUnit":"ms","traceEvents":\[' || fail "run.json: not a trace"
contains "$SCRATCH/run.json" '"name":"process_name","args":{"name":"machine 1 (1 ticks/s)"}'
run cone 0 "$dir" --cone 1:2 -q
contains "$dir/plotdata/cone.dat" "# cone counts: events 17 past 6 future 0 smaller 2 equal 2 larger 6 exact 1"
run cone_window 0 "$dir" --cone=auto --window 0:2 -q
contains "$dir/plotdata/cone.dat" "# cone window: 0.000000 2.000000"
run cone_missing 2 "$dir" --cone 1:3 -q
one_line "$SCRATCH/cone_missing.err"
contains "$SCRATCH/cone_missing.err" "vm_1_1.log: --cone 1:3: machine 1 has 2 event(s)"
run two_runs 2 "$dir" "$dir_b"
contains "$SCRATCH/two_runs.err" "several only with --shiviz"
run trace_two 2 --shiviz "$SCRATCH/x.shiviz" --trace "$SCRATCH/x.json" "$dir" "$dir_b"
contains "$SCRATCH/trace_two.err" "--trace takes one RUN_DIR only"
[[ ! -e $SCRATCH/x.shiviz && ! -e $SCRATCH/x.json ]] || fail "bad usage left an export behind"
run window_alone 2 "$dir" --window 1:2
run bad_cone 2 "$dir" --cone 1
run bad_window 2 "$dir" --cone auto --window 3:2
# A bad run among several: exit 2 and no ShiViz log.
mkdir "$SCRATCH/not_a_run"
run shiviz_bad 2 --shiviz "$SCRATCH/bad.shiviz" "$dir" "$SCRATCH/not_a_run"
[[ ! -e $SCRATCH/bad.shiviz && -z $(find "$SCRATCH" -maxdepth 1 -name '*.tmp') ]] || fail "a failed export left files"
pass

# Many violations: the first 20 are listed, then a count. Two machines of internal events,
# machine 0's every clock +2 (a run has two machines at least).
mkdir "$SCRATCH/many"
for m in 0 1; do
  {
    echo "# logical_clock machine=$m rate=100 machines=2 seed=1 speed=1 internal_max=10 duration=1 start=1764118000.000000"
    echo "system_time,model_time,event,clock,queue,peers,msg_clock,queue_wait"
    for k in $(seq 1 100); do
      printf '%d.%06d,%d.%06d,INTERNAL,%d,0,,,\n' $((1764118000 + k / 100)) $((k % 100 * 10000)) $((k / 100)) \
        $((k % 100 * 10000)) $(((2 - m) * k))
    done
  } >"$SCRATCH/many/vm_${m}_100.log"
done
run many 1 "$SCRATCH/many" --no-write
[[ $(grep -c "vm_0_100.log:[0-9]*: INTERNAL clock" "$SCRATCH/many.err") == 20 ]] || fail "expected 20 listed violations"
contains "$SCRATCH/many.err" "... and 80 more"
contains "$SCRATCH/many.err" "100 violations: 100 clock rule"

# Simulated runs of several shapes pass, and every message sent is received or pending.
for shape in "2 30 1 1,5 3 0" "3 60 2 1,3,6 10 exp:2ms" "5 20 3 2,4,6,8,10 5 lognormal:1ms:3ms" "4 40 4 6,6,6,6 4 2s"; do
  read -r n secs seed rates k latency <<<"$shape"
  dir="$SCRATCH/sim_$seed"
  "$LOGICAL_CLOCK" --engine sim -q -o "$dir" -n "$n" -d "$secs" -s "$seed" -r "$rates" --latency "$latency" 6 "$k" >/dev/null
  run "sim_$seed" 0 "$dir" -q
  awk -F, 'NR == 2 { if ($8 != $9 + $10) exit 1 }' "$dir/run_summary.csv" || fail "sim $shape: sent != received + pending"
  pass
done

# Two simulated runs that differ only in their latency: their logs mixed in one directory are
# refused (each run alone is valid, and so, row by row, is the mix).
for lat in 10us 20us; do
  "$LOGICAL_CLOCK" --engine sim -q -o "$SCRATCH/latency_$lat" -n 3 -d 10 -s 7 --latency "$lat" 6 10 >/dev/null
done
dir="$SCRATCH/latency_mixed"
mkdir "$dir"
cp "$SCRATCH"/latency_10us/{run.txt,vm_0_*.log} "$dir/"
cp "$SCRATCH"/latency_20us/vm_[12]_*.log "$dir/"
run latency_mixed 2 "$dir" --no-write -q
one_line "$SCRATCH/latency_mixed.err"
contains "$SCRATCH/latency_mixed.err" "vm_1_2.log:1: latency=20us but $dir/vm_0_6.log has latency=10us: logs of different runs"

# A message sent without delay at the run's last instant is PENDING in its SEND's microsecond,
# with its receiver's clock below the SEND's: it is still the SEND's message. Its vclock is
# checked (one entry broken: exactly that violation), and the trace has it pending, not lost.
dir="$SCRATCH/pending_at_end"
"$LOGICAL_CLOCK" --engine sim -q -o "$dir" -n 3 -r 1,2,4 -d 10 -s 1 --latency 0 --vector 6 4 >/dev/null
line=$(awk -F, 'NR > 2 && $3 == "PENDING" && $8 == "0.000000" && $7 > $4 { print NR; exit }' "$dir/vm_0_1.log")
[[ -n $line ]] || fail "pending_at_end: no PENDING row sent at the last instant"
run pending_at_end 0 "$dir" --no-write -q --trace "$SCRATCH/pending_at_end.json"
grep -q '"name":"LOST from' "$SCRATCH/pending_at_end.json" && fail "pending_at_end: a pending message traced as lost"
grep -q '"ph":"X".*"name":"PENDING from' "$SCRATCH/pending_at_end.json" || fail "pending_at_end: no PENDING slice in the trace"
pass
sed -i "${line}s/;\([0-9]*\)\$/;1\1/" "$dir/vm_0_1.log"
run pending_at_end_vclock 1 "$dir" --no-write -q
contains "$SCRATCH/pending_at_end_vclock.err" "vm_0_1.log:$line: PENDING vclock entry 2"
contains "$SCRATCH/pending_at_end_vclock.err" "1 violation: 1 vector clock"

# --cone auto picks an event the run has: the slowest machine's that did not fail, within the
# part of the run before a stop. Machine 0 (rate 1) killed before its first tick: machine 1's.
dir="$SCRATCH/cone_failed"
"$LOGICAL_CLOCK" --engine sim -q -o "$dir" -n 3 -r 1,4,5 -d 10 -s 3 --kill 0@0.5 6 10 >/dev/null 2>&1 || true
run cone_failed 0 "$dir" -q --cone auto
contains "$dir/plotdata/cone.dat" "# cone event: machine 1, event 10,"
# A run stopped (SIGINT) once the rate-1 machine has ticked once (at 1 model second; its next
# tick is a second later): the cone's event is the one nearest the middle of the run until its
# stop, its first, not the one the middle of 0 to 5 s would ask for. The stop is sent on that
# state, not after a time; should a busy host deliver it later, the event is the one nearest
# the middle of the longer run, which the test then works out from the log.
dir="$SCRATCH/cone_stopped"
"$LOGICAL_CLOCK" -q -o "$dir" -s 4 -d 60 -r 1,5,6 6 10 >/dev/null &
pid=$!
until [[ -f $dir/vm_0_1.log ]] && (($(wc -l <"$dir/vm_0_1.log") >= 3)); do
  kill -0 "$pid" 2>/dev/null || fail "cone_stopped: the run ended before machine 0 ticked"
  sleep 0.02
done
kill -INT "$pid"
wait "$pid" || fail "cone_stopped: the run failed"
grep -q '^status=stopped$' "$dir/run.txt" || fail "cone_stopped: $(cat "$dir/run.txt")"
run cone_stopped 0 "$dir" -q --cone auto
stopped_at=$(sed -n 's/^stopped_at=//p' "$dir/run.txt")
if awk -v t="$stopped_at" 'BEGIN { exit !(t < 2) }'; then
  contains "$dir/plotdata/cone.dat" "# cone event: machine 0, event 1,"
else
  nearest=$(awk -F, -v t="$stopped_at" 'NR > 2 && $2 < t { n++; d = $2 - t / 2; if (d < 0) d = -d
    if (n == 1 || d < best) { best = d; at = n } } END { print at }' "$dir/vm_0_1.log")
  contains "$dir/plotdata/cone.dat" "# cone event: machine 0, event $nearest,"
fi

# A run directory named with quotes, a backslash, a control character, UTF-8 and bytes that are
# not UTF-8: the trace is still strict JSON (UTF-8, the name's stray bytes as U+FFFD).
dir="$SCRATCH/"$'odd "name\' \\ \x01 \xc3\xbc \xff\xc3 end'
"$LOGICAL_CLOCK" --engine sim -q -o "$dir" -n 2 -d 2 -s 5 >/dev/null
run odd_name 0 "$dir" --no-write -q --trace "$SCRATCH/odd_name.json"
python3 -c 'import json, sys; d = json.loads(open(sys.argv[1], "rb").read().decode("utf-8", "strict")); assert "\u00fc \ufffd\ufffd end" in d["otherData"]["run"]' \
  "$SCRATCH/odd_name.json" || fail "odd_name: the trace is not strict UTF-8 JSON"
pass

# ShiViz labels are one line each (control characters and U+2028 written as '?', which ShiViz's
# regular expressions would stop at) and differ as written: runs a?b and a<newline>b get two.
names=("$SCRATCH/a?b" "$SCRATCH/"$'a\nb' "$SCRATCH/"$'ls\xe2\x80\xa8name')
for dir in "${names[@]}"; do "$LOGICAL_CLOCK" --engine sim -q -o "$dir" -n 2 -d 2 -s 5 >/dev/null; done
run odd_labels 0 "${names[@]}" --no-write -q --shiviz "$SCRATCH/odd_labels.shiviz"
[[ $(grep '^=== ' "$SCRATCH/odd_labels.shiviz" | tr '\n' '|') == "=== $SCRATCH/a?b ===|=== $SCRATCH/a?b (2) ===|=== $SCRATCH/ls?name ===|" ]] ||
  fail "odd_labels: $(grep '^=== ' "$SCRATCH/odd_labels.shiviz")"
pass

echo "lcstat_cli_test: all $checks checks passed"
