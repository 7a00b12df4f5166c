import Foundation
import Hummingbird
import HummingbirdTesting
import RosterKit
import RosterStore
import RosterWeb
import TestSupport
import Testing

/// The People page's forms over a real program database: add, edit, discharge and retire, by
/// the spreadsheet import's rules; bad input names its field and saves nothing.
@Suite struct PeopleRouteTests {
    static let week = StoreBackedTests.week

    static func patient(_ id: String, hours: String = "6") -> [String: String] {
        [
            "table": "patients", "mode": "new", "asOf": week, "id": id, "name": "Ada Quill", "track": "DBT",
            "weeklyHours": hours, "availability": "*-AM", "separateFrom": "p02",
        ]
    }

    @Test func aDirectorAddsEditsAndDischargesAPatient() async throws {
        let database = try await StoreBackedTests.database()
        try await StoreBackedTests.test(StoreBackedTests.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let people = try await browser.get("/people")
            #expect(people.text.contains("id=\"add-patient\""))
            let form = try await browser.get("/people/edit?table=patients")
            #expect(form.status == .ok)
            for field in ["id", "name", "track", "weeklyHours", "availability", "cohort", "separateFrom"] {
                #expect(form.text.contains("name=\"\(field)\""), "\(field)")
            }
            let added = try await browser.post("/people/save", Self.patient("p99"))
            #expect(added.status == .ok, "\(added.text)")
            #expect(added.text.contains("patients: 1 added"))
            let edit = try await browser.get("/people/edit?table=patients&id=p99")
            #expect(edit.text.contains("value=\"Ada Quill\""))
            #expect(edit.text.contains("value=\"p02\""), "the separation is shown")
            var changed = Self.patient("p99", hours: "3")
            changed["mode"] = "edit"
            changed["asOf"] = "2026-12-07"
            let saved = try await browser.post("/people/save", changed)
            #expect(saved.text.contains("patients: 0 added, 1 changed"), "\(saved.text)")
            let discharged = try await browser.post("/people/discharge", ["id": "p99", "on": "2026-12-14"])
            #expect(discharged.status == .ok)
        }
        let week = try database.weekInstance(Self.week)
        let added = try #require(week.patients.first { $0.id == "p99" })
        #expect(added.weeklyHours == 6, "the week before the change keeps the first prescription")
        #expect(added.separateFrom == ["p02"])
        #expect(try database.weekInstance("2026-12-07").patients.first { $0.id == "p99" }?.weeklyHours == 3)
        #expect(try database.weekInstance("2026-12-14").patients.contains { $0.id == "p99" } == false)
        let log = try database.auditLog(limit: 30)
        #expect(log.contains { $0.action == "edit people" && $0.actor == "director" })
        #expect(log.contains { $0.action == "patient.discharge" })
        #expect(!log.contains { ($0.targetID ?? "").contains("Ada") }, "no patient name in the audit log")
    }

