#!/usr/bin/env bash
# Issue 15's first two targets at the median of three seeds, both sides in one run:
# seed by seed, (a) every benchmark instance up to 150 patients at 30 s, then (b) large-300 and
# large-450 at 60 s. Each stage is `../2026-12-07-side-by-side/run.sh` (`iop-planner bench`, auto
# and the CP-SAT peer one after the other, both checkers on every roster).
#   benchmarks/peers/setup.sh && swift build -c release --product iop-planner
#   benchmarks/results/2026-12-07-three-seeds/all.sh
#   python3 benchmarks/results/2026-12-07-side-by-side/table.py benchmarks/results/2026-12-07-three-seeds
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stage=$here/../2026-12-07-side-by-side/run.sh
for seed in 1 2 3; do
    "$stage" upto150 "$seed" "$here/a-s$seed"
    "$stage" large "$seed" "$here/b-s$seed"
done
