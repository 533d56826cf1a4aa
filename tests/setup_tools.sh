#!/usr/bin/env bash
# setup_tools.sh build|test [GOAL]: makes sure the tools that `make` (build) or `make test` (test:
# the build's and the suite's) need are installed; its lines begin "make GOAL:" (GOAL: build or
# test when not given, "make:" when empty). Missing ones are installed with apt-get when
# this runs as root or sudo works without a password; otherwise it stops at once with one line
# naming the command to run. Exit 0 when everything is there, 1 when something is missing.
set -uo pipefail
# shellcheck source=tools/apt_hint.sh
source "$(dirname "${BASH_SOURCE[0]}")/../tools/apt_hint.sh"

what=${1:-test}
# The command named in messages: make and the goal given (make setup checks the suite's tools
# too; the Makefile passes its goals, none for a plain `make`, whose messages say "make:").
target=${2-$what}
label="make${target:+ $target}"
# command -> Debian/Ubuntu package
# The build's, and gnuplot: the README's first commands draw graphs.
build_tools=(cmake:cmake g++:g++ make:make gnuplot:gnuplot-nox)
test_tools=(parallel:parallel rsync:rsync pgrep:procps ss:iproute2 python3:python3
            setsid:util-linux mount:mount)
tools=("${build_tools[@]}")
[[ $what == test ]] && tools+=("${test_tools[@]}")

missing=() packages=()
for t in "${tools[@]}"; do
  if ! command -v "${t%%:*}" >/dev/null 2>&1; then
    missing+=("${t%%:*}")
    packages+=("${t#*:}")
  fi
done
((${#missing[@]})) || exit 0

install=(apt-get install -y -qq --no-install-recommends "${packages[@]}")
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$label: missing ${missing[*]}: install them with your package manager (on Debian/Ubuntu: packages ${packages[*]})" >&2
  exit 1
fi
if ((EUID == 0)); then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  # sudo resets the environment: DEBIAN_FRONTEND (below) goes through env, where sudo lets
  # this user run it.
  sudo=(sudo -n)
  if sudo -n env true 2>/dev/null; then sudo+=(env DEBIAN_FRONTEND=noninteractive); fi
else
  echo "$label: missing ${missing[*]}; install them with: $(apt_hint "${packages[@]}")" >&2
  exit 1
fi
echo "$label: installing ${packages[*]} (missing ${missing[*]}) with apt-get, and what they depend on"
export DEBIAN_FRONTEND=noninteractive
# apt's own output (and debconf's notes, such as the one a minimal Debian without apt-utils
# prints) goes to a log that is shown only when apt fails.
log=$(mktemp /tmp/setup_tools.XXXXXX)
trap 'rm -f "$log"' EXIT
"${sudo[@]}" apt-get update -qq >"$log" 2>&1 || { cat "$log" >&2; echo "$label: apt-get update failed" >&2; exit 1; }
# A minute or more on a fresh box: a line at each quarter of the packages unpacked and set up
# (dpkg's own lines, which -qq leaves), their number from apt's simulation of the install.
count=$("${sudo[@]}" "${install[@]}" -s 2>/dev/null | grep -c '^Inst ')
# (No count, as when the simulation fails: no progress lines.)
noun=packages
((count != 1)) || noun=package
((count == 0)) || echo "$label: $count $noun to download, unpack and set up"
# The progress is no part of the install: an awk that stops (a full /tmp: it exits at the
# log's first write) leaves the rest of apt's output to cat, so that no SIGPIPE kills apt or
# dpkg mid-way, and apt's status alone decides.
# shellcheck disable=SC2016 # awk code
"${sudo[@]}" "${install[@]}" 2>&1 | { awk -v file="$log" -v total="$count" -v label="$label" '
  BEGIN { step = int((total + 3) / 4); if (step < 1) step = 1 }
  function show(n, what) {
    if (total > 0 && (n % step == 0 || n == total)) { printf "%s: %d of %d %s %s\n", label, n, total, (total == 1 ? "package" : "packages"), what; fflush() }
  }
  { print > file; fflush(file) }
  /^Unpacking / { show(++unpacked, "unpacked") }
  /^Setting up / { show(++set_up, "set up") }' 2>/dev/null; cat >/dev/null; } ||
  { tail -20 "$log" >&2; echo "$label: apt-get install ${packages[*]} failed" >&2; exit 1; }
for t in "${missing[@]}"; do
  command -v "$t" >/dev/null 2>&1 || { echo "$label: $t still missing after installing ${packages[*]}" >&2; exit 1; }
done
