#!/usr/bin/env bash
# One case of the simulation engine: sim_case.sh CASE LOGICAL_CLOCK LCSTAT
# Every run's logs are checked by lcstat; the cases add what the simulation promises: the
# same seed and options give the same bytes, every latency form and kills give valid runs,
# and a stop ends a run cleanly.
set -euo pipefail
case_name=$1 bin=$2 lcstat=$3
work=$(mktemp -d)
cleanup() {
  mountpoint -q "$work/full" 2>/dev/null && umount "$work/full"
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL ($case_name): $*" >&2; exit 1; }

# sim DIR ARGS...: a sim run into DIR that must exit 0.
sim() {
  local dir=$1
  shift
  "$bin" --engine sim -q -o "$dir" "$@" >"$dir.out" 2>"$dir.err" || fail "exit $? for $*: $(cat "$dir.err")"
}

check() {
  "$lcstat" "$1" --no-write >"$work/stat.out" 2>&1 || fail "lcstat on $1: $(head -20 "$work/stat.out")"
  "$bin" --engine sim --replay "$1" -q 2>"$work/replay.err" || fail "replay of $1: $(cat "$work/replay.err")"
}

# replay_refuses DIR WHAT PATTERN: the replay names what is not the model's: a rule across the
# logs (it checks the run with lcstat's rules first) or the first row that differs.
replay_refuses() {
  local status=0
  "$bin" --engine sim --replay "$1" -q 2>"$work/replay.err" || status=$?
  [ "$status" = 1 ] || fail "replay of $1 (broken: $2): exit $status, $(cat "$work/replay.err")"
  grep -q "$3" "$work/replay.err" || fail "replay of $1 (broken: $2): $(cat "$work/replay.err")"
}

header_value() { head -1 "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

case $case_name in
deterministic)
  # The same seed and options: the same bytes, logs and run.txt; another seed: other bytes.
  for spec in 0 exp:2ms lognormal:2ms:1ms; do
    sim "$work/a" -n 5 -d 20 -s 99 --latency "$spec" --link 0-1:uniform:1ms:9ms --vector 6 10
    sim "$work/b" -n 5 -d 20 -s 99 --latency "$spec" --link 0-1:uniform:1ms:9ms --vector 6 10
    diff -r "$work/a" "$work/b" >/dev/null || fail "two runs with seed 99 and --latency $spec differ"
    diff <(grep -v '^logs:' "$work/a.out") <(grep -v '^logs:' "$work/b.out") >/dev/null || fail "the closing tables differ"
    sim "$work/c" -n 5 -d 20 -s 100 --latency "$spec" --link 0-1:uniform:1ms:9ms --vector 6 10
    ! diff -r "$work/a" "$work/c" >/dev/null || fail "seeds 99 and 100 gave the same run"
    check "$work/a"
    rm -rf "$work/a" "$work/b" "$work/c"
  done
  # The header says what ran; system_time is the epoch plus model time.
  sim "$work/e" -n 3 -d 5 -s 1 --epoch 1764118000.5 --latency exp:2ms
  f=$(ls "$work"/e/vm_0_*.log)
  [ "$(header_value "$f" engine)" = sim ] || fail "engine= in $f"
  [ "$(header_value "$f" latency)" = exp:2ms ] || fail "latency= in $f"
  [ "$(header_value "$f" start)" = 1764118000.500000 ] || fail "start= in $f"
  awk -F, 'NR > 2 { d = $1 - 1764118000.5 - $2; if (d > 1e-6 || d < -1e-6) exit 1 }' "$f" ||
    fail "system_time is not the epoch plus model_time"
  check "$work/e"
  # The latest epoch taken: system_time still its sum with model time.
  sim "$work/far" -n 2 -d 3 -s 1 --epoch 9000000000
  f=$(ls "$work"/far/vm_0_*.log)
  awk -F, 'NR > 2 { d = $1 - 9000000000 - $2; if (d > 1e-6 || d < -1e-6) exit 1 }' "$f" ||
    fail "system_time is not the epoch plus model_time at --epoch 9000000000"
  check "$work/far"
  ;;
shapes)
  # Many shapes, every latency form: lcstat passes every one.
  n=0
  for machines in 2 3 7 24; do
    for spec in 0 250us uniform:1ms:5ms exp:2ms normal:5ms:1ms lognormal:2ms:1ms; do
      n=$((n + 1))
      sim "$work/r$n" -n "$machines" -d 10 -s "$n" --latency "$spec" 8 $((3 + n % 8))
      check "$work/r$n"
      rm -rf "$work/r$n"
    done
  done
  # A slow network: latency far above the tick period, queues and clocks still consistent.
  sim "$work/slow" -n 4 -d 30 -s 5 --latency normal:2s:500ms --link 3-0:0 6 10
  check "$work/slow"
  # Vector clocks, with kills: the same rows as without them, one more column.
  "$bin" --engine sim -q -o "$work/plain" -n 6 -d 20 -s 6 --latency exp:50ms --kill 2@4 6 10 >/dev/null 2>&1 || true
  status=0
  "$bin" --engine sim -q -o "$work/vec" -n 6 -d 20 -s 6 --latency exp:50ms --kill 2@4 --vector 6 10 >/dev/null 2>&1 || status=$?
  [ "$status" = 1 ] || fail "--vector with a kill: exit $status"
  check "$work/vec"
  for f in "$work"/plain/vm_*.log; do
    diff <(tail -n +3 "$f") <(tail -n +3 "$work/vec/$(basename "$f")" | cut -d, -f1-8) >/dev/null ||
      fail "$(basename "$f"): --vector changed the rows"
  done
  ;;
