import RosterKit

/// Brings previous assignments back into the roster the full search found, where that costs no
/// placed hour.
///
/// The full search is blind to the previous roster: seeded with the completed one, it places
/// more hours but moves whatever it likes. This pass prices every previous patient-hour the
/// roster no longer has at the move penalty (above every weight but the unmet hour's) and
/// lowers the score `spec objective + penalty × lost previous hours` by two kinds of change,
/// each kept only when the checker accepts the roster, no more hours are unmet than in the
/// searched roster, and the score drops:
///
/// 1. one patient goes back to their previous seats of a session-day, in groups of the same
///    modality at the same hours that have room, leaving whatever session-day they attend that
///    day instead, and another of their session-days when the week would be over their hours
///    or days; or, when those groups are full, exchanges that day's seats with a patient of the
///    same cohort who sits there (a search blind to the previous roster seats interchangeable
///    patients in any order);
/// 2. a whole day of the completed roster (which keeps all it can) replaces the searched day;
///    what that breaks is taken out (`RosterRepair`) and the hours it leaves unmet are placed
///    around the rest by ``ReplanCompletion``.
///
/// So a previous patient-hour stays moved only where moving it places an hour or lowers the
/// spec objective by more than the penalty (or where neither change finds the way back).
struct KeptRestoration {
    let index: InstanceIndex
    let previous: Roster
    let movePenalty: Double
    let deadline: Deadline
    let cancellation: CancellationFlag
    private let checker: RosterChecker
    private let previousHours: Set<PatientHour>
    private let problem: GreedyProblem
    /// Patient -> session-day -> the previous modality of each slot, for full previous session-days.
    private let previousSeats: [PatientIndex: [Int: [(slot: Int, modality: Int)]]]
    /// Changes of each kind that were kept.
    private(set) var restoredDays = 0
    private(set) var restoredSessionDays = 0

    init(
        index: InstanceIndex, previous: Roster, movePenalty: Double, deadline: Deadline, cancellation: CancellationFlag
    ) {
        self.index = index
        self.previous = previous
        self.movePenalty = movePenalty
        self.deadline = deadline
        self.cancellation = cancellation
        checker = RosterChecker(index: index)
        previousHours = Set(previous.patientHours().keys)
        let problem = GreedyProblem(index)
        self.problem = problem
        var seats: [PatientIndex: [Int: [(slot: Int, modality: Int)]]] = [:]
        for seat in problem.seats(of: previous) {
            seats[seat.patient, default: [:]][seat.sessionDay, default: []].append((seat.slot, seat.modality))
        }
        previousSeats = seats.mapValues { bySessionDay in
            bySessionDay.filter { $0.value.count == problem.sessionDayHours[$0.key] }
        }
    }

    private var shouldStop: Bool { deadline.hasPassed || cancellation.isCancelled }

    /// Previous patient-hours `roster` keeps.
    func keptHours(_ roster: Roster) -> Int { roster.patientHours().keys.count { previousHours.contains($0) } }

    /// A roster's verdict and its score (`nil` when it breaks a hard rule).
    private func evaluate(_ roster: Roster) -> (unmet: Int, score: Double)? {
        let report = checker.check(roster)
        guard report.isValid else { return nil }
        let lost = previousHours.count - keptHours(roster)
        return (report.terms.unmetHours, report.total + movePenalty * Double(lost))
    }

    /// `searched` with previous assignments brought back from `completed` and `previous`; never
    /// more unmet hours than `searched`, never a higher score.
    mutating func run(searched: Roster, completed: Roster) -> Roster {
        guard var best = evaluate(searched).map({ (roster: searched, unmet: $0.unmet, score: $0.score) }) else {
            return searched
        }
        let ceiling = best.unmet
        var progress = true
        while progress, !shouldStop {
            progress = false
            if let restored = restoreSessionDays(best.roster, ceiling: ceiling, score: best.score) {
                best = restored
                progress = true
            }
            for day in index.instance.days where !shouldStop {
                guard let mixed = mix(best.roster, day: day, from: completed), let verdict = evaluate(mixed),
                    verdict.unmet <= ceiling, verdict.score < best.score - 1e-9
                else { continue }
                best = (mixed, verdict.unmet, verdict.score)
                restoredDays += 1
                progress = true
            }
        }
        return best.roster
    }

    // MARK: 1. Days

