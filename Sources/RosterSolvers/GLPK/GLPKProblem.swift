internal import CGLPK

/// A mixed-integer program held by GLPK, built column by column and row by row.
///
/// Every input is checked in Swift before it reaches GLPK, because GLPK calls `abort()`
/// on bad indices, duplicate entries or over-long names. Not `Sendable`: create, build,
/// solve and release a problem on one thread (GLPK keeps per-thread state); using it on
/// another thread stops the program with a clear message.
final class GLPKProblem {
    /// The GLPK problem object (`glp_prob *`), owned by this instance.
    /// Only the files in `GLPK/` may use it; everything else goes through the checked API.
    let pointer: OpaquePointer
    /// The kind of each column, in column order.
    private(set) var columnKinds: [VariableKind] = []
    let affinity = GLPKThreadAffinity()
    private var rowBuilder = RowBuilder()
    /// Whether GLPK's scale factors fit the matrix as it is: they depend on the coefficients
    /// alone, so a relaxation solved again (the search's later whole-program passes) keeps them.
    var isScaled = false
    /// Whether the basis GLPK holds was left by a relaxation of the problem as it is now (same
    /// matrix, same bounds), so the next relaxation starts from it instead of a new advanced basis.
    var hasRelaxationBasis = false
    /// Seconds spent handing columns and rows to GLPK: scaling and the advanced basis are a few
    /// dozen passes over the same nonzeros, so this measures what they will cost on this machine now.
    /// (Set by tests to stand for a large program.)
    var loadingSeconds = 0.0

    /// GLPK's limit on names, in UTF-8 bytes.
    static let maximumNameLength = 255

    /// Creates an empty minimisation problem.
    init(name: String = "") throws(MIPError) {
        let checkedName = try Self.validatedName(name)
        pointer = glp_create_prob()
        if let checkedName { checkedName.withCString { glp_set_prob_name(pointer, $0) } }
    }

    deinit {
        affinity.check()
        glp_delete_prob(pointer)
    }

    /// Number of columns (variables).
    var columnCount: Int { columnKinds.count }

    /// Number of rows (constraints).
    var rowCount: Int {
        affinity.check()
        return Int(glp_get_num_rows(pointer))
    }

    // MARK: Objective

    /// Whether the objective is minimised or maximised.
    var objectiveDirection: ObjectiveDirection {
        affinity.check()
        return glp_get_obj_dir(pointer) == GLP_MAX ? .maximize : .minimize
    }

    /// Sets whether the objective is minimised (the default) or maximised.
    func setObjective(direction: ObjectiveDirection) {
        affinity.check()
        glp_set_obj_dir(pointer, direction == .maximize ? GLP_MAX : GLP_MIN)
        hasRelaxationBasis = false
    }

    /// Sets the constant term added to the objective.
    func setObjectiveConstant(_ constant: Double) throws(MIPError) {
        affinity.check()
        guard constant.isFinite else { throw .nonFiniteNumber("The objective constant") }
        glp_set_obj_coef(pointer, 0, constant)
    }

    /// The constant term added to the objective.
    var objectiveConstant: Double {
        affinity.check()
        return glp_get_obj_coef(pointer, 0)
    }

    /// Sets one column's objective coefficient.
    func setObjectiveCoefficient(_ coefficient: Double, for column: ColumnIndex) throws(MIPError) {
        affinity.check()
        let j = try glpkColumn(column, context: "Setting an objective coefficient")
        guard coefficient.isFinite else { throw .nonFiniteNumber("The objective coefficient of \(describe(column))") }
        glp_set_obj_coef(pointer, j, coefficient)
        hasRelaxationBasis = false
    }

    // MARK: Columns

    /// Adds one column and returns its index.
    ///
    /// Bounds may be infinite (`-.infinity`/`.infinity`) for "no bound". Integer bounds are
    /// rounded inwards; binary bounds are intersected with [0, 1].
    @discardableResult
    func addColumn(
        name: String? = nil,
        kind: VariableKind = .continuous,
        lowerBound: Double = 0,
        upperBound: Double = .infinity,
        objective: Double = 0
    ) throws(MIPError) -> ColumnIndex {
        let spec = ColumnSpec(
            name: name, kind: kind, lowerBound: lowerBound, upperBound: upperBound, objective: objective)
        return try addColumns([spec])[0]
    }

