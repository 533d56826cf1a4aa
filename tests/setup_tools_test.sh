#!/usr/bin/env bash
# setup_tools_test.sh SETUP_TOOLS: setup_tools.sh's install path on a PATH where two of the
# suite's tools are missing, with a fake apt-get (and, for a user other than root, a fake
# password-less sudo): what it asks apt-get for, the lines it prints, the tools there after;
# and each way it fails with one clear message: no apt-get, apt-get update or install failing,
# a tool still missing after the install; and, through the Makefile, the line of a plain `make`.
set -uo pipefail
setup=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# bin: the first of each name on the PATH, as symlinks, but the two hidden tools and the
# programs faked; fake: apt-get and sudo, and where the fake apt-get "installs" tools.
hidden=" parallel rsync apt-get sudo "
mkdir -p "$work/bin" "$work/fake" "$work/installed"
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  for f in "$d"/*; do
    name=${f##*/}
    [[ -x $f && ! -d $f && $hidden != *" $name "* && ! -e $work/bin/$name ]] || continue
    ln -s "$f" "$work/bin/$name"
  done
done

# FAKE_APT: ok, alone (no dependency), update_fails, install_fails or installs_nothing. Each
# call's arguments go to calls.txt; an install "sets up" each package and a dependency
# (libdep), and puts a command of each package's name in installed/.
cat >"$work/fake/apt-get" <<'EOF'
#!/usr/bin/env bash
echo "apt-get $*" >>"$FAKE_DIR/calls.txt"
case $1 in
  update)
    [[ $FAKE_APT != update_fails ]] || { echo "E: the lists are broken" >&2; exit 100; }
    exit 0 ;;
  install)
    shift
    simulate=0 packages=()
    for a; do
      case $a in -s) simulate=1 ;; -*) ;; *) packages+=("$a") ;; esac
    done
    [[ $FAKE_APT == alone ]] || packages+=(libdep)
    if ((simulate)); then
      for p in "${packages[@]}"; do echo "Inst $p (1.0 Debian:12/stable [amd64])"; done
      exit 0
    fi
    [[ $FAKE_APT != install_fails ]] || { echo "E: Unable to locate package ${packages[0]}"; exit 100; }
    for p in "${packages[@]}"; do echo "Unpacking $p (1.0) ..."; done
    for p in "${packages[@]}"; do
      echo "Setting up $p (1.0) ..."
      [[ $FAKE_APT == installs_nothing || $p == libdep ]] && continue
      printf '#!/bin/sh\nexit 0\n' >"$FAKE_DIR/installed/$p"
      chmod +x "$FAKE_DIR/installed/$p"
    done
    exit 0 ;;
esac
exit 100
EOF
cat >"$work/fake/sudo" <<'EOF'
#!/usr/bin/env bash
[[ ${1:-} == -n ]] && shift
exec "$@"
EOF
chmod +x "$work/fake/apt-get" "$work/fake/sudo"

# try MODE [PATH_DIRS]: setup_tools.sh test with the fake apt-get in MODE; its output in
# out.txt, its status in code.
try() {
  rm -f "$work/calls.txt" "$work/installed/"*
  code=0
  FAKE_DIR=$work FAKE_APT=$1 PATH=${2:-$work/fake:$work/installed:$work/bin} \
    bash "$setup" test >"$work/out.txt" 2>&1 || code=$?
}
out() { cat "$work/out.txt"; }

# The install: both packages asked for, without recommended ones; a line per quarter of the 3
# packages (each one, here); the tools are there after.
try ok
[[ $code == 0 ]] || fail "install: exit $code: $(out)"
grep -qx "apt-get install -y -qq --no-install-recommends parallel rsync" "$work/calls.txt" ||
  fail "install: apt-get was asked for: $(cat "$work/calls.txt")"
grep -qx "make test: installing parallel rsync (missing parallel rsync) with apt-get, and what they depend on" \
  "$work/out.txt" || fail "install: no line naming what it installs: $(out)"
