"""The side-by-side table: medians over seeds of every results.json under the folders given.
   python3 benchmarks/results/2026-12-07-side-by-side/table.py [FOLDER ...] [--readme]
Per instance and time limit: the planner's (auto) and CP-SAT's median total and median unmet hours
over the seeds measured, the ratio of the medians (planner / CP-SAT; at or below 1 meets the target),
each side's statuses, and both checkers' verdicts (RosterChecker / check_roster.py) over all runs.
--readme: the README's shorter table, with HiGHS's and CBC's totals from the earlier run
(../2026-12-06-peers/, 30 s; not rerun here)."""
import glob
import json
import os
import statistics
import sys
from collections import defaultdict

arguments = [a for a in sys.argv[1:] if a != "--readme"]
readme = "--readme" in sys.argv
here = os.path.dirname(os.path.abspath(__file__))
folders = arguments or [here]
runs = defaultdict(list)
order = []
patients = {}
for path in (p for folder in folders
             for p in sorted(glob.glob(os.path.join(folder, "**", "results.json"), recursive=True))):
    for run in json.load(open(path))["runs"]:
        key = (run["instance"], run["timeLimit"])
        if key not in order:
            order.append(key)
        patients[run["instance"]] = run["patients"]
        runs[key + (run["configuration"],)].append(run)
order.sort(key=lambda k: (k[1], patients[k[0]]))


def fmt(value):
    return "-" if value is None else f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def side(rows):
    ok = [r for r in rows if r["total"] is not None]
    total = statistics.median(r["total"] for r in ok) if ok else None
    unmet = statistics.median(r["objective"]["unmetHours"] for r in ok if r["objective"]) if ok else None
    seeds = ",".join(str(r["seed"] if r["seed"] is not None else "?") for r in rows)
    totals = ", ".join(fmt(r["total"]) for r in rows)
    statuses = ", ".join(sorted({r["status"] or r["outcome"] for r in rows}))
    checks = "/".join(
        "valid" if all((r[c] or {}).get("verdict") == "valid" for r in rows) else "NOT ALL VALID"
        for c in ("swiftCheck", "pythonCheck"))
    bounds = [r["bound"] for r in ok if r["bound"] is not None]
    return dict(total=total, unmet=unmet, totals=totals, statuses=statuses, checks=checks, n=len(rows),
                bound=max(bounds) if bounds else None)


def pair(instance, limit):
    """Both sides of an instance, the ratio of their median totals and the best bound either proved."""
    mine, peer = side(runs[(instance, limit, "auto")]), side(runs[(instance, limit, "cpsat")])
    ratio = mine["total"] / peer["total"] if mine["total"] is not None and peer["total"] else None
    bound = max([b for b in (mine["bound"], peer["bound"]) if b is not None], default=None)
    return mine, peer, ratio, bound


earlier = {}
for run in json.load(open(os.path.join(here, "..", "2026-12-06-peers", "results.json")))["runs"]:
    earlier[(run["instance"], run["configuration"])] = run["total"]


def readme_table():
    print("| instance | patients | limit | seeds | planner | CP-SAT | ratio | unmet h (planner, CP-SAT) | "
          "HiGHS (earlier) | CBC (earlier) | best bound |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for instance, limit in order:
        mine, peer, ratio, bound = pair(instance, limit)
        old = [earlier.get((instance, c)) if limit == 30 else None for c in ("highs", "cbc")]
        print(f"| {instance} | {patients[instance]} | {limit:g} s | {min(mine['n'], peer['n'])} | "
              f"{fmt(mine['total'])} | {fmt(peer['total'])} | {'-' if ratio is None else f'{ratio:.3f}'} | "
              f"{fmt(mine['unmet'])}, {fmt(peer['unmet'])} | {fmt(old[0])} | {fmt(old[1])} | {fmt(bound)} |")


if readme:
    readme_table()
    sys.exit()
print("| instance | patients | limit | seeds | planner totals | planner median | unmet h | CP-SAT totals | "
      "CP-SAT median | unmet h | ratio | planner status | CP-SAT status | best bound | checks (planner; CP-SAT) |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | --- |")
for instance, limit in order:
    mine, peer, ratio, bound = pair(instance, limit)
    print(f"| {instance} | {patients[instance]} | {limit:g} s | {min(mine['n'], peer['n'])} | {mine['totals']} | "
          f"{fmt(mine['total'])} | {fmt(mine['unmet'])} | {peer['totals']} | {fmt(peer['total'])} | "
          f"{fmt(peer['unmet'])} | {'-' if ratio is None else f'{ratio:.3f}'} | {mine['statuses']} | "
          f"{peer['statuses']} | {fmt(bound)} | {mine['checks']}; {peer['checks']} |")
