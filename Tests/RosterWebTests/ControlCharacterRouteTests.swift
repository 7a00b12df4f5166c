import Foundation
import Hummingbird
import HummingbirdTesting
import RosterKit
import RosterStore
import RosterWeb
import TestSupport
import Testing

/// Ids and names entering the program store through the web keep the instance rule for control
/// characters (C0 and DEL): the People page's forms answer 400 naming the field and save nothing,
/// and the upload's refusal page shows the refused rows without their control characters.
@Suite struct ControlCharacterRouteTests {
    static let week = StoreBackedTests.week

    /// Whether `text` holds a control character other than the line breaks and tabs of markup.
    static func holdsControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { !["\n", "\r", "\t"].contains($0) && ControlCharacters.found(in: "\($0)") }
    }

    @Test func thePeopleFormsRefuseAControlCharacterNamingTheField() async throws {
        let database = try await StoreBackedTests.database()
        let before = try database.exportSpreadsheets(actor: "test").map(\.text)
        let cases: [(fields: [String: String], field: String)] = [
            (PeopleRouteTests.patient("p77").merging(["name": "Ada\u{1B}[31m Quill"]) { $1 }, "name"),
            (PeopleRouteTests.patient("p\u{0}77"), "id"),
            (PeopleRouteTests.patient("p\u{7F}"), "id"),
            (
                [
                    "table": "clinicians", "mode": "edit", "asOf": Self.week, "id": "c1",
                    "name": "A.\u{1B}]0;x\u{7} Rivera",
                    "modalities": "CBT",
                ], "name"
            ),
            (["table": "rooms", "mode": "new", "asOf": Self.week, "id": "R\u{1B}9", "capacity": "6"], "id"),
        ]
        try await StoreBackedTests.test(StoreBackedTests.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            for (fields, field) in cases {
                try await browser.get("/people/edit?table=\(fields["table"]!)")
                let response = try await browser.post("/people/save", fields)
                #expect(response.status == .badRequest, "\(fields["table"]!) \(field)")
                #expect(response.text.contains("\u{201C}\(field)\u{201D}"), "\(field): \(response.text)")
                #expect(response.text.contains("holds a control character"), "\(field)")
                #expect(!Self.holdsControl(response.text), "the page carries no control character")
            }
        }
        #expect(try database.exportSpreadsheets(actor: "test").map(\.text) == before, "nothing was saved")
    }

    @Test func theUploadIsRefusedAndItsPageShowsTheRowsWithoutTheirControlCharacters() async throws {
        let database = try await StoreBackedTests.database()
        let exported = try database.exportSpreadsheets(actor: "test")
        let patients = try #require(exported.first { $0.table == .patients }).text
        var lines = patients.components(separatedBy: "\r\n")
        let header = lines[0].components(separatedBy: ",")
        let (name, hours) = (
            try #require(header.firstIndex(of: "name")), try #require(header.firstIndex(of: "weeklyHours"))
        )
        var first = lines[1].components(separatedBy: ",")
        first[name] = "Ann\u{1B}[2J"
        lines[1] = first.joined(separator: ",")
        var second = lines[2].components(separatedBy: ",")
        second[hours] = "9\u{0}"
        lines[2] = second.joined(separator: ",")
        let upload = lines.joined(separator: "\r\n")
        let before = try database.currentPatients()
        try await StoreBackedTests.test(StoreBackedTests.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/people")
            let refused = try await browser.upload(
                "/people/import", ["asOf": Self.week],
                files: [("patients.csv", upload), ("notes\u{1B}[31m.csv", "id\n")])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("<td>patients.csv</td><td class=\"num\">2</td><td>name</td>"))
            #expect(refused.text.contains("<td>patients.csv</td><td class=\"num\">3</td><td>weeklyHours</td>"))
            #expect(refused.text.contains("\u{FFFD}"), "the refused cells are shown, marked")
            #expect(!Self.holdsControl(refused.text), "the page carries no control character")
        }
        #expect(try database.currentPatients() == before)
    }
}
