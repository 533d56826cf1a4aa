#!/usr/bin/env bash
# run_experiments.sh against signals and against a second study on its directory, each moment
# chosen by the state the study is in, never by a delay. Parts (each a CTest test):
#   int    Ctrl-C (SIGINT to the study's process group) while each tool call of a small study
#          in turn waits: a stand-in for every tool numbers its call, and the chosen one holds
#          until the signal has been sent; every time: exit 130, the stop message, no report, no
#          run said to have failed, every run's logs whole, no claim left, nothing left running
#   term   the same with SIGTERM to the script alone
#   ctrl_c Ctrl-C in the middle of a real run: its logs end whole (status=stopped), lcstat
#          accepts them, no further run starts; SIGTERM to the whole process group likewise,
#          its drain not cut short; over --hosts; once every run has ended
#          while a run's graphs are still drawn: the message says so; and a second Ctrl-C as
#          the stopped study gives up its claim: the claim is given up all the same
#   claim  two studies started at once on one empty --out, held together just before the claim
#          (and, for a version that checks before it claims, between the check and its use): one
#          gets the directory and completes, the other refuses in one line, exit 2
#   study_signal_test.sh PART SOURCE_DIR LOGICAL_CLOCK LCSTAT LCSTUDY
part=$1
shift
# shellcheck source=tests/lcstat/study_test_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/study_test_lib.sh"

st=$work/state
mkdir -p "$st" "$work/bin"
mkfifo "$st/events"
# The test's end of the events fifo, open for reading and writing so that neither side ever
# blocks on opening it: stand-ins and watchers write lines, the test reads them in order.
exec {ev}<>"$st/events"

# standin NAME REAL [FILTER]: $work/bin/NAME, which numbers its call (mkdir of calls/N is atomic
# across the study's processes) and execs REAL; the call numbered as in $st/hold first says
# "hold N NAME" on the events fifo, then waits until the test writes a line into $st/gate. A
# FILTER (bash) that fails lets a call through uncounted, as does any call while there is no
# $st/calls to count in.
standin() {
  cat >"$work/bin/$1" <<EOF
#!/usr/bin/env bash
${3:-}
n=1
until mkdir "$st/calls/\$n" 2>/dev/null; do [[ -d "$st/calls" ]] || exec "$2" "\$@"; n=\$((n + 1)); done
if [[ -e "$st/hold" && \$n == "\$(<"$st/hold")" ]]; then
  echo "hold \$n $1" >"$st/events"
  read -r _ <"$st/gate"
fi
exec "$2" "\$@"
EOF
  chmod +x "$work/bin/$1"
}
standin logical_clock "$bin"
standin lcstat "$lcstat"
standin lcstudy "$lcstudy"
standin gnuplot "$(command -v gnuplot)"
# awk only when run_experiments.sh itself calls it (plot.sh calls it often; its gnuplot calls
# mark its moments).
standin awk "$(command -v awk)" \
  'mapfile -d "" -t caller </proc/$PPID/cmdline; [[ ${caller[1]:-} == */run_experiments.sh ]] || exec '"$(command -v awk)"' "$@"'

# start_study TAG OUT ARGS...: the study with the stand-ins, in a process group of its own (as
# a shell runs a command), its output in $work/TAG.out; a watcher says "pid P" and, once it has
# ended, "exit STATUS" on the events fifo.
start_study() {
  local tag=$1 out=$2
  shift 2
  (
    PATH=$work/bin:$PATH LOGICAL_CLOCK=$work/bin/logical_clock LCSTAT=$work/bin/lcstat LCSTUDY=$work/bin/lcstudy \
      setsid env --default-signal=INT LC_STUDY_TEST="$tag" "$study" "$@" --out "$out" >"$work/$tag.out" 2>&1 {ev}>&- &
    local pid=$! status=0
    echo "pid $pid $tag" >&"$ev"
    wait "$pid" || status=$?
    echo "exit $status $tag" >&"$ev"
  ) &
}

