import RosterKit

/// One problem (or warning) in a spreadsheet: the file, the spreadsheet row (the header is row
/// 1), the column, and what was expected: `patients.csv:17: weeklyHours: expected a whole
/// number, got "nine"`. A cell is quoted only when its column may be (never a name).
public struct SpreadsheetProblem: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var row: Int?
    public var column: String?
    public var message: String

    public init(file: String, row: Int? = nil, column: String? = nil, message: String) {
        self.file = file
        self.row = row
        self.column = column
        self.message = message
    }

    public var description: String {
        var text = file
        if let row { text += ":\(row)" }
        if let column { text += ": \(column)" }
        return "\(text): \(message)"
    }
}

/// Why spreadsheets were not imported: every problem in every file, so one round of fixes is
/// enough. Nothing was changed.
public struct SpreadsheetError: Error, Sendable, CustomStringConvertible {
    public var problems: [SpreadsheetProblem]

    /// Keeps `problems` ordered by file name, then row (the header first), as found within a row.
    public init(problems: [SpreadsheetProblem]) {
        self.problems = problems.enumerated()
            .sorted { ($0.element.file, $0.element.row ?? 0, $0.offset) < ($1.element.file, $1.element.row ?? 0, $1.offset) }
            .map(\.element)
    }

    /// The first ``InputError/problemsShown`` problems, one a line, and how many more there are.
    public var description: String {
        let noun = problems.count == 1 ? "problem" : "problems"
        var lines = problems.prefix(InputError.problemsShown).map { "  \($0)" }
        if problems.count > InputError.problemsShown { lines.append("  and \(problems.count - InputError.problemsShown) more problems") }
        return "the spreadsheets have \(problems.count) \(noun); nothing was imported:\n" + lines.joined(separator: "\n")
    }
}
