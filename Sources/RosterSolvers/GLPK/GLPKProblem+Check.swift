internal import CGLPK

/// A solution that passed `GLPKProblem.checkSolution`, with integer columns snapped to whole numbers.
struct CheckedSolution: Hashable, Sendable {
    /// One value per column; integer columns hold exact whole numbers.
    var values: [Double]
    /// Objective value, including the objective constant.
    var objectiveValue: Double
}

extension GLPKProblem {
    /// Checks that `values` meets every column bound, integrality requirement and row.
    ///
    /// A violation up to `tolerance × (1 + |limit|)` is accepted, and integer columns within
    /// `tolerance` of a whole number are snapped to it. Needed because GLPK takes a
    /// heuristic solution on trust, without checking that it is feasible.
    func checkSolution(_ values: [Double], tolerance: Double = 1e-6) throws(MIPError) -> CheckedSolution {
        affinity.check()
        guard values.count == columnCount else {
            throw .invalidStartingSolution("it has \(values.count) values, but the problem has \(columnCount) columns")
        }
        var snapped = values
        var objective = glp_get_obj_coef(pointer, 0)
        for position in 0..<columnCount {
            let column = ColumnIndex(position)
            let j = Int32(position + 1)
            var value = values[position]
            guard value.isFinite else {
                throw .invalidStartingSolution("the value of \(describe(column)) is \(value)")
            }
            if columnKinds[position] != .continuous {
                let whole = value.rounded()
                guard abs(value - whole) <= tolerance else {
                    throw .invalidStartingSolution("\(describe(column)) must be a whole number, but is \(value)")
                }
                value = whole
            }
            let limits = Self.bounds(
                type: glp_get_col_type(pointer, j), lower: glp_get_col_lb(pointer, j), upper: glp_get_col_ub(pointer, j)
            )
            if let violation = Self.violation(value, limits, tolerance: tolerance) {
                throw .invalidStartingSolution("\(describe(column)) is \(value), \(violation)")
            }
            snapped[position] = value
            objective += glp_get_obj_coef(pointer, j) * value
        }

        var indices = [Int32](repeating: 0, count: columnCount + 1)
        var coefficients = [Double](repeating: 0, count: columnCount + 1)
        for position in 0..<rowCount {
            let i = Int32(position + 1)
            let length = Int(glp_get_mat_row(pointer, i, &indices, &coefficients))
            var activity = 0.0
            for k in stride(from: 1, through: length, by: 1) {
                activity += coefficients[k] * snapped[Int(indices[k]) - 1]
            }
            let limits = Self.bounds(
                type: glp_get_row_type(pointer, i), lower: glp_get_row_lb(pointer, i), upper: glp_get_row_ub(pointer, i)
            )
            if let violation = Self.violation(activity, limits, tolerance: tolerance) {
                throw .invalidStartingSolution("\(describe(RowIndex(position))) adds up to \(activity), \(violation)")
            }
        }
        return CheckedSolution(values: snapped, objectiveValue: objective)
    }

    /// Words describing how `value` breaks `limits`, or `nil` if it is within tolerance.
    private static func violation(_ value: Double, _ limits: (lower: Double, upper: Double), tolerance: Double)
        -> String?
    {
        if value < limits.lower - tolerance * (1 + abs(limits.lower)) {
            return "below its lower bound \(limits.lower)"
        }
        if value > limits.upper + tolerance * (1 + abs(limits.upper)) {
            return "above its upper bound \(limits.upper)"
        }
        return nil
    }
}
