#!/usr/bin/env bash
# Issue 15's targets at the median of three seeds on main at bf361b7 (the session trades and the
# refactor after them), both sides in one run, as far as the session allows, in this order:
# (c) the cohort family at 300 s, seeds 1-3 (never measured at more than one seed before);
# (b) large-300 and large-450 at 60 s, seeds 1-3; (a) every instance up to 150 patients at 30 s,
# seeds 2 and 3 (seed 1 of (a) is ../2026-12-07-after-session-trades/a-s1, f3dd4bf).
# Each stage is `../2026-12-07-side-by-side/run.sh` (`iop-planner bench`, auto and the CP-SAT peer
# one after the other, both checkers on every roster).
#   benchmarks/peers/setup.sh && swift build -c release --product iop-planner
#   benchmarks/results/2026-12-07-final-seeds/all.sh
#   python3 benchmarks/results/2026-12-07-side-by-side/table.py benchmarks/results/2026-12-07-final-seeds
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
stage=$here/../2026-12-07-side-by-side/run.sh
for seed in 1 2 3; do
    "$stage" cohort-300 "$seed" "$here/c-s$seed"
done
for seed in 1 2 3; do
    "$stage" large "$seed" "$here/b-s$seed"
done
for seed in 2 3; do
    "$stage" upto150 "$seed" "$here/a-s$seed"
done
