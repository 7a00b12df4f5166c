internal import CGLPK
import RosterKit

/// Solves the roster exactly with GLPK: the aggregated integer program of ``RosterProgram``,
/// turned back into named patients.
///
/// It alternates between the whole program, for the proven bound, and large-neighbourhood
/// search: everything is fixed to the best roster except a part that GLPK re-optimises
/// exactly: the days of a share of the patients (groups kept), the columns where the root
/// relaxation disagrees, or one or two whole days. The search starts from the given roster (the
/// `auto` solver passes the greedy one) or else from the empty roster. Creating, solving and
/// freeing the GLPK problem happen inside this one synchronous call, on one thread, as GLPK
/// requires.
public struct GLPKSolver: RosterSolver {
    public let name = "glpk"
    /// Whether to improve a starting roster by neighbourhood search.
    public var neighbourhoodSearch: Bool

    public init(neighbourhoodSearch: Bool = true) {
        self.neighbourhoodSearch = neighbourhoodSearch
    }

    public func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        try SolveError.requireOneSpellingPerName(instance)
        return try GLPKLibrary.inThreadEnvironment { () throws(SolveError) in try solveInThreadEnvironment(instance, options: options) }
    }


    private func solveInThreadEnvironment(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        let deadline = Deadline(seconds: options.timeLimit)
        let program = RosterProgram(instance)
        let problem = try load(program)
        var search = Search(program: program, problem: problem, deadline: deadline, options: options)
        // Without a starting roster, the empty one (nobody scheduled, always valid) starts the
        // neighbourhood search, which fills it a day or two at a time.
        let zeros = [Double](repeating: 0, count: program.columns.count)
        if let incumbent = options.incumbent, let values = program.values(for: incumbent),
            (try? problem.checkSolution(values)) != nil
        {
            search.best = (values, incumbent)
            search.startedFromGivenRoster = true
        } else if let empty = program.roster(from: zeros) {
            search.best = (zeros, empty)
        }
        try search.run(neighbourhoods: neighbourhoodSearch)

        let notes = ["program: \(program.columns.count) variables, \(program.rows.count) constraints, \(program.partition.types.count) patient types"] + search.notes
        let status: SolveStatus =
            search.proven ? .optimal : options.cancellation.isCancelled ? .interrupted : deadline.hasPassed ? .timeLimit : .feasible
        guard let best = search.best else {
            return SolveOutcome(
                roster: .empty, solver: name, status: status,
                detail: "GLPK: \(search.lastStatus?.description ?? "no solution was found.") The empty roster (always valid) is returned.",
                bound: search.bound, elapsed: deadline.elapsed, notes: notes)
        }
        return SolveOutcome(
            roster: best.roster, solver: name,
            status: status, detail: "GLPK: \(search.summary)", bound: search.bound, elapsed: deadline.elapsed, notes: notes)
    }

    /// The program as a GLPK problem.
    func load(_ program: RosterProgram) throws(SolveError) -> GLPKProblem {
        do {
            let problem = try GLPKProblem(name: program.index.instance.name.map(RosterProgram.sanitize) ?? "roster")
            problem.setObjective(direction: .minimize)
            try problem.setObjectiveConstant(program.objectiveConstant)
            _ = try problem.addColumns(program.columns)
            _ = try problem.addRows(program.rows)
            return problem
        } catch {
            throw SolveError("the integer program could not be built: \(error)")
        }
    }

    /// Writes the integer program in CPLEX LP or free MPS format, for other solvers to compare.
    ///
    /// GLPK's MPS writer drops the objective constant, so the file carries it as a column fixed
    /// at 1 (`objective_constant`): every solver then reports the roster's own objective total.
    public static func exportModel(of instance: Instance, format: ModelFormat, to path: String) throws(SolveError) {
        try SolveError.requireOneSpellingPerName(instance)
        try GLPKLibrary.inThreadEnvironment { () throws(SolveError) in try exportModelInThreadEnvironment(of: instance, format: format, to: path) }
    }

    private static func exportModelInThreadEnvironment(of instance: Instance, format: ModelFormat, to path: String) throws(SolveError) {
        let program = RosterProgram(instance)
        let problem = try GLPKSolver().load(program)
        do {
            try problem.setObjectiveConstant(0)
            try problem.addColumn(name: "objective_constant", kind: .continuous, lowerBound: 1, upperBound: 1, objective: program.objectiveConstant)
            switch format {
            case .lp: try problem.writeLP(to: path)
            case .mps: try problem.writeMPS(to: path)
            }
        } catch {
            throw SolveError("\(error)")
        }
    }
}