kills)
  # Machines killed, at once and apart, under random latency: losses counted per channel,
  # accepted exactly by lcstat; the run exits 1 and names each machine.
  for seed in 1 2 3 4 5 6 7 8; do
    status=0
    "$bin" --engine sim -q -o "$work/k$seed" -n 6 -d 10 -s "$seed" --latency exp:30ms \
      --kill 1@2 --kill 4@2 --kill $((seed % 3 + 2))@$((seed % 7 + 1)).5 6 10 >"$work/k.out" 2>"$work/k.err" || status=$?
    [ "$status" = 1 ] || fail "seed $seed: exit $status"
    grep -q '^status=failed$' "$work/k$seed/run.txt" || fail "seed $seed: $(cat "$work/k$seed/run.txt")"
    grep -q 'machine 1 was killed at model time 2 s' "$work/k.err" || fail "seed $seed: $(cat "$work/k.err")"
    check "$work/k$seed"
  done
  # Every sender of a machine dead long before the end: it runs its ticks to the end and empties
  # its queue there (92 PENDING rows at 20 s), not at its last peer's death (5 s).
  status=0
  "$bin" --engine sim -q -o "$work/alone" -n 2 -d 20 -s 3 -r 97,3 --kill 0@5 6 10 >/dev/null 2>&1 || status=$?
  [ "$status" = 1 ] || fail "alone: exit $status"
  [ "$(grep -c '^20.000000,20.000000,PENDING,' "$work/alone/vm_1_3.log")" -gt 0 ] || fail "alone: no PENDING rows at 20 s"
  check "$work/alone"
  ;;
many_losses)
  # A third of 200 machines killed under a slow network: messages lost on thousands of
  # channels, a run.txt far past 64 KiB, read whole by lcstat and the replay.
  kills=()
  for id in $(seq 0 3 199); do kills+=(--kill "$id@1"); done
  status=0
  "$bin" --engine sim -q -o "$work/run" -n 200 -d 2 -s 3 --latency 1000s "${kills[@]}" >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = 1 ] || fail "exit $status"
  [ "$(wc -c <"$work/run/run.txt")" -gt 65536 ] || fail "run.txt is only $(wc -c <"$work/run/run.txt") bytes"
  check "$work/run"
  ;;
many_machines)
  # 1000 machines, the most the engine takes, for 3 model seconds.
  sim "$work/big" -n 1000 -d 3 -s 3
  [ "$(ls "$work"/big/vm_*.log | wc -l)" = 1000 ] || fail "not 1000 logs"
  check "$work/big"
  ;;
long_rows)
  # One thread throughout, so ThreadSanitizer has nothing to check here, and it makes this run
  # about 70 times slower (over 100 s): skipped in that build only.
  if [[ ${LC_SANITIZE:-} == *thread* ]]; then echo "skipped: ThreadSanitizer build"; exit 77; fi
  # With --vector a SEND to all the others is a row of over 4 KiB (799 ids, 800 entries): the
  # engine's own count of a failed machine's losses, lcstat and the replay must read it.
  status=0
  "$bin" --engine sim -q -o "$work/bigv" -n 800 -d 1 -s 3 --vector --kill 5@0.5 >"$work/bigv.out" 2>"$work/bigv.err" ||
    status=$?
  [ "$status" = 1 ] || fail "--vector with a kill: exit $status: $(cat "$work/bigv.err")"
  ! grep -q 'cannot count' "$work/bigv.err" || fail "$(cat "$work/bigv.err")"
  [ "$(awk 'length($0) > 4096' "$work"/bigv/vm_*.log | wc -l)" -gt 0 ] || fail "no row longer than 4096 bytes"
  check "$work/bigv"
  ;;
stop)
  # A stop signal ends a long simulation cleanly: status=stopped, every log whole and valid.
  "$bin" --engine sim -q -o "$work/run" -n 3 -r 100000,100000,100000 -d 3600 -s 4 >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 100); do [ -s "$work/run/vm_0_100000.log" ] && break; sleep 0.05; done
  kill -INT "$pid"
  status=0
  wait "$pid" || status=$?
  [ "$status" = 0 ] || fail "exit $status after SIGINT: $(cat "$work/err")"
  grep -q '^status=stopped$' "$work/run/run.txt" || fail "run.txt: $(cat "$work/run/run.txt")"
  grep -q '^stopped by a signal' "$work/out" || fail "no stop line: $(cat "$work/out")"
  check "$work/run"
  # A kill after the stop, of a machine still waiting for its peers' byes (100 s away on its
  # links): it fails after its ticks ended at the stop, its log whole up to the stop. The stop
  # comes once machine 1 has written 8 MB of rows (over a model second: machine 0 has ticked).
  "$bin" --engine sim -q -o "$work/late" -n 3 -r 1,200000,200000 -d 1000 -s 7 --link 1-0:100s --link 2-0:100s \
    -k 0@60 6 1000 >"$work/out" 2>"$work/err" &
  pid=$!
  written() { (($(stat -c %s "$work/late/vm_1_200000.log" 2>/dev/null || echo 0) > 8000000)); }
  for _ in $(seq 6000); do written && break; sleep 0.05; done
  written || fail "machine 1 wrote no 8 MB in 300 s"
  kill -INT "$pid"
  status=0
  wait "$pid" || status=$?
  [ "$status" = 1 ] || fail "exit $status after SIGINT and a kill: $(cat "$work/err")"
  awk -F= '$1 == "stopped_at" { s = $2 } $1 == "failed_at_0" { f = $2 } END { exit !(s != "" && f != "" && s + 0 < f + 0) }' \
    "$work/late/run.txt" || fail "no kill after the stop: $(cat "$work/late/run.txt")"
  [ "$(wc -l <"$work/late/vm_0_1.log")" -gt 2 ] || fail "machine 0 has no tick row"
  check "$work/late"
  ;;
