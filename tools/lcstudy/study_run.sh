#!/usr/bin/env bash
# study_run.sh: the runs of a study: logical_clock, then lcstat on its logs.
#   study_run.sh LOGICAL_CLOCK LCSTAT DIR SEED ENGINE SPEED DURATION MACHINES RATES K [NETWORK]
#   study_run.sh --worker SLOT LOGICAL_CLOCK LCSTAT SCRATCH
# The first form is one run, as GNU parallel hands it out on another host. RATES is RATE_MAX,
# or fixed rates "1,3,6"; NETWORK, in a sweep of the network, one more option for
# logical_clock (--partition=0|1,2@30-40, --latency=50ms, --link=0-1:50ms; "-" or none:
# nothing). Writes DIR (logs, lcstat's files), DIR.out (what logical_clock printed) and
# DIR.lcstat.out.
# The second is a worker: one of run_experiments.sh's slots on this host, which runs its runs
# and plots back to back, so that the study's own shell, large and keeping a job table, forks
# nothing per run (study_workers.sh says how it hands them out). Its first line on standard
# output is "pid SLOT PID"; then it reads tasks from standard input, each a list of fields, each
# ended by a NUL, the list by an empty field:
#   run I DIR ARGS...   logical_clock ARGS (output in DIR.out), then lcstat on DIR, its output in
#                       SCRATCH and moved to DIR.lcstat.out only when there is some
#   plot I DIR PLOT_SH  PLOT_SH on DIR in a session of its own (study_tasks.sh says why), its
#                       output in DIR.plot.out
# and after each writes "done SLOT I STATUS" on standard output. It ends at the end of its input
# (exit 0; a task cut short, exit 2).
# A run's status: 0 done; logical_clock's own status when it failed; 64 + lcstat's status when
# lcstat found violations (65) or could not read the run (66); 67 lcstat did not run its course
# (its status at the end of DIR.lcstat.out); 130 the run was stopped by a signal (its logs whole;
# lcstat not run).
# A Ctrl-C reaches logical_clock itself, as does a SIGHUP to the run's process group (how GNU
# parallel stops a run); a SIGTERM to this script is passed on to the program it waits for
# (plot.sh's whole session). A worker passes one on when it gets SIGUSR1 (the study's, 2 s after
# a signal), and only stops on a SIGTERM of its own: one sent to the study's whole process group
# (timeout(1), systemd) has reached logical_clock already, and a second at once would cut its
# drain short. Either way logical_clock ends its logs properly, and this script waits for it to
# end. Needs bash 5.1 (wait -p).

# wait_child VAR: waits for the program study_run_pid runs to end, its status into VAR.
wait_child() {
  local -n waited=$1
  local named
  while :; do
    # A trapped signal ends a wait early (128 + its number) whether or not the program has
    # ended; only a wait that its end ended names it (wait -p leaves the name unset otherwise),
    # so the wait is repeated until one does.
    waited=0 named=""
    wait -n -p named "$study_run_pid" 2>/dev/null || waited=$?
    [[ -z ${named:-} ]] || break
    if ((waited == 127)); then
      # A signal that lands as wait -n takes the program out of bash's job table loses it for
      # that wait (bash 5.2); a plain wait still gives the status bash kept.
      waited=0
      wait "$study_run_pid" 2>/dev/null || waited=$?
      break
    fi
  done
  study_run_pid=""
}

# pass_term: the TERM trap's (USR1's in a worker): SIGTERM to the program waited for (to its
# session's group for one in a session of its own). One that comes before the program's PID is
# known (between the check of study_run_stop and its start) is passed on as it starts
# (start_child).
pass_term() {
  study_run_stop=1 study_run_term=1
  [[ -n $study_run_pid ]] || return 0
  study_run_term=2
  # (And SIGCONT after it: a program stopped, by SIGSTOP, would hold its SIGTERM, and this
  # script's wait for it, for good.)
  if ((study_run_session)); then
    { kill -TERM -- "-$study_run_pid" && kill -CONT -- "-$study_run_pid"; } 2>/dev/null ||
      { kill -TERM "$study_run_pid" && kill -CONT "$study_run_pid"; } 2>/dev/null || true
  else
    kill -TERM "$study_run_pid" 2>/dev/null && kill -CONT "$study_run_pid" 2>/dev/null || true
  fi
}

# start_child OUT PROGRAM ARGS...: PROGRAM started in the background (its PID in
# study_run_pid), its output in OUT. A SIGTERM to pass on that came before the PID was known is
# passed on now.
start_child() {
  local out=$1
  shift
  "$@" </dev/null >"$out" 2>&1 &
  study_run_pid=$!
  ((study_run_term != 1)) || pass_term
}

