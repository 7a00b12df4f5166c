import Foundation
import Hummingbird
import HummingbirdTesting
import RosterKit
import RosterSolvers
import RosterStore
import RosterWeb
import TestSupport
import Testing

/// The web application over a real program database: what it plans and publishes outlives a
/// restart, and the store's rule that a published roster never changes holds on the page.
@Suite struct StoreBackedTests {
    static let week = "2026-11-30"

    /// A fresh database in a temporary folder with a program (tiny unless told) and a director.
    static func database(instance file: String = "instances/tiny.json", admittedOn: String = week) async throws
        -> ProgramStore
    {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iop-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try ProgramStore(path: folder.appendingPathComponent("program.sqlite").path)
        let instance = try Fixtures.instance(file)
        try store.importRecords(
            ProgramImport(instance: instance, admittedOn: admittedOn), effectiveDate: admittedOn, actor: "test",
            source: "tiny.json")
        let hash = try await PasswordHasher(cost: 4).hash(WebFixture.directorPassword)
        _ = try store.createUser(username: "director", passwordHash: hash, role: .director)
        return store
    }

    /// A web application on `database`, as `serve` starts it (a restart is a second call).
    static func app(_ database: ProgramStore) -> WebApp {
        WebApp(
            store: ProgramWebStore(database: database, currentWeek: week),
            configuration: .init(
                planSeconds: 1, hasher: PasswordHasher(cost: 4), solver: { GreedySolver(localSearchSeconds: $0) }))
    }

    static func test(
        _ web: WebApp, cookies: [String: String] = [:], _ body: @escaping @Sendable (Browser) async throws -> Void
    ) async throws {
        try await Application(router: web.router()).test(.router) { client in
            let browser = Browser(client: client)
            browser.cookies = cookies
            try await body(browser)
        }
    }

    @Test func aPlannedAndPublishedWeekAndTheSessionOutliveARestart() async throws {
        let database = try await Self.database()
        let kept = Cookies()
        try await Self.test(Self.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            #expect(try await browser.get("/").text.contains("no roster yet"))
            try await browser.get("/plan")
            #expect(try await browser.post("/plan", ["week": Self.week]).status == .seeOther)
            for _ in 0..<100 where try await RouteTests.planRunning(browser, week: Self.week) {
                try await Task.sleep(for: .milliseconds(100))
            }
            try await browser.get("/")
            #expect(try await browser.post("/publish", ["week": Self.week]).status == .seeOther)
            kept.values = browser.cookies
        }
        #expect(try database.publishedRoster(of: Self.week)?.revision == 1)
        #expect(try database.auditLog(limit: 50).contains { $0.action == "week.publish" && $0.actor == "director" })

        let restarted = try ProgramStore(path: database.path)
        try await Self.test(Self.app(restarted), cookies: kept.values) { browser in
            let week = try await browser.get("/")
            #expect(week.status == .ok, "the session survives the restart")
            #expect(week.text.contains("published"))
            #expect(week.text.contains("<option value=\"\(Self.week)\""))
            #expect(!week.text.contains("Publish this roster"))
            let again = try await browser.post("/publish", ["week": Self.week])
            #expect(again.status == .conflict)
            #expect(again.text.contains("never changes"))
            try await browser.get("/plan")
            #expect(try await browser.post("/plan", ["week": Self.week]).status == .conflict)
        }
        #expect(try restarted.rosters(of: Self.week).count == 1)
    }

