# shellcheck shell=bash
# netns.sh: separate hosts on one machine, made of network namespaces, for the cluster tests.
# Source it from a bash test (root only):
#
#   source tests/cluster/netns.sh
#   netns_require                 # else one "SKIP: ..." line and exit 77 (CTest's SKIP_RETURN_CODE)
#   netns_setup 3                 # hosts 0..2 and a coordinator; removed at exit or INT/TERM/HUP
#   netns_cluster_file "$work/cluster.txt" "$work/key" 7000 0 1 2
#   netns_bg coord "$bin" --cluster "$work/cluster.txt" --coordinator -d 5
#   netns_bg 1 "$bin" --cluster "$work/cluster.txt" --id 1
#   netns_cut 1 data; ...; netns_heal 1 data
#
# Layout. Every namespace is named PREFIX-WHAT, PREFIX being lc<pid of the shell> (a suffix
# is added when a dead run left that name behind):
#   PREFIX-s      the switch: two bridges, "data" (machine to machine) and "ctrl" (coordinator
#                 to hosts), and the switch side of every cable (d<I> and c<I>, cc for the
#                 coordinator's). Nothing is made in the namespace the test runs in.
#   PREFIX-<I>    host I (0..N-1): lo, "data" 198.18.0.<I+1>/24, "ctrl" 198.19.0.<I+1>/24.
#   PREFIX-c      the coordinator: lo, "ctrl" 198.19.0.254/24 (no data network).
# No namespace has a default route or any route but its own /24s, so nothing leaves them. The
# networks of two setups never meet (their bridges are in different switch namespaces), so two
# setups at once use the same addresses without clashing, and the interface names, which live
# inside the namespaces, are short and the same in every setup.
# Two networks so that a host's data cable can be cut to the end of a run while its control
# connection still lets the coordinator collect its logs. A machine listens on its data
# address; its connection to the coordinator's control address leaves through "ctrl" by route.
#
# Delays: this kernel has no netem qdisc (`tc qdisc add ... netem` answers "Specified qdisc
# kind is unknown"), so a test that wants delays asks the engine for them (--latency); the
# harness only cuts and heals cables.
#
# Run netns_setup, netns_bg and netns_cleanup in the test's own shell, not in $( ) or a pipe:
# they keep their state in its variables. A long command belongs in netns_bg followed by
# `wait`, which a signal interrupts; bash runs a trap only once a foreground command is done.

NETNS_SKIP=77            # the exit status that CTest is told means "skipped"
NETNS_PREFIX=""          # this setup's prefix, once made
NETNS_HOSTS=0            # its number of hosts (the coordinator aside)
NETNS_DATA=()            # NETNS_DATA[I]: host I's data address
NETNS_CTRL=()            # NETNS_CTRL[I]: host I's control address
NETNS_COORD=""           # the coordinator's control address
NETNS_PID=""             # the pid of the last netns_bg
_NETNS_OWNED=()          # namespaces this shell made, in the order made (the switch first)
_NETNS_BG=()             # pids started by netns_bg
_NETNS_ARMED=""          # the pid whose traps are installed
_NETNS_HOLD=0            # 1 while a signal must wait (a namespace being made, the cleanup)
_NETNS_PENDING=""        # a signal that came during a hold
_NETNS_RUN_DIR=/var/run/netns   # where `ip netns` names its namespaces
_NETNS_ERR=""            # what the last failed `ip netns add` said
_NETNS_FREE=""           # _netns_free_prefix's answer

# netns_fail MESSAGE: one line on stderr, and false.
netns_fail() { echo "netns: $*" >&2; return 1; }

# netns_require: returns when network namespaces, veth pairs and bridges can be made here;
# otherwise prints one line "SKIP: network namespaces unavailable: WHY" and exits with
# NETNS_SKIP. Makes (and removes) one probe namespace of its own.
netns_require() {
  local why="" probe err
  if ((EUID != 0)); then
    why="not root"
  elif ! command -v ip >/dev/null 2>&1; then
    why="no ip command (iproute2)"
  elif ! err=$(ip netns list 2>&1); then
    why="ip netns: ${err%%$'\n'*}"
  else
    _netns_free_prefix
    probe=$_NETNS_FREE-p
    if ! _netns_add "$probe"; then
      why="ip netns add: $(_netns_last_error)"
    elif ! err=$(ip -n "$probe" link add name v0 type veth peer name v1 2>&1); then
      why="veth: ${err%%$'\n'*}"
    elif ! err=$(ip -n "$probe" link add name b0 type bridge 2>&1); then
      why="bridge: ${err%%$'\n'*}"
    fi
    [ -z "$probe" ] || _netns_delete "$probe"
  fi
  [ -z "$why" ] && return 0
  echo "SKIP: network namespaces unavailable: $why"
  exit "$NETNS_SKIP"
}

