import RosterKit

/// The roster as CSV (RFC 4180): a header row, then one row per patient-hour, in calendar order.
///
/// Columns: `day, date, session, slot, start, end, modality, cohort, clinician, clinician_name,
/// room, patient, patient_name`. `date` is empty without `weekOf`, `room` without rooms, and
/// the name columns are empty when pseudonymizing or when the instance gives no name.
/// Lines end with CRLF; a field is quoted when it holds a comma, a quote, CR or LF. A name a
/// spreadsheet would run as a formula (`=HYPERLINK(...)`, starting `=`, `+`, `-`, `@`, tab or
/// CR) gets a leading apostrophe, as OWASP advises against CSV injection, so it shows as text.
public struct CSVExport: Sendable {
    /// What the rows show.
    public let facts: RosterFacts

    /// An export of `facts`.
    public init(_ facts: RosterFacts) { self.facts = facts }

    /// The column names, in order.
    public static let header = [
        "day", "date", "session", "slot", "start", "end", "modality", "cohort", "clinician", "clinician_name", "room",
        "patient", "patient_name",
    ]

    /// Every row, header first, as fields.
    public var rows: [[String]] {
        var rows = [Self.header]
        for group in facts.roster.groups where facts.index.canPlace(group) {
            let slot = group.timeSlot
            let shared = [
                slot.day, facts.calendar.isoDate(ofDay: slot.day) ?? "", slot.session, String(slot.slot),
                facts.calendar.startText(slot), facts.calendar.endText(slot), group.modality.rawValue, group.cohort,
                group.clinician.rawValue, facts.names.name(of: group.clinician) ?? "", group.room?.rawValue ?? "",
            ]
            for patient in group.patients {
                rows.append(shared + [patient.rawValue, facts.names.name(of: patient) ?? ""])
            }
        }
        return rows
    }

    /// Every row as RFC 4180 text with CRLF line ends, header first.
    public var text: String { rows.map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined() }

    /// A field as RFC 4180 writes it: quoted, with quotes doubled, when it holds `,` `"` CR or LF;
    /// disarmed with a leading `'` when a spreadsheet would take it for a formula.
    public static func field(_ value: String) -> String {
        let value = SpreadsheetFormula.disarmed(value)
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        var quoted = "\""
        for character in value { quoted += character == "\"" ? "\"\"" : String(character) }
        return quoted + "\""
    }
}
