import RosterKit

/// A way of building a roster for an instance. Every solver returns a roster that is valid
/// under the spec (the empty roster is always valid), or throws when it cannot run at all.
public protocol RosterSolver: Sendable {
    /// A short name written into roster files and reports ("glpk", "greedy").
    var name: String { get }
    func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome
}

/// How long and how hard to search, and how to report progress.
public struct SolveOptions: Sendable {
    /// Wall-clock budget in seconds for the whole solve.
    public var timeLimit: Double
    /// Stop once the relative gap between roster and bound is at most this (0.01 = 1%).
    public var relativeGap: Double
    /// Seed of every random choice: same instance, options and seed give the same roster.
    public var seed: UInt64
    /// A roster to start from (GLPK takes it as its first incumbent; local search improves it).
    public var incumbent: Roster?
    /// Called now and then with the search's state; may be called from a solver's thread.
    public var progress: (@Sendable (SolveProgress) -> Void)?
    /// Set it (e.g. on Ctrl-C) to stop the search and return the best roster so far.
    public var cancellation: CancellationFlag
    /// Let GLPK print its own log to the terminal.
    public var verbose: Bool

    public init(
        timeLimit: Double = 30, relativeGap: Double = 1e-4, seed: UInt64 = 1, incumbent: Roster? = nil,
        progress: (@Sendable (SolveProgress) -> Void)? = nil, cancellation: CancellationFlag = CancellationFlag(),
        verbose: Bool = false
    ) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.seed = seed
        self.incumbent = incumbent
        self.progress = progress
        self.cancellation = cancellation
        self.verbose = verbose
    }
}

/// A snapshot of a running search, for progress lines.
public struct SolveProgress: Sendable {
    public var solver: String
    public var elapsed: Double
    /// Objective total of the best roster so far.
    public var incumbent: Double?
    /// Best proven lower bound on the objective total.
    public var bound: Double?

    public init(solver: String, elapsed: Double, incumbent: Double?, bound: Double?) {
        self.solver = solver
        self.elapsed = elapsed
        self.incumbent = incumbent
        self.bound = bound
    }

    public var gap: Double? { incumbent.flatMap { value in bound.map { RelativeGap.between(value, $0) } } }
}

/// How a solve ended.
public enum SolveStatus: String, Sendable, Equatable {
    /// Proven optimal (within the requested gap).
    case optimal
    /// A roster with a proven bound, stopped at the gap target or by the search itself.
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
    public var roster: Roster
    /// The solver that produced the roster.
    public var solver: String
    public var status: SolveStatus
    /// One sentence on how the solve ended, for people.
    public var detail: String
    /// Best proven lower bound on the objective total, when the solver proved one.
    public var bound: Double?
    /// Wall-clock seconds spent.
    public var elapsed: Double
    /// Anything else worth telling (e.g. why the exact solver was not used).
    public var notes: [String]

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

/// A solver could not run at all (not: could not place hours, which is a valid, scored outcome).
public struct SolveError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension SolveError {
    /// Throws when the instance writes a cohort, day or session in two Unicode spellings: the
    /// solvers would merge what the checker keeps apart (see `Instance.namesSpelledTwoWays`).
    static func requireOneSpellingPerName(_ instance: Instance) throws(SolveError) {
        let problems = instance.namesSpelledTwoWays
        guard problems.isEmpty else {
            throw SolveError("the planner cannot solve this instance yet: \(problems.joined(separator: "; ")); write each name one way")
        }
    }
}

/// The relative gap as GLPK defines it: `|value - bound| / (|value| + eps)`.
public enum RelativeGap {
    public static func between(_ value: Double, _ bound: Double) -> Double {
        abs(value - bound) / (abs(value) + Double.ulpOfOne)
    }
}