# next_event: the next line of the events fifo into the array event.
next_event() {
  read -r -t 300 -a event <&"$ev" || fail "no event in 300 s: a hang"
}

# open_gate: the held call goes on. The gate is made anew for each hold; the test keeps it open
# until the next, so the line waits there for a stand-in that has not opened it yet.
gate=""
new_gate() {
  [[ -z $gate ]] || exec {gate}>&-
  rm -f "$st/gate"
  mkfifo "$st/gate"
  exec {gate}<>"$st/gate"
}
open_gate() { echo go >&"$gate"; }

# check_stopped DIR STATUS TAG: a study stopped by a signal, as it must be.
stages=()
check_stopped() {
  local dir=$1 status=$2 tag=$3 what left run
  what="$(head -c 2000 "$work/$tag.out")"
  [[ $status == 130 ]] || fail "$tag: exit $status, expected 130: $what"
  grep -q '^run_experiments.sh: stopped by a signal ' "$work/$tag.out" || fail "$tag: no stop message: $what"
  ! grep -qE 'failed|could not|breaks|unbound|no such job|line [0-9]+:|command not found' "$work/$tag.out" ||
    fail "$tag: a failure reported on a stop: $what"
  no_report "$dir"
  [[ ! -e $dir/.claim ]] || fail "$tag: the study's claim was left behind"
  left=$(strays "$tag")
  [[ -z $left ]] || fail "$tag: still running after the study exited: $left"
  for run in "$dir"/*/run*/run.txt; do
    [[ -e $run ]] || continue
    "$lcstat" "${run%/run.txt}" --no-write -q >/dev/null 2>&1 || fail "$tag: lcstat rejects ${run%/run.txt}: $what"
  done
  stages+=("$(sed -n 's/^run_experiments.sh: stopped by a signal \([a-z ]*\).*/\1/p' "$work/$tag.out" | head -1)")
  pass
}

# Every tool call of a small study held in turn, SIGNAL sent while it waits.
part_signals() {
  local sig=$1 k pid status tag out held=() s
  for ((k = 1; ; k++)); do
    tag=$sig-$k-$$ out=$work/$sig$k
    rm -rf "$st/calls"
    mkdir "$st/calls"
    echo "$k" >"$st/hold"
    new_gate
    start_study "$tag" "$out" --engine sim --config "6 10" --runs 3 --graphs 1 --duration 5 --seed 3
    next_event
    pid=${event[1]}
    next_event
    if [[ ${event[0]} == exit ]]; then
      # Fewer than k calls: the study ran whole.
      [[ ${event[1]} == 0 && -s $out/REPORT.md ]] || fail "unheld study: exit ${event[1]}: $(cat "$work/$tag.out")"
      break
    fi
    held+=("${event[2]}")
    if [[ $sig == INT ]]; then kill -INT -- "-$pid"; else kill -TERM "$pid"; fi
    open_gate
    next_event
    [[ ${event[0]} == exit ]] || fail "$tag: a second hold"
    status=${event[1]}
    wait  # the watcher
    check_stopped "$out" "$status" "$tag"
  done
  # The moments covered: every tool, and every stage of the study (17 calls on 2 cores: the
  # report's graphs are one gnuplot per job slot).
  ((k > 15)) || fail "only $((k - 1)) tool calls held"
  for s in logical_clock lcstat gnuplot lcstudy awk; do
    [[ " ${held[*]} " == *" $s "* ]] || fail "no call of $s held: ${held[*]}"
  done
  for s in "before the study started" "during run" "while plotting the runs" "while writing the report"; do
    printf '%s\n' "${stages[@]}" | grep -q "^$s" || fail "no stop $s: $(printf '[%s] ' "${stages[@]}")"
  done
  echo "$sig: held ${held[*]}"
}

