/// Moves that trade one cohort's attendance between its session-days, so that a session-day
/// reaches the size of one more group and patients short of hours get a seat there.
///
/// A small cohort (adolescents, say) is stuck when a session-day has patients short of hours who
/// could come, but too few come for one more group of the cohort (8 a group by default): no single
/// patient's move helps, because a group only opens once enough come at once. The shift moves
/// that many members of the cohort from session-days with members to spare (above their groups'
/// minimum) to the stuck one, then forms it again with them and the patients short of hours.
extension LocalSearch {
    /// A session-day where one cohort has patients short of hours who may come, and how many more
    /// members it needs for one more group.
    struct CohortShift: Equatable {
        var sessionDay: Int
        var cohort: Int
        var shortfall: Int
    }

    /// Every shift worth trying on the current plan, by session-day then cohort.
    func cohortShifts() -> [CohortShift] {
        guard let smallest = problem.smallestGroupSize, smallest > 0 else { return [] }
        var waiting = [Int](repeating: 0, count: problem.sessionDayCount * problem.cohorts.count)
        for patient in problem.patients where state.unmetHours(of: patient) > 0 {
            for sessionDay in 0..<problem.sessionDayCount where state.mayAttend(patient, sessionDay) {
                waiting[sessionDay * problem.cohorts.count + problem.cohortOf[patient]] += 1
            }
        }
        var shifts: [CohortShift] = []
        for sessionDay in 0..<problem.sessionDayCount {
            for cohort in 0..<problem.cohorts.count {
                let newcomers = waiting[sessionDay * problem.cohorts.count + cohort]
                guard newcomers > 0 else { continue }
                let (members, groups) = cohortSize(cohort, at: sessionDay)
                let shortfall = (groups + 1) * smallest - members - newcomers
                guard shortfall > 0, shortfall <= smallest else { continue }
                shifts.append(CohortShift(sessionDay: sessionDay, cohort: cohort, shortfall: shortfall))
            }
        }
        return shifts
    }

    /// Tries every shift once (see ``cohortShifts()``); true when one lowered the objective.
    mutating func shiftCohorts() -> Bool {
        firstImproving(cohortShifts()) { $0.shiftCohort($1) }
    }

    /// Moves `shift.shortfall` members of the cohort from other days' session-days with members
    /// to spare to `shift.sessionDay`, forms it again with them and the cohort's patients short of
    /// hours who may come, re-forms the donor session-days whose groups fell below their minimum,
    /// and lets the cohort's patients still short of hours take free seats anywhere.
    ///
    /// Delta: from the running counts, after a trial (the movers keep their hours; each newcomer
    /// seated saves the unmet-hour weight per hour). In re-planning's full search the shift must
    /// also lower the objective plus the move price of the previous patient-hours it moves.
    mutating func shiftCohort(_ shift: CohortShift) -> Bool {
        let problem = problem
        let target = shift.sessionDay
        let day = problem.sessionDayDay[target]
        let smallest = problem.smallestGroupSize ?? 0
        var spare: [Int: Int] = [:]
        func spareMembers(_ sessionDay: Int) -> Int {
            if let known = spare[sessionDay] { return known }
            let (members, groups) = cohortSize(shift.cohort, at: sessionDay)
            let left = max(0, members - groups * smallest)
            spare[sessionDay] = left
            return left
        }
        // Members who may move: not at the target's day, available there, at a session-day with spare members.
        var offers: [(patient: PatientIndex, from: Int)] = []
        for patient in problem.patients
        where problem.cohortOf[patient] == shift.cohort && state.sessionDay(of: patient, onDay: day) == nil
            && problem.isAvailable(patient: patient, target) && state.unmetHours(of: patient) == 0
        {
            let donors = state.attendedSessionDays(of: patient).filter {
                problem.sessionDayHours[$0] == problem.sessionDayHours[target] && spareMembers($0) > 0
            }
            guard let from = donors.max(by: { (spareMembers($0), -$0) < (spareMembers($1), -$1) }) else { continue }
            offers.append((patient, from))
        }
        // Take them from the session-days with the most to spare, keeping last week's session-days first.
        var movers: [(patient: PatientIndex, from: Int)] = []
        while movers.count < shift.shortfall {
            let open = offers.filter { offer in
                spareMembers(offer.from) > 0 && !movers.contains { $0.patient == offer.patient }
            }
            func rank(_ offer: (patient: PatientIndex, from: Int)) -> (Int, Int, Int) {
                (-spareMembers(offer.from), problem.breakCount(patient: offer.patient, target), offer.patient.rawValue)
            }
            guard let next = open.min(by: { rank($0) < rank($1) }) else { return false }
            movers.append(next)
            spare[next.from] = spareMembers(next.from) - 1
        }
        var former = former
        defer { self.former = former }
        // The movers leave session-days a re-planned roster may want kept: the shift pays the move price.
        return trial(paysMovePrice: true) { state in
            for mover in movers { state.withdraw(mover.patient, from: mover.from) }
            for donor in Set(movers.map(\.from)).sorted() where !state.holdsMinimum(donor) {
                let attendees = state.attendees(of: donor)
                state.clear(donor, attendees: attendees)
                _ = former.form(donor, attendees: attendees, in: &state)
            }
            let present = state.attendees(of: target)
            state.clear(target, attendees: present)
            let newcomers = problem.patients.filter {
                problem.cohortOf[$0] == shift.cohort && state.unmetHours(of: $0) > 0 && state.mayAttend($0, target)
            }
            _ = former.form(target, attendees: Array(Set(present + newcomers)).sorted(), in: &state)
            for patient in problem.patients where problem.cohortOf[patient] == shift.cohort {
                while state.unmetHours(of: patient) > 0, state.addCheapestSessionDay(for: patient) {}
            }
            return true
        }
    }

    /// The cohort's members at a session-day, and its groups at the session-day's first slot.
    private func cohortSize(_ cohort: Int, at sessionDay: Int) -> (members: Int, groups: Int) {
        let first = problem.slots(of: sessionDay).lowerBound
        let groups = state.groups(at: first, cohort: cohort)
        return (groups.reduce(0) { $0 + state.groups[$1].members.count }, groups.count)
    }
}
