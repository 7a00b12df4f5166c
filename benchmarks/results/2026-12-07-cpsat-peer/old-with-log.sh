#!/bin/bash
# The peer as it was before this change (main at f84b63e), with CP-SAT's search log on standard
# error and nothing else changed, written to OUT.py.
#   benchmarks/results/2026-12-07-cpsat-peer/old-with-log.sh OUT.py
set -eu
git -C "$(dirname "$0")" show f84b63e:benchmarks/peers/cpsat.py \
  | sed 's/^    solver.parameters.random_seed = seed$/    solver.parameters.random_seed = seed\n    solver.parameters.log_search_progress = True\n    solver.parameters.log_to_stdout = False\n    solver.log_callback = lambda line: print(line, file=sys.stderr, flush=True)/' > "$1"
