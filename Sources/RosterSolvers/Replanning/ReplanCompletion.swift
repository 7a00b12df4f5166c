import RosterKit

/// Places unmet hours around the kept assignments of a re-planned roster, with the greedy
/// solver's plan state and group former.
///
/// It minimises an internal score: the spec's objective plus `movePenalty` for each previous
/// patient-hour the plan no longer has. The penalty is below the unmet-hour weight and above
/// every other weight, so a kept assignment moves only in a change that places more hours. Three
/// kinds of change are tried, each kept only when the score drops:
///
/// 1. a patient short of hours joins free seats of existing groups for a whole session-day
///    (previous seats count as restored, so displaced patients go back where they were); in a
///    disrupted session-day a full group may free a seat by moving a member to another group of
///    the same hour;
/// 2. patients short of hours form new groups of a session-day, beside the kept ones;
/// 3. a session-day the changes disrupted is formed again with its attendees and the patients
///    short of hours (this may move its kept assignments).
///
/// No change may lose a previous patient-hour outside the disrupted session-days.
struct ReplanCompletion {
    let problem: GreedyProblem
    private(set) var state: PlanState
    private var former: GroupFormer
    /// The previous roster's seats of patients still in the program: patient, slot, modality.
    private let previousSeats: [(patient: PatientIndex, slot: Int, modality: Int)]
    /// `patient * slotCount + slot` -> the previous modality there, if any.
    private let previousModality: [Int?]
    /// Session-days where the repair dropped previous patient-hours.
    private let disrupted: [Bool]
    let movePenalty: Double
    private let checker: RosterChecker
    private let deadline: Deadline
    private let cancellation: CancellationFlag

    /// Improvements smaller than this are rounding noise.
    private static let tolerance = 1e-9

    /// Nil when the kept roster cannot be read into a plan (it always can when it is valid).
    init?(
        kept: Roster, previous: Roster, index: InstanceIndex, movePenalty: Double, deadline: Deadline,
        cancellation: CancellationFlag
    ) {
        let problem = GreedyProblem(index)
        guard let state = PlanState(problem, roster: kept) else { return nil }
        self.problem = problem
        self.state = state
        former = GroupFormer(problem: problem)
        self.movePenalty = movePenalty
        checker = RosterChecker(index: index)
        self.deadline = deadline
        self.cancellation = cancellation
        var modality = [Int?](repeating: nil, count: problem.patientCount * problem.slotCount)
        var seats: [(PatientIndex, Int, Int)] = []
        for seat in problem.seats(of: previous)
        where modality[seat.patient.rawValue * problem.slotCount + seat.slot] == nil {
            modality[seat.patient.rawValue * problem.slotCount + seat.slot] = seat.modality
            seats.append((seat.patient, seat.slot, seat.modality))
        }
        previousSeats = seats
        previousModality = modality
        var disrupted = [Bool](repeating: false, count: problem.sessionDayCount)
        for (patient, slot, number) in seats where !Self.holds(state, patient, slot, number) {
            disrupted[problem.slotSessionDay[slot]] = true
        }
        self.disrupted = disrupted
    }

    // MARK: Score

    private static func holds(_ state: PlanState, _ patient: PatientIndex, _ slot: Int, _ modality: Int) -> Bool {
        guard let id = state.group(of: patient, at: slot) else { return false }
        return state.groups[id].modality == modality
    }

    /// Previous patient-hours the plan no longer has: all of them, and those outside disrupted session-days.
    private func lostHours() -> (all: Int, outside: Int) {
        var all = 0
        var outside = 0
        for (patient, slot, modality) in previousSeats where !Self.holds(state, patient, slot, modality) {
            all += 1
            if !disrupted[problem.slotSessionDay[slot]] { outside += 1 }
        }
        return (all, outside)
    }

    /// The spec's objective plus the move penalty for every lost previous patient-hour.
    private var score: Double { state.total + movePenalty * Double(lostHours().all) }

    private var shouldStop: Bool { deadline.hasPassed || cancellation.isCancelled }

    // MARK: Running

