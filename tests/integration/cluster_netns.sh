#!/usr/bin/env bash
# Clusters across network namespaces: cluster_netns.sh CASE LOGICAL_CLOCK LCSTAT NETNS_SH
# Each host is a namespace with a data cable (machine to machine, 198.18.0.0/24) and a control
# cable (to the coordinator, 198.19.0.0/24) on bridges of their own (tests/cluster/netns.sh);
# nothing leaves them. The kernel has no netem qdisc here, so delays come from the engine's
# own --latency. The collected run must pass lcstat and the replay. Skips (77) with one line
# where namespaces cannot be made.
set -euo pipefail
case_name=$1 bin=$2 lcstat=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../cluster/netns.sh
source "$4"
netns_require
work=$(mktemp -d)
trap 'netns_cleanup; rm -rf "$work"' EXIT

fail() {
  echo "FAIL (cluster_netns $case_name): $*" >&2
  for f in "$work"/*.err; do [ -f "$f" ] && tail -20 "$f" | sed "s|^|$(basename "$f"): |" >&2; done
  exit 1
}

"$bin" --new-key "$work/key" >/dev/null || fail "--new-key"

# setup N HOST...: N hosts; machine i on host HOST_i. The coordinator reaches the hosts' data
# addresses over the control network (a management network routes them), so that a host's
# control connection leaves from the address the cluster file lists for its machine.
setup() {
  local n=$1
  shift
  netns_setup "$n" || fail "netns_setup $n"
  ip -n "$(netns_name coord)" route add 198.18.0.0/24 dev ctrl || fail "route to the data network"
  netns_cluster_file "$work/cluster.txt" "$work/key" 7000 "$@" || fail "cluster file"
}

# hosts: every host's machines, in the background, logs in $work/h<host>
hosts() {
  local h ids
  for ((h = 0; h < NETNS_HOSTS; h++)); do
    ids=$(awk -v a="$(netns_data_addr "$h"):" '$1 ~ /^[0-9]+$/ && index($2, a) == 1 { printf "%s%s", s, $1; s = "," }' "$work/cluster.txt")
    [ -n "$ids" ] || continue
    netns_bg "$h" "$bin" --cluster "$work/cluster.txt" --id "$ids" -o "$work/h$h" -f >"$work/h$h.out" 2>"$work/h$h.err"
    host_pids[h]=$NETNS_PID
  done
}
declare -a host_pids=()

# coordinate ARGS...: the coordinator in its namespace, in the background ($cpid).
coordinate() {
  netns_bg coord "$bin" --cluster "$work/cluster.txt" --coordinator -q -o "$work/run" -f "$@" \
    >"$work/coord.out" 2>"$work/coord.err"
  cpid=$NETNS_PID
}

# until_rows FILE_GLOB N: waits until a log matching the glob has N rows.
until_rows() {
  local f
  for ((;;)); do
    for f in $1; do
      [ -f "$f" ] && [ "$(wc -l <"$f")" -ge "$2" ] && return 0
    done
    kill -0 "$cpid" 2>/dev/null || fail "the coordinator ended before $1 had $2 rows"
    sleep 0.1
  done
}

# until_said TEXT: waits until a host's standard error has a line with TEXT.
until_said() {
  until grep -qsF -- "$1" "$work"/h*.err; do
    kill -0 "$cpid" 2>/dev/null || fail "the coordinator ended before a host said '$1'"
    sleep 0.1
  done
}

check() {
  "$lcstat" "$work/run" --out "$work/stat" >"$work/stat.out" 2>&1 || fail "lcstat: $(head -20 "$work/stat.out")"
  "$bin" --engine sim --replay "$work/run" -q 2>"$work/replay.err" || fail "replay: $(cat "$work/replay.err")"
}

complete() {
  wait "$cpid" || fail "coordinator exited $?"
  for p in "${host_pids[@]}"; do wait "$p" || fail "a host exited $?"; done
  grep -q '^status=complete$' "$work/run/run.txt" || fail "run.txt: $(cat "$work/run/run.txt")"
  if grep -E '^(lost|dropped|undelivered)_' "$work/run/run.txt"; then fail "messages lost in a complete run"; fi
  check
}

case $case_name in
hosts3)
  setup 3 0 1 2
  hosts
  coordinate -x 10 -d 6 -s 3 --latency 1ms --skew 2:-1.25
  complete
  # The offset estimate recovers the skew within its stated uncertainty.
  h=$(head -1 "$work"/run/vm_2_*.log)
  off=$(sed -n 's/.* clock_offset=\([^ ]*\).*/\1/p' <<<"$h")
  unc=$(sed -n 's/.* clock_uncertainty=\([^ ]*\).*/\1/p' <<<"$h")
  awk -v o="$off" -v u="$unc" 'BEGIN { d = o + 1.25; if (d < 0) d = -d; exit !(d <= u) }' ||
    fail "machine 2's offset $off +- $unc does not hold its skew -1.25"
  ;;
hosts8)
  # Eight hosts, ten machines: two hosts run two each.
  setup 8 0 1 2 3 4 5 6 7 0 1
  hosts
  coordinate -x 10 -d 4 -s 8
  complete
  ;;
