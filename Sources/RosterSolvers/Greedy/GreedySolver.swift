import RosterKit

/// A fast heuristic: a constructive roster that is always valid, then local search that lowers
/// the objective within a time budget.
///
/// ```swift
/// let outcome = try GreedySolver(localSearchSeconds: 2).solve(instance, options: SolveOptions(seed: 7))
/// ```
///
/// The constructive phase never breaks a hard rule: it leaves hours unmet instead. The same
/// instance, seed and incumbent give the same roster whenever local search ends by itself (at a
/// local optimum or after `maxLocalSearchMoves` moves); a time limit or cancellation that cuts it
/// short can end it at a different point on a faster or slower machine.
public struct GreedySolver: RosterSolver {
    /// Whether to improve the constructive roster by local search.
    public var localSearch: Bool
    /// Most seconds local search may run; the solve's `timeLimit` caps it too.
    public var localSearchSeconds: Double
    /// Kicks in a row without improvement before local search stops by itself; 0 stops at the
    /// first local optimum.
    public var patience: Int
    /// Most improving moves local search makes, for runs that must not depend on the clock; nil: no limit.
    public var maxLocalSearchMoves: Int?

    /// The budget used when the greedy solver stands in for the exact one.
    public static let fallbackLocalSearchSeconds = 5.0

    /// Builds a greedy solver; by default local search runs up to 5 seconds with a patience of 30 kicks.
    public init(
        localSearch: Bool = true, localSearchSeconds: Double = GreedySolver.fallbackLocalSearchSeconds,
        patience: Int = 30,
        maxLocalSearchMoves: Int? = nil
    ) {
        self.localSearch = localSearch
        self.localSearchSeconds = localSearchSeconds
        self.patience = max(0, patience)
        self.maxLocalSearchMoves = maxLocalSearchMoves
    }

    /// `greedy`.
    public var name: String { "greedy" }

    /// Builds a valid roster, then improves it by local search within `options.timeLimit`.
    public func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        try SolveError.requireOneSpellingPerName(instance)
        let deadline = Deadline(seconds: options.timeLimit)
        let index = InstanceIndex(instance)
        let problem = GreedyProblem(index)
        if let price = options.movePrice { problem.price(price) }
        let cancellation = options.cancellation
        var notes: [String] = []

        let constructionDeadline = Deadline(
            seconds: max(options.timeLimit, options.constructionTimeLimit ?? 0) - deadline.elapsed)
        let construction = GreedyConstruction(problem: problem).build(
            shouldStop: { cancellation.isCancelled || constructionDeadline.hasPassed },
            timeLeft: { deadline.remaining })
        var state = construction.state
        notes.append(
            "construction: objective "
                + "\(Self.format(state.total))\(construction.cutShort ? " (cut short by the time limit)" : "")")
        options.progress?(SolveProgress(solver: name, elapsed: deadline.elapsed, incumbent: state.total, bound: nil))
        if let incumbent = options.incumbent { start(from: incumbent, instead: &state, index: index, notes: &notes) }

        var solverName = name
        if localSearch && !cancellation.isCancelled && !deadline.hasPassed {
            solverName = "greedy+local-search"
            state = improve(state, options: options, deadline: deadline, notes: &notes)
        }
        let (roster, report) = validated(state, index: index, notes: &notes)
        options.progress?(
            SolveProgress(solver: solverName, elapsed: deadline.elapsed, incumbent: report.total, bound: nil))

        let cancelled = cancellation.isCancelled
        let unmet = report.terms.unmetHours
        var detail = "Greedy construction\(localSearch ? " and local search" : "") found a valid roster with objective"
        detail +=
            " \(Self.format(report.total)), "
            + (unmet == 0 ? "every prescribed hour scheduled" : "\(unmet) prescribed hours unmet")
        if construction.cutShort, !cancelled {
            detail +=
                "; the time limit ended the construction, so the roster holds only the session-days formed by then"
        }
        detail += cancelled ? " (interrupted)." : "."
        var outcome = SolveOutcome(
            roster: roster, solver: solverName,
            status: cancelled ? .interrupted : construction.cutShort ? .timeLimit : .heuristic,
            detail: detail, bound: nil, elapsed: deadline.elapsed, notes: notes)
        outcome.constructionCutShort = construction.cutShort
        if report.isValid { outcome.check = report }
        return outcome
    }

    /// Replaces the constructive plan by a valid incumbent that scores better.
    private func start(
        from incumbent: Roster, instead state: inout PlanState, index: InstanceIndex, notes: inout [String]
    ) {
        let report = RosterChecker(index: index).check(incumbent)
        if !report.isValid {
            notes.append("the incumbent roster breaks \(report.violations.count) hard rules; it was not used")
        } else if report.total >= state.total {
            notes.append(
                "the incumbent roster (objective \(Self.format(report.total))) is no better than the "
                    + "constructive one; it was not used")
        } else if let start = PlanState(state.problem, roster: incumbent) {
            state = start
            notes.append("local search starts from the incumbent roster (objective \(Self.format(report.total)))")
        }
    }

    /// Runs local search for at most `localSearchSeconds`, within the solve's time limit.
    private func improve(_ state: PlanState, options: SolveOptions, deadline: Deadline, notes: inout [String])
        -> PlanState
    {
        let budget = max(0, min(localSearchSeconds, deadline.remaining))
        let progress = options.progress
        var search = LocalSearch(
            state: state, seed: options.seed, deadline: Deadline(seconds: budget), maxMoves: maxLocalSearchMoves,
            patience: patience,
            cancellation: options.cancellation,
            report: progress.map { report in
                { @Sendable total in
                    report(
                        SolveProgress(
                            solver: "greedy+local-search", elapsed: deadline.elapsed, incumbent: total, bound: nil))
                }
            })
        search.run()
        notes.append("local search: \(search.summary)")
        if !search.endedByItself {
            notes.append(
                "local search was cut short, so the roster may differ between runs; set maxLocalSearchMoves for "
                    + "repeatable runs")
        }
        return search.state
    }

    /// The plan as a roster, checked; should it break a hard rule (a bug), offending session-days are dropped.
    private func validated(_ state: PlanState, index: InstanceIndex, notes: inout [String]) -> (
        Roster, RosterChecker.Report
    ) {
        let checker = RosterChecker(index: index)
        let roster = state.roster()
        let report = checker.check(roster)
        guard !report.isValid else { return (roster, report) }
        assertionFailure("greedy roster breaks hard rules: \(report.violations.prefix(3).map(\.description))")
        let repaired = RosterRepair.repair(roster, checker: checker).roster.sorted(by: index)
        notes.append(
            "internal error: the roster broke \(report.violations.count) hard rules (please report it); the "
                + "offending session-days were dropped")
        return (repaired, checker.check(repaired))
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

}