# netns_setup N: makes hosts 0..N-1 (1..253) and the coordinator, as laid out above, and sets
# NETNS_PREFIX, NETNS_HOSTS, NETNS_DATA, NETNS_CTRL and NETNS_COORD. Installs netns_cleanup on
# EXIT, INT, TERM and HUP (after it, a trap the caller had still runs). False, with one line on
# stderr, if anything cannot be made (what was made is removed).
netns_setup() {
  local n=${1:-} i p
  if ! [[ $n =~ ^[0-9]+$ ]] || ((10#$n < 1 || 10#$n > 253)); then
    netns_fail "netns_setup: hosts must be 1..253, not '$n'"
    return 1
  fi
  n=$((10#$n))
  [ -z "$NETNS_PREFIX" ] || { netns_fail "netns_setup: $NETNS_PREFIX is still set up (netns_cleanup first)"; return 1; }
  # The switch namespace claims the prefix: every other PREFIX-* name is made after it and
  # removed before it, so a dead run's leftovers always include its switch.
  for _ in 1 2 3 4 5 6 7 8; do
    _netns_free_prefix
    p=$_NETNS_FREE
    _netns_add "$p-s" && break
    p=""
  done
  [ -n "$p" ] || { netns_fail "netns_setup: ip netns add: $(_netns_last_error)"; return 1; }
  NETNS_PREFIX=$p NETNS_HOSTS=$n NETNS_DATA=() NETNS_CTRL=() NETNS_COORD=198.19.0.254
  for ((i = 0; i < n; i++)); do
    NETNS_DATA+=("198.18.0.$((i + 1))")
    NETNS_CTRL+=("198.19.0.$((i + 1))")
  done
  # Named as ours before they exist, so that a signal during the batch misses none of them.
  local names=() batch
  for ((i = 0; i < n; i++)); do names+=("$p-$i"); done
  names+=("$p-c")
  _NETNS_OWNED+=("${names[@]}")
  batch=$(printf 'netns add %s\n' "${names[@]}")
  _netns_ip "netns add" -batch - <<<"$batch" || { netns_cleanup; return 1; }
  # The switch: both bridges, and every cable, the host's end made straight in its namespace.
  batch="link add name data type bridge forward_delay 0
link add name ctrl type bridge forward_delay 0
link set dev data up
link set dev ctrl up
link add name cc master ctrl up type veth peer name ctrl netns $p-c"
  for ((i = 0; i < n; i++)); do
    batch+="
link add name d$i master data up type veth peer name data netns $p-$i
link add name c$i master ctrl up type veth peer name ctrl netns $p-$i"
  done
  _netns_ip "the switch" -n "$p-s" -batch - <<<"$batch" || { netns_cleanup; return 1; }
  for ((i = 0; i < n; i++)); do
    _netns_ip "host $i" -n "$p-$i" -batch - <<EOF || { netns_cleanup; return 1; }
link set dev lo up
addr add ${NETNS_DATA[i]}/24 dev data
addr add ${NETNS_CTRL[i]}/24 dev ctrl
link set dev data up
link set dev ctrl up
EOF
  done
  _netns_ip "the coordinator" -n "$p-c" -batch - <<EOF || { netns_cleanup; return 1; }
link set dev lo up
addr add $NETNS_COORD/24 dev ctrl
link set dev ctrl up
EOF
}

# netns_name HOST: the namespace of HOST (0..N-1, or coord).
netns_name() {
  [ -n "$NETNS_PREFIX" ] || { netns_fail "nothing set up"; return 1; }
  case $1 in
    coord) echo "$NETNS_PREFIX-c" ;;
    *)
      if ! [[ $1 =~ ^[0-9]+$ ]] || ((10#$1 >= NETNS_HOSTS)); then
        netns_fail "no host '$1' (0..$((NETNS_HOSTS - 1)) or coord)"
        return 1
      fi
      echo "$NETNS_PREFIX-$((10#$1))"
      ;;
  esac
}

# netns_data_addr HOST, netns_ctrl_addr HOST: HOST's address on the data or control network
# (the coordinator has only a control one).
netns_data_addr() {
  netns_name "$1" >/dev/null || return 1
  [ "$1" != coord ] || { netns_fail "the coordinator is on the control network only"; return 1; }
  echo "${NETNS_DATA[10#$1]}"
}
netns_ctrl_addr() {
  netns_name "$1" >/dev/null || return 1
  if [ "$1" = coord ]; then echo "$NETNS_COORD"; else echo "${NETNS_CTRL[10#$1]}"; fi
}

# netns_exec HOST CMD...: runs CMD in HOST's namespace, in the foreground; its status.
netns_exec() {
  local ns
  ns=$(netns_name "$1") || return 1
  shift
  ip netns exec "$ns" "$@"
}

# netns_bg HOST CMD...: starts CMD in HOST's namespace in the background; its pid is in $! and
# NETNS_PID, and netns_cleanup ends it.
netns_bg() {
  local ns
  ns=$(netns_name "$1") || return 1
  shift
  ip netns exec "$ns" "$@" &
  NETNS_PID=$!
  _NETNS_BG+=("$NETNS_PID")
}

# netns_cut HOST [data|control], netns_heal HOST [data|control]: takes down (or back up) the
# switch's end of HOST's cable on that network (by default data, and control for the
# coordinator, which has no other). As with a pulled cable, the host keeps its address and routes and sees no carrier;
# what it sends is lost, its TCP connections retransmit and carry on once healed.
netns_cut() { _netns_cable "$1" "${2:-$(_netns_default_net "$1")}" down; }
netns_heal() { _netns_cable "$1" "${2:-$(_netns_default_net "$1")}" up; }

# netns_linked HOST [data|control]: true if HOST's end of that cable has a carrier (the
# switch's end is up).
netns_linked() {
  local ns dev
  ns=$(netns_name "$1") || return 1
  dev=$(_netns_host_dev "$1" "${2:-$(_netns_default_net "$1")}") || return 1
  [[ $(ip -n "$ns" -o link show dev "$dev") == *LOWER_UP* ]]
}

# netns_kill_host HOST: SIGKILL to every process in HOST's namespace, until none is left.
netns_kill_host() {
  local ns
  ns=$(netns_name "$1") || return 1
  _netns_kill_all "$ns"
}

# netns_pids HOST: the pids of the processes in HOST's namespace, one a line.
netns_pids() {
  local ns
  ns=$(netns_name "$1") || return 1
  ip netns pids "$ns"
}

# netns_reach HOST ADDR [SECONDS]: true once a TCP connection from HOST to ADDR's port 9 is
# answered, accepted or refused; false if none is within SECONDS (10 by default). A try that
# fails on this side (no route, a neighbour that did not answer before a cable was healed) is
# tried again. No ping here: the probe needs bash alone, and takes the path the machines use.
# An answer comes at once; only a false waits the SECONDS out.
netns_reach() {
  local ns
  ns=$(netns_name "$1") || return 1
  # shellcheck disable=SC2016 # the probe's own variables
  LC_ALL=C ip netns exec "$ns" timeout "${3:-10}" bash -c '
    until out=$( { exec 3<>"/dev/tcp/$1/9"; } 2>&1 ) || [[ $out == *"Connection refused"* ]]; do
      sleep 0.05
    done' _ "$2" >/dev/null 2>&1
}

# netns_listening HOST PORT: true if a TCP socket listens on PORT in HOST's namespace (to
# wait for a machine or the coordinator to be ready).
netns_listening() {
  local ns
  ns=$(netns_name "$1") || return 1
  [ -n "$(ip netns exec "$ns" ss -Hltn "sport = :$2")" ]
}

# netns_cluster_file PATH KEYFILE BASEPORT HOST...: writes a cluster file for this setup:
# the coordinator on its control address at BASEPORT, key KEYFILE, and machine I (one per
# HOST argument; several may name the same host) on HOST's data address at BASEPORT+1+I.
netns_cluster_file() {
  local path=$1 key=$2 base=$3 i=0 h addr
  shift 3 || { netns_fail "netns_cluster_file PATH KEYFILE BASEPORT HOST..."; return 1; }
  (($# >= 1)) || { netns_fail "netns_cluster_file: no machine"; return 1; }
  if ! [[ $base =~ ^[0-9]+$ ]] || ((10#$base < 1 || 10#$base + $# > 65535)); then
    netns_fail "netns_cluster_file: ports $base..$((10#$base + $#)) are not all in 1..65535"
    return 1
  fi
  base=$((10#$base))
  {
    echo "# $NETNS_PREFIX: the coordinator on the control network, the machines on the data one"
    echo "coordinator $NETNS_COORD:$base"
    echo "key $key"
    for h in "$@"; do
      addr=$(netns_data_addr "$h") || return 1
      echo "$i $addr:$((base + 1 + i))"
      i=$((i + 1))
    done
  } >"$path"
}

# netns_cleanup: ends every process started by netns_bg and every process in a namespace this
# shell made, then removes those namespaces (their cables and bridges go with them). Touches
# nothing else; does nothing the second time. False, saying so, if a namespace stays.
# (Safe under set -e: it runs in the traps.)
netns_cleanup() {
  local was_holding=$_NETNS_HOLD status=0 pid name live=() left=()
  _NETNS_HOLD=1
  # netns_bg's processes that are still this shell's children (a reaped pid may be reused),
  # first: one may not have entered its namespace yet.
  for pid in "${_NETNS_BG[@]}"; do
    if [[ -e /proc/$pid && $(_netns_ppid "$pid") == "$BASHPID" ]] && kill -KILL "$pid" 2>/dev/null; then
      live+=("$pid")
    fi
  done
  for name in "${_NETNS_OWNED[@]}"; do
    if [ -e "$_NETNS_RUN_DIR/$name" ]; then left+=("$name"); fi
  done
  if ((${#left[@]})); then _netns_kill_all "${left[@]}" || status=1; fi
  for pid in "${live[@]}"; do wait "$pid" 2>/dev/null || :; done
  _NETNS_BG=()
  # Hosts before the switch (the order made, reversed): a switch without hosts claims the
  # prefix to the end. -force: one that went on its own does not stop the rest.
  if ((${#left[@]})); then
    local i batch=""
    for ((i = ${#left[@]} - 1; i >= 0; i--)); do batch+="netns del ${left[i]}"$'\n'; done
    ip -force -batch - <<<"$batch" >/dev/null 2>&1 || :
    for name in "${left[@]}"; do
      if [ -e "$_NETNS_RUN_DIR/$name" ]; then
        netns_fail "could not remove namespace $name" || status=1
      fi
    done
  fi
  _NETNS_OWNED=() NETNS_PREFIX="" NETNS_HOSTS=0 NETNS_DATA=() NETNS_CTRL=() NETNS_COORD=""
  _NETNS_HOLD=$was_holding
  if ((was_holding == 0)); then _netns_deliver; fi
  return "$status"
}

# --- internals ---

# _netns_free_prefix: sets _NETNS_FREE to lc<pid>, or lc<pid>x<K> when a dead run left
# lc<pid>-s (or its probe, lc<pid>-p) behind. (Not in $( ): the pid is this shell's.)
_netns_free_prefix() {
  local p=lc$BASHPID k=0
  while [ -e "$_NETNS_RUN_DIR/$p-s" ] || [ -e "$_NETNS_RUN_DIR/$p-p" ]; do
    k=$((k + 1))
    p=lc${BASHPID}x$k
  done
  _NETNS_FREE=$p
}

# _netns_add NAME: makes namespace NAME, recorded as this shell's; false (the reason for
# _netns_last_error) if it exists or cannot be made. A signal meanwhile waits until it is
# recorded or known not made.
_netns_add() {
  local ok=1
  _netns_arm
  _NETNS_HOLD=1
  _NETNS_ERR=$( { ip netns add "$1"; } 2>&1 ) && ok=0
  ((ok)) || _NETNS_OWNED+=("$1")
  _NETNS_HOLD=0
  _netns_deliver
  return "$ok"
}
_netns_last_error() { echo "${_NETNS_ERR%%$'\n'*}"; }

# _netns_delete NAME: removes a namespace that _netns_add made (its processes ended first).
_netns_delete() {
  local kept=() n
  if [ -e "$_NETNS_RUN_DIR/$1" ]; then
    _netns_kill_all "$1" || :
    ip netns del "$1" 2>/dev/null || :
  fi
  for n in "${_NETNS_OWNED[@]}"; do [ "$n" = "$1" ] || kept+=("$n"); done
  _NETNS_OWNED=("${kept[@]}")
}

# _netns_ip WHAT ARGS...: ip ARGS, with one line on stderr naming WHAT if it fails.
_netns_ip() {
  local what=$1 err
  shift
  err=$(ip "$@" 2>&1 >/dev/null) && return 0
  netns_fail "netns_setup: $what: ${err%%$'\n'*}"
}

# _netns_kill_all NAMESPACE...: SIGKILL to every process in them until none is left (a
# process may fork while the list is read); gives up, saying so, after 2000 rounds.
_netns_kill_all() {
  local pids batch round
  batch=$(printf 'netns pids %s\n' "$@")
  for ((round = 0; round < 2000; round++)); do
    pids=$(ip -force -batch - <<<"$batch" 2>/dev/null) || :
    if [ -z "$pids" ]; then return 0; fi
    # shellcheck disable=SC2086 # one pid a word
    kill -KILL $pids 2>/dev/null || :
    if ((round > 0)); then sleep 0.005; fi
  done
  netns_fail "processes still in $*: $pids"
}

# _netns_ppid PID: the parent of PID, from /proc (field 4 of stat, after the command's parens).
_netns_ppid() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  read -r _ stat _ <<<"$stat"
  echo "$stat"
}

# _netns_default_net HOST: the network a cable of HOST is on unless named.
_netns_default_net() { if [ "$1" = coord ]; then echo control; else echo data; fi; }

# _netns_host_dev HOST NETWORK: the name of HOST's end of its cable on NETWORK.
# _netns_switch_dev HOST NETWORK: the name of the switch's end.
_netns_host_dev() {
  case $2 in
    data) [ "$1" != coord ] || { netns_fail "the coordinator has no data cable"; return 1; }; echo data ;;
    control) echo ctrl ;;
    *) netns_fail "no network '$2' (data or control)"; return 1 ;;
  esac
}
_netns_switch_dev() {
  _netns_host_dev "$1" "$2" >/dev/null || return 1
  if [ "$1" = coord ]; then echo cc; elif [ "$2" = data ]; then echo "d$((10#$1))"; else echo "c$((10#$1))"; fi
}

_netns_cable() {
  local dev
  netns_name "$1" >/dev/null || return 1
  dev=$(_netns_switch_dev "$1" "$2") || return 1
  ip -n "$NETNS_PREFIX-s" link set dev "$dev" "$3"
}

# _netns_arm: installs the traps, once per shell (a subshell arms its own). Each runs
# netns_cleanup, then the command the caller had set for it; a signal with no such command is
# then raised again, so that the shell ends by it.
_netns_arm() {
  [ "$_NETNS_ARMED" = "$BASHPID" ] && return 0
  _NETNS_ARMED=$BASHPID
  local sig prev words
  for sig in EXIT INT TERM HUP; do
    # `trap -p` prints "trap -- 'COMMAND' SIG", quoted for the shell to read back.
    prev=$(trap -p "$sig")
    if [ -n "$prev" ]; then
      eval "words=($prev)"
      prev=${words[2]}
    fi
    printf -v "_NETNS_PREV_$sig" '%s' "$prev"
    # shellcheck disable=SC2064 # the signal's name is fixed now
    trap "_netns_on $sig" "$sig"
  done
}

# _netns_on SIGNAL: a trap. During a hold, only notes a signal for _netns_deliver.
_netns_on() {
  local sig=$1 prev
  if [ "$sig" != EXIT ] && ((_NETNS_HOLD)); then
    _NETNS_PENDING=$sig
    return 0
  fi
  netns_cleanup
  prev=_NETNS_PREV_$sig
  if [ -n "${!prev}" ]; then
    eval "${!prev}"
  elif [ "$sig" != EXIT ]; then
    trap - "$sig"
    kill -s "$sig" "$BASHPID"
  fi
}

# _netns_deliver: handles a signal that came during a hold.
_netns_deliver() {
  local sig=$_NETNS_PENDING
  [ -n "$sig" ] || return 0
  _NETNS_PENDING=""
  _netns_on "$sig"
}
