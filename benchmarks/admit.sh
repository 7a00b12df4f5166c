#!/usr/bin/env bash
# Times `iop-planner admit` on large-450: a greedy roster (5 s) is made once, then each patient
# under benchmarks/admit/ is admitted REPEAT times (whole command, wall clock, and the search's
# own elapsedSeconds). Writes OUT/admit.csv and OUT/summary.txt.
#   benchmarks/admit.sh [BINARY] [OUT] [REPEAT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=${1:-$here/../.build/release/iop-planner}
out=${2:-$here/results/$(date -u +%Y-%m-%d)-admit}
repeat=${3:-5}
instance=$here/../instances/bench/large-450.json
mkdir -p "$out"
roster=$(mktemp --suffix=.json)
trap 'rm -f "$roster"' EXIT
"$binary" solve "$instance" --solver greedy --time-limit 5 --seed 1 -o "$roster" 2>/dev/null
echo "patient,run,wall_seconds,search_seconds,options,fits_fully" > "$out/admit.csv"
for patient in "$here"/admit/*.json; do
  name=$(basename "$patient" .json)
  for run in $(seq 1 "$repeat"); do
    start=$(date +%s.%N)
    json=$("$binary" admit "$instance" "$roster" "$patient" --format json)
    end=$(date +%s.%N)
    echo "$json" | python3 -c "import json,sys; d=json.load(sys.stdin); print('$name,$run,%.3f,%.3f,%d,%s' % ($end-$start, d['elapsedSeconds'], len(d['options']), str(d['fitsFully']).lower()))" >> "$out/admit.csv"
  done
done
python3 - "$out" <<'PY' > "$out/summary.txt"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1] + "/admit.csv")))
print("admit on large-450 (450 patients), whole command wall clock, median and max over runs")
for name in sorted({r["patient"] for r in rows}):
    wall = [float(r["wall_seconds"]) for r in rows if r["patient"] == name]
    print(f"{name}: median {statistics.median(wall):.3f} s, max {max(wall):.3f} s")
PY
cat "$out/summary.txt"