    /// Tries the three kinds of change until none helps or time runs out.
    mutating func run() {
        var progress = true
        while progress, !shouldStop {
            progress = false
            if seatPatientsShortOfHours() { progress = true }
            if formNewGroups() { progress = true }
            if reformDisruptedSessionDays() { progress = true }
        }
    }

    private func patientsShortOfHours() -> [PatientIndex] {
        problem.patients.filter { state.unmetHours(of: $0) > 0 }
            .sorted { (-state.unmetHours(of: $0), $0) < (-state.unmetHours(of: $1), $1) }
    }

    private func candidates(for sessionDay: Int) -> [PatientIndex] {
        problem.patients.filter { state.unmetHours(of: $0) > 0 && state.mayAttend($0, sessionDay) }
    }

    // MARK: 1. Free seats

    private mutating func seatPatientsShortOfHours() -> Bool {
        var any = false
        for patient in patientsShortOfHours() {
            if shouldStop { break }
            while state.unmetHours(of: patient) > 0, let best = bestSeating(for: patient) {
                guard best.seats.contains(where: { $0.bump != nil }) else {
                    seat(patient, in: best.sessionDay, best.seats)
                    any = true
                    continue
                }
                let before = score
                let lostBefore = lostHours().outside
                state.beginTrial()
                seat(patient, in: best.sessionDay, best.seats)
                guard accept(before: before, lostOutside: lostBefore) else { break }
                any = true
            }
        }
        return any
    }

    private mutating func seat(_ patient: PatientIndex, in sessionDay: Int, _ seats: [Seat]) {
        state.attend(patient, sessionDay)
        for seat in seats {
            if let bump = seat.bump {
                state.prepareSeat(in: bump.to)
                state.remove(bump.patient, from: seat.group)
                state.add(bump.patient, to: bump.to)
            } else {
                state.prepareSeat(in: seat.group)
            }
            state.add(patient, to: seat.group)
        }
    }

    /// The session-day whose seats lower the score most for the patient, if one does.
    private func bestSeating(for patient: PatientIndex) -> (sessionDay: Int, seats: [Seat])? {
        var best: (sessionDay: Int, seats: [Seat], cost: Double)?
        for sessionDay in 0..<problem.sessionDayCount where state.mayAttend(patient, sessionDay) {
            guard let seating = seating(of: patient, in: sessionDay) else { continue }
            let cost =
                seating.cost + problem.weights.continuityBreak
                * Double(problem.breakCount(patient: patient, sessionDay))
                - problem.weights.unmetHour * Double(problem.sessionDayHours[sessionDay])
            if cost < best?.cost ?? -Self.tolerance { best = (sessionDay, seating.seats, cost) }
        }
        return best.map { ($0.sessionDay, $0.seats) }
    }

    /// The change in score of a seat: its preference cost, minus the move penalty when it was the
    /// patient's seat before.
    private func seatCost(_ patient: PatientIndex, _ modality: Int, at slot: Int) -> Double {
        let before = previousModality[patient.rawValue * problem.slotCount + slot]
        return problem.cost(patient: patient, modality: modality) - (modality == before ? movePenalty : 0)
    }

    /// The cheapest seating in existing groups at every slot of the session-day (a previous seat
    /// counts as minus the move penalty); nil when some slot has no seat for the patient. In a
    /// disrupted session-day a full group may free a seat by moving a member to another group of
    /// the same hour, at the cost of that move.
    private func seating(of patient: PatientIndex, in sessionDay: Int) -> (seats: [Seat], cost: Double)? {
        let day = problem.sessionDayDay[sessionDay]
        let cohort = problem.cohortOf[patient]
        return state.cheapestSeating(of: patient, in: sessionDay) { slot in
            state.slotGroups[slot].compactMap { id in
                let group = state.groups[id]
                guard group.cohort == cohort, !state.hasConflict(patient, in: id) else { return nil }
                let cost = seatCost(patient, group.modality, at: slot)
                if state.hasSeat(id) { return Seat(group: id, modality: group.modality, cost: cost) }
                guard disrupted[sessionDay], let bump = cheapestBump(from: id, at: slot, day: day) else { return nil }
                return Seat(group: id, modality: group.modality, cost: cost + bump.cost, bump: (bump.patient, bump.to))
            }
        }
    }

