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
