import Foundation
import RosterKit
import Testing

@testable import RosterReports

/// A right-to-left override (U+202E) in a name is legal, but cannot reorder the page or the
/// names around it: every name in the HTML is isolated (issue 16).
@Suite("Bidirectional isolation of names")
struct BidiIsolationTests {
    static let override = "\u{202E}"

    static var instance: Instance {
        var instance = NamedClinic.instance
        instance.patients[0].name = "Eve \(override)lanigiro"
        instance.clinicians[1].name = "Dr \(override)Reyes"
        return instance
    }

    @Test func theHTMLIsolatesEveryName() {
        let html = HTMLExport(RosterFacts(instance: Self.instance, roster: NamedClinic.roster)).html
        let occurrences = html.components(separatedBy: Self.override).count - 1
        let isolated = ["p1 Eve \(Self.override)lanigiro", "c2 Dr \(Self.override)Reyes"].map { name in
            html.components(separatedBy: "<bdi>\(name)</bdi>").count - 1
                + html.components(separatedBy: #"">\#(name)</a></bdi>"#).count - 1
        }.reduce(0, +)
        #expect(occurrences > 0)
        #expect(isolated == occurrences, "\(occurrences) names with the override, \(isolated) of them in <bdi>")
    }

    /// In the terminal report every name sits between U+2068 and U+2069, and the clinician
    /// table's columns stay aligned: the isolates take no column (issue 16).
    @Test func theTextReportIsolatesEveryNameAndKeepsItsColumns() throws {
        var instance = Self.instance
        instance.patients[0].weeklyHours += 3  // an unmet hour, so the patient is named
        let text = RosterReport(RosterFacts(instance: instance, roster: NamedClinic.roster)).text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let named = lines.filter { $0.contains(Self.override) }
        #expect(named.count >= 2, "\(text)")
        for line in named {
            let start = try #require(line.firstIndex(of: "\u{2068}"), "not isolated: \(line)")
            let end = try #require(line.firstIndex(of: "\u{2069}"), "not closed: \(line)")
            let override = try #require(line.firstIndex(of: Character(Self.override)))
            #expect(start < override && override < end, "\(line)")
        }
        for line in lines { #expect(TextLayout.width(line) <= 80, "\(line)") }
        // Every clinician row puts its week column where the header does.
        let header = try #require(lines.first { $0.hasPrefix("CLINICIANS") })
        let weekEnd = try #require(header.range(of: "week")).upperBound
        let weekColumn = TextLayout.width(header[..<weekEnd])
        let rows = lines.drop { !$0.hasPrefix("CLINICIANS") }.dropFirst().prefix(instance.clinicians.count)
        #expect(rows.count == instance.clinicians.count)
        for row in rows {
            let visible = String(row.filter { $0 != "\u{2068}" && $0 != "\u{2069}" })
            let slash = try #require(visible.firstIndex(of: "/"), "\(row)")
            let rowWeekEnd = visible[slash...].firstIndex(of: " ") ?? visible.endIndex
            #expect(visible.distance(from: visible.startIndex, to: rowWeekEnd) == weekColumn, "\(row)")
        }
    }
}

/// The `whatif` and `admit` text outputs isolate every name and id from an input file with the
/// same helper as the report (`TextLayout.isolated`), and keep their columns (issue 16).
@Suite("Bidirectional isolation in the what-if and admission texts")
struct BidiIsolationCommandTextTests {
    static let override = BidiIsolationTests.override

    /// Every line holding the override holds it between an isolate and its end.
    static func expectIsolated(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let named = text.split(separator: "\n").filter { $0.contains(Self.override) }
        #expect(!named.isEmpty, "no line holds the name", sourceLocation: sourceLocation)
        for line in named {
            var open = 0
            for character in line {
                if character == "\u{2068}" { open += 1 }
                if character == "\u{2069}" { open -= 1 }
                if String(character) == Self.override {
                    #expect(open > 0, "not isolated: \(line)", sourceLocation: sourceLocation)
                }
            }
            #expect(open == 0, "an isolate left open: \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test func theWhatIfTableIsolatesScenarioNamesAndKeepsItsColumns() {
        let instance = NamedClinic.instance
        func column(_ label: String, _ roster: Roster) -> WhatIfComparison.Column {
            WhatIfComparison.Column(
                label: label, file: "\(label).json", instance: instance,
                outcome: SolveOutcome(roster: roster, solver: "greedy", status: .heuristic, detail: "", elapsed: 0))
        }
        let comparison = WhatIfComparison(
            base: column("base", NamedClinic.roster), scenarios: [column("Dana \(Self.override)tuo", .empty)])
        let text = comparison.text
        Self.expectIsolated(text)
        let table = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(comparison.rows.count + 1)
        let widths = Set(table.map { TextLayout.width($0) })
        #expect(widths.count == 1, "the table's lines differ in width: \(widths)\n\(text)")
    }

    @Test func theAdmissionTextIsolatesPatientClinicianAndRoomIds() {
        let seat = AdmissionSeat(
            timeSlot: TimeSlot(SessionDay(day: "Mon", session: "AM"), slot: 1), modality: "CBT",
            clinician: ClinicianID("c\(Self.override)1"), room: RoomID("R\(Self.override)1"), size: 3)
        let option = AdmissionOption(
            kind: .addOnly, sessionDays: [SessionDay(day: "Mon", session: "AM")], seats: [seat],
            roster: NamedClinic.roster, before: ObjectiveTerms(), after: ObjectiveTerms(),
            moved: [PatientID("p\(Self.override)2")])
        let search = AdmissionSearch(
            patient: PatientID("p\(Self.override)9"), weeklyHours: 1, options: [option], elapsed: 0.1)
        let text = AdmissionReport(search, instance: NamedClinic.instance, roster: NamedClinic.roster).text
        Self.expectIsolated(text)
        #expect(text.contains("Admitting \u{2068}p\(Self.override)9\u{2069}"), "\(text)")
        #expect(
            text.contains("with \u{2068}c\(Self.override)1\u{2069} in \u{2068}R\(Self.override)1\u{2069}"), "\(text)")
    }
}
