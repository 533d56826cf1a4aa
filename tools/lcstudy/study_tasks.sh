#!/usr/bin/env bash
# study_tasks.sh: how run_experiments.sh runs its tasks (runs, plots, the report's graphs) in the
# background and stops on a signal. Sourced; run_experiments.sh sets interrupted (1 once a
# SIGINT or SIGTERM came) and these:
#   running      running[PID] = the index of the task PID runs, in its kind's list
#   own_session  own_session[PID] = 1 for a task in a session of its own (plot.sh, gnuplot)
# The runs on this host go to worker shells instead (study_workers.sh): running[] then holds
# each busy worker's task by the worker's PID, and wait_one reads their ends.
# This file sets done_i, done_status (wait_one) and ended[INDEX] = status (settle).
#
# Why the sessions: gnuplot's own SIGINT handler writes its picture, through malloc, from
# inside the handler; a Ctrl-C that lands while gnuplot is in malloc deadlocks it for good (seen
# in cairo_surface_write_to_png_stream). So no Ctrl-C may reach a gnuplot: plot.sh and the
# report's gnuplots run in sessions of their own, and the study waits for them instead.
# The runs stay in the study's process group: a Ctrl-C reaches logical_clock itself, which ends
# its logs properly.
# shellcheck disable=SC2154,SC2034 # interrupted is run_experiments.sh's, ended read there

declare -A running=() own_session=()
ended=() forwarded=0 timer=""

# forward: SIGTERM to every task still running: to a run's logical_clock or lcstat, to a task in
# a session of its own its whole group.
forward() {
  local pid
  for pid in "${!running[@]}"; do
    if [[ -n ${own_session[$pid]:-} ]]; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    else
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  forwarded=1
}

# wait_one: waits until a task ends and sets done_i and done_status; done_i is empty when a
# signal or the timer ended the wait instead. After a signal the tasks still running 2 s later
# get SIGTERM: never at once, since a Ctrl-C has reached the runs already and a second signal
# makes logical_clock cut its drain short, but a SIGTERM sent to the study alone reaches nothing
# else. The 2 s are a timer process in a session of its own (no Ctrl-C ends it early), waited
# for with the tasks: no polling.
wait_one() {
  if [[ -n $workers_on ]]; then
    wait_worker
    return 0
  fi
  local pid="" status=0
  done_i="" done_status=0
  if ((interrupted && !forwarded)) && [[ -z $timer ]]; then
    setsid sleep 2 </dev/null >/dev/null 2>&1 &
    timer=$!
  fi
  # A trapped signal ends the wait early without naming a child (wait -p, bash 5.1, then
  # leaves pid unset).
  wait -n -p pid "${!running[@]}" ${timer:+"$timer"} 2>/dev/null || status=$?
  if [[ -z ${pid:-} ]]; then
    ((status == 127)) || return 0
    # 127: none of them is in bash's job table any more. A trapped signal that lands as wait -n
    # takes a child out of the table loses the child for it (seen with Ctrl-C in bash 5.2), but
    # bash keeps the status of a background child it dropped, and a plain wait still gives it.
    pid=${timer:-}
    [[ -n $pid ]] || for pid in "${!running[@]}"; do break; done
    status=0
    wait "$pid" 2>/dev/null || status=$?
  fi
  if [[ $pid == "$timer" ]]; then
    timer=""
    forward
    return 0
  fi
  done_i=${running[$pid]} done_status=$status
  unset "running[$pid]" "own_session[$pid]"
}

# stop_timer: the timer, if one runs, killed and waited for.
stop_timer() {
  [[ -n $timer ]] || return 0
  kill "$timer" 2>/dev/null || true
  wait "$timer" 2>/dev/null || true
  timer=""
}

# settle: waits until no task runs, each one's status in ended[its index].
settle() {
  while ((${#running[@]})); do
    wait_one
    [[ -z $done_i ]] || ended[done_i]=$done_status
  done
  stop_timer
}
