#!/usr/bin/env bash
# The theory (model/theory.h) against long simulated runs on both sides of the boundary and on
# it: lcstat's measured and predicted columns per machine must agree within the tolerances the
# fluid approximation allows over 3600 model seconds (docs/analysis.md, "The theory").
#   theory_sim_test.sh LOGICAL_CLOCK LCSTAT
set -euo pipefail

bin=$1 lcstat=$2
work=$(mktemp -d /tmp/lc_theory.XXXXXX)
trap 'rm -rf "$work"' EXIT
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }

# case NAME N-or-RATES K SEED [DURATION]: one run; every machine checked.
#   bounded: |recv share - predicted| <= 0.025 and growth <= 0.02/s (pending over the run)
#   grows: |growth - predicted| <= 0.05 + 4% of it, and recv share >= 0.99 (its first ticks,
#     while its queue fills, may act)
#   critical: recv share >= 0.97 and growth <= 0.1/s: no drift, a random walk's sqrt(t)
#   every machine: |arrivals/s - predicted| <= 0.05 + 4% of it
check_case() {
  local name=$1 rates=$2 k=$3 seed=$4 duration=${5:-3600}
  local dir=$work/$name
  local n
  n=$(tr , "\n" <<<"$rates" | wc -l)
  "$bin" --engine sim -q -s "$seed" -n "$n" -r "$rates" -d "$duration" -o "$dir" 6 "$k" >/dev/null ||
    fail "$name: logical_clock failed"
  "$lcstat" "$dir" -q || fail "$name: lcstat found violations"
  awk -F, -v name="$name" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == "all" { next }
    {
      p = $col["recv_share"]; pp = $col["pred_recv_share"]; g = $col["growth"]; pg = $col["pred_growth"]
      l = $col["arrival_rate"]; pl = $col["pred_arrival_rate"]; q = $col["pred_queue"]
      what = sprintf("%s machine %s (rate %s, %s): recv share %s vs %s, growth %s vs %s, arrivals %s vs %s",
                     name, $1, $2, q, p, pp, g, pg, l, pl)
      bad = 0
      if (q == "bounded" && ((p - pp > 0.025 || pp - p > 0.025) || g > 0.02)) bad = 1
      if (q == "grows" && (g - pg > 0.05 + 0.04 * pg || pg - g > 0.05 + 0.04 * pg || p < 0.99)) bad = 1
      if (q == "critical" && (p < 0.97 || g > 0.1)) bad = 1
      if (l - pl > 0.05 + 0.04 * pl || pl - l > 0.05 + 0.04 * pl) bad = 1
      if (q == "") bad = 1
      print (bad ? "FAIL: " : "ok: ") what
      if (bad) failed = 1
      n++
    }
    END { exit failed || n == 0 }' "$dir/summary.csv" >"$work/$name.txt" || { cat "$work/$name.txt" >&2; fail "$name"; }
  grep -q ' grows)' "$work/$name.txt" && grows=$((grows + 1))
  grep -q ' bounded)' "$work/$name.txt" && bounded=$((bounded + 1))
  grep -q ' critical)' "$work/$name.txt" && critical=$((critical + 1))
  checks=$((checks + $(wc -l <"$work/$name.txt")))
}

grows=0 bounded=0 critical=0
for seed in 1 2 3; do
  check_case "r136-k10-s$seed" 1,3,6 10 "$seed"   # rate 1 grows (0.5/s), 3 and 6 bounded
  check_case "r136-k5-s$seed" 1,3,6 5 "$seed"     # rate 1 grows (11/7 /s), rate 3 at load 0.76
  check_case "r136-k4-s$seed" 1,3,6 4 "$seed"     # rate 3 exactly on the boundary
done
check_case r136-k3 1,3,6 3 4                      # no internal events: both slower ones grow
check_case r666-k10 6,6,6 10 5                    # equal rates: p = 2/7 each
check_case r2468-k10 2,4,6,8 10 6                 # N = 4: c = 2/30 + 1/10
check_case r12345-k6 1,2,3,4,5 6 7                # N = 5: the two slowest grow
check_case r13-k3 1,3 3 8                         # N = 2, no internal events: c = 1
((grows >= 5 && bounded >= 5 && critical >= 3)) ||
  fail "the cases should cover each regime: $grows grow, $bounded bounded, $critical critical"
echo "theory_sim_test: all $checks machine checks passed"
