#!/bin/bash
B=$1
cd /work/wt-typed
for f in instances/*.json instances/bench/*.json; do
  n=$(python3 -c "import json;print(len(json.load(open('$f')).get('patients',[])))" 2>/dev/null)
  [ -z "$n" ] && continue
  [ "$n" -gt 150 ] && continue
  t=$(nice -n 19 $B solve $f --solver greedy --seed 7 --max-moves 300 --format json -o - 2>/dev/null | python3 -c '
import json,sys;d=json.load(sys.stdin);o=d["objective"]
ls=[n for n in d["notes"] if n.startswith("local search:")]
print(o["total"],o["unmetHours"],ls[0].split(", stopped ")[-1] if ls else "-")')
  echo "$(basename $f) $t"
done
