import Foundation
import RosterKit
import RosterReports

/// The side-by-side comparison of a what-if as the page shows it, kept with the scenario so that
/// opening it again shows what was shown then, whatever the week became since.
public struct WhatIfTable: Sendable, Equatable, Codable {
    /// The patients whose schedule changes under one scenario, as the page names them.
    public struct Changed: Sendable, Equatable, Codable {
        /// The scenario's column label.
        public var label: String
        /// `p001 Chloe Farrell`, or the id alone, sorted by id.
        public var patients: [String]
    }

    /// The column headers: the week's roster, then the scenario.
    public var columns: [String]
    /// Each row: its label, then one value per column.
    public var rows: [[String]]
    /// The patients whose schedule changes, one entry per scenario.
    public var changed: [Changed]
    /// The warnings applying the scenario gave.
    public var warnings: [String]
    /// Whether the scenario's roster keeps every hard rule.
    public var valid: Bool

    /// The table of `comparison`, patients named by `names` (the scenario's week, which knows
    /// admitted patients too).
    public init(_ comparison: WhatIfComparison, names: NameBook, warnings: [String]) {
        columns = ([comparison.base] + comparison.scenarios).map(\.label)
        rows = comparison.rows.map { [$0.label] + $0.values }
        changed = zip(comparison.scenarios, comparison.changedPatients).map { column, patients in
            Changed(label: column.label, patients: patients.map { names.label($0) })
        }
        self.warnings = warnings
        valid = comparison.scenarios.allSatisfy(\.report.isValid)
    }

    /// The table as JSON text, as the store keeps it.
    public var json: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data("{}".utf8), as: UTF8.self) }

    /// The table read back from ``json``; `nil` when the text is not one.
    public init?(json: String) {
        guard let table = try? JSONDecoder().decode(Self.self, from: Data(json.utf8)) else { return nil }
        self = table
    }
}

/// A kept what-if as the page lists it.
public struct WhatIfSummary: Sendable, Equatable {
    /// Its number.
    public var id: Int64
    /// The week.
    public var week: String
    /// The revision it was re-planned from.
    public var baseRevision: Int
    /// The scenario's name.
    public var label: String
    /// How many changes it makes.
    public var changes: Int
    /// Whether it may be adopted.
    public var adoptable: Bool
    /// Who ran it.
    public var createdBy: String
    /// When.
    public var createdAt: Date
    /// The revision it became, once adopted.
    public var adoptedRevision: Int?
}

/// A kept what-if opened again: its summary, the form it was asked with, the comparison shown.
public struct SavedWhatIf: Sendable, Equatable {
    /// Who ran it, when, and whether it was adopted.
    public var summary: WhatIfSummary
    /// The form's fields.
    public var form: FormFields
    /// The comparison.
    public var table: WhatIfTable
}
