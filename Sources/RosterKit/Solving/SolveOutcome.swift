// How a solve ended, what it proved, and how it progressed: the value types every layer above
// the solvers reads (reports, the store, the web page), kept here so they need not depend on the engine.

/// A snapshot of a running search, for progress lines.
public struct SolveProgress: Sendable {
    /// The name of the solver reporting (`glpk`, `greedy`).
    public var solver: String
    /// Wall-clock seconds since the solve started.
    public var elapsed: Double
    /// Objective total of the best roster so far.
    public var incumbent: Double?
    /// Best proven lower bound on the objective total.
    public var bound: Double?

    /// Builds a snapshot.
    public init(solver: String, elapsed: Double, incumbent: Double?, bound: Double?) {
        self.solver = solver
        self.elapsed = elapsed
        self.incumbent = incumbent
        self.bound = bound
    }

    /// The relative gap between incumbent and bound (``RelativeGap``), or `nil` until both are known.
    public var gap: Double? { incumbent.flatMap { value in bound.map { RelativeGap.between(value, $0) } } }
}

/// How a solve ended.
public enum SolveStatus: String, Sendable, Equatable {
    /// Proven optimal: the roster's total equals the proven bound (rounded up when every weight
    /// is whole). Never said of a roster that is only within a gap target.
    case optimal
    /// A valid roster the search stopped on before the time limit (at the gap target, or because
    /// it stalled), not proven optimal; `bound` says what was proven, when anything was.
    case feasible
    /// The time limit ended the search; the best roster found is returned.
    case timeLimit = "time-limit"
    /// The roster comes from the greedy heuristic and local search, with no proof of quality.
    case heuristic
    /// The exact solver failed or found nothing in time; the greedy roster is returned.
    case fallback
    /// The search was interrupted (Ctrl-C); the best roster found so far is returned.
    case interrupted
}

/// The result of a solve: the roster and how it was obtained.
public struct SolveOutcome: Sendable {
    /// The roster found; always valid, possibly empty. Replacing or changing it drops ``check``.
    public var roster: Roster { didSet { check = nil } }
    /// The solver that produced the roster.
    public var solver: String
    /// How the solve ended.
    public var status: SolveStatus
    /// One sentence on how the solve ended, for people.
    public var detail: String
    /// Best proven lower bound on the objective total, when the solver proved one.
    public var bound: Double?
    /// Wall-clock seconds spent.
    public var elapsed: Double
    /// Anything else worth telling (e.g. why the exact solver was not used).
    public var notes: [String]
    /// The time limit (or an interruption) ended the greedy construction before it had formed
    /// every session-day: the roster is valid but holds only what was placed by then.
    public var constructionCutShort = false
    /// The checker's report on ``roster``, when the solver checked that very roster and found it
    /// valid: the caller (the `auto` solver, the report) need not check it again, which on a
    /// 10,000-patient week takes a good part of a second. Cleared whenever ``roster`` changes.
    public var check: RosterChecker.Report?

    /// Builds an outcome; `bound` and `notes` are often absent.
    public init(
        roster: Roster, solver: String, status: SolveStatus, detail: String, bound: Double? = nil, elapsed: Double,
        notes: [String] = []
    ) {
        self.roster = roster
        self.solver = solver
        self.status = status
        self.detail = detail
        self.bound = bound
        self.elapsed = elapsed
        self.notes = notes
    }
}

/// The relative gap as GLPK defines it: `|value - bound| / (|value| + eps)`.
public enum RelativeGap {
    /// `|value - bound| / (|value| + ε)`, a fraction (0.01 is 1%); `ε` keeps a zero `value` finite.
    public static func between(_ value: Double, _ bound: Double) -> Double {
        abs(value - bound) / (abs(value) + Double.ulpOfOne)
    }
}
