#!/bin/sh
# Run one libFuzzer target for a bounded time, seeded with its interface's
# wire cases; new inputs go to a scratch directory that is removed after.
# Usage: run_fuzzer.sh FUZZER SEED_DIR SECONDS
set -eu
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$1" -max_total_time="$3" -seed=1 -print_final_stats=1 "$scratch" "$2"
