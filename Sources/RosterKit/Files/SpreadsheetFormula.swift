/// Text a spreadsheet would run as a formula (`=HYPERLINK(...)`, or starting `+`, `-`, `@`, tab
/// or CR) is written with a leading apostrophe, as OWASP advises against CSV injection, so that
/// it shows as text. Files the planner reads back drop that apostrophe again.
public enum SpreadsheetFormula {
    /// First characters that make a spreadsheet cell a formula.
    public static let firstCharacters: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// `text`, with a leading `'` when a spreadsheet would take it for a formula.
    public static func disarmed(_ text: String) -> String {
        text.unicodeScalars.first.map(firstCharacters.contains) == true ? "'" + text : text
    }

    /// The text ``disarmed(_:)`` was given: a leading `'` before a formula character is dropped.
    public static func restored(_ text: String) -> String {
        guard text.hasPrefix("'") else { return text }
        let rest = String(text.dropFirst())
        return rest.unicodeScalars.first.map(firstCharacters.contains) == true ? rest : text
    }
}