cut_heal)
  # Host 1's data cable pulled for a moment mid-run, then put back: TCP carries on, nothing is
  # lost, the run completes.
  setup 3 0 1 2
  hosts
  coordinate -x 2 -d 20 -s 4 -r 3,3,3
  until_rows "$work/h1/vm_1_*.log" 10
  netns_cut 1 data
  sleep 2
  netns_heal 1 data
  complete
  ;;
cut_at_start)
  # Host 1's data cable is out as the run starts: each machine tries its connections again
  # (every 500 ms, for up to 30 s), the cable goes back in, and the run starts and completes,
  # nothing lost.
  setup 3 0 1 2
  netns_cut 1 data
  hosts
  coordinate -x 2 -d 6 -s 5 -r 3,3,3
  until_said "trying again for up to 30 s"
  netns_heal 1 data
  complete
  ;;
cut_at_start_stopped)
  # The same, but the run is stopped (SIGTERM to the coordinator) while its machines try again:
  # they end at once, none of them naming its connection as the cause.
  setup 3 0 1 2
  netns_cut 1 data
  hosts
  coordinate -x 2 -d 6 -s 5 -r 3,3,3
  until_said "trying again for up to 30 s"
  kill -TERM "$cpid"
  if wait "$cpid"; then fail "the coordinator exited 0 though stopped before the start"; fi
  for p in "${host_pids[@]}"; do wait "$p" || true; done
  if grep -h "connect" "$work"/h*.err | grep -v "trying again\|coordinator"; then
    fail "a machine gave its connection up instead of ending with the run"
  fi
  ;;
machine_killed)
  # Host 1's machine dies (SIGKILL) mid-run: its host sends what it logged, the others carry on,
  # and the run is accounted for per channel.
  setup 3 0 1 2
  hosts
  coordinate -x 4 -d 12 -s 6 -r 4,4,4
  until_rows "$work/h1/vm_1_*.log" 12
  # `ip netns exec` execs the host, so its pid is the host's; the machine is its child.
  victim=$(pgrep -P "${host_pids[1]}" | head -1 || true)
  [ -n "$victim" ] || fail "no machine process on host 1"
  kill -KILL "$victim"
  if wait "$cpid"; then fail "the coordinator exited 0 though a machine died"; fi
  grep -q '^failed=1$' "$work/run/run.txt" || fail "run.txt: $(cat "$work/run/run.txt")"
  check
  ;;
