#!/usr/bin/env bash
# run_experiments.sh: a study of logical_clock runs. Runs every configuration several times
# with derived seeds, checks and plots each run (lcstat, plot/plot.sh), and writes summary.csv
# (one row per run) and REPORT.md (per configuration: mean and spread of the key figures, and
# each run's graphs) into the study directory. See docs/analysis.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() {
  cat <<'USAGE'
usage: ./run_experiments.sh [options]

Runs a study: each configuration "RATE_MAX INTERNAL_MAX" several times, checks and plots every
run, then writes summary.csv and REPORT.md into the study directory. By default the classic
study: configurations "6 10" (baseline), "3 10" (smaller tick-rate variation) and "6 5"
(fewer internal events), 5 runs of 60 model seconds each, in real time (15 minutes).

  --config "R K"   a configuration: RATE_MAX R, INTERNAL_MAX K (repeatable; replaces the default three)
  --runs N         runs per configuration (default 5)
  --duration S     model seconds per run (default 60)
  --speed F        run the model F times faster than real time (default 1)
  --machines N     machines per run (default 3)
  --seed S         base seed, decimal (default: drawn at random); the runs get distinct seeds
                   derived from it, so the same --seed repeats the whole study
  --out DIR        study directory, new or empty (default runs/study-<UTC date-time>)
  -h, --help       show this help

Environment: LOGICAL_CLOCK, LCSTAT: the binaries to use (default: those built by make).
Exit status: 0 study complete; 1 a run failed or broke the model's rules, or a tool is
missing; 2 bad usage; 130 stopped by Ctrl-C. Only a complete study gets summary.csv and
REPORT.md.
USAGE
}

die() { echo "run_experiments.sh: $1" >&2; exit "${2:-1}"; }

configs=() runs=5 duration=60 speed=1 machines=3 seed="" out=""
need_value() { (($1 >= 2)) || die "$2 needs a value (see --help)" 2; }
while (($#)); do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --config) need_value $# "$1"; configs+=("$2"); shift ;;
    --runs) need_value $# "$1"; runs=$2; shift ;;
    --duration) need_value $# "$1"; duration=$2; shift ;;
    --speed) need_value $# "$1"; speed=$2; shift ;;
    --machines) need_value $# "$1"; machines=$2; shift ;;
    --seed) need_value $# "$1"; seed=$2; shift ;;
    --out) need_value $# "$1"; out=$2; shift ;;
    *) die "unknown argument '$1' (see --help)" 2 ;;
  esac
  shift
