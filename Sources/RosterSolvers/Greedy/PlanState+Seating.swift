extension PlanState {
    /// Whether the patient may add `sessionDay` to their week: available, the day free, within
    /// their weekly hours and days. (Groups with a free seat are a separate question.)
    func mayAttend(_ patient: Int, _ sessionDay: Int) -> Bool {
        let day = problem.sessionDayDay[sessionDay]
        return problem.isAvailable(patient: patient, sessionDay) && self.sessionDay(of: patient, onDay: day) < 0
            && hours[patient] + problem.sessionDayHours[sessionDay] <= problem.weeklyHours[patient]
            && daysAttended[patient] < problem.maxDays[patient]
    }

    /// The cheapest way to seat the patient in existing groups at every slot of a session-day they
    /// do not attend yet: one group id per slot, or nil when some slot has no group that can take them.
    ///
    /// A small depth-first search over the slots keeps the same-modality limit; it stops after
    /// `nodeBudget` nodes with the best seating found so far.
    func cheapestSeating(of patient: Int, in sessionDay: Int, nodeBudget: Int = 400) -> (groups: [Int], cost: Double)? {
        let day = problem.sessionDayDay[sessionDay]
        let cohort = problem.cohortOf[patient]
        var options: [[(id: Int, modality: Int, cost: Double)]] = []
        for slot in problem.slots(of: sessionDay) {
            var here: [(id: Int, modality: Int, cost: Double)] = []
            for id in slotGroups[slot] {
                let group = groups[id]
                guard group.cohort == cohort, !hasConflict(patient, in: id), hasSeat(id) else { continue }
                here.append((id, group.modality, problem.cost(patient: patient, modality: group.modality)))
            }
            guard !here.isEmpty else { return nil }
            here.sort { ($0.cost, $0.id) < ($1.cost, $1.id) }
            options.append(here)
        }
        var taken = (0..<problem.modalityCount).map { modalityCount(patient, day: day, $0) }
        var chosen = [Int](repeating: -1, count: options.count)
        var best: [Int]?
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
                guard cost + option.cost < bestCost, taken[option.modality] < problem.maxSame else { continue }
                taken[option.modality] += 1
                chosen[depth] = option.id
                search(depth + 1, cost + option.cost)
                taken[option.modality] -= 1
            }
        }
        search(0, 0)
        return best.map { ($0, bestCost) }
    }

    /// Seats the patient in `groups` (one per slot of the session-day) and marks them present.
    mutating func seat(_ patient: Int, in sessionDay: Int, groups: [Int]) {
        attend(patient, sessionDay)
        for id in groups {
            prepareSeat(in: id)
            add(patient, to: id)
        }
    }

    /// Whether every group of the session-day the patient sits in stays at its minimum without them.
    func mayWithdraw(_ patient: Int, from sessionDay: Int) -> Bool {
        for slot in problem.slots(of: sessionDay) {
            let id = group(of: patient, at: slot)
            guard id >= 0 else { continue }
            if groups[id].members.count - 1 < problem.minSize[groups[id].modality] { return false }
        }
        return true
    }

    /// Adds, for a patient with unmet hours, the session-day whose seating costs least (continuity
    /// included). Returns whether one was added.
    @discardableResult
    mutating func addCheapestSessionDay(for patient: Int) -> Bool {
        var best: (sessionDay: Int, groups: [Int], cost: Double)?
        for sessionDay in 0..<problem.sessionDayCount where mayAttend(patient, sessionDay) {
            guard let seating = cheapestSeating(of: patient, in: sessionDay) else { continue }
            let cost = seating.cost + problem.weights.continuityBreak * Double(problem.breakCount(patient: patient, sessionDay))
                - problem.weights.unmetHour * Double(problem.sessionDayHours[sessionDay])
            if cost < (best?.cost ?? Double.infinity) { best = (sessionDay, seating.groups, cost) }
        }
        guard let best, best.cost < 0 else { return false }
        seat(patient, in: best.sessionDay, groups: best.groups)
        return true
    }
}
