#!/usr/bin/env python3
"""An independent exact CP-SAT model of the roster problem (shared/spec/MODEL.md).

    cpsat.py INSTANCE.json -o ROSTER.json [--time-limit SECONDS] [--workers N] [--seed S] [--log]

Written from the spec alone, not from the planner's program. Groups of one kind in one time
slot are interchangeable, so the model counts them instead of naming them: per time slot and
(modality, cohort) an integer number of groups, which clinicians lead one and which rooms host
one, and per patient a Boolean for the modality they sit in at each slot. Every hard rule is a
constraint on these counts (see benchmarks/peers/README.md for why the counts are exact), and
the objective is written term by term. The roster is cut into named groups afterwards. When
the separations are too dense for that cut to be sure (see `separation_sides`), the
model names every group instead (the slower `ExplicitModel`).

Writes a roster in the planner's format (`groups`, and informative `solver`, `status`,
`objective`, `bound`, `seconds`, `model`), which both checkers can judge. Status: `optimal`
(CP-SAT proved it), `time-limit` (a roster, not proven), `no-solution` (nothing found in time:
the empty roster is written).

Needs OR-Tools (`benchmarks/peers/setup.sh` installs it into benchmarks/peers/.venv).
"""
import argparse
import json
import math
import os
import random
import sys
import tempfile
import time
from fractions import Fraction

from ortools.sat.python import cp_model

DEFAULT_MODALITIES = ["CBT", "DBT", "Mindfulness", "Psychoeducation"]
DEFAULT_WEIGHTS = {"unmetHour": 1000, "otherModalityHour": 10, "secondaryModalityHour": 3,
                   "group": 2, "continuityBreak": 5}
TERM_WEIGHT = {"unmetHours": "unmetHour", "otherModalityHours": "otherModalityHour",
               "secondaryModalityHours": "secondaryModalityHour", "groups": "group",
               "continuityBreaks": "continuityBreak"}


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

    def cohort(self, i):
        return self.patients[i].get("cohort", "adult")

    def patient_can_attend(self, p, day, session):
        hours = self.sessions[session]
        return (available(p.get("availability"), day, session) and p["weeklyHours"] >= hours
                and p.get("maxDaysPerWeek", 1) != 0)

    def leaders(self, day, session, modality):
        return [c for c in self.clinicians if available(c.get("availability"), day, session)
                and c.get("maxHoursPerWeek", 1) != 0 and c.get("maxHoursPerDay", 1) != 0
                and modality in (c.get("modalities") or [])]

    def rooms_for(self, day, session, modality):
        low = self.size[modality][0]
        return [r for r in self.rooms if available(r.get("availability"), day, session) and r["capacity"] >= low]


def integer_weights(weights):
    """Whole-number weights for CP-SAT and the factor they were scaled by."""
    fractions = {k: Fraction(str(v)) for k, v in weights.items()}
    scale = math.lcm(*(f.denominator for f in fractions.values()))
    return {k: int(f * scale) for k, f in fractions.items()}, scale


def two_sides(week, pairs):
    """A 2-colouring of the graph of `pairs` ({patient: 0 or 1}) with the two sides as even as the
    components allow, or None when the graph is not bipartite."""
    neighbours = {}
    for i, j in pairs:
        neighbours.setdefault(i, []).append(j)
        neighbours.setdefault(j, []).append(i)
    side, load = {}, [0, 0]
    for start in sorted(neighbours):
        if start in side:
            continue
        component, stack = {start: 0}, [start]
        while stack:
            i = stack.pop()
            for j in neighbours[i]:
                if j not in component:
                    component[j] = 1 - component[i]
                    stack.append(j)
                elif component[j] == component[i]:
                    return None
        ones = sum(component.values())
        zeros = len(component) - ones
        flip = max(load[0] + ones, load[1] + zeros) < max(load[0] + zeros, load[1] + ones)
        for i, c in component.items():
            side[i] = 1 - c if flip else c
        load[0] += ones if flip else zeros
        load[1] += zeros if flip else ones
    return side


def separation_sides(week):
    """Per (day, session, cohort): the sides of the separated patients who can meet there, or None.

    The counted model only forbids a separated pair in a modality's time slot when that slot runs one
    group of it. With two or more groups the pair is split when the separations among the patients who
    can attend that session-day form a bipartite graph whose two sides (as evened out by `two_sides`)
    each hold at most the modality's smallest group size: one side goes to the first group, the other to
    the second, and neither overflows. When that fails anywhere, None: the counts might not cut into
    groups, and the explicit model is used instead.
    """
    smallest = min(low for low, _ in week.size.values())
    out = {}
    for d, s in week.session_days:
        for k in week.cohorts:
            pairs = [(i, j) for i, j in week.separated if week.cohort(i) == k and week.cohort(j) == k
                     and week.patient_can_attend(week.patients[i], d, s)
                     and week.patient_can_attend(week.patients[j], d, s)]
            side = two_sides(week, pairs)
            if side is None or max(sum(1 for c in side.values() if c == colour) for colour in (0, 1)) > smallest:
                return None
            out[d, s, k] = side
    return out


