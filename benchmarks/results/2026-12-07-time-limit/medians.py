"""Medians over rounds of benchmarks/robustness.sh's time-limit.csv: one line per case."""
import csv
import statistics
import sys

rows = [row for path in sys.argv[1:] for row in csv.DictReader(open(path))]
cases = list(dict.fromkeys((r["instance"], r["command"]) for r in rows))
limit = float(rows[0]["limit_s"])
allowed = float(rows[0]["allowed_s"])
print(f"--time-limit {limit:g}, allowed wall time {allowed:.2f} s (limit + max(1 s, 10%)); "
      f"{len(sys.argv) - 1} rounds; median and worst wall time, median CPU time")
print(f"{'instance':<12} {'command':<22} {'wall':>5} {'over':>6} {'worst':>6} {'cpu':>5}  "
      f"{'within (worst)':<14} exits  checked")
for instance, command in cases:
    runs = [r for r in rows if (r["instance"], r["command"]) == (instance, command)]
    walls = [float(r["wall_s"]) for r in runs]
    cpus = [float(r["cpu_s"]) for r in runs]
    wall = statistics.median(walls)
    within = "yes" if max(walls) <= allowed else ("median only" if wall <= allowed else "NO")
    exits = "/".join(sorted({r["exit"] for r in runs}))
    checked = "/".join(sorted({r["checked"] for r in runs}))
    print(f"{instance:<12} {command:<22} {wall:>5.2f} {wall - limit:>+6.2f} {max(walls):>6.2f} "
          f"{statistics.median(cpus):>5.2f}  {within:<14} {exits:<5}  {checked}")
