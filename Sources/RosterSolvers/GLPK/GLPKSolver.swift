internal import CGLPK
import RosterKit

/// Solves the roster exactly with GLPK: the aggregated integer program of `RosterProgram`,
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
    /// `glpk`.
    public let name = "glpk"
    /// Whether to improve a starting roster by neighbourhood search.
    public var neighbourhoodSearch: Bool
    /// The search's knobs.
    public var tuning: Tuning

    /// Builds the GLPK solver; by default it runs the neighbourhood search with the measured ``Tuning``.
    public init(neighbourhoodSearch: Bool = true, tuning: Tuning = Tuning()) {
        self.neighbourhoodSearch = neighbourhoodSearch
        self.tuning = tuning
    }

    /// Solves the instance's integer program with GLPK within `options.timeLimit`, from `options.incumbent` if given.
    public func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        try SolveError.requireOneSpellingPerName(instance)
        return try GLPKLibrary.inThreadEnvironment { () throws(SolveError) in
            try solveInThreadEnvironment(instance, options: options)
        }
    }

    private func solveInThreadEnvironment(_ instance: Instance, options: SolveOptions) throws(SolveError)
        -> SolveOutcome
    {
        let deadline = Deadline(seconds: options.timeLimit)
        let cancellation = options.cancellation
        // The bound capacity alone forces, reported whatever happens next: measured first, within
        // the time (on thousands of session-days it takes a tenth of a second or more).
        let capacity = WeekCapacity(instance)
        let program = RosterProgram(instance, shouldStop: { deadline.hasPassed || cancellation.isCancelled })
        if program.cutShort {
            return cutShortOutcome(instance, program: program, capacity: capacity, deadline: deadline, options: options)
        }
        let problem = try load(program)
        // Loading a large program into GLPK takes a while: with no time left, do not start a search.
        if deadline.hasPassed || cancellation.isCancelled {
            return cutShortOutcome(instance, program: program, capacity: capacity, deadline: deadline, options: options)
        }
        var search = GLPKSearch(
            program: program, problem: problem, deadline: deadline, options: options, tuning: tuning)
        // Without a starting roster, the empty one (nobody scheduled, always valid) starts the
        // neighbourhood search, which fills it a day or two at a time.
        let zeros = [Double](repeating: 0, count: program.columns.count)
        var startingNote: String?
        if let incumbent = options.incumbent {
            if let values = program.values(for: incumbent) {
                do {
                    _ = try problem.checkSolution(values)
                    search.best = (values, incumbent)
                    search.startedFromGivenRoster = true
                } catch {
                    startingNote =
                        "the given roster is not a solution of the program (\(error)); the search starts empty"
                }
            } else {
                startingNote = "the given roster cannot be written in the program's columns; the search starts empty"
            }
        }
        if search.best == nil, let empty = program.roster(from: zeros) {
            search.best = (zeros, empty)
        }
        try search.run(neighbourhoods: neighbourhoodSearch)

        var notes =
            [
                "program: \(program.columns.count) variables, \(program.rows.count) constraints, "
                    + "\(program.partition.types.count) patient types"
            ] + (startingNote.map { [$0] } ?? []) + search.events
        // Without a root relaxation in the time, the week still gets a bound: the unmet hours
        // that capacity alone forces. Either way the stronger of the two stands.
        let bound = max(search.bound ?? -.infinity, capacity.lowerBound)
        if search.bound == nil {
            notes.append(
                "GLPK's root relaxation did not finish in the time, so the bound is only what capacity alone "
                    + "forces: \(capacity.forcedUnmetHours) unmet hours")
        }
        let status: SolveStatus =
            search.proven
            ? .optimal : options.cancellation.isCancelled ? .interrupted : deadline.hasPassed ? .timeLimit : .feasible
        guard let best = search.best else {
            return SolveOutcome(
                roster: .empty, solver: name, status: status,
                detail: "GLPK: \(search.lastStatus?.description ?? "no solution was found.") The empty roster "
                    + "(always valid) is returned.",
                bound: bound, elapsed: deadline.elapsed, notes: notes)
        }
        var outcome = SolveOutcome(
            roster: best.roster, solver: name,
            status: status, detail: "GLPK: \(search.summary)", bound: bound, elapsed: deadline.elapsed, notes: notes)
        if let total = search.bestObjective { outcome.settleStatus(total: total, weights: instance.policy.weights) }
        return outcome
    }

    /// When the time ran out (or the search was cancelled) before the program was built: the given
    /// roster when it keeps every hard rule, else the empty roster (always valid), with the
    /// capacity bound and a note saying why GLPK did not search.
    private func cutShortOutcome(
        _ instance: Instance, program: RosterProgram, capacity: WeekCapacity, deadline: Deadline, options: SolveOptions
    ) -> SolveOutcome {
        let why = SolveError.programCutShort(program, seconds: deadline.elapsed).message
        let given = options.incumbent.flatMap { incumbent in
            options.incumbentIsChecked || RosterChecker(instance).check(incumbent).isValid ? incumbent : nil
        }
        return SolveOutcome(
            roster: given ?? .empty, solver: name,
            status: options.cancellation.isCancelled ? .interrupted : .timeLimit,
            detail: "GLPK did not search: \(why). "
                + (given == nil ? "The empty roster (always valid) is returned." : "The given roster is returned."),
            bound: capacity.lowerBound, elapsed: deadline.elapsed,
            notes: [
                "GLPK's root relaxation did not finish in the time (the program was not even built), so the bound "
                    + "is only what capacity alone forces: \(capacity.forcedUnmetHours) unmet hours"
            ])
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
    /// With `timeLimit`, building the program and writing the file stop at it and throw
    /// (``SolveError/ranOutOfTime``; a file cut short is half written, for the caller to discard).
    /// `built` is called once the program is built, before the writing starts (for stage times).
    public static func exportModel(
        of instance: Instance, format: ModelFormat, to path: String, timeLimit: Double? = nil,
        built: () -> Void = {}
    ) throws(SolveError) {
        try SolveError.requireOneSpellingPerName(instance)
        try GLPKLibrary.inThreadEnvironment { () throws(SolveError) in
            try exportModelInThreadEnvironment(
                of: instance, format: format, to: path, timeLimit: timeLimit, built: built)
        }
    }

    private static func exportModelInThreadEnvironment(
        of instance: Instance, format: ModelFormat, to path: String, timeLimit: Double?, built: () -> Void
    ) throws(SolveError) {
        let deadline = timeLimit.map { Deadline(seconds: $0) }
        let program = RosterProgram(instance, shouldStop: { deadline?.hasPassed ?? false })
        if program.cutShort { throw SolveError.programCutShort(program, seconds: deadline?.elapsed ?? 0) }
        let problem = try GLPKSolver().load(program)
        do {
            try problem.setObjectiveConstant(0)
            try problem.addColumn(
                name: "objective_constant", kind: .continuous, lowerBound: 1, upperBound: 1,
                objective: program.objectiveConstant)
            built()
            switch format {
            case .lp: try problem.writeLP(to: path, deadline: deadline)
            case .mps: try problem.writeMPS(to: path, deadline: deadline)
            }
        } catch .exportTimedOut {
            var error = SolveError(
                "the time limit passed while writing the model (\(program.columns.count) variables and "
                    + "\(program.rows.count) constraints, built in time) after "
                    + "\(String(format: "%.1f", deadline?.elapsed ?? 0)) s")
            error.ranOutOfTime = true
            throw error
        } catch {
            throw SolveError("\(error)")
        }
    }
}

/// File formats of an exported integer program.
public enum ModelFormat: String, CaseIterable, Sendable {
    /// CPLEX LP (`lp`) or free MPS (`mps`), as GLPK writes them.
    case lp, mps
}

extension GLPKProblem {
    /// The objective value of column values, constant included.
    func objective(of values: [Double]) -> Double {
        (try? checkSolution(values, tolerance: 1e-4).objectiveValue) ?? .infinity
    }
}
