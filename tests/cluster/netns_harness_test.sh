#!/usr/bin/env bash
# netns_harness_test.sh: the namespace harness (netns.sh) that the cluster tests run on.
# Three hosts and a coordinator: every data address reaches every other, every host reaches
# the coordinator's control address and the coordinator reaches no data address; no host has
# a route out; a cut data cable blocks data and not control, and a cut control cable the
# reverse, until healed; a killed host has no process left; the cluster file it writes; a
# second setup beside this one, each unharmed by the other's end; the test's own namespace
# (interfaces, addresses, routes, rules) the same before, during and after; nothing with the
# prefix left after netns_cleanup, which can run twice. Skips (77) where namespaces cannot be
# made.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/cluster/netns.sh
source "$here/netns.sh"
work=$(mktemp -d)
second_pid=""  # the shell of a second setup
# (netns_setup adds netns_cleanup before this.)
trap '[ -z "$second_pid" ] || { kill -TERM "$second_pid"; wait "$second_pid"; } 2>/dev/null || :; rm -rf "$work"' EXIT

fail() { echo "FAIL (netns_harness): $*" >&2; exit 1; }

netns_require

# root_state: what this namespace has, without the counters and lifetimes that move on their own.
root_state() {
  {
    ip -o link show
    ip -o addr show
    ip route show table all
    ip -6 route show table all
    ip rule show
    ip -6 rule show
  } | sed -E 's/ (valid_lft|preferred_lft|expires) [^ ]+//g'
}

# namespaces_of PREFIX: the namespaces named PREFIX-..., one a line.
namespaces_of() { ip netns list | awk -v p="$1-" 'index($1, p) == 1 { print $1 }'; }

# reach FROM ADDR / no_reach FROM ADDR: an answer must come (it comes at once), or none
# within a second (a cable is down: none can come later either).
reach() { netns_reach "$1" "$2" 30 || fail "host $1 does not reach $2"; }
no_reach() { ! netns_reach "$1" "$2" 1 || fail "host $1 reaches $2"; }

before=$(root_state)
netns_setup 3
prefix=$NETNS_PREFIX
[[ $prefix =~ ^lc[0-9]+(x[0-9]+)?$ ]] || fail "prefix '$prefix'"
[ "$(namespaces_of "$prefix" | sort | tr '\n' ' ')" = "$prefix-0 $prefix-1 $prefix-2 $prefix-c $prefix-s " ] ||
  fail "namespaces: $(namespaces_of "$prefix" | tr '\n' ' ')"
[ "$(root_state)" = "$before" ] || fail "the setup changed this namespace: $(diff <(echo "$before") <(root_state))"

# Addresses as advertised, and the interfaces and routes of each namespace: nothing but its
# own /24s, no default route.
[ "${NETNS_DATA[*]}" = "198.18.0.1 198.18.0.2 198.18.0.3" ] || fail "data addresses ${NETNS_DATA[*]}"
[ "${NETNS_CTRL[*]}" = "198.19.0.1 198.19.0.2 198.19.0.3" ] || fail "control addresses ${NETNS_CTRL[*]}"
[ "$NETNS_COORD" = 198.19.0.254 ] || fail "coordinator address $NETNS_COORD"
[ "$(netns_data_addr 2) $(netns_ctrl_addr 2) $(netns_ctrl_addr coord)" = "198.18.0.3 198.19.0.3 198.19.0.254" ] ||
  fail "netns_data_addr / netns_ctrl_addr"
! netns_data_addr coord 2>/dev/null || fail "a data address for the coordinator"
! netns_name 3 2>/dev/null || fail "a host 3 of 3"
for h in 0 1 2; do
  ns=$(netns_name "$h")
  links=$(ip -n "$ns" -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort | tr '\n' ' ')
  [ "$links" = "ctrl data lo " ] || fail "host $h has interfaces $links"
  addrs=$(ip -n "$ns" -o -4 addr show | awk '{ print $2, $4 }' | sort | tr '\n' ' ')
  [ "$addrs" = "ctrl ${NETNS_CTRL[h]}/24 data ${NETNS_DATA[h]}/24 lo 127.0.0.1/8 " ] || fail "host $h addresses: $addrs"
  routes=$(ip -n "$ns" -4 route show table all | grep -v '^local \|^broadcast ' | awk '{ print $1, $3 }' | sort | tr '\n' ' ')
  [ "$routes" = "198.18.0.0/24 data 198.19.0.0/24 ctrl " ] || fail "host $h routes: $routes"
  [ -z "$(ip -n "$ns" -6 route show default)" ] || fail "host $h has an IPv6 default route"
  ! ip -n "$ns" route get 192.0.2.1 >/dev/null 2>&1 || fail "host $h has a route out"
done
[ "$(ip -n "$prefix-c" -o -4 addr show | awk '{ print $2, $4 }' | sort | tr '\n' ' ')" = "ctrl 198.19.0.254/24 lo 127.0.0.1/8 " ] ||
  fail "coordinator addresses: $(ip -n "$prefix-c" -o -4 addr show)"

# Every data address from every host, the coordinator from every host and back; the
# coordinator is on no data network.
for from in 0 1 2; do
  for to in 0 1 2; do reach "$from" "${NETNS_DATA[to]}"; done
  reach "$from" "$NETNS_COORD"
  reach coord "${NETNS_CTRL[from]}"
  ! ip -n "$prefix-c" route get "${NETNS_DATA[from]}" >/dev/null 2>&1 || fail "the coordinator has a route to ${NETNS_DATA[from]}"
done