replay)
  # A replay passes a true run and names the first row of a broken one.
  sim "$work/run" -n 3 -d 30 -s 12 --latency exp:5ms -r 5,2,6 6 10
  check "$work/run"
  broken() {  # broken NAME: a copy of the run to break
    rm -rf "${work:?}/$1"
    cp -r "$work/run" "$work/$1"
  }
  f=vm_0_5.log
  # A SEND row that sends to someone other than the draw says.
  broken peers
  line=$(awk -F, 'NR > 2 && $3 == "SEND" && $6 == "1;2" { print NR; exit }' "$work/peers/$f")
  [ -n "$line" ] || fail "no send to all in $f"
  sed -i "${line}s/,SEND,\([0-9]*\),\([0-9]*\),1;2,/,SEND,\1,\2,1,/" "$work/peers/$f"
  replay_refuses "$work/peers" "a send to all logged as a send to one" \
    "by lcstat's rules ([0-9]* violations: .*1 message never sent, 1 draw): .*vm_0_5.log:$line: SEND to 1, but draw [0-9]* of machine 0 from seed=12 (v = 3 of 1..10) is a SEND to every other machine"
  # The same at the very end: machine 2's last tick (2.5 s) sends to all, and machine 1
  # (rate 3) ticked last at 2.333 s. Logged as a send to machine 0 alone, with machine 1's
  # PENDING row of it gone, the logs agree with each other, but not with the draw (v = 3): and
  # machine 1 was still in the run: nothing says bye before the run's end.
  sim "$work/end" -n 3 -d 2.5 -r 4,3,4 -s 21 6 3
  [ "$(tail -1 "$work/end/vm_2_4.log" | cut -d, -f2,3,6)" = "2.500000,SEND,0;1" ] ||
    fail "machine 2's last row is not a send to all: $(tail -1 "$work/end/vm_2_4.log")"
  sed -i '$ s/,SEND,\([0-9]*\),\([0-9]*\),0;1,/,SEND,\1,\2,0,/' "$work/end/vm_2_4.log"
  [ "$(tail -1 "$work/end/vm_1_3.log" | cut -d, -f3,6,7)" = "PENDING,2,10" ] ||
    fail "machine 1's last row is not machine 2's last message: $(tail -1 "$work/end/vm_1_3.log")"
  head -n -1 "$work/end/vm_1_3.log" |
    awk -F, -v OFS=, 'NR <= 2 || $3 != "PENDING" { print; next } { p[++n] = $0 }
      END { for (i = 1; i <= n; i++) { $0 = p[i]; $5 = n - i; print } }' >"$work/x" && mv "$work/x" "$work/end/vm_1_3.log"
  status=0
  "$lcstat" "$work/end" --no-write -q >"$work/stat.out" 2>&1 || status=$?
  [ "$status" = 1 ] && grep -q "^lcstat: $work/end: 1 violation: 1 draw" "$work/stat.out" ||
    fail "lcstat on the forged end: exit $status, $(cat "$work/stat.out")"
  replay_refuses "$work/end" "a live machine left out of the last send" \
    "vm_2_4.log:[0-9]*: SEND to 0, but draw [0-9]* of machine 2 from seed=21 (v = 3 of 1..3) is a SEND to every other machine"
  # An INTERNAL row where the draw sends.
  broken internal
  line=$(awk -F, 'NR > 2 && $3 == "SEND" && $6 == "2" { print NR; exit }' "$work/internal/$f")
  sed -i "${line}s/,SEND,\([0-9]*\),\([0-9]*\),2,[0-9]*,/,INTERNAL,\1,\2,,,/" "$work/internal/$f"
  replay_refuses "$work/internal" "a send logged as internal" "by lcstat's rules ([0-9]* violations: .*1 message never sent, 1 draw)"
  # Another seed in every header: the network's delays, drawn again from it, differ at once.
  broken seed
  sed -i '1s/ seed=12 / seed=13 /' "$work"/seed/vm_*.log
  sed -i 's/^seed=12$/seed=13/' "$work/seed/run.txt"
  replay_refuses "$work/seed" "another seed" "by lcstat's rules ([0-9]* violations: .*[0-9]* arrival before delay"
  # With constant delays the seed draws no delay: the machines' draws tell (lcstat's draw rule).
  sim "$work/const" -n 3 -d 30 -s 12 --latency 5ms -r 5,2,6 6 10
  sed -i '1s/ seed=12 / seed=13 /' "$work"/const/vm_*.log
  sed -i 's/^seed=12$/seed=13/' "$work/const/run.txt"
  replay_refuses "$work/const" "another seed, constant delays" "by lcstat's rules ([0-9]* violations: [0-9]* draw)"
  # Logs of two runs of one seed, mixed: each replays alone, but they are not one run.
  broken mixed
  sim "$work/other" -n 3 -d 30 -s 12 --latency exp:5ms -r 5,2,6 --epoch 1000 6 10
  cp "$work/other/vm_1_2.log" "$work/mixed/vm_1_2.log"
  status=0
  "$bin" --engine sim --replay "$work/mixed" -q 2>"$work/replay.err" || status=$?
  [ "$status" = 2 ] && grep -q 'vm_1_2.log:1: start=1000 but .* has start=0: logs of different runs' "$work/replay.err" ||
    fail "replay of logs of two runs: exit $status, $(cat "$work/replay.err")"
  # Another run's run.txt (which says who failed and stopped) is refused as lcstat refuses it.
  broken foreign
  printf '# logical_clock run\nstatus=failed\nmachines=3\nseed=13\nfailed=1\nfailed_at_1=1\n' >"$work/foreign/run.txt"
  status=0
  "$bin" --engine sim --replay "$work/foreign" -q 2>"$work/replay.err" || status=$?
  [ "$status" = 2 ] && grep -q 'run.txt:4: seed=13 but the logs have seed=12' "$work/replay.err" ||
    fail "replay with another run's run.txt: exit $status, $(cat "$work/replay.err")"
  # A message whose arrival stamp is moved to the start: the ticks before its receive found
  # an empty queue, which by that stamp held it.
  broken arrival
  f=vm_1_2.log
  line=$(awk -F, 'NR > 3 && $3 == "RECV" { print NR; exit }' "$work/arrival/$f")
  [ -n "$line" ] && [ "$(sed -n 3p "$work/arrival/$f" | cut -d, -f3)" != RECV ] || fail "no RECV after a first tick that is not one in $f"
  awk -F, -v OFS=, -v l="$line" 'NR == l { $8 = $2 } { print }' "$work/arrival/$f" >"$work/x" && mv "$work/x" "$work/arrival/$f"
  replay_refuses "$work/arrival" "an earlier arrival" "by lcstat's rules (.*queue vs arrivals.*): .*$f:[0-9]*: RECV with arrival 0 "
  ;;
