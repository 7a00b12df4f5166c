import RosterKit

/// One problem (or warning) in a spreadsheet: the file, the spreadsheet row (the header is row
/// 1), the column, and what was expected: `patients.csv:17: weeklyHours: expected a whole
/// number, got "nine"`. A cell is quoted only when its column may be (never a name).
public struct SpreadsheetProblem: Hashable, Sendable, CustomStringConvertible {
    /// The file's name (`patients.csv`).
    public var file: String
    /// The spreadsheet row (the header is row 1), or `nil` for the whole file.
    public var row: Int?
    /// The column's name, or `nil` for the whole row or file.
    public var column: String?
    /// What was wrong or expected; quotes a cell only when its column is quotable.
    public var message: String

    /// A problem at the given place. Control characters of the file's name, the column's (a
    /// header cell) and the message (a quoted cell) are shown as U+FFFD
    /// (``ControlCharacters/replaced(in:)``): problems reach the terminal and the page.
    public init(file: String, row: Int? = nil, column: String? = nil, message: String) {
        self.file = ControlCharacters.replaced(in: file)
        self.row = row
        self.column = column.map(ControlCharacters.replaced(in:))
        self.message = ControlCharacters.replaced(in: message)
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
    /// Every problem found, by file name, then row (the header first).
    public var problems: [SpreadsheetProblem]

    /// Keeps `problems` ordered by file name, then row (the header first), as found within a row.
    public init(problems: [SpreadsheetProblem]) {
        self.problems = problems.enumerated()
            .sorted {
                ($0.element.file, $0.element.row ?? 0, $0.offset) < ($1.element.file, $1.element.row ?? 0, $1.offset)
            }
            .map(\.element)
    }

    /// The first ``InputError/problemsShown`` problems, one a line, and how many more there are.
    public var description: String {
        let noun = problems.count == 1 ? "problem" : "problems"
        var lines = problems.prefix(InputError.problemsShown).map { "  \($0)" }
        if problems.count > InputError.problemsShown {
            lines.append("  and \(problems.count - InputError.problemsShown) more problems")
        }
        return "the spreadsheets have \(problems.count) \(noun); nothing was imported:\n"
            + lines.joined(separator: "\n")
    }
}