/// File formats of an exported integer program.
public enum ModelFormat: String, CaseIterable, Sendable {
    case lp, mps
}

/// One GLPK search: whole-program passes for the bound, neighbourhood passes for the roster.
private struct Search {
    let program: RosterProgram
    let problem: GLPKProblem
    let deadline: Deadline
    let options: SolveOptions
    var best: (values: [Double], roster: Roster)?
    /// Whether `best` started as the caller's roster rather than the empty one.
    var startedFromGivenRoster = false
    var bound: Double?
    var proven = false
    var improvedIncumbent = false
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

    init(program: RosterProgram, problem: GLPKProblem, deadline: Deadline, options: SolveOptions) {
        self.program = program
        self.problem = problem
        self.deadline = deadline
        self.options = options
    }

    var summary: String {
        var text = proven ? "proven optimal" : "best roster found"
        var improvements = Neighbourhood.allCases.compactMap { kind in
            tallies[kind].map { "\($0.improved) of \($0.tried) \(kind.plural)" }
        }
        if let last = improvements.popLast() {
            text += "; neighbourhood search improved " + (improvements.isEmpty ? last : improvements.joined(separator: ", ") + " and " + last)
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
        let firstPass = max(0.5, deadline.remaining * 0.35)
        try wholeProgram(seconds: firstPass, stallSeconds: startedFromGivenRoster ? max(1, firstPass * Self.stallShare) : nil)
        var generator = SeededGenerator(seed: options.seed)
        let days = program.index.instance.days
        let singleDays = days.map { Set([$0]) }
        let dayPairs = (1..<days.count).flatMap { distance in
            (0..<(days.count - distance)).map { Set([days[$0], days[$0 + distance]]) }
        }
        var stalled = false
        while !stalled, !proven, !stopping {
            var improved = false
            if try reseatUntilStalled(using: &generator) { improved = true }
            if try improveWhereRelaxationDisagrees(seconds: min(10, deadline.remaining * 0.15)) { improved = true }
            if try improve(freeing: singleDays, sharingWith: dayPairs.count) { improved = true }
            if !improved { stalled = try !improve(freeing: dayPairs, sharingWith: 0) }
        }
        if !proven, deadline.remaining > 0.5, !options.cancellation.isCancelled {
            try wholeProgram(seconds: deadline.remaining)
        }
    }

    /// Largest program that gets root cuts: measured to take well under a second up to here.
    static let cutsColumnLimit = 1_500

    private var stopping: Bool { deadline.remaining < 0.2 || options.cancellation.isCancelled }

    /// Re-optimises the best roster in each window of days in turn; true if any got better.
    /// Each window gets an even share of what is left among it, the windows after it, and
    /// `laterWindows` more to come.
    private mutating func improve(freeing windows: [Set<String>], sharingWith laterWindows: Int) throws(SolveError) -> Bool {
        var improved = false
        for (position, window) in windows.enumerated() where !stopping {
            let seconds = max(1, min(10, deadline.remaining * 0.8 / Double(windows.count - position + laterWindows)))
            if try improve(.dayWindow, freeing: { [program] in window.contains(program.columnDays[$0]) }, seconds: seconds) { improved = true }
        }
        return improved
    }

    /// Largest program branched on by Driebeck and Tomlin's rule; larger ones take the most
    /// fractional variable, because the estimate costs seconds per node there without calling back.
    static let tableauBranchingColumnLimit = 3_000

    private func mipOptions(seconds: Double, columns: Int, cuts: Bool) -> MIPOptions {
        let start = deadline.elapsed
        var mip = MIPOptions(
            timeLimit: max(0.05, min(seconds, deadline.remaining)), relativeGap: options.relativeGap, presolve: false,
            verbose: options.verbose, startingSolution: best?.values,
            progress: options.progress.map { report in
                { step in
                    report(SolveProgress(solver: "glpk", elapsed: start + step.elapsedSeconds, incumbent: step.incumbentObjective, bound: step.bestBound))
                }
            },
            shouldStop: { [cancellation = options.cancellation] in cancellation.isCancelled })
        mip.cuts = cuts
        mip.branching = columns <= Self.tableauBranchingColumnLimit ? .driebeckTomlin : .mostFractional
        return mip
    }

    /// Share of the first whole-program pass after which it stops if neither roster nor bound
    /// has moved: the neighbourhoods make better use of that time.
    static let stallShare = 0.2

    private mutating func wholeProgram(seconds: Double, stallSeconds: Double? = nil) throws(SolveError) {
        // Root cuts run without calling back (no deadline, no Ctrl-C): only where they are quick.
        var mip = mipOptions(seconds: seconds, columns: program.columns.count, cuts: program.columns.count <= Self.cutsColumnLimit)
        mip.stallSeconds = stallSeconds
        let outcome = try attempt(mip)
        if relaxation == nil { relaxation = outcome.relaxationValues }
        if var value = outcome.bestBound {
            // When every roster's total is a whole number, so is the optimum: round the bound up.
            if program.hasWholeTotals { value = (value - 1e-6).rounded(.up) }
            bound = max(bound ?? -.infinity, value)
        }
        if case .optimal = outcome.status { proven = true }
        if case .feasible(reason: .gapReached) = outcome.status { proven = true }
        lastStatus = outcome.status
        accept(outcome)
        if let bound, let best = bestObjective, bound >= best - 1e-6 { proven = true }
    }

    /// How close to the bound the roster must be before neighbourhoods search to proof.
    static let nearBound = 0.05

    /// The relative gap a neighbourhood stops at. A neighbourhood's total includes the whole
    /// fixed week, so the caller's gap (0.1% of the week) would stop it before it improves
    /// anything once the roster is near the bound: there it searches to proof or time. Far
    /// from the bound (filling the empty roster, say) the caller's gap lets it move on quickly.
    private var neighbourhoodGap: Double {
        guard let bound, let best = bestObjective, best - bound <= Self.nearBound * abs(best) else { return options.relativeGap }
        return 0
    }

    /// How many random shares of the patients move in turn when reseating.
    static let reseatingParts = 4

    /// Rounds in a row without improvement after which cheap reseating gives way to other
    /// neighbourhoods.
    static let reseatingPatience = 3
    /// A reseating round is cheap when it takes at most this share of the time left.
    static let cheapRoundShare = 0.01

    /// Rounds of reseating, each with fresh random shares, while they improve the roster; when
    /// rounds are cheap (hundredths of a second on small weeks, where a later round often finds
    /// what an earlier one missed), until `reseatingPatience` rounds in a row improve nothing.
    /// True if any round improved the roster.
    private mutating func reseatUntilStalled(using generator: inout SeededGenerator) throws(SolveError) -> Bool {
        var improved = false
        var idleRounds = 0
        while !stopping {
            let (start, left) = (deadline.elapsed, deadline.remaining)
            if try reseat(parts: Self.reseatingParts, using: &generator) {
                improved = true
                idleRounds = 0
                continue
            }
            idleRounds += 1
            let cheap = deadline.elapsed - start <= Self.cheapRoundShare * left
            if !cheap || idleRounds >= Self.reseatingPatience { break }
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
            if try improve(.reseating, freeing: { free.contains($0) }, seconds: max(1, min(5, deadline.remaining * 0.1))) { improved = true }
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
    private mutating func improve(_ kind: Neighbourhood, freeing isFree: (Int) -> Bool, seconds: Double) throws(SolveError) -> Bool {
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
        guard let outcome = try? subproblem.solve(options: mip), let solution = outcome.solution,
            solution.objectiveValue < before - 1e-6
        else { return false }
        let values = window.expand(solution.values)
        guard problem.objective(of: values) < before - 1e-6, let roster = program.roster(from: values) else { return false }
        best = (values, roster)
        improvedIncumbent = true
        return true
    }

    private func attempt(_ mip: MIPOptions) throws(SolveError) -> MIPOutcome {
        do {
            return try problem.solve(options: mip)
        } catch {
            guard mip.startingSolution != nil else { throw SolveError("GLPK could not run: \(error)") }
            var withoutStart = mip
            withoutStart.startingSolution = nil
            do { return try problem.solve(options: withoutStart) } catch { throw SolveError("GLPK could not run: \(error)") }
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
        improvedIncumbent = true
        return true
    }
}

extension GLPKProblem {
    /// The objective value of column values, constant included.
    func objective(of values: [Double]) -> Double {
        (try? checkSolution(values, tolerance: 1e-4).objectiveValue) ?? .infinity
    }
}
