import RosterKit

/// The default solver: a quick heuristic roster first, then the exact solver seeded with it;
/// keeps whichever roster scores better, and falls back to the heuristic one when the exact
/// solver fails or finds nothing in time. Every returned roster has passed the checker, and its
/// status is settled against the proven bound (`SolveOutcome.settleStatus(total:weights:)`).
///
/// With `seedsExact` off, the exact solver starts from the empty roster and the heuristic one
/// is only the fallback: that is `--solver glpk`, GLPK's own search with a roster always to show.
public struct AutoSolver: RosterSolver {
    /// `auto`.
    public let name = "auto"
    /// The solver run second, seeded with the heuristic roster when ``seedsExact`` is on (usually GLPK).
    public let exact: any RosterSolver
    /// The solver run first, whose roster is the fallback (usually greedy).
    public let heuristic: any RosterSolver
    /// Share of the time limit the heuristic may use before the exact solver starts.
    public let heuristicShare: Double
    /// Whether the exact solver starts from the heuristic roster.
    public let seedsExact: Bool

    /// Combines `exact` and `heuristic`; by default the heuristic gets half the time limit and seeds the exact one.
    public init(
        exact: any RosterSolver, heuristic: any RosterSolver, heuristicShare: Double = 0.5, seedsExact: Bool = true
    ) {
        self.exact = exact
        self.heuristic = heuristic
        self.heuristicShare = heuristicShare
        self.seedsExact = seedsExact
    }

    /// GLPK's search alone, from the empty roster, with the greedy construction (no local
    /// search) as the roster it falls back on when GLPK finds nothing better in time.
    public static func exactWithFallback(_ exact: any RosterSolver) -> AutoSolver {
        AutoSolver(exact: exact, heuristic: GreedySolver(localSearch: false), heuristicShare: 0.1, seedsExact: false)
    }

    /// Runs the heuristic, then the exact solver in the time left, and returns the better roster.
    ///
    /// ```swift
    /// let solver = AutoSolver(exact: GLPKSolver(), heuristic: GreedySolver())
    /// let outcome = try solver.solve(instance, options: SolveOptions(timeLimit: 10))
    /// print(outcome.status, outcome.detail)
    /// ```
    public func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        let deadline = Deadline(seconds: options.timeLimit)
        let checker = RosterChecker(instance)
        var heuristicOptions = options
        heuristicOptions.timeLimit = max(0.001, options.timeLimit * heuristicShare)
        heuristicOptions.constructionTimeLimit = options.constructionTimeLimit ?? options.timeLimit
        let fallback = try heuristic.solve(instance, options: heuristicOptions)
        let fallbackTotal = fallback.check?.total ?? checker.check(fallback.roster).total
        guard !options.cancellation.isCancelled, deadline.remaining > 0.001 else {
            return finish(
                fallback, status: .fallback,
                detail: "No time was left for the exact solver; the \(fallback.solver) roster is returned.",
                deadline: deadline)
        }

        var exactOptions = options
        exactOptions.timeLimit = deadline.remaining
        exactOptions.incumbent = seedsExact ? fallback.roster : options.incumbent
        exactOptions.incumbentIsChecked = seedsExact ? fallback.check != nil : options.incumbentIsChecked
        let attempt: SolveOutcome
        do {
            attempt = try exact.solve(instance, options: exactOptions)
        } catch {
            var outcome = finish(
                fallback, status: .fallback,
                detail: "\(exact.name) could not run (\(error.message)); the \(fallback.solver) roster is returned.",
                deadline: deadline)
            outcome.notes.append("\(exact.name): \(error.message)")
            return outcome
        }
        // The exact solver may hand back the roster it was given (when it ran out of time before
        // searching): that one is checked already.
        let report =
            attempt.check ?? (attempt.roster == fallback.roster ? fallback.check : nil)
            ?? checker.check(attempt.roster)
        guard report.isValid else {
            var outcome = finish(
                fallback, status: .fallback,
                detail: "\(exact.name) returned a roster that breaks a hard rule (a bug, please report it); the "
                    + "\(fallback.solver) roster is returned.", deadline: deadline)
            outcome.notes += report.violations.prefix(5).map { "\(exact.name) roster: \($0)" }
            return outcome
        }
        // Seeded, the exact roster must beat the one it started from; alone, it stands on a tie.
        if report.total < fallbackTotal || (!seedsExact && report.total <= fallbackTotal) {
            var outcome = attempt
            outcome.elapsed = deadline.elapsed
            outcome.check = report
            outcome.notes.insert("\(fallback.solver) found \(JSONWriter.format(fallbackTotal)) first", at: 0)
            outcome.settleStatus(total: report.total, weights: instance.policy.weights)
            return outcome
        }
        // The exact solver ran but found nothing better: the heuristic roster stands, with the
        // exact solver's bound and verdict (a proven optimum proves the heuristic roster optimal).
        var outcome = fallback
        outcome.status = attempt.status
        outcome.bound = attempt.bound
        outcome.detail =
            "\(exact.name) found nothing better than the \(fallback.solver) roster, which is returned "
            + "(\(attempt.detail))"
        outcome.elapsed = deadline.elapsed
        outcome.notes += attempt.notes
        outcome.settleStatus(total: fallbackTotal, weights: instance.policy.weights)
        return outcome
    }

    private func finish(_ outcome: SolveOutcome, status: SolveStatus, detail: String, deadline: Deadline)
        -> SolveOutcome
    {
        var outcome = outcome
        outcome.status = outcome.constructionCutShort ? .timeLimit : status
        outcome.detail = detail
        outcome.elapsed = deadline.elapsed
        return outcome
    }
}
