#!/usr/bin/env bash
# Issue 16, the time limit on a release build: benchmarks/robustness.sh three times (2 kill
# rounds each; the kill part is not what this folder is about), then the medians and worst
# wall time per case over the three rounds (medians.py). Normal priority (no nice): the machine
# is shared, and its load is recorded before and after each round (uptime-*.txt).
#   run.sh OUT [LIMIT] [CASES] [BINARY]
#   run.sh after-LIMIT3 3                      # every case at --time-limit 3
#   run.sh after-xl-LIMIT10 10 xl-2000         # xl-2000 only at --time-limit 10
# before-1f1904b/ is the last session's run at 1f1904b (its own run.sh, at nice -20).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$here/$1
limit=${2:-3}
cases=${3:-modalities,sessions,rooms,separations,xl-2000}
binary=${4:-$here/../../../.build/release/iop-planner}
kills=2
mkdir -p "$out"
git -C "$here" rev-parse --short HEAD > "$out/commit.txt"
for round in 1 2 3; do
  mkdir -p "$out/run$round"
  uptime > "$out/run$round/uptime-before.txt"
  "$here/../../robustness.sh" "$binary" "$out/run$round" "$kills" "$limit" "$cases" > /dev/null
  uptime > "$out/run$round/uptime-after.txt"
done
python3 "$here/medians.py" "$out"/run{1,2,3}/time-limit.csv | tee "$out/medians.txt"
