# The table of README.md from two run.sh output folders: python3 table.py OLD_DIR NEW_DIR
import json, re, sys
insts = ["small-30", "small-50", "medium-100", "medium-125", "edge-scarce-clinicians", "cohort-140-s601", "cohort-140-s606"]
planner = {"small-30": 767, "small-50": 4815, "medium-100": 18096, "medium-125": 10317, "edge-scarce-clinicians": 384078,
           "cohort-140-s601": 17184, "cohort-140-s606": 44971}
def row(d, n):
    r = json.load(open(f"{d}/{n}.roster.json"))
    log = open(f"{d}/{n}.log").read()
    load = open(f"{d}/load.txt").read()
    up = re.search(rf"== {n} \S+ .*load average: ([\d.]+)", load).group(1)
    wall = float(re.search(rf"^{n} wall ([\d.]+)", load, re.M).group(1))
    ps = re.search(r"Starting presolve at ([\d.]+)s", log); ss = re.search(r"Starting search at ([\d.]+)s", log)
    cw = re.search(r"^walltime: ([\d.]+)", log, re.M)
    chk = open(f"{d}/{n}.check").read()
    valid = "valid" if "check rc 0" in chk else "INVALID"
    pre = f"{float(ss.group(1)) - float(ps.group(1)):.1f}" if ps and ss else "-"
    hint = (r.get("hint") or {}).get("total", "-")
    return dict(status=r["status"], total=r["objective"]["total"], unmet=r["objective"]["unmetHours"], bound=r["bound"],
                wall=wall, cpsat=float(cw.group(1)) if cw else None, presolve=pre, load=up, valid=valid, hint=hint,
                model=r.get("model", "explicit (old)"))
print("| instance | peer | status | total | unmet h | bound | hint | check_roster.py | load (1 min) | wall s | CP-SAT wall s | presolve s | planner total (other run) |")
print("| --- | --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
for n in insts:
    for d, name in ((sys.argv[1], "old"), (sys.argv[2], "new")):
        x = row(d, n)
        print(f"| {n} | {name} | {x['status']} | {x['total']} | {x['unmet']} | {x['bound']:g} | {x['hint']} | {x['valid']} | {x['load']} | {x['wall']:.1f} | {x['cpsat']:.1f} | {x['presolve']} | {planner[n]} |")
