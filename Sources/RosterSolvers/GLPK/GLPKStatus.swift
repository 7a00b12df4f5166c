internal import CGLPK

/// A return code of `glp_simplex` or `glp_intopt`, with GLPK's name and a plain-words meaning.
struct GLPKReturnCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32

    init(rawValue: Int32) { self.rawValue = rawValue }

    static let success = Self(rawValue: 0)
    static let invalidBasis = Self(rawValue: GLP_EBADB)
    static let singularMatrix = Self(rawValue: GLP_ESING)
    static let illConditionedMatrix = Self(rawValue: GLP_ECOND)
    static let invalidBounds = Self(rawValue: GLP_EBOUND)
    static let solverFailure = Self(rawValue: GLP_EFAIL)
    static let objectiveLowerLimit = Self(rawValue: GLP_EOBJLL)
    static let objectiveUpperLimit = Self(rawValue: GLP_EOBJUL)
    static let iterationLimit = Self(rawValue: GLP_EITLIM)
    static let timeLimit = Self(rawValue: GLP_ETMLIM)
    static let noPrimalFeasibleSolution = Self(rawValue: GLP_ENOPFS)
    static let noDualFeasibleSolution = Self(rawValue: GLP_ENODFS)
    static let rootRelaxationNotOptimal = Self(rawValue: GLP_EROOT)
    static let stoppedByApplication = Self(rawValue: GLP_ESTOP)
    static let mipGapReached = Self(rawValue: GLP_EMIPGAP)
    static let noFeasibleSolution = Self(rawValue: GLP_ENOFEAS)
    static let noConvergence = Self(rawValue: GLP_ENOCVG)
    static let numericalInstability = Self(rawValue: GLP_EINSTAB)
    static let invalidData = Self(rawValue: GLP_EDATA)
    static let resultOutOfRange = Self(rawValue: GLP_ERANGE)

    private static let table: [Int32: (name: String, message: String)] = [
        0: ("0", "finished normally"),
        GLP_EBADB: ("GLP_EBADB", "the initial basis is invalid"),
        GLP_ESING: ("GLP_ESING", "the basis matrix is singular"),
        GLP_ECOND: ("GLP_ECOND", "the basis matrix is ill-conditioned"),
        GLP_EBOUND: ("GLP_EBOUND", "some bounds are incorrect"),
        GLP_EFAIL: ("GLP_EFAIL", "the solver failed"),
        GLP_EOBJLL: ("GLP_EOBJLL", "the objective lower limit was reached"),
        GLP_EOBJUL: ("GLP_EOBJUL", "the objective upper limit was reached"),
        GLP_EITLIM: ("GLP_EITLIM", "the iteration limit was exceeded"),
        GLP_ETMLIM: ("GLP_ETMLIM", "the time limit was exceeded"),
        GLP_ENOPFS: ("GLP_ENOPFS", "there is no primal feasible solution"),
        GLP_ENODFS: ("GLP_ENODFS", "there is no dual feasible solution"),
        GLP_EROOT: ("GLP_EROOT", "no optimal basis was provided for the root relaxation"),
        GLP_ESTOP: ("GLP_ESTOP", "the search was stopped by the application"),
        GLP_EMIPGAP: ("GLP_EMIPGAP", "the relative MIP gap tolerance was reached"),
        GLP_ENOFEAS: ("GLP_ENOFEAS", "there is no primal or dual feasible solution"),
        GLP_ENOCVG: ("GLP_ENOCVG", "the method did not converge"),
        GLP_EINSTAB: ("GLP_EINSTAB", "the computation became numerically unstable"),
        GLP_EDATA: ("GLP_EDATA", "the data are invalid"),
        GLP_ERANGE: ("GLP_ERANGE", "a result is out of range"),
    ]

    /// GLPK's symbolic name, e.g. `"GLP_ETMLIM"`.
    var name: String { Self.table[rawValue]?.name ?? "GLPK code \(rawValue)" }

    /// What the code means, as a sentence fragment.
    var message: String { Self.table[rawValue]?.message ?? "unknown return code \(rawValue)" }

    var description: String { "\(name) (\(message))" }
}