forged_losses)
  # run.txt's losses must be ones the model can produce; lcstat and the replay refuse forgeries.
  refuses_forgery() {  # refuses_forgery DIR WHAT PATTERN: both exit 1, lcstat naming PATTERN (the replay names the first)
    local status=0
    "$lcstat" "$1" --no-write -q >"$work/stat.out" 2>&1 || status=$?
    [ "$status" = 1 ] && grep -q "$3" "$work/stat.out" || fail "lcstat on $2: exit $status, $(cat "$work/stat.out")"
    status=0
    "$bin" --engine sim --replay "$1" -q 2>"$work/replay.err" || status=$?
    [ "$status" = 1 ] && grep -q "not a run of the model, by lcstat's rules" "$work/replay.err" ||
      fail "replay of $2: exit $status, $(cat "$work/replay.err")"
  }
  sim "$work/g12" -s 12 -d 20 6 10
  check "$work/g12"
  # Machine 0's log holds all its 100 ticks (5/s x 20 s), its last a SEND still PENDING at
  # machine 1. Raising that row's msg_clock to 1100 and calling machine 0 failed, its send
  # lost: machine 0 had no tick left, and no clock of it ever reached 1100.
  [ "$(grep -c ',SEND,\|,RECV,\|,INTERNAL,' "$work/g12/vm_0_5.log")" = 100 ] || fail "machine 0 does not have 100 ticks"
  [ "$(tail -1 "$work/g12/vm_1_1.log" | cut -d, -f3,6,7)" = "PENDING,0,100" ] || fail "not the case: $(tail -1 "$work/g12/vm_1_1.log")"
  cp -r "$work/g12" "$work/credited"
  sed -i '$ s/,PENDING,\([0-9]*\),0,0,100,/,PENDING,\1,0,0,1100,/' "$work/credited/vm_1_1.log"
  sed -i 's/^status=complete$/status=failed/' "$work/credited/run.txt"
  printf 'failed=0\nfailed_at_0=21\nlost_0_1=1\n' >>"$work/credited/run.txt"
  refuses_forgery "$work/credited" "a failed machine credited with a send it never made" \
    "vm_1_1.log:[0-9]*: message from machine 0 with msg_clock 1100, not in its log: no tick was left to send it"
  # The simulation never drops: the last PENDING row of a channel deleted, the countdown
  # renumbered, dropped_0_1=1 (at the end: dropped_at_0_1=20).
  cp -r "$work/g12" "$work/dropped"
  head -n -1 "$work/g12/vm_1_1.log" | awk -F, -v OFS=, 'NR <= 2 || $3 != "PENDING" { print; next } { p[++n] = $0 }
    END { for (i = 1; i <= n; i++) { $0 = p[i]; $5 = n - i; print } }' >"$work/dropped/vm_1_1.log"
  printf 'dropped_0_1=1\ndropped_at_0_1=20\n' >>"$work/dropped/run.txt"
  refuses_forgery "$work/dropped" "dropped_ in a simulated run" "dropped_0_1=1: the simulation never gives up a backlog"
  # A real kill's losses pass (the receiver died): --kill 1 with its queue lost.
  "$bin" --engine sim -q -o "$work/killed" -s 12 -d 20 --kill 1@10 6 10 >/dev/null 2>&1 || true
  grep -q '^failed_at_1=10.000000$' "$work/killed/run.txt" || fail "no failed_at_1=10: $(cat "$work/killed/run.txt")"
  check "$work/killed"
  ;;
forged_own_stop)
  # The simulation has no signal for one machine: it never writes stopped_<id> (a machine that
  # left on a SIGTERM of its own, which only the real engine has). A simulated run whose machine
  # 0 is made to stop early (its last tick, a RECV, turned into a PENDING row, and
  # stopped_0=9.6 added) is one the simulation cannot produce; lcstat and the replay must refuse
  # it, as they refuse forced=1 and dropped_ in a simulated run.
  sim "$work/s5" -n 3 -d 10 -s 5 -r 2,3,4
  check "$work/s5"
  last=$(tail -1 "$work/s5/vm_0_2.log")
  [ "$(echo "$last" | cut -d, -f2-4,6-8)" = "10.000000,RECV,40,2,39,0.249892" ] || fail "not the case: $last"
  cp -r "$work/s5" "$work/stopped"
  sed -i '$d' "$work/stopped/vm_0_2.log"
  echo "10.000218,10.000218,PENDING,29,0,2,39,0.250110" >>"$work/stopped/vm_0_2.log"
  echo "stopped_0=9.6" >>"$work/stopped/run.txt"
  status=0
  "$lcstat" "$work/stopped" --no-write -q >"$work/stat.out" 2>&1 || status=$?
  [ "$status" != 0 ] && grep -q 'stopped_0' "$work/stat.out" ||
    fail "lcstat passes a simulated run with stopped_0 (exit $status): $(tail -3 "$work/stat.out")"
  status=0
  "$bin" --engine sim --replay "$work/stopped" -q 2>"$work/replay.err" || status=$?
  [ "$status" != 0 ] || fail "the replay passes a simulated run with stopped_0"
  ;;
