#!/bin/bash
# usage: auto.sh TAG BINARY seeds...
tag=$1; B=$2; shift 2
cd /work/wt-typed
for s in "$@"; do
  up=$(uptime | sed 's/.*load average: //')
  $B solve instances/bench/edge-scarce-clinicians.json --time-limit 30 --seed $s --format json -o /tmp/sc/auto-$tag-$s.json 2>/dev/null
  python3 - "$tag" "$s" "$up" <<'PY'
import json,sys
d=json.load(open(f'/tmp/sc/auto-{sys.argv[1]}-{sys.argv[2]}.json'))
print(sys.argv[1],'seed',sys.argv[2],d['objective']['total'],'unmet',d['objective']['unmetHours'],'bound',d.get('bound'),'status',d['status'],'solver',d['solver'],'load',sys.argv[3])
print('   ',[n for n in d['notes'] if 'local search:' in n], d.get('detail','')[:300])
PY
done
