/// What an import changed, per table: added, changed, unchanged, and records the import did not
/// mention (kept unless the import was asked to discharge them). Counts only, no ids.
public struct ImportReport: Sendable, Equatable {
    /// The counts for one table.
    public struct Counts: Sendable, Equatable {
        /// Records that were not stored before.
        public var added = 0
        /// Stored records whose fields the import changed.
        public var changed = 0
        /// Stored records the import listed with the same fields.
        public var unchanged = 0
        /// Active records the import did not list.
        public var missing = 0
        /// Of the missing ones, how many were discharged (patients) or retired (clinicians, rooms).
        public var discharged = 0

        /// All counts zero.
        public init() {}

        /// `3 added, 2 changed, 0 unchanged` and, when there are any, the missing ones.
        public var summary: String {
            var text = "\(added) added, \(changed) changed, \(unchanged) unchanged"
            if missing > 0 {
                text +=
                    discharged > 0
                    ? ", \(missing) not in the import and \(discharged == missing ? "" : "\(discharged) ")discharged"
                    : ", \(missing) not in the import and kept (pass --discharge-missing to discharge them)"
            }
            return text
        }
    }

    /// The program's calendar and policy (at most one record).
    public var program = Counts()
    /// The clinicians.
    public var clinicians = Counts()
    /// The rooms.
    public var rooms = Counts()
    /// The patients.
    public var patients = Counts()

    /// A report of an import that touched nothing.
    public init() {}

    /// One line per table that the import touched.
    public var lines: [String] {
        [("program", program), ("clinicians", clinicians), ("rooms", rooms), ("patients", patients)]
            .filter { $0.1 != Counts() }
            .map { "\($0.0): \($0.1.summary)" }
    }
}
