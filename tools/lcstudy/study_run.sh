#!/usr/bin/env bash
# study_run.sh: one run of a study, as run_experiments.sh hands it out (on this host, or on
# another through GNU parallel): logical_clock, then lcstat on its logs.
#   study_run.sh LOGICAL_CLOCK LCSTAT DIR SEED ENGINE SPEED DURATION MACHINES RATES K
# RATES is RATE_MAX, or fixed rates "1,3,6". Writes DIR (logs, lcstat's files), DIR.out (what
# logical_clock printed) and DIR.lcstat.out. Exit status: 0 done; logical_clock's own status
# when it failed; 64 + lcstat's status when lcstat found violations (65) or could not read
# the run (66). A SIGTERM is passed on to logical_clock, which ends its logs properly.
# run_experiments.sh sources it and calls study_run in a forked subshell per run (cheaper than
# a new bash); GNU parallel runs it as a script.
study_run() {
  local bin=$1 lcstat=$2 dir=$3 seed=$4 engine=$5 speed=$6 duration=$7 machines=$8 rates=$9 k=${10}
  [[ $dir != */* || -d ${dir%/*} ]] || mkdir -p "${dir%/*}" || exit 1

  local args=(-q -s "$seed" -o "$dir" -d "$duration" -n "$machines")
  if [[ $engine == sim ]]; then args+=(--engine sim); else args+=(--speed "$speed"); fi
  local rate_max=$rates
  if [[ $rates == *,* ]]; then
    args+=(-r "$rates")
    rate_max=$(tr , '\n' <<<"$rates" | sort -n | tail -1)
  fi

  "$bin" "${args[@]}" "$rate_max" "$k" >"$dir.out" 2>&1 &
  study_run_pid=$!
  trap 'kill -TERM "$study_run_pid" 2>/dev/null' TERM
  local status=0
  wait "$study_run_pid" || status=$?
  while kill -0 "$study_run_pid" 2>/dev/null; do  # a trapped signal ended the wait, not the run
    status=0
    wait "$study_run_pid" || status=$?
  done
  ((status == 0)) || exit "$status"

  status=0
  "$lcstat" "$dir" -q >"$dir.lcstat.out" 2>&1 || status=$?
  ((status == 0)) || exit $((64 + status))
  exit 0
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -uo pipefail
  study_run "$@"
fi
