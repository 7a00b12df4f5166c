#!/usr/bin/env bash
# The three-seed side-by-side run again on the code with session trades (6597347), as far as the
# session allowed: edge-scarce-clinicians at seeds 1-3 first, then every instance up to 150 patients
# at seed 1.
#   benchmarks/peers/setup.sh && swift build -c release --product iop-planner
#   benchmarks/results/2026-12-07-after-session-trades/all.sh
#   python3 benchmarks/results/2026-12-07-side-by-side/table.py benchmarks/results/2026-12-07-after-session-trades
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stage=$here/../2026-12-07-side-by-side/run.sh
for seed in 1 2 3; do
    "$stage" upto150 "$seed" "$here/scarce-s$seed" --filter "/edge-scarce-clinicians/"
done
"$stage" upto150 1 "$here/a-s1"