# Ctrl-C in the middle of a real run, and while the hosts run a study.
part_ctrl_c() {
  local out=$work/stopped tag=real-$$ pid run
  start_study "$tag" "$out" --config "6 10" --runs 2 --jobs 1 --duration 30 --seed 3
  next_event
  pid=${event[1]}
  # The moment: run 1's machines tick (their logs hold rows beyond the 2 header lines each).
  ticking() { (($(cat "$out"/r6-k10/run1/vm_*.log 2>/dev/null | wc -l) >= 12)); }
  wait_until "run 1's machines to tick" ticking
  kill -INT -- "-$pid"
  next_event
  check_stopped "$out" "${event[1]}" "$tag"
  grep -q 'stopped by a signal during run 1 ' "$work/$tag.out" || fail "Ctrl-C: $(cat "$work/$tag.out")"
  grep -q '^status=stopped$' "$out/r6-k10/run1/run.txt" || fail "run.txt: $(cat "$out/r6-k10/run1/run.txt")"
  [[ ! -e $out/r6-k10/run2 ]] || fail "the study went on after Ctrl-C"
  wait

  # SIGTERM to the study's whole process group (as timeout(1), systemd or kill -TERM -PGID send
  # it) in the middle of a real run whose messages take 1 s (its drain as long): logical_clock
  # gets that one signal, and no second at once from the shell that runs it (two cut its drain
  # short: forced=1, messages lost); its logs end whole. (Three times: whether two signals sent
  # at once reach the machines as two depends on the moment; f278e20 failed 2 times in 5.)
  local slow try
  slow_ticking() { (($(cat "$slow"/run1/vm_*.log 2>/dev/null | wc -l) >= 12)); }
  for try in 1 2 3; do
    out=$work/group_term$try tag=group-term-$try-$$ slow=$work/group_term$try/r6-k10-delay1000ms
    start_study "$tag" "$out" --sweep latency_ms=1000..1000 --runs 2 --jobs 1 --duration 30 --seed 3
    next_event
    pid=${event[1]}
    wait_until "run 1's machines to tick" slow_ticking
    kill -TERM -- "-$pid"
    next_event
    check_stopped "$out" "${event[1]}" "$tag"
    grep -q '^status=stopped$' "$slow/run1/run.txt" || fail "SIGTERM to the group: $(cat "$slow/run1/run.txt")"
    ! grep -qE '^(forced=1|failed=|lost_)' "$slow/run1/run.txt" ||
      fail "SIGTERM to the group (try $try): the run was cut: $(cat "$slow/run1/run.txt")"
    [[ ! -e $slow/run2 ]] || fail "the study went on after SIGTERM to its group"
    wait
  done

  # A worker's shell killed outright before its worker has said it started (a stand-in for the
  # workers' bash kills it, and ends), then SIGTERM to the study: it stops all the same.
  mkdir -p "$work/deadshell"
  printf '%s\n' '#!'"$(command -v bash)" \
    'if [[ ${1:-} == */study_run.sh && ${2:-} == --worker ]]; then' \
    "  kill -KILL \$PPID; echo 'hold 1 worker' >\"$st/events\"; exit 1" \
    'fi' \
    "exec $(command -v bash) \"\$@\"" >"$work/deadshell/bash"
  chmod +x "$work/deadshell/bash"
  out=$work/deadshell_study tag=deadshell-$$
  PATH=$work/deadshell:$PATH start_study "$tag" "$out" --engine sim --config "6 10" --runs 1 --duration 5 --seed 3
  next_event
  pid=${event[1]}
  next_event
  [[ ${event[0]} == hold && ${event[2]} == worker ]] || fail "a dead worker's shell: ${event[*]}: $(cat "$work/$tag.out")"
  kill -TERM "$pid"
  next_event
  # (not check_stopped: bash says the shell was killed, "line N: PID Killed")
  [[ ${event[1]} == 130 ]] && grep -q '^run_experiments.sh: stopped by a signal before the first run' "$work/$tag.out" ||
    fail "a dead worker's shell, then SIGTERM: exit ${event[1]}: $(cat "$work/$tag.out")"
  [[ ! -e $out/.claim && -z $(strays "$tag") ]] || fail "a dead worker's shell: claim or processes left: $(strays "$tag")"
  no_report "$out"
  wait

  # Over --hosts (GNU parallel and a stand-in ssh that runs each "host" here, in a directory
  # of its own, as sshd would): Ctrl-C while run 1 is held on its host, before its
  # logical_clock starts, and while a real run's machines tick there.
  make_fakessh
  printf '1/%s hostA\n' "$work/fakessh" >"$work/hosts"
  out=$work/hosted tag=hosted-$$
  rm -rf "$st/calls"
  mkdir "$st/calls"
  # Call 2: the first of logical_clock (call 1 is awk's, on --duration).
  echo 2 >"$st/hold"
  new_gate
  FAKE_REMOTE=$work/remote start_study "$tag" "$out" --engine sim --config "6 10" --runs 2 --duration 5 --seed 3 \
    --hosts "$work/hosts"
  next_event
  pid=${event[1]}
  next_event
  [[ ${event[0]} == hold && ${event[2]} == logical_clock ]] || fail "over --hosts: ${event[*]}: $(cat "$work/$tag.out")"
  kill -INT -- "-$pid"
  open_gate
  next_event
  check_hosted_stop "$out" "${event[1]}" "$tag" hostA-held
  wait

  rm -rf "$st/calls" "$st/hold" "$work/remote/hostA"
  out=$work/hosted-real tag=hosted-real-$$
  FAKE_REMOTE=$work/remote start_study "$tag" "$out" --config "6 10" --runs 2 --duration 30 --seed 3 \
    --hosts "$work/hosts"
  next_event
  pid=${event[1]}
  ticking_there() { (($(cat "$work"/remote/hostA/r6-k10/run1/vm_*.log 2>/dev/null | wc -l) >= 12)); }
  wait_until "run 1's machines to tick on the host" ticking_there
  kill -INT -- "-$pid"
  next_event
  check_hosted_stop "$out" "${event[1]}" "$tag"
  run=$work/remote/hostA/r6-k10/run1
  grep -q '^status=stopped$' "$run/run.txt" || fail "over --hosts, the run on the host: $(cat "$run/run.txt")"
  # One signal reached it: its drain was not cut short, no machine was killed.
  ! grep -qE '^(forced=1|failed=)' "$run/run.txt" || fail "over --hosts, the run was cut: $(cat "$run/run.txt")"
  wait

  # Ctrl-C once every run has ended but run 1's graphs are still being drawn (a run's graphs
  # are drawn as soon as it ends, beside the next runs): the message says the study was
  # plotting, not that the last run started was running. Run 1's first gnuplot holds; run 2
  # waits until it does, so that run 3 starts after run 1's plot.sh and ends before it.
  out=$work/plotting tag=plotting-$$
  rm -rf "$st/calls" "$st/hold" "$st/plot_held"
  new_gate
  cat >"$work/bin/gnuplot" <<EOF
#!/usr/bin/env bash
if [[ " \$* " == *"/r6-k10/run1/"* ]] && mkdir "$st/plot_held" 2>/dev/null; then
  echo "hold 1 gnuplot" >"$st/events"
  read -r _ <"$st/gate"
fi
exec "$(command -v gnuplot)" "\$@"
EOF
  cat >"$work/bin/logical_clock" <<EOF
#!/usr/bin/env bash
if [[ " \$* " == *"/r6-k10/run2 "* ]]; then until [[ -d "$st/plot_held" ]]; do sleep 0.02; done; fi
exec "$bin" "\$@"
EOF
  start_study "$tag" "$out" --engine sim --config "6 10" --runs 3 --graphs 1 --jobs 2 --duration 5 --seed 3
  next_event
  pid=${event[1]}
  next_event
  [[ ${event[0]} == hold ]] || fail "run 1's graphs: ${event[*]}: $(cat "$work/$tag.out")"
  runs_ended() { grep -q '^\[3/3\] ' "$work/$tag.out"; }
  wait_until "every run to end" runs_ended
  kill -INT -- "-$pid"
  open_gate
  next_event
  check_stopped "$out" "${event[1]}" "$tag"
  grep -q 'stopped by a signal while plotting the runs' "$work/$tag.out" ||
    fail "Ctrl-C while only run 1's graphs were drawn: $(cat "$work/$tag.out")"
  wait

  # A second Ctrl-C as the stopped study gives up its claim (rmdir of DIR/.claim, here held):
  # the claim is still given up, and the study ends as the first Ctrl-C said.
  out=$work/twice tag=twice-$$
  new_gate
  cat >"$work/bin/logical_clock" <<EOF
#!/usr/bin/env bash
if [[ " \$* " == *"/r6-k10/run1 "* ]]; then
  echo "hold 1 logical_clock" >"$st/events"
  read -r _ <"$st/gate"
fi
exec "$bin" "\$@"
EOF
  cat >"$work/bin/rmdir" <<EOF
#!/usr/bin/env bash
if [[ \${1:-} == */.claim ]]; then
  echo "hold 2 rmdir" >"$st/events"
  read -r _ <"$st/gate"
fi
exec "$(command -v rmdir)" "\$@"
EOF
  chmod +x "$work/bin/rmdir"
  start_study "$tag" "$out" --engine sim --config "6 10" --runs 2 --graphs 0 --jobs 1 --duration 5 --seed 3
  next_event
  pid=${event[1]}
  next_event
  [[ ${event[0]} == hold && ${event[2]} == logical_clock ]] || fail "twice: ${event[*]}: $(cat "$work/$tag.out")"
  kill -INT -- "-$pid"
  open_gate
  next_event
  [[ ${event[0]} == hold && ${event[2]} == rmdir ]] || fail "twice: ${event[*]}: $(cat "$work/$tag.out")"
  kill -INT -- "-$pid"
  open_gate
  next_event
  rm "$work/bin/rmdir"
  check_stopped "$out" "${event[1]}" "$tag"
  grep -q 'stopped by a signal during run 1 ' "$work/$tag.out" || fail "twice: $(cat "$work/$tag.out")"
  wait
}

