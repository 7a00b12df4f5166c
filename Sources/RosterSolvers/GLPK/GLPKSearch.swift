import RosterKit

/// One GLPK search: whole-program passes for the bound, neighbourhood passes for the roster.
struct GLPKSearch {
    let program: RosterProgram
    let problem: GLPKProblem
    let deadline: Deadline
    let options: SolveOptions
    let tuning: GLPKSolver.Tuning
    var best: (values: [Double], roster: Roster)?
    /// Whether `best` started as the caller's roster rather than the empty one.
    var startedFromGivenRoster = false
    var bound: Double?
    var proven = false
    var lastStatus: MIPStatus?
    var notes: [String] = []
    /// The whole program's root relaxation, for relaxation-induced neighbourhoods.
    private var relaxation: [Double]?
    /// Neighbourhoods tried and improved, per kind.
    private var tallies: [Neighbourhood: (tried: Int, improved: Int)] = [:]

    /// The kinds of neighbourhood, in the order the summary names them.
    private enum Neighbourhood: CaseIterable {
        case reseating, dayWindow, relaxation

        /// What the summary calls them.
        var plural: String {
            switch self {
            case .reseating: "reseatings of a share of the patients"
            case .dayWindow: "windows of one or two days"
            case .relaxation: "neighbourhoods where the relaxation disagrees"
            }
        }
    }

    /// Neighbourhoods GLPK could not solve (an error, not a time limit), and the first error's words.
    private var failedNeighbourhoods = 0
    private var firstNeighbourhoodError: String?

    init(
        program: RosterProgram, problem: GLPKProblem, deadline: Deadline, options: SolveOptions,
        tuning: GLPKSolver.Tuning
    ) {
        self.program = program
        self.problem = problem
        self.deadline = deadline
        self.options = options
        self.tuning = tuning
    }

    /// What the search noted, with a line for neighbourhoods that failed.
    var events: [String] {
        guard failedNeighbourhoods > 0 else { return notes }
        return notes + [
            "GLPK failed on \(failedNeighbourhoods) neighbourhood\(failedNeighbourhoods == 1 ? "" : "s") (first: "
                + "\(firstNeighbourhoodError ?? "unknown error")); the roster before each was kept"
        ]
    }

    var summary: String {
        var text = proven ? "proven optimal" : targetReached ? "stopped within the requested gap" : "best roster found"
        var improvements = Neighbourhood.allCases.compactMap { kind in
            tallies[kind].map { "\($0.improved) of \($0.tried) \(kind.plural)" }
        }
        if let last = improvements.popLast() {
            text +=
                "; neighbourhood search improved "
                + (improvements.isEmpty ? last : improvements.joined(separator: ", ") + " and " + last)
        }
        return text + "."
    }

    var bestObjective: Double? { best.map { problem.objective(of: $0.values) } }

    mutating func run(neighbourhoods: Bool) throws(SolveError) {
        guard !options.cancellation.isCancelled else { return }
        guard best != nil, neighbourhoods, program.index.instance.days.count > 2 else {
            try wholeProgram(seconds: deadline.remaining)
            return
        }
        // A short whole-program pass gives the bound (and may improve the roster). From a given
        // roster it ends early once neither moves, since then its branch and bound rarely finds
        // what the neighbourhoods do; from the empty roster it is where the first roster comes
        // from, often after a long pause (medium-100 alone: 21,280 with the early end, 18,094
        // without). Then cycles of the quick neighbourhoods (reseating, the relaxation's, single
        // days), with pairs of days only once the quick ones stall; then the whole program with
        // what is left.
        let firstPass = max(0.5, deadline.remaining * tuning.firstPassShare)
        try wholeProgram(
            seconds: firstPass, stallSeconds: startedFromGivenRoster ? max(1, firstPass * tuning.stallShare) : nil)
        var generator = SeededGenerator(seed: options.seed)
        let days = program.index.instance.days
        let singleDays = days.map { Set([$0]) }
        let dayPairs = (1..<days.count).flatMap { distance in
            (0..<(days.count - distance)).map { Set([days[$0], days[$0 + distance]]) }
        }
        var stalled = false
        while !stalled, !targetReached, !stopping {
            var improved = false
            if try reseatUntilStalled(using: &generator) { improved = true }
            if try improveWhereRelaxationDisagrees(
                seconds: min(tuning.relaxationMaxSeconds, deadline.remaining * tuning.relaxationShare))
            {
                improved = true
            }
            if try improve(freeing: singleDays, sharingWith: dayPairs.count) { improved = true }
            if !improved { stalled = try !improve(freeing: dayPairs, sharingWith: 0) }
        }
        if !targetReached, deadline.remaining > 0.5, !options.cancellation.isCancelled {
            try wholeProgram(seconds: deadline.remaining)
        }
    }