cut_to_end)
  # Host 1's data cable pulled mid-run for good: each link to or from it dies once its bytes go
  # unacknowledged (TCP_USER_TIMEOUT) or its peer is silent (keepalive), about 10 s; every
  # machine carries on without the other side, the control cable still collects every log,
  # and run.txt names each link the network cut (link_down_) and the messages then in flight
  # (lost_), which lcstat checks against the logs.
  setup 3 0 1 2
  hosts
  coordinate -x 1 -d 30 -s 9 -r 3,3,3
  until_rows "$work/h1/vm_1_*.log" 12
  netns_cut 1 data
  wait "$cpid" || fail "coordinator exited $?"
  for p in "${host_pids[@]}"; do wait "$p" || fail "a host exited $?"; done
  for c in 0_1 1_0 1_2 2_1; do
    grep -q "^link_down_${c}=" "$work/run/run.txt" || fail "no link_down_$c in run.txt: $(cat "$work/run/run.txt")"
  done
  if grep -qE '^link_down_(0_2|2_0)=' "$work/run/run.txt"; then fail "a link that was not cut is named"; fi
  check
  ;;
cut_drain)
  # Host 1's data cable pulled for good while messages are still on their way (--latency 3s
  # holds each for 3 s, so at tick 68 of 80 those of the last 3 s are held by their senders and
  # go into the cut cable in the drain). Each connection to host 1 dies in the drain, about
  # 10 s later, with what its kernel still held: that is no complete run. run.txt must name
  # the links the network cut and the messages lost with them, which lcstat checks.
  setup 3 0 1 2
  hosts
  coordinate -x 1 -d 4 -s 4 -r 20,20,20 --latency 3s
  until_rows "$work/h1/vm_1_*.log" 70
  netns_cut 1 data
  wait "$cpid" || fail "coordinator exited $?"
  for p in "${host_pids[@]}"; do wait "$p" || fail "a host exited $?"; done
  grep -q '^lost_1_0=' "$work/run/run.txt" || fail "no lost_1_0 in run.txt: $(cat "$work/run/run.txt")"
  for c in 0_1 1_0; do
    grep -q "^link_down_${c}=" "$work/run/run.txt" || fail "no link_down_$c in run.txt: $(cat "$work/run/run.txt")"
  done
  grep -q 'machine 1 went down at model time .*, while this machine drained' "$work/h0.err" ||
    fail "machine 0 did not say that machine 1 went down"
  check
  ;;
host_gone)
  # Every process of host 1 killed mid-run (the host vanished): the coordinator names its
  # machine as failed; the log it holds is what the host had streamed to it by then (every
  # 250 ms), cut where the host went, as a dead machine's own log is; the run is accounted for
  # per channel and passes lcstat and the replay.
  setup 3 0 1 2
  hosts
  coordinate -x 4 -d 12 -s 6 -r 4,4,4
  until_rows "$work/h1/vm_1_*.log" 12
  until [ "$(cat "$work"/run/vm_1_*.log 2>/dev/null | wc -l)" -ge 12 ]; do sleep 0.05; done
  netns_kill_host 1
  status=0
  wait "$cpid" || status=$?
  [ "$status" = 1 ] || fail "coordinator exit $status"
  grep -q 'machine 1 (on 198.18.0.2:7002): its host closed its connection' "$work/coord.err" ||
    fail "the coordinator did not name machine 1's host"
  grep -q '^failed=1$' "$work/run/run.txt" || fail "run.txt: $(cat "$work/run/run.txt")"
  check
  ;;
