import Foundation
import RosterKit

/// The roster as iCalendar files (RFC 5545): one calendar per clinician who leads a group and,
/// when asked, one per patient who attends one. Each group-hour is one event.
///
/// Events carry real dates (day `i` of `days` is `weekOf + i` days) in floating local time,
/// stable UIDs made of ids, and `DTSTAMP` from the options (now by default). Lines end with
/// CRLF and are folded at 75 octets.
public struct ICSExport: Sendable {
    /// What the calendars show.
    public let facts: RosterFacts

    /// An export of `facts`.
    public init(_ facts: RosterFacts) { self.facts = facts }

    /// The clinicians' calendars, then the patients' when the options ask for them.
    public func calendars() throws(RenderError) -> [RenderedFile] {
        guard facts.calendar.firstDay != nil else { throw .missingWeekOf }
        var files = facts.instance.clinicians.compactMap(clinicianCalendar)
        if facts.options.patientCalendars { files += facts.instance.patients.compactMap(patientCalendar) }
        return files
    }

    /// The calendar of the groups a clinician leads, or `nil` when they lead none.
    func clinicianCalendar(_ clinician: Clinician) -> RenderedFile? {
        let groups = facts.groups(ledBy: clinician.id)
        guard !groups.isEmpty else { return nil }
        let events = groups.map { group in
            var lines = ["\(group.size) patients"]
            lines += group.patients.map { "- \(facts.names.label($0))" }
            return event(
                group, uid: "clinician-\(FileName.safe(clinician.id.rawValue))", summary: "\(title(of: group)) group",
                description: lines.joined(separator: "\n"))
        }
        let name = "\(facts.names.label(clinician.id)): \(facts.title)"
        return RenderedFile(name: Self.fileName(of: clinician.id), text: calendar(name: name, events: events))
    }

    /// The name of a clinician's calendar file: `clinician-c3.ics` (ids only).
    public static func fileName(of clinician: ClinicianID) -> String {
        "clinician-\(FileName.safe(clinician.rawValue)).ics"
    }

    /// The name of a patient's calendar file: `patient-p017.ics` (ids only).
    public static func fileName(of patient: PatientID) -> String { "patient-\(FileName.safe(patient.rawValue)).ics" }

    /// The calendar of the groups a patient attends, or `nil` when they attend none.
    func patientCalendar(_ patient: Patient) -> RenderedFile? {
        let groups = facts.groups(of: patient.id)
        guard !groups.isEmpty else { return nil }
        let events = groups.map { group in
            event(
                group, uid: "patient-\(FileName.safe(patient.id.rawValue))", summary: "\(group.modality) group",
                description: "led by \(facts.names.label(group.clinician))" + (group.room.map { ", room \($0)" } ?? ""))
        }
        let name = "\(facts.names.label(patient.id)): \(facts.title)"
        return RenderedFile(name: Self.fileName(of: patient.id), text: calendar(name: name, events: events))
    }

    private func title(of group: Group) -> String {
        facts.hasCohorts ? "\(group.modality) (\(group.cohort))" : group.modality.rawValue
    }

    private func calendar(name: String, events: [String]) -> String {
        ICSText.line("BEGIN", "VCALENDAR") + ICSText.line("VERSION", "2.0")
            + ICSText.line("PRODID", "-//iop-planner//roster//EN") + ICSText.line("CALSCALE", "GREGORIAN")
            + ICSText.line("METHOD", "PUBLISH") + ICSText.line("X-WR-CALNAME", ICSText.escape(name)) + events.joined()
            + ICSText.line("END", "VCALENDAR")
    }

    private func event(_ group: Group, uid owner: String, summary: String, description: String) -> String {
        let slot = group.timeSlot
        // Placed groups always have dates once `weekOf` is known (checked in `calendars()`).
        guard let times = facts.calendar.localDateTimes(slot) else { return "" }
        let uid =
            [
                FileName.safe(facts.title), FileName.safe(slot.day), FileName.safe(slot.session), String(slot.slot),
                owner,
            ]
            .joined(separator: "_") + "@iop-planner"
        var text = ICSText.line("BEGIN", "VEVENT") + ICSText.line("UID", uid) + ICSText.line("DTSTAMP", timestamp)
        text += ICSText.line("DTSTART", times.start) + ICSText.line("DTEND", times.end)
        text += ICSText.line("SUMMARY", ICSText.escape(summary))
        if let room = group.room { text += ICSText.line("LOCATION", ICSText.escape("room \(room)")) }
        text += ICSText.line("DESCRIPTION", ICSText.escape(description))
        return text + ICSText.line("END", "VEVENT")
    }

    /// `DTSTAMP` in UTC: `20261123T101500Z`.
    private var timestamp: String {
        let seconds = Int((facts.options.timestamp ?? Date()).timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86400).rounded(.down))
        let time = seconds - days * 86400
        let date = ISODate.text(daysSinceEpoch: days).filter { $0 != "-" }
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date)T\(pad(time / 3600))\(pad(time / 60 % 60))\(pad(time % 60))Z"
    }
}
