#!/usr/bin/env bash
# run_experiments.sh with tiny settings, in parts that CTest runs as tests of their own:
#   real      a 2 x 2 study of real runs writes summary.csv, machines.csv and REPORT.md
#             (findings first, the comparison graphs, a section per configuration); the same
#             --seed repeats the seeds and rates
#   sim       simulated studies give the same report byte for byte whatever --jobs, plot only
#             --graphs runs, sweep, and run on "hosts" through GNU parallel (a stand-in ssh)
#   sweep     sweeps of the network: a partition's length (its runs' headers, the largest jump
#             after the heal, a partition that outlasts the run; its command repeats it; over
#             "hosts"; with the real engine) and a delay on every channel or on one
#   usage     bad usage (exit 2, one line, nothing run), the derived seeds, odd study paths
#   failures  a failed run (also over --hosts), a run that breaks the rules and a missing
#             gnuplot each stop the study with a clear message and no report
#   full_disk a disk full as the report's graphs are drawn, likewise (root only: it mounts a
#             small tmpfs; anyone else gets exit 77, a skip for CTest)
# Signals and concurrent studies: study_signal_test.sh.
#   run_experiments_test.sh PART SOURCE_DIR LOGICAL_CLOCK LCSTAT LCSTUDY
part=$1
shift
# shellcheck source=tests/lcstat/study_test_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/study_test_lib.sh"

part_real() {
  # A tiny study: 2 configurations x 2 runs.
  "$study" --config "6 10" --config "3 5" --runs 2 --duration 3 --speed 50 --seed 99 --out "$work/study" \
    >"$work/study.out" 2>&1 || { cat "$work/study.out" >&2; fail "tiny study failed"; }
  local s=$work/study r=$work/study/REPORT.md g link
  [[ $(grep -c '^\[[1-4]/4\] config .*; about .* left' "$work/study.out") == 4 ]] || fail "expected 4 progress lines: $(cat "$work/study.out")"
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
  [[ -s $r ]] || fail "REPORT.md missing"
  [[ $(grep -c '^## RATE_MAX' "$r") == 2 ]] || fail "REPORT.md should have a section per configuration"
  # mean jump: a row in the differences table (one pair), the overview and both sections.
  [[ $(grep -c '^| mean jump |' "$r") == 4 ]] || fail "mean jump should appear in the differences, the overview and both sections"
  [[ $(grep -m1 '^## ' "$r") == "## Answers" ]] || fail "REPORT.md should open with its answers"
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
  [[ -z $(find "$s" -name '.*.tmp' -o -name '.study' -o -name '.tools' -o -name '.claim') ]] || fail "temporary files left"
  pass

  # The same --seed repeats the seeds (and so the rates) of the study.
  "$study" --config "6 10" --runs 2 --duration 1 --speed 50 --seed 99 --out "$work/again" >/dev/null 2>&1 ||
    fail "second study failed"
  [[ $(column "$work/again/summary.csv" seed) == "$(column "$s/summary.csv" seed | head -2)" ]] || fail "seeds differ"
  [[ $(column "$work/again/summary.csv" rates) == "$(column "$s/summary.csv" rates | head -2)" ]] || fail "rates differ"
  pass
}

part_sim() {
  # Simulated studies: 2 configurations x 25 runs, graphs for
  # the first run of each only; the same report byte for byte with 1 job and with 2.
  local j
  for j in 1 2; do
    "$study" --engine sim --config "6 10" --config "3 10" --runs 25 --graphs 1 --duration 20 --seed 5 --jobs "$j" \
      --out "$work/sim$j" >"$work/sim$j.out" 2>&1 || { cat "$work/sim$j.out" >&2; fail "sim study with --jobs $j failed"; }
  done
  cmp -s "$work/sim1/REPORT.md" "$work/sim2/REPORT.md" || fail "REPORT.md differs between --jobs 1 and --jobs 2"
  cmp -s "$work/sim1/summary.csv" "$work/sim2/summary.csv" || fail "summary.csv differs between --jobs 1 and --jobs 2"
  cmp -s "$work/sim1/machines.csv" "$work/sim2/machines.csv" || fail "machines.csv differs between --jobs 1 and --jobs 2"
  [[ -s $work/sim1/r6-k10/run1/clock.png && ! -e $work/sim1/r6-k10/run2/clock.png ]] || fail "--graphs 1: only run 1 plotted"
  [[ -s $work/sim1/r6-k10/run25/run_summary.csv ]] || fail "run 25 not analysed"
  # lcstat prints nothing on a run that passes, and its output is kept only when there is some.
  [[ -z $(find "$work/sim1" "$work/sim2" -name '*.lcstat.out' -o -name '.claim' -o -name 'check*.out') ]] ||
    fail "a passing study left lcstat's empty outputs or its scratch files"
  # Every phase shows progress: a line per plotted run, one when the report starts.
  [[ $(grep -c '^\[graphs [12]/2\] config "[63] 10" run 1 drawn; about .* left$' "$work/sim1.out") == 2 ]] ||
    fail "no progress while the runs were plotted: $(cat "$work/sim1.out")"
  # The time left counts the graphs once one is timed (the first is drawn before the next run
  # starts), and says so before.
  grep -q '^\[1/50\] .*; about .* left for the runs, then their graphs and the report$' "$work/sim1.out" ||
    fail "the first run's line does not say the graphs are still to come: $(head -3 "$work/sim1.out")"
  awk '/^\[graphs 1\/2\]/ { g = 1; next } g && /^\[[0-9]+\/50\]/ && !/; about [0-9ms ]+ left$/ { bad = 1 } END { exit !g || bad }' \
    "$work/sim1.out" || fail "after the first graphs, a run's time left does not count every phase: $(cat "$work/sim1.out")"
  awk '/^\[graphs 1\/2\]/ { g = NR } /^\[50\/50\]/ { r = NR } END { exit !(g && g < r) }' "$work/sim1.out" ||
    fail "the runs' graphs waited for every run: $(cat "$work/sim1.out")"
  grep -q "^writing the report: " "$work/sim1.out" || fail "no line when the report started: $(cat "$work/sim1.out")"
  [[ $(wc -l <"$work/sim1/summary.csv") == 51 ]] || fail "sim summary.csv: expected 1 + 50 lines"
  grep -q -- '--engine sim --seed 5 --runs 25 --duration 20 --machines 3 --config "6 10" --config "3 10" --graphs 1' \
    "$work/sim1/REPORT.md" || fail "sim REPORT.md lacks the command that repeats it"
  cmp -s "$work/sim1/intervals.csv" "$work/sim2/intervals.csv" || fail "intervals.csv differs between --jobs 1 and --jobs 2"
  # 25 runs: the median between the 8th and 18th values, 1 - 2 P(B <= 7) = 95.7%.
  grep -q '| 95.7% |' "$work/sim1/REPORT.md" || fail "25 runs per configuration should get 95.7% intervals of the median"
  grep -q 'Runs 2 to 25 were analysed (lcstat) but not plotted' "$work/sim1/REPORT.md" || fail "unplotted runs not said"
  grep -q '^\*\*A smaller spread of tick rates (RATE_MAX 3 instead of 6).\*\*' "$work/sim1/REPORT.md" ||
    fail "no finding on the smaller spread of rates"
  pass

  # A sweep: one configuration per value (in steps of 2), curves in the report.
  "$study" --engine sim --sweep internal_max=3..7/2 --config "4 10" --runs 3 --graphs 0 --duration 20 --seed 6 \
    --out "$work/sweep" >"$work/sweep.out" 2>&1 || { cat "$work/sweep.out" >&2; fail "sweep failed"; }
  [[ $(column "$work/sweep/summary.csv" config | sort -u | tr '\n' ' ') == "r4-k3 r4-k5 r4-k7 " ]] ||
    fail "sweep configurations: $(column "$work/sweep/summary.csv" config | sort -u | tr '\n' ' ')"
  grep -q '^## Sweep' "$work/sweep/REPORT.md" || fail "no sweep section"
  grep -q "(graphs/sweep.png)" "$work/sweep/REPORT.md" || fail "no sweep graph in the report"
  [[ -s $work/sweep/graphs/sweep.png ]] || fail "no sweep graph"
  grep -q '^\*\*Sweep of internal_max from 3 to 7.\*\*' "$work/sweep/REPORT.md" || fail "no sweep finding"
  grep -q -- '--sweep internal_max=3..7/2 --config "4 10" --graphs 0' "$work/sweep/REPORT.md" || fail "sweep command"
  [[ -z $(find "$work/sweep" -name '*.png' -path '*/run*') ]] || fail "--graphs 0 plotted a run"
  pass

  # A configuration given again is a control: its own label and seeds, compared like any other.
  "$study" --engine sim --config "6 10" --config "6 10" --runs 5 --graphs 0 --duration 20 --seed 8 \
    --out "$work/control" >"$work/control.out" 2>&1 || { cat "$work/control.out" >&2; fail "a study with a control failed"; }
  [[ $(column "$work/control/summary.csv" config | sort -u | tr '\n' ' ') == "r6-k10 r6-k10-2 " ]] ||
    fail "control labels: $(column "$work/control/summary.csv" config | sort -u | tr '\n' ' ')"
  [[ -z $(column "$work/control/summary.csv" seed | sort | uniq -d) ]] || fail "a control run with another run's seed"
  grep -q 'RATE_MAX 6, INTERNAL_MAX 10 (copy 2)' "$work/control/REPORT.md" || fail "the control not named as a copy"
  grep -qF "With the same parameters (copy 2 against the first, a control: a difference told apart here is false)." "$work/control/REPORT.md" ||
    fail "the control's comparison not named as a control"
  grep -q -- '--config "6 10" --config "6 10" --graphs 0' "$work/control/REPORT.md" || fail "the control's command"
  pass

  # --hosts: the study must come back whole and give the local study's report byte for byte.
  make_fakessh
  FAKE_REMOTE=$work/remote "$study" --engine sim --config "6 10" --config "3 10" --runs 25 --graphs 1 --duration 20 \
    --seed 5 --hosts "$work/hosts" --out "$work/hosted" >"$work/hosted.out" 2>&1 ||
    { cat "$work/hosted.out" "$work/hosted/.parallel.out" >&2 2>/dev/null; fail "study over --hosts failed"; }
  cmp -s "$work/sim1/REPORT.md" "$work/hosted/REPORT.md" || fail "REPORT.md over --hosts differs from the local one"
  cmp -s "$work/sim1/summary.csv" "$work/hosted/summary.csv" || fail "summary.csv over --hosts differs"
  [[ -n $(find "$work/remote" -name 'vm_*.log' -print -quit) || -d $work/remote/hostA || -d $work/remote/hostB ]] ||
    fail "no run went to a host"
  pass
}