# run_checked VAR LOGICAL_CLOCK LCSTAT DIR LCSTAT_OUT ARGS...: a run and its check, the run's
# status (above) into VAR. lcstat's output goes to LCSTAT_OUT; when that is not DIR.lcstat.out,
# it is moved there only when there is some.
# shellcheck disable=SC2034 # checked_run: a nameref to the caller's variable
run_checked() {
  local -n checked_run=$1
  local bin=$2 lcstat=$3 dir=$4 lcstat_out=$5 run_status
  shift 5
  checked_run=130
  ((study_run_stop == 0)) || return 0
  study_run_session=0
  # A Ctrl-C between the check above and the run's start reaches neither the run nor this
  # script's trap; the run then gets a SIGTERM 2 s later (run_experiments.sh), like any run
  # still running.
  start_child "$dir.out" "$bin" "$@"
  wait_child run_status
  ((study_run_stop == 0)) || return 0
  checked_run=$run_status
  ((run_status == 0)) || return 0
  checked_run=130
  ! stopped_run "$dir" || return 0
  start_child "$lcstat_out" "$lcstat" "$dir" -q
  wait_child run_status
  if [[ $lcstat_out != "$dir.lcstat.out" && -s $lcstat_out ]]; then
    mv -f "$lcstat_out" "$dir.lcstat.out" 2>/dev/null || true
  fi
  checked_status run_status "$dir"
  checked_run=$run_status
}

study_run() {
  local bin=$1 lcstat=$2 dir=$3 seed=$4 engine=$5 speed=$6 duration=$7 machines=$8 rates=$9 k=${10} network=${11:--}
  [[ $dir != */* || -d ${dir%/*} ]] || mkdir -p "${dir%/*}" || exit 1
  local args=(-q -s "$seed" -o "$dir" -d "$duration" -n "$machines")
  if [[ $engine == sim ]]; then args+=(--engine sim); else args+=(--speed "$speed"); fi
  [[ $network == - ]] || args+=("$network")
  local rate_max=$rates r status
  if [[ $rates == *,* ]]; then
    args+=(-r "$rates")
    rate_max=0
    for r in ${rates//,/ }; do ((r <= rate_max)) || rate_max=$r; done
  fi
  run_checked status "$bin" "$lcstat" "$dir" "$dir.lcstat.out" "${args[@]}" "$rate_max" "$k"
  exit "$status"
}

study_worker() {
  local slot=$1 bin=$2 lcstat=$3 scratch=$4 field status task
  printf 'pid %s %s\n' "$slot" "$$"
  while :; do
    task=()
    while IFS= read -r -d '' field && [[ -n $field ]]; do task+=("$field"); done
    ((${#task[@]})) || exit 0
    ((${#task[@]} >= 3)) || exit 2
    case ${task[0]} in
      run) run_checked status "$bin" "$lcstat" "${task[2]}" "$scratch" "${task[@]:3}" ;;
      plot)
        status=130
        if ((study_run_stop == 0)); then
          study_run_session=1
          start_child "${task[2]}.plot.out" setsid "${task[3]}" "${task[2]}"
          wait_child status
        fi
        ;;
      *) status=2 ;;
    esac
    printf 'done %s %s %s\n' "$slot" "${task[1]}" "$status"
  done
}

# stopped_run DIR: whether run DIR's run.txt says it was stopped. A run stopped by a signal to
# logical_clock alone exits 0 too, but only whole runs count.
stopped_run() {
  local line stopped=1
  { while read -r line; do [[ $line != status=stopped ]] || stopped=0; done <"$1/run.txt"; } 2>/dev/null || true
  return "$stopped"
}

# checked_status VAR DIR: VAR, lcstat's exit status on run DIR, as a study run's status: 0
# done, 64 + lcstat's status when it found violations (65) or could not read the run (66), 67
# when it did not run its course (not executable, not found, killed: its own status, which
# 64 + it would confuse with logical_clock's, goes to the end of DIR.lcstat.out).
checked_status() {
  local -n checked=$1
  case $checked in
    0) ;;
    1 | 2) checked=$((64 + checked)) ;;
    *)
      echo "lcstat exit $checked" >>"$2.lcstat.out"
      checked=67 ;;
  esac
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -uo pipefail
  # This shell must outlive a Ctrl-C to report the run's end: it only notes the signal.
  study_run_stop=0 study_run_pid="" study_run_session=0 study_run_term=0
  trap 'study_run_stop=1' INT HUP
  if [[ ${1:-} == --worker ]]; then
    trap 'study_run_stop=1' TERM
    trap pass_term USR1
    shift
    study_worker "$@"
  else
    trap pass_term TERM
    study_run "$@"
  fi
fi
