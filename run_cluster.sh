#!/usr/bin/env bash
# run_cluster.sh: a cluster run over ssh, driven from the coordinator's host.
#
#   ./run_cluster.sh [-l USER] [-d REMOTE_DIR] [-b BINARY] CLUSTER_FILE [RUN OPTIONS...]
#
# For every host the cluster file lists machines on (by address), it copies BINARY (default
# ./logical_clock), the cluster file and its key into REMOTE_DIR (default
# logical_clock-cluster, under the remote user's home) with `scp -p`, so the key stays mode
# 0600; starts that host's machines there (`logical_clock --cluster cluster.txt --id I,J... -o
# REMOTE_DIR/run -f -q`) over ssh; then runs the coordinator here with the RUN OPTIONS (-d,
# -x, -s, --latency, ...), which collects every machine's log into its --out directory. Each
# host's own output goes to REMOTE_DIR/host.log there, and its last lines are shown here if it
# fails. ssh must reach every host without a password prompt (keys, or an agent).
#
# Environment: LC_SSH (default "ssh"), LC_SCP (default "scp"): the commands used, e.g. with
# options of your own (LC_SSH="ssh -o StrictHostKeyChecking=accept-new").
set -euo pipefail

usage() {
  sed -n '3,5p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

user="" remote_dir="logical_clock-cluster" binary="./logical_clock"
while getopts "l:d:b:h" opt; do
  case $opt in
  l) user=$OPTARG ;;
  d) remote_dir=$OPTARG ;;
  b) binary=$OPTARG ;;
  *) usage ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
cluster=$1
shift
read -r -a ssh_cmd <<<"${LC_SSH:-ssh}"
read -r -a scp_cmd <<<"${LC_SCP:-scp}"

die() { echo "run_cluster.sh: $*" >&2; exit 1; }
[ -f "$cluster" ] || die "no cluster file $cluster"
[ -x "$binary" ] || die "no program $binary (build it, or name it with -b)"
# The file is checked by the program itself (every line) before any host
# is touched: a --coordinator that cannot start would leave hosts waiting for it.
"$binary" --cluster "$cluster" --coordinator --help >/dev/null || die "$cluster is refused (above)"

# The key's path as the cluster file states it, resolved as the program resolves it.
key=$(sed -n 's/^[[:space:]]*key[[:space:]]\{1,\}\([^#]*[^#[:space:]]\)[[:space:]]*\(#.*\)\{0,1\}$/\1/p' "$cluster" | head -1)
[ -n "$key" ] || die "$cluster names no key"
case $key in /*) ;; *) key="$(dirname "$cluster")/$key" ;; esac

# host -> its machines' ids, from the "ID HOST:PORT" lines; HOST without brackets for ssh.
declare -A ids=()
while read -r id endpoint; do
  host=${endpoint%:*}
  host=${host#[}
  host=${host%]}
  ids[$host]+="${ids[$host]:+,}$id"
done < <(sed 's/#.*//' "$cluster" | awk '$1 ~ /^[0-9]+$/ && NF == 2 { print $1, $2 }')
[ ${#ids[@]} -gt 0 ] || die "$cluster lists no machines"

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
# The copy every host gets: the key beside it, under a name of its own.
sed 's/^\([[:space:]]*key[[:space:]]\{1,\}\).*/\1cluster.key/' "$cluster" >"$work/cluster.txt"

target() { if [ -n "$user" ]; then echo "$user@$1"; else echo "$1"; fi; }
scp_target() { case $1 in *:*) echo "[$(target "$1")]" ;; *) target "$1" ;; esac; }

for host in "${!ids[@]}"; do
  "${ssh_cmd[@]}" "$(target "$host")" "mkdir -p '$remote_dir'" || die "ssh $host: cannot make $remote_dir"
  "${scp_cmd[@]}" -p -q "$binary" "$work/cluster.txt" "$(scp_target "$host"):$remote_dir/" || die "scp to $host failed"
  "${scp_cmd[@]}" -p -q "$key" "$(scp_target "$host"):$remote_dir/cluster.key" || die "scp of the key to $host failed"
done
declare -A host_pid=()
for host in "${!ids[@]}"; do
  "${ssh_cmd[@]}" "$(target "$host")" "cd '$remote_dir' && ./$(basename "$binary") --cluster cluster.txt --id ${ids[$host]} -o run -f -q >host.log 2>&1" &
  pids+=($!)
  host_pid[$host]=$!
  echo "run_cluster.sh: $host runs machines ${ids[$host]}" >&2
done

status=0
"$binary" --cluster "$cluster" --coordinator "$@" || status=$?
for host in "${!ids[@]}"; do
  if ! wait "${host_pid[$host]}"; then
    echo "run_cluster.sh: the machines on $host did not end well; the end of $remote_dir/host.log there:" >&2
    "${ssh_cmd[@]}" "$(target "$host")" "tail -5 '$remote_dir/host.log'" >&2 || true
    [ "$status" != 0 ] || status=1
  fi
done
pids=()
exit "$status"
