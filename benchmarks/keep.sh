#!/usr/bin/env bash
# What `--keep` keeps: a base week is solved once, a clinician is taken out for a day (a shipped
# what-if scenario), and the changed week is re-planned from the base roster with `solve --keep`.
# Prints, per instance: kept / moved / added / dropped patient-hours, unmet hours of the re-plan,
# of a fresh solve of the changed week and of a fresh solve seeded with nothing (`--keep` of an
# empty roster), and blocked hours.
#
#   benchmarks/keep.sh BINARY OUTDIR [SECONDS]
#
# The base rosters and changed weeks are made once into OUTDIR/base (delete it to make them
# anew), so that two binaries are compared on the same previous roster.
set -euo pipefail
bin=$1 out=$2 seconds=${3:-10}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out/base"
cases=(
  "riverside-40 instances/scenarios/riverside-hannah-out-tuesday.json"
  "lakeside-120 instances/scenarios/lakeside-rebecca-out-tuesday-morning.json"
  "harbor-continuity-60 benchmarks/keep/harbor-elena-out-wednesday.json"
)
unmet() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["objective"]["unmetHours"])' "$1"; }
echo '{"groups": []}' > "$out/base/empty.roster.json"
printf '%-22s %5s %5s %5s %5s %5s %6s %6s %6s %7s %7s\n' instance prev kept moved added drop unmet fresh blockd \
  emptyK emptyF
for case in "${cases[@]}"; do
  read -r name scenario <<< "$case"
  base="$out/base/$name"
  if [ ! -f "$base/base.roster.json" ]; then
    "$bin" whatif "$here/instances/$name.json" "$here/$scenario" --time-limit "$seconds" --seed 7 --quiet \
      --out "$base" > /dev/null
  fi
  changed=$(ls "$base"/*.instance.json | head -1)
  "$bin" solve "$changed" --keep "$base/base.roster.json" --time-limit "$seconds" --seed 7 --quiet \
    -o "$out/$name.kept.json" > /dev/null
  "$bin" solve "$changed" --time-limit "$seconds" --seed 7 --quiet -o "$out/$name.fresh.json" > /dev/null
  "$bin" solve "$here/instances/$name.json" --keep "$out/base/empty.roster.json" --time-limit "$seconds" --seed 7 \
    --quiet -o "$out/$name.keep-empty.json" > /dev/null
  "$bin" solve "$here/instances/$name.json" --time-limit "$seconds" --seed 7 --quiet \
    -o "$out/$name.fresh-base.json" > /dev/null
  python3 - "$name" "$base/base.roster.json" "$out/$name.kept.json" "$(unmet "$out/$name.fresh.json")" \
    "$(unmet "$out/$name.keep-empty.json")" "$(unmet "$out/$name.fresh-base.json")" <<'PY'
import json, sys
name, base, kept, fresh, empty_kept, empty_fresh = sys.argv[1:]
prev = sum(len(g["patients"]) for g in json.load(open(base))["groups"])
d = json.load(open(kept))
r = d["replanning"]
print(f'{name:22s} {prev:5d} {r["keptPatientHours"]:5d} {r["movedPatientHours"]:5d} {r["addedPatientHours"]:5d} '
      f'{r["droppedPatientHours"]:5d} {d["objective"]["unmetHours"]:6d} {int(fresh):6d} '
      f'{str(r["blockedUnmetHours"]):>6s} {int(empty_kept):7d} {int(empty_fresh):7d}')
for note in d.get("notes", []):
    print("    note:", note)
PY
done
