import Foundation
import Hummingbird
import HummingbirdTesting
import RosterKit
import RosterSolvers
import RosterWeb
import Testing

/// A solver for the plan page's tests: the greedy roster, then progress reports (incumbent and
/// bound) every 50 ms until its time is up or it is cancelled, so a solve is seen running.
struct ReportingSolver: RosterSolver {
    let name = "reporting"

    func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        let started = Date()
        let found = try GreedySolver(localSearchSeconds: 0).solve(instance, options: SolveOptions(timeLimit: 5))
        let total = RosterChecker(instance).check(found.roster).total
        var bound = 0.0
        while Date().timeIntervalSince(started) < options.timeLimit, !options.cancellation.isCancelled {
            bound = min(total, bound + total / 50)
            options.progress?(
                SolveProgress(
                    solver: name, elapsed: Date().timeIntervalSince(started), incumbent: total, bound: bound))
            Thread.sleep(forTimeInterval: 0.05)
        }
        let status: SolveStatus = options.cancellation.isCancelled ? .interrupted : .timeLimit
        return SolveOutcome(
            roster: found.roster, solver: name, status: status, detail: "", bound: bound,
            elapsed: Date().timeIntervalSince(started))
    }
}

/// "Plan this week" over server-sent events: the stream's progress and end, Cancel, one solve
/// per week, the page without JavaScript.
@Suite struct PlanEventTests {
    /// The events of a stream's text: name and JSON object each.
    static func events(_ text: String) throws -> [(name: String, data: [String: Any])] {
        try text.components(separatedBy: "\n\n").compactMap { block in
            let lines = block.split(separator: "\n").map(String.init)
            guard let name = lines.first(where: { $0.hasPrefix("event: ") })?.dropFirst(7) else { return nil }
            let data = lines.filter { $0.hasPrefix("data: ") }.map { $0.dropFirst(6) }.joined(separator: "\n")
            let object = try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]
            return (String(name), try #require(object))
        }
    }

