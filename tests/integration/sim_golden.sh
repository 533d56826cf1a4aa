#!/usr/bin/env bash
# The determinism promise, held against committed bytes: sim_golden.sh LOGICAL_CLOCK [GOLDEN]
# runs a fixed set of simulated runs and compares the SHA-256 of every file they write (each
# log, run.txt, and the closing table as "stdout") with GOLDEN (default: sim_golden.txt next
# to this script). Two runs of one build agreeing (sim_case.sh deterministic) says nothing of
# another compiler, flag or CPU; these hashes were made by one build and must come out of
# every other. sim_golden.sh --update LOGICAL_CLOCK [GOLDEN] rewrites GOLDEN instead, for a
# change meant to change the runs (`make golden-update`).
set -euo pipefail
export LC_ALL=C  # the files in byte order, whatever the locale
update=0
if [ "${1:-}" = --update ]; then
  update=1
  shift
fi
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: sim_golden.sh [--update] LOGICAL_CLOCK [GOLDEN]" >&2; exit 2; }
bin=$1
golden=${2:-$(dirname "$0")/sim_golden.txt}
# The simulation is one thread, so ThreadSanitizer has nothing to check here, and it makes these
# runs about 50 times slower (over 3 minutes): skipped in that build only (the AddressSanitizer
# one, unoptimised, compares the same bytes).
if ((!update)) && [[ ${LC_SANITIZE:-} == *thread* ]]; then echo "skipped: ThreadSanitizer build"; exit 77; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "FAIL (sim_golden): $*" >&2; exit 1; }

# NAME STATUS ARGS: every latency form (and the cap at 10^6 s, truncation, heavy tails),
# links, kills, --vector, --epoch, partitions (healed, overlapping, open at the end), N = 200. Then runs whose logs a fused multiply-add in the
# draws changed (-march=haswell): a draw's last bit moves its nanosecond only at delays near
# 10^15 ns, and a log shows that only where the nanosecond moves its microsecond, so these
# need delays of days and 10^5 to 10^6 messages (tests/unit/test_latency.cc checks the draws
# themselves). About 4 s in all.
cases=(
  "fixed 0 -n 5 -d 20 -s 11 --latency 250us 6 10"
  "zero 0 -n 5 -d 20 -s 12 --latency 0 6 10"
  "default 0 -n 4 -d 20 -s 13 6 10"
  "uniform 0 -n 5 -d 20 -s 14 --latency uniform:1ms:5ms 6 10"
  "exp 0 -n 5 -d 20 -s 15 --latency exp:2ms 6 10"
  "exp_capped 0 -n 3 -d 10 -s 16 --latency exp:900000s 6 10"
  "normal 0 -n 5 -d 20 -s 17 --latency normal:5ms:1ms 6 10"
  "normal_truncated 0 -n 5 -d 20 -s 18 --latency normal:1ms:3ms 6 10"
  "normal_slow 0 -n 4 -d 30 -s 19 --latency normal:2s:500ms 6 10"
  "lognormal 0 -n 5 -d 20 -s 20 --latency lognormal:2ms:1ms 6 10"
  "lognormal_wide 0 -n 4 -d 20 -s 21 --latency lognormal:1ms:30ms 6 10"
  "links 0 -n 6 -d 20 -s 22 --latency exp:2ms --link 0-1:uniform:1ms:9ms --link 2-0:0 --link 1-2:normal:1s:300ms --link 3-4:lognormal:50ms:40ms --link 4-3:250us 6 10"
  "kills 1 -n 6 -d 10 -s 23 --latency exp:30ms --kill 1@2 --kill 4@2.5 6 10"
  "vector 0 -n 5 -d 20 -s 24 --latency lognormal:2ms:1ms --link 0-1:uniform:1ms:9ms --vector 6 10"
  "vector_kill 1 -n 6 -d 10 -s 25 --latency exp:50ms --kill 2@4 --vector 6 10"
  "epoch_rates 0 -n 3 -d 5 -s 26 --epoch 1764118000.5 -r 5,2,6 --latency exp:5ms 6 10"
  "partitions 0 -n 5 -d 20 -s 28 --latency exp:50ms --partition 0,1|2@5-8 --partition 3@7-12 --partition 4|0@15-40 6 10"
  "partition_kill 1 -n 4 -d 10 -s 29 --latency exp:30ms --partition 0@2-30 --kill 0@5 --kill 3@6 --vector 6 10"
  "n200 0 -n 200 -d 2 -s 27 --latency lognormal:2ms:1ms 6 10"
  "exp_huge 0 -n 300 -d 1 -s 1 --latency exp:500000s 6 3"
  "lognormal_huge 0 -n 300 -d 1 -s 2 --latency lognormal:500000s:300000s 6 3"
  "n1000_normal 0 -n 1000 -d 1 -s 3 --latency normal:500000s:200000s 6 3"
)

: >"$work/hashes"
for c in "${cases[@]}"; do
  read -r -a words <<<"$c"
  name=${words[0]} want=${words[1]}
  status=0
  "$bin" --engine sim -q -o "$work/$name" "${words[@]:2}" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  [ "$status" = "$want" ] || fail "$name: exit $status, not $want: $(head -5 "$work/$name.err")"
  # The table without its last line, which names the run's directory.
  grep -v '^logs: ' "$work/$name.out" >"$work/$name/stdout"
  (cd "$work/$name" && sha256sum -- *) | awk -v c="$name" '{ print c, $2, $1 }' >>"$work/hashes"
done

if ((update)); then
  {
    echo "# SHA-256 of every file the runs of tests/integration/sim_golden.sh write: CASE FILE SHA256"
    echo "# (stdout: the closing table). Made by one build; every other must give the same bytes."
    echo "# After a change meant to change the runs (the model, the draws, the log format):"
    echo "# make golden-update"
    cat "$work/hashes"
  } >"$golden"
  echo "sim_golden: wrote $(wc -l <"$work/hashes") hashes of ${#cases[@]} runs to $golden"
  exit 0
fi

[ -r "$golden" ] || fail "no golden file $golden (make golden-update writes it)"
grep -v '^#' "$golden" >"$work/want" || true
if ! diff "$work/want" "$work/hashes" >"$work/diff"; then
  echo "FAIL (sim_golden): $(grep -c '^>' "$work/diff" || true) of $(wc -l <"$work/hashes") files differ from $golden:" >&2
  # Which files of which cases, rather than the hashes themselves.
  grep '^[<>]' "$work/diff" | cut -c3- | cut -d' ' -f1,2 | sort -u | head -20 | sed 's/^/  /' >&2
  echo "Same seed and options, other bytes: this build breaks the determinism promise (README)," >&2
  echo "or a change meant to change the runs needs its hashes: make golden-update" >&2
  exit 1
fi
echo "ok: sim_golden ($(wc -l <"$work/hashes") files of ${#cases[@]} runs)"
