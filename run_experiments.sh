#!/usr/bin/env bash
# run_experiments.sh: a study of logical_clock runs. Runs every configuration several times
# with derived seeds, in parallel (on this host's cores, or on several hosts through GNU
# parallel), checks every run (lcstat) and plots the first few of each configuration
# (plot/plot.sh), then writes summary.csv (a row per run), machines.csv (a row per machine of
# every run) and REPORT.md (lcstudy: findings with confidence intervals, per-machine figures by
# tick rate, the theory beside the measurement, sweeps) into the study directory.
# See docs/analysis.md, "run_experiments.sh".
set -euo pipefail
# Signals first: from here a SIGINT or SIGTERM only sets this flag, and every way out looks at
# it (die, stop_incomplete, on_exit): a tool that a Ctrl-C killed must not read as a failure.
interrupted=0
trap 'interrupted=1' INT TERM
# stage: what the study was doing, for the message of a stop; claim: the study directory's
# claim once it is ours (see "The study directory").
stage="before the study started" claim="" told=0

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tools/lcstudy/study_tasks.sh
source "$root/tools/lcstudy/study_tasks.sh"
# shellcheck source=tools/lcstudy/study_workers.sh
source "$root/tools/lcstudy/study_workers.sh"
# shellcheck source=tools/lcstudy/study_run.sh
source "$root/tools/lcstudy/study_run.sh"
# shellcheck source=tools/apt_hint.sh
source "$root/tools/apt_hint.sh"

# stopped: the study stops on a signal: exit 130, once every task has ended (on_exit).
stopped() {
  told=1
  echo "run_experiments.sh: stopped by a signal $stage" >&2
  [[ -z $claim ]] ||
    echo "run_experiments.sh: study incomplete: no summary.csv, machines.csv, intervals.csv or REPORT.md written; finished runs are in $out/" >&2
  exit 130
}
die() {
  ((interrupted == 0)) || stopped
  echo "run_experiments.sh: $1" >&2
  exit "${2:-1}"
}
stop_incomplete() {
  ((interrupted == 0)) || stopped
  echo "run_experiments.sh: $1" >&2
  echo "run_experiments.sh: study incomplete: no summary.csv, machines.csv, intervals.csv or REPORT.md written; finished runs are in $out/" >&2
  exit "${2:-1}"
}
# on_exit: every way out waits for the tasks still running and gives up the claim; after a
# signal the study exits 130 unless it was complete (a command that the signal killed may
# have ended it through set -e).
on_exit() {
  local status=$?
  settle
  stop_workers
  # The claim is given up with the signals ignored: one more (a second Ctrl-C) that landed
  # as rm or rmdir ran killed it and cut this trap short, which left the claim behind.
  trap '' INT TERM
  # (With the workers' pipes and files: start_workers may have stopped before stop_workers would
  # remove them.)
  [[ -z $claim ]] ||
    { rm -f "$claim"/check*.out "$claim"/tasks* "$claim/results" && rmdir "$claim"; } 2>/dev/null || true
  if ((interrupted && status != 0 && status != 130)); then
    ((told)) || echo "run_experiments.sh: stopped by a signal $stage" >&2
    status=130
  fi
  exit "$status"
}
trap on_exit EXIT

usage() {
  cat <<'USAGE'
usage: ./run_experiments.sh [options]

Runs a study: each configuration "RATE_MAX INTERNAL_MAX" several times, checks every run,
plots the first few of each, then writes summary.csv, machines.csv and REPORT.md into the study
directory. By default the classic study: configurations "6 10" (baseline), "3 10" (smaller
tick-rate variation) and "6 5" (fewer internal events), 5 runs of 60 model seconds each, in
real time (15 minutes; a few seconds with --engine sim).

  --config "R K [N]"  a configuration: RATE_MAX R (or fixed rates, e.g. 1,3,6), INTERNAL_MAX K,
                      and N machines (default --machines); repeatable, replaces the default three
  --sweep KEY=A..B[/STEP]
                      one configuration per value of KEY from A to B in steps of STEP (default
                      1; at most 200 values), the others from the one --config given (default
                      "6 10"). KEY: rate_max, internal_max, machines; or the network:
                      partition (model seconds: every run of value V has a partition of V s,
                      as --partition-at places it; 0: none) or latency_ms (every run of value
                      V has --latency Vms on every channel, or with --sweep-link on one)
  --partition-at G@F  with --sweep partition: the machines the partition cuts apart and when it
                      starts, e.g. '0|1,2@30' (groups split by |, ids by ,; machines not named
                      are a group); value V runs with --partition G@F-(F+V)
  --sweep-link F-T    with --sweep latency_ms: the delay on the channel from machine F to T
                      alone (--link F-T:Vms); the others keep the engine's default
  --runs N            runs per configuration (default 5, at most 1000000)
  --duration S        model seconds per run (default 60)
  --engine E          real (processes and TCP, default) or sim (simulated, exact, fast)
  --speed F           real engine: run the model F times faster than real time (default 1)
  --machines N        machines per run (default 3)
  --graphs N          runs per configuration that get plot.sh's graphs (default 5, or 2 with
                      more than 20 runs); the others are checked and summarised only
  --jobs N            runs at once (default: the number of cores; per host with --hosts)
  --hosts FILE        hand the runs to GNU parallel over ssh (FILE: its --sshloginfile); the
                      runs' directories come back into the study directory
  --seed S            base seed, decimal (default: drawn at random); the runs get distinct seeds
                      derived from it, so the same --seed repeats the whole study
  --out DIR           study directory, new or empty (default runs/study-<UTC date-time>); a
                      study holds it from its start (DIR/.claim), so another one started on it
                      refuses
  -h, --help          show this help

Environment: LOGICAL_CLOCK, LCSTAT, LCSTUDY: the binaries to use (default: those built by make).
Exit status: 0 study complete; 1 a run failed or broke the model's rules, or a tool is
missing; 2 bad usage, or --out taken by another study; 130 stopped by a signal (SIGINT or
SIGTERM, at any moment before the study is complete; every task is waited for first). Only a
complete study gets summary.csv, machines.csv and REPORT.md.
USAGE
}

