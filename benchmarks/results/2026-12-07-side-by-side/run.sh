#!/usr/bin/env bash
# One stage of the side-by-side run: `iop-planner bench` on one of suites/*.json (auto and the CP-SAT
# peer, one after the other, each roster through both checkers) with every seed set to SEED (the
# planner's --seed and cpsat.py's --seed). Each progress line is prefixed with the UTC time and the
# 1-minute load when it was printed, i.e. just before the next run starts.
#   benchmarks/results/2026-12-07-side-by-side/run.sh SUITE SEED OUT_DIR [bench options, e.g. --filter large-300]
# Needs benchmarks/peers/setup.sh and `swift build -c release` first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
suite=$1 seed=$2 out=$3
shift 3
planner=${PLANNER:-$repo/.build/release/iop-planner}
mkdir -p "$out"
out=$(cd "$out" && pwd)
python3 - "$here/suites/$suite.json" "$seed" "$out/suite.json" <<'PY'
import json, os, sys
source, seed, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
suite = json.load(open(source))
suite["seed"] = seed
for configuration in suite["configurations"]:
    if configuration["solver"] == "cpsat":
        configuration["args"] = ["--seed", str(seed)]
for instance in suite["instances"]:
    absolute = os.path.normpath(os.path.join(os.path.dirname(source), instance["path"]))
    instance["path"] = os.path.relpath(absolute, os.path.dirname(target))
json.dump(suite, open(target, "w"), indent=2)
PY
echo "# $(date -u +%FT%TZ) commit $(git -C "$repo" rev-parse --short HEAD) suite $suite seed $seed $*" >>"$out/progress.txt"
echo "$(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg) start" >>"$out/progress.txt"
PATH=$repo/benchmarks/peers/bin:$PATH "$planner" bench "$out/suite.json" --out "$out" "$@" 2>&1 |
    while IFS= read -r line; do
        echo "$(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg) $line"
    done >>"$out/progress.txt"
