/// Moves that trade attendance between the sessions of one day (morning and evening, say), so
/// that the session where patients short of hours wait runs one more group in every slot.
///
/// Where clinicians are scarce, a session-day with patients waiting is stuck when its slots run as
/// many groups as its leaders' hours allow and those groups are full: no single move helps, since
/// one more group a slot needs both a leader for every slot and enough patients at once. A leader
/// who may work either session of the day, or one whose weekly hours a free colleague can take
/// over on another day, would do; and patients who could come to either session can make room
/// for those who can come only to this one. The trade moves that many such patients from the
/// day's other session, hands groups of the target's leaders whose week is spent to free
/// colleagues on other days, and forms both session-days again, the target first.
extension LocalSearch {
    /// Patients moved from one session-day to another of the same day, both formed again.
    struct SessionTrade: Equatable {
        var from: Int
        var to: Int
        /// How many of `from`'s attendees move (those who may come to `to`, best suited first).
        var movers: Int
    }

    /// Every trade worth trying on the current plan: towards each session-day where patients
    /// short of hours may come, from each other session of its day with the same hours, moving
    /// as many as one more full or half-full group a slot needs (or none: the leaders' hours
    /// alone may make the room), by day then session.
    func sessionTrades() -> [SessionTrade] {
        guard problem.sessionCount > 1, let smallest = problem.smallestGroupSize, smallest > 0 else { return [] }
        let largest = problem.staffedModalities.map { problem.maxSize[$0] }.max() ?? smallest
        var waiting = [Int](repeating: 0, count: problem.sessionDayCount)
        for patient in problem.patients where state.unmetHours(of: patient) > 0 {
            for sessionDay in 0..<problem.sessionDayCount where state.mayAttend(patient, sessionDay) {
                waiting[sessionDay] += 1
            }
        }
        var trades: [SessionTrade] = []
        for target in 0..<problem.sessionDayCount where waiting[target] > 0 {
            let day = problem.sessionDayDay[target]
            let present = state.attendees(of: target).count
            let groups = state.slotGroups[problem.slots(of: target).lowerBound].count
            for source in (0..<problem.sessionCount).map({ day * problem.sessionCount + $0 })
            where source != target && problem.sessionDayHours[source] == problem.sessionDayHours[target] {
                let flexible = state.attendees(of: source).count { problem.isAvailable(patient: $0, target) }
                var counts: [Int] = []
                for size in [largest, (smallest + largest) / 2] {
                    let count = min(flexible, max(0, (groups + 1) * size - present - waiting[target]))
                    if !counts.contains(count) { counts.append(count) }
                }
                trades += counts.map { SessionTrade(from: source, to: target, movers: $0) }
            }
        }
        return trades
    }

    /// Tries every trade once (see ``sessionTrades()``); true when one lowered the objective.
    mutating func tradeSessions() -> Bool {
        firstImproving(sessionTrades()) { $0.tradeSession($1) }
    }

    /// Moves `trade.movers` attendees of `trade.from` who may come to `trade.to` there (those whose
    /// continuity and preferences suit `trade.to` best first), empties both session-days, frees
    /// hours of `trade.to`'s leaders (``freeLeaderHours(for:in:)``), forms `trade.to` with its
    /// attendees, the movers and the patients short of hours who may come, then `trade.from` with
    /// everyone else of the day who may come, and lets those still short of hours take free seats.
    ///
    /// Delta: from the running counts, after a trial (every patient of the day may lose or gain
    /// hours; the groups moved to other leaders change no term). In re-planning's full search the
    /// trade must also lower the objective plus the move price of the previous patient-hours it moves.
    mutating func tradeSession(_ trade: SessionTrade) -> Bool {
        let problem = problem
        let sourceAttendees = state.attendees(of: trade.from)
        let targetAttendees = state.attendees(of: trade.to)
        let waiting = problem.patients.filter {
            state.unmetHours(of: $0) > 0 && (state.mayAttend($0, trade.to) || state.mayAttend($0, trade.from))
        }
        let leaderModalities = problem.staffedModalities.filter { modality in
            problem.cliniciansFor[modality].contains { problem.isAvailable(clinician: $0, trade.to) }
        }
        func rank(_ patient: PatientIndex) -> (Int, Double, Int) {
            let breaks =
                problem.breakCount(patient: patient, trade.to) - problem.breakCount(patient: patient, trade.from)
            let cost = leaderModalities.map { problem.cost(patient: patient, modality: $0) }.min() ?? .infinity
            return (breaks, cost, patient.rawValue)
        }
        let movers = sourceAttendees.filter { problem.isAvailable(patient: $0, trade.to) }
            .sorted { rank($0) < rank($1) }.prefix(trade.movers)
        guard !movers.isEmpty || waiting.contains(where: { state.mayAttend($0, trade.to) }) else { return false }
        var former = former
        defer { self.former = former }
        // The movers leave session-days a re-planned roster may want kept: the trade pays the move price.
        return trial(paysMovePrice: true) { state in
            state.clear(trade.from, attendees: sourceAttendees)
            state.clear(trade.to, attendees: targetAttendees)
            state.freeLeaderHours(for: trade.to)
            let coming = (targetAttendees + movers + waiting.filter { state.mayAttend($0, trade.to) })
            _ = former.form(trade.to, attendees: Array(Set(coming)).sorted(), in: &state)
            let staying = (sourceAttendees + waiting).filter { state.mayAttend($0, trade.from) }
            _ = former.form(trade.from, attendees: Array(Set(staying)).sorted(), in: &state)
            for patient in Set(sourceAttendees + targetAttendees + waiting).sorted() {
                while state.unmetHours(of: patient) > 0, state.addCheapestSessionDay(for: patient) {}
            }
            return true
        }
    }
}

extension PlanState {
    /// Hands groups on other days, led by clinicians who may lead at `sessionDay` but whose weekly
    /// hours left fall short of its slots, to colleagues trained in the group's modality who are free
    /// then and may not lead at `sessionDay` themselves; each hand-over gives back one hour of the
    /// week. No term changes: the groups keep their patients, modality and room.
    mutating func freeLeaderHours(for sessionDay: Int) {
        let day = problem.sessionDayDay[sessionDay]
        let slotCount = problem.slots(of: sessionDay).count
        for clinician in 0..<problem.clinicianCount where problem.isAvailable(clinician: clinician, sessionDay) {
            let wanted = min(slotCount, dayLimit(of: clinician) - clinicianDay[clinician * problem.dayCount + day])
            var short = wanted - (problem.clinicianMaxWeek[clinician] - clinicianWeek[clinician])
            guard short > 0 else { continue }
            for id in groups.indices where short > 0 {
                let group = groups[id]
                guard group.isOpen, group.clinician == clinician, problem.day(ofSlot: group.slot) != day else {
                    continue
                }
                let colleague = problem.cliniciansFor[group.modality].first { other in
                    other != clinician && !problem.isAvailable(clinician: other, sessionDay)
                        && clinicianCanLead(other, at: group.slot)
                }
                guard let colleague else { continue }
                setClinician(of: id, to: colleague)
                short -= 1
            }
        }
    }
}
