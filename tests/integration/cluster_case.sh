#!/usr/bin/env bash
# A cluster on one host: cluster_case.sh CASE LOGICAL_CLOCK LCSTAT
# The coordinator and the machines' hosts are separate processes on loopback addresses of
# their own (127.X.Y.Z: all of 127/8 is this host's), so that the handshake's source-address
# checks hold as across hosts. The collected run must pass lcstat and the replay. The
# namespace cases (cluster_netns.sh) run the same across network namespaces.
set -euo pipefail
case_name=$1 bin=$2 lcstat=$3
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL (cluster $case_name): $*" >&2; for f in "$work"/*.err; do [ -f "$f" ] && sed "s|^|$(basename "$f"): |" "$f" >&2; done; exit 1; }

# A loopback network of its own: 127.<a>.<b>.x, with a port drawn at random.
net="127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1))"
port=$((RANDOM % 20000 + 30000))
"$bin" --new-key "$work/key" >/dev/null || fail "--new-key"

# cluster_file N: coordinator at .1, machine i at .(i+2)
cluster_file() {
  {
    echo "# a cluster on loopback"
    echo "coordinator $net.1:$port"
    echo "key key"
    for ((i = 0; i < $1; i++)); do echo "$i $net.$((i + 2)):$port"; done
  } >"$work/cluster.txt"
}

# host NAME IDS: one host's machines, in the background, logs in $work/NAME
host() {
  "$bin" --cluster "$work/cluster.txt" --id "$2" -o "$work/$1" -f >"$work/$1.out" 2>"$work/$1.err" &
  pids+=($!)
}

# coordinate ARGS...: the coordinator, in the foreground; its exit status in $status
coordinate() {
  status=0
  "$bin" --cluster "$work/cluster.txt" --coordinator -q -o "$work/run" -f "$@" >"$work/coord.out" 2>"$work/coord.err" ||
    status=$?
}

check() {
  "$lcstat" "$work/run" --out "$work/stat" >"$work/stat.out" 2>&1 || fail "lcstat: $(head -20 "$work/stat.out")"
  "$bin" --engine sim --replay "$work/run" -q 2>"$work/replay.err" || fail "replay: $(cat "$work/replay.err")"
}

wait_hosts() {
  for p in "${pids[@]}"; do wait "$p" || fail "a host exited $?"; done
  pids=()
}

case $case_name in
basic)
  # Three machines on two hosts, started before the coordinator and after it.
  cluster_file 3
  host a 0
  coordinate -x 20 -d 4 -s 7 &
  cpid=$!
  host b 2,1
  wait "$cpid" || fail "coordinator exited $?: $(cat "$work/coord.err")"
  wait_hosts
  [ "$(ls "$work"/run/vm_*.log | wc -l)" = 3 ] || fail "logs collected: $(ls "$work/run")"
  grep -q '^status=complete$' "$work/run/run.txt" || fail "run.txt: $(cat "$work/run/run.txt")"
  # Each log came whole: the same bytes as the host kept.
  for f in "$work"/a/vm_*.log; do cmp "$f" "$work/run/$(basename "$f")" || fail "$f differs from the collected one"; done
  for f in "$work"/b/vm_*.log; do cmp "$f" "$work/run/$(basename "$f")" || fail "$f differs from the collected one"; done
  check
  ;;
*)
  echo "unknown case $case_name" >&2
  exit 2
  ;;
esac
