#!/usr/bin/env bash
# Loads lcstat --trace exports into the real viewers, offline, and prints what each made of them
# (viewers.mjs: one JSON line per file and viewer); exits 1 when any viewer dropped or reversed an
# arrow, logged an import or nesting warning, or did not start its time axis at model time 0.
#   tools/viewers/check_viewers.sh CATAPULT_DIR TRACE.json...
# CATAPULT_DIR: a checkout of github.com/catapult-project/catapult (its tracing/ and the
# third_party/ and common/ it imports); its tracing/bin/trace2html turns each trace into the
# page chrome://tracing would show. Needs python3, node and Chromium (CHROMIUM, default
# /usr/bin/chromium); the first run installs speedscope, puppeteer-core and the DevTools trace
# engine from npm into tools/viewers/node_modules. Not part of `make test` (npm, a browser).
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 CATAPULT_DIR TRACE.json..." >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
catapult=$1
shift
trace2html=$catapult/tracing/bin/trace2html
if [ ! -f "$trace2html" ]; then
  echo "$0: no $trace2html (CATAPULT_DIR must be a catapult checkout)" >&2
  exit 2
fi
if [ ! -d "$here/node_modules/speedscope" ] || [ ! -d "$here/node_modules/@paulirish/trace_engine" ] ||
   [ ! -d "$here/node_modules/puppeteer-core" ]; then
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error >&2)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for trace in "$@"; do
  html=$work/$(basename "$trace" .json).html
  python3 "$trace2html" "$trace" --output "$html" >/dev/null
  node "$here/viewers.mjs" --catapult "$html" "$trace" || status=1
done
exit $status
