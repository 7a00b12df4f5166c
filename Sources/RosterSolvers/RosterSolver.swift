import RosterKit

/// A way of building a roster for an instance. Every solver returns a roster that is valid
/// under the spec (the empty roster is always valid), or throws when it cannot run at all.
public protocol RosterSolver: Sendable {
    /// A short name written into roster files and reports ("glpk", "greedy").
    var name: String { get }
    /// A valid roster for `instance` within `options.timeLimit` seconds, with how the search ended;
    /// throws only when the solver cannot run at all.
    func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome
}

/// How long and how hard to search, and how to report progress.
public struct SolveOptions: Sendable {
    /// Wall-clock budget in seconds for the whole solve.
    public var timeLimit: Double
    /// Stop once the relative gap between roster and bound is at most this (0.01 = 1%); 0: no
    /// relative stopping rule.
    public var relativeGap: Double
    /// Stop once the roster is at most this many points above the proven bound; 0: search until
    /// the roster is proven optimal or time runs out.
    public var absoluteGap: Double
    /// Seed of every random choice: same instance, options and seed give the same roster.
    public var seed: UInt64
    /// A roster to start from (GLPK takes it as its first incumbent; local search improves it).
    public var incumbent: Roster?
    /// Whether the caller has already checked the ``incumbent`` and found it valid (the `auto`
    /// solver passes its greedy roster so): it is not checked again.
    public var incumbentIsChecked = false
    /// Called now and then with the search's state; may be called from a solver's thread.
    public var progress: (@Sendable (SolveProgress) -> Void)?
    /// Set it (e.g. on Ctrl-C) to stop the search and return the best roster so far.
    public var cancellation: CancellationFlag
    /// Let GLPK print its own log to the terminal.
    public var verbose: Bool
    /// Seconds the greedy construction may take when that is longer than `timeLimit`: the auto
    /// solver gives the heuristic a share of the time, but its construction is the roster to fall
    /// back on, so it may use the whole limit. `nil`: `timeLimit`.
    public var constructionTimeLimit: Double?
    /// Set by re-planning for the full search it seeds: local search then also pays this price
    /// for every previous patient-hour it moves, so it moves kept assignments only to place hours
    /// (GLPK does not read it). `nil`: the spec's objective alone.
    public var movePrice: MovePrice?

    /// Builds options; by default 30 seconds, no gap targets, seed 1, no incumbent, no progress, quiet.
    public init(
        timeLimit: Double = 30, relativeGap: Double = 0, absoluteGap: Double = 0, seed: UInt64 = 1,
        incumbent: Roster? = nil,
        progress: (@Sendable (SolveProgress) -> Void)? = nil, cancellation: CancellationFlag = CancellationFlag(),
        verbose: Bool = false
    ) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.absoluteGap = absoluteGap
        self.seed = seed
        self.incumbent = incumbent
        self.progress = progress
        self.cancellation = cancellation
        self.verbose = verbose
    }
}

/// What a search pays for moving a previous roster's assignments (see ``SolveOptions/movePrice``).
public struct MovePrice: Sendable {
    /// The roster whose patient-hours (patient, time slot and modality) should stay where they are.
    public var previous: Roster
    /// Points per previous patient-hour the roster no longer holds.
    public var penalty: Double

}

/// A solver could not run at all (not: could not place hours, which is a valid, scored outcome).
public struct SolveError: Error, Sendable, CustomStringConvertible {
    /// What kept the solver from running, in words.
    public var message: String
    /// The time limit (or an interruption) ended the work before it was complete.
    public var ranOutOfTime = false
    /// Builds an error from a sentence.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension SolveError {
    /// Building the integer program did not finish in the time.
    static func programCutShort(_ program: RosterProgram, seconds: Double) -> SolveError {
        var error = SolveError(
            "the time limit passed while building the integer program (\(program.columns.count) variables "
                + "and \(program.rows.count) constraints after \(String(format: "%.1f", seconds)) s)")
        error.ranOutOfTime = true
        return error
    }
}

extension SolveError {
    /// Throws when the instance writes a cohort, day or session in two Unicode spellings: the
    /// solvers would merge what the checker keeps apart (see `Instance.namesSpelledTwoWays`).
    static func requireOneSpellingPerName(_ instance: Instance) throws(SolveError) {
        let problems = instance.namesSpelledTwoWays
        guard problems.isEmpty else {
            throw SolveError(
                "the planner cannot solve this instance yet: \(problems.joined(separator: "; ")); write each "
                    + "name one way")
        }
    }
}