/// A solution status from `glp_get_status` or `glp_mip_status`.
struct GLPKSolutionStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    let rawValue: Int32

    init(rawValue: Int32) { self.rawValue = rawValue }

    static let undefined = Self(rawValue: GLP_UNDEF)
    static let feasible = Self(rawValue: GLP_FEAS)
    static let infeasible = Self(rawValue: GLP_INFEAS)
    static let noFeasibleSolution = Self(rawValue: GLP_NOFEAS)
    static let optimal = Self(rawValue: GLP_OPT)
    static let unbounded = Self(rawValue: GLP_UNBND)

    private static let table: [Int32: (name: String, message: String)] = [
        GLP_UNDEF: ("GLP_UNDEF", "the solution is undefined"),
        GLP_FEAS: ("GLP_FEAS", "the solution is feasible"),
        GLP_INFEAS: ("GLP_INFEAS", "the solution is infeasible"),
        GLP_NOFEAS: ("GLP_NOFEAS", "no feasible solution exists"),
        GLP_OPT: ("GLP_OPT", "the solution is optimal"),
        GLP_UNBND: ("GLP_UNBND", "the solution is unbounded"),
    ]

    var name: String { Self.table[rawValue]?.name ?? "GLPK status \(rawValue)" }

    var message: String { Self.table[rawValue]?.message ?? "unknown status \(rawValue)" }

    /// Whether a MIP status means a solution is stored (`GLP_OPT` or `GLP_FEAS`).
    var hasSolution: Bool { self == .optimal || self == .feasible }

    var description: String { "\(name) (\(message))" }
}

/// Who ended a search from inside the callback.
enum GLPKStopCause: Hashable, Sendable {
    /// Our own wall-clock deadline passed.
    case deadline
    /// The caller's cancellation check returned `true`.
    case cancelled
    /// Neither incumbent nor bound improved for the stall limit.
    case stalled

    var stopReason: MIPStopReason {
        switch self {
        case .deadline: .timeLimit
        case .cancelled: .stopped
        case .stalled: .stalled
        }
    }
}

extension GLPKReturnCode {
    /// The neutral status for a `glp_intopt` return code and the `glp_mip_status` that followed.
    ///
    /// Codes 0, `GLP_ETMLIM`, `GLP_EMIPGAP` and `GLP_ESTOP` with status `GLP_OPT` or
    /// `GLP_FEAS` mean a solution is available.
    func mipStatus(solution: GLPKSolutionStatus, stopCause: GLPKStopCause?) -> MIPStatus {
        switch self {
        case .success:
            // GLPK turns FEAS into OPT when the tree is exhausted; either means the search finished.
            if solution.hasSolution { return .optimal }
            if solution == .noFeasibleSolution { return .infeasible }
            return .failed(reason: .solverError("the search finished but \(solution.message)."))
        case .timeLimit:
            return solution.hasSolution ? .feasible(reason: .timeLimit) : .noSolutionFound(reason: .timeLimit)
        case .mipGapReached:
            return solution.hasSolution
                ? .feasible(reason: .gapReached)
                : .failed(reason: .solverError("the gap tolerance was reported reached, but \(solution.message)."))
        case .stoppedByApplication:
            let reason = stopCause?.stopReason ?? .stopped
            return solution.hasSolution ? .feasible(reason: reason) : .noSolutionFound(reason: reason)
        default:
            return commonStatus
        }
    }

    /// The neutral status for a `glp_simplex` run on the LP relaxation, or `nil` if it is optimal and the search can go
    /// on.
    func relaxationStatus(lpStatus: GLPKSolutionStatus) -> MIPStatus? {
        switch self {
        case .success:
            switch lpStatus {
            case .optimal: return nil
            case .noFeasibleSolution: return .infeasible
            case .unbounded: return .failed(reason: .unboundedRelaxation)
            default:
                return .failed(
                    reason: .solverError(
                        "the relaxation ended without an optimum (\(lpStatus.name): \(lpStatus.message))."))
            }
        case .timeLimit:
            return .noSolutionFound(reason: .timeLimit)
        default:
            return commonStatus
        }
    }

    /// Statuses shared by both solvers for codes that end the solve without a solution.
    private var commonStatus: MIPStatus {
        switch self {
        case .noPrimalFeasibleSolution, .noFeasibleSolution:
            .infeasible
        case .noDualFeasibleSolution:
            .failed(reason: .unboundedRelaxation)
        case .invalidBounds:
            .failed(reason: .invalidBounds)
        case .invalidBasis, .singularMatrix, .illConditionedMatrix, .noConvergence, .numericalInstability:
            .failed(reason: .numericalDifficulty)
        default:
            .failed(reason: .solverError("\(message) (\(name))."))
        }
    }
}
