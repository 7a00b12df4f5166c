import Foundation
import RosterKit
import Testing

@testable import RosterReports

@Suite("iCalendar export")
struct ICSExportTests {
    static let stamp = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T11:06:40Z

    static func calendars(pseudonymize: Bool = false, patients: Bool = false) throws -> [RenderedFile] {
        try RosterRendering.render(
            format: .ics, instance: NamedClinic.instance, roster: NamedClinic.roster,
            options: RenderOptions(pseudonymize: pseudonymize, patientCalendars: patients, timestamp: stamp))
    }

    /// Content lines with folding undone (RFC 5545 3.1): CRLF followed by one space or tab is removed.
    static func unfold(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n\t", with: "")
            .components(separatedBy: "\r\n").dropLast().map { $0 }
    }

    /// The events of a calendar, each as its properties by name.
    static func events(_ text: String) -> [[String: String]] {
        var events: [[String: String]] = []
        var current: [String: String]?
        for line in unfold(text) {
            if line == "BEGIN:VEVENT" {
                current = [:]
                continue
            }
            if line == "END:VEVENT", let event = current {
                events.append(event)
                current = nil
                continue
            }
            guard current != nil, let colon = line.firstIndex(of: ":") else { continue }
            current?[String(line[..<colon])] = String(line[line.index(after: colon)...])
        }
        return events
    }

    @Test func oneCalendarPerClinicianWithOneEventPerGroup() throws {
        let files = try Self.calendars()
        #expect(files.map(\.name) == ["clinician-c1.ics", "clinician-c2.ics"])
        for (file, clinician) in zip(files, ["c1", "c2"] as [ClinicianID]) {
            let lines = Self.unfold(file.text)
            #expect(lines.first == "BEGIN:VCALENDAR")
            #expect(lines.last == "END:VCALENDAR")
            #expect(lines.contains("VERSION:2.0"))
            #expect(Self.events(file.text).count == NamedClinic.roster.groups.count { $0.clinician == clinician })
        }
    }

    @Test func datesComeFromWeekOfInFloatingLocalTime() throws {
        let c2 = try #require(Self.calendars().first { $0.name == "clinician-c2.ics" })
        let events = Self.events(c2.text)
        let starts = events.compactMap { $0["DTSTART"] }
        #expect(
            starts == ["20261130T090000", "20261130T100000", "20261130T110000", "20261201T223000", "20261201T233000"])
        #expect(events.last?["DTEND"] == "20261202T003000")
        #expect(events.allSatisfy { $0["DTSTAMP"] == "20261118T110640Z" })
        #expect(events.first?["LOCATION"] == "room R\\,2")
    }

    @Test func linesEndWithCRLFAndFoldAt75Octets() throws {
        for file in try Self.calendars(patients: true) {
            #expect(file.text.hasSuffix("\r\n"))
            let physical = file.text.components(separatedBy: "\r\n").dropLast()
            for line in physical {
                #expect(!line.contains("\n") && !line.contains("\r"), "\(file.name): a bare line break")
                #expect(line.utf8.count <= 75, "\(file.name): \(line)")
            }
        }
        let c1 = try #require(Self.calendars().first)
        #expect(c1.text.contains("\r\n "), "the long clinician name is folded")
    }

    @Test func textIsEscaped() throws {
        let files = try Self.calendars(patients: true)
        let c1 = Self.unfold(files[0].text)
        let name = try #require(c1.first { $0.hasPrefix("X-WR-CALNAME:") })
        #expect(
            name == "X-WR-CALNAME:c1 Dr. Ophelia Rainsworth-Vantongeren\\, LCSW\\; PhD\\, Department of Behavioural "
                + "Health Services: named clinic\\, week 48")
        let description = try #require(Self.events(files[0].text).first?["DESCRIPTION"])
        #expect(description == "2 patients\\n- p1 Zelda \"Zee\" Quartermaine\\n- p2 Yorick\\, Pemberton\\; Jr.")
        let p4 = try #require(files.first { $0.name == "patient-p4.ics" })
        #expect(
            Self.unfold(p4.text).contains("X-WR-CALNAME:p4 Wilhelmina Back\\\\slash Newline: named clinic\\, week 48"))
    }

    @Test func patientCalendarsOnRequest() throws {
        let names = try Self.calendars(patients: true).map(\.name)
        #expect(
            names == [
                "clinician-c1.ics", "clinician-c2.ics", "patient-p1.ics", "patient-p2.ics", "patient-p3.ics",
                "patient-p4.ics", "patient-p5.ics",
            ])
        let p5 = try #require(Self.calendars(patients: true).last)
        #expect(Self.events(p5.text).count == 5)
        #expect(Self.events(p5.text).first?["DESCRIPTION"] == "led by c2 Tomas Reyes\\, LMFT\\, room R\\,2")
    }

    @Test func uidsAreUniqueAndStable() throws {
        let first = try Self.calendars(patients: true)
        let again = try RosterRendering.render(
            format: .ics, instance: NamedClinic.instance, roster: NamedClinic.roster,
            options: RenderOptions(patientCalendars: true, timestamp: Date()))
        let uids = first.flatMap { Self.events($0.text).compactMap { $0["UID"] } }
        #expect(Set(uids).count == uids.count)
        #expect(uids == again.flatMap { Self.events($0.text).compactMap { $0["UID"] } })
        #expect(uids.first == "named_20clinic_2C_20week_2048_Mon_AM_1_clinician-c1@iop-planner")
    }

    @Test func missingWeekOfIsAClearError() {
        var instance = NamedClinic.instance
        instance.weekOf = nil
        #expect(throws: RenderError.missingWeekOf) {
            try RosterRendering.render(format: .ics, instance: instance, roster: NamedClinic.roster)
        }
        #expect(RenderError.missingWeekOf.description.contains("add \"weekOf\": \"YYYY-MM-DD\""))
    }

    @Test func civilDatesCrossMonthsAndLeapYears() {
        #expect(ISODate.adding(days: 1, to: "2028-02-28") == "2028-02-29")
        #expect(ISODate.adding(days: 1, to: "2026-12-31") == "2027-01-01")
        #expect(ISODate.adding(days: -7, to: "2027-01-04") == "2026-12-28")
        #expect(ISODate.daysSinceEpoch("1970-01-01") == 0)
        #expect(ISODate.text(daysSinceEpoch: -1) == "1969-12-31")
        #expect(ISODate.daysSinceEpoch("2026-02-30") == nil)
    }
}