def attendance(model, week):
    """{(patient, day, session): Boolean} for every session-day a patient could attend."""
    return {(i, d, s): model.NewBoolVar(f"a{i}_{d}_{s}") for i, p in enumerate(week.patients)
            for d, s in week.session_days if week.patient_can_attend(p, d, s)}


def once_a_slot(model, week, here):
    """A clinician leads, a room hosts, at most one of `here` (one time slot's kinds or groups)."""
    for key, ids in (("leads", [c["id"] for c in week.clinicians]), ("rooms", [r["id"] for r in week.rooms])):
        for x in ids:
            uses = [h[key][x] for h in here if x in h[key]]
            if len(uses) > 1:
                model.AddAtMostOne(uses)


def limit_hours(model, week, clinician, mine):
    """The clinician's weekly and daily hour limits over `mine`: (day, Boolean of one hour's leading) pairs."""
    if clinician.get("maxHoursPerWeek") is not None and len(mine) > clinician["maxHoursPerWeek"]:
        model.Add(sum(v for _, v in mine) <= clinician["maxHoursPerWeek"])
    if clinician.get("maxHoursPerDay") is not None:
        for d in week.days:
            today = [v for day, v in mine if day == d]
            if len(today) > clinician["maxHoursPerDay"]:
                model.Add(sum(today) <= clinician["maxHoursPerDay"])


