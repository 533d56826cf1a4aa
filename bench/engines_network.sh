#!/usr/bin/env bash
# bench/engines_network.sh: the two engines under the same misbehaving network. Configuration
# "6 10", 5 runs of 60 model s per scenario (the seeds run_experiments.sh derives from one
# base seed), each scenario run with the real engine (in real time, the scenarios side by side)
# and with the simulation: a latency around the tick period (200ms), one beyond it (exp:1s),
# and one partition (machine 0 cut off from 20 s to 40 s). Prints, per scenario, the mean ± sd
# of lcstat's figures for each engine (Markdown; docs/engines.md holds one). About 6 minutes.
#   bash bench/engines_network.sh [--seed S] [--out DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
seed=2026 out=""
while (($#)); do
  case $1 in
    --seed) seed=$2; shift ;;
    --out) out=$2; shift ;;
    *) echo "usage: bench/engines_network.sh [--seed S] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
out=${out:-$(mktemp -d /tmp/engines_network.XXXXXX)}
mkdir -p "$out"
BIN=${LOGICAL_CLOCK:-$ROOT/build/logical_clock}
LCSTAT=${LCSTAT:-$ROOT/build/lcstat}
names=(latency-200ms latency-exp-1s partition-20-40)
args=("--latency 200ms" "--latency exp:1s" "--partition 0|1,2@20-40")
derived_seed() {  # as run_experiments.sh derives them (configuration 0, run $1)
  local z=$((seed + ($1 + 1) * 0x9e3779b97f4a7c15))
  z=$(((z ^ ((z >> 30) & 0x3ffffffff)) * 0xbf58476d1ce4e5b9))
  z=$(((z ^ ((z >> 27) & 0x1fffffffff)) * 0x94d049bb133111eb))
  echo $(((z ^ ((z >> 31) & 0x1ffffffff)) & 0x7fffffffffffffff))
}
# one ENGINE SCENARIO RUN: the run, checked by lcstat (a rejected run stops the script), and its
# summary row.
one() {
  local dir=$out/$1/${names[$2]}/run$3 extra
  read -r -a extra <<<"${args[$2]}"
  "$BIN" --engine "$1" -q -f -o "$dir" -s "$(derived_seed "$3")" -d 60 "${extra[@]}" 6 10 >/dev/null
  "$LCSTAT" "$dir" -q >/dev/null || { echo "bench/engines_network.sh: lcstat rejects $dir" >&2; return 1; }
}
for engine in sim real; do
  pids=()
  for ((s = 0; s < ${#names[@]}; s++)); do
    (for r in 1 2 3 4 5; do one "$engine" "$s" "$r"; done) &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
done
# mean ± sd of each figure over a scenario's runs.
stat() {
  local files=("$out/$1/$2"/run*/run_summary.csv)
  awk -F, -v fig="$3" 'FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { v = $col[fig]; n++; s += v; q += v * v }
    END { m = s / n; v = (q - n * m * m) / (n - 1); printf "%.3f ± %.3f", m, (v > 0 ? sqrt(v) : 0) }' "${files[@]}"
}
{
  header="| figure | engine |"
  for n in "${names[@]}"; do header+=" $n |"; done
  echo "$header"
  printf '|---|---|'; for _ in "${names[@]}"; do printf -- '---|'; done; echo
  for fig in jump_mean jump_max queue_mean queue_max drift_mean drift_max pending; do
    for engine in real sim; do
      label=""; [[ $engine == real ]] && label=$fig
      line="| $label | $engine |"
      for n in "${names[@]}"; do line+=" $(stat "$engine" "$n" "$fig") |"; done
      echo "$line"
    done
  done
} | tee "$out/table.md"
echo "bench/engines_network.sh: runs and table in $out" >&2
