#!/bin/bash
# Runs a CP-SAT peer script on the seven instances below, one after another (CP-SAT takes both
# cores: never two at once), 30 s, 2 workers, with CP-SAT's log; records the load before each run,
# the wall time, the peer's own line and shared/tools/check_roster.py's verdict.
#   benchmarks/results/2026-12-07-cpsat-peer/run.sh SCRIPT.py OUTDIR [extra cpsat.py flags]
# The old peer has no --log flag: run it as patched by old-with-log.sh.
set -u
script=$1; out=$2; shift 2
repo=$(cd "$(dirname "$0")/../../.." && pwd)
py=$repo/benchmarks/peers/.venv/bin/python
mkdir -p "$out"
for n in small-30 small-50 medium-100 medium-125 edge-scarce-clinicians cohort-140-s601 cohort-140-s606; do
  echo "== $n $(date -u +%H:%M:%S) $(uptime)" >> "$out/load.txt"
  s=$(date +%s.%N)
  "$py" "$script" "$repo/instances/bench/$n.json" --time-limit 30 --workers 2 "$@" -o "$out/$n.roster.json" \
    > "$out/$n.out" 2> "$out/$n.log"
  e=$(date +%s.%N)
  echo "$n wall $(echo "$e - $s" | bc) $(cat "$out/$n.out")" >> "$out/load.txt"
  python3 "$repo/../shared/tools/check_roster.py" "$repo/instances/bench/$n.json" "$out/$n.roster.json" \
    > "$out/$n.check" 2>&1
  echo "check rc $?" >> "$out/$n.check"
done
echo "done $(date -u +%H:%M:%S) $(uptime)" >> "$out/load.txt"
