#!/usr/bin/env bash
# calibrate.sh: checks the report's statistics against known truth with the simulation engine.
# One simulated study of many runs per configuration (run_experiments.sh --engine sim); its
# first runs give the truth, the rest many independent small studies, each analysed as its
# report would be (lcstudy --calibrate). Prints each figure's coverage; writes
# OUT/calibration.md and OUT/calibration.csv (docs/analysis.md, "Calibration").
#   calibrate.sh [--runs N] [--studies S] [--truth-runs T] [--duration D] [--seed X]
#                [--config "RATE_MAX INTERNAL_MAX"]... [--no-control] [--jobs J] --out DIR
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
die() { echo "calibrate.sh: $1" >&2; exit 2; }

runs=5 studies=1000 truth=2000 duration=60 seed=1 control=1 out="" jobs="" configs=()
while (($#)); do
  case $1 in
    --runs | --studies | --truth-runs | --duration | --seed | --config | --out | --jobs)
      (($# >= 2)) || die "$1 wants a value"
      case $1 in
        --runs) runs=$2 ;; --studies) studies=$2 ;; --truth-runs) truth=$2 ;; --duration) duration=$2 ;;
        --seed) seed=$2 ;; --config) configs+=(--config "$2") ;; --out) out=$2 ;; --jobs) jobs=$2 ;;
      esac
      shift 2 ;;
    --no-control) control=0; shift ;;
    -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
[[ -n $out ]] || die "--out DIR is required"
for v in "$runs" "$studies"; do
  [[ $v =~ ^[1-9][0-9]{0,6}$ ]] || die "--runs and --studies want whole numbers from 1 to 9999999, got '$v'"
done
[[ $truth =~ ^(0|[1-9][0-9]{0,6})$ ]] || die "--truth-runs wants a whole number from 0 to 9999999, got '$truth'"

((${#configs[@]})) || configs=(--config "6 10" --config "3 10" --config "6 5")
# Every configuration gives its control's runs too (run_experiments.sh runs as many of each).
pool=$((truth + studies * runs * (control + 1)))
((pool <= 1000000)) || die "the design needs $pool runs per configuration; run_experiments.sh takes up to 1000000"

lcstudy=${LCSTUDY:-$root/build/lcstudy}
[[ -x $lcstudy ]] || die "$lcstudy not found: build it with make (or set LCSTUDY)"
mkdir -p "$out" || die "cannot create $out"
# A pool made before is used again only if it was made with these options (its size is
# checked by lcstudy).
made="duration=$duration seed=$seed ${configs[*]}"
if [[ -s $out/pool/summary.csv ]]; then
  [[ -s $out/pool.options && $(<"$out/pool.options") == "$made" ]] ||
    die "$out/pool was made with other options ($(cat "$out/pool.options" 2>/dev/null || echo unknown)); use another --out"
else
  rm -rf "$out/pool"
  printf '%s\n' "$made" >"$out/pool.options"
  echo "calibrate.sh: simulating $pool runs per configuration into $out/pool"
  "$root/run_experiments.sh" --engine sim --runs "$pool" --duration "$duration" --seed "$seed" --graphs 0 \
    "${configs[@]}" ${jobs:+--jobs "$jobs"} --out "$out/pool" >"$out/pool.log" 2>&1 ||
    die "the pool's study failed: $(tail -1 "$out/pool.log") (all of its output: $out/pool.log)"
fi
args=(--runs "$runs" --studies "$studies" --truth-runs "$truth")
((control)) && args+=(--control)
# The table replaces the last one only whole (lcstudy writes calibration.csv the same way).
"$lcstudy" "$out/pool" --calibrate "$out/calibration.csv" "${args[@]}" >"$out/calibration.md.tmp" ||
  { rm -f "$out/calibration.md.tmp"; exit 2; }
mv -f "$out/calibration.md.tmp" "$out/calibration.md"
cat "$out/calibration.md"
