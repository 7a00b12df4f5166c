#!/usr/bin/env python3
"""Rewrite the benchmark instances under instances/bench/ from their manifest.

    python3 scripts/bench/make-instances.py [IOP_PLANNER]

Runs `iop-planner generate ARGUMENTS -o instances/bench/FILE` for every entry of
instances/bench/manifest.json (IOP_PLANNER defaults to .build/debug/iop-planner),
checks each file with ../shared/tools/check_roster.py against an empty roster,
and prints the Markdown table of instances/bench/README.md. Standard library only.
"""
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "instances" / "bench"
CHECKER = REPO.parent / "shared" / "tools" / "check_roster.py"


def main(argv):
    planner = argv[1] if len(argv) > 1 else str(REPO / ".build" / "debug" / "iop-planner")
    manifest = json.loads((BENCH / "manifest.json").read_text())
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as empty:
        empty.write('{"groups": []}\n')
    rows = []
    for entry in manifest["instances"]:
        target = BENCH / entry["file"]
        subprocess.run([planner, "generate", *entry["arguments"], "-o", str(target)], check=True)
        if CHECKER.exists():
            subprocess.run([sys.executable, str(CHECKER), str(target), empty.name],
                           check=True, stdout=subprocess.DEVNULL)
        instance = json.loads(target.read_text())
        patients = instance["patients"]
        adolescents = sum(1 for p in patients if p.get("cohort") == "adolescent")
        rows.append("| `{}` | {} | {}{} | {} | {} | {} | {} | `iop-planner generate {}` |".format(
            entry["file"], entry["family"], len(patients),
            f" ({adolescents} adolescents)" if adolescents else "",
            ", ".join(s["id"] for s in instance["sessions"]), len(instance["clinicians"]),
            len(instance.get("rooms") or []), sum(p["weeklyHours"] for p in patients),
            " ".join(shlex.quote(a) for a in entry["arguments"])))
    Path(empty.name).unlink()
    print("| file | family | patients | sessions | clinicians | rooms | prescribed hours | command |")
    print("| --- | --- | ---: | --- | ---: | ---: | ---: | --- |")
    print("\n".join(rows))


if __name__ == "__main__":
    main(sys.argv)