    /// Whether the caller's stopping rule is met: proven optimal, or within the gap it accepts.
    var targetReached: Bool {
        if proven { return true }
        guard let bound, let best = bestObjective else { return false }
        if best - bound <= options.absoluteGap + 1e-6 { return true }
        return options.relativeGap > 0 && RelativeGap.between(best, bound) <= options.relativeGap
    }

    private var stopping: Bool { deadline.remaining < 0.2 || options.cancellation.isCancelled }

    /// Re-optimises the best roster in each window of days in turn; true if any got better.
    /// Each window gets an even share of what is left among it, the windows after it, and
    /// `laterWindows` more to come.
    private mutating func improve(freeing windows: [Set<String>], sharingWith laterWindows: Int) throws(SolveError)
        -> Bool
    {
        var improved = false
        for (position, window) in windows.enumerated() where !stopping {
            let share = deadline.remaining * tuning.windowShare / Double(windows.count - position + laterWindows)
            let seconds = share.clamped(to: tuning.windowSeconds)
            if try improve(
                .dayWindow, freeing: { [program] in window.contains(program.columnDays[$0]) }, seconds: seconds)
            {
                improved = true
            }
        }
        return improved
    }

    private func mipOptions(seconds: Double, columns: Int, cuts: Bool) -> MIPOptions {
        let start = deadline.elapsed
        var mip = MIPOptions(
            timeLimit: max(0.05, min(seconds, deadline.remaining)), relativeGap: options.relativeGap, presolve: false,
            verbose: options.verbose, startingSolution: best?.values,
            progress: options.progress.map { report in
                { step in
                    report(
                        SolveProgress(
                            solver: "glpk", elapsed: start + step.elapsedSeconds, incumbent: step.incumbentObjective,
                            bound: step.bestBound))
                }
            },
            shouldStop: { [cancellation = options.cancellation] in cancellation.isCancelled })
        mip.cuts = cuts
        mip.branching = columns <= tuning.tableauBranchingColumnLimit ? .driebeckTomlin : .mostFractional
        return mip
    }

    private mutating func wholeProgram(seconds: Double, stallSeconds: Double? = nil) throws(SolveError) {
        // Root cuts run without calling back (no deadline, no Ctrl-C): only where they are quick.
        var mip = mipOptions(
            seconds: seconds, columns: program.columns.count, cuts: program.columns.count <= tuning.cutsColumnLimit)
        mip.stallSeconds = stallSeconds
        let outcome = try attempt(mip)
        if relaxation == nil { relaxation = outcome.relaxationValues }
        if var value = outcome.bestBound {
            // When every roster's total is a whole number, so is the optimum: round the bound up.
            if program.hasWholeTotals { value = (value - 1e-6).rounded(.up) }
            bound = max(bound ?? -.infinity, value)
        }
        if case .optimal = outcome.status { proven = true }
        lastStatus = outcome.status
        accept(outcome)
        if let bound, let best = bestObjective, bound >= best - 1e-6 { proven = true }
    }

    /// The relative gap a neighbourhood stops at. A neighbourhood's total includes the whole
    /// fixed week, so a relative gap (0.1% of the week) would stop it before it improves
    /// anything once the roster is near the bound: there it searches to proof or time. Far
    /// from the bound (filling the empty roster, say) `tuning.farGap` lets it move on quickly.
    private var neighbourhoodGap: Double {
        guard let bound, let best = bestObjective, best - bound <= tuning.nearBound * abs(best) else {
            return tuning.farGap
        }
        return 0
    }

    /// Rounds of reseating, each with fresh random shares, while they improve the roster; when
    /// rounds are cheap (hundredths of a second on small weeks, where a later round often finds
    /// what an earlier one missed), until `tuning.reseatingPatience` rounds in a row improve nothing.
    /// True if any round improved the roster.
    private mutating func reseatUntilStalled(using generator: inout SeededGenerator) throws(SolveError) -> Bool {
        var improved = false
        var idleRounds = 0
        while !stopping {
            let (start, left) = (deadline.elapsed, deadline.remaining)
            if try reseat(parts: tuning.reseatingParts, using: &generator) {
                improved = true
                idleRounds = 0
                continue
            }
            idleRounds += 1
            let cheap = deadline.elapsed - start <= tuning.cheapRoundShare * left
            if !cheap || idleRounds >= tuning.reseatingPatience { break }
        }
        return improved
    }

