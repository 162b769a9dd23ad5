#!/bin/sh
# Runs a libFuzzer binary for a bounded time, starting from the committed seed corpus. New inputs
# go to a scratch directory (the committed corpus is never modified); a crashing input is kept
# as <artifact_dir>/crash-* for replay. Exit 77 (ctest: skipped) when the fuzzer is not built.
# Usage: run_fuzz.sh FUZZER SEED_CORPUS SECONDS ARTIFACT_DIR [MAX_LEN]
set -eu
fuzzer=$1 corpus=$2 seconds=$3 artifacts=$4 max_len=${5:-4096}
if [ ! -x "$fuzzer" ]; then
    echo "skipped: $fuzzer not built (clang++ with libFuzzer missing)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$artifacts"
"$fuzzer" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$work" "$corpus"