# gp_string VAR TEXT: TEXT as a gnuplot string literal into VAR: in single quotes, each quote
# joined on as "'" (gnuplot reads a doubled quote as one only inside a string, not first nor
# twice in a row). (printf -v, not $(...): no subshell for a Ctrl-C to kill.)
gp_string() { printf -v "$1" "'%s'" "${2//\'/\'.\"\'\".\'}"; }
# whole_png FILE: FILE ends with a PNG's IEND chunk. gnuplot exits 0 when its output cannot
# be written (a full disk leaves an empty or cut image), so the graphs are checked.
whole_png() { [[ $(tail -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n') == 49454e44ae426082 ]]; }
# whole_pngs FILE...: every FILE does, checked by one pipeline (a file that gives tail fewer
# than 8 bytes, or none, leaves the whole string short).
whole_pngs() {
  local want="" k
  for ((k = 0; k < $#; k++)); do want+=49454e44ae426082; done
  [[ $(tail -q -c 8 -- "$@" 2>/dev/null | od -An -v -tx1 | tr -d ' \n') == "$want" ]]
}

configs=() runs=5 duration=60 speed="" machines=3 seed="" out="" engine=real graphs="" jobs="" hosts="" sweep=""
partition_at="" sweep_link=""
need_value() { (($1 >= 2)) || die "$2 needs a value (see --help)" 2; }
while (($#)); do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --config) need_value $# "$1"; configs+=("$2"); shift ;;
    --sweep) need_value $# "$1"; [[ -z $sweep ]] || die "one --sweep only" 2; sweep=$2; shift ;;
    --partition-at) need_value $# "$1"; partition_at=$2; shift ;;
    --sweep-link) need_value $# "$1"; sweep_link=$2; shift ;;
    --runs) need_value $# "$1"; runs=$2; shift ;;
    --duration) need_value $# "$1"; duration=$2; shift ;;
    --engine) need_value $# "$1"; engine=$2; shift ;;
    --speed) need_value $# "$1"; speed=$2; shift ;;
    --machines) need_value $# "$1"; machines=$2; shift ;;
    --graphs) need_value $# "$1"; graphs=$2; shift ;;
    --jobs) need_value $# "$1"; jobs=$2; shift ;;
    --hosts) need_value $# "$1"; hosts=$2; shift ;;
    --seed) need_value $# "$1"; seed=$2; shift ;;
    --out) need_value $# "$1"; out=$2; shift ;;
    *) die "unknown argument '$1' (see --help)" 2 ;;
  esac
  shift
done

# Whole numbers without leading zeros (bash arithmetic would read 08 as octal).
number='^(0|[1-9][0-9]*)(\.[0-9]+)?$'
whole='^(0|[1-9][0-9]*)$'
above_zero() { awk -v v="$1" 'BEGIN { exit !(v > 0) }'; }
# (the length first: bash arithmetic wraps past 2^63)
[[ $runs =~ ^[1-9][0-9]{0,6}$ ]] && ((runs <= 1000000)) || die "--runs wants a whole number from 1 to 1000000, got '$runs'" 2
[[ $machines =~ $whole ]] || die "--machines wants a whole number, got '$machines'" 2
[[ $duration =~ ^(0|[1-9][0-9]*)(\.[0-9]{1,6})?$ ]] && above_zero "$duration" ||
  die "--duration wants seconds above 0, with at most 6 decimals, got '$duration'" 2
[[ $engine == real || $engine == sim ]] || die "--engine wants real or sim, got '$engine'" 2
if [[ $engine == sim ]]; then
  [[ -z $speed ]] || die "--speed means nothing to the simulation engine (it runs as fast as it can)" 2
else
  speed=${speed:-1}
  [[ $speed =~ $number ]] && above_zero "$speed" && awk -v v="$speed" 'BEGIN { exit !(v <= 1e9) }' ||
    die "--speed wants a number above 0 and at most 1e9, got '$speed'" 2
fi
# By default every run of a small study is plotted (the classic one: all 5), only the first 2
# of each configuration in a study of more than 20 runs each.
if [[ -z $graphs ]]; then
  graphs=5
  ((runs <= 20)) || graphs=2
fi
[[ $graphs =~ $whole ]] || die "--graphs wants a whole number, got '$graphs'" 2
((graphs <= runs)) || graphs=$runs
jobs_given=$jobs
if [[ -n $jobs ]]; then
  [[ $jobs =~ ^[1-9][0-9]*$ ]] || die "--jobs wants a whole number >= 1, got '$jobs'" 2