part_usage() {
  # Every run of a study gets its own seed, also past a configuration's 1000th run (where the
  # place 1000 c + r + 1 would meet the next configuration's), and the first 1000 keep theirs.
  # (The function itself: a study of 2 x 1001 runs would take too long here.)
  eval "$(sed -n '/^derived_seed() {/,/^}/p' "$study")"
  # shellcheck disable=SC2034 # read by derived_seed
  local seed=99 c r args code config
  seed_of() { local s; derived_seed s "$1" "$2"; echo "$s"; }
  [[ $(seed_of 0 1001) != "$(seed_of 1 1)" ]] || fail "run 1001 of configuration 0 has the seed of run 1 of 1"
  [[ $(seed_of 0 1) == 583982616703494564 && $(seed_of 1 2) == 5488123753346268929 ]] ||
    fail "the seeds of the first 1000 runs changed"
  [[ $(for c in 0 1 2; do for r in 998 999 1000 1001 1002 1003 2001; do seed_of "$c" "$r"; done; done | sort -u | wc -l) == 21 ]] ||
    fail "seeds repeat around the 1000th run"
  pass

  # The time left of a long study (the function itself): half of 10^6 runs of 60 s done on 2
  # cores, no graphs, leaves 250000 minutes, and half a run for the tail. (The runs left times
  # the summed microseconds of those done is 1.5 x 10^19, past 2^63.)
  eval "$(sed -n '/^duration_text() {/,/^}/p; /^time_left() {/,/^}/p' "$study")"
  # shellcheck disable=SC2034 # read by time_left
  local total=1000000 runs_ended=500000 run_work=$((500000 * 60000000)) plots_total=0 plots_ended=0 plot_work=0 jobs=2
  local left=""
  time_left left
  [[ $left == "about 250000m 30s left, then the report" ]] || fail "half of 10^6 runs of 60 s: $left"
  pass
  # The last of 10 runs of 10 s running, just started, 2 to plot, no graphs timed yet: the
  # run's 10 s, on one of the 2 cores (the untimed graphs are no work to share it with). As
  # run_tasks holds it: the tasks (todo, next), those running (pid -> task) and their starts.
  # shellcheck disable=SC2034 # read by time_left
  total=10 runs_ended=9 run_work=90000000 plots_total=2
  # shellcheck disable=SC2034 # read by time_left
  local now=500000000 next=10 todo=(0 1 2 3 4 5 6 7 8 9) ready=() running=() started=() graphs=1
  # shellcheck disable=SC2034 # read by time_left
  local task_r=(1 2 3 4 5 1 2 3 4 5)
  # shellcheck disable=SC2034 # read by time_left
  running[4242]=9 started[9]=$now
  time_left left
  [[ $left == "about 10s left for the runs, then their graphs and the report" ]] || fail "the last run of 10 s: $left"
  pass
  # The same with --jobs 1000000000: the tasks left are laid out on as many slots as they need,
  # not on every one of --jobs (looked at and set per task, they held a 3-run study at its
  # first line for minutes at --jobs 20000). In the background, so that a hang is named.
  jobs=1000000000
  (time_left left && echo "$left" >"$work/left.tmp" && mv "$work/left.tmp" "$work/left") &
  local slots_pid=$!
  wait_until "the time left at --jobs $jobs (pid $slots_pid)" test -e "$work/left"
  wait "$slots_pid"
  [[ $(<"$work/left") == "about 10s left for the runs, then their graphs and the report" ]] ||
    fail "the last run of 10 s at --jobs $jobs: $(<"$work/left")"
  jobs=2
  pass

  # The workers' ends read in the 2 s after a signal, each read with the time left to the
  # forward (study_workers.sh's wait_worker itself): a read that times out within a line, which
  # bash's read -t does even when the line is there whole, loses nothing of it. 2000 lines, each
  # waited for with 100 us left: every one is read.
  (
    # (This part's running[] is an indexed array: study_tasks.sh declares its own associative.)
    unset running
    # shellcheck source=tools/lcstudy/study_tasks.sh
    source "$src/tools/lcstudy/study_tasks.sh"
    # shellcheck source=tools/lcstudy/study_workers.sh
    source "$src/tools/lcstudy/study_workers.sh"
    # (nothing to signal here: the forward, f278e20's and this one's, does nothing)
    forward() { :; }
    forward_workers() { :; }
    mkfifo "$work/results"
    exec {worker_results}<>"$work/results"
    # shellcheck disable=SC2034 # read by wait_worker
    workers_on=1 interrupted=1 forwarded=0 worker_pid=(4242)
    for ((k = 0; k < 2000; k++)); do printf 'done 0 %d 0\n' "$k" >&"$worker_results"; done
    got=0
    while ((got < 2000)) && read -t 0 -u "$worker_results"; do
      running[4242]=$got
      forward_at=$((${EPOCHREALTIME//[!0-9]/} + 100))
      wait_worker
      [[ -z $done_i ]] || got=$((got + 1))
    done
    ((got == 2000)) || { echo "$got of 2000 lines read" >"$work/lost_lines"; exit 1; }
  ) || fail "the workers' ends read with a timeout: $(cat "$work/lost_lines" 2>/dev/null)"
  pass

  # A process's state read whatever its name (study_workers.sh's gone and find_marked): a name
  # may hold ") Z " and a newline, as a program's can (here sleep run through a link so named),
  # and the first line of /proc/PID/stat alone then reads a live process as a zombie, and a
  # zombie as live.
  (
    # shellcheck source=tools/lcstudy/study_workers.sh
    source "$src/tools/lcstudy/study_workers.sh"
    odd=$work/"Z) Z"$'\n'"x"
    ln -s "$(command -v sleep)" "$odd"
    # (Its parent a sleep that never reaps it: it stays a zombie once killed.)
    ("$odd" 60 & echo "$!" >"$work/odd_pid" && exec sleep 60) &
    holder=$!
    trap 'kill -KILL "$holder" $(cat "$work/odd_pid" 2>/dev/null) 2>/dev/null || true' EXIT
    odd_state() { [[ -s $work/odd_pid && $(<"/proc/$(<"$work/odd_pid")/stat") == *"x) $1 "* ]] 2>/dev/null; }
    wait_until "the oddly named sleep to start (pid $holder's child)" odd_state S
    odd_pid=$(<"$work/odd_pid")
    ! gone "$odd_pid" || { echo "a live process read as ended" >"$work/odd_name"; exit 1; }
    proc_fields "$odd_pid" && [[ ${parts[0]} == S && ${parts[1]} == "$holder" ]] ||
      { echo "its fields misread: ${parts[*]:0:2}" >"$work/odd_name"; exit 1; }
    kill -KILL "$odd_pid"
    wait_until "the oddly named sleep to be a zombie (pid $odd_pid)" odd_state Z
    gone "$odd_pid" || { echo "a zombie read as running" >"$work/odd_name"; exit 1; }
  ) || fail "a process named with a newline: $(cat "$work/odd_name" 2>/dev/null)"
  pass

  # Bad usage: exit 2, one line, nothing run. (--out: a directory that is not empty.)
  mkdir -p "$work/full_dir/x"
  for args in "--runs 0" "--config 6" "--speed fast" "--frobnicate" "--out $work/full_dir" "--engine warp" \
              "--engine sim --speed 2" "--jobs 0" "--graphs x" "--sweep foo=1..3" "--sweep rate_max=5..2" \
              "--config 6,1 --machines 3" "--hosts $work/no-such-file" "--duration 0" "--duration 0.0000001" \
              "--speed 0" "--speed 2000000000" "--runs 08" "--machines 09" "--sweep internal_max=08..10" \
              "--sweep rate_max=0..2" "--sweep internal_max=10..10 --machines 1" \
              "--sweep internal_max=10000000000..10000000000" "--runs 1000001" "--runs 99999999999999999999" \
              "--runs 9223372036854775808" "--sweep internal_max=3..9/4" "--sweep internal_max=3..9/0" \
              "--sweep internal_max=3..9/" "--sweep internal_max=3..9/03" "--sweep internal_max=3..203" \
              "--sweep rate_max=1..1000/5" "--sweep internal_max=3..1000003/5000" \
              "--sweep internal_max=3..99999999999999999999" \
              "--sweep partition=0..10" "--partition-at 0@5" "--partition-at 0@5 --sweep internal_max=3..5" \
              "--sweep-link 0-1" "--sweep-link 0-1 --sweep partition=0..10 --partition-at 0@5" \
              "--sweep partition=0..10 --partition-at 0@60" "--sweep partition=0..10 --partition-at 3@5" \
              "--sweep partition=0..10 --partition-at 0|0@5" "--sweep partition=0..10 --partition-at 0,1,2@5" \
              "--sweep partition=0..10 --partition-at 0|@5" "--sweep partition=0..10 --partition-at 0@5-10" \
              "--sweep partition=0..10 --partition-at 01@5" "--sweep partition=0..10 --partition-at 0@5.1234567" \
              "--sweep partition=0..10/3 --partition-at 0@5" "--sweep partition=0..1000 --partition-at 0@5" \
              "--sweep partition=0..9999990/9999990 --partition-at 0@30" "--sweep latency_ms=0..1000/0" \
              "--sweep latency_ms=0..2000000000/20000000" "--sweep latency_ms=0..100 --sweep-link 0-0" \
              "--sweep latency_ms=0..100 --sweep-link 0-3" "--sweep latency_ms=0..100 --sweep-link 0to1" \
              "--sweep latency=0..100"; do
    code=0
    # shellcheck disable=SC2086
    "$study" $args >"$work/usage.out" 2>&1 || code=$?
    [[ $code == 2 ]] || fail "$args: exit $code, expected 2"
    [[ $(wc -l <"$work/usage.out") == 1 ]] || fail "$args: expected a one-line error: $(cat "$work/usage.out")"
    pass
  done
  [[ $(ls -A "$work/full_dir") == x ]] || fail "a refused --out was written into"

  # Configurations that logical_clock would refuse are bad usage too, found before any run.
  for config in "0,3,4 10" "6 08" "6 10 09" "2000000 10" "6 99999999999999999999"; do
    code=0
    "$study" --engine sim --config "$config" --out "$work/badconfig" >"$work/usage.out" 2>&1 || code=$?
    [[ $code == 2 && ! -e $work/badconfig ]] || fail "--config \"$config\": exit $code, expected 2: $(cat "$work/usage.out")"
    [[ $(wc -l <"$work/usage.out") == 1 ]] || fail "--config \"$config\": expected a one-line error: $(cat "$work/usage.out")"
    pass
  done

  # A study directory with a space and a quote in its path: the report, its graphs and the runs'.
  local odd="$work/it's a study" quotes="$work/''s''" f
  "$study" --engine sim --config "6 10" --runs 2 --graphs 1 --duration 5 --seed 3 --out "$odd" \
    >"$work/odd.out" 2>&1 || fail "a study in \"$odd\": $(tail -3 "$work/odd.out")"
  for f in REPORT.md graphs/theory.png graphs/rate_jump_mean.png r6-k10/run1/clock.png r6-k10/run1/spacetime.png; do
    [[ -s $odd/$f ]] || fail "no $f in \"$odd\""
  done
  pass

  # One whose relative path starts with a quote and has two in a row (gnuplot reads '' as a
  # quote only inside a string, and only once in a row).
  (cd "$work" && "$study" --engine sim --config "6 10" --runs 1 --graphs 1 --duration 5 --seed 3 --out "''s''") \
    >"$work/quotes.out" 2>&1 || fail "a study in $quotes: $(tail -3 "$work/quotes.out")"
  for f in REPORT.md graphs/theory.png graphs/rate_jump_mean.png r6-k10/run1/clock.png r6-k10/run1/spacetime.png; do
    [[ -s $quotes/$f ]] || fail "no $f in $quotes"
  done
  pass

  # A study directory and a hosts file whose relative paths start with a dash.
  make_fakessh
  code=0
  (cd "$work" && printf ':\n' >-hosts && FAKE_REMOTE=$work/remote "$study" --engine sim --config "6 10" --runs 1 \
    --graphs 1 --duration 5 --seed 3 --hosts -hosts --out -dashed) >"$work/dashed.out" 2>&1 || code=$?
  [[ $code == 0 && -s $work/-dashed/REPORT.md && -s $work/-dashed/r6-k10/run1/clock.png ]] ||
    fail "--out -dashed --hosts -hosts: exit $code: $(cat "$work/dashed.out")"
  pass
}

# headers_say DIR PATTERN: every log of every run under DIR has PATTERN in its header (a grep -E
# pattern; !PATTERN: none has it).
headers_say() {
  local log n=0
  for log in "$1"/run*/vm_*.log; do
    if [[ $2 == !* ]]; then
      ! head -1 "$log" | grep -qE -- "${2#!}" || fail "$log: $(head -1 "$log")"
    else
      head -1 "$log" | grep -qE -- "$2" || fail "$log: $(head -1 "$log")"
    fi
    n=$((n + 1))
  done
  ((n > 0)) || fail "no logs under $1"
}

# heals_after STUDY REPORT: the report's count, per partition length that heals within the run,
# of runs whose largest jump came after the heal (heal_jump_max equal to jump_max, above 1), is
# the count from summary.csv.
heals_after() {
  local want
  want=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["heal_jump_max"] != "" { n[$c["config"]]++; k[$c["config"]] += $c["heal_jump_max"] == $c["jump_max"] && $c["jump_max"] > 1 }
    END { printf "%d of %d runs at 0 s (the last 75%% of the run), %d of %d runs at 10 s (the last 25%% of the run)",
          k["r6-k10-partition0s"], n["r6-k10-partition0s"], k["r6-k10-partition10s"], n["r6-k10-partition10s"] }' "$1/summary.csv")
  grep -qF "A jump as large as the run's largest, and above 1 (a clock's least step), came after the heal in $want. " "$2" ||
    fail "where the largest jumps came, expected $want: $(grep -o "A jump as large[^.]*\." "$2")"
  pass
}

part_sweep() {
  # A partition's length, from none to one that outlasts the run (from model second 5 of 20:
  # heals at 5, 15 and 25), 3 runs each.
  local p=$work/partition r=$work/partition/REPORT.md
  "$study" --engine sim --runs 3 --duration 20 --sweep partition=0..20/10 --partition-at '0|1,2@5' --graphs 1 --seed 4 \
    --out "$p" >"$work/partition.out" 2>&1 || { cat "$work/partition.out" >&2; fail "partition sweep failed"; }
  [[ $(column "$p/summary.csv" config | uniq -c | awk '{print $1 $2}' | tr '\n' ' ') == \
     "3r6-k10-partition0s 3r6-k10-partition10s 3r6-k10-partition20s " ]] ||
    fail "partition sweep configurations: $(column "$p/summary.csv" config | tr '\n' ' ')"
  headers_say "$p/r6-k10-partition0s" '!partitions='
  headers_say "$p/r6-k10-partition10s" ' engine=sim .* partitions=0\|1,2@5-15 '
  headers_say "$p/r6-k10-partition20s" ' partitions=0\|1,2@5-25 '
  grep -qx 'sweep=partition' "$p/study.txt" && grep -qx 'partition_at=0|1,2@5' "$p/study.txt" &&
    [[ $(grep '^config=' "$p/study.txt" | awk '{print $NF}' | tr '\n' ' ') == "0 10 20 " ]] ||
    fail "study.txt: $(cat "$p/study.txt")"
  pass
  # The largest jump after the heal is lcstat's, over its events from the heal on (plotdata:
  # model_time clock jump ..., of the plotted run 1); none after a heal past the end.
  local label heal want got
  for label in 0:5 10:15; do
    heal=${label#*:} label=r6-k10-partition${label%%:*}s
    want=$(cat "$p/$label"/run1/plotdata/events_*.dat | awk -v h="$heal" '!/^#/ && $1 >= h && $3 > m { m = $3 } END { print m }')
    got=$(awk -F, -v d="$label/run1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "heal_jump_max") c = i } $4 == d { print $c }' \
      "$p/summary.csv")
    [[ -n $want && $got == "$want" ]] || fail "$label run 1: heal_jump_max $got, lcstat's jumps from $heal s give $want"
  done
  [[ $(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "heal_jump_max") c = i } $1 ~ /partition20s/ { print "[" $c "]" }' \
     "$p/summary.csv" | sort -u) == "[]" ]] || fail "a largest jump after a heal past the run's end"
  # That partition still held messages at the end: undelivered, counted by lcstat, no loss.
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "lost") l = i; if ($i == "undelivered") u = i }; next }
    $1 ~ /partition20s/ { if ($u == 0 || $l != $u) exit 1; n++ } $1 !~ /partition20s/ && $u != 0 { exit 1 } END { exit n != 3 }' \
    "$p/summary.csv" || fail "undelivered messages: $(cut -d, -f1,26,45- "$p/summary.csv")"
  pass
  grep -qF '**Sweep of the length of partition 0|1,2 starting at model second 5, from 0 to 20 s.**' "$r" ||
    fail "no partition sweep finding: $(grep -A2 '^## Findings' "$r")"
  grep -qF 'A partition of 20 s heals after the run'"'"'s end (20 model seconds)' "$r" || fail "the partition past the end not said"
  grep -qE "^- \*\*How do the jumps grow with the partition's length\?\*\* The run's largest jump, interpolated median by length: [0-9.]+ at 0 s \(no partition\), [0-9.]+ at 10 s, [0-9.]+ at 20 s; " \
    "$r" || fail "no answer on the jumps by the partition's length: $(grep -A6 '^## Answers' "$r")"
  heals_after "$p" "$r"
  # A run whose every jump is 1 (a clock's least step) has no larger jump to place: not counted,
  # though its largest jump after the heal equals the run's. Run 1 at 0 s, edited to that.
  local q=$work/partition-ones
  mkdir "$q"
  cp "$p/study.txt" "$q/"
  awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
    $c["run_dir"] == "r6-k10-partition0s/run1" { $c["jump_mean"] = $c["jump_max"] = $c["heal_jump_max"] = 1 } 1' \
    "$p/summary.csv" >"$q/summary.csv"
  awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
    $c["config"] == "r6-k10-partition0s" && $c["run"] == 1 && $c["ticks"] > 0 { $c["jump_mean"] = $c["jump_max"] = 1 } 1' \
    "$p/machines.csv" >"$q/machines.csv"
  "$lcstudy" "$q" --report "$q/REPORT.md" --graphs "$q/graphs" >"$work/ones.out" 2>&1 ||
    fail "lcstudy on a run whose jumps are all 1: $(cat "$work/ones.out")"
  heals_after "$q" "$q/REPORT.md"
  # A run whose largest jump came only before the heal (heal_jump_max below jump_max): not
  # counted. Run 1 at 10 s, edited to that.
  local b=$work/partition-before
  mkdir "$b"
  cp "$p/study.txt" "$p/machines.csv" "$b/"
  awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
    $c["run_dir"] == "r6-k10-partition10s/run1" { $c["heal_jump_max"] = $c["jump_max"] - 1 } 1' \
    "$p/summary.csv" >"$b/summary.csv"
  "$lcstudy" "$b" --report "$b/REPORT.md" --graphs "$b/graphs" >"$work/before.out" 2>&1 ||
    fail "lcstudy on a run whose largest jump came before the heal: $(cat "$work/before.out")"
  heals_after "$b" "$b/REPORT.md"
  grep -qF '| partition length (s) | runs | max jump | largest jump after the heal | mean drift |' "$r" ||
    fail "no sweep table for the partition's length"
  [[ $(grep -cE '^\| (0|10|20) \| 3 \| ' "$r") == 3 ]] || fail "the sweep table's rows: $(grep -E '^\| [0-9]+ \| 3 \|' "$r")"
  grep -qF 'so no theory line is drawn' "$r" && grep -qx 'theory_panel = 0' "$p/graphs/study.gp" ||
    fail "a theory line for a partition sweep"
  grep -qF '### RATE_MAX 6, INTERNAL_MAX 10, partition of 10 s against RATE_MAX 6, INTERNAL_MAX 10, no partition' "$r" ||
    fail "no comparison with the study without a partition"
  [[ $(head -c 8 "$p/graphs/sweep.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "graphs/sweep.png is not a PNG"
  pass
  # Every heal past the run's end: no largest jump after it anywhere, and the graph says so.
  "$study" --engine sim --runs 1 --duration 20 --sweep partition=10..20/10 --partition-at '0@15' --graphs 0 --seed 4 \
    --out "$work/past_end" >"$work/past_end.out" 2>&1 || { cat "$work/past_end.out" >&2; fail "a sweep of partitions past the end failed"; }
  grep -qF 'A partition of 10 s or more heals after the run'"'"'s end' "$work/past_end/REPORT.md" &&
    ! grep -qF "came after the heal in" "$work/past_end/REPORT.md" &&
    grep -qx 'smeasured\[2\] = 0' "$work/past_end/graphs/study.gp" && [[ -s $work/past_end/graphs/sweep.png ]] ||
    fail "a sweep of partitions past the end: $(grep -A2 '^\*\*Sweep' "$work/past_end/REPORT.md")"
  pass
  # Its command repeats it: the same report byte for byte.
  local command
  command=$(sed -n 's/^command=//p' "$p/study.txt")
  grep -qF -- "--sweep partition=0..20/10 --config \"6 10\" --partition-at \"0|1,2@5\" --graphs 1" <<<"$command" ||
    fail "command: $command"
  grep -qxF -- "$command" "$r" || fail "REPORT.md does not give the command"
  (cd "$src" && eval "$command --out \"\$work/partition_again\"") >"$work/again.out" 2>&1 ||
    { cat "$work/again.out" >&2; fail "the partition sweep's command failed"; }
  cmp -s "$r" "$work/partition_again/REPORT.md" && cmp -s "$p/summary.csv" "$work/partition_again/summary.csv" ||
    fail "the partition sweep's command gave another study"
  pass
  # Over "hosts": the partition travels with each run, and the study is the local one.
  make_fakessh
  FAKE_REMOTE=$work/remote "$study" --engine sim --runs 3 --duration 20 --sweep partition=0..20/10 --partition-at '0|1,2@5' \
    --graphs 1 --seed 4 --hosts "$work/hosts" --out "$work/partition_hosted" >"$work/hosted.out" 2>&1 ||
    { cat "$work/hosted.out" "$work/partition_hosted/.parallel.out" >&2 2>/dev/null; fail "partition sweep over --hosts failed"; }
  cmp -s "$r" "$work/partition_hosted/REPORT.md" && cmp -s "$p/summary.csv" "$work/partition_hosted/summary.csv" ||
    fail "the partition sweep over --hosts differs from the local one"
  pass

  # The real engine takes the same partitions (a tiny study: 1 run of 3 model seconds each).
  "$study" --runs 1 --duration 3 --speed 50 --sweep partition=0..1 --partition-at '2@1' --graphs 0 --seed 4 \
    --out "$work/real_partition" >"$work/real_partition.out" 2>&1 ||
    { cat "$work/real_partition.out" >&2; fail "real partition sweep failed"; }
  headers_say "$work/real_partition/r6-k10-partition0s" '!partitions='
  headers_say "$work/real_partition/r6-k10-partition1s" ' engine=real .* partitions=2@1-2 '
  grep -qF '| 1 | 1 |' "$work/real_partition/REPORT.md" || fail "real partition sweep: no row for 1 s"
  pass

  # A delay on every channel, then on one (the others keep the simulation's default).
  "$study" --engine sim --runs 3 --duration 20 --sweep latency_ms=0..100/50 --graphs 0 --seed 4 --out "$work/latency" \
    >"$work/latency.out" 2>&1 || { cat "$work/latency.out" >&2; fail "latency sweep failed"; }
  [[ $(column "$work/latency/summary.csv" config | uniq | tr '\n' ' ') == "r6-k10-delay0ms r6-k10-delay50ms r6-k10-delay100ms " ]] ||
    fail "latency sweep configurations: $(column "$work/latency/summary.csv" config | uniq | tr '\n' ' ')"
  local v
  for v in 0 50 100; do headers_say "$work/latency/r6-k10-delay${v}ms" " latency=${v}ms (run|links)="; done
  headers_say "$work/latency/r6-k10-delay50ms" '!links=|partitions='
  grep -qF '**Sweep of the delay of every channel, from 0 to 100 ms.**' "$work/latency/REPORT.md" || fail "no latency sweep finding"
  grep -qE '^- \*\*What does a slower network do to queues and drift\?\*\* The mean drift, interpolated median by delay: [0-9.]+ at 0 ms, [0-9.]+ at 50 ms, [0-9.]+ at 100 ms; ' \
    "$work/latency/REPORT.md" || fail "no answer on the slower network"
  grep -qF '| link delay (ms) | runs | mean jump | max jump | mean drift | max drift | mean queue length | max queue length |' \
    "$work/latency/REPORT.md" || fail "no sweep table for the delay"
  [[ $(grep -cE '^\| (0|50|100) \| 3 \| ' "$work/latency/REPORT.md") == 3 ]] || fail "the latency sweep table's rows"
  grep -qF -- '--sweep latency_ms=0..100/50 --config "6 10" --graphs 0' "$work/latency/REPORT.md" || fail "latency sweep command"
  [[ -s $work/latency/graphs/sweep.png ]] || fail "no latency sweep graph"
  pass
  "$study" --engine sim --runs 3 --duration 20 --sweep latency_ms=0..300/300 --sweep-link 1-0 --graphs 0 --seed 4 \
    --out "$work/link" >"$work/link.out" 2>&1 || { cat "$work/link.out" >&2; fail "link sweep failed"; }
  headers_say "$work/link/r6-k10-delay300ms" ' latency=lognormal:100us:50us links=1-0:300ms '
  headers_say "$work/link/r6-k10-delay0ms" ' links=1-0:0ms '
  grep -qF '**Sweep of the delay of channel 1-0, from 0 to 300 ms.**' "$work/link/REPORT.md" || fail "no link sweep finding"
  grep -qF -- '- **What does a slower channel 1-0 do to queues and drift?**' "$work/link/REPORT.md" || fail "no answer on the slower channel"
  grep -qF '### RATE_MAX 6, INTERNAL_MAX 10, delay 300 ms on channel 1-0 against RATE_MAX 6, INTERNAL_MAX 10, delay 0 ms on channel 1-0' \
    "$work/link/REPORT.md" || fail "the link sweep's comparison"
  grep -qF -- '--sweep latency_ms=0..300/300 --config "6 10" --sweep-link 1-0 --graphs 0' "$work/link/REPORT.md" ||
    fail "link sweep command"
  pass
}

# ctrl_c_once_stopped PID TAG OUT WHAT: study PID (in a session of its own, its processes
# tagged LC_STUDY_TEST=TAG, its output in OUT.out), once one of its processes is stopped
# (SIGSTOP), gets a Ctrl-C to its process group: it must end with 130 (killed and failed if it
# has not in 300 s), its claim given up and nothing left running. WHAT names the case.
ctrl_c_once_stopped() {
  local pid=$1 tag=$2 dir=$3 what=$4 end code=0
  tagged_stopped() {
    local stray stat
    while read -r stray _; do
      stat=$(<"/proc/$stray/stat") 2>/dev/null && stat=${stat##*) } && [[ $stat == T* ]] && return 0
    done < <(strays "$tag")
    return 1
  }
  wait_until "the study's worker to stop (pid $pid)" tagged_stopped
  kill -INT -- "-$pid"
  # (300 s by the clock, not 15,000 sleeps of 20 ms: on a loaded host each sleep takes longer,
  # and 15,000 took 10 min on a 2-core one, so that two such cases would outlast the part's CTest
  # timeout, 900 s, and end it with no word of which. The study killed if it never ends.)
  end=$((SECONDS + 300))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < end)); do sleep 0.02; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL -- "-$pid" 2>/dev/null || true
    fail "$what: a Ctrl-C did not end the study in 300 s: $(cat "$dir.out")"
  fi
  wait "$pid" || code=$?
  [[ $code == 130 ]] || fail "$what, a Ctrl-C: exit $code, expected 130: $(cat "$dir.out")"
  [[ ! -e $dir/.claim ]] || fail "$what: the study's claim was left behind"
  [[ -z $(strays "$tag") ]] || fail "$what: still running: $(strays "$tag")"
}

part_failures() {
  local code
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
  make_fakessh
  code=0
  (cd "$work" && printf ':\n' >-hosts && LOGICAL_CLOCK=$work/failing "$study" --config "6 10" --runs 2 --duration 1 \
    --speed 50 --seed 1 --hosts -hosts --out k=v </dev/null) >"$work/kv.out" 2>&1 || code=$?
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

  # An lcstat that cannot run its course (here: killed by a signal, as one being rebuilt fails
  # with 126): the study names lcstat and its status, not logical_clock.
  printf '#!/usr/bin/env bash\nkill -KILL $$\n' >"$work/killed_lcstat"
  chmod +x "$work/killed_lcstat"
  code=0
  LCSTAT=$work/killed_lcstat "$study" --engine sim --config "6 10" --runs 1 --duration 5 --seed 1 \
    --out "$work/no_lcstat" >"$work/no_lcstat.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "a killed lcstat: exit $code, expected 1: $(cat "$work/no_lcstat.out")"
  grep -q "could not check .*run1: lcstat did not run its course (lcstat exit 137)" "$work/no_lcstat.out" ||
    fail "a killed lcstat: $(cat "$work/no_lcstat.out")"
  ! grep -q 'logical_clock exit' "$work/no_lcstat.out" || fail "a killed lcstat blamed on logical_clock"
  no_report "$work/no_lcstat"

  # A worker shell (study_run.sh --worker, a slot's) killed outright as it runs a run: the
  # study names the run and the worker, and stops without a report; nothing is left running.
  printf '#!/usr/bin/env bash\nkill -KILL $PPID\n' >"$work/killing"
  chmod +x "$work/killing"
  code=0
  LC_STUDY_TEST=lost-$$ LOGICAL_CLOCK=$work/killing "$study" --engine sim --config "6 10" --runs 1 --duration 5 --seed 1 \
    --out "$work/lost" >"$work/lost.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "a killed worker: exit $code, expected 1: $(cat "$work/lost.out")"
  grep -q 'run 1 of configuration "6 10" (seed [0-9]*) was lost: the worker 0 ended (exit 137)$' "$work/lost.out" ||
    fail "a killed worker: $(cat "$work/lost.out")"
  [[ ! -e $work/lost/.claim ]] || fail "a killed worker: the study's claim was left behind"
  [[ -z $(strays "lost-$$") ]] || fail "a killed worker: still running: $(strays "lost-$$")"
  no_report "$work/lost"

  # The same with the worker's program stopped (SIGSTOP) as the worker is killed: its shell
  # continues the program as it stops it, and says so; the study ends (killed and failed if it
  # has not in 120 s); nothing is left running.
  cat >"$work/stopped_orphan" <<FAKE
#!/usr/bin/env bash
worker=\$PPID me=\$\$
(until [[ \$(<"/proc/\$me/stat") == *") T "* ]]; do sleep 0.01; done; kill -KILL "\$worker") &
kill -STOP \$\$
exec "$bin" "\$@"
FAKE
  chmod +x "$work/stopped_orphan"
  local orphan_pid end
  LC_STUDY_TEST=sorphan-$$ LOGICAL_CLOCK=$work/stopped_orphan setsid "$study" --engine sim --config "6 10" --runs 1 \
    --duration 5 --seed 1 --out "$work/sorphan" >"$work/sorphan.out" 2>&1 &
  orphan_pid=$!
  end=$((SECONDS + 120))
  while kill -0 "$orphan_pid" 2>/dev/null && ((SECONDS < end)); do sleep 0.02; done
  if kill -0 "$orphan_pid" 2>/dev/null; then
    kill -KILL -- "-$orphan_pid" 2>/dev/null || true
    fail "a killed worker whose program is stopped: the study did not end in 120 s: $(cat "$work/sorphan.out")"
  fi
  code=0
  wait "$orphan_pid" || code=$?
  [[ $code == 1 ]] || fail "a killed worker whose program is stopped: exit $code, expected 1: $(cat "$work/sorphan.out")"
  grep -q 'run 1 of configuration "6 10" (seed [0-9]*) was lost: the worker 0 ended (exit 137)$' "$work/sorphan.out" ||
    fail "a killed worker whose program is stopped: $(cat "$work/sorphan.out")"
  [[ -z $(strays "sorphan-$$") ]] || fail "a killed worker whose program is stopped: still running: $(strays "sorphan-$$")"
  no_report "$work/sorphan"

  # The same with the worker idle: run 1's stand-in kills the other slot's worker once it has
  # checked run 2 and has no program left (its task's end said, or about to be; no plot follows
  # with --graphs 0), then runs once that worker's shell has said so and ended (it looks for the
  # worker's programs first, which on a busy machine can outlast a run).
  cat >"$work/killing_other" <<FAKE
#!/usr/bin/env bash
args=("\$@")
while ((\$#)); do [[ \$1 == -o ]] && out=\$2; shift; done
parent() { local stat; stat=\$(<"/proc/\$1/stat") && stat=\${stat##*) } && set -- \$stat && echo "\$2"; }
state() { local stat; stat=\$(<"/proc/\$1/stat") && stat=\${stat##*) } && set -- \$stat && echo "\$1"; }
if [[ \$out == */run1 ]]; then
  mine=\$(parent "\$PPID") && study=\$(parent "\$mine") || exit 9
  for shell in \$(cat /proc/\$study/task/\$study/children); do
    ((shell != mine)) || continue
    other_shell=\$shell other=\$(cat "/proc/\$shell/task/\$shell/children")
  done
  [[ -n \$other ]] || exit 9
  until [[ -s \${out%/run1}/run2/run_summary.csv && -z \$(cat "/proc/\$other/task/\$other/children") ]]; do sleep 0.02; done
  kill -KILL "\$other"
  while [[ \$(state "\$other_shell" 2>/dev/null) =~ ^[^Z] ]]; do sleep 0.02; done
fi
exec "$bin" "\${args[@]}"
FAKE
  chmod +x "$work/killing_other"
  code=0
  LC_STUDY_TEST=idle-$$ LOGICAL_CLOCK=$work/killing_other "$study" --engine sim --config "6 10" --runs 2 --jobs 2 --graphs 0 \
    --duration 5 --seed 1 --out "$work/lost_idle" >"$work/lost_idle.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "a killed idle worker: exit $code, expected 1: $(cat "$work/lost_idle.out")"
  grep -qE 'the worker [01] ended \(exit 137\)(, between two of its tasks)?$' "$work/lost_idle.out" ||
    fail "a killed idle worker: $(cat "$work/lost_idle.out")"
  [[ -s $work/lost_idle/r6-k10/run1/summary.csv ]] || fail "a killed idle worker: run 1, still running then, did not end checked"
  [[ ! -e $work/lost_idle/.claim ]] || fail "a killed idle worker: the study's claim was left behind"
  [[ -z $(strays "idle-$$") ]] || fail "a killed idle worker: still running: $(strays "idle-$$")"
  no_report "$work/lost_idle"

  # A worker killed outright while its run goes on (a real run of 30 s): the study stops that
  # run and waits for it before it says what happened; nothing is left running.
  printf '#!/usr/bin/env bash\nkill -KILL $PPID\nexec "%s" "$@"\n' "$bin" >"$work/killing_running"
  chmod +x "$work/killing_running"
  code=0
  LC_STUDY_TEST=orphan-$$ LOGICAL_CLOCK=$work/killing_running "$study" --config "6 10" --runs 1 --duration 30 --seed 1 \
    --out "$work/orphan" >"$work/orphan.out" 2>&1 || code=$?
  local left
  left=$(strays "orphan-$$")
  if [[ -n $left ]]; then
    local stray
    while read -r stray _; do kill "$stray" 2>/dev/null || true; done <<<"$left"  # (not left running)
    fail "a killed worker's run: still running after the study exited: $left"
  fi
  [[ $code == 1 ]] || fail "a killed worker's run: exit $code, expected 1: $(cat "$work/orphan.out")"
  grep -q 'run 1 of configuration "6 10" (seed [0-9]*) was lost: the worker 0 ended (exit 137)$' "$work/orphan.out" ||
    fail "a killed worker's run: $(cat "$work/orphan.out")"
  [[ ! -e $work/orphan/.claim ]] || fail "a killed worker's run: the study's claim was left behind"
  no_report "$work/orphan"

  # A worker killed outright, its program starting another as it is stopped (in a session of
  # its own): the study looks again once the first has ended, and stops that one too.
  printf '%s\n' '#!/usr/bin/env bash' "trap 'setsid sleep 300 </dev/null >/dev/null 2>&1 & exit 0' TERM" \
    'kill -KILL $PPID' 'while :; do sleep 0.05; done' >"$work/killing_spawning"
  chmod +x "$work/killing_spawning"
  code=0
  LC_STUDY_TEST=spawn-$$ LOGICAL_CLOCK=$work/killing_spawning timeout -k 10 300 "$study" --engine sim --config "6 10" --runs 1 \
    --duration 5 --seed 1 --out "$work/spawn" >"$work/spawn.out" 2>&1 || code=$?
  left=$(strays "spawn-$$")
  if [[ -n $left ]]; then
    while read -r stray _; do kill "$stray" 2>/dev/null || true; done <<<"$left"
    fail "a killed worker's program that starts another: still running after the study exited: $left"
  fi
  [[ $code == 1 ]] || fail "a killed worker's program that starts another: exit $code, expected 1: $(cat "$work/spawn.out")"
  grep -q 'was lost: the worker 0 ended (exit 137)$' "$work/spawn.out" ||
    fail "a killed worker's program that starts another: $(cat "$work/spawn.out")"

  # A worker's shell killed outright, then the worker as it runs a run: nobody says the worker
  # ended, and the study finds it all the same (it looks between its waits), names the run and
  # stops; nothing is left running. (The timeout only ends a study that would wait for good.)
  cat >"$work/killing_both" <<FAKE
#!/usr/bin/env bash
parent() { local stat; stat=\$(<"/proc/\$1/stat") && stat=\${stat##*) } && set -- \$stat && echo "\$2"; }
shell=\$(parent "\$PPID") || exit 9
kill -KILL "\$shell"
kill -KILL "\$PPID"
FAKE
  chmod +x "$work/killing_both"
  code=0
  LC_STUDY_TEST=both-$$ LOGICAL_CLOCK=$work/killing_both timeout -k 10 300 "$study" --engine sim --config "6 10" --runs 1 \
    --duration 5 --seed 1 --out "$work/both" >"$work/both.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "a worker killed after its shell: exit $code, expected 1: $(cat "$work/both.out")"
  grep -q 'run 1 of configuration "6 10" (seed [0-9]*) was lost: the worker 0 ended after its shell (neither said how)$' \
    "$work/both.out" || fail "a worker killed after its shell: $(cat "$work/both.out")"
  [[ ! -e $work/both/.claim ]] || fail "a worker killed after its shell: the study's claim was left behind"
  [[ -z $(strays "both-$$") ]] || fail "a worker killed after its shell: still running: $(strays "both-$$")"
  no_report "$work/both"

  # A worker's shell stopped (SIGSTOP), then its worker killed as it runs a run: the study
  # continues the shell, which stops the run and says how its worker ended; nothing is left
  # running. (The timeout only ends a study that would wait for good.)
  cat >"$work/stopping_killing" <<FAKE
#!/usr/bin/env bash
parent() { local stat; stat=\$(<"/proc/\$1/stat") && stat=\${stat##*) } && set -- \$stat && echo "\$2"; }
shell=\$(parent "\$PPID") || exit 9
kill -STOP "\$shell"
kill -KILL "\$PPID"
exec "$bin" "\$@"
FAKE
  chmod +x "$work/stopping_killing"
  code=0
  LC_STUDY_TEST=stopkill-$$ LOGICAL_CLOCK=$work/stopping_killing timeout -k 10 300 "$study" --engine sim --config "6 10" --runs 1 \
    --duration 5 --seed 1 --out "$work/stopkill" >"$work/stopkill.out" 2>&1 || code=$?
  left=$(strays "stopkill-$$")
  if [[ -n $left ]]; then
    while read -r stray _; do kill -CONT "$stray" 2>/dev/null; kill "$stray" 2>/dev/null || true; done <<<"$left"
    fail "a worker killed after its shell was stopped: still running after the study exited: $left"
  fi
  [[ $code == 1 ]] || fail "a worker killed after its shell was stopped: exit $code, expected 1: $(cat "$work/stopkill.out")"
  grep -q 'run 1 of configuration "6 10" (seed [0-9]*) was lost: the worker 0 ended (exit 137)$' "$work/stopkill.out" ||
    fail "a worker killed after its shell was stopped: $(cat "$work/stopkill.out")"
  no_report "$work/stopkill"

  # No word from bash when a worker's shell is killed: the study's line is the only one.
  ! grep -q 'Killed' "$work/both.out" "$work/lost.out" || fail "bash reported a killed shell: $(cat "$work/both.out")"

  # A worker's shell killed outright before its worker said its PID, the worker ending without
  # a word (a stand-in for the workers' bash): the study finds it all the same and stops.
  mkdir "$work/unstarted"
  printf '%s\n' '#!'"$(command -v bash)" \
    '[[ ${1:-} == */study_run.sh && ${2:-} == --worker ]] && { kill -KILL "$PPID"; exit 3; }' \
    "exec $(command -v bash) \"\$@\"" >"$work/unstarted/bash"
  chmod +x "$work/unstarted/bash"
  code=0
  PATH=$work/unstarted:$PATH LC_STUDY_TEST=unstarted-$$ timeout -k 10 300 "$study" --engine sim --config "6 10" --runs 1 \
    --duration 5 --seed 1 --out "$work/unstarted_study" >"$work/unstarted.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "a worker's shell killed at its start: exit $code, expected 1: $(cat "$work/unstarted.out")"
  grep -q '^run_experiments.sh: worker 0 ended as it started (its shell was killed first; neither said how)$' \
    "$work/unstarted.out" || fail "a worker's shell killed at its start: $(cat "$work/unstarted.out")"
  [[ $(grep -c . "$work/unstarted.out") == 3 ]] || fail "a worker's shell killed at its start, more said: $(cat "$work/unstarted.out")"
  [[ ! -e $work/unstarted_study/.claim ]] || fail "a worker's shell killed at its start: the study's claim was left behind"
  no_report "$work/unstarted_study"

  # The same while a program with no environment at all runs (started after the study: as a
  # program mid-exec reads for a moment): it is no worker, and the study stops all the same.
  mkdir "$work/unstarted_envless"
  printf '%s\n' '#!'"$(command -v bash)" \
    '[[ ${1:-} == */study_run.sh && ${2:-} == --worker ]] &&' \
    "  { env -i $(command -v sleep) 300 </dev/null >/dev/null 2>&1 & echo \$! >$work/envless.pid; kill -KILL \"\$PPID\"; exit 3; }" \
    "exec $(command -v bash) \"\$@\"" >"$work/unstarted_envless/bash"
  chmod +x "$work/unstarted_envless/bash"
  code=0
  PATH=$work/unstarted_envless:$PATH timeout -k 10 300 "$study" --engine sim --config "6 10" --runs 1 --duration 5 --seed 1 \
    --out "$work/envless_study" >"$work/envless.out" 2>&1 || code=$?
  [[ ! -s $work/envless.pid ]] || kill "$(<"$work/envless.pid")" 2>/dev/null || true
  [[ $code == 1 ]] || fail "a worker's shell killed at its start, a program with no environment running: exit $code, expected 1: $(cat "$work/envless.out")"
  grep -q '^run_experiments.sh: worker 0 ended as it started (its shell was killed first; neither said how)$' \
    "$work/envless.out" || fail "a worker's shell killed at its start, a program with no environment running: $(cat "$work/envless.out")"
  no_report "$work/envless_study"

  # A worker's shell stopped (SIGSTOP) for good, its worker running on: once the runs are done
  # the study continues it and ends complete.
  mkdir "$work/stopped"
  printf '%s\n' '#!'"$(command -v bash)" \
    '[[ ${1:-} == */study_run.sh && ${2:-} == --worker ]] && kill -STOP "$PPID"' \
    "exec $(command -v bash) \"\$@\"" >"$work/stopped/bash"
  chmod +x "$work/stopped/bash"
  code=0
  PATH=$work/stopped:$PATH LC_STUDY_TEST=stopped-$$ timeout -k 10 300 "$study" --engine sim --config "6 10" --runs 2 \
    --graphs 0 --duration 5 --seed 1 --out "$work/stopped_study" >"$work/stopped.out" 2>&1 || code=$?
  [[ $code == 0 && -s $work/stopped_study/REPORT.md ]] ||
    fail "a stopped worker's shell: exit $code, expected 0: $(cat "$work/stopped.out")"
  [[ -z $(strays "stopped-$$") ]] || fail "a stopped worker's shell: still running: $(strays "stopped-$$")"

  # SIGTERMs to the study's process group, one every 2 ms (200 at most), as its 64 workers start
  # (some of their shells killed as they start, before the study has taken them out of its job
  # table): the study stops as on any signal, with its own lines only; nothing is left running.
  # (Not an unbroken flood: bash 5.2 itself then crashes now and then, SIGSEGV, as it did before
  # the workers' shells were taken out of the job table.)
  local storm_pid i
  LC_STUDY_TEST=storm-$$ setsid "$study" --engine sim --config "6 10" --runs 64 --jobs 64 --graphs 0 --duration 5 --seed 1 \
    --out "$work/storm" >"$work/storm.out" 2>&1 &
  storm_pid=$!
  storm_starting() { [[ -p $work/storm/.claim/tasks63 ]] || ! kill -0 "$storm_pid" 2>/dev/null; }
  wait_until "the study's 64 workers to start (pid $storm_pid)" storm_starting
  for ((i = 0; i < 200; i++)); do
    kill -TERM -- "-$storm_pid" 2>/dev/null || break
    sleep 0.002
  done
  code=0
  wait "$storm_pid" || code=$?
  [[ $code == 130 ]] || fail "SIGTERMs as the workers start: exit $code, expected 130: $(cat "$work/storm.out")"
  grep -q '^run_experiments.sh: stopped by a signal before the first run$' "$work/storm.out" &&
    grep -q '^run_experiments.sh: study incomplete: ' "$work/storm.out" ||
    fail "SIGTERMs as the workers start: $(cat "$work/storm.out")"
  ! grep -q 'study_workers.sh' "$work/storm.out" || fail "SIGTERMs as the workers start, bash said: $(cat "$work/storm.out")"
  [[ ! -e $work/storm/.claim ]] || fail "SIGTERMs as the workers start: the study's claim was left behind"
  [[ -z $(strays "storm-$$") ]] || fail "SIGTERMs as the workers start: still running: $(strays "storm-$$")"

  # A worker stopped (SIGSTOP) before it said its PID (a stand-in for the workers' bash stops
  # itself), then a Ctrl-C to the study's process group: the study continues it as it stops,
  # and ends; nothing is left running.
  mkdir "$work/stopped_early"
  printf '%s\n' '#!'"$(command -v bash)" \
    '[[ ${1:-} == */study_run.sh && ${2:-} == --worker ]] && kill -STOP $$' \
    "exec $(command -v bash) \"\$@\"" >"$work/stopped_early/bash"
  chmod +x "$work/stopped_early/bash"
  PATH=$work/stopped_early:$PATH LC_STUDY_TEST=early-$$ setsid env --default-signal=INT "$study" --engine sim --config "6 10" --runs 1 --duration 5 \
    --seed 1 --out "$work/early" >"$work/early.out" 2>&1 &
  ctrl_c_once_stopped $! "early-$$" "$work/early" "a worker stopped before it said its PID"

  # A worker stopped (SIGSTOP) as it runs a run, then a Ctrl-C to the study's process group:
  # the study continues it as it passes the signal on, and ends; nothing is left running.
  printf '#!/usr/bin/env bash\nkill -STOP $PPID\nexec "%s" "$@"\n' "$bin" >"$work/stopping_worker"
  chmod +x "$work/stopping_worker"
  LOGICAL_CLOCK=$work/stopping_worker LC_STUDY_TEST=busy-$$ setsid env --default-signal=INT "$study" --engine sim \
    --config "6 10" --runs 1 --duration 5 --seed 1 --out "$work/busy" >"$work/busy.out" 2>&1 &
  ctrl_c_once_stopped $! "busy-$$" "$work/busy" "a worker stopped as it runs a run"

  # A run's program stopped (SIGSTOP), then a Ctrl-C: its worker continues it as it passes the
  # signal on; the study ends; nothing is left running.
  printf '#!/usr/bin/env bash\nkill -STOP $$\nexec "%s" "$@"\n' "$bin" >"$work/stopping_program"
  chmod +x "$work/stopping_program"
  LOGICAL_CLOCK=$work/stopping_program LC_STUDY_TEST=sprog-$$ setsid env --default-signal=INT "$study" --engine sim \
    --config "6 10" --runs 1 --duration 5 --seed 1 --out "$work/sprog" >"$work/sprog.out" 2>&1 &
  ctrl_c_once_stopped $! "sprog-$$" "$work/sprog" "a run's program stopped"

  # The workers' results pipe full as they end (as some 5,500 workers' last lines would fill it;
  # here a stand-in for the workers' bash fills it once its worker has ended): the study ends
  # all the same.
  mkdir "$work/fullpipe"
  printf '%s\n' '#!'"$(command -v bash)" \
    'if [[ ${1:-} == */study_run.sh && ${2:-} == --worker ]]; then' \
    '  status=0' \
    "  $(command -v bash) \"\$@\" || status=\$?" \
    '  dd if=/dev/zero of="${6%/*}/results" bs=4096 count=64 oflag=nonblock 2>/dev/null' \
    '  exit "$status"' \
    'fi' \
    "exec $(command -v bash) \"\$@\"" >"$work/fullpipe/bash"
  chmod +x "$work/fullpipe/bash"
  (
    code=0
    PATH=$work/fullpipe:$PATH LC_STUDY_TEST=fullpipe-$$ "$study" --engine sim --config "6 10" --runs 2 --graphs 0 --duration 5 \
      --seed 1 --out "$work/fullpipe_study" >"$work/fullpipe.out" 2>&1 || code=$?
    echo "$code" >"$work/fullpipe.code"
  ) &
  local full_pid=$!
  fullpipe_ended() { [[ -e $work/fullpipe.code ]]; }
  wait_until "the study to end (results pipe full; pid $full_pid)" fullpipe_ended
  wait "$full_pid"
  [[ $(<"$work/fullpipe.code") == 0 && -s $work/fullpipe_study/REPORT.md ]] ||
    fail "the results pipe full: exit $(<"$work/fullpipe.code"): $(cat "$work/fullpipe.out")"
  [[ ! -e $work/fullpipe_study/.claim ]] || fail "the results pipe full: the study's claim was left behind"
  pass

  # Too few open files for the workers' results pipe itself (bash opens it at fd 10 or above):
  # one line that says so, and the claim is given up.
  code=0
  (ulimit -n 10 && "$study" --engine sim --config "6 10" --runs 1 --duration 5 --seed 1 --out "$work/fds10") \
    >"$work/fds10.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "ulimit -n 10: exit $code, expected 1: $(cat "$work/fds10.out")"
  grep -q "cannot open the workers' pipe .*(ulimit -n is 10)$" "$work/fds10.out" || fail "ulimit -n 10: $(cat "$work/fds10.out")"
  [[ ! -e $work/fds10/.claim ]] || fail "ulimit -n 10: the study's claim was left behind: $(ls -A "$work/fds10/.claim")"
  no_report "$work/fds10"

  # More slots than the soft limit of open files allows (a worker's pipe is one each), below
  # the hard one: the soft limit is raised, and the study runs as it did before the workers.
  local hard
  hard=$(ulimit -Hn)
  if [[ $hard == unlimited ]] || ((hard >= 72)); then
    code=0
    (ulimit -Sn 32 && "$study" --engine sim --config "6 10" --runs 40 --jobs 40 --graphs 0 --duration 5 --seed 1 \
      --out "$work/soft_fds") >"$work/soft_fds.out" 2>&1 || code=$?
    [[ $code == 0 && -s $work/soft_fds/REPORT.md ]] ||
      fail "a soft limit of 32 open files, --jobs 40: exit $code: $(cat "$work/soft_fds.out")"
    pass
  fi

  # More slots than open files allow (a worker's pipe is one each): one line that says so.
  code=0
  (ulimit -n 32 && "$study" --engine sim --config "6 10" --runs 40 --jobs 40 --duration 5 --seed 1 --out "$work/fds") \
    >"$work/fds.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "too few open files: exit $code, expected 1: $(cat "$work/fds.out")"
  grep -q "cannot make worker [0-9]*'s pipe in .*(--jobs 40: one open file each; ulimit -n is 32)" "$work/fds.out" ||
    fail "too few open files: $(cat "$work/fds.out")"
  [[ ! -e $work/fds/.claim ]] || fail "too few open files: the study's claim was left behind"
  no_report "$work/fds"

  # An lcstat that cannot read a run (exit 2) with something to say: the run's .lcstat.out
  # holds it, and the study shows it.
  printf '#!/usr/bin/env bash\necho "lcstat: $1: unreadable, on purpose" >&2\nexit 2\n' >"$work/unreadable_lcstat"
  chmod +x "$work/unreadable_lcstat"
  code=0
  LCSTAT=$work/unreadable_lcstat "$study" --engine sim --config "6 10" --runs 3 --jobs 2 --duration 5 --seed 1 \
    --out "$work/unreadable" >"$work/unreadable.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "an lcstat exiting 2: exit $code, expected 1: $(cat "$work/unreadable.out")"
  grep -q "could not analyse .*/r6-k10/run1 (lcstat exit 2)" "$work/unreadable.out" &&
    grep -q "run1: unreadable, on purpose" "$work/unreadable.out" ||
    fail "an lcstat exiting 2: $(cat "$work/unreadable.out")"
  grep -q "run1: unreadable, on purpose" "$work/unreadable/r6-k10/run1.lcstat.out" ||
    fail "lcstat's output is not in run1.lcstat.out"
  [[ ! -e $work/unreadable/.claim ]] || fail "the study's claim is left after a failed check"
  no_report "$work/unreadable"

  # A run stopped by a signal to its logical_clock alone (run.txt: status=stopped, exit 0, as
  # logical_clock does): a study takes whole runs only.
  cat >"$work/stopping" <<FAKE
#!/usr/bin/env bash
"$bin" "\$@" || exit
while ((\$#)); do [[ \$1 == -o ]] && out=\$2; shift; done
sed -i 's/^status=complete$/status=stopped/' "\$out/run.txt"
FAKE
  chmod +x "$work/stopping"
  code=0
  LOGICAL_CLOCK=$work/stopping "$study" --engine sim --config "6 10" --runs 1 --duration 5 --seed 1 --out "$work/stopping_study" \
    >"$work/stopping.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "a stopped run: exit $code, expected 1: $(cat "$work/stopping.out")"
  grep -q 'run 1 of configuration "6 10" (seed [0-9]*) was stopped by a signal to it' "$work/stopping.out" ||
    fail "a stopped run: $(cat "$work/stopping.out")"
  no_report "$work/stopping_study"

  # A run's logical_clock and its check (lcstat) are one task: a run that ends whole while
  # the study stops for another still gets its check, and the run named is the first in the
  # study's order that failed. Run 1 breaks the rules too, but ends only once run 2's check has
  # found its violations.
  cat >"$work/breaking_late" <<FAKE
#!/usr/bin/env bash
args=("\$@")
while ((\$#)); do [[ \$1 == -o ]] && out=\$2; shift; done
if [[ \$out == */run1 ]]; then until [[ -s \${out%/run1}/run2.lcstat.out ]]; do sleep 0.02; done; fi
exec "$work/breaking" "\${args[@]}"
FAKE
  chmod +x "$work/breaking_late"
  code=0
  LOGICAL_CLOCK=$work/breaking_late "$study" --engine sim --config "6 10" --runs 2 --jobs 2 --duration 5 --seed 1 \
    --out "$work/broken_late" >"$work/broken_late.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "two broken runs: exit $code, expected 1: $(cat "$work/broken_late.out")"
  grep -q 'run 1 of configuration "6 10" (seed [0-9]*) breaks the model' "$work/broken_late.out" ||
    fail "two broken runs, run 1 ending last: run 1 not named: $(cat "$work/broken_late.out")"
  grep -q "r6-k10/run1/vm_2_4.log:12:" "$work/broken_late/r6-k10/run1.lcstat.out" ||
    fail "run 1, ended as the study stopped, was not checked: $(ls "$work/broken_late/r6-k10")"
  no_report "$work/broken_late"

  # A run stopped by a signal to it while an earlier run fails (once the study has taken the
  # stopped one's end): the failure named is run 1's, and for what it is.
  cat >"$work/stopping_late" <<FAKE
#!/usr/bin/env bash
args=("\$@")
while ((\$#)); do [[ \$1 == -o ]] && out=\$2; shift; done
if [[ \$out == */run1 ]]; then
  until [[ -s \${out%/run1}/run2.pid ]]; do sleep 0.02; done
  while [[ -e /proc/\$(<"\${out%/run1}/run2.pid") ]]; do sleep 0.02; done
  echo "machine 1 failed" >&2
  exit 3
fi
"$work/stopping" "\${args[@]}" || exit
echo \$\$ >"\$out.pid"
FAKE
  chmod +x "$work/stopping_late"
  code=0
  LOGICAL_CLOCK=$work/stopping_late "$study" --engine sim --config "6 10" --runs 2 --jobs 2 --duration 5 --seed 1 \
    --out "$work/stopping_late_study" >"$work/stopping_late.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "a failed run and a stopped one: exit $code, expected 1: $(cat "$work/stopping_late.out")"
  grep -q 'run 1 of configuration "6 10" (seed [0-9]*) failed: logical_clock exit 3' "$work/stopping_late.out" ||
    fail "a failed run and a stopped one: $(cat "$work/stopping_late.out")"
  ! grep -q 'stopped by a signal to it' "$work/stopping_late.out" ||
    fail "a failed run and a stopped one: the failed one said to be stopped: $(cat "$work/stopping_late.out")"
  no_report "$work/stopping_late_study"

  # Without gnuplot: the install line, exit 1, before any run.
  mkdir "$work/path"
  local tool
  for tool in bash dirname basename cat awk tr sed find mv rm od date ls mkdir env nproc setsid; do
    ln -s "$(command -v "$tool")" "$work/path/$tool"
  done
  # sudo too where it is installed, so that the hint is the one its user gets.
  if command -v sudo >/dev/null; then ln -s "$(command -v sudo)" "$work/path/sudo"; fi
  code=0
  PATH=$work/path "$study" --config "6 10" --runs 1 --duration 1 --speed 50 --out "$work/nognuplot" >"$work/ng.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "without gnuplot: exit $code, expected 1"
  local hint="apt-get update && apt-get install -y --no-install-recommends gnuplot-nox"
  if ((EUID != 0)); then
    if command -v sudo >/dev/null; then hint="sudo apt-get update && sudo ${hint#*&& }"; else hint="as root, $hint"; fi
  fi
  grep -qF -- "install it first: $hint" "$work/ng.out" || fail "no install hint '$hint': $(cat "$work/ng.out")"
  [[ ! -e $work/nognuplot ]] || fail "runs started without gnuplot"
  pass
}

part_full_disk() {
  # A disk that fills up as the report's graphs are drawn (a stand-in gnuplot fills it first;
  # gnuplot itself exits 0 on an image it could not write): exit 1 naming the graph, no report.
  ((EUID == 0)) || { echo "run_experiments_test: the full-disk case skipped: only root can mount a small tmpfs"; exit 77; }
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
  pass
}

case $part in
  real | sim | sweep | usage | failures | full_disk) "part_$part" ;;
  *) fail "unknown part '$part' (real, sim, sweep, usage, failures or full_disk)" ;;
esac
echo "run_experiments_test $part: all $checks checks passed"