forged_stop)
  # A stop ends every simulated machine's ticks at one instant (stopped_at): no tick of a
  # simulated run comes after it, and every tick due before it ran. The complete run of
  # forged_own_stop made a stopped one (status=stopped, stopped_at=9.6, machine 0's last tick,
  # a RECV at 10, turned into a PENDING row) has machines 1 and 2 ticking until 10 after the
  # stop: a run the simulation cannot produce, which lcstat and the replay must refuse.
  sim "$work/s5" -n 3 -d 10 -s 5 -r 2,3,4
  last=$(tail -1 "$work/s5/vm_0_2.log")
  [ "$(echo "$last" | cut -d, -f2-4,6-8)" = "10.000000,RECV,40,2,39,0.249892" ] || fail "not the case: $last"
  cp -r "$work/s5" "$work/stopped"
  sed -i '$d' "$work/stopped/vm_0_2.log"
  echo "10.000218,10.000218,PENDING,29,0,2,39,0.250110" >>"$work/stopped/vm_0_2.log"
  sed -i 's/^status=complete$/status=stopped\nstopped_at=9.6/' "$work/stopped/run.txt"
  grep -q '^stopped_at=9.6$' "$work/stopped/run.txt" || fail "run.txt: $(cat "$work/stopped/run.txt")"
  status=0
  "$lcstat" "$work/stopped" --no-write -q >"$work/stat.out" 2>&1 || status=$?
  [ "$status" != 0 ] || fail "lcstat passes a simulated run with ticks after its stop"
  status=0
  "$bin" --engine sim --replay "$work/stopped" -q 2>"$work/replay.err" || status=$?
  [ "$status" != 0 ] || fail "the replay passes a simulated run with ticks after its stop"
  ;;
mixed_runs)
  # Logs of runs that share every option the headers show (one differs in a machine's rate,
  # one in its latency, one in a --kill) are not one run: lcstat and the replay, which share
  # one definition of a run's logs, refuse a directory mixing them, and run.txt of another.
  refuses_mix() {  # refuses_mix DIR WHAT: both refuse (exit 2), naming the run's identity
    local status=0
    "$lcstat" "$1" --no-write -q >"$work/stat.out" 2>&1 || status=$?
    [ "$status" = 2 ] && grep -q "$3" "$work/stat.out" || fail "lcstat on $2: exit $status, $(cat "$work/stat.out")"
    status=0
    "$bin" --engine sim --replay "$1" -q 2>"$work/replay.err" || status=$?
    [ "$status" = 2 ] && grep -q "$3" "$work/replay.err" || fail "replay of $2: exit $status, $(cat "$work/replay.err")"
  }
  sim "$work/a" -s 42 6 10
  sim "$work/b" -s 42 -r 4,5,3 6 10
  [ "$(cd "$work/a" && ls vm_*)" = "$(printf 'vm_0_4.log\nvm_1_6.log\nvm_2_3.log')" ] || fail "seed 42 no longer draws 4,6,3"
  mkdir "$work/ab"
  cp "$work"/a/vm_0_4.log "$work"/a/vm_2_3.log "$work"/a/run.txt "$work"/b/vm_1_5.log "$work/ab/"
  refuses_mix "$work/ab" "A's vm_0, vm_2 and run.txt with B's vm_1" 'vm_1_5.log:1: run=[0-9a-f]* but .*vm_0_4.log has run=[0-9a-f]*: logs of different runs'
  for other in "--latency 0" "--kill 1@30"; do
    rm -rf "${work:?}/c" "$work/ac"
    # shellcheck disable=SC2086
    "$bin" --engine sim -q -o "$work/c" -s 42 $other 6 10 >/dev/null 2>&1 || true
    mkdir "$work/ac"
    cp "$work"/a/vm_0_4.log "$work"/a/vm_2_3.log "$work"/a/run.txt "$work"/c/vm_1_6.log "$work/ac/"
    case $other in
      --latency*) refuses_mix "$work/ac" "logs of runs differing in $other" 'vm_1_6.log:1: latency=0 but .* has latency=lognormal:100us:50us' ;;
      *) refuses_mix "$work/ac" "logs of runs differing in $other" 'vm_1_6.log:1: run=[0-9a-f]* but .* has run=[0-9a-f]*: logs of different runs' ;;
    esac
  done
  # All logs of A with B's run.txt, and with a run.txt whose run= line is gone.
  mkdir "$work/foreign"
  cp "$work"/a/vm_* "$work/foreign/"
  cp "$work/b/run.txt" "$work/foreign/"
  refuses_mix "$work/foreign" "another run's run.txt" 'run.txt:5: run=[0-9a-f]* but the logs have run=[0-9a-f]*'
  grep -v '^run=' "$work/a/run.txt" >"$work/foreign/run.txt"
  refuses_mix "$work/foreign" "a run.txt without run=" 'run.txt: no run= line, but the logs name their run'
  # The identity stripped from every log and run.txt: every log of this version names its run.
  sed -i '1s/ run=[0-9a-f]*//' "$work"/ab/vm_*.log
  sed -i '/^run=/d' "$work/ab/run.txt"
  refuses_mix "$work/ab" "logs stripped of run=" 'vm_0_4.log:1: no run= (the run.s identity), which every log of version [0-9.]* has'
  # The same options twice give the same identity (and bytes), so the mix is one run.
  sim "$work/a2" -s 42 6 10
  [ "$(header_value "$work/a/vm_0_4.log" run)" = "$(header_value "$work/a2/vm_0_4.log" run)" ] || fail "one run, two identities"
  check "$work/a2"
  ;;
