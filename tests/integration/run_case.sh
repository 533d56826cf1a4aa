#!/usr/bin/env bash
# One end-to-end case: run_case.sh CASE LOGICAL_CLOCK LCSTAT
# Every run's logs are checked by lcstat (format, clock rules, clock condition, exactly-once
# delivery, FIFO per channel, tick counts); the case adds its own assertions.
set -euo pipefail
case_name=$1 bin=$2 lcstat=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL ($case_name): $*" >&2; exit 1; }

# run ARGS...: a run into $work/run that must exit 0.
run() {
  "$bin" -q -o "$work/run" -f "$@" >"$work/out" 2>"$work/err" || fail "exit $? for $*: $(cat "$work/err")"
}

# check DIR: lcstat must find no violation, and the run must replay exactly: every row is
# what the model makes of the logged arrivals.
check() {
  "$lcstat" "$1" --out "$work/stat" >"$work/stat.out" 2>&1 || fail "lcstat on $1: $(head -20 "$work/stat.out")"
  "$bin" --engine sim --replay "$1" -q 2>"$work/replay.err" || fail "replay of $1: $(cat "$work/replay.err")"
}

# ticks FILE: the number of tick rows (INTERNAL, SEND, RECV).
ticks() { awk -F, 'NR > 2 && ($3 == "INTERNAL" || $3 == "SEND" || $3 == "RECV")' "$1" | wc -l; }

# header_value FILE KEY
header_value() { head -1 "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

expect_logs() {
  local n; n=$(ls "$1"/vm_*.log | wc -l)
  [ "$n" = "$2" ] || fail "$n logs in $1, expected $2"
}

case $case_name in
basic)
  run -x 20 -d 6 -s 11
  expect_logs "$work/run" 3
  check "$work/run"
  for f in "$work"/run/vm_*.log; do
    [ "$(header_value "$f" machines)" = 3 ] || fail "machines= in $f"
    [ "$(header_value "$f" seed)" = 11 ] || fail "seed= in $f"
    [ "$(header_value "$f" speed)" = 20 ] || fail "speed= in $f"
    [ "$(header_value "$f" internal_max)" = 10 ] || fail "internal_max= in $f"
    [ "$(header_value "$f" duration)" = 6 ] || fail "duration= in $f"
    [ "$(sed -n 2p "$f")" = "system_time,model_time,event,clock,queue,peers,msg_clock,queue_wait" ] ||
      fail "column header of $f"
    rate=$(header_value "$f" rate)
    [ "$(ticks "$f")" = $((rate * 6)) ] || fail "$f: $(ticks "$f") ticks at rate $rate"
  done
  grep -q '^status=complete$' "$work/run/run.txt" || fail "run.txt: $(cat "$work/run/run.txt")"
  [ "$(grep -cE '^ +[0-9]+ +[0-9]+ ' "$work/out")" = 3 ] || fail "closing table: $(cat "$work/out")"
  grep -q "^logs: $work/run/\$" "$work/out" || fail "no logs path in: $(cat "$work/out")"
  ;;
two_machines)
  run -n 2 -x 40 -d 5 -s 5 6 4
  expect_logs "$work/run" 2
  check "$work/run"
  ;;
many_machines)
  run -n 24 -x 10 -d 2 -s 9
  expect_logs "$work/run" 24
  check "$work/run"
  ;;
no_internal)
  run -x 30 -d 4 -s 3 6 3
  check "$work/run"
  ! grep -q ',INTERNAL,' "$work"/run/vm_*.log || fail "INTERNAL_MAX 3 logged internal events"
  ;;
fixed_rates)
  run -r 1,3,6 -d 2.5 -x 12.5 -s 1
  for spec in 0_1:2 1_3:7 2_6:15; do
    f="$work/run/vm_${spec%%:*}.log"
    [ -f "$f" ] || fail "missing $f"
    [ "$(ticks "$f")" = "${spec##*:}" ] || fail "$f: $(ticks "$f") ticks, expected ${spec##*:}"
    [ "$(header_value "$f" duration)" = 2.5 ] || fail "duration= in $f"
  done
  check "$work/run"
  ;;