grep -qx "make test: 3 packages to download, unpack and set up" "$work/out.txt" || fail "install: no count: $(out)"
grep -qx "make test: 3 of 3 packages unpacked" "$work/out.txt" && grep -qx "make test: 3 of 3 packages set up" "$work/out.txt" ||
  fail "install: no progress lines: $(out)"
! grep -q 'Unpacking\|Setting up' "$work/out.txt" || fail "install: apt's own lines shown: $(out)"
[[ -x $work/installed/parallel && -x $work/installed/rsync ]] || fail "install: the tools are not there"
# One package, with nothing it depends on: its lines say "package", not "packages".
rm -f "$work/installed/parallel"
code=0
FAKE_DIR=$work FAKE_APT=alone PATH=$work/fake:$work/installed:$work/bin bash "$setup" test >"$work/out.txt" 2>&1 || code=$?
[[ $code == 0 ]] && grep -qx "make test: 1 package to download, unpack and set up" "$work/out.txt" &&
  grep -qx "make test: 1 of 1 package unpacked" "$work/out.txt" && grep -qx "make test: 1 of 1 package set up" "$work/out.txt" ||
  fail "one package: exit $code: $(out)"

# Nothing missing: nothing done, nothing said.
code=0
FAKE_DIR=$work FAKE_APT=ok PATH=$work/fake:$work/installed:$work/bin bash "$setup" test >"$work/out.txt" 2>&1 || code=$?
[[ $code == 0 && ! -s $work/out.txt ]] || fail "nothing missing: exit $code: $(out)"
# The build's tools alone: the suite's missing ones are not asked for.
rm -f "$work/installed/"* "$work/calls.txt"
code=0
FAKE_DIR=$work FAKE_APT=ok PATH=$work/fake:$work/installed:$work/bin bash "$setup" build >"$work/out.txt" 2>&1 || code=$?
[[ $code == 0 && ! -s $work/out.txt && ! -e $work/calls.txt ]] || fail "build: exit $code, asked for the suite's tools: $(out)"

# Each failure: status 1, apt's words, and a last line naming what failed.
try update_fails
[[ $code == 1 ]] && grep -q "E: the lists are broken" "$work/out.txt" &&
  [[ $(tail -1 "$work/out.txt") == "make test: apt-get update failed" ]] || fail "update fails: exit $code: $(out)"
try install_fails
[[ $code == 1 ]] && grep -q "E: Unable to locate package parallel" "$work/out.txt" &&
  [[ $(tail -1 "$work/out.txt") == "make test: apt-get install parallel rsync failed" ]] || fail "install fails: exit $code: $(out)"
try installs_nothing
[[ $code == 1 && $(tail -1 "$work/out.txt") == "make test: parallel still missing after installing parallel rsync" ]] ||
  fail "the install leaves a tool missing: exit $code: $(out)"

# No apt-get: one line, naming the packages.
try ok "$work/installed:$work/bin"
[[ $code == 1 && $(wc -l <"$work/out.txt") == 1 ]] &&
  grep -q "make test: missing parallel rsync: install them with your package manager (on Debian/Ubuntu: packages parallel rsync)" \
    "$work/out.txt" || fail "no apt-get: exit $code: $(out)"
# Through the Makefile: a plain `make` with gnuplot missing (and no apt-get) stops before the
# build with one line that begins "make:", the command typed (make adds its own line after it).
src=$(cd "$(dirname "$setup")/.." && pwd)
mkdir -p "$work/nognuplot"
for f in "$work/bin"/*; do
  [[ ${f##*/} == gnuplot ]] || ln -s "$(readlink "$f")" "$work/nognuplot/${f##*/}"
done
[[ -e $work/nognuplot/make ]] || fail "no make on the PATH"
code=0
(cd "$src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL PATH="$work/nognuplot" make BUILD="$work/build") \
  >"$work/out.txt" 2>&1 || code=$?
[[ $code != 0 && ! -e $work/build ]] &&
  [[ $(head -1 "$work/out.txt") == "make: missing gnuplot: install them with your package manager (on Debian/Ubuntu: packages gnuplot-nox)" ]] ||
  fail "make without gnuplot: exit $code: $(out)"
echo "setup_tools.sh: install path, its lines and its failures: ok"