disk_full)
  # Logs on a small tmpfs: each machine fails when its write does, its log cut back to its
  # last whole row, receives among the rows it loses; the run counts what is missing per
  # channel from the logs, as lcstat does. Then a disk too full for even the headers: every
  # machine fails at the start, its log holds the header alone or nothing.
  ((EUID == 0)) || { echo "skipped: a full disk needs a small tmpfs, which only root can mount"; exit 77; }
  mkdir "$work/full"
  mount -t tmpfs -o size=256k tmpfs "$work/full" || fail "cannot mount a small tmpfs (root needed)"
  status=0
  "$bin" --engine sim -q -o "$work/full/run" -n 4 -d 2000 -s 5 >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = 1 ] || fail "exit $status on a full disk"
  grep -q "machine [0-9] failed: write $work/full/run/vm_[0-9]_[0-9]*.log: No space left on device" "$work/err" ||
    fail "no error naming the file: $(cat "$work/err")"
  grep -q '^lost_' "$work/full/run/run.txt" || fail "nothing lost? run.txt: $(cat "$work/full/run/run.txt")"
  check "$work/full/run"
  umount "$work/full"
  mount -t tmpfs -o size=64k tmpfs "$work/full"
  status=0
  "$bin" --engine sim -q -o "$work/full/run" -n 4 -d 2000 -s 5 >"$work/out" 2>"$work/err" || status=$?
  [ "$status" = 1 ] || fail "exit $status on a disk full from the start"
  check "$work/full/run"
  # Behind a partition open at the end, with logs cut back: the messages it held are the
  # channel's last, which a sender's cut log lacks, so run.txt counts as undelivered only
  # those in the log, the rest of what the receiver's log lacks as lost (seed 120); and when
  # the sender's log lacks ticks, the channel's end may be any of the draws after the messages
  # beyond its log that the partition held (seed 11; seed 656045, where those come behind
  # messages of its log also held; seed 941255, where machine 0's log is its header alone and
  # its end, released at the heal, comes first).
  for disk in "99k run.txt ^undelivered_0_1= -n 4 -d 17 -s 120 -r 139,82,13,8 --partition 0|1@3-24" \
    "99k run.txt ^lost_0_1= -n 4 -d 17 -s 120 -r 139,82,13,8 --partition 0|1@3-24" \
    "143k vm_2_2.log ,PENDING, -n 5 -d 53 -s 11 -r 21,58,2,150,55 --partition 0|1@39-65" \
    "150k vm_1_3.log ,PENDING, -n 3 -d 5.299729 -s 656045 -r 1000,3,3 --latency exp:1s --partition 0|1,2@4.757221-5.299730" \
    "24k vm_1_2.log ,PENDING, -n 4 -d 2 -s 941255 -r 97,2,3,3 --latency lognormal:500ms:400ms --link 0-2:exp:1ms --kill 0@1.817674 --partition 0|2,3,1@1.557789-2.053335"; do
    read -r size file shows args <<<"$disk"
    umount "$work/full"
    mount -t tmpfs -o size="$size" tmpfs "$work/full"
    status=0
    # shellcheck disable=SC2086 # the words of one case
    "$bin" --engine sim -q -o "$work/full/run" $args >"$work/out" 2>"$work/err" || status=$?
    [ "$status" = 1 ] || fail "exit $status on a full disk ($args)"
    grep -q "$shows" "$work/full/run/$file" || fail "no $shows in $file ($args)"
    check "$work/full/run"
  done
  ;;
