/// Moves that change which session-days patients attend.
extension LocalSearch {
    /// Gives a patient short of hours the session-day whose free seats suit them best.
    ///
    /// Delta: minus the unmet-hour weight per hour, plus the seats' preference costs and a
    /// continuity break if last week's attendance says so.
    mutating func addSessionDay(for patient: PatientIndex) -> Bool {
        state.unmetHours(of: patient) > 0 && state.addCheapestSessionDay(for: patient)
    }

    /// Moves a patient's attendance from one session-day to the one (possibly the same day's other
    /// session) where free seats and continuity suit them best; or drops it when the weights make
    /// that better.
    ///
    /// Delta: from the running counts, after a trial.
    mutating func moveSessionDay(of patient: PatientIndex, from sessionDay: Int) -> Bool {
        let problem = problem
        let day = problem.sessionDayDay[sessionDay]
        guard state.sessionDay(of: patient, onDay: day) == sessionDay, state.mayWithdraw(patient, from: sessionDay)
        else { return false }
        return trial { state in
            state.withdraw(patient, from: sessionDay)
            var best: (sessionDay: Int, groups: [GroupIndex], cost: Double)?
            for other in 0..<problem.sessionDayCount where other != sessionDay && state.mayAttend(patient, other) {
                guard let seating = state.cheapestSeating(of: patient, in: other) else { continue }
                let cost =
                    seating.cost + problem.weights.continuityBreak * Double(problem.breakCount(patient: patient, other))
                    - problem.weights.unmetHour * Double(problem.sessionDayHours[other])
                if cost < best?.cost ?? Double.infinity { best = (other, seating.groups, cost) }
            }
            if let best { state.seat(patient, in: best.sessionDay, groups: best.groups) }
            return true
        }
    }

    /// Forms a session-day again from scratch with its attendees and the patients short of hours
    /// who may come; kept when the objective improves (see ``GreedyConstruction/reform(_:former:in:)``).
    mutating func reform(_ sessionDay: Int) -> Bool {
        var former = former
        defer { self.former = former }
        return GreedyConstruction(problem: problem).reform(sessionDay, former: &former, in: &state)
    }
}