# check_hosted_stop DIR STATUS TAG: a study over --hosts stopped by a Ctrl-C, as it must be
# here (check_stopped), and on its host: the run there ends once its ssh has gone (GNU
# parallel's remote side sends it the study's --termseq), and leaves logs lcstat accepts.
check_hosted_stop() {
  local tag=$3 run
  check_stopped "$@"
  grep -q 'stopped by a signal while the hosts ran the study' "$work/$tag.out" ||
    fail "Ctrl-C over --hosts: $(cat "$work/$tag.out")"
  no_remote_strays() { [[ -z $(remote_strays "$tag") ]]; }
  wait_until "the run on the host to end" no_remote_strays
  for run in "$work"/remote/hostA/r6-k10/run*/run.txt; do
    [[ -e $run ]] || continue
    "$lcstat" "${run%/run.txt}" --no-write -q >/dev/null 2>&1 || fail "lcstat rejects the run left on the host"
  done
  pass
}

# barrier NAME REAL [FILTER]: $work/bin/NAME, whose every call (that FILTER lets through) runs
# REAL first, says "arrive NAME" and waits for a line in $st/NAME.gate before it answers with
# REAL's output and status: a study's view of things is held back until the test lets it go.
barrier() {
  mkfifo "$st/$1.gate"
  printf '%s\n' '#!/usr/bin/env bash' "${3:-}" \
    "seen=\$(\"$2\" \"\$@\")" 'status=$?' \
    "echo \"arrive $1\" >\"$st/events\"" \
    "read -r _ <\"$st/$1.gate\"" \
    '[[ -z $seen ]] || printf "%s\n" "$seen"' 'exit $status' >"$work/bin/$1"
  chmod +x "$work/bin/$1"
}