    /// Adds several columns at once; if any is invalid, none is added.
    @discardableResult
    func addColumns(_ specs: [ColumnSpec]) throws(MIPError) -> [ColumnIndex] {
        affinity.check()
        guard !specs.isEmpty else { return [] }
        guard columnCount + specs.count < Int(Int32.max) else {
            throw .tooLarge("A problem with \(columnCount + specs.count) columns")
        }
        var checked: [(name: String?, bounds: (lower: Double, upper: Double))] = []
        checked.reserveCapacity(specs.count)
        for (offset, spec) in specs.enumerated() {
            let position = columnCount + offset
            let name = try Self.validatedName(spec.name)
            guard spec.objective.isFinite else {
                throw .nonFiniteNumber(
                    "The objective coefficient of \(Self.describeNewColumn(position, name: spec.name))")
            }
            let bounds = try Self.normalizedBounds(
                spec.lowerBound, spec.upperBound, kind: spec.kind,
                what: Self.describeNewColumn(position, name: spec.name)
            )
            checked.append((name, bounds))
        }

        let loading = ContinuousClock.now
        defer { matrixChanged(loadingSince: loading) }
        let first = glp_add_cols(pointer, Int32(specs.count))
        for (offset, spec) in specs.enumerated() {
            let j = first + Int32(offset)
            if spec.kind != .continuous { glp_set_col_kind(pointer, j, GLP_IV) }
            setColumnBounds(j, checked[offset].bounds)
            if spec.objective != 0 { glp_set_obj_coef(pointer, j, spec.objective) }
            if let name = checked[offset].name { name.withCString { glp_set_col_name(pointer, j, $0) } }
        }
        let start = columnCount
        columnKinds.append(contentsOf: specs.lazy.map(\.kind))
        return (start..<columnCount).map(ColumnIndex.init)
    }

    /// Changes one column's bounds, with the same rules as `addColumn`.
    func setBounds(of column: ColumnIndex, lower: Double, upper: Double) throws(MIPError) {
        affinity.check()
        let j = try glpkColumn(column, context: "Setting bounds")
        let bounds = try Self.normalizedBounds(lower, upper, kind: columnKinds[column.rawValue], what: describe(column))
        setColumnBounds(j, bounds)
        hasRelaxationBasis = false
    }

    /// Lower and upper bound of a column (infinite when absent).
    func bounds(of column: ColumnIndex) throws(MIPError) -> (lower: Double, upper: Double) {
        affinity.check()
        let j = try glpkColumn(column, context: "Reading bounds")
        return Self.bounds(
            type: glp_get_col_type(pointer, j), lower: glp_get_col_lb(pointer, j), upper: glp_get_col_ub(pointer, j))
    }

    // MARK: Rows

    /// Adds one row `bounds(Σ coefficient × column)` and returns its index.
    ///
    /// Repeated columns are summed, zero coefficients dropped; unknown columns, non-finite
    /// coefficients and empty bound ranges throw before anything reaches GLPK.
    @discardableResult
    func addRow(name: String? = nil, terms: [(ColumnIndex, Double)], bounds: RowBounds) throws(MIPError) -> RowIndex {
        affinity.check()
        let position = rowCount
        let checkedName = try Self.validatedName(name)
        let checkedBounds = try Self.validated(bounds, what: Self.describeNewRow(position, name: name))
        try rowBuilder.merge(terms, columnCount: columnCount, what: Self.describeNewRow(position, name: name))
        try ensureRowCapacity(1)

        let loading = ContinuousClock.now
        defer { matrixChanged(loadingSince: loading) }
        let i = glp_add_rows(pointer, 1)
        setRow(i, name: checkedName, bounds: checkedBounds)
        rowBuilder.withEntries { length, indices, values in
            glp_set_mat_row(pointer, i, length, indices, values)
        }
        return RowIndex(Int(i) - 1)
    }

    /// Adds several rows at once; if any is invalid, none is added.
    @discardableResult
    func addRows(_ specs: [RowSpec]) throws(MIPError) -> [RowIndex] {
        affinity.check()
        guard !specs.isEmpty else { return [] }
        try ensureRowCapacity(specs.count)
        let firstRow = rowCount
        // Validate and merge everything into one staging area first, so a bad row adds nothing.
        var staged = StagedRows()
        var checked: [(name: String?, bounds: RowBounds)] = []
        checked.reserveCapacity(specs.count)
        for (offset, spec) in specs.enumerated() {
            let position = firstRow + offset
            let name = try Self.validatedName(spec.name)
            let bounds = try Self.validated(spec.bounds, what: Self.describeNewRow(position, name: spec.name))
            try rowBuilder.merge(
                spec.terms, columnCount: columnCount, what: Self.describeNewRow(position, name: spec.name))
            rowBuilder.withEntries { length, indices, values in
                staged.append(length: length, indices: indices, values: values)
            }
            checked.append((name, bounds))
        }

        let loading = ContinuousClock.now
        defer { matrixChanged(loadingSince: loading) }
        let first = glp_add_rows(pointer, Int32(specs.count))
        for offset in specs.indices {
            let i = first + Int32(offset)
            setRow(i, name: checked[offset].name, bounds: checked[offset].bounds)
            staged.withRow(offset) { length, indices, values in
                glp_set_mat_row(pointer, i, length, indices, values)
            }
        }
        return (firstRow..<(firstRow + specs.count)).map(RowIndex.init)
    }

