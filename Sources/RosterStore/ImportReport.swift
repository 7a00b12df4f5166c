/// What an import changed, per table: added, changed, unchanged, and records the import did not
/// mention (kept unless the import was asked to discharge them). Counts only, no ids.
public struct ImportReport: Sendable, Equatable {
    public struct Counts: Sendable, Equatable {
        public var added = 0
        public var changed = 0
        public var unchanged = 0
        /// Active records the import did not list.
        public var missing = 0
        /// Of the missing ones, how many were discharged (patients) or retired (clinicians, rooms).
        public var discharged = 0

        public init() {}

        /// `3 added, 2 changed, 0 unchanged` and, when there are any, the missing ones.
        public var summary: String {
            var text = "\(added) added, \(changed) changed, \(unchanged) unchanged"
            if missing > 0 {
                text += discharged > 0
                    ? ", \(missing) not in the import and \(discharged == missing ? "" : "\(discharged) ")discharged"
                    : ", \(missing) not in the import and kept (pass --discharge-missing to discharge them)"
            }
            return text
        }
    }

    public var program = Counts()
    public var clinicians = Counts()
    public var rooms = Counts()
    public var patients = Counts()

    public init() {}

    /// One line per table that the import touched.
    public var lines: [String] {
        [("program", program), ("clinicians", clinicians), ("rooms", rooms), ("patients", patients)]
            .filter { $0.1 != Counts() }
            .map { "\($0.0): \($0.1.summary)" }
    }
}