    @Test func theEventStreamSendsProgressThenHowTheSolveEnded() async throws {
        let fixture = try await WebFixture(planned: false, planSeconds: 60) { _ in ReportingSolver() }
        let week = fixture.store.week
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/plan")
            #expect(try await browser.post("/plan", ["week": week]).status == .seeOther)
            let page = try await browser.get("/plan?week=\(week)").text
            #expect(page.contains("data-events=\"/plan/events?week=\(week)\""))
            #expect(page.contains("data-state=\"running\""))
            #expect(page.contains("<noscript><meta http-equiv=\"refresh\""))
            // The stream ends with the solve: it is cancelled once the stream has run a while.
            async let streamed = browser.get("/plan/events?week=\(week)")
            try await Task.sleep(for: .seconds(3))
            #expect(try await browser.post("/plan/cancel", ["week": week]).status == .seeOther)
            let stream = try await streamed
            #expect(stream.status == .ok)
            #expect(stream.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            #expect(stream.headers[.contentSecurityPolicy] != nil)
            let events = try Self.events(stream.text)
            let progress = events.filter { $0.name == "progress" }
            #expect(!progress.isEmpty)
            let reported = try #require(progress.first { $0.data["bound"] != nil })
            #expect(reported.data["incumbent"] is Double || reported.data["incumbent"] is Int)
            #expect(reported.data["gap"] != nil)
            #expect(reported.data["secondsLeft"] is Int)
            #expect((reported.data["line"] as? String)?.contains("s left") == true)
            let done = try #require(events.last)
            #expect(done.name == "done")
            #expect(done.data["running"] as? Bool == false)
            #expect((done.data["line"] as? String)?.contains("saved") == true, "\(done.data)")
            #expect((done.data["line"] as? String)?.contains(" s of search") == true, "the time says what it is")
            #expect(events.filter { $0.name == "done" }.count == 1)
            let ended = try await browser.get("/plan?week=\(week)").text
            #expect(!ended.contains("http-equiv=\"refresh\""))
            #expect(ended.contains("data-state=\"ended\""))
        }
        #expect(try fixture.store.roster(week: fixture.store.week)?.solver == "reporting")
    }

    @Test func cancelKeepsTheBestRosterSoFarAndASecondClickSaysOneIsRunning() async throws {
        let fixture = try await WebFixture(planned: false, planSeconds: 20) { _ in ReportingSolver() }
        let week = fixture.store.week
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            try await browser.get("/plan")
            #expect(try await browser.post("/plan", ["week": week]).status == .seeOther)
            let again = try await browser.post("/plan", ["week": week])
            #expect(again.text.contains("A solve of this week is already running."))
            #expect(try await browser.get("/people").status == .ok)
            try await browser.get("/plan?week=\(week)")
            #expect(try await browser.post("/plan/cancel", ["week": week]).status == .seeOther)
            let events = try Self.events(try await browser.get("/plan/events?week=\(week)").text)
            let line = try #require(events.last?.data["line"] as? String)
            #expect(line.contains("interrupted") && line.contains("saved"), "\(line)")
        }
        #expect(try fixture.store.roster(week: week)?.status == "interrupted")
        #expect(fixture.store.audits.contains { $0.action == "cancel plan" && $0.user == "director" })
    }

    /// While "Plan this week" runs, the week page shows no edit forms but says why, and an edit
    /// or a pin is refused (409) with nothing saved; a revision saved meanwhile by another writer
    /// (the command line) is not buried by the plan's roster, whose end line says so; once the
    /// plan has ended, the week is edited again.
    @Test func editsWaitWhileAPlanRunsAndThePlanDoesNotBuryANewerRevision() async throws {
        let fixture = try await WebFixture(planSeconds: 60) { _ in ReportingSolver() }
        let week = fixture.store.week
        let move = try EditRouteTests.find(true, in: fixture) { EditRouteTests.moves($0) }
        try await fixture.test { browser in
            try await browser.signIn("director", WebFixture.directorPassword)
            #expect(try await browser.get("/").text.contains("id=\"edit-move\""))
            try await browser.get("/plan")
            #expect(try await browser.post("/plan", ["week": week]).status == .seeOther)
            let page = try await browser.get("/").text
            #expect(page.contains("id=\"planning\"") && !page.contains("id=\"edit-move\""), "\(page)")
            let (path, fields) = EditRouteTests.fields(move, week: week)
            let refused = try await browser.post(path, fields)
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("A plan of the week of \(week) is running"), "\(refused.text)")
            let pin = try await browser.post("/pin/group", ["week": week, "revision": "1", "group": "0"])
            #expect(pin.status == .conflict)
            #expect(try fixture.store.roster(week: week)?.revision == 1)
            #expect(try fixture.store.pins(week: week).isEmpty)
            // Another writer saves revision 2 while the plan runs.
            let outcome = try GreedySolver().solve(fixture.store.program, options: SolveOptions(timeLimit: 2))
            try fixture.store.saveRoster(
                SolveOutcome(roster: outcome.roster, solver: "cli", status: .heuristic, detail: "", elapsed: 0),
                instance: fixture.store.program, week: week, user: "cli:someone")
            try await browser.get("/plan?week=\(week)")
            #expect(try await browser.post("/plan/cancel", ["week": week]).status == .seeOther)
            let events = try Self.events(try await browser.get("/plan/events?week=\(week)").text)
            let line = try #require(events.last?.data["line"] as? String)
            #expect(
                line.contains(
                    "not saved: revision 2 of the week was saved while it solved (it started from revision 1)"),
                "\(line)")
            #expect(try fixture.store.roster(week: week)?.solver == "cli")
            let (again, moved) = EditRouteTests.fields(move, week: week, revision: 2)
            #expect(try await browser.post(again, moved).status == .ok)
        }
        #expect(try fixture.store.roster(week: week)?.revision == 3)
        #expect(try fixture.store.roster(week: week)?.solver == "edit")
    }

    @Test func theStreamIsForSignedInUsersAndEndsAtOnceWithoutASolve() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            let anonymous = try await browser.get("/plan/events?week=\(fixture.store.week)")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/login")
            try await browser.signIn("clinician", WebFixture.clinicianPassword)
            let events = try Self.events(try await browser.get("/plan/events?week=\(fixture.store.week)").text)
            #expect(events.map(\.name) == ["done"])
            #expect(try await browser.get("/plan/events?week=1999-01-01").status == .notFound)
            #expect(try await browser.post("/plan/cancel", ["week": fixture.store.week]).status == .forbidden)
        }
    }

    @Test func theScriptFollowsTheStreamAndFallsBackToPolling() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { browser in
            let script = try await browser.get("/static/app.js").text
            #expect(script.contains("new EventSource(line.dataset.events)"))
            #expect(script.contains("poll()"))
        }
    }
}
