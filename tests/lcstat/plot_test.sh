#!/usr/bin/env bash
# plot/plot.sh on a short real run: every graph is a valid PNG of the expected size; lcstat
# reruns only when its output is stale; --svg, --window and --cone work; a run with violations still
# gets its graphs but exit 3; a disk too full for the graphs is exit 1 with no cut image left;
# without gnuplot plot.sh says how to install it and exits 1.
# Needs gnuplot: fails (does not skip) when it is missing.
#   plot_test.sh LOGICAL_CLOCK LCSTAT PLOT_SH FIXTURES_DIR [full_disk]
# With full_disk: the full-disk case alone, which only root can set up (it mounts a small
# tmpfs): anyone else gets exit 77, which CTest lists as a skip.
set -euo pipefail

bin=$1 lcstat=$2 plot=$3 fixtures=$4 part=${5:-}
work=$(mktemp -d /tmp/lcstat_plot.XXXXXX)
cleanup() {
  mountpoint -q "$work/full" 2>/dev/null && umount "$work/full"
  rm -rf "$work"
}
trap cleanup EXIT
checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { checks=$((checks + 1)); }
export LCSTAT=$lcstat

command -v gnuplot >/dev/null || fail "gnuplot is not installed (apt-get install gnuplot-nox); this test needs it"
[[ -x $bin ]] || fail "$bin missing: build logical_clock first (make)"