    /// After columns or rows were added: the scale factors and the basis no longer fit, and the
    /// loading took a little longer.
    private func matrixChanged(loadingSince start: ContinuousClock.Instant) {
        isScaled = false
        hasRelaxationBasis = false
        let (seconds, attoseconds) = start.duration(to: .now).components
        loadingSeconds += Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// The stored (merged) coefficients of a row, in column order.
    func terms(of row: RowIndex) throws(MIPError) -> [(ColumnIndex, Double)] {
        affinity.check()
        let i = try glpkRow(row)
        var indices = [Int32](repeating: 0, count: columnCount + 1)
        var values = [Double](repeating: 0, count: columnCount + 1)
        let length = Int(glp_get_mat_row(pointer, i, &indices, &values))
        guard length > 0 else { return [] }
        return (1...length)
            .map { (ColumnIndex(Int(indices[$0]) - 1), values[$0]) }
            .sorted { $0.0 < $1.0 }
    }

    /// The bounds of a row.
    func bounds(of row: RowIndex) throws(MIPError) -> RowBounds {
        affinity.check()
        let i = try glpkRow(row)
        let lower = glp_get_row_lb(pointer, i)
        let upper = glp_get_row_ub(pointer, i)
        switch glp_get_row_type(pointer, i) {
        case GLP_LO: return .lower(lower)
        case GLP_UP: return .upper(upper)
        case GLP_DB: return .range(lower: lower, upper: upper)
        case GLP_FX: return .fixed(lower)
        default: return .free
        }
    }

    // MARK: Descriptions for messages

    /// "column 3" or "column 3 (\"x\")".
    func describe(_ column: ColumnIndex) -> String {
        guard column.rawValue >= 0, column.rawValue < columnCount,
            let name = glp_get_col_name(pointer, Int32(column.rawValue + 1))
        else { return "column \(column.rawValue)" }
        return "column \(column.rawValue) (\"\(String(cString: name))\")"
    }

    /// "row 3" or "row 3 (\"cover\")".
    func describe(_ row: RowIndex) -> String {
        guard row.rawValue >= 0, row.rawValue < rowCount,
            let name = glp_get_row_name(pointer, Int32(row.rawValue + 1))
        else { return "row \(row.rawValue)" }
        return "row \(row.rawValue) (\"\(String(cString: name))\")"
    }

    // MARK: Private helpers

    private func glpkColumn(_ column: ColumnIndex, context: String) throws(MIPError) -> Int32 {
        guard column.rawValue >= 0, column.rawValue < columnCount else {
            throw .unknownColumn(column, columnCount: columnCount, context: context)
        }
        return Int32(column.rawValue + 1)
    }

    private func glpkRow(_ row: RowIndex) throws(MIPError) -> Int32 {
        let count = rowCount
        guard row.rawValue >= 0, row.rawValue < count else { throw .unknownRow(row, rowCount: count) }
        return Int32(row.rawValue + 1)
    }

    private func ensureRowCapacity(_ added: Int) throws(MIPError) {
        guard rowCount + added < Int(Int32.max) else { throw .tooLarge("A problem with \(rowCount + added) rows") }
    }

    private func setColumnBounds(_ j: Int32, _ bounds: (lower: Double, upper: Double)) {
        let (type, lower, upper) = Self.glpkBounds(bounds.lower, bounds.upper)
        glp_set_col_bnds(pointer, j, type, lower, upper)
    }

    private func setRow(_ i: Int32, name: String?, bounds: RowBounds) {
        if let name { name.withCString { glp_set_row_name(pointer, i, $0) } }
        switch bounds {
        case .free: glp_set_row_bnds(pointer, i, GLP_FR, 0, 0)
        case .lower(let value): glp_set_row_bnds(pointer, i, GLP_LO, value, 0)
        case .upper(let value): glp_set_row_bnds(pointer, i, GLP_UP, 0, value)
        case .fixed(let value): glp_set_row_bnds(pointer, i, GLP_FX, value, value)
        case .range(let lower, let upper): glp_set_row_bnds(pointer, i, GLP_DB, lower, upper)
        }
    }

    /// GLPK's bound type for a pair of possibly infinite bounds.
    private static func glpkBounds(_ lower: Double, _ upper: Double) -> (type: Int32, lower: Double, upper: Double) {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): (GLP_FR, 0, 0)
        case (true, false): (GLP_LO, lower, 0)
        case (false, true): (GLP_UP, 0, upper)
        case (true, true): lower == upper ? (GLP_FX, lower, lower) : (GLP_DB, lower, upper)
        }
    }

    /// Bounds as a pair of possibly infinite numbers, from GLPK's type and values.
    static func bounds(type: Int32, lower: Double, upper: Double) -> (lower: Double, upper: Double) {
        switch type {
        case GLP_LO: (lower, .infinity)
        case GLP_UP: (-.infinity, upper)
        case GLP_DB, GLP_FX: (lower, upper)
        default: (-.infinity, .infinity)
        }
    }
}

