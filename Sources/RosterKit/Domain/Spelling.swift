/// A name compared as it is spelled: the same Unicode scalars in the same order.
///
/// Swift's `String` equates canonically equivalent text, so `"é"` (U+00E9) equals `"e\u{301}"`
/// (e and a combining acute accent). JSON and the shared checker (Python) compare code points,
/// so to them those are two different names. Ids, days, sessions, modalities and cohorts are
/// compared this way, so the planner and the shared checker agree on which names match.
///
/// ```swift
/// "é" == "e\u{301}"                       // true
/// Spelling("é") == Spelling("e\u{301}")   // false
/// ```
public struct Spelling: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The name as written.
    public let text: String

    /// Wraps a name so it compares by its code points.
    public init(_ text: String) { self.text = text }

    public var description: String { text }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        var (left, right) = (lhs.text, rhs.text)
        // Compares the bytes in place: the generic `utf8.elementsEqual` was a tenth of a check.
        return left.withUTF8 { left in right.withUTF8 { left.elementsEqual($0) } }
    }

    public func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        // Ends the name (0xFF is never in UTF-8), so ("ab", "c") and ("a", "bc") hash apart.
        hasher.combine(0xFF as UInt8)
    }

    /// Code-point order, as Python orders strings (UTF-8 byte order is code-point order).
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.text.utf8.lexicographicallyPrecedes(rhs.text.utf8) }
}

extension Dictionary where Key == Spelling {
    /// The value of the name spelled exactly `name`.
    public subscript(_ name: String) -> Value? { self[Spelling(name)] }
}

extension Instance {
    /// Cohorts, days and sessions written in two Unicode spellings of the same letters (`"é"`
    /// and `"e\u{301}"`), one sentence each.
    ///
    /// The checker keeps them apart, as the shared checker does; the solvers key these names by
    /// `String`, which would merge them, so they refuse such an instance instead.
    public var namesSpelledTwoWays: [String] {
        func twoWays(_ kind: String, _ names: [String]) -> [String] {
            Dictionary(grouping: Set(names.map(Spelling.init)), by: \.text)
                .filter { $0.value.count > 1 }
                .keys.sorted()
                .map { "\(kind) \"\($0)\" is written in two Unicode spellings (the same letters in other code points)" }
        }
        return twoWays("cohort", patients.map(\.cohort)) + twoWays("day", days) + twoWays("session", sessions.map(\.id))
    }
}