# A data cable cut: host 1's data is gone both ways, its control is not; the others' data is
# untouched. Healed: back.
netns_cut 1 data
! netns_linked 1 data || fail "host 1's data cable still has a carrier"
netns_linked 1 control || fail "host 1's control cable lost its carrier with the data one"
no_reach 0 "${NETNS_DATA[1]}"
no_reach 1 "${NETNS_DATA[2]}"
reach 1 "$NETNS_COORD"
reach coord "${NETNS_CTRL[1]}"
reach 0 "${NETNS_DATA[2]}"
netns_heal 1 data
netns_linked 1 data || fail "host 1's data cable healed without a carrier"
reach 0 "${NETNS_DATA[1]}"
reach 1 "${NETNS_DATA[2]}"

# A control cable cut: the reverse. The coordinator's own cable too.
netns_cut 2 control
no_reach 2 "$NETNS_COORD"
no_reach coord "${NETNS_CTRL[2]}"
reach 2 "${NETNS_DATA[0]}"
reach 0 "$NETNS_COORD"
netns_heal 2 control
reach 2 "$NETNS_COORD"
netns_cut coord control
no_reach 0 "$NETNS_COORD"
netns_heal coord
reach 0 "$NETNS_COORD"
! netns_cut coord data 2>/dev/null || fail "cut a data cable of the coordinator"
! netns_cut 0 both 2>/dev/null || fail "cut a network named 'both'"

# Processes: netns_bg runs in the host's namespace; netns_kill_host ends all of them there,
# also one started inside, and no other host's.
netns_bg 1 sleep 1000
first=$!
[ "$first" = "$NETNS_PID" ] || fail "\$! $first and NETNS_PID $NETNS_PID"
netns_bg 1 bash -c 'sleep 1000 & wait'
inner=$!
netns_bg 0 sleep 1000
other=$!
# (`ip netns exec` enters the namespace, then becomes the command: wait for all three there.)
until [ "$(netns_pids 1 | wc -l)" = 3 ]; do kill -0 "$first" || fail "host 1's processes ended"; sleep 0.01; done
[ "$(readlink "/proc/$first/ns/net")" = "net:[$(stat -L -c %i "/var/run/netns/$prefix-1")]" ] ||
  fail "netns_bg's process is not in host 1's namespace"
netns_kill_host 1
[ -z "$(netns_pids 1)" ] || fail "processes left in host 1: $(netns_pids 1)"
status=0
wait "$first" 2>/dev/null || status=$?
[ "$status" = 137 ] || fail "host 1's sleep ended with $status, not by SIGKILL"
wait "$inner" 2>/dev/null || :
kill -0 "$other" || fail "host 0's process ended with host 1's"

# The cluster file: two machines on host 0, one each on 1 and 2; the coordinator on control.
netns_cluster_file "$work/cluster.txt" "$work/key" 7000 0 0 1 2
grep -v '^#' "$work/cluster.txt" >"$work/cluster.lines"
diff "$work/cluster.lines" - <<EOF || fail "cluster file: $(cat "$work/cluster.txt")"
coordinator 198.19.0.254:7000
key $work/key
0 198.18.0.1:7001
1 198.18.0.1:7002
2 198.18.0.2:7003
3 198.18.0.3:7004
EOF
! netns_cluster_file "$work/bad.txt" "$work/key" 7000 0 5 2>/dev/null || fail "a cluster file with a host 5"
! netns_cluster_file "$work/bad.txt" "$work/key" 65534 0 1 2>/dev/null || fail "a cluster file with port 65536"

# A second setup beside this one (another shell, as another test would be): its own prefix,
# the same addresses on networks of its own. When it ends it removes its namespaces and none
# of these.
mkfifo "$work/go"
bash -c 'source "$1"; netns_setup 2; netns_reach 0 198.18.0.2 30 || exit 1
         echo "$NETNS_PREFIX" >"$2.tmp"; mv "$2.tmp" "$2"; read -r _ <"$3"' \
  _ "$here/netns.sh" "$work/second" "$work/go" &
second_pid=$!
until [ -e "$work/second" ]; do kill -0 "$second_pid" 2>/dev/null || fail "the second setup failed"; sleep 0.01; done
second=$(<"$work/second")
[ "$second" != "$prefix" ] || fail "two setups with prefix $prefix"
[ "$(namespaces_of "$second" | wc -l)" = 4 ] || fail "second setup's namespaces: $(namespaces_of "$second")"
[ "$(ip -n "$second-1" -o -4 addr show dev data | awk '{ print $4 }')" = 198.18.0.2/24 ] ||
  fail "the second setup's host 1 is not on 198.18.0.2: $(ip -n "$second-1" -o -4 addr show)"
echo >"$work/go"
status=0
wait "$second_pid" || status=$?
second_pid=""
[ "$status" = 0 ] || fail "the second setup's shell ended with $status"
[ -z "$(namespaces_of "$second")" ] || fail "the second setup left $(namespaces_of "$second")"
[ "$(namespaces_of "$prefix" | wc -l)" = 5 ] || fail "the second setup's end took some of ours: $(namespaces_of "$prefix")"
reach 0 "${NETNS_DATA[2]}"
[ "$(root_state)" = "$before" ] || fail "this namespace changed: $(diff <(echo "$before") <(root_state))"

netns_cleanup
[ -z "$(namespaces_of "$prefix")" ] || fail "left after netns_cleanup: $(namespaces_of "$prefix")"
[ -z "$NETNS_PREFIX" ] || fail "NETNS_PREFIX still $NETNS_PREFIX"
! kill -0 "$other" 2>/dev/null || fail "host 0's process outlived netns_cleanup"
netns_cleanup || fail "a second netns_cleanup failed"
[ "$(root_state)" = "$before" ] || fail "this namespace changed: $(diff <(echo "$before") <(root_state))"
# And a new setup after the cleanup, in the same shell.
netns_setup 1
reach 0 "$NETNS_COORD"
netns_cleanup
echo "netns_harness: passed"