done
((${#configs[@]})) || configs=("6 10" "3 10" "6 5")

number='^[0-9]+(\.[0-9]+)?$'
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs wants a whole number >= 1, got '$runs'" 2
[[ $machines =~ ^[0-9]+$ ]] || die "--machines wants a whole number, got '$machines'" 2
[[ $duration =~ $number ]] || die "--duration wants seconds, got '$duration'" 2
[[ $speed =~ $number ]] || die "--speed wants a number, got '$speed'" 2
for c in "${configs[@]}"; do
  [[ $c =~ ^[[:space:]]*[0-9]+[[:space:]]+[0-9]+[[:space:]]*$ ]] ||
    die "--config wants \"RATE_MAX INTERNAL_MAX\", e.g. \"6 10\"; got '$c'" 2
done
if [[ -z $seed ]]; then
  seed=$(($(od -An -N8 -tu8 /dev/urandom | tr -d ' ') & 0xffffffffffff))  # 48 bits: at most 15 digits
fi
[[ $seed =~ ^[0-9]{1,18}$ ]] || die "--seed wants a decimal number of at most 18 digits, got '$seed'" 2

# The tools, all checked before the first run.
bin=${LOGICAL_CLOCK:-$root/build/logical_clock}
lcstat=${LCSTAT:-$root/build/lcstat}
[[ -x $bin ]] || die "$bin not found: build it with make (or set LOGICAL_CLOCK)"
[[ -x $lcstat ]] || die "$lcstat not found: build it with make (or set LCSTAT)"
command -v gnuplot >/dev/null ||
  die "gnuplot is not installed; every run is plotted, so install it first: sudo apt-get install gnuplot-nox"
export LCSTAT=$lcstat

out=${out:-runs/study-$(date -u +%Y%m%d-%H%M%S)}
out=${out%/}
if [[ -e $out ]]; then
  [[ -d $out && -z $(ls -A "$out") ]] || die "$out exists and is not an empty directory; choose a new --out" 2
fi
mkdir -p "$out"

# derived_seed CONFIG_INDEX RUN_INDEX: a 63-bit seed mixed from the base seed (splitmix64's
# finalizer), distinct for every run of the study.
derived_seed() {
  local z=$((seed + ($1 * 1000 + $2 + 1) * 0x9e3779b97f4a7c15))
  z=$(((z ^ ((z >> 30) & 0x3ffffffff)) * 0xbf58476d1ce4e5b9))
  z=$(((z ^ ((z >> 27) & 0x1fffffffff)) * 0x94d049bb133111eb))
  echo $(((z ^ ((z >> 31) & 0x1ffffffff)) & 0x7fffffffffffffff))
}

# Ctrl-C or SIGTERM: the current run stops (it ends its logs properly) and the study stops
# after it without writing a report. A Ctrl-C reaches the whole process group, the run too;
# a signal sent to this script alone is passed on to the run if it still runs 2 s later
# (never at once: a second signal makes logical_clock cut its drain short).
child="" interrupted=0
trap 'interrupted=1' INT TERM

# run_child CMD...: runs CMD in the background and waits for it, also across a signal.
run_child() {
  local status=0 waited=0
  "$@" &
  child=$!
  wait "$child" || status=$?
  while kill -0 "$child" 2>/dev/null; do
    if ((interrupted && waited == 20)); then kill -TERM "$child" 2>/dev/null || true; fi
    sleep 0.1
    waited=$((waited + 1))
  done
  if ((waited > 0)); then
    status=0
    wait "$child" || status=$?
  fi
  child=""
  return "$status"
}

stop_incomplete() {
  echo "run_experiments.sh: $1" >&2
  echo "run_experiments.sh: study incomplete: no summary.csv or REPORT.md written; finished runs are in $out/" >&2
  exit "${2:-1}"
}

duration_text() {  # seconds -> "1m 05s"
  local s=$1
  if ((s >= 60)); then printf '%dm %02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# write_report SUMMARY_CSV: REPORT.md on stdout. Per configuration the mean, sample standard
# deviation, min and max over its runs of the key figures, then a row and graph links per run.
write_report() {
  local repeat="./run_experiments.sh --seed $seed --runs $runs --duration $duration --speed $speed --machines $machines"
  local c
  for c in "${configs[@]}"; do repeat+=" --config \"$c\""; done
  awk -F, -v repeat="$repeat" -v when="$(date -u '+%Y-%m-%d %H:%M UTC')" \
      -v runs="$runs" -v duration="$duration" -v speed="$speed" -v machines="$machines" -v seed="$seed" '
    BEGIN {
      nf = split("jump_mean jump_max drift_mean drift_max queue_mean queue_max wait_mean wait_max pending clock_rate_min clock_rate_max", fig, " ")
      split("mean jump|max jump|mean drift|max drift|mean queue length|max queue length|mean queue wait (s)|max queue wait (s)|pending at the end|lowest clock rate (units/s)|highest clock rate (units/s)", label, "|")
      split("3 1 2 1 3 1 3 3 1 2 2", digits, " ")
    }
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    {
      k = $col["config"]
      if (!(k in n)) { order[++nc] = k; rm[k] = $col["rate_max"]; km[k] = $col["internal_max"] }
      n[k]++
      for (f = 1; f <= nf; f++) {
        v = $col[fig[f]] + 0
        sum[k, f] += v; sq[k, f] += v * v
        if (n[k] == 1 || v < lo[k, f]) lo[k, f] = v
        if (n[k] == 1 || v > hi[k, f]) hi[k, f] = v
      }
      d = $col["run_dir"]
      row[k, n[k]] = sprintf("| %d | %s | %s | %.3f | %d | %.2f | %d | %d | %d | [clock](%s/clock.png) · [jump](%s/jump.png) · [queue](%s/queue.png) · [drift](%s/drift.png) · [space-time](%s/spacetime.png) |", \
        $col["run"], $col["seed"], $col["rates"], $col["jump_mean"], $col["jump_max"], $col["drift_mean"], \
        $col["drift_max"], $col["queue_max"], $col["pending"], d, d, d, d, d)
      first[k] = first[k] == "" ? d : first[k]
    }
    function mean(k, f) { return sum[k, f] / n[k] }
    function sd(k, f,   m, v) {
      if (n[k] < 2) return -1
      m = mean(k, f); v = (sq[k, f] - n[k] * m * m) / (n[k] - 1)
      return v > 0 ? sqrt(v) : 0
    }
    function num(x, f) { return sprintf("%." digits[f] "f", x) }
    function spread(k, f) { return sd(k, f) < 0 ? "-" : num(sd(k, f), f) }
    END {
      print "# logical_clock study"
      print ""
      printf "%d configuration(s) x %d run(s) of %s model seconds at speed %s, %s machines per run, base seed %s; written %s.\n\n", nc, runs, duration, speed, machines, seed, when
      print "Every run was checked by lcstat (no violation of the model'"'"'s rules) and plotted by plot/plot.sh. To repeat the study with the same parameters and seeds:"
      print ""
      print "```"
      print repeat
      print "```"
      print ""
      print "## Overview: mean ± standard deviation over the runs"
      print ""
      line = "| figure |"; rule = "|---|"
      for (i = 1; i <= nc; i++) { line = line sprintf(" RATE_MAX %s, INTERNAL_MAX %s |", rm[order[i]], km[order[i]]); rule = rule "---|" }
      print line; print rule
      for (f = 1; f <= nf; f++) {
        line = "| " label[f] " |"
        for (i = 1; i <= nc; i++) { k = order[i]; line = line " " num(mean(k, f), f) (sd(k, f) < 0 ? "" : " ± " spread(k, f)) " |" }
        print line
      }
      print ""
      print "Jump: a clock after an event minus the clock after the previous event. Drift: the highest minus the lowest clock of the machines at each event. Queue length: messages left in the queue after each event; queue wait: from a message'"'"'s arrival to its receive. Figures per run are over all its machines (see docs/analysis.md)."
      for (i = 1; i <= nc; i++) {
        k = order[i]
        print ""
        printf "## RATE_MAX %s, INTERNAL_MAX %s (%d runs)\n\n", rm[k], km[k], n[k]
        print "| figure | mean | standard deviation | min | max |"
        print "|---|---|---|---|---|"
        for (f = 1; f <= nf; f++)
          printf "| %s | %s | %s | %s | %s |\n", label[f], num(mean(k, f), f), spread(k, f), num(lo[k, f], f), num(hi[k, f], f)
        print ""
        print "| run | seed | rates | mean jump | max jump | mean drift | max drift | max queue | pending | graphs |"
        print "|---|---|---|---|---|---|---|---|---|---|"
        for (r = 1; r <= n[k]; r++) print row[k, r]
        print ""
        printf "Run 1: logical clocks and drift.\n\n![clocks of run 1](%s/clock.png)\n\n![drift of run 1](%s/drift.png)\n", first[k], first[k]
      }
    }' "$1"
}

total=$((${#configs[@]} * runs))
echo "study: ${#configs[@]} configuration(s) x $runs run(s), $duration model s each at speed $speed," \
     "$machines machines, base seed $seed -> $out/"
rows="$out/.summary.rows"
: >"$rows"
header=""
done_runs=0
started=$(date +%s.%N)
for ((c = 0; c < ${#configs[@]}; c++)); do
  read -r rate_max internal_max <<<"${configs[c]}"
  label="r${rate_max}-k${internal_max}"
  mkdir -p "$out/$label"
  for ((r = 1; r <= runs; r++)); do
    run_seed=$(derived_seed "$c" "$r")
    dir="$out/$label/run$r"
    t0=$(date +%s.%N)
    status=0
    run_child "$bin" -q -s "$run_seed" -o "$dir" --speed "$speed" -d "$duration" -n "$machines" \
      "$rate_max" "$internal_max" >"$out/$label/run$r.out" 2>&1 || status=$?
    if ((interrupted)); then
      stop_incomplete "stopped by a signal during run $r of configuration \"$rate_max $internal_max\" ($dir ends early, its logs whole)" 130
    fi
    if ((status != 0)); then
      tail -5 "$out/$label/run$r.out" >&2
      stop_incomplete "run $r of configuration \"$rate_max $internal_max\" (seed $run_seed) failed: logical_clock exit $status (output: $out/$label/run$r.out)"
    fi
    status=0
    run_child "$root/plot/plot.sh" "$dir" >"$out/$label/run$r.plot.out" 2>&1 || status=$?
    ((interrupted)) && stop_incomplete "stopped by a signal while plotting $dir" 130
    if ((status == 3)); then
      "$lcstat" "$dir" --no-write -q 2>&1 | head -10 >&2 || true
      stop_incomplete "run $r of configuration \"$rate_max $internal_max\" (seed $run_seed) breaks the model's rules (lcstat $dir lists them)"
    elif ((status != 0)); then
      cat "$out/$label/run$r.plot.out" >&2
      stop_incomplete "could not analyse or plot $dir (plot.sh exit $status)"
    fi
    # One summary row: the run's place and seed, then lcstat's run_summary.csv row.
    # (run_summary.csv holds the run's seed, internal_max and rates itself.)
    [[ -n $header ]] || header="config,rate_max,run,run_dir,$(head -1 "$dir/run_summary.csv")"
    echo "$label,$rate_max,$r,$label/run$r,$(sed -n 2p "$dir/run_summary.csv")" >>"$rows"

    done_runs=$((done_runs + 1))
    now=$(date +%s.%N)
    read -r took left < <(awk -v t0="$t0" -v s="$started" -v now="$now" -v d="$done_runs" -v n="$total" \
      'BEGIN { printf "%.1f %d\n", now - t0, (now - s) / d * (n - d) + 0.5 }')
    printf '[%d/%d] config "%s %s" run %d/%d, seed %s: ok in %s s; about %s left\n' \
      "$done_runs" "$total" "$rate_max" "$internal_max" "$r" "$runs" "$run_seed" "$took" "$(duration_text "$left")"
  done
done

# summary.csv and REPORT.md, each written under a temporary name and renamed when whole.
{ echo "$header"; cat "$rows"; } >"$out/.summary.csv.tmp"
rm -f "$rows"
write_report "$out/.summary.csv.tmp" >"$out/.REPORT.md.tmp" || stop_incomplete "could not write the report"
mv -f "$out/.summary.csv.tmp" "$out/summary.csv"
mv -f "$out/.REPORT.md.tmp" "$out/REPORT.md"
echo "study complete in $(duration_text "$(awk -v s="$started" -v now="$(date +%s.%N)" 'BEGIN { printf "%d", now - s + 0.5 }')"):" \
     "$out/REPORT.md, $out/summary.csv"
