// Solver-neutral results of solving a mixed-integer program.

/// Why a search ended before proving optimality.
public enum MIPStopReason: Hashable, Sendable {
    /// The time limit was reached.
    case timeLimit
    /// The incumbent is within the requested relative gap of the best bound.
    case gapReached
    /// The caller asked the search to stop (for example Ctrl-C).
    case stopped
    /// Neither the incumbent nor the bound improved for `MIPOptions.stallSeconds`.
    case stalled
}

/// Why the solver could not give a meaningful answer.
public enum MIPFailureReason: Hashable, Sendable {
    /// The LP relaxation is unbounded, so the problem is unbounded or infeasible.
    case unboundedRelaxation
    /// Some bounds are contradictory or fractional on an integer variable.
    case invalidBounds
    /// The solver ran into a singular or ill-conditioned basis.
    case numericalDifficulty
    /// Any other solver failure, described in words.
    case solverError(String)
}

/// How a solve ended, in words a planner user can read.
public enum MIPStatus: Hashable, Sendable, CustomStringConvertible {
    /// A solution was found and proven optimal.
    case optimal
    /// A solution was found, but the search ended before proving it optimal.
    case feasible(reason: MIPStopReason)
    /// The problem has no solution.
    case infeasible
    /// The search ended before finding any solution.
    case noSolutionFound(reason: MIPStopReason)
    /// The solver failed.
    case failed(reason: MIPFailureReason)

    /// Whether the outcome carries a solution.
    public var hasSolution: Bool {
        switch self {
        case .optimal, .feasible: true
        case .infeasible, .noSolutionFound, .failed: false
        }
    }

    public var description: String {
        switch self {
        case .optimal:
            "The solver found a solution and proved that no better one exists."
        case .feasible(.timeLimit):
            "The time limit was reached; this is the best solution found, but a better one may exist."
        case .feasible(.gapReached):
            "The solution is within the requested optimality gap, so the search stopped early."
        case .feasible(.stopped):
            "The search was stopped on request; this is the best solution found so far."
        case .feasible(.stalled):
            "The search stopped improving (neither solution nor bound moved for a while); this is the best "
                + "solution found."
        case .infeasible:
            "The problem has no solution: its constraints cannot all be met at once."
        case .noSolutionFound(.timeLimit):
            "The time limit was reached before any solution was found."
        case .noSolutionFound(.gapReached):
            "The search stopped at the requested gap without a solution."
        case .noSolutionFound(.stopped):
            "The search was stopped on request before any solution was found."
        case .noSolutionFound(.stalled):
            "The search stalled (its bound stopped moving) before any solution was found."
        case .failed(.unboundedRelaxation):
            "The objective can improve without limit in the relaxed problem, so the problem is unbounded or "
                + "has no solution; a bound is probably missing from the model."
        case .failed(.invalidBounds):
            "Some variable or constraint has contradictory bounds, or an integer variable has fractional bounds."
        case .failed(.numericalDifficulty):
            "The solver ran into numerical difficulties (a singular or ill-conditioned system) and gave up."
        case .failed(.solverError(let detail)):
            "The solver failed: \(detail)"
        }
    }
}

/// A snapshot of a running branch-and-bound search.
public struct MIPProgress: Hashable, Sendable {
    /// Seconds since the solve started.
    public var elapsedSeconds: Double
    /// Objective of the best solution so far, if any.
    public var incumbentObjective: Double?
    /// Bound on the best possible objective (lower when minimising, upper when maximising).
    public var bestBound: Double?
    /// `|incumbent − bound| / (|incumbent| + ε)`, if both are known.
    public var relativeGap: Double?
    /// Branch-and-bound nodes created so far.
    public var nodeCount: Int
}
