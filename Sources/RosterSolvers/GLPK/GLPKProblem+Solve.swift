internal import CGLPK
import Foundation
import RosterKit

extension GLPKProblem {
    /// Solves the problem as a mixed-integer program.
    ///
    /// Throws only for invalid options or an unusable starting solution; every solver
    /// verdict, failures included, is reported in `MIPOutcome.status`.
    ///
    /// Without presolve (the default, and always the case with a starting solution) the LP
    /// relaxation is solved first with `glp_simplex` under the time limit, then `glp_intopt`
    /// searches from it; the starting solution is injected at the first heuristic callback.
    /// The time limit is enforced both by GLPK's own `tm_lim` and by a monotonic-clock
    /// check in the branch-and-cut callback, because `tm_lim` alone can overshoot.
    func solve(options: MIPOptions = MIPOptions()) throws(MIPError) -> MIPOutcome {
        affinity.check()
        try options.validate()
        // GLPK aborts on a problem without columns; its only solution is the empty one.
        if columnCount == 0 {
            let solution = MIPSolution(objectiveValue: objectiveConstant, values: [])
            return MIPOutcome(
                status: .optimal, solution: solution, bestBound: objectiveConstant, relativeGap: 0, elapsedSeconds: 0,
                nodeCount: nil, startingSolution: options.startingSolution == nil ? .notGiven : .notNeeded)
        }
        var starting: CheckedSolution?
        if let values = options.startingSolution { starting = try checkSolution(values) }

        let search = GLPKSearchContext(
            options: options,
            minimizing: objectiveDirection == .minimize,
            startingValues: starting?.values
        )
        let terminal = GLPKTerminal(verbose: options.verbose)
        defer { terminal.restore() }

        let presolve = options.presolve && starting == nil
        var relaxationBound: Double?
        if !presolve {
            switch solveRelaxation(search, verbose: options.verbose) {
            case .optimal(let objective):
                relaxationBound = objective
                search.relaxationValues = (1...columnCount).map { glp_get_col_prim(pointer, Int32($0)) }
            case .ended(let status): return outcome(status, search, starting, relaxationBound: nil)
            }
        }
        if search.deadlinePassed {
            return outcome(.noSolutionFound(reason: .timeLimit), search, starting, relaxationBound: relaxationBound)
        }
        if options.shouldStop?() == true {
            return outcome(.noSolutionFound(reason: .stopped), search, starting, relaxationBound: relaxationBound)
        }

        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.msg_lev = options.verbose ? GLP_MSG_ON : GLP_MSG_OFF
        parameters.presolve = presolve ? GLP_ON : GLP_OFF
        parameters.mip_gap = options.relativeGap
        if options.bestProjectionBacktracking { parameters.bt_tech = GLP_BT_BPH }
        parameters.br_tech =
            switch options.branching {
            case .driebeckTomlin: GLP_BR_DTH
            case .mostFractional: GLP_BR_MFV
            }
        if options.cuts {
            parameters.mir_cuts = GLP_ON
            parameters.gmi_cuts = GLP_ON
            parameters.cov_cuts = GLP_ON
        }
        parameters.tm_lim = search.remainingMilliseconds
        parameters.cb_func = glpkSearchCallback
        parameters.cb_info = Unmanaged.passUnretained(search).toOpaque()
        let code = withExtendedLifetime(search) {
            GLPKReturnCode(rawValue: glp_intopt(pointer, &parameters))
        }
        let solutionStatus = GLPKSolutionStatus(rawValue: glp_mip_status(pointer))
        let status = code.mipStatus(solution: solutionStatus, stopCause: search.stopCause)
        return outcome(status, search, starting, relaxationBound: relaxationBound)
    }

    private enum RelaxationResult {
        case optimal(objective: Double)
        case ended(MIPStatus)
    }

