/// A part of the program where only some columns may change: the others are fixed at a
/// solution's values and folded into the row bounds and the objective constant.
///
/// Solving the small restricted program is much faster than solving the whole one with most
/// columns' bounds pinned, because the fixed columns never reach the solver.
struct RestrictedProgram {
    /// Program columns that stay free, in order; restricted column `i` is program column `free[i]`.
    let free: [Int]
    let columns: [ColumnSpec]
    let rows: [RowSpec]
    /// The objective of the fixed columns, plus the program's constant.
    let objectiveConstant: Double
    /// The solution the others are fixed at.
    let base: [Double]

    init(_ program: RosterProgram, freeing isFree: (Int) -> Bool, at base: [Double]) {
        self.base = base
        free = program.columns.indices.filter(isFree)
        var position = [Int: Int]()
        for (restricted, column) in free.enumerated() { position[column] = restricted }
        columns = free.map { program.columns[$0] }
        var constant = program.objectiveConstant
        for (column, spec) in program.columns.enumerated() where position[column] == nil {
            constant += spec.objective * base[column]
        }
        objectiveConstant = constant
        rows = program.rows.compactMap { row in
            var fixed = 0.0
            var terms: [(ColumnIndex, Double)] = []
            for (column, coefficient) in row.terms {
                if let restricted = position[column.rawValue] {
                    terms.append((ColumnIndex(restricted), coefficient))
                } else {
                    fixed += coefficient * base[column.rawValue]
                }
            }
            guard !terms.isEmpty else { return nil }
            return RowSpec(name: row.name, terms: terms, bounds: row.bounds.shifted(by: -fixed))
        }
    }

    /// The base solution restricted to the free columns (a feasible start).
    var start: [Double] { free.map { base[$0] } }

    /// A whole-program solution: the base with the free columns set to `values`.
    func expand(_ values: [Double]) -> [Double] {
        var result = base
        for (restricted, column) in free.enumerated() { result[column] = values[restricted] }
        return result
    }
}

extension RowBounds {
    /// The same bounds moved by `offset`.
    func shifted(by offset: Double) -> RowBounds {
        switch self {
        case .free: .free
        case .lower(let value): .lower(value + offset)
        case .upper(let value): .upper(value + offset)
        case .range(let lower, let upper): .range(lower: lower + offset, upper: upper + offset)
        case .fixed(let value): .fixed(value + offset)
        }
    }
}

extension RosterProgram {
    /// Columns free when only some patients may change their days: the attendance of the
    /// patient types `types`, and every seat and group floor. Groups, rooms and leaders stay,
    /// so the week's groups are re-filled rather than re-formed.
    func reseatingColumns(movingTypes types: some Sequence<Int>) -> Set<Int> {
        var free = seatingColumns
        for type in types { free.formUnion(attend[type].values.map(\.rawValue)) }
        return free
    }
}