    /// Re-fills the best roster's groups: the patients, split at random into `parts` shares,
    /// may change their days one share at a time, while every group, room and leader stays.
    /// These neighbourhoods span the whole week yet solve in well under a second, since the
    /// fixed groups leave little to branch on; they repair what day windows cannot, such as
    /// a patient kept away from last week's days. True if any share improved the roster.
    private mutating func reseat(parts: Int, using generator: inout SeededGenerator) throws(SolveError) -> Bool {
        var types = Array(program.partition.types.indices)
        types.seededShuffle(using: &generator)
        let share = (types.count + parts - 1) / parts
        var improved = false
        for start in stride(from: 0, to: types.count, by: max(1, share)) where !stopping {
            let free = program.reseatingColumns(movingTypes: types[start..<min(types.count, start + share)])
            if try improve(
                .reseating, freeing: { free.contains($0) },
                seconds: (deadline.remaining * tuning.reseatingShare).clamped(to: tuning.reseatingSeconds))
            {
                improved = true
            }
        }
        return improved
    }

    /// Relaxation-induced neighbourhood search (RINS): re-optimises the columns where the best
    /// roster and the root relaxation disagree, with the others fixed where both agree. Skipped
    /// when they disagree on half the columns or more (from the empty roster, say): that is
    /// hardly smaller than the whole program.
    private mutating func improveWhereRelaxationDisagrees(seconds: Double) throws(SolveError) -> Bool {
        guard let relaxation, let current = best?.values, !stopping else { return false }
        let disagree = Set(current.indices.filter { abs(relaxation[$0] - current[$0]) > 1e-6 })
        guard disagree.count * 2 < current.count else { return false }
        return try improve(.relaxation, freeing: { disagree.contains($0) }, seconds: seconds)
    }

    /// Re-optimises the best roster with only the columns `isFree` accepts free, for at most
    /// `seconds`, and counts the try under `kind`; true if it got better.
    private mutating func improve(_ kind: Neighbourhood, freeing isFree: (Int) -> Bool, seconds: Double)
        throws(SolveError) -> Bool
    {
        tallies[kind, default: (0, 0)].tried += 1
        let improved = try improve(freeing: isFree, seconds: seconds)
        if improved { tallies[kind, default: (0, 0)].improved += 1 }
        return improved
    }

    /// Re-optimises the best roster with only the columns `isFree` accepts free, for at most
    /// `seconds`; true if it got better.
    ///
    /// The neighbourhood is solved as its own small problem (the rest folded into its bounds),
    /// so GLPK's relaxations stay small whatever the size of the week.
    private mutating func improve(freeing isFree: (Int) -> Bool, seconds: Double) throws(SolveError) -> Bool {
        guard let current = best else { return false }
        let window = RestrictedProgram(program, freeing: isFree, at: current.values)
        guard !window.columns.isEmpty else { return false }
        let before = problem.objective(of: current.values)
        let subproblem: GLPKProblem
        do {
            subproblem = try GLPKProblem(name: "window")
            subproblem.setObjective(direction: .minimize)
            try subproblem.setObjectiveConstant(window.objectiveConstant)
            _ = try subproblem.addColumns(window.columns)
            _ = try subproblem.addRows(window.rows)
        } catch {
            notes.append("a neighbourhood could not be built: \(error)")
            return false
        }
        var mip = mipOptions(seconds: seconds, columns: window.columns.count, cuts: false)
        mip.progress = nil
        mip.startingSolution = window.start
        mip.relativeGap = neighbourhoodGap
        let outcome: MIPOutcome
        do {
            outcome = try subproblem.solve(options: mip)
        } catch {
            failedNeighbourhoods += 1
            if firstNeighbourhoodError == nil { firstNeighbourhoodError = "\(error)" }
            return false
        }
        guard let solution = outcome.solution, solution.objectiveValue < before - 1e-6 else { return false }
        let values = window.expand(solution.values)
        guard problem.objective(of: values) < before - 1e-6, let roster = program.roster(from: values) else {
            return false
        }
        best = (values, roster)
        return true
    }

    private func attempt(_ mip: MIPOptions) throws(SolveError) -> MIPOutcome {
        do {
            return try problem.solve(options: mip)
        } catch {
            guard mip.startingSolution != nil else { throw SolveError("GLPK could not run: \(error)") }
            var withoutStart = mip
            withoutStart.startingSolution = nil
            do { return try problem.solve(options: withoutStart) } catch {
                throw SolveError("GLPK could not run: \(error)")
            }
        }
    }

    /// Takes the outcome's solution if it is better and turns into a roster; true if taken.
    @discardableResult
    private mutating func accept(_ outcome: MIPOutcome) -> Bool {
        guard let solution = outcome.solution else { return false }
        if let current = bestObjective, solution.objectiveValue >= current - 1e-6 { return false }
        guard let roster = program.roster(from: solution.values) else {
            notes.append("a GLPK solution could not be turned into named patients and was skipped")
            return false
        }
        best = (solution.values, roster)
        return true
    }
}

extension Double {
    /// The value, moved into `range` when it lies outside.
    func clamped(to range: ClosedRange<Double>) -> Double {
        Swift.min(Swift.max(self, range.lowerBound), range.upperBound)
    }
}