    @Test func badInputIsA400NamingTheFieldAndSavesNothing() async throws {
        let database = try await StoreBackedTests.database()
        let before = try database.recordCounts()
        try await StoreBackedTests.test(StoreBackedTests.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/people/edit?table=patients")
            let cases: [(field: String, value: String)] = [
                ("weeklyHours", "nine"), ("track", "Juggling"), ("availability", "Caturday"),
                ("separateFrom", "p404"), ("id", "p01"), ("asOf", "soon"),
            ]
            for (field, value) in cases {
                var fields = Self.patient("p77")
                fields[field] = value
                let response = try await browser.post("/people/save", fields)
                #expect(response.status == .badRequest, "\(field)")
                #expect(response.text.contains("\u{201C}\(field)\u{201D}"), "\(field): \(response.text)")
                #expect(response.text.contains("Nothing was saved"))
            }
            let unknown = try await browser.post("/people/discharge", ["id": "p404", "on": Self.week])
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("\u{201C}id\u{201D}"))
            let room = try await browser.post(
                "/people/save", ["table": "rooms", "mode": "edit", "asOf": Self.week, "id": "R1", "capacity": "0"])
            #expect(room.text.contains("\u{201C}capacity\u{201D}"))
        }
        #expect(try database.recordCounts() == before)
        #expect(try database.weekInstance(Self.week).rooms.first { $0.id == "R1" }?.capacity == 12)
    }

    @Test func cliniciansAndRoomsAreEditedAndRetired() async throws {
        let database = try await StoreBackedTests.database()
        try await StoreBackedTests.test(StoreBackedTests.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let form = try await browser.get("/people/edit?table=clinicians&id=c2")
            #expect(form.text.contains("name=\"modalities\""))
            let saved = try await browser.post(
                "/people/save",
                [
                    "table": "clinicians", "mode": "edit", "asOf": Self.week, "id": "c2",
                    "modalities": "DBT;Psychoeducation", "maxHoursPerWeek": "6", "availability": "Mon-* Tue-*",
                ])
            #expect(saved.text.contains("clinicians: 0 added, 1 changed"), "\(saved.text)")
            let room = try await browser.post(
                "/people/save", ["table": "rooms", "mode": "new", "asOf": Self.week, "id": "R3", "capacity": "8"])
            #expect(room.text.contains("rooms: 1 added"))
            #expect(try await browser.post("/people/retire", ["table": "rooms", "id": "R2"]).status == .ok)
        }
        let week = try database.weekInstance(Self.week)
        #expect(week.clinician("c2")?.maxHoursPerWeek == 6)
        #expect(week.rooms.map(\.id) == ["R1", "R3"])
        #expect(try database.auditLog(limit: 20).contains { $0.action == "rooms.retire" })
    }

    @Test func onlyADirectorWithTheFormsTokenChangesPeople() async throws {
        let database = try await StoreBackedTests.database()
        let hash = try await PasswordHasher(cost: 4).hash(WebFixture.clinicianPassword)
        _ = try database.createUser(username: "clinician", passwordHash: hash, role: .clinician, clinicianID: "c1")
        let before = try database.recordCounts()
        try await StoreBackedTests.test(StoreBackedTests.app(database)) { browser in
            let anonymous = try await browser.get("/people/edit?table=patients&id=p01")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/login")
            #expect(try await browser.post("/people/save", Self.patient("p98"), csrf: false).status == .unauthorized)
            try await browser.signIn("director", WebFixture.directorPassword)
            #expect(try await browser.post("/people/save", Self.patient("p98"), csrf: false).status == .forbidden)
            var wrong = Self.patient("p98")
            wrong["csrf"] = String(repeating: "0", count: 64)
            #expect(try await browser.post("/people/save", wrong).status == .forbidden)
            #expect(
                try await browser.post("/people/discharge", ["id": "p01", "on": Self.week], csrf: false).status
                    == .forbidden)
        }
        try await StoreBackedTests.test(StoreBackedTests.app(database)) { browser in
            try await browser.signIn("clinician", WebFixture.clinicianPassword)
            #expect(try await browser.get("/people/edit?table=patients&id=p01").status == .forbidden)
            #expect(try await browser.post("/people/save", Self.patient("p98")).status == .forbidden)
            #expect(try await browser.post("/people/discharge", ["id": "p01", "on": Self.week]).status == .forbidden)
            #expect(try await browser.post("/people/retire", ["table": "rooms", "id": "R1"]).status == .forbidden)
            let people = try await browser.get("/people")
            #expect(!people.text.contains("id=\"add-patient\""))
        }
        #expect(try database.recordCounts() == before)
    }

    /// Every input of the add and edit forms has a label in words (never the column's name), and
    /// the fields whose format is not obvious a hint tied to the input; a refusal still names the column.
    @Test func everyFieldHasAHumanLabelAndTheUnobviousOnesAHint() async throws {
        let database = try await StoreBackedTests.database()
        try await StoreBackedTests.test(StoreBackedTests.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let expected: [(uri: String, labels: [String: String], hinted: [String])] = [
                (
                    "/people/edit?table=patients",
                    [
                        "id": "Patient id", "weeklyHours": "Hours per week", "maxDaysPerWeek": "At most days per week",
                        "separateFrom": "Never in a group with", "availability": "Available", "asOf": "Changes take",
                    ],
                    ["id", "weeklyHours", "availability", "separateFrom", "asOf"]
                ),
                (
                    "/people/edit?table=clinicians&id=c1",
                    [
                        "modalities": "Leads groups of", "maxHoursPerWeek": "At most hours per week",
                        "maxHoursPerDay": "At most hours per day",
                    ],
                    ["modalities", "availability", "maxHoursPerDay"]
                ),
                ("/people/edit?table=rooms", ["id": "Room name", "capacity": "Seats"], ["capacity", "availability"]),
            ]
            for (uri, labels, hinted) in expected {
                let page = try await browser.get(uri).text
                let names = Self.inputNames(in: page)
                #expect(!names.isEmpty, "\(uri)")
                for name in names {
                    let label = try #require(Self.label(of: name, in: page), "\(uri): \(name) has a <label for>")
                    #expect(
                        label.first?.isUppercase == true && !label.hasPrefix(name),
                        "\(uri): \(name)'s label is in words: \(label)")
                    if let words = labels[name] { #expect(label.hasPrefix(words), "\(uri): \(name): \(label)") }
                }
                for name in hinted {
                    #expect(page.contains("aria-describedby=\"\(name)-hint\""), "\(uri): \(name)")
                    #expect(page.contains("id=\"\(name)-hint\""), "\(uri): \(name)")
                }
            }
            let patients = try await browser.get("/people/edit?table=patients").text
            #expect(patients.contains("days Mon Tue Wed Thu Fri"), "the availability hint lists the program's days")
            var fields = Self.patient("p77")
            fields["weeklyHours"] = "nine"
            let refused = try await browser.post("/people/save", fields)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("\u{201C}weeklyHours\u{201D}"), "the field as the CSV file names it")
            #expect(refused.text.contains("weeklyHours (hours per week)"), "\(refused.text)")
        }
    }

    /// The `name` of every visible input and select of a form page, in order.
    static func inputNames(in page: String) -> [String] {
        let pattern = /<(?:input|select) (?:type="(?<type>[a-z]+)" )?name="(?<name>[A-Za-z]+)"/
        return page.matches(of: pattern).filter { $0.output.type != "hidden" }.map { String($0.output.name) }
    }

    /// The text of the `<label for=name>`, tags left out.
    static func label(of name: String, in page: String) -> String? {
        guard let start = page.range(of: "<label for=\"\(name)\">"),
            let end = page[start.upperBound...].range(of: "</label>")
        else { return nil }
        return String(page[start.upperBound..<end.lowerBound]).replacing(/<[^>]+>/, with: "")
    }
}
