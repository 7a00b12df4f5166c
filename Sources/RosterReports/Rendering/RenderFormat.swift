import Foundation

/// An output format of a roster.
public enum RenderFormat: String, CaseIterable, Sendable {
    /// The plain-words report for an 80-column terminal.
    case text
    /// One row per patient-hour (RFC 4180).
    case csv
    /// One self-contained printable page: week grid, clinician, room and patient views.
    case html
    /// iCalendar files (RFC 5545): one per clinician, and one per patient on request.
    case ics
    /// The roster file with its objective and the reasons for every unmet hour.
    case json

    /// The file name extension of the format.
    public var fileExtension: String { rawValue == "text" ? "txt" : rawValue }
}

/// Choices that apply to every format.
public struct RenderOptions: Sendable {
    /// Use ids only: no patient or clinician name appears in any output.
    public var pseudonymize: Bool
    /// Also write one calendar per patient (`ics` only).
    public var patientCalendars: Bool
    /// When the calendars were made (`DTSTAMP`); `nil` means now.
    public var timestamp: Date?
    /// Most seconds spent explaining unmet hours (the command's time limit); `nil`: no limit.
    public var explanationSeconds: Double?

    /// Builds options; by default names are shown, no patient calendars, the timestamp is now, and explaining has no
    /// time limit.
    public init(
        pseudonymize: Bool = false, patientCalendars: Bool = false, timestamp: Date? = nil,
        explanationSeconds: Double? = nil
    ) {
        self.pseudonymize = pseudonymize
        self.patientCalendars = patientCalendars
        self.timestamp = timestamp
        self.explanationSeconds = explanationSeconds
    }
}

/// One output file: a name relative to the output folder, and its text.
public struct RenderedFile: Hashable, Sendable {
    /// A file name made of ids only (never a person's name), safe in any folder.
    public var name: String
    /// The file's contents.
    public var text: String

    /// Builds a file.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// A roster cannot be rendered in the format asked for.
public enum RenderError: Error, Sendable, CustomStringConvertible {
    /// Calendar files need real dates, and the instance has no `weekOf`.
    case missingWeekOf

    public var description: String {
        switch self {
        case .missingWeekOf:
            "calendar export needs the week's dates: add \"weekOf\": \"YYYY-MM-DD\" (the date of the first "
                + "day) to the instance file"
        }
    }
}