strangers)
  # Across the network: a stranger's bytes to the coordinator and to a machine's port, a host
  # holding another key (from machine 0's own address), and the real hosts after them. Each
  # stranger gets nothing in and a line; the run is whole.
  setup 2 0 1
  "$bin" --new-key "$work/other.key" >/dev/null
  sed 's|^key .*|key other.key|' "$work/cluster.txt" >"$work/other.txt"
  coordinate -x 4 -d 20 -s 12
  until grep -q 'waiting for 2 machines' "$work/coord.err"; do sleep 0.05; done
  netns_exec 1 bash -c "exec 3<>/dev/tcp/$NETNS_COORD/7000; printf 'hello?' >&3; sleep 0.2" || fail "no stranger"
  netns_bg 0 "$bin" --cluster "$work/other.txt" --id 0 -o "$work/x" -f >"$work/wrongkey.out" 2>"$work/wrongkey.err"
  wk=$NETNS_PID
  until grep -q 'does not hold this key' "$work/wrongkey.err"; do sleep 0.05; done
  kill "$wk"
  wait "$wk" || true
  hosts
  # A stranger at machine 1's port while the run goes: dropped by its listener, with a line.
  until_rows "$work/h1/vm_1_*.log" 4
  netns_exec 0 bash -c "exec 3<>/dev/tcp/$(netns_data_addr 1)/7002; printf 'LC junk' >&3; sleep 0.2" || fail "no stranger"
  complete
  grep -q 'refused a connection from 198.19.0.2:[0-9]*: not a handshake offer' "$work/coord.err" ||
    fail "the coordinator did not say it refused the stranger"
  grep -q 'machine 1: dropped connection from 198.18.0.1:[0-9]*' "$work/h1.err" ||
    fail "machine 1 did not say it dropped the stranger"
  ;;
ssh_script)
  # run_cluster.sh from the coordinator's namespace, with ssh and scp played by shims that
  # enter the host's namespace and use a home directory of its own: the copies (the key still
  # 0600), the hosts' start and the collected run, as over ssh.
  setup 2 0 1 1
  cat >"$work/ssh" <<SHIM
#!/usr/bin/env bash
# ssh HOST COMMAND: COMMAND in HOST's namespace, from its home directory.
for ((h = 0; h < ${#NETNS_DATA[@]}; h++)); do
  addrs=(${NETNS_DATA[*]})
  if [ "\${addrs[h]}" = "\$1" ]; then
    mkdir -p "$work/home\$h"
    exec ip netns exec "$NETNS_PREFIX-\$h" bash -c "cd '$work/home\$h' && \$2"
  fi
done
echo "ssh: no host \$1" >&2; exit 255
SHIM
  cat >"$work/scp" <<SHIM
#!/usr/bin/env bash
# scp -p -q SOURCE... HOST:DIR/ or HOST:PATH: copies into HOST's home directory, modes kept.
shift 2
dest=\${*: -1}
host=\${dest%%:*} path=\${dest#*:}
addrs=(${NETNS_DATA[*]})
for ((h = 0; h < \${#addrs[@]}; h++)); do
  if [ "\${addrs[h]}" = "\$host" ]; then
    mkdir -p "$work/home\$h"
    exec cp -p "\${@:1:\$#-1}" "$work/home\$h/\$path"
  fi
done
echo "scp: no host \$host" >&2; exit 1
SHIM
  chmod +x "$work/ssh" "$work/scp"
  status=0
  LC_SSH="$work/ssh" LC_SCP="$work/scp" netns_exec coord "$root/run_cluster.sh" -b "$bin" "$work/cluster.txt" \
    -q -o "$work/run" -f -x 10 -d 3 -s 2 >"$work/coord.out" 2>"$work/coord.err" || status=$?
  [ "$status" = 0 ] || fail "run_cluster.sh exited $status"
  [ "$(stat -c %a "$work/home1/logical_clock-cluster/cluster.key")" = 600 ] || fail "the key's copy is not mode 0600"
  grep -q '^key cluster.key$' "$work/home0/logical_clock-cluster/cluster.txt" || fail "the hosts' cluster file"
  grep -q 'machines 1,2 of run' "$work/home1/logical_clock-cluster/host.log" || fail "host 1: $(cat "$work/home1/logical_clock-cluster/host.log")"
  grep -q '^status=complete$' "$work/run/run.txt" || fail "run.txt: $(cat "$work/run/run.txt")"
  check
  ;;
*)
  echo "unknown case $case_name" >&2
  exit 2
  ;;
esac
