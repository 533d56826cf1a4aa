#!/usr/bin/env bash
# study_workers.sh: the study's runs on this host, in worker shells: one per slot, each a small
# bash (study_run.sh --worker) that runs its slot's runs and plots back to back. The study's own
# shell hands each task to a free worker and reads each one's end from a pipe, so that it forks
# nothing per run: a fork from its shell, large and keeping a job table, and the waits for it
# cost it more than a run's two programs cost a small shell (bench/README.md, "A study's cost
# per run"). Sourced after study_tasks.sh, whose running[] holds each busy worker's task by the
# worker's PID (2 s after a signal, forward_workers sends each SIGUSR1, and the worker passes a
# SIGTERM on to its program); run_experiments.sh sets claim, bin, lcstat and root.
#
# The pipes are fifos in the study's claim: tasks<K>, the worker's standard input (the study
# writes a task's fields, study_run.sh says how), and results, every worker's standard output,
# where each says "pid K PID" once and "done K I STATUS" after each task. Each worker runs
# under a shell of its own (a fork of the study's, once) that says "exit K STATUS" when the
# worker has ended otherwise than at the end of its input, so that a worker killed outright
# leaves no task waited for in vain (one killed after its shell is found by find_unsaid, once a
# second while nothing is said; one whose shell was killed before it said its PID, by
# find_unstarted); first it stops the program the worker ran, if one still runs (stop_orphan:
# the worker runs with LC_STUDY_WORKER=<study's PID>.<K> in its environment, which its programs
# inherit; no file written per run), so that nothing of the slot's outlives the study. (A
# worker ends with 0 at the end of its input only once stop_workers has closed it, which then
# reads the pipe to its end: nothing is said then.) A signal to the study, which cannot end a
# read as it ends a wait, writes "signal" into the results (once) to wake it.
# shellcheck disable=SC2154,SC2034 # claim, bin, lcstat, root, jobs, interrupted: run_experiments.sh's; done_*, worker_lost read there

worker_in=() worker_pid=() worker_shell=() free_workers=() unheard=() unsure_looks=() workers_on="" worker_results=""
worker_ends=""
worker_lost=""
woken=0 forward_at=""

# proc_fields PID: into the caller's parts[], the fields of /proc/PID/stat after the name
# (from 0: state, parent, process group, session, ..., flags at 6, the start at 19); false, and
# parts empty, when the process is not there. (The file read whole, not its first line: a name
# may hold a newline, and ") Z " before it, as any program can name itself.)
proc_fields() {
  local stat=""
  parts=()
  { IFS= read -r -d '' stat <"/proc/$1/stat"; } 2>/dev/null || true
  [[ $stat == *") "* ]] || return 1
  read -ra parts <<<"${stat##*) }"
}

# gone PID: whether process PID has ended (a zombie has: an orphan's reaper may be slow to it).
gone() {
  local parts
  proc_fields "$1" || return 0
  [[ ${parts[0]:-Z} == Z ]]
}

