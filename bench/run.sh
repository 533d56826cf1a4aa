#!/usr/bin/env bash
# bench/run.sh: the benchmarks behind `make bench`. Each case runs BENCH_REPEAT times and the
# table quotes medians.
#   fidelity    3 machines, rates 1,3,6, at speed 1, 10, 100, ... until the ticks fall behind:
#               ticks run, lateness p50/p99/max, and the highest speed whose p99 lateness stays
#               under 10% of the fastest machine's tick period (refined at x2 and x5)
#   throughput  from that speed up, until the machines fall behind: logged events/s and
#               messages/s over all machines, INTERNAL_MAX 10 and 3
#   scale       N = 3, 16, 64, 128, 256 at speed 1: launch to start, connections, events/s,
#               peak RSS and CPU per machine process, sampled from /proc while they tick
#   lcstat      rows/s on a simulated run of 10 million rows
#   simulation  --engine sim: rows/s with every log written (3 machines, 10 million rows); the
#               scale (N = 10, 100, 1000 for 60 model seconds: time, rows/s, peak RSS); the
#               cost of --vector (rows/s at N = 3 and 64, with and without)
#   latency     the real engine's delay per message on loopback at speed 1 (what the
#               simulation's default latency stands for): mean and percentiles
#   study       a classic simulated run of 60 s: the simulation's and lcstat's cost per run
#               (lcstat writing its files, as in a study), and a study's of STUDY_RUNS and of
#               STUDY_RUNS2 such runs on one core (run_experiments.sh --engine sim --jobs 1
#               --graphs 0), as ratios: lcstat against the simulation, the study per run
#               against both; the difference of the two studies splits a study's cost into
#               a run's own and a fixed cost (the report)
#   cluster     network namespaces as hosts (tests/cluster/netns.sh; root only, else skipped with
#               one line), one machine per host: start-up of 3, 8 and 16 hosts (hosts waiting,
#               the coordinator launched, until all joined and until the logs' start=), the
#               namespaces' set-up and removal apart; events/s and p99 lateness of 3 machines at
#               1000, 10000 and 30000 ticks/s (INTERNAL_MAX 3) across namespaces against the same
#               run on loopback; the clock offset estimate against --skew 1:S (S = 0.5, -2, 30):
#               |clock_offset - S| against clock_uncertainty, and |clock_offset| of the others
# Lateness comes from the logs alone (bench/tickstats.cc); bench/wakeup.cc measures the host's
# own wake-up lateness, the floor under it. Results: one table on stdout, and
# bench/results/<UTC timestamp>/ (bench/results/latest) with table.txt, table.csv, raw.csv (every
# run), machine.txt and, when a run failed or lcstat rejected its logs, problems.txt.
#
#   bash bench/run.sh [--quick]     (--quick: one short run per case, to try the bench out)
#
# Environment: BUILD (build tree, default build), BENCH_REPEAT (runs per case, default 3),
# BENCH_OUT (results directory), BENCH_MAX_N (largest N, default 256), BENCH_KEEP_LOGS=1
# (keep every run's logs under runs/), BENCH_ONLY (a comma-separated list of the sections to
# run, default all: real (fidelity, throughput and scale, which share their runs), lcstat,
# simulation, latency, study, cluster; the table then holds only theirs).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build}
REPEAT=${BENCH_REPEAT:-3}
MAX_N=${BENCH_MAX_N:-256}
KEEP_LOGS=${BENCH_KEEP_LOGS:-0}
ONLY=${BENCH_ONLY:-}
SPEED1_S=10        # real (= model) seconds of the speed-1 run of 3 machines
SCALE_S=5          # ... and of each speed-1 run of more machines
RUN_S=2            # real seconds of each sped-up run, as scheduled
MAX_TICKS=2000000  # cap on a sped-up run's ticks, so that a run that falls behind stays short
LCSTAT_ROWS=10000000
NOISE_PCT=${BENCH_NOISE_PCT:-5}  # a run during which other work took more of the CPUs is run again
RETRIES=2
FLOOR_PERIOD_US=50000 FLOOR_COUNT=100
LATENCY_S=20       # real seconds of each loopback latency run
HELD_S=3           # real seconds of each run that holds messages (--latency 1ms) or not
HELD_RATES=(1000 3000 10000 30000)  # ticks/s of each of its 3 machines
STUDY_RUNS=100     # runs of the small study case
STUDY_RUNS2=1000   # ... and of the large one (a calibration's studies have thousands)
CLUSTER_NS=(3 8 16)           # hosts of each start-up case, one machine on each
CLUSTER_START_D=1             # model seconds of each start-up run (speed 1)
CLUSTER_RUN_S=3               # real seconds of each run across namespaces or on loopback
CLUSTER_RATES=(1000 10000 30000)  # ticks/s of each of its 3 machines
CLUSTER_SKEWS=(0.5 -2 30)     # --skew 1:S of the offset estimate's runs
if [[ ${1:-} == --quick ]]; then
  REPEAT=1 SPEED1_S=4 SCALE_S=4 RUN_S=1 LCSTAT_ROWS=1000000 FLOOR_COUNT=20 LATENCY_S=4 STUDY_RUNS=20 STUDY_RUNS2=200
  HELD_S=1 HELD_RATES=(1000 10000) CLUSTER_RUN_S=1 CLUSTER_RATES=(1000 10000)
