/// The constructive phase: session-days first, then groups, then a second chance for patients
/// who were dropped.
///
/// Every step keeps the plan valid, so stopping early (cancellation, the time limit) still leaves
/// a valid roster: a session-day whose forming is cut short is rolled back.
struct GreedyConstruction {
    let problem: GreedyProblem

    /// A plan, and whether `shouldStop` cut it short (then it holds the session-days formed before).
    struct Result {
        var state: PlanState
        var cutShort: Bool
    }

    /// Builds a plan; asks `shouldStop` while planning who comes when, between session-days and
    /// within each one. Stopped before any session-day is formed, the plan is empty (every hour unmet).
    func build(shouldStop: @escaping () -> Bool = { false }) -> Result {
        var state = PlanState(problem)
        guard let plans = SessionDayPlanner(problem: problem).plan(shouldStop: shouldStop) else {
            return Result(state: state, cutShort: true)
        }
        var attendees = [[PatientIndex]](repeating: [], count: problem.sessionDayCount)
        for patient in plans.indices {
            for sessionDay in plans[patient] { attendees[sessionDay].append(patient) }
        }
        var former = GroupFormer(problem: problem, shouldStop: shouldStop)
        for sessionDay in 0..<problem.sessionDayCount where !attendees[sessionDay].isEmpty {
            if shouldStop() { return Result(state: state, cutShort: true) }
            state.beginTrial()
            _ = former.form(sessionDay, attendees: attendees[sessionDay], in: &state)
            if former.wasStopped {
                state.rollBack()
                return Result(state: state, cutShort: true)
            }
            state.commit()
        }
        // Second chance: re-form each session-day with the patients still short of hours who could come.
        for sessionDay in 0..<problem.sessionDayCount {
            if shouldStop() { return Result(state: state, cutShort: true) }
            reform(sessionDay, former: &former, in: &state)
            if former.wasStopped { return Result(state: state, cutShort: true) }
        }
        // Last chance: a free seat in existing groups.
        for patient in patientsShortOfHours(in: state) {
            if shouldStop() { return Result(state: state, cutShort: true) }
            while state.addCheapestSessionDay(for: patient) {}
        }
        return Result(state: state, cutShort: false)
    }

    /// Patients with unmet hours, most unmet first.
    func patientsShortOfHours(in state: PlanState) -> [PatientIndex] {
        problem.patients.filter { state.unmetHours(of: $0) > 0 }
            .sorted { (-state.unmetHours(of: $0), $0) < (-state.unmetHours(of: $1), $1) }
    }

    /// Forms a session-day again with its attendees and every patient short of hours who may come;
    /// keeps the result only when the objective improves.
    @discardableResult
    func reform(_ sessionDay: Int, former: inout GroupFormer, in state: inout PlanState) -> Bool {
        let present = state.attendees(of: sessionDay)
        let newcomers = problem.patients.filter {
            state.unmetHours(of: $0) > 0 && state.mayAttend($0, sessionDay)
        }
        guard !newcomers.isEmpty else { return false }
        let before = state.total
        state.beginTrial()
        state.clear(sessionDay, attendees: present)
        _ = former.form(sessionDay, attendees: (present + newcomers).sorted(), in: &state)
        if !former.wasStopped, state.total < before - 1e-9 {
            state.commit()
            return true
        }
        state.rollBack()
        return false
    }
}
