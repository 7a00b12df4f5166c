// Merging and staging of row coefficients before they are handed to GLPK.
// Pure Swift: nothing here calls GLPK, so invalid input can never reach it.

/// Turns a list of (column, coefficient) terms into GLPK's 1-based sparse arrays.
///
/// Repeated columns are summed and zero results dropped, in time linear in the number of
/// terms: a per-column slot table (reused across rows) remembers where each column went.
struct RowBuilder {
    /// `slot[column]` is the 1-based position of that column in `indices`, or 0 if absent.
    private var slot: [Int32] = []
    /// GLPK column numbers (1-based); element 0 is unused, as GLPK expects.
    private var indices: [Int32] = [0]
    /// Coefficients matching `indices`; element 0 is unused.
    private var values: [Double] = [0]

    /// Merges `terms` into the builder's arrays, or throws without touching anything else.
    mutating func merge(
        _ terms: [(ColumnIndex, Double)], columnCount: Int, what: @autoclosure () -> String
    ) throws(MIPError) {
        if slot.count < columnCount { slot.append(contentsOf: repeatElement(0, count: columnCount - slot.count)) }
        indices.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        indices.append(0)
        values.append(0)

        var failure: MIPError?
        for (column, coefficient) in terms {
            guard column.rawValue >= 0, column.rawValue < columnCount else {
                failure = .unknownColumn(column, columnCount: columnCount, context: "A term of \(what())")
                break
            }
            guard coefficient.isFinite else {
                failure = .nonFiniteNumber("The coefficient of column \(column.rawValue) in \(what())")
                break
            }
            let position = slot[column.rawValue]
            if position == 0 {
                indices.append(Int32(column.rawValue + 1))
                values.append(coefficient)
                slot[column.rawValue] = Int32(indices.count - 1)
            } else {
                values[Int(position)] += coefficient
            }
        }
        // Clear the slot table for the next row, whatever happened.
        for k in indices.indices.dropFirst() { slot[Int(indices[k]) - 1] = 0 }
        if let failure { throw failure }

        var kept = 1
        for k in indices.indices.dropFirst() {
            guard values[k].isFinite else {
                throw .nonFiniteNumber("The summed coefficient of column \(indices[k] - 1) in \(what())")
            }
            if values[k] != 0 {
                indices[kept] = indices[k]
                values[kept] = values[k]
                kept += 1
            }
        }
        indices.removeSubrange(kept...)
        values.removeSubrange(kept...)
    }

    /// Calls `body(length, indices, values)` with the merged row in GLPK's 1-based layout.
    func withEntries<T>(_ body: (Int32, UnsafePointer<Int32>, UnsafePointer<Double>) -> T) -> T {
        indices.withUnsafeBufferPointer { indexBuffer in
            values.withUnsafeBufferPointer { valueBuffer in
                body(Int32(indices.count - 1), indexBuffer.baseAddress!, valueBuffer.baseAddress!)
            }
        }
    }
}

/// Many merged rows stored back to back, so a batch can be validated before any is added.
struct StagedRows {
    /// Flat GLPK column numbers; element 0 is a dummy so every row's start minus one is in bounds.
    private var indices: [Int32] = [0]
    private var values: [Double] = [0]
    /// `starts[r]` is where row `r` begins in the flat arrays; `starts.last` is the end.
    private var starts: [Int] = [1]

    /// Appends one merged row given in GLPK's 1-based layout.
    mutating func append(
        length: Int32, indices rowIndices: UnsafePointer<Int32>, values rowValues: UnsafePointer<Double>
    ) {
        let count = Int(length)
        indices.append(contentsOf: UnsafeBufferPointer(start: rowIndices + 1, count: count))
        values.append(contentsOf: UnsafeBufferPointer(start: rowValues + 1, count: count))
        starts.append(indices.count)
    }

    /// Calls `body(length, indices, values)` for row `row`, in GLPK's 1-based layout.
    func withRow<T>(_ row: Int, _ body: (Int32, UnsafePointer<Int32>, UnsafePointer<Double>) -> T) -> T {
        let start = starts[row]
        let end = starts[row + 1]
        return indices.withUnsafeBufferPointer { indexBuffer in
            values.withUnsafeBufferPointer { valueBuffer in
                // Point one element before the row, so that [1] is its first entry.
                body(Int32(end - start), indexBuffer.baseAddress! + (start - 1), valueBuffer.baseAddress! + (start - 1))
            }
        }
    }
}
