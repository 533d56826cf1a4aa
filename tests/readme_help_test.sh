#!/usr/bin/env bash
# readme_help_test.sh README NAME=PROGRAM...: every block of README introduced by a line with
# "From `./NAME --help`" must be, line for line, a run of the lines PROGRAM --help prints; each
# NAME given must have such a block. A help changed without its README copy fails here.
set -uo pipefail
readme=$1
shift
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for pair in "$@"; do
  name=${pair%%=*} program=${pair#*=}
  "$program" --help >"$work/help.txt" 2>&1 || fail "$program --help: exit $?"
  # The fenced block after the line that names NAME's --help.
  awk -v intro="From \`./$name --help\`" '
    index($0, intro) { seen = 1; next }
    seen && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$readme" >"$work/block.txt"
  [[ -s $work/block.txt ]] || fail "README: no block introduced by 'From \`./$name --help\`'"
  # The block's lines must follow one another somewhere in the help.
  python3 - "$work/help.txt" "$work/block.txt" <<'EOF' || fail "README's block of ./$name --help is not what it prints"
import sys
help_lines = open(sys.argv[1]).read().splitlines()
block = open(sys.argv[2]).read().splitlines()
n = len(block)
if not any(help_lines[i:i + n] == block for i in range(len(help_lines) - n + 1)):
    best = max(range(len(help_lines)), key=lambda i: sum(a == b for a, b in zip(help_lines[i:i + n], block)))
    for a, b in zip(block, help_lines[best:best + n]):
        if a != b:
            print(f"README: {a!r}\nhelp:   {b!r}", file=sys.stderr)
    sys.exit(1)
EOF
done
echo "README: the --help blocks of $# program(s) are what they print: ok"
