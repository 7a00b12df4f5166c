import Foundation
import RosterKit
import Testing

@testable import RosterReports

@Suite("Names")
struct PseudonymizeTests {
    static func everyFormat(pseudonymize: Bool) throws -> [RenderedFile] {
        let options = RenderOptions(pseudonymize: pseudonymize, patientCalendars: true)
        return try RenderFormat.allCases.flatMap { format in
            try RosterRendering.render(
                format: format, instance: NamedClinic.instance, roster: NamedClinic.roster, options: options)
        }
    }

    @Test func namesAppearInOutputsForPeople() throws {
        let files = try Self.everyFormat(pseudonymize: false)
        for format in ["roster.txt", "roster.csv", "roster.html"] {
            let text = try #require(files.first { $0.name == format }?.text)
            #expect(text.contains("Quartermaine"), "\(format)")
            #expect(text.contains("Tomas Reyes"), "\(format)")
        }
        #expect(files.contains { $0.name.hasSuffix(".ics") && $0.text.contains("Quartermaine") })
    }

    @Test func pseudonymizeRemovesNamesFromEveryFormat() throws {
        let files = try Self.everyFormat(pseudonymize: true)
        #expect(Set(files.map { ($0.name as NSString).pathExtension }) == ["txt", "csv", "html", "ics", "json"])
        for file in files {
            for word in NamedClinic.nameWords { #expect(!file.text.contains(word), "\(file.name) names \(word)") }
            #expect(["p1", "p2", "p3", "p4", "p5"].contains { file.text.contains($0) }, "\(file.name) still shows ids")
        }
    }

    @Test func theRosterJSONNeverNamesAnyone() throws {
        let json = try #require(try Self.everyFormat(pseudonymize: false).first { $0.name == "roster.json" })
        for word in NamedClinic.nameWords { #expect(!json.text.contains(word)) }
    }

    @Test func fileNamesAreMadeOfIds() throws {
        for file in try Self.everyFormat(pseudonymize: false) {
            #expect(
                file.name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) },
                "\(file.name)")
        }
        #expect(FileName.safe("a/b") == "a_2Fb")
        #expect(FileName.safe("a_2Fb") == "a_5F2Fb")
        #expect(FileName.safe("..") == "_..")
    }
}
