#!/usr/bin/env bash
# netns_harness_interrupted_test.sh: a test using netns.sh that is interrupted leaves nothing. A
# shell sets up 3 hosts, starts processes in two of them (one forks a child of its own) and
# says it is ready; then it gets SIGINT, SIGTERM or SIGHUP. It must end by that signal,
# having run the EXIT trap it had set before netns_setup, with no namespace of its prefix
# and none of its processes left. The same for a shell stopped by SIGINT in the middle of
# netns_setup 16, and one that ends by a failing command under set -e. Skips (77) where
# namespaces cannot be made.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/cluster/netns.sh
source "$here/netns.sh"
work=$(mktemp -d)
child=""  # the shell under test, while it runs
# A shell still running when this one fails gets SIGTERM, which its own traps clean up after
# (an `ip` held below is let go first: opened both ways, the fifo does not block).
# shellcheck disable=SC2016 # expanded when the trap runs
trap 'if [ -n "$child" ]; then
        if [ -p "$work/release" ]; then exec 3<>"$work/release"; echo >&3; fi
        { kill -TERM "$child"; wait "$child"; } 2>/dev/null || :
      fi
      rm -rf "$work"' EXIT

fail() { echo "FAIL (netns_harness_interrupted): $*" >&2; exit 1; }

netns_require

# namespaces_of PREFIX: the namespaces named PREFIX-..., one a line.
namespaces_of() { ip netns list | awk -v p="$1-" 'index($1, p) == 1 { print $1 }'; }

# start SCRIPT: runs SCRIPT in a new bash in the background, as $child, with SIGINT, SIGTERM
# and SIGHUP as they are by default: a background job starts with SIGINT ignored, and so does
# everything this test starts if it was started that way, and bash cannot trap a signal that
# was ignored when it started.
start() {
  rm -f "$work/ready" "$work/ready.tmp" "$work/exit_trap"
  env --default-signal=INT,TERM,HUP bash -c "$1" _ "$here/netns.sh" "$work" &
  child=$!
}

# ready: waits for $child's ready file; sets prefix and pids from it.
ready() {
  until [ -e "$work/ready" ]; do
    kill -0 "$child" 2>/dev/null || fail "the shell ended before it was ready"
    sleep 0.01
  done
  read -r prefix pids <"$work/ready"
}

# ended_by SIG: waits for $child, which must end by SIG.
ended_by() {
  local status=0
  wait "$child" 2>/dev/null || status=$?
  child=""
  [ "$status" = $((128 + $(kill -l "$1"))) ] || fail "SIG$1: the shell ended with $status"
}

# alive PID: PID runs (a zombie has ended: one whose parent was killed waits for init).
alive() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# nothing_left WHAT: no namespace of $prefix and none of $pids.
nothing_left() {
  local pid
  [ -z "$(namespaces_of "$prefix")" ] || fail "$1: left $(namespaces_of "$prefix" | tr '\n' ' ')"
  for pid in $pids; do
    ! alive "$pid" || fail "$1: process $pid left: $(tr '\0' ' ' <"/proc/$pid/cmdline")"
  done
}

# The shell under test: an EXIT trap of its own first, then the setup, a sleep in host 0, a
# shell with a sleep of its own in host 2, and one in the coordinator; once all four are in
# their namespaces, their pids; then it waits, as a test waits for a run.
# shellcheck disable=SC2016 # the child's own variables
set_up='set -euo pipefail
trap "echo ran >\"$2/exit_trap\"" EXIT
source "$1"
netns_setup 3
netns_bg 0 sleep 1000
netns_bg 2 bash -c "sleep 1000 & wait"
netns_bg coord sleep 1000
until [ "$(netns_pids 0 | wc -l) $(netns_pids 2 | wc -l) $(netns_pids coord | wc -l)" = "1 2 1" ]; do sleep 0.01; done
echo "$NETNS_PREFIX" $(netns_pids 0) $(netns_pids 2) $(netns_pids coord) >"$2/ready.tmp"
mv "$2/ready.tmp" "$2/ready"
wait'

for sig in INT TERM HUP; do
  start "$set_up"
  ready
  [ "$(namespaces_of "$prefix" | wc -l)" = 5 ] || fail "SIG$sig: set up as $(namespaces_of "$prefix" | tr '\n' ' ')"
  (($(wc -w <<<"$pids") == 4)) || fail "SIG$sig: processes $pids"
  kill -s "$sig" "$child"
  ended_by "$sig"
  nothing_left "SIG$sig"
  [ "$(cat "$work/exit_trap" 2>/dev/null)" = ran ] || fail "SIG$sig: the shell's own EXIT trap did not run"
done

# SIGINT during netns_setup 16, while host 1 is being configured: an `ip` first on the PATH
# says so and waits to be let go, and is let go once the signal is sent (bash runs the trap
# when the command is done). Every namespace exists by then; hosts 2 and up have no address.
real_ip=$(command -v ip)
mkdir "$work/bin"
mkfifo "$work/release"
cat >"$work/bin/ip" <<EOF
#!/usr/bin/env bash
if [[ \$1 == -n && \$2 == lc*-1 && \$3 == -batch ]]; then
  echo "\${2%-1}" >"$work/mid.tmp"; mv "$work/mid.tmp" "$work/mid"
  read -r _ <"$work/release"
fi
exec "$real_ip" "\$@"
EOF
chmod +x "$work/bin/ip"
# shellcheck disable=SC2016 # the child's own variables
start 'set -euo pipefail; source "$1"; PATH=$2/bin:$PATH; netns_setup 16; touch "$2/ready"; wait'
until [ -e "$work/mid" ]; do
  kill -0 "$child" 2>/dev/null || fail "the shell ended before it configured host 1"
  sleep 0.01
done
prefix=$(<"$work/mid") pids=""
[ "$(namespaces_of "$prefix" | wc -l)" = 18 ] || fail "mid-setup: $(namespaces_of "$prefix" | tr '\n' ' ')"
[ -z "$(ip -n "$prefix-2" -o -4 addr show dev data)" ] || fail "host 2 configured before host 1"
kill -s INT "$child"
echo >"$work/release"
ended_by INT
[ ! -e "$work/ready" ] || fail "SIGINT during netns_setup: the setup went on"
nothing_left "SIGINT during netns_setup"

# A command that fails under set -e, after the setup.
# shellcheck disable=SC2016 # the child's own variables
start 'set -euo pipefail; source "$1"; netns_setup 2; netns_bg 1 sleep 1000
echo "$NETNS_PREFIX $NETNS_PID" >"$2/ready"; false; touch "$2/went_on"'
status=0
wait "$child" 2>/dev/null || status=$?
[ "$status" = 1 ] || fail "set -e: the shell ended with $status"
child=""
[ ! -e "$work/went_on" ] || fail "set -e: the shell went on after false"
read -r prefix pids <"$work/ready"
nothing_left "set -e"
echo "netns_harness_interrupted: passed"
