#!/usr/bin/env python3
"""An independent exact CP-SAT model of the roster problem (shared/spec/MODEL.md).

    cpsat.py INSTANCE.json -o ROSTER.json [--time-limit SECONDS] [--workers N] [--seed S]

Written from the spec alone, not from the planner's program: one Boolean per possible group
(session-day, slot, modality, cohort, index), per patient seat, per clinician and per room,
with every hard rule as a constraint and the objective term by term. Writes a roster in the
planner's format (`groups`, and informative `solver`, `status`, `objective`, `bound`,
`seconds`), which both checkers can judge. Status: `optimal` (CP-SAT proved it), `time-limit`
(a roster, not proven), `no-solution` (nothing found in time: the empty roster is written).

Needs OR-Tools (`benchmarks/peers/setup.sh` installs it into benchmarks/peers/.venv).
"""
import argparse
import json
import math
import os
import sys
import tempfile
import time
from fractions import Fraction

from ortools.sat.python import cp_model

DEFAULT_MODALITIES = ["CBT", "DBT", "Mindfulness", "Psychoeducation"]
DEFAULT_WEIGHTS = {"unmetHour": 1000, "otherModalityHour": 10, "secondaryModalityHour": 3,
                   "group": 2, "continuityBreak": 5}


def available(patterns, day, session):
    """A missing availability means always; patterns are DAY-SESSION with `*` on either side."""
    if patterns is None:
        return True
    for pattern in patterns:
        d, s = pattern.split("-", 1)
        if d in ("*", day) and s in ("*", session):
            return True
    return False


class Week:
    """The instance, read as the spec defines it (the instance is assumed valid)."""

    def __init__(self, data):
        self.name = data.get("name")
        self.days = data["days"]
        self.sessions = {s["id"]: s["hours"] for s in data["sessions"]}
        self.session_days = [(d, s) for d in self.days for s in self.sessions]
        self.modalities = data.get("modalities") or DEFAULT_MODALITIES
        policy = data.get("policy") or {}
        self.weights = dict(DEFAULT_WEIGHTS, **(policy.get("weights") or {}))
        self.size = {}
        for m in self.modalities:
            override = (policy.get("groupSize") or {}).get(m, {})
            self.size[m] = (override.get("min", policy.get("minGroupSize", 8)),
                            override.get("max", policy.get("maxGroupSize", 12)))
        self.max_same = policy.get("maxSameModalityPerDay", 2)
        self.clinicians = data.get("clinicians") or []
        self.rooms = data.get("rooms") or []
        self.has_rooms = bool(data.get("rooms"))
        self.patients = data.get("patients") or []
        index = {p["id"]: i for i, p in enumerate(self.patients)}
        pairs = set()
        for i, p in enumerate(self.patients):
            for other in p.get("separateFrom") or []:
                j = index[other]
                pairs.add((min(i, j), max(i, j)))
        self.separated = sorted(pairs)
        self.cohorts = sorted({p.get("cohort", "adult") for p in self.patients})

    def patient_can_attend(self, p, day, session):
        hours = self.sessions[session]
        return (available(p.get("availability"), day, session) and p["weeklyHours"] >= hours
                and p.get("maxDaysPerWeek", 1) != 0)


def integer_weights(weights):
    """Whole-number weights for CP-SAT and the factor they were scaled by."""
    fractions = {k: Fraction(str(v)) for k, v in weights.items()}
    scale = math.lcm(*(f.denominator for f in fractions.values()))
    return {k: int(f * scale) for k, f in fractions.items()}, scale