    /// Solves the LP relaxation within the remaining time, leaving an optimal basis for `glp_intopt`.
    ///
    /// Scaling and the advanced basis run before `glp_simplex`, outside its `tm_lim`, and nothing
    /// stops them once begun: on xl-2000 (48,626 columns, 1.4 million nonzeros) they take 0.8 s of
    /// CPU, seconds on a busy machine, and the search's last whole-program pass, redoing them,
    /// ended seconds past the deadline. So they are done once per problem (the scale factors
    /// depend on the matrix alone; GLPK's branch and bound puts back the basis it started from,
    /// and a relaxation cut short leaves the basis it reached, which the next one continues), and
    /// not begun when the time left is shorter than they are expected to take.
    private func solveRelaxation(_ search: GLPKSearchContext, verbose: Bool) -> RelaxationResult {
        if !isScaled || !hasRelaxationBasis, let left = search.remainingSeconds,
            left < preparationEstimate(scaling: !isScaled)
        {
            return .ended(.noSolutionFound(reason: .timeLimit))
        }
        let preparing = ContinuousClock.now
        let (scaling, warm) = (!isScaled, hasRelaxationBasis)
        if scaling {
            // As glpsol does by default.
            glp_scale_prob(pointer, GLP_SF_AUTO)
            isScaled = true
        }
        if !warm {
            // A triangular starting basis, as glpsol's default.
            glp_adv_basis(pointer, 0)
        }
        // Where the time goes on a large program (not for every small neighbourhood).
        if verbose, !warm, Self.seconds(since: preparing) >= 0.1 {
            let seconds = Self.seconds(since: preparing)
            GLPKTerminal.note(
                "\(scaling ? "scaling and " : "")the starting basis took \(String(format: "%.2f", seconds)) s "
                    + "(loading the problem took \(String(format: "%.2f", loadingSeconds)) s)\n")
        }
        if search.deadlinePassed { return .ended(.noSolutionFound(reason: .timeLimit)) }
        var code = simplex(search, verbose: verbose)
        if warm, [.invalidBasis, .singularMatrix, .illConditionedMatrix].contains(code), !search.deadlinePassed {
            // The basis left by the last relaxation does not factorise: start afresh, as before.
            glp_adv_basis(pointer, 0)
            code = simplex(search, verbose: verbose)
        }
        let lpStatus = GLPKSolutionStatus(rawValue: glp_get_status(pointer))
        // An optimal basis, or the one the time limit stopped at, is where the next relaxation starts.
        hasRelaxationBasis = (code == .success && lpStatus == .optimal) || code == .timeLimit
        if let status = code.relaxationStatus(lpStatus: lpStatus) { return .ended(status) }
        return .optimal(objective: glp_get_obj_val(pointer))
    }

