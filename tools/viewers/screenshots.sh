#!/usr/bin/env bash
# Takes the README's pictures of the exports: one short simulated run (3 machines, seed 10,
# 4 model seconds), exported with lcstat --shiviz and --trace, opened in ShiViz and in catapult's
# trace viewer in headless Chromium, one screenshot each (screenshots.mjs).
#   tools/viewers/screenshots.sh SHIVIZ_DIR CATAPULT_DIR [OUT_DIR]
# SHIVIZ_DIR: a copy of github.com/DistributedClocks/shiviz (its index.html and js/);
# CATAPULT_DIR: a checkout of github.com/catapult-project/catapult (tracing/, common/,
# third_party/), whose tracing/bin/trace2html makes the viewer's page. OUT_DIR (default docs/img)
# receives shiviz.png and trace.png. Needs the built ./logical_clock and ./lcstat, python3, node,
# npm on the first run (puppeteer-core into tools/viewers/node_modules) and Chromium (CHROMIUM,
# default /usr/bin/chromium). Not part of `make test` (npm, a browser).
set -euo pipefail

die() {
  echo "$0: $*" >&2
  exit 2
}

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 SHIVIZ_DIR CATAPULT_DIR [OUT_DIR]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shiviz=$(cd "$1" 2>/dev/null && pwd) || die "no directory $1 (SHIVIZ_DIR must be a copy of ShiViz)"
catapult=$(cd "$2" 2>/dev/null && pwd) || die "no directory $2 (CATAPULT_DIR must be a catapult checkout)"
out=${3:-$root/docs/img}
chromium=${CHROMIUM:-/usr/bin/chromium}

[ -f "$shiviz/index.html" ] && [ -f "$shiviz/js/shiviz.js" ] ||
  die "no $shiviz/index.html and js/shiviz.js (SHIVIZ_DIR must be a copy of ShiViz)"
[ -f "$catapult/tracing/bin/trace2html" ] ||
  die "no $catapult/tracing/bin/trace2html (CATAPULT_DIR must be a catapult checkout)"
[ -x "$chromium" ] || die "no Chromium at $chromium (install Debian's chromium or set CHROMIUM)"
command -v node >/dev/null || die "no node (install nodejs)"
command -v python3 >/dev/null || die "no python3 (catapult's trace2html needs it)"
[ -x "$root/logical_clock" ] && [ -x "$root/lcstat" ] || die "no $root/logical_clock or lcstat (run make)"
[ -d "$out" ] || die "no directory $out"
out=$(cd "$out" && pwd)
if [ ! -d "$here/node_modules/puppeteer-core" ]; then
  command -v npm >/dev/null || die "no npm to install puppeteer-core (install npm)"
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error >&2)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Relative names: the directory as given labels the execution in ShiViz, the file names the
# trace in catapult's title.
run=sim-s10-d4
cd "$work"
"$root/logical_clock" --engine sim --seed 10 --duration 4 --quiet --out "$run" 6 10 >/dev/null
"$root/lcstat" "$run" --no-write --quiet --shiviz "$run.log" --trace "$run.json"
python3 "$catapult/tracing/bin/trace2html" "$run.json" --output "$run.html" >/dev/null
node "$here/screenshots.mjs" "$shiviz" "$run.log" "$out/shiviz.png" "$run.html" "$run.json" "$out/trace.png"