    /// "Plan this week" for a week before the records' first admission (tiny imported the week
    /// after): refused with a 400 naming the week field and the first admission, as `week plan`
    /// refuses it (one refusal, in the store); no solve starts and nothing is stored.
    @Test func aWeekWithNoPatientInCareIsRefusedAndNoSolveStarts() async throws {
        let database = try await Self.database(admittedOn: "2026-12-07")
        try await Self.test(Self.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/plan")
            let refused = try await browser.post("/plan", ["week": Self.week])
            #expect(refused.status == .badRequest)
            #expect(
                refused.text.contains("field \u{201C}week\u{201D}: a week in which a patient is in care"),
                "\(refused.text)")
            #expect(refused.text.contains("the first admission in the records is on 2026-12-07"), "\(refused.text)")
            #expect(refused.text.contains("Nothing was saved."))
            let status = try await browser.get("/plan/status?week=\(Self.week)")
            #expect(status.text.contains("no solve has run"), "\(status.text)")
        }
        #expect(try database.rosters(of: Self.week).isEmpty)
        #expect(try !database.auditLog(limit: 50).contains { $0.action == "plan" })
    }

    @Test func aClinicianAccountSeesOnlyTheGroupsItsClinicianLeadsAndThosePatients() async throws {
        let database = try await Self.database()
        let instance = try database.weekInstance(Self.week)
        let outcome = try GreedySolver().solve(instance, options: SolveOptions(timeLimit: 1))
        try database.saveRoster(outcome, instance: instance, weekStart: Self.week, timeLimit: 1, actor: "cli")
        let lead = try #require(outcome.roster.groups.first).clinician
        let mine = outcome.roster.groups.filter { $0.clinician == lead }
        let theirs = Set(mine.flatMap(\.patients))
        let others = instance.patients.map(\.id).filter { !theirs.contains($0) }
        try #require(!others.isEmpty, "some patient is in no group of \(lead)")
        let hash = try await PasswordHasher(cost: 4).hash(WebFixture.clinicianPassword)
        #expect(throws: StoreError.self) {
            try database.createUser(username: "nobody", passwordHash: hash, role: .clinician)
        }
        #expect(throws: StoreError.self) {
            try database.createUser(username: "ghost", passwordHash: hash, role: .clinician, clinicianID: "c404")
        }
        try database.createUser(username: "lead", passwordHash: hash, role: .clinician, clinicianID: lead.rawValue)
        try await Self.test(Self.app(ProgramStore(path: database.path))) { browser in
            try await browser.signIn("lead", WebFixture.clinicianPassword)
            let week = try await browser.get("/").text
            #expect(week.contains("Only the groups you lead are shown."))
            #expect(week.components(separatedBy: "<details class=\"group").count - 1 == mine.count)
            #expect(!week.contains("id=\"edit-move\""))
            let people = try await browser.get("/people").text
            #expect(people.contains("Patients (\(theirs.count))"))
            for patient in others { #expect(!people.contains("<td>\(patient.rawValue)</td>"), "\(patient)") }
        }
    }

    @Test func uploadedSpreadsheetsAreImportedOrRefusedWithTheirProblemsBesideTheRows() async throws {
        let database = try await Self.database()
        let exported = try database.exportSpreadsheets(actor: "test")
        let patients = try #require(exported.first { $0.table == .patients }).text
        let lines = patients.components(separatedBy: "\r\n")
        let header = lines[0].components(separatedBy: ",")
        let hours = try #require(header.firstIndex(of: "weeklyHours"))
        try #require(lines.count > 2, "patients.csv has rows (CRLF line ends)")
        func with(_ value: String) -> String {
            var cells = lines[1].components(separatedBy: ",")
            cells[hours] = value
            var copy = lines
            copy[1] = cells.joined(separator: ",")
            return copy.joined(separator: "\r\n")
        }
        let old = Int(lines[1].components(separatedBy: ",")[hours]) ?? 0
        let (bad, good) = (with("nine"), with(String(old == 9 ? 6 : 9)))
        let before = try database.currentPatients()
        try await Self.test(Self.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            #expect(try await browser.get("/people").text.contains("id=\"upload\""))
            let refused = try await browser.upload(
                "/people/import", ["asOf": Self.week], files: [("patients.csv", bad)])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("Nothing was imported"))
            #expect(refused.text.contains("<td>patients.csv</td><td class=\"num\">2</td><td>weeklyHours</td>"))
            #expect(refused.text.contains("class=\"cell faulty\">weeklyHours: nine"))
            #expect(try database.currentPatients() == before)

            let accepted = try await browser.upload(
                "/people/import", ["asOf": Self.week], files: [("patients.csv", good)])
            #expect(accepted.status == .ok)
            #expect(accepted.text.contains("patients: 0 added, 1 changed"))
            #expect(
                try await browser.upload("/people/import", ["asOf": "soon"], files: [("patients.csv", patients)]).status
                    == .badRequest)
            #expect(try await browser.upload("/people/import", ["asOf": Self.week], files: []).status == .badRequest)
            #expect(
                try await browser.upload(
                    "/people/import", ["asOf": Self.week], files: [("patients.csv", patients)], csrf: false
                ).status == .forbidden)
        }
        #expect(try database.currentPatients() != before)
        #expect(try database.auditLog(limit: 50).contains { $0.action == "import people" && $0.actor == "director" })
    }

    /// A what-if is kept in the program database: a restart, or a second server on the same
    /// file, lists it, opens its comparison again and adopts it; bad input keeps nothing.
    @Test func aWhatIfOutlivesARestartAndIsAdoptedFromASecondServer() async throws {
        let database = try await Self.database()
        let instance = try database.weekInstance(Self.week)
        try database.saveRoster(
            try GreedySolver().solve(instance, options: SolveOptions(timeLimit: 2)), instance: instance,
            weekStart: Self.week, timeLimit: 2, actor: "setup")
        let kept = Cookies()
        try await Self.test(Self.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/whatif")
            var bad = WhatIfRouteTests.resourceScenario(week: Self.week)
            bad["policy-maxGroupSize"] = "many"
            let refused = try await browser.post("/whatif", bad)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("\u{201C}policy-maxGroupSize\u{201D}"))
            #expect(try database.scenarios(of: Self.week).isEmpty, "bad input keeps nothing")
            let unsigned = try await browser.post(
                "/whatif", WhatIfRouteTests.resourceScenario(week: Self.week), csrf: false)
            #expect(unsigned.status == .forbidden)
            let (page, id) = try await WhatIfRouteTests.run(browser, WhatIfRouteTests.resourceScenario(week: Self.week))
            #expect(page.text.contains("Side by side") && id == "1")
            kept.values = browser.cookies
        }
        let stored = try #require(try database.scenarios(of: Self.week).first)
        #expect(!stored.form.contains("csrf"), "the kept form has no CSRF token")

        let second = try ProgramStore(path: database.path)
        try await Self.test(Self.app(second), cookies: kept.values) { browser in
            let list = try await browser.get("/whatif")
            #expect(list.status == .ok)
            #expect(list.text.contains("short week") && list.text.contains("<td>director</td>"))
            let opened = try await browser.get("/whatif?week=\(Self.week)&scenario=1")
            #expect(opened.text.contains("Side by side"))
            #expect(opened.text.contains("Patients whose schedule changes"))
            #expect(opened.text.contains("id=\"adopt\""))
            let adopted = try await browser.post("/whatif/adopt", ["week": Self.week, "scenario": "1"])
            #expect(adopted.status == .seeOther)
            #expect(
                try await browser.post("/whatif/adopt", ["week": Self.week, "scenario": "1"]).status == .badRequest)
        }
        #expect(try database.rosters(of: Self.week).count == 2)
        let adopted = try database.roster(of: Self.week)
        #expect(try adopted.roster().groups.allSatisfy { !($0.clinician == "c1" && $0.timeSlot.day == "Mon") })
        #expect(try database.scenarios(of: Self.week).first?.adoptedRevision == 2)
        let log = try database.auditLog(limit: 60)
        for action in ["whatif.save", "whatif.adopt", "what-if", "view what-if", "adopt what-if"] {
            #expect(log.contains { $0.action == action && $0.actor == "director" }, "\(action)")
        }
        let patients = instance.patients.flatMap { [$0.id.rawValue] + ($0.name.map { [$0] } ?? []) }
        #expect(!log.contains { entry in patients.contains { (entry.targetID ?? "").contains($0) } })
    }

    @Test func theWeekPickerListsEveryStoredWeek() async throws {
        let database = try await Self.database()
        let later = "2026-12-07"
        let instance = try database.weekInstance(later)
        let outcome = try GreedySolver().solve(instance, options: SolveOptions(timeLimit: 1))
        try database.saveRoster(outcome, instance: instance, weekStart: later, timeLimit: 1, actor: "cli")
        try await Self.test(Self.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let page = try await browser.get("/").text
            #expect(page.contains("Week of \(later)"), "the newest week opens")
            #expect(page.contains("<option value=\"\(Self.week)\""))
            #expect(try await browser.get("/?week=\(Self.week)").text.contains("no roster yet"))
        }
    }
}

/// Cookies handed from one server's browser to the next.
private final class Cookies: @unchecked Sendable {
    var values: [String: String] = [:]
}