    /// `glp_simplex` from the basis the problem holds, within the remaining time.
    private func simplex(_ search: GLPKSearchContext, verbose: Bool) -> GLPKReturnCode {
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = verbose ? GLP_MSG_ON : GLP_MSG_OFF
        parameters.presolve = GLP_OFF
        parameters.tm_lim = search.remainingMilliseconds
        // Dual simplex (falling back to primal): about twice as fast on the roster programs,
        // whose relaxations are highly degenerate.
        parameters.meth = GLP_DUALP
        var code = GLPKReturnCode(rawValue: glp_simplex(pointer, &parameters))
        if glp_get_status(pointer) != GLP_OPT, !search.deadlinePassed {
            // The dual method reports an unbounded relaxation as infeasible; the primal one tells them apart.
            parameters.meth = GLP_PRIMAL
            parameters.tm_lim = search.remainingMilliseconds
            code = GLPKReturnCode(rawValue: glp_simplex(pointer, &parameters))
        }
        return code
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let (seconds, attoseconds) = start.duration(to: .now).components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// Seconds scaling (when `scaling`) and the advanced basis are expected to take, from the time
    /// loading took: on xl-2000 (release, a loaded machine) both took 1.90 s after 0.23 s of
    /// loading, 0.15 s after 0.02 s on its neighbourhoods; in GLPK's own terms (a C program)
    /// scaling is nine tenths of that.
    private func preparationEstimate(scaling: Bool) -> Double {
        ((scaling ? 7.5 : 0) + 1) * loadingSeconds
    }

    /// Assembles the outcome: reads the solution, falls back to the starting solution, settles bound and gap.
    private func outcome(
        _ solverStatus: MIPStatus,
        _ search: GLPKSearchContext,
        _ starting: CheckedSolution?,
        relaxationBound: Double?
    ) -> MIPOutcome {
        let minimizing = search.minimizing
        var status = solverStatus
        var solution = status.hasSolution ? storedMIPSolution() : nil
        var startingUse: StartingSolutionUse = starting == nil ? .notGiven : (search.injected ? .injected : .notNeeded)

        // If the search stopped early without beating the (checked, feasible) starting solution, return that.
        if let starting {
            let improves =
                solution.map { Self.isBetter(starting.objectiveValue, than: $0.objectiveValue, minimizing: minimizing) }
                ?? true
            switch status {
            case .feasible where improves, .noSolutionFound where improves:
                if case .noSolutionFound(let reason) = status { status = .feasible(reason: reason) }
                solution = MIPSolution(objectiveValue: starting.objectiveValue, values: starting.values)
                if !search.injected { startingUse = .returnedAsFallback }
            default:
                break
            }
        }

        var bound: Double?
        switch status {
        case .optimal:
            bound = solution?.objectiveValue
        case .infeasible:
            bound = nil
        default:
            bound = Self.tighter(search.bestBound, relaxationBound, minimizing: minimizing)
            // GLPK stopped because its tree's bound came within the gap, possibly after the last
            // callback recorded it: the gap itself then bounds the optimum.
            if case .feasible(reason: .gapReached) = status, let objective = solution?.objectiveValue {
                let slack = search.relativeGap * (abs(objective) + Double.ulpOfOne)
                bound = Self.tighter(bound, minimizing ? objective - slack : objective + slack, minimizing: minimizing)
            }
            // Pruned branches can be no better than the incumbent, so the incumbent caps the bound.
            if let value = bound, let objective = solution?.objectiveValue {
                bound = minimizing ? min(value, objective) : max(value, objective)
            }
        }
        var gap: Double?
        if case .optimal = status {
            gap = 0
        } else if let bound, let objective = solution?.objectiveValue {
            gap = RelativeGap.between(objective, bound)
        }
        return MIPOutcome(
            status: status,
            solution: solution,
            bestBound: bound,
            relativeGap: gap,
            elapsedSeconds: search.elapsedSeconds(),
            nodeCount: search.nodeCount,
            startingSolution: startingUse,
            relaxationValues: search.relaxationValues
        )
    }

    /// The MIP solution GLPK has stored, with the objective recomputed from its values.
    ///
    /// GLPK rounds integer columns when it records a solution but keeps the LP's objective,
    /// which carries rounding noise (16.999999999999883 instead of 17); recomputing keeps
    /// the objective and the values consistent.
    private func storedMIPSolution() -> MIPSolution {
        var objective = glp_get_obj_coef(pointer, 0)
        var values = [Double](repeating: 0, count: columnCount)
        for position in 0..<columnCount {
            let j = Int32(position + 1)
            var value = glp_mip_col_val(pointer, j)
            if columnKinds[position] != .continuous { value = value.rounded() }
            values[position] = value
            objective += glp_get_obj_coef(pointer, j) * value
        }
        return MIPSolution(objectiveValue: objective, values: values)
    }

    private static func isBetter(_ candidate: Double, than other: Double, minimizing: Bool) -> Bool {
        minimizing ? candidate < other : candidate > other
    }

    /// The tighter of two optional bounds (larger when minimising, smaller when maximising).
    private static func tighter(_ first: Double?, _ second: Double?, minimizing: Bool) -> Double? {
        guard let first else { return second }
        guard let second else { return first }
        return minimizing ? max(first, second) : min(first, second)
    }
}

/// The C callback GLPK calls during branch and cut; `info` is an unretained `GLPKSearchContext`.
private let glpkSearchCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { tree, info in
    guard let tree, let info else { return }
    Unmanaged<GLPKSearchContext>.fromOpaque(info).takeUnretainedValue().handle(tree)
}

/// State shared between `solve` and the branch-and-cut callback: deadline, cancellation,
/// starting solution, progress reports and the best bound seen.
private final class GLPKSearchContext {
    let clock = ContinuousClock()
    let start: ContinuousClock.Instant
    let deadline: ContinuousClock.Instant?
    let minimizing: Bool
    /// The relative gap at which GLPK stops.
    let relativeGap: Double
    private let progress: ((MIPProgress) -> Void)?
    private let shouldStop: (() -> Bool)?
    private let stallLimit: Duration?
    /// When the incumbent or the bound last improved (the first observation counts).
    private var lastImprovement: ContinuousClock.Instant?
    /// The starting solution in GLPK's layout (element 0 unused), until it has been offered.
    private var pendingStart: [Double]?

    /// Whether GLPK accepted the starting solution as its incumbent.
    private(set) var injected = false
    /// Why the callback ended the search, if it did.
    private(set) var stopCause: GLPKStopCause?
    /// Best valid bound seen so far (lower when minimising).
    private(set) var bestBound: Double?
    /// Nodes created so far, once the search has started.
    private(set) var nodeCount: Int?
    /// The root relaxation's column values, once it is solved.
    var relaxationValues: [Double]?
    private var incumbent: Double?
    private var lastReport: ContinuousClock.Instant?

    static let reportInterval = Duration.milliseconds(250)

    init(options: MIPOptions, minimizing: Bool, startingValues: [Double]?) {
        let start = clock.now
        self.start = start
        deadline = options.timeLimit.map { start.advanced(by: .seconds($0)) }
        self.minimizing = minimizing
        relativeGap = options.relativeGap
        progress = options.progress
        shouldStop = options.shouldStop
        stallLimit = options.stallSeconds.map { .seconds($0) }
        pendingStart = startingValues.map { [0] + $0 }
    }