# Two studies started at once on one empty directory.
part_claim() {
  local out=$work/shared a=claim-a-$$ b=claim-b-$$ tool nproc_gate ls_gate
  # Only logical_clock is a stand-in here; its first call holds.
  for tool in lcstat lcstudy gnuplot awk; do rm "$work/bin/$tool"; done
  ln -s "$lcstat" "$work/bin/lcstat"
  ln -s "$lcstudy" "$work/bin/lcstudy"
  rm -rf "$st/calls"
  mkdir "$st/calls"
  echo 1 >"$st/hold"
  new_gate
  # Barriers: nproc, which a study calls once just before it takes --out; ls -A on --out, with
  # which a study that checks --out before it claims it would look.
  barrier nproc "$(command -v nproc)"
  barrier ls "$(command -v ls)" "[[ \" \$* \" == *\" $out \"* ]] || exec $(command -v ls) \"\$@\""
  exec {nproc_gate}<>"$st/nproc.gate" {ls_gate}<>"$st/ls.gate"
  mkdir "$out"
  start_study "$a" "$out" --engine sim --config "6 10" --runs 2 --duration 5 --seed 3
  start_study "$b" "$out" --engine sim --config "6 10" --runs 2 --duration 5 --seed 4
  local -A arrived=() ended=()
  local holding=0 opened=0
  while ((${#ended[@]} < 2)); do
    next_event
    case ${event[0]} in
      arrive)
        arrived[${event[1]}]=$((${arrived[${event[1]}]:-0} + 1))
        # Both there: both go on at once.
        if ((arrived[${event[1]}] == 2)); then
          if [[ ${event[1]} == nproc ]]; then printf 'go\ngo\n' >&"$nproc_gate"; else printf 'go\ngo\n' >&"$ls_gate"; fi
        fi
        ;;
      hold) holding=1 ;;
      exit) ended[${event[2]}]=${event[1]} ;;
    esac
    # The study holding logical_clock goes on once the other has ended.
    if ((holding && ${#ended[@]} == 1 && !opened)); then
      open_gate
      opened=1
    fi
  done
  wait
  local winner=$a loser=$b
  [[ ${ended[$a]} == 2 ]] && winner=$b loser=$a
  [[ ${ended[$loser]} == 2 && ${ended[$winner]} == 0 ]] ||
    fail "two studies on one directory: exits ${ended[$a]} and ${ended[$b]}, expected 0 and 2:" \
      "$(cat "$work/$a.out" "$work/$b.out")"
  [[ $(wc -l <"$work/$loser.out") == 1 ]] && grep -q "^run_experiments.sh: $out is taken by another study" "$work/$loser.out" ||
    fail "the second study on $out: $(cat "$work/$loser.out")"
  # The winner's study is whole and its own (its seed), and nothing of the loser's is in it.
  [[ -s $out/REPORT.md && ! -e $out/.claim && $(column "$out/summary.csv" run | tr '\n' ' ') == "1 2 " ]] ||
    fail "the study that took $out: $(cat "$work/$winner.out")"
  local seed=3
  [[ $winner == "$a" ]] || seed=4
  grep -q -- "--seed $seed " "$out/REPORT.md" || fail "REPORT.md is not the winner's (seed $seed)"
  pass
}

case $part in
  int) part_signals INT ;;
  term) part_signals TERM ;;
  ctrl_c | claim) "part_$part" ;;
  *) fail "unknown part '$part' (int, term, ctrl_c or claim)" ;;
esac
echo "study_signal_test $part: all $checks checks passed"
