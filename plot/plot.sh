#!/usr/bin/env bash
# plot.sh RUN_DIR [--window A:B] [--cone [MACHINE:EVENT]] [--svg]: the graphs of one
# logical_clock run. Runs lcstat on the run when its output is missing or older than the logs
# (always with --cone), then draws clock, jump, queue, drift and spacetime, and cone with
# --cone (.png, or .svg with --svg) into RUN_DIR.
# Exit status: 0 graphs written; 1 a failure (gnuplot missing, lcstat or gnuplot failed);
# 2 bad usage; 3 graphs written, but lcstat found violations of the model's rules.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
graphs=(clock jump queue drift spacetime)

usage() {
  cat <<'USAGE'
usage: plot/plot.sh RUN_DIR [--window A:B] [--cone [MACHINE:EVENT]] [--svg]

Draws the graphs of a logical_clock run into RUN_DIR: clock, jump, queue, drift and spacetime
(.png; .svg with --svg). Runs lcstat first when its output is missing or stale.

  --window A:B   model-time window of the space-time diagram (and the cone), in seconds
                 (default 0:5)
  --cone [M:K]   also draw cone: the causal past and future of machine M's K-th event, and the
                 events concurrent with it, apart by their Lamport clocks, in a window around it
                 (2.5 s either side, or --window). Without M:K: the event of the slowest
                 machine that did not fail nearest the middle of the window (default 0:5, or
                 until the run's stop), before its stop
  --svg          write SVG instead of PNG
  -h, --help     show this help

Environment: LCSTAT=path of the lcstat binary (default: the one built by make).
Exit status: 0 graphs written; 1 failure (gnuplot missing, lcstat or gnuplot failed);
2 bad usage; 3 graphs written, but lcstat found violations of the model's rules.
USAGE
}

die() { echo "plot.sh: $1" >&2; exit "${2:-1}"; }
# gp_string TEXT: TEXT as a gnuplot string literal: in single quotes, each quote joined on as
# "'" (gnuplot reads a doubled quote as one only inside a string, not first nor twice in a row).
gp_string() { printf "'%s'" "${1//\'/\'.\"\'\".\'}"; }
# whole FILE: FILE ends as a complete PNG (its IEND chunk) or SVG does. gnuplot exits 0 when
# its output cannot be written (a full disk leaves an empty or cut image), so it is checked.
whole() {
  case $1 in
    *.png) [[ $(tail -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 49454e44ae426082 ]] ;;
    *) [[ $(tail -c 16 "$1") == *'</svg>' ]] ;;
  esac
}

