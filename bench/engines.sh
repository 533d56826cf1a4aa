#!/usr/bin/env bash
# bench/engines.sh: the classic study (3 configurations x 5 runs x 60 model s, the seeds that
# run_experiments.sh derives from one base seed) with the real engine and with the simulation
# engine at its default latency, and the per-configuration mean ± standard deviation of the
# figures that tell the story, side by side (Markdown, on stdout; docs/engines.md holds one).
# The real study runs in real time: 15 minutes.
#   bash bench/engines.sh [--seed S] [--speed F] [--out DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
seed=2026 speed=1 out=""
while (($#)); do
  case $1 in
    --seed) seed=$2; shift ;;
    --speed) speed=$2; shift ;;
    --out) out=$2; shift ;;
    *) echo "usage: bench/engines.sh [--seed S] [--speed F] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
out=${out:-$(mktemp -d /tmp/engines.XXXXXX)}
mkdir -p "$out"
BIN=${LOGICAL_CLOCK:-$ROOT/build/logical_clock}
LCSTAT=${LCSTAT:-$ROOT/build/lcstat}

# The real engine: run_experiments.sh itself (its seeds, its checks), unless already done.
if [[ ! -f $out/real/summary.csv ]]; then
  LOGICAL_CLOCK=$BIN LCSTAT=$LCSTAT "$ROOT/run_experiments.sh" --seed "$seed" --speed "$speed" --out "$out/real" >&2
fi
# The simulation: the same configurations and seeds, each run checked by lcstat.
configs=("6 10" "3 10" "6 5")
derived_seed() {  # as run_experiments.sh derives them
  local z=$((seed + ($1 * 1000 + $2 + 1) * 0x9e3779b97f4a7c15))
  z=$(((z ^ ((z >> 30) & 0x3ffffffff)) * 0xbf58476d1ce4e5b9))
  z=$(((z ^ ((z >> 27) & 0x1fffffffff)) * 0x94d049bb133111eb))
  echo $(((z ^ ((z >> 31) & 0x1ffffffff)) & 0x7fffffffffffffff))
}
: >"$out/sim.csv"
for ((c = 0; c < 3; c++)); do
  read -r rm km <<<"${configs[c]}"
  for r in 1 2 3 4 5; do
    dir="$out/sim/r$rm-k$km/run$r"
    "$BIN" --engine sim -q -f -o "$dir" -s "$(derived_seed "$c" "$r")" -d 60 "$rm" "$km" >/dev/null
    "$LCSTAT" "$dir" -q >/dev/null
    [[ -s $out/sim.csv ]] || echo "config,$(head -1 "$dir/run_summary.csv")" >"$out/sim.csv"
    echo "r$rm-k$km,$(sed -n 2p "$dir/run_summary.csv")" >>"$out/sim.csv"
  done
done

# mean ± sd per configuration of each figure, from a CSV with config and run_summary columns.
stats() {
  awk -F, -v figs="jump_mean jump_max queue_mean queue_max drift_mean drift_max pending" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; nf = split(figs, f, " "); next }
    { k = $col["config"]; n[k]++; for (j = 1; j <= nf; j++) { v = $col[f[j]]; s[k, j] += v; q[k, j] += v * v } }
    END { for (k in n) for (j = 1; j <= nf; j++) { m = s[k, j] / n[k]; v = (q[k, j] - n[k] * m * m) / (n[k] - 1)
            printf "%s %s %.3f %.3f\n", k, f[j], m, (v > 0 ? sqrt(v) : 0) } }' "$1"
}
stats "$out/real/summary.csv" | sed 's/^/real /' >"$out/stats.txt"
stats "$out/sim.csv" | sed 's/^/sim /' >>"$out/stats.txt"
{
  echo "| figure | engine | 6 10 | 3 10 | 6 5 |"
  echo "|---|---|---|---|---|"
  for fig in jump_mean jump_max queue_mean queue_max drift_mean drift_max pending; do
    for engine in real sim; do
      label=""; [[ $engine == real ]] && label=$fig
      line="| $label | $engine |"
      for k in r6-k10 r3-k10 r6-k5; do
        line+=" $(awk -v e="$engine" -v k="$k" -v f="$fig" '$1 == e && $2 == k && $3 == f { printf "%s ± %s", $4, $5 }' "$out/stats.txt") |"
      done
      echo "$line"
    done
  done
} | tee "$out/table.md"
echo "bench/engines.sh: runs and tables in $out" >&2
