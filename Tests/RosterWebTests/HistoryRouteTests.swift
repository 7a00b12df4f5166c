import Foundation
import Hummingbird
import HummingbirdTesting
import RosterKit
import RosterSolvers
import RosterStore
import RosterWeb
import TestSupport
import Testing

/// The History page's difference between two weeks (``WeekDiff``, as `week diff`).
@Suite struct HistoryRouteTests {
    static let first = StoreBackedTests.week
    static let second = "2026-12-07"

    /// Two planned weeks; p01 leaves between them.
    static func database() async throws -> ProgramStore {
        let database = try await StoreBackedTests.database()
        for week in [first, second] {
            if week == second { try database.dischargePatient("p01", on: second, actor: "test") }
            let instance = try database.weekInstance(week)
            let outcome = try GreedySolver().solve(instance, options: SolveOptions(timeLimit: 2))
            _ = try database.saveRoster(outcome, instance: instance, weekStart: week, timeLimit: nil, actor: "test")
        }
        return database
    }

    @Test func aDirectorComparesTwoWeeks() async throws {
        let database = try await Self.database()
        try await StoreBackedTests.test(StoreBackedTests.app(database)) { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            let history = try await browser.get("/history")
            #expect(history.text.contains("action=\"/history/diff\""))
            let page = try await browser.get("/history/diff?from=\(Self.first)&to=\(Self.second)")
            #expect(page.status == .ok)
            #expect(page.text.contains("unmetHours"))
            #expect(page.text.contains("id=\"diff-groups\""))
            #expect(page.text.contains("only before"), "p01 left between the weeks")
            let same = try await browser.get("/history/diff?from=\(Self.first)&to=\(Self.first)")
            #expect(same.text.contains("Patients whose days or groups changed (0)"))
            #expect(same.text.contains("every patient keeps their days"))
        }
        #expect(try database.auditLog(limit: 10).contains { $0.action == "view history" && $0.actor == "director" })
    }

    @Test func aWeekThatIsNotPlannedIsA400AndOnlyDirectorsCompare() async throws {
        let database = try await Self.database()
        let hash = try await PasswordHasher(cost: 4).hash(WebFixture.clinicianPassword)
        _ = try database.createUser(username: "clinician", passwordHash: hash, role: .clinician, clinicianID: "c1")
        try await StoreBackedTests.test(StoreBackedTests.app(database)) { browser in
            let anonymous = try await browser.get("/history/diff?from=\(Self.first)&to=\(Self.second)")
            #expect(anonymous.headers[.location] == "/login")
            try await browser.signIn("director", WebFixture.directorPassword)
            let bad = try await browser.get("/history/diff?from=2030-01-07&to=\(Self.second)")
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("\u{201C}from\u{201D}"))
            let missing = try await browser.get("/history/diff?from=\(Self.first)")
            #expect(missing.text.contains("\u{201C}to\u{201D}"))
        }
        try await StoreBackedTests.test(StoreBackedTests.app(database)) { browser in
            try await browser.signIn("clinician", WebFixture.clinicianPassword)
            #expect(try await browser.get("/history/diff?from=\(Self.first)&to=\(Self.second)").status == .forbidden)
            #expect(!(try await browser.get("/history").text.contains("action=\"/history/diff\"")))
        }
    }
}
