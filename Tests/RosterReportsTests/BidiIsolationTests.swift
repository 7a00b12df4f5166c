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
}