sigint|group_ctrl_c)
  # A long run at real speed, interrupted once every machine has ticked.
  setsid "$bin" -q -o "$work/run" -d 60 -s 21 -r 4,5,6 >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 1200); do
    sleep 0.1
    [ "$(cat "$work"/run/vm_*.log 2>/dev/null | grep -c ',[0-9]*,[0-9]*,' || true)" -ge 6 ] && break
  done
  if [ "$case_name" = sigint ]; then kill -INT "$pid"; else kill -INT -- "-$pid"; fi
  for _ in $(seq 1200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid"; fail "still running 120 s after SIGINT"; }
  wait "$pid" || fail "exit $? after SIGINT: $(cat "$work/err")"
  grep -q '^status=stopped$' "$work/run/run.txt" || fail "run.txt: $(cat "$work/run/run.txt")"
  grep -q '^stopped by a signal' "$work/out" || fail "no stop line in: $(cat "$work/out")"
  check "$work/run"
  pgrep -f "$work/run" >/dev/null && fail "a machine process outlived the run"
  ;;
progress_held)
  # On a terminal the progress line goes on while held messages outlast the run's last tick,
  # and counts them: a run whose messages are held 8 s (--latency) ends 8 s after its ticks.
  script -qec "$bin -o $work/run -x 1 -d 1 -s 7 --latency 8s 6 3" "$work/tty" </dev/null >/dev/null ||
    fail "exit $? under script(1): $(tr '\r' '\n' <"$work/tty" | tail -5)"
  tr '\r' '\n' <"$work/tty" | grep -aqE 'model time 1\.0 / 1 s .* messages  [0-9]+ held' ||
    fail "no held messages on the progress line: $(tr '\r' '\n' <"$work/tty" | grep -a 'model time' | tail -3)"
  check "$work/run"
  ;;
skew)
  # --skew 1:2.5: machine 1's wall clock reads 2.5 s ahead. Each machine estimates its clock's
  # offset to the parent's by clock probes; on one host the estimate must recover the skew
  # within its stated uncertainty (and the others' 0 within theirs). lcstat checks system_time
  # - clock_offset against start + model_time; the replay passes.
  run -x 20 -d 4 -s 3 --skew 1:2.5
  check "$work/run"
  for f in "$work"/run/vm_*.log; do
    id=$(header_value "$f" machine) off=$(header_value "$f" clock_offset) unc=$(header_value "$f" clock_uncertainty)
    [ -n "$off" ] && [ -n "$unc" ] || fail "$f: no clock_offset=/clock_uncertainty=: $(head -1 "$f")"
    want=0
    [ "$id" != 1 ] || want=2.5
    [ "$(header_value "$f" skew)" = "$([ "$id" = 1 ] && echo 2.5)" ] || fail "$f: skew=: $(head -1 "$f")"
    awk -v o="$off" -v u="$unc" -v w="$want" 'BEGIN { d = o - w; if (d < 0) d = -d; exit !(d <= u + 1e-9 && u >= 0) }' ||
      fail "machine $id: clock_offset $off is not within clock_uncertainty $unc of the skew $want"
  done
  f1=$(ls "$work"/run/vm_1_*.log)
  start=$(header_value "$f1" start)
  # The rows' system_time is on the skewed clock: 2.5 s past start + model_time / 20.
  awk -F, -v s="$start" 'NR > 2 { d = $1 - s - $2 / 20 - 2.5; if (d > 0.001 || d < -0.001) exit 1 }' "$f1" ||
    fail "machine 1's system_time is not 2.5 s ahead"
  "$lcstat" "$work/run" --no-write | grep -q "clock offsets.*1 +2\.[0-9]* s +-[0-9.]* (--skew 2.5)" ||
    fail "no clock offsets in lcstat's report: $("$lcstat" "$work/run" --no-write | head -5)"
  # A copy whose offset is set 1 s wrong, and one whose rows are 1 s off: system_time no
  # longer agrees with start + model_time within the stated uncertainty.
  broken() {  # broken WHAT AWK_PROGRAM: machine 1's log rewritten by the program
    rm -rf "$work/b" && cp -r "$work/run" "$work/b"
    awk "$2" "$f1" >"$work/b/$(basename "$f1")"
    local status=0
    "$lcstat" "$work/b" --no-write >"$work/b.out" 2>&1 || status=$?
    [ "$status" != 0 ] || fail "lcstat passed a log with $1"
    grep -q "system_time .* - clock_offset .* us off start" "$work/b.out" || fail "lcstat on $1: $(head -3 "$work/b.out")"
  }
  broken "clock_offset 1 s wrong" 'NR == 1 { sub(/clock_offset=[0-9.]*/, "clock_offset=1.5") } 1'
  broken "a system_time 1 s off" 'BEGIN { FS = OFS = "," } NR == 3 { split($1, p, "."); $1 = (p[1] + 1) "." p[2] } 1'
  ;;