elif [[ $# -gt 0 ]]; then
  echo "usage: bench/run.sh [--quick]" >&2
  exit 2
fi

# want SECTION: the section is run (BENCH_ONLY is empty or names it).
want() { [[ -z $ONLY || ,$ONLY, == *,"$1",* ]]; }
for section in ${ONLY//,/ }; do
  case $section in
    real | lcstat | simulation | latency | study | cluster) ;;
    *) echo "bench: BENCH_ONLY: no section '$section' (real, lcstat, simulation, latency, study, cluster)" >&2; exit 2 ;;
  esac
done

OUT=${BENCH_OUT:-bench/results/$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT/bin" "$OUT/runs"
RAW=$OUT/raw.csv
BENCH_T0=$(date +%s)

# The programs under test and the helpers (cmake/bench.cmake builds them into $BUILD/bench/)
# are copied first: the tree may be rebuilt while the bench runs.
for p in logical_clock lcstat lcstudy bench/tickstats bench/wakeup bench/measure bench/latency; do
  [[ -x $BUILD/$p ]] || { echo "bench: $BUILD/$p missing; run make first" >&2; exit 1; }
  cp "$BUILD/$p" "$OUT/bin/${p#bench/}"
done
LC=$OUT/bin/logical_clock
LCSTAT=$OUT/bin/lcstat
LCSTUDY_BIN=$OUT/bin/lcstudy
TICKSTATS=$OUT/bin/tickstats
WAKEUP=$OUT/bin/wakeup
MEASURE=$OUT/bin/measure
LATENCY=$OUT/bin/latency

# A run still going when the bench is interrupted is stopped (its parent stops its machines).
LIVE_PID=
cleanup() {
  if [[ -n $LIVE_PID ]] && kill -0 "$LIVE_PID" 2>/dev/null; then
    kill -TERM "$LIVE_PID" 2>/dev/null || true
    wait "$LIVE_PID" 2>/dev/null || true
  fi
  if [[ $KEEP_LOGS != 1 ]]; then rm -rf "$OUT/runs" "$OUT/synth"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { echo "bench: $*" >&2; }
now_ns() { date +%s%N; }
# fdiv A B [DIGITS]: A / B in floating point (0 when B is 0 or empty).
fdiv() { awk -v a="$1" -v b="$2" -v d="${3:-3}" 'BEGIN { printf "%." d "f", (b + 0 == 0 ? 0 : a / b) }'; }
# kv KEY LINE: the value of KEY in a line of key=value pairs.
kv() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"; }
# sleep_until UNIX_S: sleeps until that wall-clock instant (returns at once when it has passed).
sleep_until() { sleep "$(awk -v t="$1" -v now="$(now_ns)" 'BEGIN { d = t - now / 1e9; printf "%.3f", (d > 0 ? d : 0) }')"; }

# busy_pct: how busy the CPUs are over one second, in percent of all cores (/proc/stat).
busy_pct() {
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)
  sleep 1
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.0f", (y[2] > x[2] ? 100 * (y[1] - x[1]) / (y[2] - x[2]) : 0) }'
}

# ---------------------------------------------------------------------------------------------
# The machine.
BUSY=$(busy_pct)
{
  echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "cores=$(nproc)"
  echo "kernel=$(uname -sr)"
  echo "memory_mib=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
  echo "compiler=$("${CXX:-g++}" --version | head -1)"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "version=$("$LC" --version 2>/dev/null | head -1)"
  echo "binary=$BUILD/logical_clock built $(date -u -r "$BUILD/logical_clock" +%Y-%m-%dT%H:%M:%SZ)," \
    "sha256 $(sha256sum "$LC" | cut -c1-16)"
  echo "repeat=$REPEAT"
  echo "sections=${ONLY:-all}"
  echo "load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cpu_busy_at_start=$BUSY%"
} >"$OUT/machine.txt"
say "results in $OUT; $(sed -n 's/^cpu=//p' "$OUT/machine.txt"), $(nproc) cores, CPUs ${BUSY}% busy," \
  "$REPEAT run(s) per case"
if ((BUSY > 5)); then
  say "warning: the CPUs are already ${BUSY}% busy (load $(cut -d' ' -f1-3 /proc/loadavg)); figures will be noisy"
fi

# ---------------------------------------------------------------------------------------------
# raw.csv: one row per run. Sections: ticks (3 machines, rates 1,3,6; a case per speed and
# INTERNAL_MAX), scale (a case per N), lcstat, floor, sim, latency, study; clstart (a case per
# number of hosts), clrate (loopback or netns at a rate), clskew (one row per machine and run).
RAW_COLUMNS=section,case,rep,machines,rates,speed,internal_max,duration_s,exit,lcstat,ticks,expected,ticks_pct,sent,lat_p50_us,lat_p99_us,lat_max_us,body_p50_us,body_p99_us,body_max_us,final_p50_us,final_max_us,period_us,span_s,events_per_s,messages_per_s,offered_per_s,ready_s,first_tick_s,connections,rss_max_kib,rss_median_kib,cpu_mean_pct,cpu_max_pct,others_cpu_pct,attempt,kept,rows,seconds,rows_per_s,msg_mean_us,msg_p10_us,msg_p50_us,msg_p90_us,msg_p99_us,runs,runs2,sim_ms,lcstat_ms,study_ms,study2_ms,marginal_ms,lcstat_x,study_x,study2_x,marginal_x,setup_s,teardown_s,joined_s,start_after_join_s,offset_err_us,uncertainty_us
echo "$RAW_COLUMNS" >"$RAW"
# raw KEY=VALUE...: appends one row; columns not named stay empty.
raw() {
  awk -v cols="$RAW_COLUMNS" 'BEGIN {
    n = split(cols, c, ",")
    for (i = 1; i < ARGC; i++) { eq = index(ARGV[i], "="); v[substr(ARGV[i], 1, eq - 1)] = substr(ARGV[i], eq + 1) }
    for (i = 1; i <= n; i++) printf "%s%s", (i > 1 ? "," : ""), v[c[i]]
    printf "\n"
  }' "$@" >>"$RAW"
}
# The helpers below read raw.csv by column name, and only the runs kept (kept=1): a run during
# which other work on the host took more than NOISE_PCT of the CPUs is run again (up to
# RETRIES times) and stays in raw.csv with kept=0.
# shellcheck disable=SC2016  # awk code
COLS='NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }'
# med SECTION CASE COLUMN: the median of a column over a case's runs (empty when none).
med() {
  awk -F, -v s="$1" -v k="$2" -v name="$3" "$COLS"'
    $1 == s && $2 == k && $col["kept"] == 1 && $col[name] != "" { v[++n] = $col[name] + 0 }
    END {
      if (n == 0) exit
      for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j > 0 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
      printf "%.10g", (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }' "$RAW"
}
# worst SECTION CASE COLUMN: the largest value over a case's runs.
worst() {
  awk -F, -v s="$1" -v k="$2" -v name="$3" "$COLS"'
    $1 == s && $2 == k && $col["kept"] == 1 && $col[name] != "" && (n++ == 0 || $col[name] + 0 > m) { m = $col[name] + 0 }
    END { if (n) printf "%.10g", m }' "$RAW"
}
# all_ok SECTION CASE: every run of the case exited 0.
all_ok() {
  awk -F, -v s="$1" -v k="$2" "$COLS"'$1 == s && $2 == k && $col["kept"] == 1 && $col["exit"] != 0 { bad = 1 }
    END { exit bad }' "$RAW"
}
# rejected SECTION CASE: how many runs of the case lcstat did not pass.
rejected() {
  awk -F, -v s="$1" -v k="$2" "$COLS"'$1 == s && $2 == k && $col["kept"] == 1 && $col["lcstat"] != 0 { n++ }
    END { print n + 0 }' "$RAW"
}
# retried SECTION: how many runs of a section were run again because of other work.
retried() {
  awk -F, -v s="$1" "$COLS"'$1 == s && $col["kept"] == 0 { n++ } END { print n + 0 }' "$RAW"
}
# host_busy_ns: CPU time the whole host has spent in user and system mode, all cores, in ns
# (/proc/stat). Interrupt and softirq time is left out: the loopback traffic of our own runs is
# partly accounted there and partly to our processes, so it cannot be told apart.
host_busy_ns() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.0f", ($2 + $3 + $4) * 1e9 / hz }' /proc/stat
}
# children_cpu: sets CHILD_NS to the CPU time (user + system) of this shell's finished children
# and all their reaped descendants, in ns: the second line of the `times` builtin, which must run
# in this shell itself (in a pipe or $(...) it would report a subshell's, nothing).
children_cpu() {
  times >"$OUT/times.txt"
  CHILD_NS=$(awk 'NR == 2 { n = split($1 " " $2, f, " "); t = 0
    for (i = 1; i <= n; i++) { split(f[i], x, "m"); t += x[1] * 60 + substr(x[2], 1, length(x[2]) - 1) }
    printf "%.0f", t * 1e9 }' "$OUT/times.txt")
}
# others_pct HOST_NS OWN_NS WALL_NS: what other work took of all cores meanwhile, in percent.
others_pct() {
  awk -v h="$1" -v o="$2" -v w="$3" -v cores="$(nproc)" 'BEGIN { x = (h - o) / (w * cores) * 100; printf "%.2f", (x > 0 ? x : 0) }'
}
# noisy OTHERS_PCT ATTEMPT: true when the run should be run again.
noisy() { awk -v p="$1" -v a="$2" -v lim="$NOISE_PCT" -v r="$RETRIES" 'BEGIN { exit !(p > lim && a <= r) }'; }
# problems WHAT EXIT LCSTAT_EXIT DIR: a run that failed, or whose logs lcstat rejected, is named
# in problems.txt with the first lines of what the program and lcstat said.
problems() {
  [[ $2 == 0 && $3 == 0 ]] && return 0
  {
    echo "$1: exit $2, lcstat exit $3"
    head -3 "$4.err" "$4.lcstat" 2>/dev/null | sed 's/^/    /'
  } >>"$OUT/problems.txt"
  say "$1: exit $2, lcstat exit $3: $(grep -hv '^==>' "$4.lcstat" "$4.err" 2>/dev/null | head -1)"
}
# tick_columns TICKSTATS_LINE SPAN_S: the raw.csv columns that come from a run's logs.
tick_columns() {
  local t=$1 span=$2 ticks expected sent
  ticks=$(kv ticks "$t") expected=$(kv expected "$t") sent=$(kv sent "$t")
  echo "ticks=$ticks" "expected=$expected" "ticks_pct=$(fdiv "$((100 * ${ticks:-0}))" "$expected" 4)" \
    "sent=$sent" "lat_p50_us=$(kv lat_p50_us "$t")" "lat_p99_us=$(kv lat_p99_us "$t")" \
    "lat_max_us=$(kv lat_max_us "$t")" "body_p50_us=$(kv body_p50_us "$t")" "body_p99_us=$(kv body_p99_us "$t")" \
    "body_max_us=$(kv body_max_us "$t")" "final_p50_us=$(kv final_p50_us "$t")" "final_max_us=$(kv final_max_us "$t")" \
    "span_s=$span" "events_per_s=$(fdiv "${ticks:-0}" "$span" 1)" \
    "messages_per_s=$(fdiv "${sent:-0}" "$span" 1)"
}

# ---------------------------------------------------------------------------------------------
# Timed runs of 3 machines at rates 1,3,6, shared by the fidelity and throughput sections:
# tick_case SPEED INTERNAL_MAX runs the case "speed=S im=K" REPEAT times, unless measured.
RATES=1,3,6
RATE_SUM=10
FASTEST=6
declare -A MEASURED=()
tick_duration() {  # model seconds: RUN_S real at the speed, capped at MAX_TICKS ticks
  awk -v s="$1" -v r="$RUN_S" -v cap="$MAX_TICKS" -v sum="$RATE_SUM" \
    'BEGIN { d = s * r; if (d * sum > cap) d = cap / sum; printf "%d", d }'
}
tick_case() {
  local speed=$1 im=$2 case="speed=$1 im=$2" rep
  [[ -n ${MEASURED[$case]:-} ]] && return 0
  MEASURED[$case]=1
  local duration; duration=$(tick_duration "$speed")
  local limit; limit=$(awk -v d="$duration" -v s="$speed" 'BEGIN { printf "%d", d / s * 10 + 60 }')
  local attempt=1
  for ((rep = 1; rep <= REPEAT; rep++)); do
    local dir=$OUT/runs/ticks-$speed-$im-$rep code=0 check=0 t span h0 c0 w0 others
    children_cpu
    h0=$(host_busy_ns) c0=$CHILD_NS w0=$(now_ns)
    timeout -k 5 "$limit" "$LC" -q -r "$RATES" -s "$rep" -x "$speed" -d "$duration" -o "$dir" -f "$FASTEST" "$im" \
      >"$dir.out" 2>"$dir.err" || code=$?
    children_cpu
    others=$(others_pct "$(($(host_busy_ns) - h0))" "$((CHILD_NS - c0))" "$(($(now_ns) - w0))")
    "$LCSTAT" "$dir" --no-write -q >"$dir.lcstat" 2>&1 || check=$?
    t=$("$TICKSTATS" "$dir" 2>>"$dir.err") || t=""
    # Events per real second over the run as it went: the scheduled span, or longer if late.
    span=$(awk -v d="$duration" -v s="$speed" -v a="$(kv start "$t")" -v b="$(kv last_tick "$t")" \
      'BEGIN { x = d / s; if (b - a > x) x = b - a; printf "%.6f", x }')
    # shellcheck disable=SC2046  # tick_columns prints KEY=VALUE words
    raw section=ticks case="$case" rep="$rep" machines=3 rates="${RATES//,/;}" speed="$speed" \
      internal_max="$im" duration_s="$duration" exit="$code" lcstat="$check" $(tick_columns "$t" "$span") \
      period_us="$(fdiv 1000000 "$((FASTEST * speed))" 4)" offered_per_s="$((RATE_SUM * speed))" \
      others_cpu_pct="$others" attempt="$attempt" kept="$(noisy "$others" "$attempt" && echo 0 || echo 1)"
    problems "$case run $rep" "$code" "$check" "$dir"
    [[ $KEEP_LOGS == 1 ]] || rm -rf "$dir"
    if noisy "$others" "$attempt"; then
      say "$case run $rep: other work took ${others}% of the CPUs; running it again"
      attempt=$((attempt + 1)) rep=$((rep - 1))
    else
      attempt=1
    fi
  done
  say "$case: lateness p50 $(med ticks "$case" lat_p50_us) us, p99 $(med ticks "$case" lat_p99_us) us," \
    "max $(med ticks "$case" lat_max_us) us; $(med ticks "$case" events_per_s) events/s"
}
# within_tenth CASE: the median p99 lateness is under 10% of the fastest tick period.
within_tenth() {
  awk -v p="$(med ticks "$1" lat_p99_us)" -v t="$(med ticks "$1" period_us)" 'BEGIN { exit !(p != "" && p < t / 10) }'
}
# sustains CASE: every run ended well with every tick, and logged at least 95% of the events
# per second offered (sum of rates x speed): the machines keep up.
sustains() {
  all_ok ticks "$1" || return 1
  awk -v pct="$(med ticks "$1" ticks_pct)" -v e="$(med ticks "$1" events_per_s)" -v o="$(med ticks "$1" offered_per_s)" \
    'BEGIN { exit !(pct >= 100 && e >= 0.95 * o) }'
}
# keeps_pace CASE: sustains, and the p99 lateness is under one tick period of the fastest
# machine (beyond that a machine's ticks bunch up: the model no longer runs at its rates).
keeps_pace() {
  sustains "$1" || return 1
  awk -v p="$(med ticks "$1" lat_p99_us)" -v t="$(med ticks "$1" period_us)" 'BEGIN { exit !(p < t) }'
}

# ---------------------------------------------------------------------------------------------
# Runs at speed 1, sampled from outside while they tick: scale_case N. N = 3 runs at rates
# 1,3,6 and is also the fidelity section's speed-1 case; other N draw rates from 1..6.
children() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ' || true; }
# cpu_ns PIDS...: "pid ns" lines, the CPU time of all of each process's threads (schedstat, ns).
cpu_ns() {
  local p files=()
  for p in "$@"; do files+=(/proc/"$p"/task/*/schedstat); done
  awk '{ split(FILENAME, a, "/"); t[a[3]] += $1 } END { for (p in t) print p, t[p] }' "${files[@]}" 2>/dev/null || true
}
scale_case() {
  local n=$1 case="n=$1" rep rate_args=(6) secs=$SCALE_S
  ((n == 3)) && rate_args=(-r "$RATES" 6) secs=$SPEED1_S
  local limit=$((secs * 3 + 60 + n / 2)) attempt=1
  for ((rep = 1; rep <= REPEAT; rep++)); do
    local dir=$OUT/runs/scale-$n-$rep code=0 check=0 t0 pid start="" deadline
    mkdir -p "$dir"
    t0=$(now_ns)
    "$LC" -q -n "$n" -s "$rep" -d "$secs" -o "$dir" -f "${rate_args[@]}" >"$dir.out" 2>"$dir.err" &
    pid=$! LIVE_PID=$!
    deadline=$((t0 + limit * 1000000000))
    # The common start, from the first header written (with the first tick of any machine).
    while [[ -z $start ]] && kill -0 "$pid" 2>/dev/null && (($(now_ns) < deadline)); do
      start=$(head -qn1 "$dir"/vm_*.log 2>/dev/null | sed -n 's/.* start=\([0-9.]*\).*/\1/p' | head -1 || true)
      [[ -n $start ]] || sleep 0.02
    done
    local cpu_a="" cpu_b="" ta=0 tb=0 pids=() rss="" sockets=0 host_a="" host_b=""
    if [[ -n $start ]]; then
      # CPU from 2 s after the start to 0.5 s before the end: ticking only, no set-up or drain.
      # Samples fall 1/12 s off the whole sixths of a second, where rates 1, 2, 3 and 6 tick.
      # The sockets are counted before the window opens: at N = 256 that alone takes a second.
      mapfile -t pids < <(children "$pid")
      sleep_until "$(awk -v s="$start" 'BEGIN { printf "%.6f", s + 1 + 1 / 12 }')"
      sockets=$(for p in "${pids[@]}"; do find "/proc/$p/fd" -lname 'socket:*' 2>/dev/null || true; done | wc -l)
      sleep_until "$(awk -v s="$start" 'BEGIN { printf "%.6f", s + 2 + 1 / 12 }')"
      ta=$(now_ns) cpu_a=$(cpu_ns "${pids[@]}") host_a=$(host_busy_ns)
      sleep_until "$(awk -v s="$start" -v d="$secs" 'BEGIN { printf "%.6f", s + d - 0.5 + 1 / 12 }')"
      tb=$(now_ns) cpu_b=$(cpu_ns "${pids[@]}") host_b=$(host_busy_ns)
      rss=$(for p in "${pids[@]}"; do awk '/^VmHWM:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true; done)
    fi
    while kill -0 "$pid" 2>/dev/null; do
      if (($(now_ns) > deadline)); then
        say "scale n=$n run $rep: over ${limit}s; stopping it"
        kill -TERM "$pid" 2>/dev/null || true
        deadline=$((deadline + 10000000000))
      fi
      sleep 0.1
    done
    wait "$pid" || code=$?
    LIVE_PID=
    "$LCSTAT" "$dir" --no-write -q >"$dir.lcstat" 2>&1 || check=$?
    local t; t=$("$TICKSTATS" "$dir" 2>>"$dir.err") || t=""
    # Per machine: mean and max % of a core. Others: what the rest of the host used meanwhile,
    # in % of all its cores (other users' work makes every figure noisier).
    local cpu; cpu=$(awk -v w="$((tb - ta))" -v a="$cpu_a" -v b="$cpu_b" -v ha="$host_a" -v hb="$host_b" \
      -v cores="$(nproc)" 'BEGIN {
      n = split(a, x, "\n"); for (i = 1; i <= n; i++) { split(x[i], f, " "); s[f[1]] = f[2] }
      n = split(b, x, "\n"); k = 0; tot = 0; mx = 0
      for (i = 1; i <= n; i++) { split(x[i], f, " "); if (!(f[1] in s)) continue
        v = (f[2] - s[f[1]]) / w * 100; tot += v; k++; if (v > mx) mx = v }
      others = ((hb - ha) - tot / 100 * w) / (w * cores) * 100
      if (k && w > 0) printf "%.5f %.5f %.3f", tot / k, mx, (others > 0 ? others : 0) }')
    local rss_stats; rss_stats=$(sort -n <<<"$rss" | awk 'NF { v[++n] = $1 } END { if (n) print v[n], v[int((n + 1) / 2)] }')
    # Each connection is a socket in each of its two machines; each machine also holds its
    # listening socket and its control socket to the parent.
    # shellcheck disable=SC2046
    raw section=scale case="$case" rep="$rep" machines="$n" speed=1 internal_max=10 duration_s="$secs" \
      exit="$code" lcstat="$check" $(tick_columns "$t" "$secs") \
      ready_s="${start:+$(awk -v s="$start" -v t="$t0" 'BEGIN { printf "%.4f", s - t / 1e9 }')}" \
      first_tick_s="$(awk -v s="$(kv first_tick "$t")" -v t="$t0" 'BEGIN { if (s != "") printf "%.4f", s - t / 1e9 }')" \
      connections="$(((sockets - 2 * n) / 2))" rss_max_kib="${rss_stats%% *}" rss_median_kib="${rss_stats##* }" \
      cpu_mean_pct="$(cut -d' ' -f1 <<<"$cpu")" cpu_max_pct="$(cut -d' ' -f2 <<<"$cpu")" \
      others_cpu_pct="$(cut -d' ' -f3 <<<"$cpu")" attempt="$attempt" \
      kept="$(noisy "$(cut -d' ' -f3 <<<"$cpu")" "$attempt" && echo 0 || echo 1)"
    if ((n == 3)); then
      # shellcheck disable=SC2046
      raw section=ticks case="speed=1 im=10" rep="$rep" machines=3 rates="${RATES//,/;}" speed=1 internal_max=10 \
        duration_s="$SPEED1_S" exit="$code" lcstat="$check" $(tick_columns "$t" "$SPEED1_S") \
        period_us="$(fdiv 1000000 "$FASTEST" 4)" offered_per_s="$RATE_SUM" \
        others_cpu_pct="$(cut -d' ' -f3 <<<"$cpu")" attempt="$attempt" \
        kept="$(noisy "$(cut -d' ' -f3 <<<"$cpu")" "$attempt" && echo 0 || echo 1)"
    fi
    problems "scale $case run $rep" "$code" "$check" "$dir"
    [[ $KEEP_LOGS == 1 ]] || rm -rf "$dir"
    if noisy "$(cut -d' ' -f3 <<<"$cpu")" "$attempt"; then
      say "$case run $rep: other work took $(cut -d' ' -f3 <<<"$cpu")% of the CPUs; running it again"
      attempt=$((attempt + 1)) rep=$((rep - 1))
    else
      attempt=1
    fi
  done
  ((n == 3)) && MEASURED["speed=1 im=10"]=1
  say "$case: launch to start $(med scale "$case" ready_s) s, peak RSS $(med scale "$case" rss_max_kib) KiB," \
    "CPU per machine $(med scale "$case" cpu_mean_pct)% of a core, p99 lateness $(med scale "$case" lat_p99_us) us"
}

# ---------------------------------------------------------------------------------------------
# 1. Tick fidelity. The floor first: the host's own wake-up lateness, nothing else running.
if want real; then
  say "1/8 tick fidelity: 3 machines, rates $RATES; the host's wake-up floor first"
  attempt=1
  for ((rep = 1; rep <= REPEAT; rep++)); do
    children_cpu
    h0=$(host_busy_ns) c0=$CHILD_NS w0=$(now_ns)
    "$WAKEUP" "$FLOOR_PERIOD_US" "$FLOOR_COUNT" >"$OUT/floor.txt"
    children_cpu
    others=$(others_pct "$(($(host_busy_ns) - h0))" "$((CHILD_NS - c0))" "$(($(now_ns) - w0))")
    f=$(cat "$OUT/floor.txt")
    raw section=floor case="period=$FLOOR_PERIOD_US" rep="$rep" exit=0 lcstat=0 lat_p50_us="$(kv p50_us "$f")" \
      lat_p99_us="$(kv p99_us "$f")" lat_max_us="$(kv max_us "$f")" others_cpu_pct="$others" attempt="$attempt" \
      kept="$(noisy "$others" "$attempt" && echo 0 || echo 1)"
    if noisy "$others" "$attempt"; then attempt=$((attempt + 1)) rep=$((rep - 1)); else attempt=1; fi
  done
  scale_case 3
  FIDELITY_SPEEDS=(1)
  if keeps_pace "speed=1 im=10"; then
    for speed in 10 100 1000 10000 100000 1000000; do
      tick_case "$speed" 10
      FIDELITY_SPEEDS+=("$speed")
      keeps_pace "speed=$speed im=10" || break
    done
  fi
  # The highest speed within 10% of the fastest period: the last decade that passes, then x2, x5.
  BEST=
  for speed in "${FIDELITY_SPEEDS[@]}"; do
    if within_tenth "speed=$speed im=10"; then BEST=$speed; else break; fi
  done
  if [[ -n $BEST ]]; then
    base=$BEST
    for mult in 2 5; do
      speed=$((base * mult))
      tick_case "$speed" 10
      FIDELITY_SPEEDS+=("$speed")
      if within_tenth "speed=$speed im=10"; then BEST=$speed; else break; fi
    done
  fi
  mapfile -t FIDELITY_SPEEDS < <(printf '%s\n' "${FIDELITY_SPEEDS[@]}" | sort -n -u)

  # ---------------------------------------------------------------------------------------------
  # 2. Throughput: from that speed up, in steps of about 3x (and 12000: 120,000 events/s
  # offered), until the machines fall behind.
  say "2/8 throughput from speed ${BEST:-1}"
  THROUGHPUT_SPEEDS=("${BEST:-1}")
  for speed in 1000 3000 10000 12000 30000 100000 300000 1000000; do
    ((speed > ${BEST:-1})) && THROUGHPUT_SPEEDS+=("$speed")
  done
  declare -A THROUGHPUT_DONE=()
  for im in 10 3; do
    for speed in "${THROUGHPUT_SPEEDS[@]}"; do
      tick_case "$speed" "$im"
      THROUGHPUT_DONE[$im]+="$speed "
      sustains "speed=$speed im=$im" || break
    done
  done

  # ---------------------------------------------------------------------------------------------
  # 3. Scale (N = 3 ran first, with the fidelity section).
  say "3/8 scale at speed 1, ${SCALE_S} s per run"
  SCALE_NS=(3)
  for n in 16 64 128 256 512; do
    ((n <= MAX_N)) || continue
    need=$((2 * n + 64))
    if (($(ulimit -Hn) < need)); then
      say "n=$n skipped: the open-file limit (ulimit -Hn $(ulimit -Hn)) is below the $need it needs"
      continue
    fi
    scale_case "$n"
    SCALE_NS+=("$n")
  done
fi

# ---------------------------------------------------------------------------------------------
# 4. lcstat on a simulated run: 3 machines at 1000 ticks/s, as many model seconds as give
# LCSTAT_ROWS rows (equal rates keep the queues short).
if want lcstat; then
  say "4/8 lcstat on $LCSTAT_ROWS simulated rows"
  SYN=$OUT/synth
  rm -rf "$SYN"
  "$LC" --engine sim -q -o "$SYN" -s 7 -r 1000,1000,1000 -d $((LCSTAT_ROWS / 3000 + 1)) 6 10 >/dev/null
  ROWS=$(($(cat "$SYN"/vm_*.log | wc -l) - 2 * 3))
  BYTES=$(cat "$SYN"/vm_*.log | wc -c)  # also leaves the logs in the page cache, as after a run
  attempt=1
  for ((rep = 1; rep <= REPEAT; rep++)); do
    children_cpu
    check=0 h0=$(host_busy_ns) c0=$CHILD_NS t0=$(now_ns)
    "$LCSTAT" "$SYN" --no-write -q >"$OUT/lcstat.out" 2>&1 || check=$?
    t1=$(now_ns)
    children_cpu
    others=$(others_pct "$(($(host_busy_ns) - h0))" "$((CHILD_NS - c0))" "$((t1 - t0))")
    secs=$(fdiv "$((t1 - t0))" 1000000000 4)
    raw section=lcstat case="rows=$ROWS" rep="$rep" machines=3 exit=0 lcstat="$check" rows="$ROWS" \
      seconds="$secs" rows_per_s="$(fdiv "$ROWS" "$secs" 0)" others_cpu_pct="$others" attempt="$attempt" \
      kept="$(noisy "$others" "$attempt" && echo 0 || echo 1)"
    ((check == 0)) || say "lcstat rejected the simulated run: $(head -c 300 "$OUT/lcstat.out")"
    if noisy "$others" "$attempt"; then attempt=$((attempt + 1)) rep=$((rep - 1)); else attempt=1; fi
  done
  say "lcstat: $(med lcstat "rows=$ROWS" rows_per_s) rows/s ($((BYTES / 1048576)) MiB)"
  [[ $KEEP_LOGS == 1 ]] || rm -rf "$SYN"
fi

# ---------------------------------------------------------------------------------------------
# 5. The simulation engine, one core: rows/s with every log written, and peak RSS.
# sim_case CASE ARGS...: REPEAT runs of `logical_clock --engine sim ARGS`, each checked by lcstat.
sim_case() {
  local case=$1 rep attempt=1
  shift
  for ((rep = 1; rep <= REPEAT; rep++)); do
    local dir=$OUT/runs/sim-$rep m code check=0 rows h0 c0 w0 others
    rm -rf "$dir"
    children_cpu
    h0=$(host_busy_ns) c0=$CHILD_NS w0=$(now_ns)
    m=$("$MEASURE" "$LC" --engine sim -q -o "$dir" -s "$rep" "$@" 2>"$dir.err")
    children_cpu
    others=$(others_pct "$(($(host_busy_ns) - h0))" "$((CHILD_NS - c0))" "$(($(now_ns) - w0))")
    code=$(kv exit "$m")
    rows=$(($(cat "$dir"/vm_*.log | wc -l) - 2 * $(ls "$dir"/vm_*.log | wc -l)))
    "$LCSTAT" "$dir" --no-write -q >"$dir.lcstat" 2>&1 || check=$?
    problems "sim $case" "$code" "$check" "$dir"
    raw section=sim case="$case" rep="$rep" exit="$code" lcstat="$check" rows="$rows" seconds="$(kv seconds "$m")" \
      rows_per_s="$(fdiv "$rows" "$(kv seconds "$m")" 0)" rss_max_kib="$(kv rss_kib "$m")" others_cpu_pct="$others" \
      attempt="$attempt" kept="$(noisy "$others" "$attempt" && echo 0 || echo 1)"
    if noisy "$others" "$attempt"; then attempt=$((attempt + 1)) rep=$((rep - 1)); else attempt=1; fi
    rm -rf "$dir"
  done
}
if want simulation; then
  say "5/8 the simulation engine"
  SIM_ROWS_S=$((LCSTAT_ROWS / 6000 + 1))
  sim_case "rows" -r 1000,2000,3000 -d "$SIM_ROWS_S"
  # The same run with machine 0 cut off for its middle half (--partition): what holding costs.
  sim_case "rows partitioned" -r 1000,2000,3000 -d "$SIM_ROWS_S" \
    --partition "0|1,2@$((SIM_ROWS_S / 4))-$((SIM_ROWS_S * 3 / 4))"
  SIM_NS=(10 100 1000)
  for n in "${SIM_NS[@]}"; do sim_case "n=$n" -n "$n" -d 60; done
  RATES64=$(printf '100,%.0s' $(seq 64)); RATES64=${RATES64%,}
  for v in plain vector; do
    flag=(); [[ $v == vector ]] && flag=(--vector)
    sim_case "n=3 $v" -r 1000,1000,1000 -d $((LCSTAT_ROWS / 30000 + 1)) "${flag[@]}"
    sim_case "n=64 $v" -n 64 -r "$RATES64" -d $((LCSTAT_ROWS / 64000 + 1)) "${flag[@]}"
  done
  say "simulation: $(med sim rows rows_per_s) rows/s with logs"
fi

# ---------------------------------------------------------------------------------------------
# 6. The real engine's delay per message on loopback, at speed 1: 3 machines at 6 ticks/s,
# INTERNAL_MAX 4 (most ticks send), LATENCY_S seconds each.
if want latency; then
  say "6/8 loopback latency: ${LATENCY_S} s runs at speed 1"
  attempt=1
  for ((rep = 1; rep <= REPEAT; rep++)); do
    dir=$OUT/runs/latency-$rep code=0 check=0
    children_cpu
    h0=$(host_busy_ns) c0=$CHILD_NS w0=$(now_ns)
    "$LC" -q -o "$dir" -f -s "$rep" -r 6,6,6 -d "$LATENCY_S" 6 4 >"$dir.out" 2>"$dir.err" || code=$?
    children_cpu
    others=$(others_pct "$(($(host_busy_ns) - h0))" "$((CHILD_NS - c0))" "$(($(now_ns) - w0))")
    "$LCSTAT" "$dir" --no-write -q >"$dir.lcstat" 2>&1 || check=$?
    problems "latency" "$code" "$check" "$dir"
    l=$("$LATENCY" "$dir" 2>>"$dir.err") || l=""
    raw section=latency case=loopback rep="$rep" machines=3 exit="$code" lcstat="$check" sent="$(kv messages "$l")" \
      msg_mean_us="$(kv mean_us "$l")" msg_p10_us="$(kv p10_us "$l")" msg_p50_us="$(kv p50_us "$l")" \
      msg_p90_us="$(kv p90_us "$l")" msg_p99_us="$(kv p99_us "$l")" others_cpu_pct="$others" attempt="$attempt" \
      kept="$(noisy "$others" "$attempt" && echo 0 || echo 1)"
    if noisy "$others" "$attempt"; then attempt=$((attempt + 1)) rep=$((rep - 1)); else attempt=1; fi
  done
  say "loopback: p50 $(med latency loopback msg_p50_us) us per message"

  # What holding messages costs (--latency): 3 machines at R ticks/s each, INTERNAL_MAX 3 (every
  # tick sends), HELD_S seconds at speed 1, with --latency 1ms and with none; then the memory of
  # HELD_MESSAGES messages held at once by each of 2 machines (1000 messages/s held 6 s: as many
  # as a 60-s partition holds at 100/s) against none held.
  for rate in "${HELD_RATES[@]}"; do
    for spec in none 1ms; do
      case="r=$rate latency=$spec" attempt=1
      for ((rep = 1; rep <= REPEAT; rep++)); do
        dir=$OUT/runs/held-$rep code=0 check=0
        children_cpu
        h0=$(host_busy_ns) c0=$CHILD_NS w0=$(now_ns)
        timeout -k 5 $((HELD_S * 10 + 60)) "$LC" -q -o "$dir" -f -s "$rep" -r "$rate,$rate,$rate" -d "$HELD_S" \
          --latency "$spec" 6 3 >"$dir.out" 2>"$dir.err" || code=$?
        children_cpu
        others=$(others_pct "$(($(host_busy_ns) - h0))" "$((CHILD_NS - c0))" "$(($(now_ns) - w0))")
        "$LCSTAT" "$dir" --no-write -q >"$dir.lcstat" 2>&1 || check=$?
        problems "held $case" "$code" "$check" "$dir"
        t=$("$TICKSTATS" "$dir" 2>>"$dir.err") || t=""
        span=$(awk -v d="$HELD_S" -v a="$(kv start "$t")" -v b="$(kv last_tick "$t")" \
          'BEGIN { x = d; if (b - a > x) x = b - a; printf "%.6f", x }')
        # shellcheck disable=SC2046  # tick_columns prints KEY=VALUE words
        raw section=held case="$case" rep="$rep" machines=3 rates="$rate;$rate;$rate" speed=1 internal_max=3 \
          duration_s="$HELD_S" exit="$code" lcstat="$check" $(tick_columns "$t" "$span") \
          offered_per_s="$((3 * rate))" others_cpu_pct="$others" attempt="$attempt" \
          kept="$(noisy "$others" "$attempt" && echo 0 || echo 1)"
        rm -rf "$dir"
        if noisy "$others" "$attempt"; then attempt=$((attempt + 1)) rep=$((rep - 1)); else attempt=1; fi
      done
      say "$case: $(med held "$case" events_per_s) events/s, p99 lateness $(med held "$case" lat_p99_us) us"
    done
  done
  for spec in none 6s; do
    for ((rep = 1; rep <= REPEAT; rep++)); do
      dir=$OUT/runs/heldmem-$rep check=0
      m=$("$MEASURE" "$LC" -q -o "$dir" -s "$rep" -n 2 -r 1000,1000 -d 7 --latency "$spec" 6 3 2>"$dir.err")
      "$LCSTAT" "$dir" --no-write -q >"$dir.lcstat" 2>&1 || check=$?
      problems "held memory latency=$spec" "$(kv exit "$m")" "$check" "$dir"
      raw section=heldmem case="latency=$spec" rep="$rep" machines=2 exit="$(kv exit "$m")" lcstat="$check" \
        sent="$(cat "$dir"/vm_*.log | grep -c ',SEND,')" rss_max_kib="$(kv rss_kib "$m")" seconds="$(kv seconds "$m")" \
        kept=1
      rm -rf "$dir"
    done
  done
  say "held messages: peak RSS $(med heldmem latency=6s rss_max_kib) KiB against $(med heldmem latency=none rss_max_kib) KiB"
fi

# ---------------------------------------------------------------------------------------------
# 7. A study's cost per run, one core: STUDY_RUNS2 classic runs (3 machines, RATE_MAX 6,
# INTERNAL_MAX 10, 60 model seconds) simulated one by one, checked one by one by lcstat (its
# files written), then studies of STUDY_RUNS and STUDY_RUNS2 such runs through
# run_experiments.sh.
if want study; then
  say "7/8 a study's cost per run: $STUDY_RUNS2 simulated runs of 60 s, studies of $STUDY_RUNS and $STUDY_RUNS2"
  attempt=1
  for ((rep = 1; rep <= REPEAT; rep++)); do
    dir=$OUT/runs/study-$rep
    rm -rf "$dir" && mkdir -p "$dir"
    children_cpu
    h0=$(host_busy_ns) c0=$CHILD_NS t0=$(now_ns) code=0 check=0
    for ((s = 1; s <= STUDY_RUNS2; s++)); do "$LC" --engine sim -q -s "$s" -d 60 -o "$dir/run$s" 6 10 >/dev/null || code=$?; done
    t1=$(now_ns)
    for ((s = 1; s <= STUDY_RUNS2; s++)); do "$LCSTAT" "$dir/run$s" -q >/dev/null || check=$?; done
    t2=$(now_ns)
    LOGICAL_CLOCK=$LC LCSTAT=$LCSTAT LCSTUDY=$LCSTUDY_BIN "$ROOT/run_experiments.sh" --engine sim --config "6 10" \
      --runs "$STUDY_RUNS" --graphs 0 --jobs 1 --duration 60 --seed "$rep" --out "$dir/study" >"$dir/study.out" 2>&1 || code=$?
    t3=$(now_ns)
    LOGICAL_CLOCK=$LC LCSTAT=$LCSTAT LCSTUDY=$LCSTUDY_BIN "$ROOT/run_experiments.sh" --engine sim --config "6 10" \
      --runs "$STUDY_RUNS2" --graphs 0 --jobs 1 --duration 60 --seed "$rep" --out "$dir/study2" >"$dir/study2.out" 2>&1 ||
      code=$?
    t4=$(now_ns)
    children_cpu
    others=$(others_pct "$(($(host_busy_ns) - h0))" "$((CHILD_NS - c0))" "$((t4 - t0))")
    problems "study" "$code" "$check" "$dir"
    # Each repetition's ratios against its own runs' simulation + lcstat (the floor): the file
    # system's cost drifts from one repetition to the next (bench/README.md, "A study's cost
    # per run"), so a ratio of medians could mix repetitions. A run's own cost in a study: the
    # larger study's time less the smaller's, over the runs it has more; the rest is fixed.
    floor_ns=$(((t2 - t0) / STUDY_RUNS2)) marginal_ns=$(((t4 - t3 - (t3 - t2)) / (STUDY_RUNS2 - STUDY_RUNS)))
    raw section=study case=classic rep="$rep" exit="$code" lcstat="$check" runs="$STUDY_RUNS" runs2="$STUDY_RUNS2" \
      sim_ms="$(fdiv "$((t1 - t0))" "$((STUDY_RUNS2 * 1000000))" 2)" lcstat_ms="$(fdiv "$((t2 - t1))" "$((STUDY_RUNS2 * 1000000))" 2)" \
      study_ms="$(fdiv "$((t3 - t2))" "$((STUDY_RUNS * 1000000))" 2)" study2_ms="$(fdiv "$((t4 - t3))" "$((STUDY_RUNS2 * 1000000))" 2)" \
      marginal_ms="$(fdiv "$marginal_ns" 1000000 2)" lcstat_x="$(fdiv "$((t2 - t1))" "$((t1 - t0))" 2)" \
      study_x="$(fdiv "$(((t3 - t2) / STUDY_RUNS))" "$floor_ns" 2)" study2_x="$(fdiv "$(((t4 - t3) / STUDY_RUNS2))" "$floor_ns" 2)" \
      marginal_x="$(fdiv "$marginal_ns" "$floor_ns" 2)" \
      others_cpu_pct="$others" attempt="$attempt" \
      kept="$(noisy "$others" "$attempt" && echo 0 || echo 1)"
    if noisy "$others" "$attempt"; then attempt=$((attempt + 1)) rep=$((rep - 1)); else attempt=1; fi
    [[ $KEEP_LOGS == 1 ]] || rm -rf "$dir"
  done
  say "study: $(med study classic study_ms) ms per run at $STUDY_RUNS runs, $(med study classic study2_ms) at $STUDY_RUNS2"
fi

# ---------------------------------------------------------------------------------------------
# 8. A cluster across network namespaces (tests/cluster/netns.sh; root only): one machine per
# host. Start-up of CLUSTER_NS hosts (the namespaces' set-up apart); events/s and p99 lateness
# of 3 machines at R ticks/s across namespaces against the same run on loopback; the clock
# offset estimate against a known --skew. Skipped, with one line, where namespaces cannot be made.
if want cluster; then
  say "8/8 a cluster across network namespaces"
  # shellcheck source=../tests/cluster/netns.sh
  source "$ROOT/tests/cluster/netns.sh"
  # The probe runs in a subshell, whose exit must not run this script's EXIT trap.
  if ! CLUSTER_SKIP=$(trap - EXIT INT TERM HUP; netns_require 2>&1); then
    CLUSTER_SKIP=${CLUSTER_SKIP#SKIP: }
    say "cluster section skipped: ${CLUSTER_SKIP:-network namespaces unavailable}"
  else
    CLUSTER_SKIP=
    # Absolute: a cluster file resolves a relative key path against its own directory.
    CL_KEY=$(cd "$OUT/runs" && pwd)/cluster.key
    rm -f "$CL_KEY"
    "$LC" --new-key "$CL_KEY" >/dev/null
    CL_PORT=7000  # each run takes fresh ports (a port just closed may be in TIME_WAIT)
  fi
fi
# clock_s: the wall clock in seconds, without a fork.
clock_s() { echo "${EPOCHREALTIME/,/.}"; }
# cl_wait FILE TEXT SECONDS PID: waits, polling every 10 ms, until FILE holds TEXT (true), or
# until SECONDS have passed or PID has ended (false).
cl_wait() {
  local file=$1 text=$2 until_s pid=$4
  until_s=$(awk -v t="$(clock_s)" -v s="$3" 'BEGIN { printf "%d", t + s }')
  until grep -qF -- "$text" "$file" 2>/dev/null; do
    if ((${EPOCHREALTIME%[.,]*} >= until_s)) || ! kill -0 "$pid" 2>/dev/null; then
      grep -qF -- "$text" "$file" 2>/dev/null
      return
    fi
    sleep 0.01
  done
}
# cl_setup N: makes N hosts and the coordinator's namespace (the coordinator reaches the hosts'
# data addresses, from which their control connections leave, over the control network), and
# sets CL_SETUP_S to the seconds that took.
cl_setup() {
  local a
  a=$(clock_s)
  netns_setup "$1" || return 1
  ip -n "$(netns_name coord)" route add 198.18.0.0/24 dev ctrl || return 1
  CL_SETUP_S=$(awk -v a="$a" -v b="$(clock_s)" 'BEGIN { printf "%.4f", b - a }')
}
# cl_teardown: removes them; CL_TEARDOWN_S is the seconds that took.
cl_teardown() {
  local a
  a=$(clock_s)
  netns_cleanup || true
  CL_TEARDOWN_S=$(awk -v a="$a" -v b="$(clock_s)" 'BEGIN { printf "%.4f", b - a }')
}
# cl_run DIR LIMIT ARGS...: one cluster run over the hosts set up, machine I on host I: the
# hosts started and waiting for the coordinator first, then the coordinator with ARGS; the
# collected run in DIR/run. Sets CL_CODE (0, or the first failure's exit status), CL_LAUNCH (the
# wall clock just before the coordinator was launched, s), CL_JOINED (when its stderr said the
# last machine had joined, 10-ms polls), CL_START (the logs' start=). Every process is given
# LIMIT seconds (timeout).
cl_run() {
  local dir=$1 limit=$2 h pids=() code cpid
  shift 2
  CL_CODE=0 CL_LAUNCH="" CL_JOINED="" CL_START=""
  rm -rf "$dir" && mkdir -p "$dir"
  CL_PORT=$((CL_PORT + NETNS_HOSTS + 1))
  ((CL_PORT + NETNS_HOSTS < 60000)) || CL_PORT=7000
  local hosts=()
  for ((h = 0; h < NETNS_HOSTS; h++)); do hosts+=("$h"); done
  netns_cluster_file "$dir/cluster.txt" "$CL_KEY" "$CL_PORT" "${hosts[@]}" || { CL_CODE=2; return; }
  for ((h = 0; h < NETNS_HOSTS; h++)); do
    netns_bg "$h" timeout -k 5 "$limit" "$LC" --cluster "$dir/cluster.txt" --id "$h" -o "$dir/h$h" -f -q \
      >"$dir/h$h.out" 2>"$dir/h$h.err"
    pids+=("$NETNS_PID")
  done
  for ((h = 0; h < NETNS_HOSTS; h++)); do
    cl_wait "$dir/h$h.err" "waiting for the coordinator" 20 "${pids[h]}" || { CL_CODE=3; break; }
  done
  if ((CL_CODE == 0)); then
    CL_LAUNCH=$(clock_s)
    netns_bg coord timeout -k 5 "$limit" "$LC" --cluster "$dir/cluster.txt" --coordinator -q -o "$dir/run" -f "$@" \
      >"$dir/coord.out" 2>"$dir/coord.err"
    cpid=$NETNS_PID LIVE_PID=$NETNS_PID
    if cl_wait "$dir/coord.err" "($NETNS_HOSTS of $NETNS_HOSTS)" "$limit" "$cpid"; then CL_JOINED=$(clock_s); fi
    code=0
    wait "$cpid" || code=$?
    LIVE_PID="" CL_CODE=$code
  fi
  for h in "${!pids[@]}"; do
    code=0
    # A host that never got its coordinator would wait out its own 120 s.
    ((CL_CODE == 0)) || kill -TERM "${pids[h]}" 2>/dev/null || true
    wait "${pids[h]}" || code=$?
    ((CL_CODE != 0 || code == 0)) || CL_CODE=$code
  done
  cat "$dir"/coord.err "$dir"/h*.err >"$dir.err" 2>/dev/null || true
  CL_START=$(head -qn1 "$dir"/run/vm_*.log 2>/dev/null | sed -n 's/.* start=\([0-9.]*\).*/\1/p' | head -1 || true)
}
# header_field KEY LINE: a key=value of a log's line 1 (empty when absent).
header_field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

if want cluster && [[ -z $CLUSTER_SKIP ]]; then
  # Start-up: hosts waiting, the coordinator launched; until the common start (the logs'
  # start=, on the coordinator's clock, which the namespaces share with this shell).
  for n in "${CLUSTER_NS[@]}"; do
    case="hosts=$n" attempt=1
    for ((rep = 1; rep <= REPEAT; rep++)); do
      dir=$OUT/runs/cluster-start-$n-$rep check=0
      if ! cl_setup "$n"; then
        netns_cleanup || true
        raw section=clstart case="$case" rep="$rep" machines="$n" exit=2 lcstat=0 attempt="$attempt" kept=1
        say "cluster $case run $rep: the namespaces could not be made"
        continue
      fi
      children_cpu
      h0=$(host_busy_ns) c0=$CHILD_NS w0=$(now_ns)
      cl_run "$dir" 60 -s "$rep" -d "$CLUSTER_START_D"
      children_cpu
      others=$(others_pct "$(($(host_busy_ns) - h0))" "$((CHILD_NS - c0))" "$(($(now_ns) - w0))")
      cl_teardown
      "$LCSTAT" "$dir/run" --no-write -q >"$dir.lcstat" 2>&1 || check=$?
      t=$("$TICKSTATS" "$dir/run" 2>>"$dir.err") || t=""
      raw section=clstart case="$case" rep="$rep" machines="$n" speed=1 duration_s="$CLUSTER_START_D" \
        exit="$CL_CODE" lcstat="$check" setup_s="$CL_SETUP_S" teardown_s="$CL_TEARDOWN_S" \
        joined_s="$(awk -v j="$CL_JOINED" -v l="$CL_LAUNCH" 'BEGIN { if (j != "" && l != "") printf "%.4f", j - l }')" \
        ready_s="$(awk -v s="$CL_START" -v l="$CL_LAUNCH" 'BEGIN { if (s != "" && l != "") printf "%.4f", s - l }')" \
        start_after_join_s="$(awk -v s="$CL_START" -v j="$CL_JOINED" 'BEGIN { if (s != "" && j != "") printf "%.4f", s - j }')" \
        first_tick_s="$(awk -v s="$(kv first_tick "$t")" -v l="$CL_LAUNCH" 'BEGIN { if (s != "" && s > 0 && l != "") printf "%.4f", s - l }')" \
        others_cpu_pct="$others" attempt="$attempt" kept="$(noisy "$others" "$attempt" && echo 0 || echo 1)"
      problems "cluster $case run $rep" "$CL_CODE" "$check" "$dir"
      [[ $KEEP_LOGS == 1 ]] || rm -rf "$dir"
      if noisy "$others" "$attempt"; then attempt=$((attempt + 1)) rep=$((rep - 1)); else attempt=1; fi
    done
    say "cluster $case: namespaces set up in $(med clstart "$case" setup_s) s; launch to all joined" \
      "$(med clstart "$case" joined_s) s, to the start $(med clstart "$case" ready_s) s"
  done

  # Events/s and lateness: 3 machines at R ticks/s each, INTERNAL_MAX 3 (every tick sends),
  # speed 1, CLUSTER_RUN_S s; on loopback (the local engine) and across 3 namespaces, in turn
  # (each repetition runs both, so that a change of the host's load falls on both alike).
  if cl_setup 3; then
    for rate in "${CLUSTER_RATES[@]}"; do
      for ((rep = 1; rep <= REPEAT; rep++)); do
        for where in loopback netns; do
          case="r=$rate $where" attempt=1
          while :; do
            dir=$OUT/runs/cluster-rate-$rate-$where-$rep code=0 check=0
            args=(-s "$rep" -r "$rate,$rate,$rate" -d "$CLUSTER_RUN_S" 6 3)
            children_cpu
            h0=$(host_busy_ns) c0=$CHILD_NS w0=$(now_ns)
            if [[ $where == loopback ]]; then
              rm -rf "$dir" && mkdir -p "$dir"
              timeout -k 5 $((CLUSTER_RUN_S * 10 + 60)) "$LC" -q -o "$dir/run" -f "${args[@]}" >"$dir.out" 2>"$dir.err" || code=$?
            else
              cl_run "$dir" $((CLUSTER_RUN_S * 10 + 60)) "${args[@]}"
              code=$CL_CODE
            fi
            children_cpu
            others=$(others_pct "$(($(host_busy_ns) - h0))" "$((CHILD_NS - c0))" "$(($(now_ns) - w0))")
            "$LCSTAT" "$dir/run" --no-write -q >"$dir.lcstat" 2>&1 || check=$?
            problems "cluster $case run $rep" "$code" "$check" "$dir"
            t=$("$TICKSTATS" "$dir/run" 2>>"$dir.err") || t=""
            span=$(awk -v d="$CLUSTER_RUN_S" -v a="$(kv start "$t")" -v b="$(kv last_tick "$t")" \
              'BEGIN { x = d; if (b - a > x) x = b - a; printf "%.6f", x }')
            # shellcheck disable=SC2046  # tick_columns prints KEY=VALUE words
            raw section=clrate case="$case" rep="$rep" machines=3 rates="$rate;$rate;$rate" speed=1 internal_max=3 \
              duration_s="$CLUSTER_RUN_S" exit="$code" lcstat="$check" $(tick_columns "$t" "$span") \
              offered_per_s="$((3 * rate))" others_cpu_pct="$others" attempt="$attempt" \
              kept="$(noisy "$others" "$attempt" && echo 0 || echo 1)"
            [[ $KEEP_LOGS == 1 ]] || rm -rf "$dir"
            noisy "$others" "$attempt" || break
            attempt=$((attempt + 1))
          done
        done
      done
      for where in loopback netns; do
        case="r=$rate $where"
        say "cluster $case: $(med clrate "$case" events_per_s) events/s, p99 lateness $(med clrate "$case" lat_p99_us) us"
      done
    done

    # The offset estimate: --skew 1:S on 3 hosts; |clock_offset - skew| against clock_uncertainty,
    # for machine 1 and for the two without a skew.
    for skew in "${CLUSTER_SKEWS[@]}"; do
      for ((rep = 1; rep <= REPEAT; rep++)); do
        dir=$OUT/runs/cluster-skew-$skew-$rep check=0
        cl_run "$dir" 60 -s "$rep" -d 1 -r 6,6,6 --skew "1:$skew"
        "$LCSTAT" "$dir/run" --no-write -q >"$dir.lcstat" 2>&1 || check=$?
        problems "cluster skew $skew run $rep" "$CL_CODE" "$check" "$dir"
        for f in "$dir"/run/vm_*.log; do
          [[ -f $f ]] || continue
          h=$(head -1 "$f")
          id=$(header_field machine "$h") off=$(header_field clock_offset "$h") unc=$(header_field clock_uncertainty "$h")
          want_s=0 c="skew=0"
          if [[ $id == 1 ]]; then want_s=$skew c="skew=$skew"; fi
          raw section=clskew case="$c" rep="$rep" machines=3 exit="$CL_CODE" lcstat="$check" \
            offset_err_us="$(awk -v o="$off" -v s="$want_s" 'BEGIN { if (o != "") { d = (o - s) * 1e6; printf "%.1f", (d < 0 ? -d : d) } }')" \
            uncertainty_us="$(awk -v u="$unc" 'BEGIN { if (u != "") printf "%.1f", u * 1e6 }')" kept=1
        done
        [[ $KEEP_LOGS == 1 ]] || rm -rf "$dir"
      done
      say "cluster --skew 1:$skew: |offset - skew| $(med clskew "skew=$skew" offset_err_us) us," \
        "uncertainty $(med clskew "skew=$skew" uncertainty_us) us"
    done
    cl_teardown
  else
    netns_cleanup || true
    say "cluster: 3 hosts could not be made; events/s and the offset estimate not measured"
  fi
fi

# ---------------------------------------------------------------------------------------------
# The table: medians over each case's runs, the target where there is one, and the verdict.
{
  echo "load_at_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "cpu_busy_at_end=$(busy_pct)%"
  echo "bench_seconds=$(($(date +%s) - BENCH_T0))"
} >>"$OUT/machine.txt"
TABLE=$OUT/table.csv
echo "section,case,figure,value,target,verdict" >"$TABLE"
row() { printf '%s,%s,%s,%s,%s,%s\n' "$1" "$2" "$3" "$4" "${5:-}" "${6:-}" >>"$TABLE"; }  # fields hold no commas
verdict() { if [[ -n $1 ]] && awk "BEGIN { exit !($1) }" 2>/dev/null; then echo met; else echo MISSED; fi; }
us() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else if (v >= 10000) printf "%.1f ms", v / 1000; else printf "%.0f us", v }'; }
only() { if (($1 == $2)); then echo "$3"; fi; }  # only N WANT TEXT: the targets name one N each
if want real; then
  RATES_LABEL="rates ${RATES//,/ }"

  c="period=$FLOOR_PERIOD_US"
  row fidelity "host floor" "wake-up lateness p50 / p99 / max (timerfd every $((FLOOR_PERIOD_US / 1000)) ms)" \
    "$(us "$(med floor "$c" lat_p50_us)") / $(us "$(med floor "$c" lat_p99_us)") / $(us "$(med floor "$c" lat_max_us)")" "" ""
  for speed in "${FIDELITY_SPEEDS[@]}"; do
    c="speed=$speed im=10"
    pct=$(med ticks "$c" ticks_pct) p50=$(med ticks "$c" lat_p50_us) p99=$(med ticks "$c" lat_p99_us)
    mx=$(med ticks "$c" lat_max_us) period=$(med ticks "$c" period_us)
    lat="$(us "$p50") / $(us "$p99") / $(us "$mx") (worst max $(us "$(worst ticks "$c" lat_max_us)"))"
    row fidelity "speed $speed" "ticks run" "$pct%" "100%" "$(verdict "$pct >= 100")"
    if ((speed == 1)); then
      row fidelity "speed 1" "lateness p50 / p99 / max" "$lat" "p99 < 1 ms" "$(verdict "$p99 < 1000")"
    else
      if within_tenth "$c"; then v=within; elif keeps_pace "$c"; then v="over 10%"
      elif sustains "$c"; then v="over a period"; else v="falls behind"; fi
      row fidelity "speed $speed" "lateness p50 / p99 / max" "$lat" \
        "p99 < $(us "$(awk -v t="$period" 'BEGIN { print t / 10 }')") (10% of period)" "$v"
    fi
    bad=$(rejected ticks "$c")
    ((bad == 0)) || row fidelity "speed $speed" "runs whose logs lcstat rejects" "$bad of $REPEAT (problems.txt)" "none" MISSED
  done
  row fidelity "$RATES_LABEL" "highest speed with p99 < 10% of the fastest period" "${BEST:-none}" "" ""

  best_rate="" best_case=""
  for im in 10 3; do
    for speed in ${THROUGHPUT_DONE[$im]}; do
      c="speed=$speed im=$im"
      e=$(med ticks "$c" events_per_s) m=$(med ticks "$c" messages_per_s) p99=$(med ticks "$c" lat_p99_us)
      if sustains "$c"; then
        kept="keeps up"
        if awk -v p="$p99" -v e="$e" -v b="${best_rate:-0}" 'BEGIN { exit !(p < 1000 && e > b) }'; then
          best_rate=$e best_case="speed $speed INTERNAL_MAX $im"
        fi
      else
        kept="falls behind"
      fi
      row throughput "speed $speed INTERNAL_MAX $im" "events/s / messages/s / p99 lateness" \
        "$(printf '%.0f / %.0f / %s' "$e" "$m" "$(us "$p99")")" "" "$kept"
      bad=$(rejected ticks "$c")
      ((bad == 0)) || row throughput "speed $speed INTERNAL_MAX $im" "runs whose logs lcstat rejects" \
        "$bad of $REPEAT (problems.txt)" "none" MISSED
    done
  done
  row throughput "$RATES_LABEL" "most events/s kept up with p99 < 1 ms" \
    "$(printf '%.0f' "${best_rate:-0}")${best_case:+ ($best_case)}" ">= 100000" "$(verdict "${best_rate:+$best_rate >= 100000}")"

  for n in "${SCALE_NS[@]}"; do
    c="n=$n"
    label="N $n ($(med scale "$c" duration_s) s)"
    all_ok scale "$c" || row scale "$label" "runs" "a run failed (problems.txt)" "" MISSED
    bad=$(rejected scale "$c")
    ((bad == 0)) || row scale "$label" "runs whose logs lcstat rejects" "$bad of $REPEAT (problems.txt)" "none" MISSED
    ready=$(med scale "$c" ready_s) rss=$(med scale "$c" rss_max_kib) cpu=$(med scale "$c" cpu_mean_pct)
    row scale "$label" "launch to start / to first tick (s)" "$ready / $(med scale "$c" first_tick_s)" \
      "$(only "$n" 128 "start < 2 s")" "$(only "$n" 128 "$(verdict "$ready < 2")")"
    row scale "$label" "connections" "$(med scale "$c" connections) (N(N-1) = $((n * (n - 1))))" "" ""
    row scale "$label" "events/s / messages/s" "$(med scale "$c" events_per_s) / $(med scale "$c" messages_per_s)" "" ""
    row scale "$label" "tick lateness p50 / p99 / max: all ticks" \
      "$(us "$(med scale "$c" lat_p50_us)") / $(us "$(med scale "$c" lat_p99_us)") / $(us "$(med scale "$c" lat_max_us)")" "" ""
    row scale "$label" "... all but the final ticks (due at the end)" \
      "$(us "$(med scale "$c" body_p50_us)") / $(us "$(med scale "$c" body_p99_us)") / $(us "$(med scale "$c" body_max_us)")" "" ""
    row scale "$label" "... the final ticks: p50 / max" \
      "$(us "$(med scale "$c" final_p50_us)") / $(us "$(med scale "$c" final_max_us)")" "" ""
    row scale "$label" "peak RSS per machine: max / median (KiB)" "$rss / $(med scale "$c" rss_median_kib)" \
      "$(only "$n" 3 "< 4096 KiB")" "$(only "$n" 3 "$(verdict "$rss < 4096")")"
    row scale "$label" "CPU per machine: mean / max (% of a core)" "$cpu / $(med scale "$c" cpu_max_pct)" \
      "$(only "$n" 3 "mean < 0.1%")" "$(only "$n" 3 "$(verdict "$cpu < 0.1")")"
    row scale "$label" "other work on the host meanwhile (% of all cores)" "$(med scale "$c" others_cpu_pct)" "" ""
  done
fi

row bench "all sections" "runs run again: other work took over ${NOISE_PCT}% of the CPUs" \
  "$(($(retried ticks) + $(retried scale) + $(retried floor) + $(retried lcstat) + $(retried sim) + $(retried latency) + $(retried held) + $(retried study) + $(retried clstart) + $(retried clrate))) (kept=0 in raw.csv)" "" ""

if want lcstat; then
  rps=$(med lcstat "rows=$ROWS" rows_per_s)
  row lcstat "$ROWS rows ($((BYTES / 1048576)) MiB)" "rows/s with --no-write" "$rps ($(med lcstat "rows=$ROWS" seconds) s)" \
    ">= 5000000" "$(verdict "$rps >= 5000000")"
  (($(rejected lcstat "rows=$ROWS") == 0)) || row lcstat "$ROWS rows" "violations" "found (lcstat.out)" "none" MISSED
fi

if want simulation; then
  rps=$(med sim rows rows_per_s)
  row simulation "3 machines $(med sim rows rows) rows" "rows/s with every log written" \
    "$rps ($(med sim rows seconds) s)" ">= 3000000" "$(verdict "$rps >= 3000000")"
  row simulation "the same with a partition over its middle half" "rows/s with every log written" \
    "$(med sim "rows partitioned" rows_per_s) ($(med sim "rows partitioned" seconds) s)" "" ""
  for n in "${SIM_NS[@]}"; do
    c="n=$n"
    row simulation "N $n for 60 model s" "wall time / rows / rows/s / peak RSS" \
      "$(med sim "$c" seconds) s / $(med sim "$c" rows) / $(med sim "$c" rows_per_s) / $(med sim "$c" rss_max_kib) KiB" \
      "$(only "$n" 1000 "completes")" "$(only "$n" 1000 "$(all_ok sim "$c" && echo met || echo MISSED)")"
  done
  for n in 3 64; do
    row simulation "--vector at N $n" "rows/s without / with; bytes per message" \
      "$(med sim "n=$n plain" rows_per_s) / $(med sim "n=$n vector" rows_per_s); 20 / $((20 + 8 * n))" "" ""
  done
  for c in rows "rows partitioned" "n=10" "n=100" "n=1000" "n=3 plain" "n=3 vector" "n=64 plain" "n=64 vector"; do
    bad=$(rejected sim "$c")
    ((bad == 0)) || row simulation "$c" "runs whose logs lcstat rejects" "$bad of $REPEAT (problems.txt)" "none" MISSED
  done
fi
if want study; then
  # Medians of each repetition's figures and of its ratios (not ratios of the medians).
  m() { med study classic "$1"; }
  fixed_s=$(awk -v t="$(m study_ms)" -v mg="$(m marginal_ms)" -v n="$STUDY_RUNS" 'BEGIN { printf "%.2f", (t - mg) * n / 1000 }')
  row study "a classic run of 60 s" "simulation / lcstat (files written): ms per run" "$(m sim_ms) / $(m lcstat_ms) (lcstat $(m lcstat_x) x the simulation)" \
    "lcstat <= 1 x" "$(verdict "$(m lcstat_x) <= 1")"
  row study "$STUDY_RUNS2 such runs on one core" "run_experiments.sh per run (x simulation + lcstat)" \
    "$(m study2_ms) ms ($(m study2_x) x)" "<= 1.5 x" "$(verdict "$(m study2_x) <= 1.5")"
  row study "each run past the study's fixed cost" "run_experiments.sh per run (x simulation + lcstat); fixed cost" \
    "$(m marginal_ms) ms ($(m marginal_x) x); ${fixed_s} s" "<= 1.5 x" "$(verdict "$(m marginal_x) <= 1.5")"
  row study "$STUDY_RUNS such runs on one core" "run_experiments.sh per run (x simulation + lcstat): the fixed cost over fewer runs" \
    "$(m study_ms) ms ($(m study_x) x)" "" ""
  (($(rejected study classic) == 0)) || row study classic "runs whose logs lcstat rejects" "see problems.txt" "none" MISSED
fi
if want latency; then
  row latency "loopback at speed 1 ($(med latency loopback sent) messages)" "delay mean / p10 / p50 / p90 / p99" \
    "$(us "$(med latency loopback msg_mean_us)") / $(us "$(med latency loopback msg_p10_us)") / $(us "$(med latency loopback msg_p50_us)") / $(us "$(med latency loopback msg_p90_us)") / $(us "$(med latency loopback msg_p99_us)")" "" ""
  best_none="" best_held=""
  for rate in "${HELD_RATES[@]}"; do
    cells=""
    for spec in none 1ms; do
      c="r=$rate latency=$spec" e=$(med held "r=$rate latency=$spec" events_per_s)
      p99=$(med held "$c" lat_p99_us) pct=$(med held "$c" ticks_pct)
      cells+="${cells:+ | }$(printf '%.0f' "${e:-0}") / $(us "$p99")"
      all_ok held "$c" || cells+=" (a run failed)"
      if awk -v p="$p99" -v e="$e" -v pct="$pct" -v o="$((3 * rate))" 'BEGIN { exit !(p != "" && p < 1000 && pct >= 100 && e >= 0.95 * o) }'; then
        if [[ $spec == none ]]; then best_none=$e; else best_held=$e; fi
      fi
      bad=$(rejected held "$c")
      ((bad == 0)) || row latency "$c" "runs whose logs lcstat rejects" "$bad of $REPEAT (problems.txt)" "none" MISSED
    done
    row latency "3 machines at $rate ticks/s (INTERNAL_MAX 3)" "events/s / p99 lateness: none | --latency 1ms" "$cells" "" ""
  done
  row latency "rates R R R (INTERNAL_MAX 3)" "most events/s kept up with p99 < 1 ms: none | --latency 1ms" \
    "$(printf '%.0f' "${best_none:-0}") | $(printf '%.0f' "${best_held:-0}")" "" ""
  row latency "2 machines at 1000 messages/s" "peak RSS of the largest machine: 6000 held (--latency 6s) | none (KiB)" \
    "$(med heldmem latency=6s rss_max_kib) | $(med heldmem latency=none rss_max_kib)" "" ""
  bad=$(($(rejected heldmem latency=6s) + $(rejected heldmem latency=none)))
  ((bad == 0)) || row latency "held memory" "runs whose logs lcstat rejects" "$bad (problems.txt)" "none" MISSED
fi

if want cluster; then
  if [[ -n $CLUSTER_SKIP ]]; then
    row cluster "network namespaces" "skipped" "$CLUSTER_SKIP" "" ""
  else
    for n in "${CLUSTER_NS[@]}"; do
      c="hosts=$n"
      label="$n hosts (one machine each)"
      all_ok clstart "$c" || row cluster "$label" "runs" "a run failed (problems.txt)" "" MISSED
      bad=$(rejected clstart "$c")
      ((bad == 0)) || row cluster "$label" "runs whose logs lcstat rejects" "$bad of $REPEAT (problems.txt)" "none" MISSED
      row cluster "$label" "namespaces set up / removed (s)" "$(med clstart "$c" setup_s) / $(med clstart "$c" teardown_s)" "" ""
      row cluster "$label" "coordinator launched to all joined / to the start / to the first tick (s)" \
        "$(med clstart "$c" joined_s) / $(med clstart "$c" ready_s) / $(med clstart "$c" first_tick_s) (worst start $(worst clstart "$c" ready_s))" "" ""
      row cluster "$label" "all joined to the start (s)" "$(med clstart "$c" start_after_join_s)" "" ""
    done
    for rate in "${CLUSTER_RATES[@]}"; do
      cells=""
      for where in loopback netns; do
        c="r=$rate $where" p99=$(med clrate "$c" lat_p99_us)
        cells+="${cells:+ | }$(printf '%.0f' "$(med clrate "$c" events_per_s)") / $(us "$p99") / $(med clrate "$c" ticks_pct)%"
        all_ok clrate "$c" || cells+=" (a run failed)"
        bad=$(rejected clrate "$c")
        ((bad == 0)) || row cluster "$c" "runs whose logs lcstat rejects" "$bad of $REPEAT (problems.txt)" "none" MISSED
      done
      row cluster "3 machines at $rate ticks/s (INTERNAL_MAX 3; $CLUSTER_RUN_S s)" \
        "events/s / p99 lateness / ticks run: loopback | 3 namespaces" "$cells" "" ""
    done
    # within CASE: how many of a case's estimates lie within their stated uncertainty, of how many.
    within() {
      awk -F, -v k="$1" "$COLS"'$1 == "clskew" && $2 == k && $col["offset_err_us"] != "" {
        n++; if ($col["offset_err_us"] + 0 <= $col["uncertainty_us"] + 0) w++ } END { printf "%d of %d", w, n }' "$RAW"
    }
    for skew in "${CLUSTER_SKEWS[@]}" 0; do
      c="skew=$skew" label="machine 1 with --skew 1:$skew"
      if [[ $skew == 0 ]]; then c="skew=0" label="machines 0 and 2 (no skew) in all those runs"; fi
      row cluster "$label" "|offset - skew| median / max; uncertainty median / max; within" \
        "$(us "$(med clskew "$c" offset_err_us)") / $(us "$(worst clskew "$c" offset_err_us)"); $(us "$(med clskew "$c" uncertainty_us)") / $(us "$(worst clskew "$c" uncertainty_us)"); $(within "$c")" \
        "within" "$(verdict "$(within "$c" | awk '{ print ($1 == $3 && $3 > 0) }')")"
    done
    bad=0
    for skew in "${CLUSTER_SKEWS[@]}"; do bad=$((bad + $(rejected clskew "skew=$skew"))); done
    ((bad == 0)) || row cluster "offset estimate" "runs whose logs lcstat rejects" "$bad (problems.txt)" "none" MISSED
  fi
fi

{
  echo "logical_clock bench, $(date -u +%Y-%m-%dT%H:%M:%SZ); medians of $REPEAT run(s) per case"
  sed 's/^/  /' "$OUT/machine.txt"
  echo
  awk -F, '{ for (i = 1; i <= NF; i++) { f[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } } NF > nf { nf = NF }
    END { for (r = 1; r <= NR; r++) { line = ""; for (i = 1; i <= nf; i++) line = line sprintf("%-" w[i] "s  ", f[r, i]); sub(/ +$/, "", line); print line } }' "$TABLE"
} >"$OUT/table.txt"
cat "$OUT/table.txt"
ln -sfn "$(basename "$OUT")" "$(dirname "$OUT")/latest"
