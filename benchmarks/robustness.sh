#!/usr/bin/env bash
# Robustness benchmark (issue 16), not a test. Two parts:
#  1. kill -9 at KILLS random moments during `solve -o` and `report -o` over an existing output.
#     After each kill the output must be the old file or a complete new one: a new roster must
#     pass `iop-planner check` and the shared checker, a new report must equal the report of an
#     uninterrupted run. Temporaries a killed run leaves must be gone after the next write.
#  2. --time-limit LIMIT on the pathological family (`generate --stress`: thousands of
#     modalities, session-days or rooms; one patient available everywhere with 10,000
#     separations) and the shipped 2,000-patient week, for solve auto, glpk, greedy and
#     export-model: wall and CPU seconds, overshoot, exit status, whether a file was written
#     and whether the roster passes the shared checker. Allowed: LIMIT + max(1 s, 10%).
# Writes OUT/kills.csv, OUT/time-limit.csv and OUT/summary.txt. CASES (default all) names the
# instances of part 2, comma-separated: modalities,sessions,rooms,separations,xl-2000.
#   benchmarks/robustness.sh [BINARY] [OUT] [KILLS] [LIMIT] [CASES]
# Run it on a release build (swift build -c release) on a machine as idle as you can get.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=$(realpath "${1:-$here/../.build/release/iop-planner}")
out=${2:-$here/results/$(date -u +%Y-%m-%d)-robustness}
kills=${3:-20}
limit=${4:-2}
cases=,${5:-modalities,sessions,rooms,separations,xl-2000},
checker=$(realpath "$here/../../shared/tools/check_roster.py" 2>/dev/null)
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ms() { date +%s%3N; }

shared_check() { # instance roster -> 0 when the shared checker accepts the roster (or is absent)
  [[ -f $checker ]] || return 0
  python3 "$checker" "$1" "$2" >/dev/null 2>&1
}

temporaries() { find "$1" -maxdepth 1 -name '.iop-planner-*' | wc -l; }

# Part 1: kill -9 during writes.
instance=$here/../instances/bench/medium-150.json
mkdir -p "$work/kills"
roster=$work/kills/roster.json
page=$work/kills/week.html
solve=("$binary" solve "$instance" --solver greedy --time-limit 2 --quiet -o "$roster")
"${solve[@]}" 2>/dev/null
start=$(ms); "${solve[@]}" 2>/dev/null; solve_ms=$(($(ms) - start))
cp "$roster" "$work/report-input.json"
report=("$binary" report "$instance" "$work/report-input.json" -o "$page")
"${report[@]}" 2>/dev/null
cp "$page" "$work/reference.html"
start=$(ms); "${report[@]}" 2>/dev/null; report_ms=$(($(ms) - start))

echo "command,round,delay_ms,outcome,temporaries_after_kill,temporaries_after_next_write" > "$out/kills.csv"
kill_round() { # name round output full_ms command...
  local name=$1 round=$2 output=$3 full_ms=$4
  shift 4
  cp "$output" "$work/old"
  local delay_ms=$(((RANDOM * 32768 + RANDOM) % (full_ms + 1)))
  "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  local outcome
  if cmp -s "$output" "$work/old"; then
    outcome=old
  elif [[ $name == solve ]]; then
    if "$binary" check "$instance" "$output" >/dev/null 2>&1 && shared_check "$instance" "$output"; then outcome=new-checked; else outcome=new-BROKEN; fi
  elif cmp -s "$output" "$work/reference.html"; then
    outcome=new-complete
  else
    outcome=new-BROKEN
  fi
  local left=$(temporaries "$(dirname "$output")")
  "$@" >/dev/null 2>&1 # the next write, uninterrupted
  echo "$name,$round,$delay_ms,$outcome,$left,$(temporaries "$(dirname "$output")")" >> "$out/kills.csv"
}
for round in $(seq 1 "$kills"); do
  kill_round solve "$round" "$roster" $((solve_ms * 11 / 10)) "${solve[@]}"
  kill_round report "$round" "$page" $((report_ms * 11 / 10)) "${report[@]}"
done

# Part 2: the time limit on the pathological family.
mkdir -p "$work/stress"
families=()
for family in modalities sessions rooms separations; do
  [[ $cases == *,$family,* ]] || continue
  "$binary" generate --stress "$family" -o "$work/stress/$family.json"
  families+=("$work/stress/$family.json")
done
[[ $cases == *,xl-2000,* ]] && families+=("$here/../instances/bench/xl-2000.json")
allowed=$(python3 -c "print(f'{$limit + max(1.0, 0.1 * $limit):.2f}')")
echo "instance,command,limit_s,wall_s,cpu_s,overshoot_s,allowed_s,within,exit,wrote,checked" > "$out/time-limit.csv"
for file in "${families[@]}"; do
  name=$(basename "$file" .json)
  for cmd in "solve --solver auto" "solve --solver glpk" "solve --solver greedy" "export-model"; do
    read -ra args <<< "$cmd"
    target=$work/stress/$name.out
    [[ ${args[0]} == export-model ]] && target=$work/stress/$name.lp
    rm -f "$target"
    /usr/bin/time -f "%e %U %S" -o "$work/time" timeout -s KILL $((limit * 10 + 30)) \
      "$binary" "${args[@]}" "$file" --time-limit "$limit" -o "$target" >/dev/null 2>"$work/err"
    status=$?
    read -r wall user system < <(tail -1 "$work/time")
    wrote=no; [[ -s $target ]] && wrote=yes
    checked=-
    if [[ ${args[0]} == solve && $wrote == yes ]]; then
      if shared_check "$file" "$target"; then checked=yes; else checked=NO; fi
    fi
    python3 - "$name" "$cmd" "$limit" "$wall" "$user" "$system" "$status" "$wrote" "$checked" >> "$out/time-limit.csv" << 'PY'
import sys
name, cmd, limit, wall, user, system, status, wrote, checked = sys.argv[1:]
limit, wall = float(limit), float(wall)
allowed = limit + max(1.0, 0.1 * limit)
print(f"{name},{cmd},{limit:g},{wall:.2f},{float(user) + float(system):.2f},{wall - limit:+.2f},{allowed:.2f},"
      f"{'yes' if wall <= allowed else 'NO'},{status},{wrote},{checked}")
PY
  done
done

{
  echo "robustness benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "binary: $binary ($(git -C "$here/.." rev-parse --short HEAD 2>/dev/null))"
  echo
  echo "kill -9 at a random moment during solve -o ($solve_ms ms a run) and report -o ($report_ms ms), $kills rounds each:"
  tail -n +2 "$out/kills.csv" | cut -d, -f1,4 | sort | uniq -c | sed 's/^/  /'
  echo "  temporaries beside the output right after a kill (most seen): $(tail -n +2 "$out/kills.csv" | cut -d, -f5 | sort -n | tail -1)"
  echo "  temporaries left after the next write (most seen): $(tail -n +2 "$out/kills.csv" | cut -d, -f6 | sort -n | tail -1)"
  echo
  echo "--time-limit $limit (allowed wall time $allowed s; exit 3: the limit ended the construction, the roster holds what was placed):"
  column -s, -t "$out/time-limit.csv" | sed 's/^/  /'
} > "$out/summary.txt"
cat "$out/summary.txt"
