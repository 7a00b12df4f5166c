#!/usr/bin/env bash
# The time-limit part of benchmarks/robustness.sh for two builds side by side (issue 16), not a
# test: each case runs with the BEFORE binary and then the AFTER binary, ROUNDS times in turn,
# so both meet the same machine load. Cases: the pathological family (`generate --stress`) and
# the shipped 2,000-patient week, for solve auto, glpk, greedy and export-model, at
# --time-limit LIMIT. Allowed: LIMIT + max(1 s, 10%) of wall time. A roster written by solve
# must pass the shared checker. Writes OUT/runs.csv (every run) and OUT/summary.txt (medians).
#   benchmarks/time-limit-compare.sh BEFORE AFTER [OUT] [ROUNDS] [LIMIT]
# Run it on release builds (swift build -c release) on a machine as idle as you can get.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
before=$(realpath "$1")
after=$(realpath "$2")
out=${3:-$here/results/$(date -u +%Y-%m-%d)-time-limit}
rounds=${4:-3}
limit=${5:-2}
checker=$(realpath "$here/../../shared/tools/check_roster.py" 2>/dev/null)
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
uptime > "$out/load-before.txt"

instances=()
for family in modalities sessions rooms separations; do
  "$after" generate --stress "$family" -o "$work/$family.json"
  instances+=("$work/$family.json")
done
instances+=("$here/../instances/bench/xl-2000.json")

echo "instance,command,build,round,limit_s,wall_s,cpu_s,exit,wrote,checked" > "$out/runs.csv"
for file in "${instances[@]}"; do
  name=$(basename "$file" .json)
  for cmd in "solve --solver auto" "solve --solver glpk" "solve --solver greedy" "export-model"; do
    read -ra args <<< "$cmd"
    for round in $(seq 1 "$rounds"); do
      for build in before after; do
        binary=$before
        [[ $build == after ]] && binary=$after
        target=$work/$name.out
        [[ ${args[0]} == export-model ]] && target=$work/$name.lp
        rm -f "$target"
        /usr/bin/time -f "%e %U %S" -o "$work/time" timeout -s KILL $((limit * 10 + 30)) \
          "$binary" "${args[@]}" "$file" --time-limit "$limit" -o "$target" > /dev/null 2> "$work/err"
        status=$?
        read -r wall user system < <(tail -1 "$work/time")
        wrote=no
        [[ -s $target ]] && wrote=yes
        checked=-
        if [[ ${args[0]} == solve && $wrote == yes && -f $checker ]]; then
          if python3 "$checker" "$file" "$target" > /dev/null 2>&1; then checked=yes; else checked=NO; fi
        fi
        cpu=$(python3 -c "print(f'{$user + $system:.2f}')")
        echo "$name,$cmd,$build,$round,$limit,$wall,$cpu,$status,$wrote,$checked" >> "$out/runs.csv"
      done
    done
  done
done
uptime > "$out/load-after.txt"

python3 - "$out/runs.csv" "$limit" > "$out/summary.txt" << 'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
limit = float(sys.argv[2])
allowed = limit + max(1.0, 0.1 * limit)
cases = []
for row in rows:
    key = (row["instance"], row["command"])
    if key not in cases:
        cases.append(key)
print(f"--time-limit {limit:g}, allowed wall time {allowed:.2f} s; medians over the rounds (wall, CPU), "
      "overshoot = median wall - limit; worst = the largest wall time of the rounds")
head = (f"{'instance':<12} {'command':<22} {'before wall':>11} {'cpu':>5} {'over':>6} {'worst':>6}   "
        f"{'after wall':>10} {'cpu':>5} {'over':>6} {'worst':>6} {'within':>6}  exits  checked")
print(head)
for instance, command in cases:
    line = f"{instance:<12} {command:<22}"
    for build in ("before", "after"):
        runs = [r for r in rows if (r["instance"], r["command"], r["build"]) == (instance, command, build)]
        walls = [float(r["wall_s"]) for r in runs]
        cpus = [float(r["cpu_s"]) for r in runs]
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        line += f" {wall:>11.2f} {cpu:>5.2f} {wall - limit:>+6.2f} {max(walls):>6.2f}  "
        if build == "after":
            line += f" {'yes' if max(walls) <= allowed else 'NO':>6}  {'/'.join(sorted({r['exit'] for r in runs})):>5}"
            line += f"  {'/'.join(sorted({r['checked'] for r in runs}))}"
    print(line)
PY
cat "$out/summary.txt"
