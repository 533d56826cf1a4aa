#!/usr/bin/env bash
# The study tests' common ground, sourced by run_experiments_test.sh and study_signal_test.sh:
# their arguments (SOURCE_DIR LOGICAL_CLOCK LCSTAT LCSTUDY after the part's name), a work
# directory removed at the end, the assertion helpers, and waits for states (never for times).
# Needs gnuplot, GNU parallel and rsync: fails when one is missing.
set -euo pipefail

src=$1 bin=$2 lcstat=$3 lcstudy=$4
# Absolute paths: the tests run tools from other directories and link to them.
[[ $src == /* ]] || src=$PWD/$src
[[ $bin == /* ]] || bin=$PWD/$bin
[[ $lcstat == /* ]] || lcstat=$PWD/$lcstat
[[ $lcstudy == /* ]] || lcstudy=$PWD/$lcstudy
# shellcheck disable=SC2034 # read by the tests that source this
study=$src/run_experiments.sh
work=$(mktemp -d /tmp/lcstat_study.XXXXXX)
cleanup() {
  mountpoint -q "$work/full" 2>/dev/null && umount "$work/full"
  rm -rf "$work"
}
trap cleanup EXIT
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { checks=$((checks + 1)); }
export LOGICAL_CLOCK=$bin LCSTAT=$lcstat LCSTUDY=$lcstudy

command -v gnuplot >/dev/null || fail "gnuplot is not installed (apt-get install gnuplot-nox); this test needs it"
command -v parallel >/dev/null || fail "GNU parallel is not installed (apt-get install parallel); this test needs it"
command -v rsync >/dev/null || fail "rsync is not installed (apt-get install rsync); this test needs it"
[[ -x $bin ]] || fail "$bin missing: build logical_clock first (make)"

# column FILE NAME: the values of a CSV column, found by its header name.
column() { awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { print $c }' "$1"; }
no_report() {
  [[ ! -e $1/REPORT.md && ! -e $1/summary.csv && ! -e $1/machines.csv && ! -e $1/intervals.csv ]] ||
    fail "$1: a report was written for an incomplete study"
  pass
}

# wait_until WHAT COMMAND...: waits until COMMAND succeeds, looking again every 20 ms. The
# limit, 300 s, is only there to name a hang (a state that never comes) rather than to time it.
wait_until() {
  local what=$1 i
  shift
  for ((i = 0; i < 15000; i++)); do
    "$@" && return 0
    sleep 0.02
  done
  fail "waited 300 s for $what"
}

# strays TAG [VARIABLE]: the processes still running whose environment holds
# LC_STUDY_TEST=TAG (what a study started here, in any process group or session), or
# VARIABLE=TAG, one "pid command" a line.
strays() {
  local f pid
  for f in /proc/[0-9]*/environ; do
    grep -qsz "^${2:-LC_STUDY_TEST}=$1\$" "$f" 2>/dev/null || continue
    pid=${f#/proc/}
    pid=${pid%/environ}
    echo "$pid $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
  done
}

# A stand-in ssh that runs each command locally in a directory per "host" (as a remote home),
# so that over --hosts the tools and the runs really travel (rsync over it).
make_fakessh() {
  mkdir -p "$work/remote"
  cat >"$work/fakessh" <<'FAKE'
#!/usr/bin/env bash
# fakessh [ssh options] HOST COMMAND...: runs COMMAND with bash in $FAKE_REMOTE/HOST as sshd
# runs it on a host of its own: in a session of its own (no signal to this ssh's process group
# reaches it), with a login's environment (HOME and SHELL: GNU parallel's remote side execs
# $SHELL) and nothing else of the caller's but LC_STUDY_REMOTE, the mark of a study test. Like
# ssh it ends when the command ends; killed, it leaves the command to find its parent gone,
# which GNU parallel's remote side watches for.
while [[ $1 == -* ]]; do
  case $1 in -[oplicFSeLRDJW]) shift 2 ;; *) shift ;; esac
done
host=$1; shift
[[ ${1:-} == -- ]] && shift
mkdir -p "$FAKE_REMOTE/$host" && cd "$FAKE_REMOTE/$host" || exit 255
env -i HOME="$PWD" SHELL="$(command -v bash)" PATH="$PATH" LC_STUDY_REMOTE="${LC_STUDY_TEST:-}" \
  setsid -w bash -c "$*" <&0 &
wait "$!"
FAKE
  chmod +x "$work/fakessh"
  printf '1/%s hostA\n1/%s hostB\n' "$work/fakessh" "$work/fakessh" >"$work/hosts"
}

# remote_strays TAG: the processes still running on the stand-in ssh's "hosts" for the study
# test TAG, one "pid command" a line.
remote_strays() { strays "$1" LC_STUDY_REMOTE; }