    /// `roster` with `day` taken from `source`, repaired and completed; nil when it changes nothing.
    private func mix(_ roster: Roster, day: String, from source: Roster) -> Roster? {
        let theirs = source.groups.filter { $0.timeSlot.day == day }
        let ours = roster.groups.filter { $0.timeSlot.day == day }
        guard keptHours(Roster(instanceName: nil, groups: theirs)) > keptHours(Roster(instanceName: nil, groups: ours))
        else { return nil }
        let mixed = Roster(
            instanceName: roster.instanceName, groups: roster.groups.filter { $0.timeSlot.day != day } + theirs)
        let repaired = RosterRepair.repair(mixed, checker: checker).roster
        guard
            var completion = ReplanCompletion(
                kept: repaired, previous: previous, index: index, movePenalty: movePenalty, deadline: deadline,
                cancellation: cancellation)
        else { return repaired }
        completion.run()
        let completed = completion.state.roster()
        return checker.check(completed).isValid ? completed : repaired
    }

    // MARK: 2. Session-days of one patient

    /// One pass over the patients' lost previous session-days; nil when nothing came back. A
    /// change is judged by the plan's running counts first; the checker then has the last word.
    private mutating func restoreSessionDays(_ roster: Roster, ceiling: Int, score: Double) -> (
        roster: Roster, unmet: Int, score: Double
    )? {
        guard var state = PlanState(problem, roster: roster) else { return nil }
        var any = false
        for (patient, sessionDay, seats) in lostSessionDays(state) where !shouldStop {
            guard held(patient, sessionDay, state) < seats.count else { continue }
            // First back into free seats, then in exchange with someone who sits there.
            let partners: [PatientIndex?] = [nil] + exchangeCandidates(for: patient, sessionDay, seats, state)
            for partner in partners where !shouldStop {
                let touched = [patient] + (partner.map { [$0] } ?? [])
                let total = state.total
                let before = patientsKept(of: touched, state)
                state.beginTrial()
                let changed =
                    partner.map { exchange(patient, $0, on: sessionDay, in: &state) }
                    ?? restore(patient, sessionDay, seats, in: &state)
                if changed, state.terms.unmetHours <= ceiling,
                    state.total - total - movePenalty * Double(patientsKept(of: touched, state) - before) < -1e-9,
                    checker.check(state.roster()).isValid
                {
                    state.commit()
                    restoredSessionDays += 1
                    any = true
                    break
                }
                state.rollBack()
            }
        }
        guard any else { return nil }
        let restored = state.roster()
        guard let verdict = evaluate(restored), verdict.unmet <= ceiling, verdict.score < score - 1e-9 else {
            return nil
        }
        return (restored, verdict.unmet, verdict.score)
    }

    /// Previous hours the patients hold in the plan, all their session-days together.
    private func patientsKept(of patients: [PatientIndex], _ state: PlanState) -> Int {
        patients.reduce(0) { sum, patient in
            sum + (previousSeats[patient]?.keys.reduce(0) { $0 + held(patient, $1, state) } ?? 0)
        }
    }

    /// Patients of the same cohort who sit, in the same session-day, in a group of the patient's
    /// previous modality at a slot the patient lost; those for whom that seat is not a previous
    /// one first.
    private func exchangeCandidates(
        for patient: PatientIndex, _ sessionDay: Int, _ seats: [(slot: Int, modality: Int)], _ state: PlanState
    ) -> [PatientIndex] {
        let cohort = problem.cohortOf[patient]
        let day = problem.sessionDayDay[sessionDay]
        var seen: Set<PatientIndex> = [patient]
        var candidates: [(patient: PatientIndex, holds: Bool)] = []
        for seat in seats {
            if let mine = state.group(of: patient, at: seat.slot), state.groups[mine].modality == seat.modality {
                continue
            }
            for id in state.slotGroups[seat.slot] where state.groups[id].modality == seat.modality {
                guard state.groups[id].cohort == cohort else { continue }
                for member in state.groups[id].members {
                    let other = member
                    guard seen.insert(other).inserted, state.sessionDay(of: other, onDay: day) == sessionDay else {
                        continue
                    }
                    candidates.append((other, held(other, sessionDay, state) > 0))
                }
            }
        }
        return candidates.sorted { (!$0.holds ? 0 : 1, $0.patient) < (!$1.holds ? 0 : 1, $1.patient) }
            .prefix(Self.exchangeLimit).map(\.patient)
    }

    /// Most patients one lost session-day tries an exchange with.
    static let exchangeLimit = 8

