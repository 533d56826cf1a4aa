#!/usr/bin/env bash
# What the lcstudy tests share, sourced after each defines fail() and sets checks=0.
# A sentence whose numbers are medians of spread values (spread_median.h): FILE, a pattern
# (ERE; no other capital N) with each such number written N, then each number's cell, LOW HIGH: the number must be
# in it (a median of 5 values spread over one cell lies in that cell, wherever the draws fall).
has_cells() {
  local file=$1 pattern=$2
  shift 2
  local ere=${pattern//N/([-+]?[0-9]+[.][0-9]+)} line groups=""
  line=$(grep -oE -- "$ere" "$file" | head -1) || true
  [[ -n $line ]] || fail "$(basename "$file") lacks: $pattern"
  for ((i = 1; i <= $# / 2; i++)); do groups+="\\$i "; done
  read -ra got <<<"$(sed -E "s/^$ere\$/$groups/" <<<"$line")"
  local k=0
  while (($# > 0)); do
    awk -v v="${got[k]}" -v lo="$1" -v hi="$2" 'BEGIN { exit !(v + 0 >= lo && v + 0 <= hi) }' ||
      fail "$(basename "$file"): '${got[k]}' in '$line' is outside [$1, $2]"
    shift 2
    k=$((k + 1))
  done
  checks=$((checks + 1))
}