    var deadlinePassed: Bool { deadline.map { clock.now >= $0 } ?? false }

    /// Seconds left before the deadline (never negative), or nil without one.
    var remainingSeconds: Double? { deadline.map { max(0, Self.seconds(clock.now.duration(to: $0))) } }

    /// Time left for a GLPK `tm_lim`, in milliseconds (`Int32.max` means no limit).
    ///
    /// GLPK stops once `elapsed ≥ tm_lim − 1` ms, hence the extra millisecond.
    var remainingMilliseconds: Int32 {
        guard let deadline else { return .max }
        let milliseconds = Self.seconds(clock.now.duration(to: deadline)) * 1000
        if milliseconds >= Double(Int32.max - 2) { return .max }
        return Int32(max(0, milliseconds.rounded(.up))) + 1
    }

    func elapsedSeconds(at instant: ContinuousClock.Instant? = nil) -> Double {
        Self.seconds(start.duration(to: instant ?? clock.now))
    }

    /// Runs on every callback: offers the starting solution, enforces deadline and cancellation, reports progress.
    func handle(_ tree: OpaquePointer) {
        let reason = glp_ios_reason(tree)
        if reason == GLP_IHEUR, let values = pendingStart {
            pendingStart = nil
            injected = values.withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) } == 0
        }
        // Before each node is chosen, every open node is in the active list: a good moment for the bound.
        var observed = false
        if reason == GLP_ISELECT {
            observe(tree)
            observed = true
        }
        let now = clock.now
        if stopCause == nil {
            if let deadline, now >= deadline {
                stop(tree, .deadline, observed: &observed)
            } else if let shouldStop, shouldStop() {
                stop(tree, .cancelled, observed: &observed)
            } else if let stallLimit, let lastImprovement, lastImprovement.duration(to: now) >= stallLimit {
                stop(tree, .stalled, observed: &observed)
            }
        }
        if let progress, lastReport.map({ $0.duration(to: now) >= Self.reportInterval }) ?? true {
            lastReport = now
            if !observed { observe(tree) }
            progress(snapshot(at: now))
        }
    }

    private func stop(_ tree: OpaquePointer, _ cause: GLPKStopCause, observed: inout Bool) {
        stopCause = cause
        if !observed { observe(tree) }
        observed = true
        glp_ios_terminate(tree)
    }

    /// Records node count, incumbent and the global bound from the tree.
    private func observe(_ tree: OpaquePointer) {
        var active: Int32 = 0
        var current: Int32 = 0
        var total: Int32 = 0
        glp_ios_tree_size(tree, &active, &current, &total)
        nodeCount = Int(total)
        let problem = glp_ios_get_prob(tree)
        let before = (incumbent: incumbent, bound: bestBound)
        incumbent = glp_mip_status(problem) == GLP_FEAS ? glp_mip_obj_val(problem) : nil

        var bound: Double?
        let best = glp_ios_best_node(tree)
        if best != 0 {
            let value = glp_ios_node_bound(tree, best)
            // GLPK uses ±DBL_MAX for "not known yet" (e.g. the root before its LP is solved).
            if value.magnitude < .greatestFiniteMagnitude { bound = value }
        } else {
            bound = incumbent
        }
        // Solutions in pruned branches are no better than the incumbent, so it caps the bound.
        if let value = bound, let incumbent {
            bound = minimizing ? min(value, incumbent) : max(value, incumbent)
        }
        if let value = bound {
            bestBound = bestBound.map { minimizing ? max($0, value) : min($0, value) } ?? value
        }
        if lastImprovement == nil || Self.improved(from: before.incumbent, to: incumbent)
            || Self.improved(from: before.bound, to: bestBound)
        {
            lastImprovement = clock.now
        }
    }

    /// Whether a value moved by more than rounding noise (the direction is not checked: the
    /// incumbent only improves and the recorded bound only tightens).
    private static func improved(from old: Double?, to new: Double?) -> Bool {
        guard let new else { return false }
        guard let old else { return true }
        return abs(new - old) > 1e-9 * max(1, abs(old))
    }

    private func snapshot(at instant: ContinuousClock.Instant) -> MIPProgress {
        let gap: Double? =
            if let incumbent, let bestBound {
                RelativeGap.between(incumbent, bestBound)
            } else {
                nil
            }
        return MIPProgress(
            elapsedSeconds: elapsedSeconds(at: instant),
            incumbentObjective: incumbent,
            bestBound: bestBound,
            relativeGap: gap,
            nodeCount: nodeCount ?? 0
        )
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
