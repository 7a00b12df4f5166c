import RosterKit
import RosterStore

/// The People forms' words for each spreadsheet column: a label for people, and a hint where
/// the format is not obvious. The inputs keep the column's name (`weeklyHours`), so a refusal
/// names the field as the CSV file and the JSON do.
enum PeopleLabels {
    /// The label and the hint (`nil`: none needed) of `column` in `table`'s form, with the
    /// program's days and sessions in the availability example.
    static func text(_ table: SpreadsheetTable, _ column: SpreadsheetColumn, instance: Instance) -> (
        label: String, hint: String?
    ) {
        switch (table, column.name) {
        case (.patients, "id"): ("Patient id", "A short code used in every file, such as p121; it cannot be changed.")
        case (.clinicians, "id"): ("Clinician id", "A short code used in every file, such as c7; it cannot be changed.")
        case (.rooms, "id"): ("Room name", "A short code used in every file, such as R3; it cannot be changed.")
        case (_, "name"): ("Full name", nil)
        case (_, "cohort"):
            ("Cohort", "Groups never mix cohorts. Blank: adult.")
        case (_, "track"): ("Treatment track", "The kind of group the patient is prescribed.")
        case (_, "secondary"): ("Second choice", "A kind of group that is also acceptable, at a small cost.")
        case (_, "weeklyHours"): ("Hours per week", "Prescribed group hours, a whole number of 1 or more.")
        case (_, "maxDaysPerWeek"): ("At most days per week", "A whole number; blank for no limit.")
        case (_, "separateFrom"):
            ("Never in a group with", "Patient ids separated by ; such as p02;p17 (relatives, partners...).")
        case (_, "modalities"):
            ("Leads groups of", "Kinds of group separated by ; such as \(example(instance.modalities.prefix(2))).")
        case (_, "maxHoursPerWeek"): ("At most hours per week", "A whole number; blank for no limit.")
        case (_, "maxHoursPerDay"): ("At most hours per day", "A whole number; blank for no limit.")
        case (_, "capacity"): ("Seats", "How many patients the room holds, a whole number of 1 or more.")
        case (_, "availability"): ("Available", availabilityHint(instance))
        default: (column.name, nil)
        }
    }

    /// How availability is written, with this program's days and sessions.
    private static func availabilityHint(_ instance: Instance) -> String {
        let day = instance.days.first ?? "Mon"
        let other = instance.days.dropFirst().first ?? "Tue"
        let session = instance.sessions.first?.id ?? "AM"
        return "Day-session patterns separated by spaces, such as \(day)-\(session) \(other)-* (* is any); "
            + "days \(instance.days.joined(separator: " ")), sessions "
            + "\(instance.sessions.map(\.id).joined(separator: " ")). Blank: always available; none: never."
    }

    private static func example(_ modalities: ArraySlice<Modality>) -> String {
        modalities.isEmpty ? "DBT;CBT" : modalities.map(\.rawValue).joined(separator: ";")
    }
}