// MARK: - Validation (pure Swift, no GLPK calls)

extension GLPKProblem {
    /// Returns the name to store (`nil` for none), or throws if GLPK would reject it.
    static func validatedName(_ name: String?) throws(MIPError) -> String? {
        guard let name, !name.isEmpty else { return nil }
        let bytes = name.utf8
        guard bytes.count <= maximumNameLength else {
            throw .invalidName(
                name, reason: "is \(bytes.count) bytes long; names may have at most \(maximumNameLength)")
        }
        // GLPK rejects (with abort) any byte for which iscntrl() is true in the C locale.
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw .invalidName(name, reason: "contains a control character such as a tab or newline")
        }
        return name
    }

    /// Checks column bounds and fits them to the kind: inward rounding for integers, [0, 1] for binaries.
    static func normalizedBounds(
        _ lower: Double, _ upper: Double, kind: VariableKind, what: @autoclosure () -> String
    ) throws(MIPError) -> (lower: Double, upper: Double) {
        guard !lower.isNaN, !upper.isNaN else { throw .nonFiniteNumber("The bounds of \(what())") }
        guard lower != .infinity, upper != -.infinity else {
            throw .invalidBounds("The bounds of \(what()) leave no value: lower \(lower), upper \(upper)")
        }
        var (low, high) = (lower, upper)
        if kind == .binary { (low, high) = (max(low, 0), min(high, 1)) }
        if kind != .continuous { (low, high) = (roundedInwards(low, up: true), roundedInwards(high, up: false)) }
        guard low <= high else {
            let detail = kind == .continuous ? "" : " \(kind == .binary ? "binary" : "integer") value"
            throw .invalidBounds("The bounds of \(what()) leave no\(detail) value: lower \(lower), upper \(upper)")
        }
        return (low, high)
    }

    /// Rounds towards the inside of a range, treating values within 1e-9 (relative) of an integer as that integer.
    private static func roundedInwards(_ value: Double, up: Bool) -> Double {
        guard value.isFinite else { return value }
        let nearest = value.rounded()
        if abs(value - nearest) <= 1e-9 * max(1, abs(value)) { return nearest }
        return value.rounded(up ? .up : .down)
    }

    /// Checks row bounds are finite and ordered.
    static func validated(_ bounds: RowBounds, what: @autoclosure () -> String) throws(MIPError) -> RowBounds {
        switch bounds {
        case .free:
            return bounds
        case .lower(let value), .upper(let value), .fixed(let value):
            guard value.isFinite else { throw .nonFiniteNumber("The bound of \(what())") }
            return bounds
        case .range(let lower, let upper):
            guard lower.isFinite, upper.isFinite else { throw .nonFiniteNumber("The bounds of \(what())") }
            guard lower <= upper else {
                throw .invalidBounds("The bounds of \(what()) leave no value: lower \(lower) is above upper \(upper)")
            }
            return lower == upper ? .fixed(lower) : bounds
        }
    }

    static func describeNewColumn(_ position: Int, name: String?) -> String {
        name.map { "column \(position) (\"\($0.prefix(60))\")" } ?? "column \(position)"
    }

    static func describeNewRow(_ position: Int, name: String?) -> String {
        name.map { "row \(position) (\"\($0.prefix(60))\")" } ?? "row \(position)"
    }
}
