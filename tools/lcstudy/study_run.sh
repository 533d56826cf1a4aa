#!/usr/bin/env bash
# study_run.sh: one run of a study, as run_experiments.sh hands it out (on this host, or on
# another through GNU parallel): logical_clock, then lcstat on its logs.
#   study_run.sh LOGICAL_CLOCK LCSTAT DIR SEED ENGINE SPEED DURATION MACHINES RATES K [NETWORK]
# RATES is RATE_MAX, or fixed rates "1,3,6"; NETWORK, in a sweep of the network, one more option
# for logical_clock (--partition=0|1,2@30-40, --latency=50ms, --link=0-1:50ms; "-" or none:
# nothing). Writes DIR (logs, lcstat's files), DIR.out (what
# logical_clock printed) and DIR.lcstat.out. Exit status: 0 done; logical_clock's own status
# when it failed; 64 + lcstat's status when lcstat found violations (65) or could not read
# the run (66); 67 lcstat did not run its course (its status in DIR.lcstat.out); 130 the run
# was stopped by a signal (its logs whole; lcstat not run).
# A Ctrl-C reaches logical_clock itself, as does a SIGHUP to the run's process group (how GNU
# parallel stops a run); a SIGTERM to this script is passed on to it. Either way
# logical_clock ends its logs properly, and this script waits for it to end.
# GNU parallel runs it as a script on other hosts; run_experiments.sh sources it for
# checked_status and, on this host, runs the two programs itself (a run costs two forks of
# its shell, not three). Needs bash 5.1 (wait -p).
study_run() {
  local bin=$1 lcstat=$2 dir=$3 seed=$4 engine=$5 speed=$6 duration=$7 machines=$8 rates=$9 k=${10} network=${11:--}
  # This shell must outlive a Ctrl-C to report the run's end: it only notes the signal.
  study_run_stop=0 study_run_pid=""
  trap 'study_run_stop=1' INT HUP
  trap 'study_run_stop=1; [[ -z $study_run_pid ]] || kill -TERM "$study_run_pid" 2>/dev/null' TERM
  [[ $dir != */* || -d ${dir%/*} ]] || mkdir -p "${dir%/*}" || exit 1

  local args=(-q -s "$seed" -o "$dir" -d "$duration" -n "$machines")
  if [[ $engine == sim ]]; then args+=(--engine sim); else args+=(--speed "$speed"); fi
  [[ $network == - ]] || args+=("$network")
  local rate_max=$rates r
  if [[ $rates == *,* ]]; then
    args+=(-r "$rates")
    rate_max=0
    for r in ${rates//,/ }; do ((r <= rate_max)) || rate_max=$r; done
  fi

  ((study_run_stop == 0)) || exit 130
  "$bin" "${args[@]}" "$rate_max" "$k" >"$dir.out" 2>&1 &
  study_run_pid=$!
  # A signal between the check above and here reached neither the run nor the trap's kill; the
  # run then gets it from run_experiments.sh 2 s later, like any run still running.
  local status named
  while :; do
    # A trapped signal ends a wait early (128 + its number) whether or not the run has ended;
    # only a wait that the run's end ended names it (wait -p leaves the name unset otherwise),
    # so the wait is repeated until one does.
    status=0
    wait -n -p named "$study_run_pid" 2>/dev/null || status=$?
    [[ -z ${named:-} ]] || break
    if ((status == 127)); then
      # A signal that lands as wait -n takes the run out of bash's job table loses it for that
      # wait (bash 5.2); a plain wait still gives the status bash kept.
      status=0
      wait "$study_run_pid" 2>/dev/null || status=$?
      break
    fi
  done
  ((study_run_stop == 0)) || exit 130
  ((status == 0)) || exit "$status"
  ! stopped_run "$dir" || exit 130

  status=0
  "$lcstat" "$dir" -q >"$dir.lcstat.out" 2>&1 || status=$?
  checked_status status "$dir"
  exit "$status"
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
  study_run "$@"
fi
