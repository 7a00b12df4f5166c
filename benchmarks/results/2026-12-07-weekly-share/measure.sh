#!/bin/bash
# usage: measure.sh WORKTREE OUTDIR
cd $1
mkdir -p $2
for f in instances/*.json instances/bench/*.json; do
  case $f in *xl-*|*manifest*) continue;; esac
  n=$(basename $f .json)
  $3 solve $f --solver greedy --seed 7 --max-moves 300 --time-limit 3000 --format json -o $2/$n.json 2>$2/$n.err
  python3 -c "
import json,sys
d=json.load(open('$2/$n.json'))
o=d['objective']
print('$n', o['total'], o.get('terms',o).get('unmetHours'))
" 
done