fi
# Paths with a leading dash would read as options to mkdir, ls, dirname and the rest.
[[ $hosts != -* ]] || hosts=./$hosts
[[ $out != -* ]] || out=./$out
if [[ -n $hosts ]]; then
  [[ -f $hosts && -r $hosts ]] || die "--hosts $hosts: no such readable file" 2
  [[ $hosts == /* ]] || hosts=$PWD/$hosts
fi

# A configuration: "R K [N]", R a RATE_MAX or a list of fixed rates.
# (groups: 1 the rates, 5 INTERNAL_MAX, 7 N)
config_re='^[[:space:]]*((0|[1-9][0-9]*)(,(0|[1-9][0-9]*))*)[[:space:]]+(0|[1-9][0-9]*)([[:space:]]+(0|[1-9][0-9]*))?[[:space:]]*$'
for c in "${configs[@]}"; do
  [[ $c =~ $config_re ]] || die "--config wants \"RATE_MAX INTERNAL_MAX [MACHINES]\", e.g. \"6 10\"; got '$c'" 2
done
# sweep_values: the swept value of each configuration of a sweep.
sweep_key="" sweep_values=()
if [[ -n $sweep ]]; then
  # (at most 18 digits each: bash arithmetic wraps past 2^63)
  [[ $sweep =~ ^(rate_max|internal_max|machines|partition|latency_ms)=(0|[1-9][0-9]{0,17})\.\.(0|[1-9][0-9]{0,17})(/([1-9][0-9]{0,17}))?$ ]] ||
    die "--sweep wants KEY=A..B or KEY=A..B/STEP (KEY rate_max, internal_max, machines, partition or latency_ms; A, B whole numbers, STEP one above 0); got '$sweep'" 2
  sweep_key=${BASH_REMATCH[1]} sweep_a=${BASH_REMATCH[2]} sweep_b=${BASH_REMATCH[3]} sweep_step=${BASH_REMATCH[5]:-1}
  ((sweep_a <= sweep_b)) || die "--sweep $sweep: A must not be above B" 2
  (((sweep_b - sweep_a) % sweep_step == 0)) ||
    die "--sweep $sweep: steps of $sweep_step from $sweep_a do not end at $sweep_b (B - A must be a multiple of STEP)" 2
  (((sweep_b - sweep_a) / sweep_step < 200)) ||
    die "--sweep $sweep: $(((sweep_b - sweep_a) / sweep_step + 1)) values; at most 200" 2
  ((${#configs[@]} <= 1)) || die "--sweep takes its other parameters from one --config, not ${#configs[@]}" 2
  base=${configs[0]:-6 10}
  [[ $base =~ $config_re ]]
  base_r=${BASH_REMATCH[1]} base_k=${BASH_REMATCH[5]} base_n=${BASH_REMATCH[7]:-$machines}
  [[ $sweep_key != rate_max || $base_r != *,* ]] || die "--sweep rate_max cannot go with fixed rates" 2
  configs=()
  for ((v = sweep_a; v <= sweep_b; v += sweep_step)); do
    case $sweep_key in
      rate_max) configs+=("$v $base_k $base_n") ;;
      internal_max) configs+=("$base_r $v $base_n") ;;
      machines) configs+=("$base_r $base_k $v") ;;
      partition | latency_ms) configs+=("$base_r $base_k $base_n") ;;
    esac
    sweep_values+=("$v")
  done
fi
# A sweep of the network: every configuration has the same parameters, and its swept value as
# a partition of that length (in model seconds; 0: none) or a delay (ms) on every channel or on
# --sweep-link's. network: 1 for such a sweep.
network=0
[[ $sweep_key != partition && $sweep_key != latency_ms ]] || network=1
[[ -z $partition_at || $sweep_key == partition ]] || die "--partition-at goes with --sweep partition=A..B only" 2
[[ -z $sweep_link || $sweep_key == latency_ms ]] || die "--sweep-link goes with --sweep latency_ms=A..B only" 2
[[ $sweep_key != partition || -n $partition_at ]] ||
  die "--sweep partition needs --partition-at GROUPS@FROM, e.g. '0|1,2@30': the machines it cuts apart, and from when" 2
((${#configs[@]})) || configs=("6 10" "3 10" "6 5")

# Each configuration, parsed: rate spec, K, N, label (r6-k10, r1_3_6-k10; -n5 when N != 3).
# cfg_max: RATE_MAX (the largest of fixed rates); cfg_fixed: the fixed rates, or empty.
cfg_rates=() cfg_k=() cfg_n=() cfg_label=() cfg_text=() cfg_max=() cfg_fixed=()
max_n=512
[[ $engine == sim ]] && max_n=1000
for i in "${!configs[@]}"; do
  c=${configs[i]}
  [[ $c =~ $config_re ]]
  r=${BASH_REMATCH[1]} k=${BASH_REMATCH[5]} n=${BASH_REMATCH[7]:-$machines}
  # (the lengths first: bash arithmetic wraps past 2^63)
  ((${#k} <= 10 && k >= 3 && k <= 1000000000)) || die "config \"$c\": INTERNAL_MAX must be 3..1000000000" 2
  ((${#n} <= 4 && n >= 2 && n <= max_n)) || die "config \"$c\": machines must be 2..$max_n" 2
  if [[ $r == *,* ]]; then
    commas=${r//[!,]/}
    ((${#commas} + 1 == n)) || die "config \"$c\": $n machines need $n rates" 2
  fi
  m=0
  for x in ${r//,/ }; do
    ((${#x} <= 7 && x >= 1 && x <= 1000000)) || die "config \"$c\": a tick rate must be 1..1000000, not $x" 2
    ((x <= m)) || m=$x
  done
  fixed=""
  [[ $r != *,* ]] || fixed=$r
  label="r${r//,/_}-k$k"
  ((n == 3)) || label+="-n$n"
  # (in a sweep of the network, the swept value: r6-k10-partition30s, r6-k10-delay50ms)
  if ((network)); then
    if [[ $sweep_key == partition ]]; then label+="-partition${sweep_values[i]}s"; else label+="-delay${sweep_values[i]}ms"; fi
  fi
  # A configuration named again is a control: its runs have seeds of their own, and the report
  # compares it with the first like any other (r6-k10-2, r6-k10-3, ...).
  copy=1 named=$label
  while [[ " ${cfg_label[*]} " == *" $label "* ]]; do label="$named-$((++copy))"; done
  cfg_rates+=("$r") cfg_k+=("$k") cfg_n+=("$n") cfg_label+=("$label") cfg_text+=("${c#"${c%%[![:space:]]*}"}")
  cfg_max+=("$m") cfg_fixed+=("$fixed")
done

# cfg_net: in a sweep of the network, each configuration's option for logical_clock, one word
# (--partition=GROUPS@FROM-TO, none for a partition of length 0; --latency=Vms or
# --link=F-T:Vms), also added to its cfg_text; empty otherwise. The partition is checked as
# logical_clock checks one, so that a bad one stops the study before its first run.
cfg_net=()
if [[ $sweep_key == partition ]]; then
  [[ $partition_at =~ ^([0-9]{1,4}([,|][0-9]{1,4})*)@(0|[1-9][0-9]{0,7})(\.[0-9]{1,6})?$ ]] ||
    die "--partition-at wants GROUPS@FROM (the sweep gives its length), e.g. '0|1,2@30' (ids split by ',' in a group, groups by '|'; FROM in model seconds, at most 6 decimals); got '$partition_at'" 2
  cut_groups=${BASH_REMATCH[1]} cut_from=${BASH_REMATCH[3]} cut_frac=${BASH_REMATCH[4]}
  named=" " named_count=0 group_count=0
  IFS='|' read -ra cut_parts <<<"$cut_groups"
  for g in "${cut_parts[@]}"; do
    group_count=$((group_count + 1))
    IFS=, read -ra cut_ids <<<"$g"
    for id in "${cut_ids[@]}"; do
      [[ $id =~ ^(0|[1-9][0-9]*)$ ]] || die "--partition-at $partition_at: '$id' is not a machine id" 2
      ((id < base_n)) || die "--partition-at $partition_at names machine $id, but the machines are 0..$((base_n - 1))" 2
      [[ $named != *" $id "* ]] || die "--partition-at $partition_at names machine $id twice" 2
      named+="$id " named_count=$((named_count + 1))
    done
  done
  # (machines not named form one more group)
  ((group_count + (named_count < base_n ? 1 : 0) >= 2)) ||
    die "--partition-at $partition_at separates nothing: every machine is in one group" 2
  awk -v from="$cut_from$cut_frac" -v d="$duration" 'BEGIN { exit !(from < d) }' ||
    die "--partition-at $partition_at starts at or after the run's end (--duration $duration)" 2
  cut_end=$((cut_from + sweep_b))
  ((cut_end < 10000000)) || { ((cut_end == 10000000)) && [[ -z ${cut_frac//[.0]/} ]]; } ||
    die "--sweep $sweep with --partition-at $partition_at: a partition would end past model second 10000000, the latest there is" 2
elif [[ $sweep_key == latency_ms ]]; then
  ((sweep_b <= 1000000000)) || die "--sweep $sweep: a delay is at most 1000000000 ms (10^6 s)" 2
  if [[ -n $sweep_link ]]; then
    [[ $sweep_link =~ ^(0|[1-9][0-9]{0,3})-(0|[1-9][0-9]{0,3})$ ]] ||
      die "--sweep-link wants a channel FROM-TO, e.g. 0-1; got '$sweep_link'" 2
    ((BASH_REMATCH[1] != BASH_REMATCH[2])) || die "--sweep-link $sweep_link: a machine has no channel to itself" 2
    ((BASH_REMATCH[1] < base_n && BASH_REMATCH[2] < base_n)) ||
      die "--sweep-link $sweep_link names a machine beyond 0..$((base_n - 1))" 2
  fi
fi
for c in "${!configs[@]}"; do
  net=""
  if [[ $sweep_key == partition ]]; then
    ((sweep_values[c] == 0)) || net="--partition=$cut_groups@$cut_from$cut_frac-$((cut_from + sweep_values[c]))$cut_frac"
  elif [[ $sweep_key == latency_ms ]]; then
    if [[ -n $sweep_link ]]; then net="--link=$sweep_link:${sweep_values[c]}ms"; else net="--latency=${sweep_values[c]}ms"; fi
  fi
  cfg_net+=("$net")
  [[ -z $net ]] || cfg_text[c]+=" ${net/=/ }"
done
engine_args=(--engine sim)
[[ $engine == sim ]] || engine_args=(--speed "${speed:-1}")

if [[ -z $seed ]]; then
  drawn=$(od -An -N8 -tu8 /dev/urandom) || true
  drawn=${drawn//[!0-9]/}
  [[ -n $drawn ]] || die "could not draw a seed from /dev/urandom"
  seed=$((drawn & 0xffffffffffff))  # 48 bits: at most 15 digits
fi
[[ $seed =~ ^[0-9]{1,18}$ ]] || die "--seed wants a decimal number of at most 18 digits, got '$seed'" 2

# The tools, all checked before the first run.
bin=${LOGICAL_CLOCK:-$root/build/logical_clock}
lcstat=${LCSTAT:-$root/build/lcstat}
lcstudy=${LCSTUDY:-$root/build/lcstudy}
[[ -x $bin ]] || die "$bin not found: build it with make (or set LOGICAL_CLOCK)"
[[ -x $lcstat ]] || die "$lcstat not found: build it with make (or set LCSTAT)"
[[ -x $lcstudy ]] || die "$lcstudy not found: build it with make (or set LCSTUDY)"
command -v gnuplot >/dev/null ||
  die "gnuplot is not installed; the report's graphs need it, so install it first: $(apt_hint gnuplot-nox)"
command -v setsid >/dev/null || die "setsid is not installed (util-linux): $(apt_hint util-linux)"
if [[ -n $hosts ]]; then
  command -v parallel >/dev/null || die "--hosts needs GNU parallel: $(apt_hint parallel rsync)"
fi
export LCSTAT=$lcstat
jobs=${jobs:-$(nproc 2>/dev/null || echo 1)}

# The study directory. Two studies started at once on one --out must not both take it: the
# claim, mkdir of DIR/.claim, is atomic, so exactly one gets it, and only then is DIR checked
# empty (but for the claim). It is given up when the study ends (on_exit); a study killed
# outright (SIGKILL) leaves it, and the message says what to remove.
out=${out:-runs/study-$(date -u +%Y%m%d-%H%M%S)}
out=${out%/}
((interrupted == 0)) || stopped
[[ ! -e $out || -d $out ]] || die "$out exists and is not an empty directory; choose a new --out" 2
mkdir -p "$out" 2>/dev/null || die "cannot create the study directory $out" 2
if ! mkdir "$out/.claim" 2>/dev/null; then
  [[ -e $out/.claim ]] || die "cannot write into the study directory $out" 2
  die "$out is taken by another study ($out/.claim; remove it if no study runs there); choose a new --out" 2
fi
claim=$out/.claim
stage="before the first run"
shopt -s nullglob dotglob
entries=("$out"/*)
shopt -u nullglob dotglob
if ((${#entries[@]} != 1)); then
  rmdir "$claim" 2>/dev/null || true
  claim=""
  die "$out exists and is not an empty directory; choose a new --out" 2
fi

# derived_seed VAR CONFIG_INDEX RUN_INDEX: into VAR, a 63-bit seed mixed from the base seed
# (splitmix64's finalizer), distinct for every run of the study. The run's place is
# 1000 c + r + 1 for its first 1000 runs; past those it would meet the next configuration's,
# so later runs take places from 2^40 up, (r - 1001) x 2^20 + c.
derived_seed() {
  local place=$(($2 * 1000 + $3 + 1))
  (($3 <= 1000)) || place=$(((1 << 40) + ($3 - 1001) * (1 << 20) + $2))
  local z=$((seed + place * 0x9e3779b97f4a7c15))
  z=$(((z ^ ((z >> 30) & 0x3ffffffff)) * 0xbf58476d1ce4e5b9))
  z=$(((z ^ ((z >> 27) & 0x1fffffffff)) * 0x94d049bb133111eb))
  printf -v "$1" '%d' $(((z ^ ((z >> 31) & 0x1ffffffff)) & 0x7fffffffffffffff))
}

# Times in microseconds from EPOCHREALTIME (its decimal point is the locale's), all in bash:
# a Ctrl-C cannot kill a builtin, as it can an awk or a $(...) subshell.
now_us() { now=${EPOCHREALTIME//[!0-9]/}; }
# tenths VAR MICROSECONDS: "12.3" (seconds, rounded to a tenth) into VAR.
tenths() { local t=$((($2 + 50000) / 100000)); printf -v "$1" '%d.%d' $((t / 10)) $((t % 10)); }
# duration_text VAR SECONDS: "1m 05s" or "42s" into VAR.
duration_text() {
  if (($2 >= 60)); then printf -v "$1" '%dm %02ds' $(($2 / 60)) $(($2 % 60)); else printf -v "$1" '%ds' "$2"; fi
}

# The tasks: one per run, c r (configuration index, run number), in the study's order.
total=$((${#configs[@]} * runs))
task_c=() task_r=() task_seed=()
for ((c = 0; c < ${#configs[@]}; c++)); do
  mkdir -p "$out/${cfg_label[c]}" || stop_incomplete "cannot create $out/${cfg_label[c]}"
  for ((r = 1; r <= runs; r++)); do
    derived_seed s "$c" "$r"
    task_c+=("$c") task_r+=("$r") task_seed+=("$s")
  done
done
where="$jobs at once"
[[ -n $hosts ]] && where="on the hosts of $hosts"
echo "study: ${#configs[@]} configuration(s) x $runs run(s), $duration model s each" \
     "($engine engine${speed:+, speed $speed}), base seed $seed, $where -> $out/"

# failed_task I STATUS: the message for a run task that failed, on stderr; then stop.
failed_task() {
  local i=$1 status=$2 c=${task_c[$1]} r=${task_r[$1]}
  local dir=$out/${cfg_label[c]}/run$r what="configuration \"${cfg_text[c]}\" (seed ${task_seed[$1]})"
  if ((status == 65)); then
    "$lcstat" "$dir" --no-write -q 2>&1 | head -10 >&2 || true
    stop_incomplete "run $r of $what breaks the model's rules (lcstat $dir lists them)"
  elif ((status == 66)); then
    cat "$dir.lcstat.out" >&2 2>/dev/null || true
    stop_incomplete "could not analyse $dir (lcstat exit 2)"
  elif ((status == 67)); then
    cat "$dir.lcstat.out" >&2 2>/dev/null || true
    stop_incomplete "could not check $dir: lcstat did not run its course ($(tail -1 "$dir.lcstat.out" 2>/dev/null))"
  elif ((status == 130)); then
    stop_incomplete "run $r of $what was stopped by a signal to it (run.txt: status=stopped); a study takes whole runs only"
  elif ((status == 68)); then
    stop_incomplete "run $r of $what was lost: the $worker_lost"
  else
    tail -5 "$dir.out" >&2 2>/dev/null || true
    stop_incomplete "run $r of $what failed: logical_clock exit $status (output: $dir.out)"
  fi
}

# Signals: Ctrl-C reaches the whole process group: the runs end their logs properly, and
# plot.sh and gnuplot, each in a session of its own, are not reached (study_tasks.sh says why).
# The study starts nothing more; what still runs 2 s after the signal gets SIGTERM (so a
# SIGTERM sent to this script alone reaches the runs then). It exits 130 once every task has
# ended, without a report; any way out waits for them (on_exit).

# start_task KIND I: starts task I of KIND. run: logical_clock, then lcstat on its logs, in a
# worker (study_workers.sh); plot: plot.sh on a run, in a worker when the runs have them, else in
# the background; graph: one gnuplot for the report's graphs of slot I (plots.txt's lines I,
# I + graph_slots, ...), in the background. A gnuplot's start (its libraries, fonts and terminal) costs about as
# much as drawing a graph, so a slot draws its graphs in one, each in a session reset to what a
# new gnuplot has (reset session: no setting, variable or function left over; in a -e of its
# own, as gnuplot 5.4 skips the command after it on its line) and after a mark on its standard
# error (graph_mark and the graph's line: graph_failed cuts the errors there).
start_task() {
  local i=$2 dir o v
  case $1 in
    run)
      local c=${task_c[i]}
      dir=$out/${cfg_label[c]}/run${task_r[i]}
      give_worker "$i" run "$i" "$dir" -q -s "${task_seed[i]}" -o "$dir" -d "$duration" -n "${cfg_n[c]}" "${engine_args[@]}" \
        ${cfg_net[c]:+"${cfg_net[c]}"} ${cfg_fixed[c]:+-r "${cfg_fixed[c]}"} "${cfg_max[c]}" "${cfg_k[c]}"
      return 0
      ;;
    plot)
      dir=$out/${cfg_label[task_c[i]]}/run${task_r[i]}
      if [[ -n $workers_on ]]; then
        give_worker "$((i + total))" plot "$((i + total))" "$dir" "$root/plot/plot.sh"
        return 0
      fi
      setsid "$root/plot/plot.sh" "$dir" </dev/null >"$dir.plot.out" 2>&1 &
      own_session[$!]=1
      ;;
    graph)
      local g s draw=()
      gp_string dir "$root/plot"
      gp_string v "$out/graphs"
      for ((g = i; g < ${#graph_script[@]}; g += graph_slots)); do
        gp_string o "$out/graphs/${graph_output[g]}"
        gp_string s "$root/plot/${graph_script[g]}"
        draw+=(-e "print '$graph_mark$g'; dir=$dir; gd=$v; out=$o; ${graph_vars[g]}; load $s; unset output" -e "reset session")
      done
      setsid gnuplot "${draw[@]}" </dev/null 2>"$out/.gnuplot.slot$i.err" &
      own_session[$!]=1
      ;;
  esac
  if [[ $1 == plot ]]; then running[$!]=$((i + total)); else running[$!]=$i; fi
}

# graph_failed: the first of the report's graphs that failed (in plots.txt's order), its
# errors and the message, as if each graph had had a gnuplot of its own; then stop. Each
# slot's errors are cut at its marks into each graph's .gnuplot.G.err (errors before the first
# mark are its first graph's); a failed slot stopped at its last mark. Files that cannot be
# read or written (a full disk) cost the errors' text, never the message.
graph_failed() {
  local slot g line first=""
  for slot in "${!ended[@]}"; do
    g=$slot
    {
      : >"$out/.gnuplot.$g.err"
      while IFS= read -r line || [[ -n $line ]]; do
        if [[ $line == "$graph_mark"* ]]; then
          g=${line#"$graph_mark"}
          : >"$out/.gnuplot.$g.err"
        else
          printf '%s\n' "$line" >>"$out/.gnuplot.$g.err"
        fi
      done <"$out/.gnuplot.slot$slot.err"
      rm -f "$out/.gnuplot.slot$slot.err"
    } 2>/dev/null || true
    ((ended[slot] != 0)) || continue
    [[ -n $first ]] && ((first < g)) || first=$g
  done
  cat "$out/.gnuplot.$first.err" >&2 || true
  stop_incomplete "gnuplot failed on plot/${graph_script[first]}"
}

# task_failed KIND I STATUS: the message for a task that failed; then stop.
task_failed() {
  case $1 in
    run) failed_task "$2" "$3" ;;
    plot)
      local dir=$out/${cfg_label[task_c[$2]]}/run${task_r[$2]}
      (($3 != 68)) || stop_incomplete "could not plot $dir: the $worker_lost"
      cat "$dir.plot.out" >&2 || true
      stop_incomplete "could not plot $dir (plot.sh exit $3)"
      ;;
    graph) graph_failed ;;
  esac
}

# time_left VAR: into VAR, the estimated time left of the study, from the mean times of the runs
# and plots that ended so far (runs_ended, plots_ended; their summed times run_work,
# plot_work): the tasks left are laid out on the $jobs slots as run_tasks would start them
# (the running ones for what is left of their mean, then the plots that are ready, then the
# runs in order, each plotted run's plot after it), and the report counted as one more plot
# (a gnuplot per graph; its statistics take longer at hundreds of runs per configuration).
# With more than 4 tasks a slot left, the work over the slots and half a task (laying tasks
# out costs bash about 10 us each, at every run's line). Before a plot has ended, its cost is
# unknown, and the line says so.
time_left() {
  # The means first: the tasks left times the summed microseconds could pass 2^63.
  local run_mean=0 plot_mean=0 finish=0 plots_at=() free=() first i j k d id text
  ((runs_ended == 0)) || run_mean=$((run_work / runs_ended))
  ((plots_ended == 0)) || plot_mean=$((plot_work / plots_ended))
  local tasks=$((total - runs_ended + plots_total - plots_ended))
  # Slots beyond the tasks left stay idle: a --jobs far above them (1000000) would otherwise
  # cost seconds to hours at each line (every free slot is looked at, and set, per task).
  local slots=$((jobs < tasks ? jobs : tasks))
  if ((tasks > 4 * jobs)); then
    # Far from the end, the work over the slots, and half a task for the tail.
    finish=$((((total - runs_ended) * run_mean + (plots_total - plots_ended) * plot_mean) / jobs))
    finish=$((finish + (run_mean > plot_mean ? run_mean : plot_mean) / 2))
  else
    for ((j = 0; j < slots; j++)); do free[j]=0; done
    # The running tasks, a slot each, for what is left of their mean time; a plotted run's
    # plot is ready when it ends.
    j=0
    for id in "${running[@]}"; do
      if ((id < total)); then d=$run_mean; else d=$plot_mean; fi
      d=$((d - (now - started[id])))
      ((d > 0)) || d=0
      free[j]=$d
      ((id >= total || task_r[id] > graphs)) || plots_at+=("$d")
      j=$((j + 1))
    done
    for id in "${ready[@]}"; do plots_at+=(0); done
    # Then, as run_tasks does, the slot that frees first takes the plot that is ready first,
    # else the next run (whose plot is ready when it ends), else waits for a plot.
    i=$next
    while ((i < ${#todo[@]} || ${#plots_at[@]})); do
      j=0
      for ((k = 1; k < slots; k++)); do ((free[k] >= free[j])) || j=$k; done
      first=-1
      for k in "${!plots_at[@]}"; do
        ((first >= 0 && plots_at[k] >= plots_at[first])) || first=$k
      done
      if ((first >= 0 && plots_at[first] <= free[j])); then
        free[j]=$((free[j] + plot_mean))
        unset "plots_at[first]"
      elif ((i < ${#todo[@]})); then
        free[j]=$((free[j] + run_mean))
        ((task_r[todo[i]] > graphs)) || plots_at+=("${free[j]}")
        i=$((i + 1))
      else
        free[j]=${plots_at[first]}
      fi
    done
    for ((j = 0; j < slots; j++)); do ((free[j] <= finish)) || finish=${free[j]}; done
  fi
  ((plots_ended == 0)) || finish=$((finish + plot_mean))
  duration_text text $(((finish + 500000) / 1000000))
  if ((plots_ended)); then
    printf -v "$1" 'about %s left' "$text"
  elif ((plots_total > plots_ended)); then
    printf -v "$1" 'about %s left for the runs, then their graphs and the report' "$text"
  else
    printf -v "$1" 'about %s left, then the report' "$text"
  fi
}

# running_stage: the stage, from the runs and plots still running: the last of the study's
# runs that still runs, which a signal ends early; else their graphs. (Runs and graphs
# interleave: the task started last may have ended while one started before still runs.)
running_stage() {
  local i run=-1
  for i in "${running[@]}"; do
    if ((i < total)); then
      ((i < run)) || run=$i
    elif ((run < 0)); then
      stage="while plotting the runs"
    fi
  done
  ((run < 0)) ||
    stage="during run ${task_r[run]} of configuration \"${cfg_text[task_c[run]]}\" (the running runs end early, their logs whole)"
}

# run_tasks KIND: the tasks of KIND on this host, $jobs at a time, in the study's order. runs:
# every run and, as each of the first --graphs runs of a configuration ends, plot.sh on it
# (before the next run starts, so that the graphs' cost is known early and the time left
# counts it), in a worker per slot (study_workers.sh); plots: plot.sh on those runs only
# (after --hosts); graph: the report's graphs.
# A task that fails stops the study once the others have ended whole, naming the first failed
# one in the study's order (runs before plots; whichever happened to end first). A plot's
# task id is its run's plus $total.
run_tasks() {
  local kind=$1 next=0 i id todo=() ready=() every left took
  local started=()
  runs_ended=0 plots_ended=0 plots_total=0 run_work=0 plot_work=0
  case $kind in
    runs | plots)
      for ((i = 0; i < total; i++)); do
        [[ $kind == plots ]] || todo+=("$i")
        ((task_r[i] > graphs)) || plots_total=$((plots_total + 1))
        [[ $kind == runs ]] || ((task_r[i] > graphs)) || ready+=("$i")
      done
      [[ $kind == runs ]] || runs_ended=$total
      ;;
    graph) for ((i = 0; i < graph_slots; i++)); do todo+=("$i"); done ;;
  esac
  every=$(((total + 19) / 20))
  ((total > 100)) || every=1
  ended=()
  [[ $kind != runs ]] || start_workers $((jobs < total ? jobs : total))
  while :; do
    fill_slots
    [[ $kind == graph ]] || running_stage
    if ((interrupted)); then settle; stopped; fi
    ((${#running[@]})) || break
    wait_one
    if [[ -n $worker_lost && -z $done_i ]]; then
      settle
      stop_incomplete "the $worker_lost, between two of its tasks"
    fi
    [[ -n $done_i ]] || continue
    if ((done_status != 0)); then
      ended[done_i]=$done_status
      # The runs still running end, each checked (a worker checks a run that ended whole), so
      # that the run named is the first in the study's order that failed.
      settle
      ((interrupted == 0)) || stopped
      for i in "${!ended[@]}"; do ((ended[i] == 0)) || break; done
      if [[ $kind == graph ]]; then task_failed graph "$i" "${ended[i]}"
      elif ((i < total)); then task_failed run "$i" "${ended[i]}"
      else task_failed plot "$((i - total))" "${ended[i]}"
      fi
    fi
    [[ $kind != graph ]] || continue
    # The next task starts before this one's line is written: with one slot, the study's own
    # work then overlaps the next run instead of delaying it.
    now_us
    if ((done_i < total)); then
      i=$done_i
      ((task_r[i] > graphs)) || ready+=("$i")
      fill_slots
      run_work=$((run_work + now - started[i]))
      runs_ended=$((runs_ended + 1))
      if ((runs_ended % every == 0 || runs_ended == total)); then
        tenths took $((now - started[i]))
        time_left left
        printf '[%d/%d] config "%s" run %d/%d, seed %s: ok in %s s; %s\n' "$runs_ended" "$total" \
          "${cfg_text[task_c[i]]}" "${task_r[i]}" "$runs" "${task_seed[i]}" "$took" "$left"
      fi
    else
      # The runs' graphs take seconds (a gnuplot per graph): each plotted run is shown.
      i=$((done_i - total))
      fill_slots
      plot_work=$((plot_work + now - started[done_i]))
      plots_ended=$((plots_ended + 1))
      time_left left
      printf '[graphs %d/%d] config "%s" run %d drawn; %s\n' "$plots_ended" "$plots_total" \
        "${cfg_text[task_c[i]]}" "${task_r[i]}" "$left"
    fi
  done
  stop_workers
}

# fill_slots: run_tasks's next tasks started while a slot is free (plots of ended runs first),
# each one's start in started[]; nothing starts after a signal. Uses run_tasks's locals.
fill_slots() {
  local id t
  while ((!interrupted && ${#running[@]} < jobs)) && slot_free; do
    if ((${#ready[@]})); then
      id=$((ready[0] + total))
      start_task plot "${ready[0]}"
      ready=("${ready[@]:1}")
    elif ((next < ${#todo[@]})); then
      id=${todo[next]}
      start_task "${kind/runs/run}" "$id"
      next=$((next + 1))
    else
      break
    fi
    t=${EPOCHREALTIME//[!0-9]/}
    started[id]=$t
  done
}

# run_on_hosts: every run through GNU parallel over ssh. The tools go to each host once; each
# run's directory and output come back into the study directory.
run_on_hosts() {
  stage="while the hosts ran the study"
  { mkdir -p "$out/.tools" && cp "$bin" "$out/.tools/logical_clock" && cp "$lcstat" "$out/.tools/lcstat" &&
    cp "$root/tools/lcstudy/study_run.sh" "$out/.tools/study_run.sh"; } || stop_incomplete "cannot copy the tools to $out/.tools"
  local i c r list=$out/.tasks
  : >"$list"
  for ((i = 0; i < total; i++)); do
    c=${task_c[i]} r=${task_r[i]}
    printf '%s %s %s %s %s %s %s %s\n' "${cfg_label[c]}/run$r" "${task_seed[i]}" "${speed:-1}" "${cfg_n[c]}" \
      "${cfg_rates[c]}" "${cfg_k[c]}" "$i" "${cfg_net[c]:--}" >>"$list"
  done
  local status opts=()
  [[ -n $jobs_given ]] && opts+=(-j "$jobs")
  # In the background, as a task: a Ctrl-C reaches parallel at once, a SIGTERM to the study
  # 2 s later; either way parallel starts no more runs and ends those running as --termseq
  # says. --termseq: one SIGHUP to each run's process group, here (its ssh) and, once the ssh
  # has gone, on its host (study_run.sh, logical_clock and its machines): the one signal that
  # reaches logical_clock's parent alone and once, so the run ends whole, as a Ctrl-C ends a
  # local run. Then up to 10 s for the run to end before SIGKILL. parallel's own sequence sends
  # SIGTERM three times (logical_clock's third signal kills its machines), SIGKILL after
  # 350 ms, and exits 25 ms later whether or not its runs are gone. The run's command execs
  # study_run.sh, which outlives the SIGHUP: on the host, parallel's watcher cuts its wait
  # short when its child ends, and a shell in between, ended by the SIGHUP, had it send the
  # SIGKILL at once (seen: a real run killed while writing run.txt).
  # --halt soon: after a failed run, no new one starts and those running end whole, as here.
  (cd "$out" && exec parallel --sshloginfile "$hosts" "${opts[@]}" --colsep ' ' --halt soon,fail=1 --joblog .joblog \
    --termseq HUP,10000,KILL,10000 \
    --basefile .tools/logical_clock --basefile .tools/lcstat --basefile .tools/study_run.sh \
    --return '{1}' --return '{1}.out' --return '{1}.lcstat.out' --cleanup \
    exec bash .tools/study_run.sh .tools/logical_clock .tools/lcstat '{1}' '{2}' "$engine" '{3}' "$duration" '{4}' '{5}' '{6}' '{8}' \
    <.tasks) >"$out/.parallel.out" 2>&1 &
  running[$!]=0
  ended=()
  settle
  ((interrupted == 0)) || stopped
  status=${ended[0]}
  if ((status != 0)); then
    # The first failed run in the study's order (Seq, the line of .tasks), from the job log,
    # whose lines come in the order the runs ended.
    local failed="" seq code first='NR > 1 && $7 != 0 && (!seq || $1 < seq) { seq = $1; code = $7 } END { if (seq) print seq, code }'
    failed=$(awk -F'\t' "$first" <"$out/.joblog") || true
    if [[ -n $failed ]]; then
      read -r seq code <<<"$failed"
      failed_task "$((seq - 1))" "$code"
    fi
    cat "$out/.parallel.out" >&2 || true
    stop_incomplete "GNU parallel failed (exit $status)"
  fi
  for ((i = 0; i < total; i++)); do
    [[ -s $out/${cfg_label[task_c[i]]}/run${task_r[i]}/run_summary.csv ]] ||
      stop_incomplete "run ${task_r[i]} of configuration \"${cfg_text[task_c[i]]}\" did not come back from the hosts"
  done
  rm -rf "$out/.tools" "$out/.tasks" "$out/.joblog" "$out/.parallel.out" || stop_incomplete "cannot clean up $out"
  echo "[$total/$total] runs done on the hosts of $hosts"
}

now_us
study_started=$now
if [[ -n $hosts ]]; then
  run_on_hosts
  stage="while plotting the runs"
  run_tasks plots
else
  run_tasks runs
fi
now_us
plots_done=$now
stage="while writing the report"
echo "writing the report: the runs' figures gathered, their statistics, its graphs"

# summary.csv (a row per run: its place, then lcstat's run_summary.csv row) and machines.csv
# (a row per machine: configuration and run, then lcstat's summary.csv row), in study order.
files=()
for ((i = 0; i < total; i++)); do files+=("${cfg_label[task_c[i]]}/run${task_r[i]}"); done
maxes=""
for ((c = 0; c < ${#configs[@]}; c++)); do maxes+="${cfg_label[c]}=${cfg_max[c]} "; done
(
  cd "$out" && rm -f .summary.csv.tmp .machines.csv.tmp .heal.tmp .summary.heal.tmp || exit 1
  # The runs' directories go to awk on its standard input, one a line, and awk reads their
  # files itself: a study of many runs would pass the kernel's limit on a command line's length
  # (ARG_MAX: 126,000 runs did). gather HEADER_PREFIX FILE CODE: CODE prints each row after
  # the header (line, part[1] the configuration's label, part[2] "run<n>", rm[] RATE_MAX).
  gather() {
    printf '%s\n' "${files[@]}" | awk -F, -v file="$2" -v prefix="$1" -v maxes="$maxes" '
      BEGIN { n = split(maxes, kv, " "); for (i = 1; i <= n; i++) { split(kv[i], p, "="); rm[p[1]] = p[2] } }
      { split($0, part, "/"); path = $0 "/" file; k = 0
        while ((got = (getline line < path)) > 0) {
          if (++k == 1) { if (!header++) print prefix line; continue }
          '"$3"'
        }
        if (got < 0) { print "cannot read " path > "/dev/stderr"; exit 1 }
        close(path) }'
  }
  # shellcheck disable=SC2016 # awk code
  {
    gather "config,rate_max,run,run_dir," run_summary.csv \
      'print part[1] "," rm[part[1]] "," substr(part[2], 4) "," part[1] "/" part[2] "," line' >.summary.csv.tmp &&
      gather "config,run," summary.csv \
        'if (substr(line, 1, 4) != "all,") print part[1] "," substr(part[2], 4) "," line' >.machines.csv.tmp
  } || exit 1
  [[ $sweep_key == partition ]] || exit 0
  # A partition sweep's heal_jump_max: each run's largest jump from the heal (model second FROM
  # plus the length; FROM without a partition, as for one of length 0) to the run's end, empty
  # without an event there (a heal past the end). Jumps as lcstat takes them (a tick row's clock
  # minus its machine's previous one, the first from 0; PENDING rows are none), checked against
  # it: the largest of the whole run must be lcstat's jump_max. The logs go to awk on its
  # standard input, "run_dir heal log" a line.
  for ((i = 0; i < total; i++)); do
    c=${task_c[i]} dir=${cfg_label[task_c[i]]}/run${task_r[i]}
    heal=$((cut_from + sweep_values[c]))$cut_frac
    for log in "$dir"/vm_*.log; do printf '%s\t%s\t%s\n' "$dir" "$heal" "$log"; done
  done | awk -F'\t' '
    function us(t, p, n) { n = split(t, p, "."); return p[1] * 1000000 + (n > 1 ? substr(p[2] "000000", 1, 6) : 0) }
    {
      dir = $1; heal_us = us($2); log_file = $3; prev = 0
      if (!(dir in whole)) { order[++runs] = dir; whole[dir] = 0; after[dir] = "" }
      while ((got = (getline line < log_file)) > 0) {
        if (line ~ /^#/ || line ~ /^system_time,/) continue
        split(line, f, ",")
        if (f[3] == "PENDING") continue
        jump = f[4] - prev; prev = f[4]
        if (jump > whole[dir]) whole[dir] = jump
        if (us(f[2]) >= heal_us && (after[dir] == "" || jump > after[dir] + 0)) after[dir] = jump
      }
      if (got < 0) { print "cannot read " log_file > "/dev/stderr"; failed = 1; exit 1 }
      close(log_file)
    }
    END { if (failed) exit 1; for (i = 1; i <= runs; i++) print order[i] "," after[order[i]] "," whole[order[i]] }' \
    >.heal.tmp || exit 1
  awk -F, '
    NR == FNR { heal[$1] = $2; whole[$1] = $3; next }
    FNR == 1 { for (i = 1; i <= NF; i++) { if ($i == "run_dir") d = i; if ($i == "jump_max") m = i }; print $0 ",heal_jump_max"; next }
    !($d in whole) || whole[$d] != $m {
      print "the jumps in the logs of " $d " do not give lcstat'"'"'s jump_max" > "/dev/stderr"; failed = 1; exit 1
    }
    { print $0 "," heal[$d] }
    END { exit failed }' .heal.tmp .summary.csv.tmp >.summary.heal.tmp &&
    mv -f .summary.heal.tmp .summary.csv.tmp && rm -f .heal.tmp
) || stop_incomplete "could not gather the runs' figures"
((interrupted == 0)) || stopped

# study.txt: the parameters lcstudy reports, and the command that repeats the study.
repeat="./run_experiments.sh"
[[ $engine == sim ]] && repeat+=" --engine sim"
repeat+=" --seed $seed --runs $runs --duration $duration"
[[ $engine == real ]] && repeat+=" --speed $speed"
repeat+=" --machines $machines"
if [[ -n $sweep ]]; then
  repeat+=" --sweep $sweep --config \"$base\""
  [[ -z $partition_at ]] || repeat+=" --partition-at \"$partition_at\""
  [[ -z $sweep_link ]] || repeat+=" --sweep-link $sweep_link"
else
  for c in "${cfg_text[@]}"; do repeat+=" --config \"$c\""; done
fi
repeat+=" --graphs $graphs"
{
  echo "seed=$seed"
  echo "runs=$runs"
  echo "duration=$duration"
  echo "speed=${speed:-}"
  echo "engine=$engine"
  echo "machines=$machines"
  echo "graphs=$graphs"
  echo "sweep=$sweep_key"
  [[ -z $partition_at ]] || echo "partition_at=$partition_at"
  [[ -z $sweep_link ]] || echo "sweep_link=$sweep_link"
  echo "command=$repeat"
  for ((c = 0; c < ${#configs[@]}; c++)); do
    echo "config=${cfg_label[c]} ${cfg_rates[c]} ${cfg_k[c]} ${cfg_n[c]}${sweep_values[c]:+ ${sweep_values[c]}}"
  done
} >"$out/study.txt"

# The report: lcstudy reads the CSVs under their temporary names, gnuplot draws its graphs,
# and only then are summary.csv, machines.csv, intervals.csv and REPORT.md renamed into place.
{ mkdir -p "$out/.study" && cp "$out/study.txt" "$out/.study/study.txt" &&
  mv "$out/.summary.csv.tmp" "$out/.study/summary.csv" && mv "$out/.machines.csv.tmp" "$out/.study/machines.csv"; } ||
  stop_incomplete "could not set up the report's input in $out/.study"
"$lcstudy" "$out/.study" --report "$out/.REPORT.md.tmp" --graphs "$out/graphs" --intervals "$out/.study/intervals.csv" >&2 ||
  stop_incomplete "lcstudy could not write the report"
((interrupted == 0)) || stopped
# The graphs, in $jobs slots at once (start_task), each graph's errors in its own file once
# a slot has failed (graph_failed).
graph_script=() graph_output=() graph_vars=() pngs=()
while read -r script output vars; do
  graph_script+=("$script") graph_output+=("$output") graph_vars+=("$vars") pngs+=("$out/graphs/$output.png")
done <"$out/graphs/plots.txt"
graph_slots=$((jobs < ${#graph_script[@]} ? jobs : ${#graph_script[@]}))
graph_mark="run_experiments.sh: graph "
run_tasks graph
whole_pngs "${pngs[@]}" || for output in "${graph_output[@]}"; do
  whole_png "$out/graphs/$output.png" || stop_incomplete "could not write $out/graphs/$output.png (a full disk?)"
done

# From here the study is complete: no signal cuts its files' renaming short (the renames
# inherit the ignored signals). A signal that came before is the last one heeded.
trap '' INT TERM
((interrupted == 0)) || stopped
rm -f "$out"/.gnuplot.*.err
mv -f "$out/.study/summary.csv" "$out/summary.csv"
mv -f "$out/.study/machines.csv" "$out/machines.csv"
mv -f "$out/.study/intervals.csv" "$out/intervals.csv"
rm -rf "$out/.study"
mv -f "$out/.REPORT.md.tmp" "$out/REPORT.md"
now_us
total_text="" runs_text="" report_text=""
duration_text total_text $(((now - study_started + 500000) / 1000000))
tenths runs_text $((plots_done - study_started))
tenths report_text $((now - plots_done))
echo "study complete in $total_text (runs and their graphs $runs_text s, report $report_text s):" \
     "$out/REPORT.md, $out/summary.csv, $out/machines.csv, $out/intervals.csv"
