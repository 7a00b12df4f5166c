#!/usr/bin/env bash
# The planner (release build, `solve`, auto, 30 s) and the CP-SAT peer (30 s, 2 workers) on the
# same instances, one after the other in one run, each roster checked by both checkers.
#   swift build -c release && benchmarks/peers/setup.sh
#   benchmarks/results/2026-12-07-search/run.sh OUT_DIR [PLANNER_BINARY] [SEEDS...]
# Prints one line a run: instance, side, seed, 1-minute load before it, status, total, unmet hours,
# iop-planner check, check_roster.py.
set -u
cd "$(dirname "$0")/../../.."
out=${1:?output folder}
planner=${2:-.build/release/iop-planner}
shift $(( $# >= 2 ? 2 : 1 ))
seeds=${*:-1 2 3}
limit=${LIMIT:-30}
instances=${INSTANCES:-edge-scarce-clinicians cohort-140-s606}
mkdir -p "$out"
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); o=d.get("objective",{}); print(d.get("status","?"), o.get("total","?"), o.get("unmetHours","?"))' "$1" 2>/dev/null || echo "? ? ?"; }
checks() {
    "$planner" check "instances/bench/$1.json" "$2" >/dev/null 2>&1 && a=valid || a=INVALID
    python3 "${CHECK_ROSTER:-../shared/tools/check_roster.py}" "instances/bench/$1.json" "$2" >/dev/null 2>&1 && b=valid || b=INVALID
    echo "$a $b"
}
for inst in $instances; do
    for seed in $seeds; do
        load=$(cut -d' ' -f1 /proc/loadavg)
        roster="$out/$inst-planner-$seed.json"
        "$planner" solve "instances/bench/$inst.json" --time-limit "$limit" --seed "$seed" --format json -o "$roster" \
            >"$out/$inst-planner-$seed.log" 2>&1
        echo "$inst planner $seed $load $(field "$roster") $(checks "$inst" "$roster")"
        load=$(cut -d' ' -f1 /proc/loadavg)
        roster="$out/$inst-cpsat-$seed.json"
        benchmarks/peers/bin/cpsat "instances/bench/$inst.json" --time-limit "$limit" --workers 2 --seed "$seed" \
            -o "$roster" >"$out/$inst-cpsat-$seed.log" 2>&1
        echo "$inst cpsat $seed $load $(field "$roster") $(checks "$inst" "$roster")"
    done
done