partition)
  # A partition healed within the run: no message across the cut arrives strictly inside it,
  # those it held arrive at its heal, and lcstat and the replay pass the run. With --vector the
  # same rows, one column more.
  sim "$work/p" -s 42 -d 120 --partition '0|1,2@30-60'
  [ "$(header_value "$work/p/vm_0_4.log" partitions)" = '0|1,2@30-60' ] || fail "partitions= in the header"
  ! grep -q '^undelivered' "$work/p/run.txt" || fail "undelivered messages of a healed partition: $(cat "$work/p/run.txt")"
  grep -q '^status=complete$' "$work/p/run.txt" || fail "run.txt: $(cat "$work/p/run.txt")"
  check "$work/p"
  sim "$work/pv" -s 42 -d 120 --partition '0|1,2@30-60' --vector
  check "$work/pv"
  for f in "$work"/p/vm_*.log; do
    diff <(tail -n +3 "$f") <(tail -n +3 "$work/pv/$(basename "$f")" | cut -d, -f1-8) >/dev/null ||
      fail "$(basename "$f"): --vector changed the rows of the partitioned run"
  done
  for run in p pv; do
    held=0
    for f in "$work/$run"/vm_*.log; do
      me=$(basename "$f" | cut -d_ -f2)
      # Microseconds exactly, from the 6-decimal text: arrival = model_time - queue_wait.
      n=$(awk -F, -v me="$me" 'function us(x, p) { split(x, p, "."); return p[1] * 1000000 + p[2] }
        NR > 2 && ($3 == "RECV" || $3 == "PENDING") && ((me == 0) != ($6 == 0)) {
          a = us($2) - us($8)
          if (a > 30000000 && a < 60000000) { print "inside " FILENAME ":" NR; exit 1 }
          if (a == 60000000) held++
        }
        END { print held + 0 }' "$f") || fail "a message across the cut arrived inside it: $n"
      held=$((held + n))
    done
    [ "$held" -gt 0 ] || fail "$run: no arrival at the heal, 60.000000"
  done
  # The same seed without the partition: the same rows until it first holds a message, and the
  # same delay for the k-th message of every channel. Whole-microsecond ticks (rates 4, 5, 8)
  # make arrival - send of a message neither held nor queued behind another on its channel
  # exactly its delay, rounded to the microsecond; it must be the same in both runs.
  sim "$work/free" -s 7 -d 120 -r 4,5,8 --latency exp:2ms
  sim "$work/cut" -s 7 -d 120 -r 4,5,8 --latency exp:2ms --partition '0|1,2@30-60'
  check "$work/cut"
  for f in vm_0_4.log vm_1_5.log vm_2_8.log; do
    diff <(awk -F, 'NR > 2 && $2 < 30' "$work/free/$f") <(awk -F, 'NR > 2 && $2 < 30' "$work/cut/$f") >/dev/null ||
      fail "$f: the rows before the partition differ"
    ! diff <(tail -n +3 "$work/free/$f") <(tail -n +3 "$work/cut/$f") >/dev/null || fail "$f: the partition changed nothing"
  done
  # delays RUN FROM TO: "k send_us delay_us free" for the k-th message of channel FROM -> TO.
  delays() {
    awk -F, -v from="$2" -v to="$3" 'function us(x, p) { split(x, p, "."); return p[1] * 1000000 + p[2] }
      FNR == 1 { file++ }
      file == 1 && $3 == "SEND" { n = split($6, r, ";"); for (i = 1; i <= n; i++) if (r[i] == to) send[++k] = us($2) }
      file == 2 && FNR > 2 && ($3 == "RECV" || $3 == "PENDING") && $6 == from { arr[++j] = us($2) - us($8) }
      END { for (i = 1; i <= j; i++) print i, send[i], arr[i] - send[i], (i == 1 || arr[i] != arr[i - 1]) && arr[i] != 60000000 }' \
      "$(ls "$1"/vm_"$2"_*.log)" "$(ls "$1"/vm_"$3"_*.log)"
  }
  compared=0
  for channel in "0 1" "0 2" "1 0" "1 2" "2 0" "2 1"; do
    # shellcheck disable=SC2086
    n=$(awk 'NR == FNR { free[$1] = $4; delay[$1] = $3; next }
        $4 && free[$1] { if (delay[$1] != $3) { print "message " $1 ": delay " delay[$1] " us, " $3 " us with the partition"; exit 1 }
                         if ($2 > 60000000) late++ }
        END { print late + 0 }' <(delays "$work/free" $channel) <(delays "$work/cut" $channel)) ||
      fail "channel $channel drew another delay: $n"
    compared=$((compared + n))
  done
  [ "$compared" -gt 100 ] || fail "only $compared delays compared after the heal"
  ;;
partition_open)
  # A partition still open at the run's end: what it holds is undelivered, counted per channel
  # with its cause, the run complete; the receiver's log lacks exactly the channel's last
  # messages; lcstat and the replay accept it.
  sim "$work/open" -s 42 -d 120 --partition '0|1,2@100-200'
  grep -q '^status=complete$' "$work/open/run.txt" || fail "run.txt: $(cat "$work/open/run.txt")"
  ! grep -q '^lost_' "$work/open/run.txt" || fail "undelivered counted as lost: $(cat "$work/open/run.txt")"
  grep -q 'never delivered (partition 0|1,2@100-200 still held them at the end)' "$work/open.err" ||
    fail "stderr: $(cat "$work/open.err")"
  check "$work/open"
  # sent_to RUN FROM TO, arrived RUN FROM TO: the msg_clocks of channel FROM -> TO, in order.
  sent_to() { awk -F, -v to="$3" 'NR > 2 && $3 == "SEND" { n = split($6, r, ";"); for (i = 1; i <= n; i++) if (r[i] == to) print $7 }' "$(ls "$1"/vm_"$2"_*.log)"; }
  arrived() { awk -F, -v from="$2" 'NR > 2 && ($3 == "RECV" || $3 == "PENDING") && $6 == from { print $7 }' "$(ls "$1"/vm_"$3"_*.log)"; }
  channels=0
  for channel in "0 1" "0 2" "1 0" "1 2" "2 0" "2 1"; do
    read -r from to <<<"$channel"
    count=$(sed -n "s/^undelivered_${from}_${to}=//p" "$work/open/run.txt")
    cause=$(sed -n "s/^undelivered_cause_${from}_${to}=//p" "$work/open/run.txt")
    sent=$(sent_to "$work/open" "$from" "$to" | wc -l)
    if [ "$from" = 0 ] || [ "$to" = 0 ]; then
      [ -n "$count" ] && [ "$count" -gt 0 ] || fail "no undelivered_${from}_${to}: $(cat "$work/open/run.txt")"
      [ "$cause" = 'partition 0|1,2@100-200' ] || fail "undelivered_cause_${from}_${to}=$cause"
      channels=$((channels + 1))
    else
      [ -z "$count$cause" ] || fail "undelivered on channel $channel, which the partition does not cut"
      count=0
    fi
    diff <(sent_to "$work/open" "$from" "$to" | head -n $((sent - count))) <(arrived "$work/open" "$from" "$to") >/dev/null ||
      fail "channel $channel: the receiver's log is not the channel without its last $count message(s)"
  done
  [ "$channels" = 4 ] || fail "$channels channels with undelivered messages"
  # lcstat's run_summary.csv: the undelivered count is all of `lost` here; with a kill beside
  # it (below), only its part.
  summary_field() { awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } NR == 2 { print $c }' "$1/run_summary.csv"; }
  "$lcstat" "$work/open" -q >/dev/null 2>&1 || fail "lcstat on $work/open"
  total=$(awk -F= '/^undelivered_[0-9]+_[0-9]+=/ { n += $2 } END { print n + 0 }' "$work/open/run.txt")
  [ "$(summary_field "$work/open" undelivered)" = "$total" ] && [ "$(summary_field "$work/open" lost)" = "$total" ] ||
    fail "run_summary.csv: undelivered $(summary_field "$work/open" undelivered), lost $(summary_field "$work/open" lost), run.txt $total"
  # Overlapping partitions, a kill of a machine cut off (what it sent is still held at the end)
  # and of one whose messages a partition holds (lost with it).
  status=0
  "$bin" --engine sim -q -o "$work/kill" -n 5 -s 9 -d 60 --latency exp:20ms --partition '0,1|2,3@20-45' \
    --partition '4@40-90' --kill 4@50 --kill 2@44 >"$work/kill.out" 2>"$work/kill.err" || status=$?
  [ "$status" = 1 ] || fail "exit $status: $(cat "$work/kill.err")"
  grep -q '^undelivered_4_0=' "$work/kill/run.txt" || fail "machine 4's messages not undelivered: $(cat "$work/kill/run.txt")"
  grep -q '^undelivered_cause_4_0=partition 4@40-90$' "$work/kill/run.txt" || fail "run.txt: $(cat "$work/kill/run.txt")"
  grep -q '^lost_0_2=' "$work/kill/run.txt" || fail "nothing lost to machine 2: $(cat "$work/kill/run.txt")"
  check "$work/kill"
  "$lcstat" "$work/kill" -q >/dev/null 2>&1 || fail "lcstat on $work/kill"
  total=$(awk -F= '/^undelivered_[0-9]+_[0-9]+=/ { n += $2 } END { print n + 0 }' "$work/kill/run.txt")
  [ "$(summary_field "$work/kill" undelivered)" = "$total" ] && [ "$(summary_field "$work/kill" lost)" -gt "$total" ] ||
    fail "run_summary.csv: undelivered $(summary_field "$work/kill" undelivered), lost $(summary_field "$work/kill" lost), run.txt $total"
  ;;
skew)
  # --skew: the skewed machines' system_time reads that much off, their header says so
  # (clock_offset= the skew exactly, clock_uncertainty=0), and lcstat and the replay pass the
  # run; the same options give the same bytes, and the skew is part of the run's identity.
  sim "$work/s" -s 7 -d 10 --epoch 100 --skew 1:2.5 --skew 2:-100
  sim "$work/s2" -s 7 -d 10 --epoch 100 --skew 1:2.5 --skew 2:-100
  diff -r "$work/s" "$work/s2" >/dev/null || fail "two runs with the same --skew differ"
  sim "$work/n" -s 7 -d 10 --epoch 100
  [ "$(header_value "$work/s/vm_0_"*.log run)" != "$(header_value "$work/n/vm_0_"*.log run)" ] ||
    fail "--skew left the run's identity as it was"
  check "$work/s"
  f1=$(ls "$work"/s/vm_1_*.log) f2=$(ls "$work"/s/vm_2_*.log) f0=$(ls "$work"/s/vm_0_*.log)
  [ "$(header_value "$f1" skew)/$(header_value "$f1" clock_offset)/$(header_value "$f1" clock_uncertainty)" = 2.5/2.5/0 ] ||
    fail "machine 1's header: $(head -1 "$f1")"
  [ "$(header_value "$f2" clock_offset)/$(header_value "$f2" start)" = -100/100.000000 ] || fail "machine 2's header: $(head -1 "$f2")"
  [ -z "$(header_value "$f0" clock_offset)$(header_value "$f0" skew)" ] || fail "machine 0 has no skew: $(head -1 "$f0")"
  awk -F, 'NR > 2 { d = $1 - 102.5 - $2; if (d > 1e-6 || d < -1e-6) exit 1 }' "$f1" ||
    fail "machine 1's system_time is not the epoch plus 2.5 s plus model_time"
  # Apart from system_time the rows are the unskewed run's.
  for f in "$work"/s/vm_*.log; do
    diff <(tail -n +3 "$f" | cut -d, -f2-) <(tail -n +3 "$work/n/$(basename "$f")" | cut -d, -f2-) >/dev/null ||
      fail "$(basename "$f"): --skew changed more than system_time"
  done
  # lcstat's report states each offset and its uncertainty.
  "$lcstat" "$work/s" --no-write | grep -q 'clock offsets.*machine 1 +2.5 s +-0 (--skew 2.5), 2 -100 s +-0' ||
    fail "no clock offsets in lcstat's report: $("$lcstat" "$work/s" --no-write | head -5)"
  # Hand-broken copies: an offset that does not explain system_time, one that is not the
  # skew, malformed values, one key without the other. Each refused with its reason.
  broken() {  # broken NAME OLD/NEW PATTERN: machine 1's line 1 edited
    rm -rf "$work/b" && cp -r "$work/s" "$work/b"
    sed -i "1s/$2/" "$work/b/$(basename "$f1")"
    local status=0
    "$lcstat" "$work/b" --no-write >"$work/b.out" 2>&1 || status=$?
    [ "$status" != 0 ] || fail "lcstat passed $1"
    grep -q -- "$3" "$work/b.out" || fail "lcstat on $1: $(head -5 "$work/b.out")"
  }
  broken "offset and skew 0" 'skew=2.5 clock_offset=2.5/skew=0 clock_offset=0' 'system_time 10[0-9.]* - clock_offset 0 is 2500000.0 us off'
  broken "keys left out" ' skew=2.5 clock_offset=2.5 clock_uncertainty=0/' 'system_time 10[0-9.]* is 2500000.0 us off'
  broken "offset not the skew" 'clock_offset=2.5/clock_offset=2.4' "a simulated machine's clock_offset= is its skew= (2.5)"
  broken "uncertainty not 0" 'clock_uncertainty=0/clock_uncertainty=1' "clock_uncertainty= 0, not 2.5 and 1"
  broken "malformed offset" 'clock_offset=2.5/clock_offset=2.5s' "bad value 'clock_offset=2.5s'"
  broken "offset of 7 decimals" 'clock_offset=2.5/clock_offset=2.5000000' "bad value 'clock_offset=2.5000000'"
  broken "negative uncertainty" 'clock_uncertainty=0/clock_uncertainty=-0' "bad value 'clock_uncertainty=-0'"
  broken "offset alone" ' clock_uncertainty=0/' 'clock_offset= without clock_uncertainty='
  broken "uncertainty alone" ' clock_offset=2.5/' 'clock_uncertainty= without clock_offset='
  broken "skew without offset" ' clock_offset=2.5 clock_uncertainty=0/' 'skew= without clock_offset='
  broken "offset twice" 'clock_offset=2.5/clock_offset=2.5 clock_offset=2.5' "names 'clock_offset' twice"
  ;;
