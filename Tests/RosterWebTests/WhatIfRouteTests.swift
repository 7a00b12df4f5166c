import Foundation
import Hummingbird
import HummingbirdTesting
import RosterKit
import RosterWeb
import TestSupport
import Testing

/// The What-if page: a scenario of several changes from the form, the side-by-side comparison,
/// and "Adopt this plan".
@Suite struct WhatIfRouteTests {
    /// Two clinicians out on several days, a room out, a policy change: nothing that changes people.
    static func resourceScenario(week: String) -> [String: String] {
        [
            "week": week, "out-c1-Mon": "on", "out-c1-Tue": "on", "out-c2-Wed": "on", "roomout-R1-Thu": "on",
            "policy-maxGroupSize": "9", "policy-weight-group": "2", "name": "short week",
        ]
    }

    @Test func aScenarioOfSeveralChangesIsComparedWithTheWeeksRoster() async throws {
        let fixture = try await WebFixture()
        let patient = fixture.store.program.patients[0].id.rawValue
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let form = try await browser.get("/whatif")
            for field in [
                "out-c1-Mon", "admit1-count", "discharge-\(patient)", "roomout-R1-Fri", "policy-maxGroupSize",
            ] {
                #expect(form.text.contains("name=\"\(field)\""), "\(field)")
            }
            var fields = Self.resourceScenario(week: fixture.store.week)
            fields["admit1-count"] = "2"
            fields["admit1-track"] = "DBT"
            fields["admit1-hours"] = "3"
            fields["discharge-\(patient)"] = "on"
            let (page, _) = try await Self.run(browser, fields)
            #expect(page.status == .ok)
            #expect(page.text.contains("Side by side"))
            #expect(page.text.contains("short week"))
            #expect(page.text.contains("unmet hours"))
            #expect(page.text.contains("Patients whose schedule changes"))
            #expect(page.text.contains("new-1") && page.text.contains("new-2"), "the admitted patients changed")
            #expect(page.text.contains("id=\"not-adoptable\""), "admissions and discharges are not adopted")
            #expect(!page.text.contains("id=\"adopt\""))
            #expect(page.text.contains("out on Tue\" checked"), "the form keeps what was asked")
        }
        #expect(fixture.store.audits.contains { $0.action == "whatif.save" && $0.what.hasSuffix(": 6 changes") })
        #expect(try fixture.store.roster(week: fixture.store.week)?.revision == 1, "a what-if plans no revision")
        #expect(try fixture.store.whatIfs(week: fixture.store.week).map(\.label) == ["short week"])
    }

    @Test func adoptingStoresTheScenariosRosterAsANewRevision() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/whatif")
            let (page, id) = try await Self.run(browser, Self.resourceScenario(week: fixture.store.week))
            #expect(page.text.contains("id=\"adopt\""))
            #expect(Self.scenarioNumber(in: page.text) == id)
            let missing = try await browser.post(
                "/whatif/adopt", ["week": fixture.store.week, "scenario": id], csrf: false)
            #expect(missing.status == .forbidden, "no CSRF token, refused")
            let wrong = try await browser.post(
                "/whatif/adopt",
                ["week": fixture.store.week, "scenario": id, "csrf": String(repeating: "0", count: 64)])
            #expect(wrong.status == .forbidden, "a wrong CSRF token, refused")
            #expect(try fixture.store.roster(week: fixture.store.week)?.revision == 1)
            let notANumber = try await browser.post("/whatif/adopt", ["week": fixture.store.week, "scenario": "x"])
            #expect(notANumber.status == .badRequest)
            #expect(notANumber.text.contains("\u{201C}scenario\u{201D}"))
            let adopted = try await browser.post("/whatif/adopt", ["week": fixture.store.week, "scenario": id])
            #expect(adopted.status == .seeOther)
            let stored = try #require(try fixture.store.roster(week: fixture.store.week))
            #expect(stored.revision == 2)
            let c1Monday = stored.roster.groups.filter { $0.clinician == "c1" && $0.timeSlot.day == "Mon" }
            #expect(c1Monday.isEmpty, "the adopted roster keeps c1 out on Monday")
            let twice = try await browser.post("/whatif/adopt", ["week": fixture.store.week, "scenario": id])
            #expect(twice.status == .badRequest, "a what-if is adopted once")
            #expect(twice.text.contains("\u{201C}scenario\u{201D}"))
            let reopened = try await browser.get("/whatif?week=\(fixture.store.week)&scenario=\(id)")
            #expect(reopened.text.contains("Adopted as revision 2"))
            #expect(!reopened.text.contains("id=\"adopt\""))
            #expect(try await browser.get("/whatif").text.contains("adopted as revision 2"))
        }
        #expect(try fixture.store.roster(week: fixture.store.week)?.revision == 2)
        #expect(fixture.store.audits.contains { $0.action == "whatif.adopt" && $0.user == "director" })
    }

    @Test func aWhatIfOfAnOlderRevisionIsNotAdopted() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/whatif")
            let (_, older) = try await Self.run(browser, Self.resourceScenario(week: fixture.store.week))
            let (_, newer) = try await Self.run(browser, Self.resourceScenario(week: fixture.store.week))
            #expect(older != newer)
            #expect(
                try await browser.post("/whatif/adopt", ["week": fixture.store.week, "scenario": newer]).status
                    == .seeOther)
            let page = try await browser.get("/whatif?week=\(fixture.store.week)&scenario=\(older)")
            #expect(page.text.contains("id=\"stale\""), "the page says to run it again")
            let stale = try await browser.post("/whatif/adopt", ["week": fixture.store.week, "scenario": older])
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("changed since"))
        }
        #expect(try fixture.store.roster(week: fixture.store.week)?.revision == 2)
    }

    /// The page lists the week's what-ifs with who ran them and when; one opens again with its
    /// comparison and its form as asked, and is deleted; each view and change is audited.
    @Test func keptWhatIfsAreListedOpenedAgainAndDeleted() async throws {
        let fixture = try await WebFixture()
        let week = fixture.store.week
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let empty = try await browser.get("/whatif")
            #expect(empty.text.contains("id=\"kept-whatifs\""))
            #expect(empty.text.contains("None yet"))
            let (_, first) = try await Self.run(browser, Self.resourceScenario(week: week))
            var other = Self.resourceScenario(week: week)
            other["name"] = "room out only"
            let (_, second) = try await Self.run(browser, other)
            let list = try await browser.get("/whatif").text
            #expect(list.contains("short week") && list.contains("room out only"))
            #expect(list.contains("id=\"open-\(first)\"") && list.contains("id=\"delete-\(second)\""))
            #expect(list.contains("<td>director</td>"), "who ran it")
            #expect(!list.contains("id=\"whatif-result\""), "the list opens none")
            #expect(!list.contains("csrf=") && !list.contains("out on Tue\" checked"), "a fresh form")
            let opened = try await browser.get("/whatif?week=\(week)&scenario=\(first)")
            #expect(opened.text.contains("Side by side"))
            #expect(opened.text.contains("What-if #\(first) \u{201C}short week\u{201D}, run by director"))
            #expect(opened.text.contains("out on Tue\" checked"), "the form as it was asked")
            #expect(try await browser.get("/whatif?week=\(week)&scenario=999").status == .notFound)
            #expect(try await browser.get("/whatif?week=\(week)&scenario=x").status == .notFound)
            let missing = try await browser.post("/whatif/delete", ["week": week, "scenario": first], csrf: false)
            #expect(missing.status == .forbidden)
            let deleted = try await browser.post("/whatif/delete", ["week": week, "scenario": first])
            #expect(deleted.status == .seeOther)
            let unknown = try await browser.post("/whatif/delete", ["week": week, "scenario": first])
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("\u{201C}scenario\u{201D}"))
            let audits = fixture.store.audits
            #expect(audits.contains { $0.action == "view what-if" && $0.what == "week \(week): what-if #\(first)" })
            #expect(
                audits.contains { $0.action == "whatif.delete" && $0.what == "\(week) what-if #\(first)" })
        }
        #expect(try fixture.store.whatIfs(week: week).map(\.label) == ["room out only"])
    }

    @Test func aChangeTheWeekRefusesNamesItsField() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/whatif")
            let track = try await browser.post(
                "/whatif",
                ["week": fixture.store.week, "admit1-count": "1", "admit1-track": "Juggling", "admit1-hours": "3"])
            #expect(track.status == .badRequest)
            #expect(track.text.contains("\u{201C}admit1-track\u{201D}"))
            #expect(track.text.contains("Nothing was saved"))
            let nothing = try await browser.post("/whatif", ["week": fixture.store.week])
            #expect(nothing.status == .badRequest)
            #expect(nothing.text.contains("\u{201C}scenario\u{201D}"))
            let limits = try await browser.post(
                "/whatif", ["week": fixture.store.week, "limits-clinician": "c1", "limits-week": "many"])
            #expect(limits.text.contains("\u{201C}limits-week\u{201D}"))
            let pattern = try await browser.post(
                "/whatif",
                ["week": fixture.store.week, "availability-target": "room:R2", "availability-patterns": "Caturday"])
            #expect(pattern.text.contains("\u{201C}availability-patterns\u{201D}"))
            let session = try await browser.post(
                "/whatif",
                [
                    "week": fixture.store.week, "newsession-id": "EVE", "newsession-start": "25:00",
                    "newsession-hours": "2",
                ])
            #expect(session.status == .badRequest)
            #expect(session.text.contains("\u{201C}newsession-id\u{201D}"))
        }
        #expect(try fixture.store.roster(week: fixture.store.week)?.revision == 1)
        #expect(try fixture.store.whatIfs(week: fixture.store.week).isEmpty, "nothing was kept")
    }

    /// A control character (an escape sequence, a NUL, C1's U+009B) in any name or id the form
    /// takes is refused by the kit's rule, as in a scenario file: 400 naming the field, nothing
    /// kept. The form used to save the scenario with the escape sequence in its name.
    @Test func aControlCharacterInANameOrIdIsRefusedNamingItsField() async throws {
        let fixture = try await WebFixture()
        let week = fixture.store.week
        let cases: [(field: String, fields: [String: String])] = [
            ("name", ["name": "flu \u{1B}[31mweek", "out-c1-Mon": "on"]),
            ("newclinician-id", ["newclinician-id": "c\u{0}9", "newclinician-modalities": "DBT"]),
            ("newclinician-modalities", ["newclinician-id": "c9", "newclinician-modalities": "DBT,\u{9B}CBT"]),
            ("newroom-id", ["newroom-id": "R\u{7F}9", "newroom-capacity": "6"]),
            ("newsession-id", ["newsession-id": "E\u{7}VE", "newsession-start": "17:00", "newsession-hours": "2"]),
            ("limits-clinician", ["limits-clinician": "c1\u{1B}", "limits-week": "10"]),
            ("availability-target", ["availability-target": "clinician:c1\u{0}", "availability-patterns": "*-PM"]),
        ]
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/whatif")
            for (field, fields) in cases {
                let page = try await browser.post("/whatif", fields.merging(["week": week]) { $1 })
                #expect(page.status == .badRequest, "\(field): \(page.status)")
                #expect(page.text.contains("\u{201C}\(field)\u{201D}: holds a control character"), "\(field)")
                #expect(page.text.contains("Nothing was saved"))
                #expect(!page.text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0 }, "\(field)")
            }
        }
        #expect(try fixture.store.whatIfs(week: week).isEmpty, "nothing was kept")
        #expect(!fixture.store.audits.contains { $0.action == "whatif.save" })
    }

    @Test func everyOtherChangeKindIsRead() async throws {
        let fixture = try await WebFixture()
        let patient = fixture.store.program.patients[1].id.rawValue
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/whatif")
            let (page, _) = try await Self.run(
                browser,
                [
                    "week": fixture.store.week, "hours-patient": patient, "hours-value": "2",
                    "limits-clinician": "c2", "limits-week": "none", "limits-day": "3",
                    "newclinician-id": "c9", "newclinician-modalities": "DBT,CBT", "newclinician-max": "10",
                    "newroom-id": "R9", "newroom-capacity": "6", "removeroom": "R2",
                    "newsession-id": "PM", "newsession-start": "13:00", "newsession-hours": "2",
                    "availability-target": "clinician:c9", "availability-patterns": "*-PM",
                    "policy-min-DBT": "2", "policy-max-DBT": "8", "policy-maxSameModalityPerDay": "3",
                ])
            #expect(page.status == .ok, "\(page.text)")
            #expect(page.text.contains("c9 hours"), "the new clinician is a column row")
            #expect(page.text.contains("id=\"not-adoptable\""))
        }
        #expect(fixture.store.audits.contains { $0.action == "whatif.save" && $0.what.hasSuffix(": 8 changes") })
    }

    @Test func anonymousAndClinicianUsersCannotAskOrAdopt() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/whatif")
            #expect(try await Self.run(browser, Self.resourceScenario(week: fixture.store.week)).id == "1")
        }
        try await fixture.test { browser in
            let anonymous = try await browser.get("/whatif")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location]?.hasPrefix("/login") == true)
            try await browser.signIn("clinician", WebFixture.clinicianPassword)
            let page = try await browser.get("/whatif")
            #expect(page.text.contains("What-if questions are for directors."))
            #expect(!page.text.contains("name=\"discharge-"), "a clinician sees no list of patients here")
            #expect(
                try await browser.post("/whatif", Self.resourceScenario(week: fixture.store.week)).status == .forbidden)
            #expect(
                try await browser.post("/whatif/adopt", ["week": fixture.store.week, "scenario": "1"]).status
                    == .forbidden)
            #expect(
                try await browser.post("/whatif/delete", ["week": fixture.store.week, "scenario": "1"]).status
                    == .forbidden)
            let kept = try await browser.get("/whatif?week=\(fixture.store.week)&scenario=1")
            #expect(kept.text.contains("What-if questions are for directors."))
            #expect(!kept.text.contains("Side by side"), "a clinician opens no kept what-if")
            #expect(!kept.text.contains("kept-whatifs"))
        }
        #expect(try fixture.store.roster(week: fixture.store.week)?.revision == 1)
        #expect(try fixture.store.whatIfs(week: fixture.store.week).count == 1, "the director's what-if stays")
    }

    /// Posts the scenario form: a 303 to the kept what-if, whose page and number are returned.
    static func run(_ browser: Browser, _ fields: [String: String]) async throws -> (page: TestResponse, id: String) {
        let posted = try await browser.post("/whatif", fields)
        #expect(posted.status == .seeOther, "\(posted.text)")
        let location = try #require(posted.headers[.location])
        let id = try #require(location.firstMatch(of: /scenario=([0-9]+)/)).1
        let page = try await browser.get(String(location.prefix { $0 != "#" }))
        return (page, String(id))
    }

    /// The what-if number the page's adopt form carries.
    static func scenarioNumber(in page: String) -> String? {
        guard let form = page.range(of: "action=\"/whatif/adopt\""),
            let range = page[form.upperBound...].range(of: #"name="scenario" value=""#)
        else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }
}
