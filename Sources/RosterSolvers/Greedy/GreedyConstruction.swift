/// The constructive phase: session-days first, then groups, then a second chance for patients
/// who were dropped.
///
/// The week is built once as it always was, and when some clinician's weekly limit is short of the
/// days they could work, again with their weekly hours shared out over the days
/// (``WeeklyShare``); the lowest objective is kept, the first on a tie.
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

    /// How a build shares each clinician's weekly hours out over the days left: on each day, a
    /// clinician leads at most their weekly hours left divided by the days left on which they are
    /// available and someone attends (``GreedyConstruction/dayShares(from:attendees:in:)``).
    ///
    /// Formed day by day, clinicians whose weekly limit is short of their days spend it all on
    /// the first days otherwise, and the last days find no leader for their patients.
    enum WeeklyShare: CaseIterable {
        /// No share: clinicians lead whenever they are free (within their own limits).
        case none
        /// The share rounded down (at least one hour); a session-day the share leaves someone out
        /// of is also formed without it, and that is kept when it schedules more hours.
        case lenient
        /// The share rounded down, kept even when it leaves someone out (the hours saved may seat
        /// more on a later day).
        case strict
    }

    /// Builds a plan with every ``WeeklyShare`` that changes anything, and keeps the best; asks
    /// `shouldStop` while planning who comes when, between session-days and within each one (a
    /// build it cuts short ends the search: the best whole build, else the cut one, is returned;
    /// stopped before any session-day is formed, the plan is empty, every hour unmet). Another
    /// share is tried only while `timeLeft` (seconds, nil: no limit) holds three times the builds'
    /// average, so local search keeps its time; a tight limit on a slow machine can thus try fewer.
    func build(shouldStop: @escaping () -> Bool = { false }, timeLeft: (() -> Double)? = nil) -> Result {
        let clock = Deadline(seconds: 1e9)
        guard let plans = SessionDayPlanner(problem: problem).plan(shouldStop: shouldStop) else {
            return Result(state: PlanState(problem), cutShort: true)
        }
        var attendees = [[PatientIndex]](repeating: [], count: problem.sessionDayCount)
        for patient in plans.indices {
            for sessionDay in plans[patient] { attendees[sessionDay].append(patient) }
        }
        var best = build(attendees: attendees, share: .none, shouldStop: shouldStop)
        guard !best.result.cutShort, best.sharesBind else { return best.result }
        for (built, share) in WeeklyShare.allCases.dropFirst().enumerated() {
            if let timeLeft, timeLeft() < 3 * clock.elapsed / Double(built + 1) { break }
            let next = build(attendees: attendees, share: share, shouldStop: shouldStop)
            if next.result.cutShort { break }
            if next.result.state.total < best.result.state.total - 1e-9 { best = next }
        }
        return best.result
    }

    /// One build with the given share, and whether some clinician's share fell below their daily
    /// limit on some day (for `.none`: would have).
    func build(attendees: [[PatientIndex]], share: WeeklyShare, shouldStop: @escaping () -> Bool) -> (
        result: Result, sharesBind: Bool
    ) {
        var state = PlanState(problem)
        var former = GroupFormer(problem: problem, shouldStop: shouldStop)
        var sharesBind = false
        var shares: [Int]?
        var sharesDay: Int?
        for sessionDay in 0..<problem.sessionDayCount where !attendees[sessionDay].isEmpty {
            if shouldStop() { return (Result(state: state, cutShort: true), sharesBind) }
            let day = problem.sessionDayDay[sessionDay]
            if sharesDay != day {
                shares = dayShares(from: day, attendees: attendees, in: state)
                sharesBind = sharesBind || shares != nil
                if share == .none { shares = nil }
                sharesDay = day
            }
            state.beginTrial()
            formSharing(
                sessionDay, attendees: attendees[sessionDay], shares: shares,
                retryWithout: share != .strict, former: &former, in: &state)
            if former.wasStopped {
                state.rollBack()
                return (Result(state: state, cutShort: true), sharesBind)
            }
            state.commit()
        }
        // Second chance: re-form each session-day with the patients still short of hours who could come.
        for sessionDay in 0..<problem.sessionDayCount {
            if shouldStop() { return (Result(state: state, cutShort: true), sharesBind) }
            reform(sessionDay, former: &former, in: &state)
            if former.wasStopped { return (Result(state: state, cutShort: true), sharesBind) }
        }
        // Last chance: a free seat in existing groups.
        for patient in patientsShortOfHours(in: state) {
            if shouldStop() { return (Result(state: state, cutShort: true), sharesBind) }
            while state.addCheapestSessionDay(for: patient) {}
        }
        return (Result(state: state, cutShort: false), sharesBind)
    }

    /// Per clinician, the hours they may lead on `day` when the weekly hours they have left are shared
    /// evenly over the days left on which they are available and someone attends: the weekly hours
    /// divided by those days, rounded down (at least 1). `Int.max` for a clinician whose share is not
    /// below their own daily limit; nil when no share is.
    ///
    /// Rounded down, the first days keep to the share and the last get what is left over; rounded
    /// up (tried too), the first days took the slack and, on the cohort weeks, local search then
    /// ended higher.
    func dayShares(from day: Int, attendees: [[PatientIndex]], in state: PlanState) -> [Int]? {
        var shares = [Int](repeating: Int.max, count: problem.clinicianCount)
        var binds = false
        for clinician in 0..<problem.clinicianCount {
            let weekLeft = problem.clinicianMaxWeek[clinician] - state.clinicianWeek[clinician]
            guard weekLeft > 0 else { continue }
            let days = (day..<problem.dayCount).count { later in
                (0..<problem.sessionCount).contains { session in
                    let sessionDay = later * problem.sessionCount + session
                    return !attendees[sessionDay].isEmpty && problem.isAvailable(clinician: clinician, sessionDay)
                }
            }
            guard days > 0 else { continue }
            let share = max(1, weekLeft / days)
            if share < problem.clinicianMaxDay[clinician] {
                shares[clinician] = share
                binds = true
            }
        }
        return binds ? shares : nil
    }

    /// Forms a session-day with each clinician's hours cut to their day's share (nil: no cut); when
    /// that drops attendees and `retryWithout`, also without the shares, and keeps the share-cut
    /// forming unless the other schedules more hours.
    func formSharing(
        _ sessionDay: Int, attendees: [PatientIndex], shares: [Int]?, retryWithout: Bool,
        former: inout GroupFormer, in state: inout PlanState
    ) {
        state.dayShare = shares
        let dropped = former.form(sessionDay, attendees: attendees, in: &state)
        state.dayShare = nil
        guard shares != nil, retryWithout, !dropped.isEmpty, !former.wasStopped else { return }
        let shared = state.terms.unmetHours
        state.clear(sessionDay, attendees: attendees)
        _ = former.form(sessionDay, attendees: attendees, in: &state)
        guard !former.wasStopped, state.terms.unmetHours >= shared else { return }
        state.clear(sessionDay, attendees: attendees)
        state.dayShare = shares
        _ = former.form(sessionDay, attendees: attendees, in: &state)
        state.dayShare = nil
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