vector)
  # --vector: every row carries the machine's vector clock (a PENDING row its message's),
  # messages carry it on the wire; lcstat and the replay pass; N = 3 and 24.
  run -x 20 -d 4 -s 31 --vector 6 10
  check "$work/run"
  for f in "$work"/run/vm_*.log; do
    [ "$(header_value "$f" vector)" = 1 ] || fail "vector= in $f"
    [ "$(sed -n 2p "$f")" = "system_time,model_time,event,clock,queue,peers,msg_clock,queue_wait,vclock" ] ||
      fail "column header of $f"
    awk -F, 'NR > 2 && split($9, v, ";") != 3 { exit 1 }' "$f" || fail "$f: a vclock without 3 entries"
  done
  # Each machine's own entry counts its events: it is the row's index among the tick rows.
  for f in "$work"/run/vm_*.log; do
    id=$(header_value "$f" machine)
    awk -F, -v id="$id" 'NR > 2 && $3 != "PENDING" { split($9, v, ";"); if (v[id + 1] != ++k) exit 1 }' "$f" ||
      fail "$f: the own entry does not count the machine's events"
  done
  run -n 24 -x 10 -d 2 -s 32 --vector
  check "$work/run"
  ;;
same_seed)
  "$bin" -q -o "$work/a" -x 50 -d 1 -n 5 -s 0x2a 9 >/dev/null
  "$bin" -q -o "$work/b" -x 50 -d 1 -n 5 -s 42 9 >/dev/null
  [ "$(cd "$work/a" && ls vm_*.log)" = "$(cd "$work/b" && ls vm_*.log)" ] || fail "same seed, other rates"
  check "$work/a"
  check "$work/b"
  ;;
default_out)
  cd "$work"
  "$bin" -q -x 50 -d 1 >/dev/null
  "$bin" -q -x 50 -d 1 >/dev/null
  [ -L runs/latest ] || fail "runs/latest is not a symlink"
  [ "$(ls -d runs/2* | wc -l)" = 2 ] || fail "expected two run directories: $(ls runs)"
  [ "$(readlink runs/latest)" = "$(ls -d runs/2* | sort | tail -1 | xargs basename)" ] ||
    fail "runs/latest -> $(readlink runs/latest)"
  expect_logs runs/latest 3
  ;;
child_failure)
  # A machine killed mid-run: the parent names it and exits 1; the others end cleanly.
  "$bin" -q -o "$work/run" -d 30 -x 5 -s 4 -r 6,6,6 >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 2400); do
    sleep 0.05
    victim=$(pgrep -P "$pid" | head -1 || true)
    [ -n "$victim" ] && [ "$(ls "$work"/run/vm_*.log 2>/dev/null | wc -l)" = 3 ] && break
  done
  sleep 0.5
  kill -KILL "$victim"
  status=0
  wait "$pid" || status=$?
  [ "$status" = 1 ] || fail "exit $status after a machine was killed"
  grep -q 'machine [0-9] (pid [0-9]*) was killed by signal 9' "$work/err" || fail "stderr: $(cat "$work/err")"
  grep -q '^status=failed$' "$work/run/run.txt" || fail "run.txt: $(cat "$work/run/run.txt")"
  check "$work/run"
  ;;
*)
  fail "unknown case"
  ;;
esac
echo "ok: $case_name"