class CountedModel:
    """Per time slot t and kind (modality m, cohort k): n[t,m,k] groups, lead[c,t,m,k], room[r,t,m,k];
    per patient i: attend[i,d,s] and seat[i,t,m] (i sits in an m group at t).

    Exact: a named roster gives these counts, and any counted solution is cut back into groups
    (see `roster`): n groups with sizes within [min, min(max, room capacity)] exist exactly when
    min * n <= seats <= sum over the chosen rooms of min(max, capacity), and clinicians and
    rooms are per slot, per day and per week only through the groups they take.
    """

    def __init__(self, week, sides):
        self.week = week
        self.sides = sides
        model = self.model = cp_model.CpModel()
        self.attend = attendance(model, week)
        self.slots = [(d, s, slot) for d, s in week.session_days for slot in range(1, week.sessions[s] + 1)]
        self.kinds = {}  # (t, m, k) -> dict(n, leads{c: var}, rooms{r: var}, seats{i: var})
        self.seat = {}  # (i, t, m) -> var
        for t in self.slots:
            d, s, slot = t
            for m in week.modalities:
                low, high = week.size[m]
                leaders = week.leaders(d, s, m)
                rooms = week.rooms_for(d, s, m)
                for k in week.cohorts:
                    seated = [i for i in range(len(week.patients)) if week.cohort(i) == k and (i, d, s) in self.attend]
                    most = min(len(leaders), len(seated) // low)
                    if week.has_rooms:
                        most = min(most, len(rooms))
                    if most == 0:
                        continue
                    tag = f"{d}_{s}_{slot}_{m}_{k}"
                    kind = {"n": model.NewIntVar(0, most, f"n_{tag}"),
                            "leads": {c["id"]: model.NewBoolVar(f"l_{c['id']}_{tag}") for c in leaders},
                            "rooms": {r["id"]: model.NewBoolVar(f"r_{r['id']}_{tag}") for r in rooms}
                            if week.has_rooms else {},
                            "seats": {i: model.NewBoolVar(f"x{i}_{tag}") for i in seated},
                            "low": low, "high": high, "most": most}
                    for i, v in kind["seats"].items():
                        self.seat[i, t, m] = v
                    self.kinds[t, m, k] = kind
        self.constrain()
        self.terms = self.objective()

    def constrain(self):
        week, model = self.week, self.model
        self.unmet = {}
        for (t, m, k), kind in self.kinds.items():
            n, size = kind["n"], sum(kind["seats"].values())
            model.Add(size >= kind["low"] * n)
            model.Add(size <= kind["high"] * n)
            model.Add(sum(kind["leads"].values()) == n)
            if week.has_rooms:
                capacity = {r["id"]: min(kind["high"], r["capacity"]) for r in week.rooms}
                model.Add(sum(kind["rooms"].values()) == n)
                model.Add(size <= sum(capacity[r] * v for r, v in kind["rooms"].items()))
            for i, j in week.separated:  # one group of m at t: a separated pair cannot both sit in it
                if i in kind["seats"] and j in kind["seats"]:
                    model.Add(kind["seats"][i] + kind["seats"][j] <= n)
        for i, p in enumerate(week.patients):
            for d in week.days:
                today = [(s, self.attend[i, d, s]) for s in week.sessions if (i, d, s) in self.attend]
                if len(today) > 1:
                    model.AddAtMostOne(a for _, a in today)
                for s, a in today:  # every slot of an attended session, one group each
                    for slot in range(1, week.sessions[s] + 1):
                        model.Add(sum(self.seat[i, (d, s, slot), m] for m in week.modalities
                                      if (i, (d, s, slot), m) in self.seat) == a)
                for m in week.modalities:
                    seats = [self.seat[i, (d, s, slot), m] for s, _ in today for slot in range(1, week.sessions[s] + 1)
                             if (i, (d, s, slot), m) in self.seat]
                    if len(seats) > week.max_same:
                        model.Add(sum(seats) <= week.max_same)
            mine = [(s, a) for (j, _, s), a in self.attend.items() if j == i]
            # The patient's unmet hours as a variable of its own: its lower bound 0 is the hour limit,
            # and the relaxation sees it even when presolve turns the limit into clauses.
            self.unmet[i] = model.NewIntVar(0, p["weeklyHours"], f"u{i}")
            model.Add(self.unmet[i] + sum(week.sessions[s] * a for s, a in mine) == p["weeklyHours"])
            if p.get("maxDaysPerWeek") is not None and len(mine) > p["maxDaysPerWeek"]:
                model.Add(sum(a for _, a in mine) <= p["maxDaysPerWeek"])
        by_slot = {}
        for (t, m, k), kind in self.kinds.items():
            by_slot.setdefault(t, []).append(kind)
        for here in by_slot.values():
            once_a_slot(model, week, here)
        for c in week.clinicians:
            limit_hours(model, week, c, [(t[0], kind["leads"][c["id"]]) for (t, _, _), kind in self.kinds.items()
                                         if c["id"] in kind["leads"]])
        # The slots of a session-day are interchangeable (every rule sees a session-day's slots alike):
        # order them by their vector of group counts, read as a number, largest first.
        for d, s in week.session_days:
            keys = [self.slot_key(d, s, slot, lambda kind, t, m, k: kind["n"])
                    for slot in range(1, week.sessions[s] + 1)]
            for a, b in zip(keys, keys[1:]):
                if not isinstance(a, int) or not isinstance(b, int):
                    model.Add(a >= b)

    def slot_key(self, d, s, slot, count):
        """The slot's group counts (count(kind, t, m, k)) read as one number; the digits' bases are the
        kinds' largest counts + 1, the same in every slot of the session-day."""
        key, base = 0, 1
        for m in reversed(self.week.modalities):
            for k in reversed(self.week.cohorts):
                kind = self.kinds.get(((d, s, slot), m, k))
                if kind is not None:
                    key += base * count(kind, (d, s, slot), m, k)
                    base *= kind["most"] + 1
        return key

    def objective(self):
        """The objective's terms as linear expressions."""
        week = self.week
        other, secondary = [], []
        for (i, t, m), v in self.seat.items():
            p = week.patients[i]
            if m == p["track"]:
                continue
            (secondary if m == p.get("secondary") else other).append(v)
        breaks = [a for (i, d, s), a in self.attend.items()
                  if week.patients[i].get("previous") is not None and f"{d}-{s}" not in week.patients[i]["previous"]]
        return {"unmetHours": sum(self.unmet.values()), "otherModalityHours": sum(other),
                "secondaryModalityHours": sum(secondary), "groups": sum(kind["n"] for kind in self.kinds.values()),
                "continuityBreaks": sum(breaks)}

    def hint(self, groups):
        """Hint a roster (groups as the roster file writes them), its slots reordered to suit `constrain`."""
        model, week = self.model, self.week
        index = {p["id"]: i for i, p in enumerate(week.patients)}
        named = {}
        for g in groups:
            named.setdefault((g["day"], g["session"], g["slot"], g["modality"], g["cohort"]), []).append(g)
        seated, attends = set(), set()
        for d, s in week.session_days:
            hours = range(1, week.sessions[s] + 1)
            keys = {slot: self.slot_key(d, s, slot, lambda kind, t, m, k: len(named.get((*t, m, k), [])))
                    for slot in hours}
            order = sorted(hours, key=lambda slot: -keys[slot])  # order[new - 1] = the hinted slot it takes
            for new, old in enumerate(order, start=1):
                for m in week.modalities:
                    for k in week.cohorts:
                        here = named.get((d, s, old, m, k), [])
                        kind = self.kinds.get(((d, s, new), m, k))
                        if kind is None:
                            continue
                        model.AddHint(kind["n"], len(here))
                        for c, v in kind["leads"].items():
                            model.AddHint(v, any(g["clinician"] == c for g in here))
                        for r, v in kind["rooms"].items():
                            model.AddHint(v, any(g.get("room") == r for g in here))
                        for g in here:
                            for pid in g["patients"]:
                                seated.add((index[pid], (d, s, new), m))
                                attends.add((index[pid], d, s))
        for key, v in self.attend.items():
            model.AddHint(v, key in attends)
        for key, v in self.seat.items():
            model.AddHint(v, key in seated)
        for i, u in self.unmet.items():
            p = week.patients[i]
            model.AddHint(u, p["weeklyHours"] - sum(week.sessions[s] for (j, _, s) in attends if j == i))

    def roster(self, solver):
        """Cut the counted solution into named groups."""
        week, out = self.week, []
        for (t, m, k), kind in self.kinds.items():
            n = solver.Value(kind["n"])
            if n == 0:
                continue
            d, s, slot = t
            leaders = [c for c, v in kind["leads"].items() if solver.BooleanValue(v)]
            if week.has_rooms:
                capacity = {r["id"]: r["capacity"] for r in week.rooms}
                rooms = sorted((r for r, v in kind["rooms"].items() if solver.BooleanValue(v)),
                               key=lambda r: -capacity[r])
                ceilings = [min(kind["high"], capacity[r]) for r in rooms]
            else:
                rooms, ceilings = [None] * n, [kind["high"]] * n
            patients = [i for i, v in kind["seats"].items() if solver.BooleanValue(v)]
            sizes, spare = [kind["low"]] * n, len(patients) - kind["low"] * n
            for q in range(n):
                more = min(spare, ceilings[q] - sizes[q])
                sizes[q] += more
                spare -= more
            assert spare == 0 and len(leaders) == n and len(rooms) == n, "the counts do not cut into groups"
            # Separated patients first: one side to the first group, the other to the second (see
            # separation_sides); then everyone else where there is room.
            members = [[] for _ in range(n)]
            side = self.sides[d, s, k]
            for i in sorted(patients, key=lambda i: i not in side):
                if i in side and n > 1:
                    q = side[i]
                else:
                    q = next(q for q in range(n) if len(members[q]) < sizes[q])
                members[q].append(i)
            for q in range(n):
                group = {"day": d, "session": s, "slot": slot, "modality": m, "cohort": k, "clinician": leaders[q],
                         "patients": [week.patients[i]["id"] for i in members[q]]}
                if week.has_rooms:
                    group["room"] = rooms[q]
                out.append(group)
        return out


class ExplicitModel:
    """One Boolean per possible named group, per patient seat, per leading clinician and per room.

    Used only when the separations are too dense for `CountedModel` to be sure it can cut its
    counts into groups (edge-many-separations, say): slower, but needs no such argument.
    """

    def __init__(self, week):
        self.week = week
        model = self.model = cp_model.CpModel()
        self.attend = attendance(model, week)
        self.groups = []
        for d, s in week.session_days:
            for m in week.modalities:
                low, high = week.size[m]
                leaders = week.leaders(d, s, m)
                rooms = week.rooms_for(d, s, m)
                for cohort in week.cohorts:
                    seated = [i for i in range(len(week.patients))
                              if week.cohort(i) == cohort and (i, d, s) in self.attend]
                    count = min(len(leaders), len(seated) // low)
                    if week.has_rooms:
                        count = min(count, len(rooms))
                    for slot in range(1, week.sessions[s] + 1):
                        previous = None
                        for _ in range(count):
                            g = {"day": d, "session": s, "slot": slot, "modality": m, "cohort": cohort,
                                 "open": model.NewBoolVar(""),
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
                            self.groups.append(g)
        self.constrain()
        self.terms = self.objective()

    def constrain(self):
        week, model, groups, attend = self.week, self.model, self.groups, self.attend
        self.unmet = {}
        by_slot = {}
        for g in groups:
            by_slot.setdefault((g["day"], g["session"], g["slot"]), []).append(g)
        for i, p in enumerate(week.patients):
            hours = []
            for d in week.days:
                today = [attend[i, d, s] for s in week.sessions if (i, d, s) in attend]
                model.Add(sum(today) <= 1)
                for m in week.modalities:
                    seats = [g["seats"][i] for s in week.sessions for slot in range(1, week.sessions[s] + 1)
                             for g in by_slot.get((d, s, slot), []) if g["modality"] == m and i in g["seats"]]
                    if len(seats) > week.max_same:
                        model.Add(sum(seats) <= week.max_same)
            for (j, d, s), a in attend.items():
                if j != i:
                    continue
                hours.append(week.sessions[s] * a)
                for slot in range(1, week.sessions[s] + 1):
                    model.Add(sum(g["seats"][i] for g in by_slot.get((d, s, slot), []) if i in g["seats"]) == a)
            self.unmet[i] = model.NewIntVar(0, p["weeklyHours"], f"u{i}")  # see CountedModel.constrain
            model.Add(self.unmet[i] + sum(hours) == p["weeklyHours"])
            if p.get("maxDaysPerWeek") is not None:
                model.Add(sum(a for (j, _, _), a in attend.items() if j == i) <= p["maxDaysPerWeek"])
        for here in by_slot.values():
            once_a_slot(model, week, here)
        for c in week.clinicians:
            limit_hours(model, week, c, [(g["day"], g["leads"][c["id"]]) for g in groups if c["id"] in g["leads"]])
        for i, j in week.separated:
            for g in groups:
                if i in g["seats"] and j in g["seats"]:
                    model.AddBoolOr([g["seats"][i].Not(), g["seats"][j].Not()])
        for d, s in week.session_days:
            counts = [sum(g["open"] for g in by_slot.get((d, s, slot), [])) for slot in range(1, week.sessions[s] + 1)]
            for a, b in zip(counts, counts[1:]):
                if not isinstance(a, int) or not isinstance(b, int):
                    model.Add(a >= b)

    def objective(self):
        week = self.week
        other, secondary = [], []
        for g in self.groups:
            for i, seat in g["seats"].items():
                p = week.patients[i]
                if g["modality"] == p["track"]:
                    continue
                (secondary if g["modality"] == p.get("secondary") else other).append(seat)
        breaks = [a for (i, d, s), a in self.attend.items()
                  if week.patients[i].get("previous") is not None and f"{d}-{s}" not in week.patients[i]["previous"]]
        return {"unmetHours": sum(self.unmet.values()), "otherModalityHours": sum(other),
                "secondaryModalityHours": sum(secondary), "groups": sum(g["open"] for g in self.groups),
                "continuityBreaks": sum(breaks)}

    def roster(self, solver):
        week, out = self.week, []
        for g in self.groups:
            if not solver.BooleanValue(g["open"]):
                continue
            group = {"day": g["day"], "session": g["session"], "slot": g["slot"], "modality": g["modality"],
                     "cohort": g["cohort"],
                     "clinician": next(c for c, v in g["leads"].items() if solver.BooleanValue(v)),
                     "patients": [week.patients[i]["id"] for i, v in g["seats"].items() if solver.BooleanValue(v)]}
            if week.has_rooms:
                group["room"] = next(r for r, v in g["rooms"].items() if solver.BooleanValue(v))
            out.append(group)
        return out


class Greedy:
    """A first roster built by hand, session-day by session-day, for the whole-week model to start from.

    Session-days are taken in calendar order (or a random one, with `rng`). Patients are admitted to a
    session-day most urgent first (the sessions they still need over the session-days left to them;
    last week's session-days first among equals), up to what the session-day's clinicians and rooms
    could seat; then each slot's groups are opened for the modality most of the unseated patients are
    on the track of (then secondary, then able to take), and filled track first, then secondary, then
    any other modality. A patient who cannot be seated in every slot is sent home and the session-day
    is formed again without them. Last, patients with hours left join session-days whose groups have a
    free seat in every slot (`fill`, `make_room`) or form groups of their own (`extra`). Every rule of
    the spec is kept, so the roster is valid; it is only a hint.
    """

    def __init__(self, week, rng=None):
        self.week = week
        self.rng = rng
        self.hours = [p["weeklyHours"] for p in week.patients]
        self.days = [p.get("maxDaysPerWeek", len(week.days)) for p in week.patients]
        self.week_left = {c["id"]: c.get("maxHoursPerWeek", 10 ** 9) for c in week.clinicians}
        self.partners = {}
        for i, j in week.separated:
            self.partners.setdefault(i, set()).add(j)
            self.partners.setdefault(j, set()).add(i)
        self.groups = []

    def eligible(self, i, d, s):
        p = self.week.patients[i]
        return (self.week.patient_can_attend(p, d, s) and self.hours[i] >= self.week.sessions[s]
                and self.days[i] > 0)

    def run(self):
        week = self.week
        order = list(week.session_days)
        if self.rng:  # another order of the session-days: who gets the scarce clinicians first changes
            self.rng.shuffle(order)
        day_lefts, came = {}, {}
        for n, (d, s) in enumerate(order):
            if d not in day_lefts:
                # A clinician's weekly hours are shared out over the days left to them, so the last day has
                # leaders too.
                later = {d2 for d2, _ in order[n:]}
                day_lefts[d] = {}
                for c in week.clinicians:
                    days_left = sum(1 for d2 in later
                                    if any(available(c.get("availability"), d2, s2) for s2 in week.sessions))
                    share = -(-self.week_left[c["id"]] // max(1, days_left))
                    day_lefts[d][c["id"]] = min(c.get("maxHoursPerDay", 10 ** 9), share)
            day_left = day_lefts[d]
            today = came.setdefault(d, set())
            future = order[n:]

            def urgency(i):
                p = week.patients[i]
                need = min(self.hours[i] // week.sessions[s], self.days[i])
                chances = len({d2 for d2, s2 in future if d2 not in came or i not in came[d2]
                               if week.patient_can_attend(p, d2, s2)})
                tie = self.rng.random() if self.rng else i
                return (-need / max(1, chances), f"{d}-{s}" not in (p.get("previous") or []), tie)

            candidates = sorted((i for i in range(len(week.patients)) if i not in today and self.eligible(i, d, s)),
                                key=urgency)
            admitted = candidates[:self.capacity(d, s, day_left)]
            while admitted:
                formed = self.form(d, s, admitted, dict(day_left))
                if isinstance(formed, list):
                    break
                admitted.remove(formed)  # `formed` is a patient who found no seat: send them home
            else:
                formed = []
            for g in formed:
                day_left[g["clinician"]] -= 1
                self.week_left[g["clinician"]] -= 1
            for i in admitted:
                today.add(i)
                self.hours[i] -= week.sessions[s]
                self.days[i] -= 1
            self.groups += formed
        self.fill()
        self.extra()
        self.fill()
        return self.groups

    def apart(self, i, patients, index):
        """True when none of `patients` (ids) must be kept apart from patient `i`."""
        partners = self.partners.get(i)
        return not partners or not any(index[q] in partners for q in patients)

    def make_room(self, i, slot_groups, session_groups, used, top, index, moved):
        """(patient id j, full group g, group g2): j moves from g to g2 (free seat) so `i` can sit in g."""
        week = self.week
        p = week.patients[i]
        for g in sorted(slot_groups, key=lambda g: (g["modality"] != p["track"], g["modality"] != p.get("secondary"))):
            if used.get(g["modality"], 0) >= week.max_same:
                continue
            for j in g["patients"]:
                if j in moved or not self.apart(i, [q for q in g["patients"] if q != j], index):
                    continue
                for g2 in slot_groups:
                    if g2 is g or len(g2["patients"]) >= top[id(g2)]:
                        continue
                    same = sum(1 for h in session_groups if h["modality"] == g2["modality"] and j in h["patients"])
                    if same < week.max_same and self.apart(index[j], g2["patients"], index):
                        return j, g, g2
        return None

    def extra(self):
        """Patients with hours left get groups of their own where clinicians and rooms are still free."""
        week = self.week
        index = {p["id"]: i for i, p in enumerate(week.patients)}
        for d, s in week.session_days:
            came = {index[pid] for g in self.groups if g["day"] == d for pid in g["patients"]}
            candidates = sorted((i for i in range(len(week.patients)) if i not in came and self.eligible(i, d, s)),
                                key=lambda i: (-self.hours[i], i))
            if len(candidates) < min(low for low, _ in week.size.values()):
                continue
            led = {}
            busy = {}
            for g in self.groups:
                if g["day"] == d:
                    led[g["clinician"]] = led.get(g["clinician"], 0) + 1
                if (g["day"], g["session"]) == (d, s):
                    leaders, rooms = busy.setdefault(g["slot"], (set(), set()))
                    leaders.add(g["clinician"])
                    rooms.add(g.get("room"))
            day_left = {c["id"]: c.get("maxHoursPerDay", 10 ** 9) - led.get(c["id"], 0) for c in week.clinicians}
            admitted, formed = list(candidates), []
            while admitted:
                formed = self.form(d, s, admitted, day_left, busy)
                if isinstance(formed, list):
                    break
                admitted.remove(formed)
            if not admitted:
                continue
            for g in formed:
                self.week_left[g["clinician"]] -= 1
            for i in admitted:
                self.hours[i] -= week.sessions[s]
                self.days[i] -= 1
            self.groups += formed

    def fill(self):
        """Patients with hours left join session-days whose groups have a free seat in every slot."""
        week = self.week
        index = {p["id"]: i for i, p in enumerate(week.patients)}
        here = {}
        for g in self.groups:
            here.setdefault((g["day"], g["session"]), []).append(g)
        top = {}
        for g in self.groups:
            high = week.size[g["modality"]][1]
            cap = next(r["capacity"] for r in week.rooms if r["id"] == g["room"]) if week.has_rooms else high
            top[id(g)] = min(high, cap)
        busy = {(index[pid], g["day"]) for g in self.groups for pid in g["patients"]}
        for i, p in enumerate(week.patients):
            for d, s in week.session_days:
                if (i, d) in busy or not self.eligible(i, d, s) or (d, s) not in here:
                    continue
                used, picks, moves, moved = {}, [], [], set()
                for slot in range(1, week.sessions[s] + 1):
                    slot_groups = [g for g in here[d, s] if g["slot"] == slot and g["cohort"] == week.cohort(i)]
                    fits = [g for g in slot_groups if len(g["patients"]) < top[id(g)]
                            and used.get(g["modality"], 0) < week.max_same and self.apart(i, g["patients"], index)]
                    if fits:
                        g = min(fits, key=lambda g: (g["modality"] != p["track"], g["modality"] != p.get("secondary")))
                    else:  # no free seat: someone moves to a group of the slot that has one, and gives up theirs
                        move = self.make_room(i, slot_groups, here[d, s], used, top, index, moved)
                        if move is None:
                            break
                        g = move[1]
                        moves.append(move)
                        moved.add(move[0])
                    used[g["modality"]] = used.get(g["modality"], 0) + 1
                    picks.append(g)
                else:
                    for j, g, g2 in moves:
                        g["patients"].remove(j)
                        g2["patients"].append(j)
                    for g in picks:
                        g["patients"].append(p["id"])
                    busy.add((i, d))
                    self.hours[i] -= week.sessions[s]
                    self.days[i] -= 1

    def capacity(self, d, s, day_left):
        week = self.week
        hours = week.sessions[s]
        hands = sum(min(day_left[c["id"]], self.week_left[c["id"]], hours) for c in week.clinicians
                    if available(c.get("availability"), d, s))
        leaders = hands // hours  # groups a slot can have, on average over the session's slots
        high = max(h for _, h in week.size.values())
        if week.has_rooms:
            rooms = sorted((min(high, r["capacity"]) for r in week.rooms if available(r.get("availability"), d, s)),
                           reverse=True)
            return sum(rooms[:leaders])
        return high * leaders

    def form(self, d, s, admitted, day_left, busy=None):
        """The session-day's groups for `admitted`, or the first patient who could not be seated; `busy`:
        per slot, the clinicians and rooms other groups already take."""
        week, out, busy = self.week, [], busy or {}
        used = {i: {} for i in admitted}  # modality -> groups today
        for slot in range(1, week.sessions[s] + 1):
            taken = {}
            for g in out:
                taken[g["clinician"]] = taken.get(g["clinician"], 0) + 1
            leaders_busy, rooms_busy = busy.get(slot, (set(), set()))
            free_leaders = {c["id"]: c for c in week.clinicians if available(c.get("availability"), d, s)
                            and c["id"] not in leaders_busy
                            and min(day_left[c["id"]], self.week_left[c["id"]]) - taken.get(c["id"], 0) > 0}
            free_rooms = {r["id"]: r for r in week.rooms if available(r.get("availability"), d, s)
                          and r["id"] not in rooms_busy}
            cohorts = sorted(week.cohorts, key=lambda k: sum(1 for i in admitted if week.cohort(i) == k))
            for k in cohorts:
                waiting = [i for i in admitted if week.cohort(i) == k]
                groups = []
                while waiting:
                    best = None
                    for m in week.modalities:
                        low, high = week.size[m]
                        takers = [i for i in waiting if used[i].get(m, 0) < week.max_same]
                        keen = (sum(1 for i in takers if week.patients[i]["track"] == m),
                                sum(1 for i in takers if week.patients[i].get("secondary") == m), len(takers))
                        if len(takers) < low:
                            continue
                        trained = [c for c in free_leaders.values() if m in (c.get("modalities") or [])]
                        if not trained:
                            continue
                        # The clinician with the most hours left today leads: the others keep theirs for later slots.
                        leader = max(trained, key=lambda c: (day_left[c["id"]] - taken.get(c["id"], 0),
                                                             -len(c.get("modalities") or [])))
                        room = None
                        if week.has_rooms:
                            fits = [r for r in free_rooms.values() if r["capacity"] >= low]
                            if not fits:
                                continue
                            room = max(fits, key=lambda r: (min(high, r["capacity"]), -r["capacity"]))
                        if best is None or keen > best[0]:
                            best = (keen, m, leader, room, takers)
                    if best is None:
                        break
                    _, m, leader, room, takers = best
                    low, high = week.size[m]
                    top = min(high, room["capacity"]) if room else high
                    p = week.patients
                    order = sorted(takers, key=lambda i: (p[i]["track"] != m, p[i].get("secondary") != m, i))
                    members = []
                    for i in order:
                        if len(members) >= top:
                            break
                        if p[i]["track"] != m and len(members) >= low and len(waiting) - len(members) >= low:
                            break  # the rest can make a group of their own
                        if not self.partners.get(i, set()) & set(members):
                            members.append(i)
                    if len(members) < low:
                        break
                    del free_leaders[leader["id"]]
                    if room:
                        del free_rooms[room["id"]]
                    groups.append({"modality": m, "clinician": leader["id"], "room": room["id"] if room else None,
                                   "top": top, "members": members})
                    waiting = [i for i in waiting if i not in members]
                for i in waiting:  # the rest join an open group with a free seat, the cheapest first
                    fits = [g for g in groups if len(g["members"]) < g["top"]
                            and used[i].get(g["modality"], 0) < week.max_same
                            and not self.partners.get(i, set()) & set(g["members"])]
                    if not fits:
                        return i
                    p = week.patients[i]
                    g = min(fits, key=lambda g: (g["modality"] != p["track"], g["modality"] != p.get("secondary")))
                    g["members"].append(i)
                for g in groups:
                    for i in g["members"]:
                        used[i][g["modality"]] = used[i].get(g["modality"], 0) + 1
                    group = {"day": d, "session": s, "slot": slot, "modality": g["modality"], "cohort": k,
                             "clinician": g["clinician"], "patients": [week.patients[i]["id"] for i in g["members"]]}
                    if week.has_rooms:
                        group["room"] = g["room"]
                    out.append(group)
        return out


def score(week, groups):
    """The objective's terms of a roster (groups as the roster file writes them)."""
    index = {p["id"]: i for i, p in enumerate(week.patients)}
    scheduled, days, other, secondary = [0] * len(week.patients), set(), 0, 0
    for g in groups:
        for pid in g["patients"]:
            i = index[pid]
            p = week.patients[i]
            scheduled[i] += 1
            days.add((i, g["day"], g["session"]))
            if g["modality"] == p["track"]:
                continue
            if g["modality"] == p.get("secondary"):
                secondary += 1
            else:
                other += 1
    breaks = sum(1 for i, d, s in days if week.patients[i].get("previous") is not None
                 and f"{d}-{s}" not in week.patients[i]["previous"])
    terms = {"unmetHours": sum(p["weeklyHours"] for p in week.patients) - sum(scheduled),
             "otherModalityHours": other, "secondaryModalityHours": secondary, "groups": len(groups),
             "continuityBreaks": breaks}
    return terms, sum(week.weights[TERM_WEIGHT[k]] * v for k, v in terms.items())


def first_roster(week, seconds, seed):
    """The best of greedy rosters (the first in index order, then with ties broken at random) found in `seconds`."""
    started, rng = time.monotonic(), random.Random(seed)
    best, best_total, tries = None, None, 0
    while best is None or time.monotonic() - started < seconds:
        groups = Greedy(week, rng if tries else None).run()
        total = score(week, groups)[1]
        tries += 1
        if best is None or total < best_total:
            best, best_total = groups, total
    return best, tries


def solve(week, seconds, workers, seed, log=False, first=0.25):
    """Solve the week; `first` is the share of the time the greedy first rosters may take."""
    started = time.monotonic()
    sides = separation_sides(week)
    exact_counts = sides is not None
    hinted, tries = None, 0
    if exact_counts:
        hinted, tries = first_roster(week, first * seconds, seed)
    built = CountedModel(week, sides) if exact_counts else ExplicitModel(week)
    if hinted is not None:
        built.hint(hinted)
    model, terms = built.model, built.terms
    weights, scale = integer_weights(week.weights)
    model.Minimize(sum(weights[TERM_WEIGHT[k]] * e for k, e in terms.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(1.0, seconds - (time.monotonic() - started))
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if log:
        solver.parameters.log_search_progress = True
        solver.parameters.log_to_stdout = False
        solver.log_callback = lambda line: print(line, file=sys.stderr, flush=True)
    status = solver.Solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    roster = built.roster(solver) if found else []
    if found:
        values = {k: int(solver.Value(e)) for k, e in terms.items()}
        if score(week, roster)[0] != values:  # the roster is what the checkers judge: report its terms
            print(f"cpsat: the model's terms {values} differ from its roster's {score(week, roster)[0]}",
                  file=sys.stderr)
            values = score(week, roster)[0]
    else:
        values = {k: 0 for k in terms}
        values["unmetHours"] = sum(p["weeklyHours"] for p in week.patients)
    total = sum(week.weights[TERM_WEIGHT[k]] * v for k, v in values.items())
    bound = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN):
        bound = solver.BestObjectiveBound() / scale
        if math.isinf(bound) or math.isnan(bound):
            bound = None
        elif bound > total:  # the empty roster is valid: nothing is ever worse than it
            bound = total if found else None
    return {
        "instance": week.name,
        "solver": f"cp-sat (OR-Tools, {workers} workers)",
        "status": {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "time-limit"}.get(status, "no-solution"),
        "objective": dict(values, total=total),
        "bound": bound,
        "seconds": round(time.monotonic() - started, 3),
        "model": "counted" if exact_counts else "explicit",
        "hint": {"greedy rosters": tries, "total": score(week, hinted)[1]} if hinted is not None else None,
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
    parser.add_argument("--log", action="store_true", help="CP-SAT's search log on standard error")
    parser.add_argument("--first", type=float, default=0.25,
                        help="share of the time for greedy first rosters (the best is CP-SAT's hint)")
    args = parser.parse_args(argv[1:])
    started = time.monotonic()
    with open(args.instance) as f:
        data = json.load(f)
    week = Week(data)
    # The model takes time to build on large weeks: CP-SAT gets what is left of the limit.
    result = solve(week, args.time_limit - (time.monotonic() - started), args.workers, args.seed, args.log, args.first)
    folder = os.path.dirname(os.path.abspath(args.output))
    with tempfile.NamedTemporaryFile("w", dir=folder, suffix=".tmp", delete=False) as out:
        json.dump(result, out, indent=1)
        out.write("\n")
    os.replace(out.name, args.output)
    print(f"{result['status']} total {result['objective']['total']} bound {result['bound']} in {result['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