    /// Gives the patient the seats `other` holds at `sessionDay` and `other` the seats the
    /// patient holds that day; false when the patient attends nothing that day, or either may not
    /// come to the other's session-day.
    private func exchange(
        _ patient: PatientIndex, _ other: PatientIndex, on sessionDay: Int, in state: inout PlanState
    ) -> Bool {
        let day = problem.sessionDayDay[sessionDay]
        guard let mine = state.sessionDay(of: patient, onDay: day),
            state.sessionDay(of: other, onDay: day) == sessionDay,
            problem.isAvailable(patient: patient, sessionDay), problem.isAvailable(patient: other, mine)
        else { return false }
        let myGroups = problem.slots(of: mine).compactMap { state.group(of: patient, at: $0) }
        let theirGroups = problem.slots(of: sessionDay).compactMap { state.group(of: other, at: $0) }
        guard myGroups.count == problem.sessionDayHours[mine], theirGroups.count == problem.sessionDayHours[sessionDay]
        else { return false }
        state.withdraw(patient, from: mine)
        state.withdraw(other, from: sessionDay)
        state.attend(patient, sessionDay)
        for id in theirGroups { state.add(patient, to: id) }
        state.attend(other, mine)
        for id in myGroups { state.add(other, to: id) }
        return true
    }

    /// Previous hours the patient holds at the session-day in the plan.
    private func held(_ patient: PatientIndex, _ sessionDay: Int, _ state: PlanState) -> Int {
        (previousSeats[patient]?[sessionDay] ?? []).count { seat in
            guard let id = state.group(of: patient, at: seat.slot) else { return false }
            return state.groups[id].modality == seat.modality
        }
    }

    /// Previous session-days the plan does not hold in full: patient, session-day, and the
    /// previous modality of each of its slots; most lost hours first.
    private func lostSessionDays(_ state: PlanState) -> [(PatientIndex, Int, [(slot: Int, modality: Int)])] {
        var result: [(patient: PatientIndex, sessionDay: Int, seats: [(slot: Int, modality: Int)], lost: Int)] = []
        for (patient, bySessionDay) in previousSeats {
            for (sessionDay, seats) in bySessionDay {
                let lost = seats.count - held(patient, sessionDay, state)
                if lost > 0 { result.append((patient, sessionDay, seats, lost)) }
            }
        }
        result.sort {
            ($0.lost, -$0.patient.rawValue, -$0.sessionDay) > ($1.lost, -$1.patient.rawValue, -$1.sessionDay)
        }
        return result.map { ($0.patient, $0.sessionDay, $0.seats) }
    }

    /// Seats the patient in groups of their previous modality at every slot of the session-day
    /// (the checker judges the rest); false when some slot has no such group with room.
    private func restore(
        _ patient: PatientIndex, _ sessionDay: Int, _ seats: [(slot: Int, modality: Int)], in state: inout PlanState
    ) -> Bool {
        guard problem.isAvailable(patient: patient, sessionDay) else { return false }
        let day = problem.sessionDayDay[sessionDay]
        var left: [GroupIndex] = []
        func leave(_ attended: Int) {
            left += problem.slots(of: attended).compactMap { state.group(of: patient, at: $0) }
            state.withdraw(patient, from: attended)
        }
        if let present = state.sessionDay(of: patient, onDay: day) { leave(present) }
        // Over the week's hours or days: leave the session-day that keeps fewest previous hours.
        while state.hours[patient] + problem.sessionDayHours[sessionDay] > problem.weeklyHours[patient]
            || state.daysAttended[patient] >= problem.maxDays[patient]
        {
            let attended = (0..<problem.dayCount).compactMap { state.sessionDay(of: patient, onDay: $0) }
            guard
                let dropped = attended.min(by: {
                    (held(patient, $0, state), $0) < (held(patient, $1, state), $1)
                })
            else { return false }
            leave(dropped)
        }
        // A group the patient left must keep its minimum (the checker would refuse it anyway).
        guard left.allSatisfy({ state.groups[$0].members.count >= problem.minSize[state.groups[$0].modality] }) else {
            return false
        }
        state.attend(patient, sessionDay)
        let cohort = problem.cohortOf[patient]
        for (slot, modality) in seats {
            guard
                let id = state.slotGroups[slot].first(where: { id in
                    let group = state.groups[id]
                    return group.modality == modality && group.cohort == cohort && state.hasSeat(id)
                        && !state.hasConflict(patient, in: id)
                })
            else { return false }
            state.prepareSeat(in: id)
            state.add(patient, to: id)
        }
        return true
    }
}
