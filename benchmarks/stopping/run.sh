#!/usr/bin/env bash
# The stopping rule, side by side: the former default (a relative gap of 0.1%) against the
# current one (search until proven optimal or the time limit), same instance, seed and limit,
# alternating runs so that both see the same machine. Prints one row a run and the medians.
#   benchmarks/stopping/run.sh [OUT_DIR] [TIME_LIMIT] [REPEATS]     (PLANNER=path/to/iop-planner to skip the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-benchmarks/results/$(date -u +%F)-stopping-rule}
limit=${2:-30}
repeats=${3:-3}
mkdir -p "$out/instances"
if [ -n "${PLANNER:-}" ]; then
    planner=$PLANNER
else
    swift build -c release --product iop-planner >/dev/null
    planner=$(swift build -c release --show-bin-path)/iop-planner
fi

# Shipped weeks, and generated ones with what the issue named: evening sessions with scarce
# clinicians, and a week of the cohort family (instances/bench/cohort-140-s606.json).
cp instances/riverside-40.json instances/harbor-continuity-60.json instances/lakeside-120.json \
    instances/bench/cohort-140-s606.json "$out/instances/"
"$planner" generate --patients 100 --seed 11 --sessions AM,EVE --clinician-supply 0.9 -o "$out/instances/evening-scarce-100.json"

echo "instance,rule,repeat,status,total,unmetHours,bound,gapPoints,seconds" | tee "$out/runs.csv"
for instance in "$out"/instances/*.json; do
    name=$(basename "$instance" .json)
    for repeat in $(seq 1 "$repeats"); do
        for rule in gap-0.1% to-proof; do
            extra=()
            [ "$rule" = "gap-0.1%" ] && extra=(--gap 0.001)
            roster="$out/rosters/$name.$rule.$repeat.json"
            mkdir -p "$out/rosters"
            start=$(date +%s.%N)
            "$planner" solve "$instance" --time-limit "$limit" --seed "$repeat" --quiet -o "$roster" "${extra[@]}" 2>/dev/null
            seconds=$(echo "$(date +%s.%N) - $start" | bc)
            python3 - "$roster" "$name" "$rule" "$repeat" "$seconds" <<'PY' | tee -a "$out/runs.csv"
import json, sys
roster, name, rule, repeat, seconds = sys.argv[1:]
d = json.load(open(roster))
o = d["objective"]
print(f'{name},{rule},{repeat},{d["status"]},{o["total"]},{o["unmetHours"]},{d.get("bound")},{d.get("gapPoints")},{float(seconds):.2f}')
PY
        done
    done
done

python3 - "$out/runs.csv" <<'PY' | tee "$out/medians.txt"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
keys = sorted({(r["instance"], r["rule"]) for r in rows})
print(f'{"instance":24} {"rule":9} {"median total":>13} {"unmet h":>8} {"median gap pts":>15} {"median s":>9}  statuses')
for instance, rule in keys:
    runs = [r for r in rows if r["instance"] == instance and r["rule"] == rule]
    total = statistics.median(float(r["total"]) for r in runs)
    gaps = [float(r["gapPoints"]) for r in runs if r["gapPoints"] not in ("None", "")]
    gap = statistics.median(gaps) if gaps else float("nan")
    unmet = statistics.median(float(r["unmetHours"]) for r in runs)
    secs = statistics.median(float(r["seconds"]) for r in runs)
    print(f'{instance:24} {rule:9} {total:13.0f} {unmet:8.0f} {gap:15.0f} {secs:9.2f}  {",".join(sorted({r["status"] for r in runs}))}')
PY
