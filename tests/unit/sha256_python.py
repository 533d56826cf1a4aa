#!/usr/bin/env python3
"""sha256_python.py SHA256_LINES: our SHA-256 and HMAC-SHA-256 against Python's hashlib and hmac.

2000 cases from a fixed seed: a message of 0..3000 random bytes (the first 130 cases take every
length from 0 to 129, where the padding changes shape) and a key of 0..200 random bytes. Each
case's message is hashed, and its HMAC taken under its key, by sha256_lines in one go and in
pieces; both digests must be Python's. Exit 1 naming the first case that differs.
"""
import hashlib
import hmac
import random
import subprocess
import sys

CASES = 2000
SEED = 20240518


def random_bytes(rng, size):
    return rng.getrandbits(8 * size).to_bytes(size, "little") if size else b""


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: sha256_python.py SHA256_LINES")
    rng = random.Random(SEED)
    cases = []
    for i in range(CASES):
        msg = random_bytes(rng, i if i < 130 else rng.randint(0, 3000))
        key = random_bytes(rng, rng.randint(0, 200))
        cases.append(("sha256", None, msg, hashlib.sha256(msg).hexdigest()))
        cases.append(("hmac", key, msg, hmac.new(key, msg, "sha256").hexdigest()))
    lines = [f"sha256 {m.hex()}" if k is None else f"hmac {k.hex()} {m.hex()}" for _, k, m, _ in cases]
    run = subprocess.run([sys.argv[1]], input="\n".join(lines) + "\n", capture_output=True, text=True,
                         check=False)
    if run.returncode != 0:
        sys.exit(f"sha256_python: {sys.argv[1]} exited {run.returncode}: {run.stderr.strip()}")
    got = run.stdout.splitlines()
    if len(got) != len(cases):
        sys.exit(f"sha256_python: {len(got)} digests for {len(cases)} lines")
    for n, ((kind, key, msg, want), line) in enumerate(zip(cases, got)):
        whole, _, pieces = line.partition(" ")
        if whole != want or pieces != want:
            what = f"{kind} of {len(msg)} bytes" + ("" if key is None else f" under a key of {len(key)} bytes")
            sys.exit(f"sha256_python: case {n // 2} ({what}, seed {SEED}):\n"
                     f"  python   {want}\n  one-shot {whole}\n  pieces   {pieces}\n"
                     + ("" if key is None else f"  key      {key.hex()}\n") + f"  message  {msg.hex()}")
    print(f"sha256_python: {CASES} messages and {CASES} HMACs (one-shot and in pieces) equal hashlib's and hmac's")


if __name__ == "__main__":
    main()
