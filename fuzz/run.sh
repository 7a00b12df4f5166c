#!/usr/bin/env bash
# Runs one fuzz target as fuzz/README.md records: fuzz/run.sh TARGET RUNS SECONDS
# New inputs go to fuzz/.build/work/TARGET (the committed seed corpus is only read); crashes
# are written as fuzz/.build/artifacts-TARGET-*. The log is fuzz/.build/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")"
target=$1 runs=${2:-1200000} seconds=${3:-1500}
mkdir -p ".build/work/$target" .build/logs
export SWIFT_BACKTRACE=enable=no
exec ".build/release/fuzz-$target" -runs="$runs" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1 -dict="dictionaries/$target.dict" -artifact_prefix=".build/artifacts-$target-" \
    ".build/work/$target" "corpus/$target" > ".build/logs/$target.log" 2>&1
