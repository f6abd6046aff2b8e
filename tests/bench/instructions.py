#!/usr/bin/env python3
"""Count the instructions per message of the codec benchmark (docs/PERF.md).

For each message, runs `bench-codec --untimed MESSAGE N` under valgrind's
callgrind, once collecting only inside the message's encode+decode loop
(codec_MESSAGE) and once only inside its memcpy loop (copy_loop), for N and
for 2N iterations. The difference between the two runs is the cost of N
iterations exactly: what runs once per loop (the first call through the PLT,
the check after the loop) cancels. Unlike the time, the count does not depend
on the host's load.

Usage: instructions.py BENCH-CODEC    prints one line per message:
    bench: NAME instructions encode+decode X memcpy Y ratio Z.ZZ
"""

import os
import re
import subprocess
import sys
import tempfile

MESSAGES = ("add", "lookup", "share")
N = 20000


def collected(bench, message, loop, iterations, scratch):
    """Instructions executed inside the function `loop` in one untimed run."""
    out = os.path.join(scratch, f"callgrind.{message}.{loop}.{iterations}")
    subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no",
                    f"--toggle-collect={loop}", f"--callgrind-out-file={out}",
                    bench, "--untimed", message, str(iterations)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out, encoding="utf-8") as f:
        totals = re.search(r"^(?:totals|summary): (\d+)$", f.read(), re.MULTILINE)
    if not totals:
        sys.exit(f"bench: error: no instruction total in {out}")
    return int(totals.group(1))


def per_iteration(bench, message, loop, scratch):
    return (collected(bench, message, loop, 2 * N, scratch) -
            collected(bench, message, loop, N, scratch)) / N


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: instructions.py BENCH-CODEC")
    with tempfile.TemporaryDirectory() as scratch:
        for message in MESSAGES:
            codec = per_iteration(sys.argv[1], message, f"codec_{message}", scratch)
            copy = per_iteration(sys.argv[1], message, "copy_loop", scratch)
            print(f"bench: {message} instructions encode+decode {codec:g} memcpy {copy:g} "
                  f"ratio {codec / copy:.2f}")


if __name__ == "__main__":
    main()
