#!/usr/bin/env bash
# Load on the director's web page while a solve runs: 50 concurrent clients (wrk) on the week
# page of `serve --demo` (lakeside-120) for DURATION seconds, while "Plan this week" solves.
# Reports requests per second, p50/p99 latency and errors; every request is a signed-in view
# that writes an audit row, as a real one does.
#
#   benchmarks/web-load.sh [OUT_FOLDER]
#   IOP_PLANNER=.build/debug/iop-planner DURATION=20 benchmarks/web-load.sh
#
# Needs wrk (apt-get install wrk) and curl. Default binary: .build/release/iop-planner.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${IOP_PLANNER:-.build/release/iop-planner}
DURATION=${DURATION:-20}
CLIENTS=${CLIENTS:-50}
PORT=${PORT:-18480}
OUT=${1:-benchmarks/results/$(date -u +%Y-%m-%d)-web-load}
command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$BIN" ] || { echo "error: no $BIN; build it (swift build -c release) or set IOP_PLANNER" >&2; exit 2; }
mkdir -p "$OUT"
WORK=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" serve --demo --port "$PORT" --plan-seconds $((DURATION + 30)) >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do grep -q "serving on" "$WORK/serve.log" 2>/dev/null && break; sleep 0.2; done
PASSWORD=$(awk '/password:/ {print $NF}' "$WORK/serve.log")
SITE=http://127.0.0.1:$PORT
JAR=$WORK/cookies
token() { grep -o 'name="csrf" value="[^"]*' | head -1 | cut -d'"' -f4; }
LOGIN=$(curl -s -c "$JAR" -b "$JAR" "$SITE/login" | token)
curl -s -c "$JAR" -b "$JAR" -o /dev/null -d "csrf=$LOGIN&user=demo&password=$PASSWORD" "$SITE/login"
SESSION=$(awk '$6 == "iop_session" {print $7}' "$JAR")
[ -n "$SESSION" ] || { echo "error: could not sign in" >&2; exit 1; }
WEEK=$(curl -s -b "$JAR" "$SITE/" | grep -o 'option value="[0-9-]*"' | head -1 | cut -d'"' -f2)
CSRF=$(curl -s -b "$JAR" "$SITE/plan" | token)
curl -s -b "$JAR" -o /dev/null -d "csrf=$CSRF&week=$WEEK" "$SITE/plan"
BEFORE=$(curl -s -b "$JAR" "$SITE/plan/status?week=$WEEK" | grep -o '"running" *: *[a-z]*')

wrk -t2 -c"$CLIENTS" -d"${DURATION}s" --latency -H "Cookie: iop_session=$SESSION" "$SITE/?week=$WEEK" >"$OUT/wrk.txt"
AFTER=$(curl -s -b "$JAR" "$SITE/plan/status?week=$WEEK" | grep -o '"running" *: *[a-z]*')
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" "$SITE/?week=$WEEK")

RATE=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
P50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk.txt")
P99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk.txt")
TOTAL=$(awk '/requests in/ {print $1}' "$OUT/wrk.txt")
NON2XX=$(awk '/Non-2xx/ {print $NF}' "$OUT/wrk.txt"); NON2XX=${NON2XX:-0}
SOCKET=$(sed -n 's/.*Socket errors: //p' "$OUT/wrk.txt"); SOCKET=${SOCKET:-none}
{
  echo "# Web load: $CLIENTS clients on the week page for ${DURATION} s while a solve runs"
  echo
  echo "- binary: $BIN; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- solve running when the load started: ${BEFORE#*: }; still running when it ended: ${AFTER#*: }"
  echo "- requests: $TOTAL, $RATE per second; latency p50 $P50, p99 $P99"
  echo "- errors: $NON2XX non-2xx responses; socket errors: $SOCKET; week page after the load: HTTP $STATUS"
  echo
  echo "Command: \`IOP_PLANNER=$BIN DURATION=$DURATION CLIENTS=$CLIENTS benchmarks/web-load.sh\`; wrk's output in wrk.txt."
} >"$OUT/summary.md"
cat "$OUT/summary.md"