run_dir="" window="" fmt=png cone=""
while (($#)); do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --svg) fmt=svg ;;
    --window) (($# >= 2)) || die "--window needs A:B" 2; window=$2; shift ;;
    --window=*) window=${1#--window=} ;;
    --cone)
      if (($# >= 2)) && [[ $2 =~ ^[0-9]+:[0-9]+$ ]]; then cone=$2; shift; else cone=auto; fi ;;
    --cone=*) cone=${1#--cone=} ;;
    -*) die "unknown option $1 (see --help)" 2 ;;
    *) [[ -z $run_dir ]] || die "one RUN_DIR only" 2; run_dir=$1 ;;
  esac
  shift
done
[[ -n $run_dir ]] || die "missing RUN_DIR (see --help)" 2
[[ -d $run_dir ]] || die "$run_dir: no such directory" 2
run_dir=${run_dir%/}
window_re='^([0-9]+(\.[0-9]*)?):([0-9]+(\.[0-9]*)?)$'
if [[ -n $window ]]; then
  [[ $window =~ $window_re ]] || die "--window wants A:B in seconds, e.g. 10:15" 2
  awk -v a="${BASH_REMATCH[1]}" -v b="${BASH_REMATCH[3]}" 'BEGIN { exit !(b > a) }' || die "--window $window: B must be above A" 2
fi
[[ -z $cone || $cone == auto || $cone =~ ^[0-9]+:[1-9][0-9]*$ ]] ||
  die "--cone wants MACHINE:EVENT (the machine's K-th event, from 1)" 2

if ! command -v gnuplot >/dev/null; then
  # shellcheck source=tools/apt_hint.sh
  source "$here/../tools/apt_hint.sh"
  printf 'plot.sh: gnuplot is not installed. Install it (Debian/Ubuntu) with:\n    %s\n' "$(apt_hint gnuplot-nox)" >&2
  exit 1
fi

lcstat=${LCSTAT:-}
if [[ -z $lcstat ]]; then
  for candidate in "$here/../build/lcstat" "$here/../lcstat" "$(command -v lcstat || true)"; do
    if [[ -n $candidate && -x $candidate ]]; then lcstat=$candidate; break; fi
  done
fi
[[ -n $lcstat && -x $lcstat ]] || die "lcstat not found: build it with make (or set LCSTAT=path)"

# lcstat's output is stale when a file is missing or older than a log, run.txt or lcstat. The
# summaries and the graphs' data are each checked: lcstat writes plotdata/ only when asked,
# so an lcstat run since may have renewed the summaries alone.
stale() {
  local stamp f k
  for f in summary.csv run_summary.csv plotdata/drift.dat plotdata/jump_hist.dat \
           plotdata/queue_hist.dat plotdata/messages.dat; do
    [[ -e $run_dir/$f ]] || return 0
  done
  # A machine's events, one file per log (vm_<k>_<rate>.log).
  for f in "$run_dir"/vm_*.log; do
    k=${f##*/vm_}
    [[ -e $run_dir/plotdata/events_${k%%_*}.dat ]] || return 0
  done
  for stamp in "$run_dir/summary.csv" "$run_dir/plotdata/drift.dat"; do
    [[ $lcstat -nt $stamp ]] && return 0
    [[ -z $(find -H "$run_dir" -maxdepth 1 \( -name 'vm_*.log' -o -name run.txt \) -newer "$stamp" -print -quit) ]] || return 0
  done
  return 1
}
# The cone's data depends on the event asked for: lcstat runs for it every time.
if [[ -n $cone ]] || stale; then
  args=("$run_dir" -q --plotdata)
  if [[ -n $cone ]]; then
    args+=(--cone "$cone")
    [[ -z $window ]] || args+=(--window "$window")
  fi
  status=0
  "$lcstat" "${args[@]}" || status=$?
  ((status <= 1)) || die "lcstat could not analyse $run_dir (see above)"
fi

# field NAME: a column of run_summary.csv, found by its header name. (awk reads the run's files
# on its standard input: an operand such as x=1/run_summary.csv would be a variable assignment.)
field() {
  awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) col = i }
                        NR == 2 && col { print $col }' <"$run_dir/run_summary.csv"
}
N=$(field machines)
rates=$(field rates | tr ';' ' ')
duration=$(field duration)
# A stopped run covers the model time until its stop (lcstat's clock rates use the same).
covered=$duration
if [[ $(field status) == stopped && -f $run_dir/run.txt ]]; then
  covered=$(sed -n 's/^stopped_at=//p' "$run_dir/run.txt")
  covered=${covered:-$duration}
fi
# Ticks run late at speeds the host cannot keep up with (every one at -x 1e9), past the run's
# end in model time: the graphs over time reach the last tick row of any machine.
last_tick=$(for ((i = 0; i < N; i++)); do tail -n 1 "$run_dir/plotdata/events_$i.dat" 2>/dev/null; done |
            awk '!/^#/ && $1 + 0 > last { last = $1 + 0 } END { printf "%.6f\n", last }')
covered=$(awk -v c="$covered" -v l="$last_tick" 'BEGIN { printf "%.6f\n", (l > c ? l : c) }')
violations=$(field violations)
[[ $N =~ ^[0-9]+$ && -n $rates ]] || die "$run_dir/run_summary.csv: unreadable (rerun lcstat)"
[[ $(field ticks) != 0 ]] || die "$run_dir: no events to plot (0 tick rows: the run is shorter than one tick)"
for ((i = 0; i < N; i++)); do
  [[ -e $run_dir/plotdata/events_$i.dat ]] || die "$run_dir/plotdata/events_$i.dat missing (rerun lcstat)"
done
# The fastest machine: highest rate, lowest id.
ref=$(tr ' ' '\n' <<<"$rates" | awk '$1 + 0 > best + 0 || NR == 1 { best = $1; id = NR - 1 } END { print id }')
params="N=$N, rates $(tr ' ' ',' <<<"$rates") ticks/s, K=$(field internal_max), seed $(field seed), speed $(field speed)"
[[ $(field status) == stopped ]] && params+=" (stopped early)"
# Partitions (line 1's partitions=: GROUPS@FROM-TO joined by ';'), shaded over model time in
# every graph against it: their FROM TO pairs, in seconds.
first_log=$(find -H "$run_dir" -maxdepth 1 -name 'vm_*.log' -print -quit)
partitions=$(head -n 1 "$first_log" | tr ' ' '\n' | sed -n 's/^partitions=//p')
parts=$(tr ';' '\n' <<<"$partitions" | awk -F@ 'NF == 2 { split($2, t, "-"); printf "%s %s ", t[1] + 0, t[2] + 0 }')
[[ -z $partitions ]] || params+="; partitions ${partitions//;/, } (shaded)"
# Clocks measurably off their parent's (line 1's |clock_offset=| above its clock_uncertainty=):
# named with their bound. The graphs are over model time, which no clock's offset touches.
offsets=$(for f in "$run_dir"/vm_*.log; do head -n 1 "$f"; done | tr ' ' '\n' | awk -F= '
  $1 == "machine" { m = $2 } $1 == "clock_offset" { o = $2 }
  $1 == "clock_uncertainty" { d = o < 0 ? -o : o; if (d > $2 + 0) { printf "%s%s %s%s s +-%s", sep, m, (o > 0 ? "+" : ""), o, $2; sep = ", " } }')
[[ -z $offsets ]] || params+="; clock offsets to the parent's: machine $offsets"

if [[ -z $window ]]; then
  window="0:$(awk -v d="$covered" 'BEGIN { print (d < 5 ? d : 5) }')"
fi
[[ $window =~ $window_re ]]
wa=${BASH_REMATCH[1]} wb=${BASH_REMATCH[3]}

vars="pd=$(gp_string "$run_dir/plotdata"); fmt='$fmt'; N=$N; rates='$rates'; ref=$ref; params=$(gp_string "$params")"
vars+="; dir=$(gp_string "$here")"
vars+="; wa=$wa; wb=$wb; dur=$covered; parts='$parts'"
declare -A extra=()
if [[ -n $cone ]]; then
  # The event, its window and the counts from cone.dat's comment lines.
  cone_dat=$run_dir/plotdata/cone.dat
  [[ -s $cone_dat ]] || die "$cone_dat missing (lcstat --cone failed)"
  extra[cone]=$(awk '
    /^# cone event:/ { gsub(",", ""); m = $5; k = $7; c = $10; t = $13 }
    /^# cone window:/ { a = $4; b = $5 }
    /^# cone counts:/ { for (i = 4; i < NF; i += 2) v[$i] = $(i + 1) }
    END { printf "cm=%s; ck=%s; cc=%s; ct=%s; wa=%s; wb=%s; cevents=%s; cpast=%s; cfut=%s; csmall=%s; cequal=%s; clarge=%s; cexact=%s",
                 m, k, c, t, a, b, v["events"], v["past"], v["future"], v["smaller"], v["equal"], v["larger"], v["exact"] }' <"$cone_dat")
  graphs+=(cone)
fi
for g in "${graphs[@]}"; do
  tmp="$run_dir/.$g.partial"
  if ! gnuplot -e "$vars; ${extra[$g]:-}; out=$(gp_string "$tmp")" "$here/$g.gp" 2>"$tmp.err"; then
    cat "$tmp.err" >&2
    rm -f "$tmp.err" "$tmp.$fmt"
    die "gnuplot failed on $g.gp"
  fi
  rm -f "$tmp.err"
  if ! whole "$tmp.$fmt"; then
    rm -f "$tmp.$fmt"
    die "could not write $run_dir/$g.$fmt (a full disk?)"
  fi
  mv -f "$tmp.$fmt" "$run_dir/$g.$fmt"
done
echo "plot.sh: wrote $(printf "%s.$fmt " "${graphs[@]}")into $run_dir/"
# The verdict, so that the graphs are seen to be of a checked run.
[[ ${violations:-0} != 0 ]] || echo "plot.sh: checked by lcstat: all rules hold"
if [[ ${violations:-0} != 0 ]]; then
  echo "plot.sh: lcstat found $violations violation(s) of the model's rules in this run (run lcstat $run_dir to list them)" >&2
  exit 3
fi