# find_marked MARK: into the caller's found[] and marked[] (by PID), every process whose
# environment holds LC_STUDY_WORKER=MARK (a worker and the programs it ran: a run, its
# machines, lcstat, plot.sh's session), this shell aside; into its unsure, how many others that
# started after this shell read with no environment at all, as a program does for a moment in
# the middle of its exec (a kernel thread, a zombie or a program given none read so too).
find_marked() {
  local mark="LC_STUDY_WORKER=$1" f pid entry fd entries parts since
  found=() marked=() unsure=0
  proc_fields "$BASHPID" || true
  since=${parts[19]:-0}
  for f in /proc/[0-9]*/environ; do
    pid=${f#/proc/}
    pid=${pid%/environ}
    ((pid != BASHPID)) || continue
    { exec {fd}<"$f"; } 2>/dev/null || continue
    entries=0
    while IFS= read -r -d '' -u "$fd" entry 2>/dev/null || [[ -n $entry ]]; do
      entries=1
      if [[ $entry == "$mark" ]]; then marked[$pid]=1 found+=("$pid"); break; fi
    done
    exec {fd}<&-
    ((entries == 0)) || continue
    proc_fields "$pid" || continue
    # (0x200000 in the flags: a kernel thread)
    [[ ${parts[0]:-Z} != Z ]] && ((!(${parts[6]:-0} & 0x200000) && ${parts[19]:-0} >= since)) || continue
    unsure=$((unsure + 1))
  done
  return 0
}

# stop_orphan MARK: for a worker's shell, once the worker has ended otherwise: the programs the
# worker ran that still run are stopped, each at its top (SIGTERM to a program whose parent is
# not one of them; to plot.sh's whole session), and waited for; and looked for again until a
# look finds none (a program mid-exec is found by a later look: while one that might be reads
# with no environment, for up to 2 s). Only on this path and find_unstarted's is /proc's
# environ read. (It runs under the study's set -e: nothing in it may fail.)
stop_orphan() {
  local pid parts found=() unsure=0 looks=0
  local -A marked=()
  while find_marked "$1" && ((${#found[@]} || (unsure && ++looks <= 40))); do
    for pid in "${found[@]}"; do
      proc_fields "$pid" || continue
      # (a zombie has ended)
      [[ ${parts[0]:-Z} != Z && -z ${marked[${parts[1]:-0}]:-} ]] || continue
      # (And SIGCONT after it: a program stopped, by SIGSTOP, would hold its SIGTERM, and this
      # wait, for good.)
      if [[ ${parts[3]:-} == "$pid" ]]; then
        kill -TERM -- "-$pid" 2>/dev/null && kill -CONT -- "-$pid" 2>/dev/null || true
      else
        kill -TERM "$pid" 2>/dev/null && kill -CONT "$pid" 2>/dev/null || true
      fi
    done
    for pid in "${found[@]}"; do
      until gone "$pid"; do sleep 0.05 || true; done
    done
    ((${#found[@]})) || sleep 0.05 || true
  done
}

# wake: the study's trap while workers run: the flag, and the read woken.
wake() {
  interrupted=1
  ((woken == 0)) || return 0
  woken=1
  { printf 'signal\n' >&"$worker_results"; } 2>/dev/null || true
}

# start_workers N: N workers started, each one's PID known; free_workers lists them all.
start_workers() {
  local n=$1 k fd err first what slot pid started=0 soft hard
  # An open file per worker's pipe (from fd 10 on, as bash gives them) and a few more: a soft
  # limit below that is raised, up to the hard one (a study forked its runs itself before, and
  # needed none).
  soft=$(ulimit -Sn) hard=$(ulimit -Hn)
  if [[ $soft != unlimited ]] && ((soft < n + 32)); then
    [[ $hard != unlimited ]] && ((hard < n + 32)) || hard=$((n + 32))
    ((hard <= soft)) || ulimit -Sn "$hard" 2>/dev/null || true
  fi
  mkfifo "$claim/results" 2>/dev/null || stop_incomplete "cannot make the workers' pipe in $claim"
  # Read-write, so that no open of it waits and it never reads to its end while the study runs;
  # and read-only, to read to its end once the study has let go of it (stop_workers).
  { exec {worker_results}<>"$claim/results" && exec {worker_ends}<"$claim/results"; } 2>/dev/null ||
    stop_incomplete "cannot open the workers' pipe $claim/results (ulimit -n is $(ulimit -n))"
  workers_on=1
  trap wake INT TERM
  ((interrupted == 0)) || wake
  for ((k = 0; k < n; k++)); do
    { mkfifo "$claim/tasks$k" && exec {fd}<>"$claim/tasks$k"; } 2>/dev/null ||
      stop_incomplete "cannot make worker $k's pipe in $claim (--jobs $jobs: one open file each; ulimit -n is $(ulimit -n))"
    worker_in[k]=$fd
  done
  for ((k = 0; k < n; k++)); do
    {
      # Its worker's end must be said whatever reaches this shell: a Ctrl-C reaches it too.
      trap : INT TERM
      for fd in "${worker_in[@]}"; do exec {fd}>&-; done
      exec {worker_results}>&- {worker_ends}<&-
      # (Its input opened first: once stop_workers has removed it, a quiet failure.)
      # (bash's own word on a worker killed by a signal goes nowhere: "exit K STATUS" says it.)
      exec {err}>&2 2>/dev/null
      status=1
      if { exec <"$claim/tasks$k"; } 2>/dev/null; then
        status=0
        LC_STUDY_WORKER=$$.$k bash "$root/tools/lcstudy/study_run.sh" --worker "$k" "$bin" "$lcstat" "$claim/check$k.out" \
          2>&"$err" {err}>&- || status=$?
      fi
      if ((status != 0)); then
        stop_orphan "$$.$k"
        printf 'exit %s %s\n' "$k" "$status"
      fi
    } >&"$worker_results" &
    worker_shell[k]=$!
    # (Out of bash's job table: stop_workers does not wait for it by its PID, and bash has
    # nothing to say when it is killed. One killed as it started, as a signal to the process
    # group can, may have left it already: nothing to do then.)
    disown "$!" 2>/dev/null || true
  done
  # (Not past a signal, whose "signal" line ends the read: a worker whose shell was killed before
  # it started, as a SIGTERM to the whole process group can, would never say it has; the caller
  # stops.)
  # A second at a time: a worker whose shell was killed before it said its PID has nobody to say
  # that it ended (find_unstarted); the first character waited for alone, as in wait_worker.
  while ((started < n && !interrupted)); do
    first=""
    if ! IFS= read -r -t 1 -n 1 -u "$worker_results" first && [[ -z $first ]]; then
      find_unstarted
      continue
    fi
    read -r -u "$worker_results" what slot pid || stop_incomplete "cannot read the workers' pipe"
    what=$first$what
    case $what in
      pid) worker_pid[slot]=$pid free_workers+=("$slot") started=$((started + 1)) ;;
      exit) stop_incomplete "worker $slot ended as it started (exit $pid)" ;;
    esac
  done
}

# slot_free: whether a task may start: without workers, always (the caller counts the slots);
# with them, when one is free.
slot_free() { [[ -z $workers_on || ${#free_workers[@]} -gt 0 ]]; }

# give_worker ID FIELDS...: task ID (running[]'s) to a free worker.
give_worker() {
  local id=$1 k=${free_workers[-1]}
  shift
  unset 'free_workers[-1]'
  printf '%s\0' "$@" '' >&"${worker_in[k]}"
  running["${worker_pid[k]}"]=$id
}

# wait_worker: wait_one's part with workers: the next worker's end of a task into done_i and
# done_status (a run's, its check included); done_i is empty when a signal woke
# the read, or the 2 s after one passed (forward_workers then), or a second with nothing said.
# A worker that ended sets worker_lost, and its task, if any, ends with status 68.
wait_worker() {
  local what slot i status now left=1 pid first=""
  done_i="" done_status=0
  if ((interrupted && !forwarded)); then
    now=${EPOCHREALTIME//[!0-9]/}
    [[ -n $forward_at ]] || forward_at=$((now + 2000000))
    left=$((forward_at - now))
    if ((left <= 0)); then
      forward_workers
      return 0
    fi
    printf -v left '%d.%06d' $((left / 1000000)) $((left % 1000000))
  fi
  # A second at a time otherwise: a worker whose shell was killed before it has nobody to say
  # it ended (find_unsaid). A read -t can time out within a line that is there whole (bash 5.2
  # looks at the time between characters), and what it took is gone from the pipe: only the
  # first character is waited for (kept even when the read says it timed out), and the rest of
  # its line (each line is written at once) read after it.
  if ! IFS= read -r -t "$left" -n 1 -u "$worker_results" first && [[ -z $first ]]; then
    find_unsaid
    return 0
  fi
  [[ -n $first ]] || return 0
  read -r -u "$worker_results" what slot i status || return 0
  what=$first$what
  pid=${worker_pid[slot]:-}
  case $what in
    done)
      done_i=${running[$pid]}
      done_status=$status
      free_workers+=("$slot")
      ;;
    exit)
      worker_lost="worker $slot ended (exit $i)"
      [[ -z ${running[$pid]:-} ]] || done_i=${running[$pid]} done_status=68
      worker_pid[slot]=""
      ;;
    *) return 0 ;;
  esac
  unset "running[$pid]"
}

# find_unsaid: a worker gone with its shell gone before it (both killed outright, the shell
# first: nobody said "exit"; a shell stopped then is continued instead, and says it): as
# wait_worker's "exit", worker_lost set and its task, if any,
# done with status 68, once its programs are stopped. Only when the pipe is empty: a worker
# writes its last line before it ends, so what it said is read first.
find_unsaid() {
  local k pid parts
  for k in "${!worker_pid[@]}"; do
    pid=${worker_pid[k]}
    [[ -n $pid ]] && gone "$pid" || continue
    # A shell stopped (SIGSTOP) as its worker ended is continued: it then says so itself.
    proc_fields "${worker_shell[k]:-0}" || true
    if [[ ${parts[0]:-} == T ]]; then
      kill -CONT "${worker_shell[k]}" 2>/dev/null || true
      continue
    fi
    gone "${worker_shell[k]:-}" || continue
    ! read -r -t 0 -u "$worker_results" || return 0
    stop_orphan "$$.$k"
    worker_lost="worker $k ended after its shell (neither said how)"
    [[ -z ${running[$pid]:-} ]] || done_i=${running[$pid]} done_status=68
    unset "running[$pid]"
    worker_pid[k]=""
    return 0
  done
}

# find_unstarted: a worker's shell ended (killed outright: then it says nothing) before the
# worker said its PID, and nothing of the slot's runs: the worker ended as it started, once two
# looks a second apart find so (between its shell's fork and its exec, a worker has no mark).
# A process that reads with no environment (one mid-exec, the worker perhaps) puts a look off,
# twice at most: one that reads so for good (a program started with none) is not a worker.
find_unstarted() {
  local k found=() unsure=0
  local -A marked=()
  for k in "${!worker_shell[@]}"; do
    [[ -z ${worker_pid[k]:-} ]] && gone "${worker_shell[k]}" || continue
    ! read -r -t 0 -u "$worker_results" || return 0
    find_marked "$$.$k"
    if ((${#found[@]})); then
      unheard[k]=0
    elif ((unsure && ${unsure_looks[k]:-0} < 2)); then
      unsure_looks[k]=$((${unsure_looks[k]:-0} + 1))
    else
      unheard[k]=$((${unheard[k]:-0} + 1))
      ((unheard[k] < 2)) || stop_incomplete "worker $k ended as it started (its shell was killed first; neither said how)"
    fi
  done
}

# forward_workers: forward's part with workers: SIGUSR1 to each busy worker, which passes a
# SIGTERM on to its program. Not SIGTERM itself: one sent to the study's whole process group
# reaches the workers and their runs at once, and a worker that passed that one on would give
# logical_clock a second signal at once, which cuts its drain short.
forward_workers() {
  local pid
  # (A worker stopped, by SIGSTOP, is continued: it can pass nothing on, nor say its task's end,
  # until then.)
  for pid in "${!running[@]}"; do kill -USR1 "$pid" 2>/dev/null && kill -CONT "$pid" 2>/dev/null || true; done
  forwarded=1
}

# stop_workers: once none is busy, the pipes removed, each worker's input closed, and the
# workers' pipe read to its end, which comes once every worker and worker's shell has ended
# (each holds it open): no wait by PID, which might be another process's by then. One stopped
# is continued first. Then the study's trap as it was. (The names go first: a worker's shell
# that has not opened its input yet, as when a signal came during start_workers, then fails to
# instead of waiting for good for a writer.)
stop_workers() {
  [[ -n $workers_on ]] || return 0
  local fd pid line k kids found=() unsure=0
  local -A marked=()
  for pid in "${worker_shell[@]}" "${worker_pid[@]}"; do
    [[ -z $pid ]] || gone "$pid" || kill -CONT "$pid" 2>/dev/null || true
  done
  # A worker that has not said its PID (a signal came as the workers started) is continued
  # too: what its shell runs (the worker, before or after its exec) and what carries its mark.
  for k in "${!worker_shell[@]}"; do
    [[ -z ${worker_pid[k]:-} ]] || continue
    pid=${worker_shell[k]}
    kids=()
    gone "$pid" || { read -ra kids <"/proc/$pid/task/$pid/children"; } 2>/dev/null || true
    find_marked "$$.$k"
    for pid in "${kids[@]}" "${found[@]}"; do kill -CONT "$pid" 2>/dev/null || true; done
  done
  rm -f "$claim"/tasks* "$claim/results" 2>/dev/null || true
  for fd in "${worker_in[@]}"; do exec {fd}>&-; done
  exec {worker_results}>&-
  # (A trapped signal does not end this read: bash reads on once the trap has run.)
  while read -r -u "$worker_ends" line; do :; done
  exec {worker_ends}<&-
  worker_in=() worker_pid=() worker_shell=() free_workers=() unheard=() unsure_looks=() workers_on="" woken=0 forward_at=""
  trap 'interrupted=1' INT TERM
}
