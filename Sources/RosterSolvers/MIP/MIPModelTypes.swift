// Solver-neutral building blocks for describing a mixed-integer program.
// Nothing here mentions GLPK, so a model-building layer can use these freely.

/// The position of a column (variable) in a problem, counted from zero.
struct ColumnIndex: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Zero-based position of the column.
    let rawValue: Int

    init(_ rawValue: Int) { self.rawValue = rawValue }

    static func < (lhs: ColumnIndex, rhs: ColumnIndex) -> Bool { lhs.rawValue < rhs.rawValue }

    var description: String { "column \(rawValue)" }
}

/// The position of a row (constraint) in a problem, counted from zero.
struct RowIndex: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Zero-based position of the row.
    let rawValue: Int

    init(_ rawValue: Int) { self.rawValue = rawValue }

    static func < (lhs: RowIndex, rhs: RowIndex) -> Bool { lhs.rawValue < rhs.rawValue }

    var description: String { "row \(rawValue)" }
}

/// Which values a column may take.
enum VariableKind: Hashable, Sendable {
    /// Any real value within the bounds.
    case continuous
    /// Any whole number within the bounds; fractional bounds are rounded inwards.
    case integer
    /// 0 or 1; the bounds given are intersected with [0, 1].
    case binary
}

/// Whether the objective is minimised or maximised.
enum ObjectiveDirection: Hashable, Sendable {
    case minimize
    case maximize
}

/// Which limits apply to a row's activity (the sum of its terms).
enum RowBounds: Hashable, Sendable {
    /// No limit: the row only records a value.
    case free
    /// Activity ≥ the value.
    case lower(Double)
    /// Activity ≤ the value.
    case upper(Double)
    /// lower ≤ activity ≤ upper.
    case range(lower: Double, upper: Double)
    /// Activity = the value.
    case fixed(Double)
}

/// Everything needed to add one column.
struct ColumnSpec: Sendable {
    var name: String?
    var kind: VariableKind = .continuous
    /// Lower bound; `-.infinity` for none.
    var lowerBound: Double = 0
    /// Upper bound; `.infinity` for none.
    var upperBound: Double = .infinity
    /// Objective coefficient.
    var objective: Double = 0
}

/// Everything needed to add one row.
struct RowSpec: Sendable {
    var name: String?
    /// Coefficients by column; repeated columns are summed and zeros dropped.
    var terms: [(ColumnIndex, Double)]
    var bounds: RowBounds
}

/// Why a problem could not be built, solved as asked, or exported.
enum MIPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A name is too long or contains control characters.
    case invalidName(String, reason: String)
    /// A coefficient, bound or value is NaN or infinite where a finite number is needed.
    case nonFiniteNumber(String)
    /// Bounds leave no possible value (lower above upper, or no integer in range).
    case invalidBounds(String)
    /// A row term or call refers to a column that does not exist.
    case unknownColumn(ColumnIndex, columnCount: Int, context: String)
    /// A call refers to a row that does not exist.
    case unknownRow(RowIndex, rowCount: Int)
    /// The problem would exceed the solver's size limits.
    case tooLarge(String)
    /// A solve option is out of range.
    case invalidOption(String)
    /// A starting solution has the wrong length or violates the problem.
    case invalidStartingSolution(String)
    /// Writing a model file failed.
    case exportFailed(path: String, format: String)
    /// The deadline passed while a model file was being written; the writing was stopped.
    case exportTimedOut(path: String, format: String)

    var description: String {
        switch self {
        case .invalidName(let name, let reason):
            "The name \"\(name.prefix(40))\(name.count > 40 ? "…" : "")\" \(reason)."
        case .nonFiniteNumber(let what):
            "\(what) must be a finite number."
        case .invalidBounds(let what):
            "\(what)."
        case .unknownColumn(let column, let count, let context):
            "\(context) refers to column \(column.rawValue), but the problem has only \(count) "
                + "column\(count == 1 ? "" : "s")."
        case .unknownRow(let row, let count):
            "Row \(row.rawValue) does not exist; the problem has \(count) row\(count == 1 ? "" : "s")."
        case .tooLarge(let what):
            "\(what) is more than the solver can handle."
        case .invalidOption(let what):
            "Invalid solve option: \(what)."
        case .invalidStartingSolution(let why):
            "The starting solution cannot be used: \(why)."
        case .exportFailed(let path, let format):
            "Could not write the \(format) file \"\(path)\"."
        case .exportTimedOut(let path, let format):
            "The time limit passed while writing the \(format) file \"\(path)\"."
        }
    }
}
