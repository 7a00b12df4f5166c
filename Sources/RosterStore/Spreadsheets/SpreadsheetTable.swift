import RosterKit

/// The spreadsheets of the program's records: one CSV file per table, a header row of the spec's
/// field names, one record per row.
///
/// `program.csv` (one row), `sessions.csv` and `modalities.csv` hold the calendar and policy;
/// `clinicians.csv`, `rooms.csv` and `patients.csv` the people and rooms; `prescriptions.csv` a
/// patient's later prescription steps (the first is the `weeklyHours`/`maxDaysPerWeek` of
/// `patients.csv`, from `admittedOn`).
public enum SpreadsheetTable: String, CaseIterable, Sendable, Comparable {
    case program, sessions, modalities, clinicians, rooms, patients, prescriptions

    /// The file name an export writes and an import recognises: `patients.csv`.
    public var fileName: String { "\(rawValue).csv" }

    /// The calendar and policy tables, which an import replaces together.
    static let calendarTables: [SpreadsheetTable] = [.program, .sessions, .modalities]

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The table's columns, in the order an export writes them.
    public var columns: [SpreadsheetColumn] {
        switch self {
        case .program:
            [
                .init("name", .text), .init("days", .list, required: true), .init("minGroupSize", .wholeNumber),
                .init("maxGroupSize", .wholeNumber), .init("maxSameModalityPerDay", .wholeNumber),
            ] + Weights.keys.map { .init($0, .number) }
        case .sessions:
            [
                .init("id", .text, required: true), .init("start", .text, required: true),
                .init("hours", .wholeNumber, required: true),
            ]
        case .modalities:
            [.init("modality", .text, required: true), .init("min", .wholeNumber), .init("max", .wholeNumber)]
        case .clinicians:
            [
                .init("id", .text, required: true), .init("name", .text, quotable: false),
                .init("modalities", .list, required: true), .init("availability", .availability),
                .init("maxHoursPerWeek", .wholeNumber), .init("maxHoursPerDay", .wholeNumber),
            ]
        case .rooms:
            [
                .init("id", .text, required: true), .init("capacity", .wholeNumber, required: true),
                .init("availability", .availability),
            ]
        case .patients:
            [
                .init("id", .text, required: true), .init("name", .text, quotable: false),
                .init("cohort", .text, quotable: false),
                .init("track", .text, required: true), .init("secondary", .text),
                .init("weeklyHours", .wholeNumber, required: true, minimum: 1), .init("maxDaysPerWeek", .wholeNumber),
                .init("availability", .availability, quotable: false), .init("separateFrom", .list, quotable: false),
                .init("admittedOn", .date), .init("plannedDischargeOn", .date),
            ]
        case .prescriptions:
            [
                .init("patient", .text, required: true), .init("fromDate", .date, required: true),
                .init("weeklyHours", .wholeNumber, required: true, minimum: 1), .init("maxDaysPerWeek", .wholeNumber),
            ]
        }
    }

    /// The column called exactly `name` (case-sensitive), or `nil` when the table has none.
    public func column(_ name: String) -> SpreadsheetColumn? { columns.first { $0.name == name } }

    /// The table a file or worksheet holds: by its name (`patients.csv`, `Patients.CSV`, a sheet
    /// `patients`), else the one table whose required columns the header has (the most known
    /// columns wins a tie).
    public static func detect(fileName: String, header: [String]) -> SpreadsheetTable? {
        let name = fileName.lowercased()
        if let byName = allCases.first(where: { name == $0.fileName || name == $0.rawValue }) { return byName }
        let present = Set(header)
        let candidates = allCases.filter { table in
            table.columns.filter(\.required).allSatisfy { present.contains($0.name) }
        }
        let scored = candidates.map { table in (table, table.columns.filter { present.contains($0.name) }.count) }
        guard let best = scored.max(by: { $0.1 < $1.1 }), scored.filter({ $0.1 == best.1 }).count == 1 else {
            return nil
        }
        return best.0
    }
}

/// One column of a ``SpreadsheetTable``: the spec's field name, what its cells hold, and
/// whether an error may quote a cell (not for names and a patient's free-form fields).
public struct SpreadsheetColumn: Sendable, Hashable {
    /// What a column's cells hold, and so how they are read.
    public enum Kind: Sendable, Hashable {
        /// Text as written (an id, a time, a modality, a name).
        case text
        /// A whole number such as `9`.
        case wholeNumber
        /// A number such as `2.5` (the objective's weights).
        case number
        /// An ISO date `YYYY-MM-DD`.
        case date
        /// Items separated by `;`.
        case list
        /// Availability patterns separated by spaces (`Mon-AM Tue-*`); empty for always, `none` for never.
        case availability
    }

    /// The spec's field name, as the header row writes it.
    public let name: String
    /// What the cells hold.
    public let kind: Kind
    /// Whether every row needs the column (and a value in it).
    public let required: Bool
    /// Whether an error may quote the cell's value.
    public let quotable: Bool
    /// The smallest whole number the store accepts, when above the spec's 0.
    let minimum: Int?

    init(_ name: String, _ kind: Kind, required: Bool = false, quotable: Bool = true, minimum: Int? = nil) {
        self.name = name
        self.kind = kind
        self.required = required
        self.quotable = quotable
        self.minimum = minimum
    }

    /// The word an availability cell holds for "never available" (an empty list in the spec).
    public static let never = "none"
}
