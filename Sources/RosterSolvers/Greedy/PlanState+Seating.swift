extension PlanState {
    /// Whether the patient may add `sessionDay` to their week: available, the day free, within
    /// their weekly hours and days. (Groups with a free seat are a separate question.)
    func mayAttend(_ patient: PatientIndex, _ sessionDay: Int) -> Bool {
        let day = problem.sessionDayDay[sessionDay]
        return problem.isAvailable(patient: patient, sessionDay) && self.sessionDay(of: patient, onDay: day) == nil
            && hours[patient] + problem.sessionDayHours[sessionDay] <= problem.weeklyHours[patient]
            && daysAttended[patient] < problem.maxDays[patient]
    }

    /// Nodes the seating search visits at most before it settles for the best seating so far.
    static let seatingNodeBudget = 2000

    /// The cheapest way to seat the patient in existing groups at every slot of a session-day they
    /// do not attend yet, each seat priced by the patient's preference: one group id per slot, or nil
    /// when some slot has no group of their cohort with a free seat and no separation conflict.
    func cheapestSeating(
        of patient: PatientIndex, in sessionDay: Int, nodeBudget: Int = seatingNodeBudget
    ) -> (groups: [GroupIndex], cost: Double)? {
        let cohort = problem.cohortOf[patient]
        let seating = cheapestSeating(of: patient, in: sessionDay, nodeBudget: nodeBudget) { slot in
            slotGroups[slot].compactMap { id in
                let group = groups[id]
                guard group.cohort == cohort, !hasConflict(patient, in: id), hasSeat(id) else { return nil }
                return Seat(
                    group: id, modality: group.modality, cost: problem.cost(patient: patient, modality: group.modality))
            }
        }
        return seating.map { ($0.seats.map(\.group), $0.cost) }
    }

    /// The cheapest choice of one seat per slot of a session-day among `candidates(slot)`, keeping
    /// the patient within the same-modality limit of the day; nil when some slot has no candidate.
    ///
    /// A depth-first search over the slots, cheapest seats first, pruned by the cheapest seat of
    /// each slot still to come; it stops after `nodeBudget` nodes with the best seating so far.
    func cheapestSeating(
        of patient: PatientIndex, in sessionDay: Int, nodeBudget: Int = seatingNodeBudget,
        candidates: (_ slot: Int) -> [Seat]
    ) -> (seats: [Seat], cost: Double)? {
        let day = problem.sessionDayDay[sessionDay]
        var options: [[Seat]] = []
        for slot in problem.slots(of: sessionDay) {
            let here = candidates(slot).sorted { ($0.cost, $0.group) < ($1.cost, $1.group) }
            guard !here.isEmpty else { return nil }
            options.append(here)
        }
        // The cheapest cost of the slots after each depth: no seating can undercut it.
        var floor = [Double](repeating: 0, count: options.count + 1)
        for depth in options.indices.reversed() { floor[depth] = floor[depth + 1] + options[depth][0].cost }
        var taken = (0..<problem.modalityCount).map { modalityCount(patient, day: day, $0) }
        var chosen: [Seat] = []
        var best: [Seat]?
        var bestCost = Double.infinity
        var nodes = 0
        func search(_ depth: Int, _ cost: Double) {
            if depth == options.count {
                if cost < bestCost {
                    bestCost = cost
                    best = chosen
                }
                return
            }
            for option in options[depth] {
                nodes += 1
                guard nodes <= nodeBudget else { return }
                guard cost + option.cost + floor[depth + 1] < bestCost, taken[option.modality] < problem.maxSame
                else { continue }
                taken[option.modality] += 1
                chosen.append(option)
                search(depth + 1, cost + option.cost)
                chosen.removeLast()
                taken[option.modality] -= 1
            }
        }
        search(0, 0)
        return best.map { ($0, bestCost) }
    }

    /// Seats the patient in `groups` (one per slot of the session-day) and marks them present.
    mutating func seat(_ patient: PatientIndex, in sessionDay: Int, groups: [GroupIndex]) {
        attend(patient, sessionDay)
        for id in groups {
            prepareSeat(in: id)
            add(patient, to: id)
        }
    }

    /// Whether every group of the session-day the patient sits in stays at its minimum without them.
    func mayWithdraw(_ patient: PatientIndex, from sessionDay: Int) -> Bool {
        for slot in problem.slots(of: sessionDay) {
            guard let id = group(of: patient, at: slot) else { continue }
            if groups[id].members.count - 1 < problem.minSize[groups[id].modality] { return false }
        }
        return true
    }

    /// Adds, for a patient with unmet hours, the session-day whose seating costs least (continuity
    /// included). Returns whether one was added.
    @discardableResult
    mutating func addCheapestSessionDay(for patient: PatientIndex) -> Bool {
        var best: (sessionDay: Int, groups: [GroupIndex], cost: Double)?
        for sessionDay in 0..<problem.sessionDayCount where mayAttend(patient, sessionDay) {
            guard let seating = cheapestSeating(of: patient, in: sessionDay) else { continue }
            let cost =
                seating.cost + problem.weights.continuityBreak
                * Double(problem.breakCount(patient: patient, sessionDay))
                - problem.weights.unmetHour * Double(problem.sessionDayHours[sessionDay])
            if cost < (best?.cost ?? Double.infinity) { best = (sessionDay, seating.groups, cost) }
        }
        guard let best, best.cost < 0 else { return false }
        seat(patient, in: best.sessionDay, groups: best.groups)
        return true
    }
}

/// One hour of a seating: the group, its modality, what the seat costs, and, when the group is
/// full, the member moved to another group of the same hour to free it.
struct Seat {
    var group: GroupIndex
    var modality: Int
    var cost: Double
    var bump: (patient: PatientIndex, to: GroupIndex)? = nil
}
