// Solver-neutral options for, and results of, one solve.

/// How to run one solve.
///
/// The closures are called synchronously on the solving thread, from inside the
/// branch-and-bound search; keep them cheap and do not touch the problem from them.
struct MIPOptions {
    /// Wall-clock limit in seconds for the whole solve (relaxation included); `nil` for none.
    var timeLimit: Double?
    /// Stop once `|incumbent − bound| / (|incumbent| + ε)` is at most this; 0 searches to optimality.
    var relativeGap: Double = 0
    /// Let the solver simplify the problem first. Ignored (off) when a starting solution is given.
    ///
    /// Off by default because it weakens the time limit: GLPK's MIP presolver cannot be
    /// interrupted, and afterwards it gives the root LP the *whole* time limit again, so on
    /// a 50 000-column model a 0.05 s limit took 0.75 s. Without it the limit holds to about 0.1 s.
    var presolve: Bool = false
    /// Send the solver's log to standard error; when off the solver prints nothing.
    var verbose: Bool = false
    /// A feasible value for every column, offered to the search as its first incumbent.
    var startingSolution: [Double]?
    /// Called with search progress at most about four times a second.
    var progress: ((MIPProgress) -> Void)?
    /// Polled during the search; return `true` to stop it (e.g. after Ctrl-C).
    var shouldStop: (() -> Bool)?
    /// Stop once neither the incumbent nor the bound has improved for this many seconds (after
    /// the root relaxation); `nil` searches until the time limit.
    var stallSeconds: Double?
    /// Backtrack to the node of best projection instead of GLPK's best local bound: finds
    /// better rosters sooner on the programs measured. (Pseudocost branching, also tried, spends
    /// seconds initialising without calling back, so it can overrun any deadline: not offered.)
    var bestProjectionBacktracking = true
    /// How to choose the variable to branch on.
    var branching = MIPBranching.driebeckTomlin
    /// Mixed-integer rounding, Gomory and cover cuts at the root. They raise the bound on small
    /// programs, but GLPK generates them without calling back, so they can overrun a deadline.
    var cuts = false

    init(
        timeLimit: Double? = nil,
        relativeGap: Double = 0,
        presolve: Bool = false,
        verbose: Bool = false,
        startingSolution: [Double]? = nil,
        progress: ((MIPProgress) -> Void)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.presolve = presolve
        self.verbose = verbose
        self.startingSolution = startingSolution
        self.progress = progress
        self.shouldStop = shouldStop
    }

    /// Throws if a numeric option is out of range.
    func validate() throws(MIPError) {
        if let timeLimit, !(timeLimit.isFinite && timeLimit > 0) {
            throw .invalidOption("the time limit must be a positive number of seconds, not \(timeLimit)")
        }
        if let stallSeconds, !(stallSeconds.isFinite && stallSeconds > 0) {
            throw .invalidOption("the stall limit must be a positive number of seconds, not \(stallSeconds)")
        }
        if !(relativeGap.isFinite && relativeGap >= 0) {
            throw .invalidOption("the relative gap must be zero or positive, not \(relativeGap)")
        }
    }
}

/// The rule that picks the fractional variable to branch on.
enum MIPBranching: Sendable {
    /// Driebeck and Tomlin's degradation estimate: the better tree, but it computes a row
    /// of the simplex tableau for every fractional variable without calling back, which
    /// takes seconds per node on large programs (13-15 s on a 26 000-column roster program,
    /// so a 30 s limit ran 40 s).
    case driebeckTomlin
    /// The most fractional variable: cheap at every size.
    case mostFractional
}

/// Column values and objective of one solution.
struct MIPSolution: Hashable, Sendable {
    /// Objective value, including the objective constant.
    var objectiveValue: Double
    /// One value per column, in column order.
    var values: [Double]

    /// The value of one column.
    subscript(column: ColumnIndex) -> Double { values[column.rawValue] }
}

/// What happened to the starting solution passed in `MIPOptions`.
enum StartingSolutionUse: Hashable, Sendable {
    /// None was given.
    case notGiven
    /// The search took it as its incumbent.
    case injected
    /// The search never took it and found nothing better, so it is returned as the solution.
    case returnedAsFallback
    /// The search never needed it: it found something at least as good, or ended without a verdict that could use it.
    case notNeeded
}

/// The result of one solve.
struct MIPOutcome: Sendable {
    /// How the solve ended.
    var status: MIPStatus
    /// The best solution, present exactly when `status.hasSolution`.
    var solution: MIPSolution?
    /// Best proven bound on the optimum (lower when minimising, upper when maximising), if known.
    var bestBound: Double?
    /// `|objective − bound| / (|objective| + ε)`, if both are known; 0 when optimal.
    var relativeGap: Double?
    /// Wall-clock seconds spent in `solve`.
    var elapsedSeconds: Double
    /// Branch-and-bound nodes created, if the search started.
    var nodeCount: Int?
    /// What happened to the starting solution.
    var startingSolution: StartingSolutionUse
    /// The optimal solution of the LP relaxation at the root, one value per column, if it was solved.
    var relaxationValues: [Double]? = nil

    /// Objective of the solution, if there is one.
    var objectiveValue: Double? { solution?.objectiveValue }
}