    /// The member of group `id` whose move to another group of the same hour with a seat costs
    /// least (preferences, and the move penalty when it was their seat before).
    private func cheapestBump(from id: GroupIndex, at slot: Int, day: Int)
        -> (patient: PatientIndex, to: GroupIndex, cost: Double)?
    {
        let group = state.groups[id]
        var best: (patient: PatientIndex, to: GroupIndex, cost: Double)?
        for other in state.slotGroups[slot] where other != id && state.hasSeat(other) {
            let target = state.groups[other]
            guard target.cohort == group.cohort else { continue }
            for patient in group.members {
                let count =
                    state.modalityCount(patient, day: day, target.modality)
                    - (target.modality == group.modality ? 1 : 0)
                guard count < problem.maxSame, !state.hasConflict(patient, in: other) else { continue }
                let cost = seatCost(patient, target.modality, at: slot) - seatCost(patient, group.modality, at: slot)
                if cost < best?.cost ?? .infinity { best = (patient, other, cost) }
            }
        }
        return best
    }

    // MARK: 2. New groups

    private mutating func formNewGroups() -> Bool {
        let smallest = problem.smallestGroupSize ?? Int.max
        // Outside disrupted session-days no one may be borrowed, so a new group needs enough newcomers.
        func enough(_ count: Int, _ sessionDay: Int) -> Bool { count >= (disrupted[sessionDay] ? 1 : smallest) }
        let order = (0..<problem.sessionDayCount).map { ($0, candidates(for: $0).count) }
            .filter { enough($0.1, $0.0) }.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.map(\.0)
        var any = false
        for sessionDay in order where !shouldStop {
            var newcomers = candidates(for: sessionDay)
            while enough(newcomers.count, sessionDay), !shouldStop {
                let before = score
                let lostBefore = lostHours().outside
                state.beginTrial()
                let unseated = seatNewcomers(newcomers, in: sessionDay)
                if unseated.isEmpty {
                    if accept(before: before, lostOutside: lostBefore) { any = true }
                    break
                }
                state.rollBack()
                let remaining = newcomers.filter { !unseated.contains($0) }
                guard remaining.count < newcomers.count else { break }
                newcomers = remaining
            }
        }
        return any
    }

    /// Seats the newcomers at every slot of the session-day in new groups or free seats (the
    /// group former may borrow members of groups above their minimum). Returns the newcomers it
    /// had to leave out; then the plan is not to be kept.
    private mutating func seatNewcomers(_ newcomers: [PatientIndex], in sessionDay: Int) -> Set<PatientIndex> {
        for patient in newcomers { state.attend(patient, sessionDay) }
        var seated = newcomers
        var unseated: Set<PatientIndex> = []
        for slot in problem.slots(of: sessionDay) {
            let left = former.formSlotByPreference(slot, patients: seated, in: &state)
            unseated.formUnion(left)
            seated.removeAll { unseated.contains($0) }
        }
        return unseated.isEmpty
            ? [] : unseated.intersection(newcomers).isEmpty ? Set(newcomers) : unseated.intersection(newcomers)
    }

    // MARK: 3. Forming disrupted session-days again

    private mutating func reformDisruptedSessionDays() -> Bool {
        var any = false
        for sessionDay in 0..<problem.sessionDayCount where disrupted[sessionDay] && !shouldStop {
            let newcomers = candidates(for: sessionDay)
            guard !newcomers.isEmpty else { continue }
            let before = score
            let lostBefore = lostHours().outside
            let present = state.attendees(of: sessionDay)
            state.beginTrial()
            state.clear(sessionDay, attendees: present)
            _ = former.form(sessionDay, attendees: (present + newcomers).sorted(), in: &state)
            if accept(before: before, lostOutside: lostBefore) { any = true }
        }
        return any
    }

    /// Commits the open trial when it lowers the score, loses no previous patient-hour outside
    /// the disrupted session-days, and leaves a roster the checker accepts; rolls it back otherwise.
    private mutating func accept(before: Double, lostOutside: Int) -> Bool {
        if score < before - Self.tolerance, lostHours().outside <= lostOutside, checker.check(state.roster()).isValid {
            state.commit()
            return true
        }
        state.rollBack()
        return false
    }
}