refusals)
  # What the simulation cannot mean is refused before anything is created.
  for args in "--speed 2" "-n 1001" "--latency 5" "--latency exp:1ms:2ms" "--link 0-0:1ms" "--link 0-5:1ms" \
              "--replay $work/none -n 3" "--partition 0|1" "--partition 0|5@1-2" "--partition 0|1@60-70" \
              "--partition 0,1,2@1-2" "--partition 0,0|1@1-2" "--partition 0||1@1-2" "--partition 0|1@2-1"; do
    status=0
    # shellcheck disable=SC2086
    "$bin" --engine sim -q -o "$work/never" $args >"$work/out" 2>"$work/err" || status=$?
    [ "$status" = 2 ] || fail "$args: exit $status"
    [ "$(wc -l <"$work/err")" = 1 ] || fail "$args: not one line: $(cat "$work/err")"
    [ ! -e "$work/never" ] || fail "$args: created the run directory"
  done
  # The real engine takes --latency and --link (lcstat_delays runs it); --epoch is the simulation's.
  for args in "--epoch 5" "--replay $work/none"; do
    status=0
    # shellcheck disable=SC2086
    "$bin" -q -o "$work/never" $args >"$work/out" 2>"$work/err" || status=$?
    [ "$status" = 2 ] || fail "$args without --engine sim: exit $status"
    grep -q 'needs --engine sim' "$work/err" || fail "$args: $(cat "$work/err")"
  done
  ;;
*)
  fail "unknown case"
  ;;
esac
echo "ok: $case_name"
