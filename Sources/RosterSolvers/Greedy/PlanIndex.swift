/// A position in one of the greedy solver's tables (patients, groups), typed so that the compiler
/// tells a patient's number from a group's: `PatientIndex` and `GroupIndex` do not mix.
///
/// Zero-cost wrappers around `Int`: ranges of them iterate (`problem.patients`), and an
/// ``IndexedArray`` takes only its own kind as a subscript.
protocol PlanIndex: Hashable, Comparable, Strideable, Sendable, CustomStringConvertible where Stride == Int {
    /// The position in its table, from 0.
    var rawValue: Int { get }
    /// The index at `rawValue`.
    init(_ rawValue: Int)
}

extension PlanIndex {
    @inline(__always) static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    @inline(__always) func distance(to other: Self) -> Int { other.rawValue - rawValue }
    @inline(__always) func advanced(by step: Int) -> Self { Self(rawValue + step) }
    var description: String { String(rawValue) }
}

/// A patient's number in a ``GreedyProblem``: the instance's order of patients.
struct PatientIndex: PlanIndex {
    let rawValue: Int
    @inline(__always) init(_ rawValue: Int) { self.rawValue = rawValue }
}

/// A group's id in a ``PlanState`` (ids of closed groups are reused).
struct GroupIndex: PlanIndex {
    let rawValue: Int
    @inline(__always) init(_ rawValue: Int) { self.rawValue = rawValue }
}

/// An array subscripted by one kind of ``PlanIndex`` only, so a patient's table cannot be read
/// with a group's id.
struct IndexedArray<Index: PlanIndex, Element>: RandomAccessCollection, MutableCollection {
    private(set) var elements: [Element]

    init(_ elements: [Element]) { self.elements = elements }
    init(repeating element: Element, count: Int) { elements = Array(repeating: element, count: count) }

    var startIndex: Index { Index(0) }
    var endIndex: Index { Index(elements.count) }

    @inline(__always) subscript(position: Index) -> Element {
        get { elements[position.rawValue] }
        _modify { yield &elements[position.rawValue] }
    }

    /// Adds an element at the end; returns its index.
    @discardableResult
    mutating func append(_ element: Element) -> Index {
        elements.append(element)
        return Index(elements.count - 1)
    }
}