def build(week):
    model = cp_model.CpModel()
    attend = {}  # (patient, day, session) -> BoolVar
    for i, p in enumerate(week.patients):
        for d, s in week.session_days:
            if week.patient_can_attend(p, d, s):
                attend[i, d, s] = model.NewBoolVar(f"a{i}_{d}_{s}")

    groups = []  # dicts: day, session, slot, modality, cohort, open, seats{patient: var}, leads{clinician: var}, rooms{room: var}
    for d, s in week.session_days:
        clinicians_here = [c for c in week.clinicians if available(c.get("availability"), d, s)
                           and c.get("maxHoursPerWeek", 1) != 0 and c.get("maxHoursPerDay", 1) != 0]
        rooms_here = [r for r in week.rooms if available(r.get("availability"), d, s)]
        for m in week.modalities:
            low, high = week.size[m]
            leaders = [c for c in clinicians_here if m in (c.get("modalities") or [])]
            rooms = [r for r in rooms_here if r["capacity"] >= low]
            for cohort in week.cohorts:
                seated = [i for i, p in enumerate(week.patients)
                          if p.get("cohort", "adult") == cohort and (i, d, s) in attend]
                count = min(len(leaders), len(seated) // low)
                if week.has_rooms:
                    count = min(count, len(rooms))
                for slot in range(1, week.sessions[s] + 1):
                    previous = None
                    for k in range(count):
                        g = {"day": d, "session": s, "slot": slot, "modality": m, "cohort": cohort,
                             "open": model.NewBoolVar(f"y_{d}_{s}_{slot}_{m}_{cohort}_{k}"),
                             "seats": {i: model.NewBoolVar("") for i in seated},
                             "leads": {c["id"]: model.NewBoolVar("") for c in leaders},
                             "rooms": {r["id"]: model.NewBoolVar("") for r in rooms} if week.has_rooms else {}}
                        size = sum(g["seats"].values())
                        model.Add(size >= low * g["open"])
                        model.Add(size <= high * g["open"])
                        for seat in g["seats"].values():
                            model.AddImplication(seat, g["open"])
                        model.Add(sum(g["leads"].values()) == g["open"])
                        if week.has_rooms:
                            model.Add(sum(g["rooms"].values()) == g["open"])
                            capacity = {r["id"]: r["capacity"] for r in rooms}
                            model.Add(size <= sum(capacity[r] * v for r, v in g["rooms"].items()))
                        if previous is not None:  # groups of one kind are interchangeable: largest first
                            model.Add(sum(previous["seats"].values()) >= size)
                        previous = g
                        groups.append(g)
    return model, attend, groups


def constrain(week, model, attend, groups):
    by_slot = {}  # (day, session, slot) -> groups
    for g in groups:
        by_slot.setdefault((g["day"], g["session"], g["slot"]), []).append(g)
    for i, p in enumerate(week.patients):
        hours = []
        for d in week.days:
            today = [attend[i, d, s] for s in week.sessions if (i, d, s) in attend]
            model.Add(sum(today) <= 1)  # at most one session a day
            for m in week.modalities:
                seats = [g["seats"][i] for s in week.sessions for slot in range(1, week.sessions[s] + 1)
                         for g in by_slot.get((d, s, slot), []) if g["modality"] == m and i in g["seats"]]
                if len(seats) > week.max_same:
                    model.Add(sum(seats) <= week.max_same)
        for (j, d, s), a in attend.items():
            if j != i:
                continue
            hours.append(week.sessions[s] * a)
            for slot in range(1, week.sessions[s] + 1):  # every slot of an attended session, one group each
                model.Add(sum(g["seats"][i] for g in by_slot.get((d, s, slot), []) if i in g["seats"]) == a)
        model.Add(sum(hours) <= p["weeklyHours"])
        if p.get("maxDaysPerWeek") is not None:
            model.Add(sum(a for (j, _, _), a in attend.items() if j == i) <= p["maxDaysPerWeek"])
    for key, here in by_slot.items():
        for c in week.clinicians:
            leads = [g["leads"][c["id"]] for g in here if c["id"] in g["leads"]]
            if len(leads) > 1:
                model.Add(sum(leads) <= 1)
        for r in week.rooms:
            uses = [g["rooms"][r["id"]] for g in here if r["id"] in g["rooms"]]
            if len(uses) > 1:
                model.Add(sum(uses) <= 1)
    for c in week.clinicians:
        mine = [(g["day"], g["leads"][c["id"]]) for g in groups if c["id"] in g["leads"]]
        if c.get("maxHoursPerWeek") is not None:
            model.Add(sum(v for _, v in mine) <= c["maxHoursPerWeek"])
        if c.get("maxHoursPerDay") is not None:
            for d in week.days:
                today = [v for day, v in mine if day == d]
                if len(today) > c["maxHoursPerDay"]:
                    model.Add(sum(today) <= c["maxHoursPerDay"])
    for i, j in week.separated:
        for g in groups:
            if i in g["seats"] and j in g["seats"]:
                model.AddBoolOr([g["seats"][i].Not(), g["seats"][j].Not()])
    # Slots of a session-day are interchangeable too: the busiest first.
    for d, s in week.session_days:
        counts = [sum(g["open"] for g in by_slot.get((d, s, slot), [])) for slot in range(1, week.sessions[s] + 1)]
        for a, b in zip(counts, counts[1:]):
            if not isinstance(a, int) or not isinstance(b, int):
                model.Add(a >= b)


def objective(week, attend, groups):
    """The objective's terms as linear expressions (unmet hours include their constant)."""
    prescribed = sum(p["weeklyHours"] for p in week.patients)
    scheduled = sum(week.sessions[s] * a for (_, _, s), a in attend.items())
    other, secondary = [], []
    for g in groups:
        for i, seat in g["seats"].items():
            p = week.patients[i]
            if g["modality"] == p["track"]:
                continue
            (secondary if g["modality"] == p.get("secondary") else other).append(seat)
    breaks = [a for (i, d, s), a in attend.items()
              if week.patients[i].get("previous") is not None and f"{d}-{s}" not in week.patients[i]["previous"]]
    return {"unmetHours": prescribed - scheduled, "otherModalityHours": sum(other),
            "secondaryModalityHours": sum(secondary), "groups": sum(g["open"] for g in groups),
            "continuityBreaks": sum(breaks)}


TERM_WEIGHT = {"unmetHours": "unmetHour", "otherModalityHours": "otherModalityHour",
               "secondaryModalityHours": "secondaryModalityHour", "groups": "group",
               "continuityBreaks": "continuityBreak"}


def solve(week, seconds, workers, seed):
    model, attend, groups = build(week)
    constrain(week, model, attend, groups)
    terms = objective(week, attend, groups)
    weights, scale = integer_weights(week.weights)
    model.Minimize(sum(weights[TERM_WEIGHT[k]] * e for k, e in terms.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.Solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    roster = []
    if found:
        for g in groups:
            if not solver.BooleanValue(g["open"]):
                continue
            group = {"day": g["day"], "session": g["session"], "slot": g["slot"], "modality": g["modality"],
                     "cohort": g["cohort"],
                     "clinician": next(c for c, v in g["leads"].items() if solver.BooleanValue(v)),
                     "patients": [week.patients[i]["id"] for i, v in g["seats"].items() if solver.BooleanValue(v)]}
            if week.has_rooms:
                group["room"] = next(r for r, v in g["rooms"].items() if solver.BooleanValue(v))
            roster.append(group)
    values = {k: (int(solver.Value(e)) if found else None) for k, e in terms.items()}
    if not found:
        values = {k: 0 for k in terms}
        values["unmetHours"] = sum(p["weeklyHours"] for p in week.patients)
    total = sum(week.weights[TERM_WEIGHT[k]] * v for k, v in values.items())
    bound = solver.BestObjectiveBound() / scale if status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN) else None
    if bound is not None and (math.isinf(bound) or math.isnan(bound)):
        bound = None
    return {
        "instance": week.name,
        "solver": f"cp-sat (OR-Tools, {workers} workers)",
        "status": {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "time-limit"}.get(status, "no-solution"),
        "objective": dict(values, total=total),
        "bound": bound,
        "seconds": round(solver.WallTime(), 3),
        "variables": len(model.Proto().variables),
        "groups": roster,
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("instance")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--time-limit", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv[1:])
    started = time.monotonic()
    with open(args.instance) as f:
        week = Week(json.load(f))
    # The model takes time to build on large weeks: CP-SAT gets what is left of the limit.
    result = solve(week, max(1.0, args.time_limit - (time.monotonic() - started)), args.workers, args.seed)
    folder = os.path.dirname(os.path.abspath(args.output))
    with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".tmp", delete=False) as out:
        json.dump(result, out, indent=1)
        out.write("\n")
    os.replace(out.name, args.output)
    print(f"{result['status']} total {result['objective']['total']} bound {result['bound']} in {result['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
