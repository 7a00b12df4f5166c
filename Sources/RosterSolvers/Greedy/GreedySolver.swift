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

    public init(
        localSearch: Bool = true, localSearchSeconds: Double = GreedySolver.fallbackLocalSearchSeconds, patience: Int = 30,
        maxLocalSearchMoves: Int? = nil
    ) {
        self.localSearch = localSearch
        self.localSearchSeconds = localSearchSeconds
        self.patience = max(0, patience)
        self.maxLocalSearchMoves = maxLocalSearchMoves
    }

    public var name: String { "greedy" }

    public func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        let deadline = Deadline(seconds: options.timeLimit)
        let index = InstanceIndex(instance)
        let problem = GreedyProblem(index)
        let cancellation = options.cancellation
        var notes: [String] = []

        var state = GreedyConstruction(problem: problem).build(isCancelled: { cancellation.isCancelled })
        let constructed = state.total
        let constructionSeconds = deadline.elapsed
        notes.append("construction: objective \(Self.format(constructed)) in \(Self.milliseconds(constructionSeconds)) ms")
        options.progress?(SolveProgress(solver: name, elapsed: deadline.elapsed, incumbent: constructed, bound: nil))

        if let incumbent = options.incumbent {
            let report = RosterChecker(index: index).check(incumbent)
            if !report.isValid {
                notes.append("the incumbent roster breaks \(report.violations.count) hard rules; it was not used")
            } else if report.total < constructed, let start = PlanState(problem, roster: incumbent) {
                state = start
                notes.append("local search starts from the incumbent (objective \(Self.format(report.total)))")
            }
        }

        var solverName = name
        var searchSummary = ""
        if localSearch && !cancellation.isCancelled {
            let budget = max(0, min(localSearchSeconds, deadline.remaining))
            var search = LocalSearch(
                state: state, seed: options.seed, deadline: Deadline(seconds: budget), maxMoves: maxLocalSearchMoves,
                patience: patience, cancellation: cancellation,
                report: options.progress.map { report in
                    { @Sendable total in report(SolveProgress(solver: "greedy+local-search", elapsed: deadline.elapsed, incumbent: total, bound: nil)) }
                })
            search.run()
            state = search.state
            solverName = "greedy+local-search"
            searchSummary = search.summary
            notes.append("local search: \(search.summary)")
        }

        let checker = RosterChecker(index: index)
        var roster = state.roster()
        var report = checker.check(roster)
        if !report.isValid {
            assertionFailure("greedy roster breaks hard rules: \(report.violations.prefix(3).map(\.description))")
            let repaired = RosterRepair.repair(roster, checker: checker)
            roster = repaired.roster.sorted(by: index)
            report = checker.check(roster)
            notes.append("internal error: the roster broke \(repaired.rounds > 0 ? "hard rules" : "nothing"); offending session-days were dropped")
        }
        let cancelled = cancellation.isCancelled
        options.progress?(SolveProgress(solver: solverName, elapsed: deadline.elapsed, incumbent: report.total, bound: nil))
        let unmet = report.terms.unmetHours
        var detail = "Greedy construction\(solverName == name ? "" : " and local search") found a valid roster with objective \(Self.format(report.total))"
        detail += unmet == 0 ? ", every prescribed hour scheduled" : ", \(unmet) prescribed hours unmet"
        detail += cancelled ? " (interrupted)." : "."
        if !searchSummary.isEmpty, cancelled { notes.append("the search was interrupted; the best roster so far is returned") }
        return SolveOutcome(
            roster: roster, solver: solverName, status: cancelled ? .interrupted : .heuristic, detail: detail, bound: nil,
            elapsed: deadline.elapsed, notes: notes)
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func milliseconds(_ seconds: Double) -> String { String(Int((seconds * 1000).rounded())) }
}