# png_size FILE: "WIDTHxHEIGHT" from the IHDR chunk, after checking the PNG signature.
png_size() {
  [[ $(head -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] || fail "$1: not a PNG"
  local hex
  hex=$(od -An -tx1 -j 16 -N 8 "$1" | tr -d ' \n')
  echo "$((16#${hex:0:8}))x$((16#${hex:8:8}))"
}
declare -A expected=([clock]=1280x720 [jump]=1280x960 [queue]=1280x960 [drift]=1280x960 [spacetime]=1600x900)
check_pngs() {
  local g size bytes
  for g in "${!expected[@]}"; do
    [[ -f $1/$g.png ]] || fail "$1/$g.png missing"
    size=$(png_size "$1/$g.png")
    [[ $size == "${expected[$g]}" ]] || fail "$g.png is $size, expected ${expected[$g]}"
    bytes=$(stat -c %s "$1/$g.png")
    ((bytes > 15000)) || fail "$g.png is only $bytes bytes: an empty graph?"
    pass
  done
}

# A disk too full for the graphs (gnuplot itself exits 0 there): exit 1 naming the graph, and
# no empty or cut image left in place. Only root can mount the small tmpfs.
part_full_disk() {
  ((EUID == 0)) || { echo "plot_test: the full-disk case skipped: only root can mount a small tmpfs"; exit 77; }
  "$bin" --engine sim -q -s 5 -o "$work/run" -d 6 6 10 >/dev/null || fail "logical_clock failed"
  "$lcstat" "$work/run" -q --plotdata || fail "lcstat failed"
  mkdir "$work/full"
  mount -t tmpfs -o size=1m tmpfs "$work/full" || fail "cannot mount a small tmpfs (root needed)"
  mkdir "$work/full/run"
  cp -a "$work/run/"{*.log,*.csv,plotdata} "$work/full/run/"
  avail=$(df -k --output=avail "$work/full" | tail -1)
  dd if=/dev/zero of="$work/full/fill" bs=1k count=$((avail - 40)) 2>/dev/null || true
  code=0; "$plot" "$work/full/run" >"$work/full.out" 2>&1 || code=$?
  [[ $code == 1 ]] || fail "full disk: exit $code, expected 1: $(cat "$work/full.out")"
  grep -q "plot.sh: could not write $work/full/run/[a-z]*.png" "$work/full.out" || fail "full disk: $(cat "$work/full.out")"
  for f in "$work/full/run/"*.png; do
    [[ -e $f ]] || continue
    [[ $(tail -c 8 "$f" | od -An -tx1 | tr -d ' \n') == 49454e44ae426082 ]] || fail "full disk: a cut $f left in place"
  done
  [[ -z $(find "$work/full/run" -name '.*.partial*') ]] || fail "full disk: temporary files left"
  umount "$work/full"
  pass
  echo "plot_test: the full-disk case passed"
  exit 0
}
[[ $part != full_disk ]] || part_full_disk

# A short real run.
"$bin" -q -s 5 -o "$work/run" -x 40 -d 6 6 10 >/dev/null || fail "logical_clock failed"
"$plot" "$work/run" >"$work/out" 2>&1 || { cat "$work/out" >&2; fail "plot.sh exit $?"; }
check_pngs "$work/run"
# The verdict is shown, so that the graphs are seen to be of a checked run.
grep -qx "plot.sh: checked by lcstat: all rules hold" "$work/out" || fail "no verdict: $(cat "$work/out")"
[[ -s $work/run/summary.csv && -s $work/run/plotdata/drift.dat ]] || fail "lcstat output missing"
[[ -z $(find "$work/run" -name '*.partial*' -o -name '*.tmp') ]] || fail "temporary files left"
pass

# lcstat run again on edited logs writes the summaries only: plot.sh sees its graphs' data is
# older than the logs and has lcstat write it anew (the same graphs' data, not the old).
cp -a "$work/run" "$work/edited"
log0=$(echo "$work"/edited/vm_0_*.log)
awk -F, 'NR <= 2 || $3 != "INTERNAL" || done { print; next } { done = 1 }' "$log0" >"$work/vm0"
cat "$work/vm0" >"$log0"
"$lcstat" "$work/edited" -q >/dev/null 2>&1 || true
old_events=$(cksum <"$work/edited/plotdata/events_0.dat")
"$plot" "$work/edited" >"$work/edited.out" 2>&1 || true
[[ $(cksum <"$work/edited/plotdata/events_0.dat") != "$old_events" ]] ||
  fail "plot.sh drew from graphs' data older than the logs: $(cat "$work/edited.out")"
pass

# A run directory reached through a symbolic link, as runs/latest is: its logs are found (and
# their being newer than the graphs' data seen) through the link.
cp -a "$work/run" "$work/linked"
rm -f "$work/linked/"*.png
ln -s linked "$work/latest"
code=0; "$plot" "$work/latest" >"$work/latest.out" 2>&1 || code=$?
[[ $code == 0 ]] || { cat "$work/latest.out" >&2; fail "plot.sh through a link: exit $code"; }
check_pngs "$work/linked"
old_events=$(stat -c %Y "$work/linked/plotdata/drift.dat")
sleep 1.1
touch "$work/linked/"vm_0_*.log
"$plot" "$work/latest" >"$work/latest.out" 2>&1 || { cat "$work/latest.out" >&2; fail "plot.sh through a link, again"; }
[[ $(stat -c %Y "$work/linked/plotdata/drift.dat") != "$old_events" ]] ||
  fail "plot.sh through a link drew from graphs' data older than the logs"
pass

# A run directory given by a relative path that reads like an awk assignment (k=v/...): its
# files are still the run's, with --cone too.
mkdir "$work/rel"
cp -a "$work/run" "$work/rel/k=v"
rm -f "$work/rel/k=v/"*.png
code=0; (cd "$work/rel" && "$plot" k=v --cone </dev/null) >"$work/rel.out" 2>&1 || code=$?
[[ $code == 0 ]] || { cat "$work/rel.out" >&2; fail "plot.sh k=v --cone: exit $code"; }
check_pngs "$work/rel/k=v"
[[ $(png_size "$work/rel/k=v/cone.png") == 1600x900 ]] || fail "no cone.png in k=v"
pass

# A run directory whose path starts with a quote and has two in a row: it reaches gnuplot as
# a string all the same.
cp -a "$work/run" "$work/rel/''it''s"
rm -f "$work/rel/''it''s/"*.png
code=0; (cd "$work/rel" && "$plot" "''it''s" --cone) >"$work/quotes.out" 2>&1 || code=$?
[[ $code == 0 ]] || { cat "$work/quotes.out" >&2; fail "plot.sh \"''it''s\" --cone: exit $code"; }
check_pngs "$work/rel/''it''s"
[[ $(png_size "$work/rel/''it''s/cone.png") == 1600x900 ]] || fail "no cone.png in ''it''s"
pass

# Every tick late, past the run's end in model time (-x 1e9): the graphs over time reach the
# last tick rows, which lie beyond the duration.
"$bin" -q -s 3 -o "$work/late" -n 3 -x 1e9 -d 1000 -r 1,1,1 >/dev/null || fail "logical_clock -x 1e9 failed"
code=0; "$plot" "$work/late" >"$work/late.out" 2>&1 || code=$?
[[ $code == 0 ]] || { cat "$work/late.out" >&2; fail "plot.sh on a run at -x 1e9: exit $code"; }
[[ $(png_size "$work/late/clock.png") == 1280x720 ]] || fail "clock.png of the late run"
pass

# Up-to-date output is reused; a newer log makes lcstat run again.
stamp=$(stat -c %y "$work/run/summary.csv")
"$plot" "$work/run" >/dev/null 2>&1 || fail "second plot.sh failed"
[[ $(stat -c %y "$work/run/summary.csv") == "$stamp" ]] || fail "lcstat reran on fresh output"
touch -d '+2 seconds' "$work/run/vm_0_"*.log
"$plot" "$work/run" >/dev/null 2>&1 || fail "plot.sh after touching a log failed"
[[ $(stat -c %y "$work/run/summary.csv") != "$stamp" ]] || fail "lcstat did not rerun on a newer log"
# Any machine's events missing (not only the first's) makes lcstat run again.
rm "$work/run/plotdata/events_2.dat"
"$plot" "$work/run" >/dev/null 2>&1 || fail "plot.sh after removing events_2.dat failed"
[[ -s $work/run/plotdata/events_2.dat ]] || fail "lcstat did not rerun for a missing events_2.dat"
pass

# --svg and --window (cone.svg too).
"$plot" "$work/run" --svg --window 1:3.5 --cone >/dev/null 2>&1 || fail "plot.sh --svg failed"
for g in "${!expected[@]}"; do
  grep -q '<svg' "$work/run/$g.svg" || fail "$g.svg is not SVG"
  pass
done
grep -q 'model time 1 to 3.5 s' "$work/run/spacetime.svg" || fail "--window not in the spacetime title"
grep -q '<svg' "$work/run/cone.svg" && grep -q 'Causal cone of machine' "$work/run/cone.svg" || fail "cone.svg"
# A partition (the logs' partitions=) is shaded in every graph over model time, once per panel
# over time (drift has two), and named in the titles; a run without one has no band.
"$bin" --engine sim -q -s 42 -d 12 --partition '0|1,2@3-6' -o "$work/cut" 6 10 >/dev/null || fail "partitioned run failed"
"$plot" "$work/cut" --svg --window 2:8 >/dev/null 2>&1 || fail "plot.sh on a partitioned run failed"
declare -A bands=([clock]=1 [jump]=1 [queue]=1 [drift]=2 [spacetime]=1)
for g in "${!bands[@]}"; do
  [[ $(grep -c 'rgb(243, 223, 174)' "$work/cut/$g.svg") == "${bands[$g]}" ]] || fail "$g.svg: not ${bands[$g]} partition band(s)"
  grep -q 'partitions 0|1,2@3-6 (shaded)' "$work/cut/$g.svg" || fail "$g.svg: the partition is not in its title"
  pass
done
! grep -q 'rgb(243, 223, 174)' "$work/run/clock.svg" || fail "a band in a run without partitions"
pass

# --cone: the cone graph besides the others, with lcstat rerun for its event; the default
# event is the slowest machine's nearest the window's middle.
"$plot" "$work/run" --cone >"$work/cone.out" 2>&1 || { cat "$work/cone.out" >&2; fail "plot.sh --cone failed"; }
check_pngs "$work/run"
[[ $(png_size "$work/run/cone.png") == 1600x900 ]] || fail "cone.png is $(png_size "$work/run/cone.png"), expected 1600x900"
((  $(stat -c %s "$work/run/cone.png") > 15000 )) || fail "cone.png: an empty graph?"
grep -q '^# cone event: machine' "$work/run/plotdata/cone.dat" || fail "cone.dat has no event line"
"$plot" "$work/run" --cone 0:3 --window 0:2 >/dev/null 2>&1 || fail "plot.sh --cone 0:3 --window 0:2 failed"
grep -q '^# cone event: machine 0, event 3,' "$work/run/plotdata/cone.dat" || fail "--cone 0:3 not in cone.dat"
grep -q '^# cone window: 0.000000 2.000000' "$work/run/plotdata/cone.dat" || fail "--window not in cone.dat"
# Every event of the window in one of the six classes, e alone in class 0.
awk '!/^#/ { if ($4 !~ /^[0-5]$/) bad = 1; if ($4 == 0) e++ } END { exit bad || e != 1 }' "$work/run/plotdata/cone.dat" ||
  fail "cone.dat: classes"
code=0; "$plot" "$work/run" --cone 0:99999 >"$work/cone_missing.out" 2>&1 || code=$?
[[ $code == 1 ]] && grep -q 'machine 0 has' "$work/cone_missing.out" || fail "--cone of a missing event: exit $code"
code=0; "$plot" "$work/run" --cone=x >/dev/null 2>&1 || code=$?
[[ $code == 2 ]] || fail "--cone=x: exit $code, expected 2"
pass

# Bad usage: exit 2.
code=0; "$plot" "$work/run" --window 5:2 >/dev/null 2>&1 || code=$?
[[ $code == 2 ]] || fail "--window 5:2: exit $code, expected 2"
code=0; "$plot" "$work/nope" >/dev/null 2>&1 || code=$?
[[ $code == 2 ]] || fail "missing RUN_DIR: exit $code, expected 2"
pass

# A run that breaks a rule: graphs are drawn, exit 3.
mkdir "$work/broken"
cp "$fixtures"/valid/*.log "$work/broken/"
sed -i '12s/INTERNAL,10,/INTERNAL,12,/' "$work/broken/vm_2_4.log"
code=0; "$plot" "$work/broken" >"$work/broken.out" 2>&1 || code=$?
[[ $code == 3 ]] || { cat "$work/broken.out" >&2; fail "broken run: exit $code, expected 3"; }
grep -q "1 violation" "$work/broken.out" || fail "no violation warning: $(cat "$work/broken.out")"
! grep -q "all rules hold" "$work/broken.out" || fail "a broken run said to hold every rule: $(cat "$work/broken.out")"
check_pngs "$work/broken"

# Without gnuplot: the install line and exit 1. PATH gets the tools plot.sh needs, not gnuplot.
mkdir "$work/path"
for tool in bash dirname cat awk tr sed find mv rm env tail od; do ln -s "$(command -v "$tool")" "$work/path/$tool"; done
# sudo too where it is installed, so that the hint is the one its user gets.
if command -v sudo >/dev/null; then ln -s "$(command -v sudo)" "$work/path/sudo"; fi
code=0; PATH="$work/path" "$plot" "$work/run" >"$work/nognuplot.out" 2>&1 || code=$?
[[ $code == 1 ]] || fail "without gnuplot: exit $code, expected 1"
# The hint works for whoever reads it: no sudo for root (a minimal Debian has none), sudo for
# anyone else; the lists refreshed first, no recommended packages.
hint="apt-get update && apt-get install -y --no-install-recommends gnuplot-nox"
if ((EUID != 0)); then
  if command -v sudo >/dev/null; then hint="sudo apt-get update && sudo ${hint#*&& }"; else hint="as root, $hint"; fi
fi
grep -qF -- "    $hint" "$work/nognuplot.out" || fail "no install hint '$hint': $(cat "$work/nognuplot.out")"
if ((EUID == 0)) && command -v setpriv >/dev/null; then
  as_nobody=$(setpriv --reuid=65534 --regid=65534 --clear-groups bash -c "$(cat "$(dirname "$plot")/../tools/apt_hint.sh"); apt_hint gnuplot-nox")
  if command -v sudo >/dev/null; then
    hint_nobody="sudo apt-get update && sudo apt-get install -y --no-install-recommends gnuplot-nox"
  else
    hint_nobody="as root, apt-get update && apt-get install -y --no-install-recommends gnuplot-nox"
  fi
  [[ $as_nobody == "$hint_nobody" ]] || fail "the hint for a user other than root: '$as_nobody'"
fi
pass

echo "plot_test: all $checks checks passed"
