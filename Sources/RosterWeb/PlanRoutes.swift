import Dispatch
import Foundation
import Hummingbird
import RosterKit
import RosterReports
import RosterSolvers
import RosterStore

/// Planning the week in the background and its progress.
struct PlanRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        router.get("/plan") { request, context in try planPage(try app.week(request).id, context, notice: nil) }
        router.post("/plan") { request, context in try startPlan(request, context) }
        router.get("/plan/status") { request, context in try status(request, context) }
        router.get("/plan/events") { request, context in try events(request, context) }
        router.post("/plan/cancel") { request, context in try cancel(request, context) }
    }

    // MARK: Plan

    private func planPage(_ week: String, _ context: WebContext, notice: String?) throws -> Response {
        let session = try context.signedIn()
        let status = app.planner.status(week: week)
        // Without JavaScript the page reloads itself while the solve runs; the script follows the
        // event stream instead (or polls the status when the stream fails).
        let refresh = status?.running == true ? Self.refreshSeconds : nil
        let page = Layout.page(title: "Plan", session: session, current: "/plan", refreshWithoutScript: refresh) {
            HTML.element(.h1) { "Plan the week of \(week)" }
            if let notice { HTML.element(.p, [.class("notice"), .id("notice")]) { notice } }
            if let status {
                HTML.element(
                    .output,
                    [
                        .class("progress"), .id("progress"), .data("status", "/plan/status?week=\(week)"),
                        .data("events", "/plan/events?week=\(week)"),
                        .data("state", status.running ? "running" : "ended"),
                    ]
                ) { status.line }
                HTML.element(.p, [.id("progress-done")] + (status.running ? [.custom("hidden", nil)] : [])) {
                    HTML.element(.a, [.href("/?week=\(week)"), .id("show-week")]) { "Show the week's roster" }
                }
            }
            if !session.role.canEdit {
                HTML.element(.p) { "Planning is for directors; your account can read the roster." }
            } else if status?.running == true {
                Layout.form("/plan/cancel", session: session, attributes: [.id("cancel")]) {
                    HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
                    HTML.element(.button, [.type("submit"), .class("secondary")]) {
                        "Cancel (keeps the best roster so far)"
                    }
                }
                HTML.element(.p, [.id("refresh")]) { HTML.element(.a, [.href("/plan?week=\(week)")]) { "Refresh" } }
            } else {
                HTML.element(.p) {
                    "The solver runs for up to \(JSONWriter.format(app.configuration.planSeconds)) seconds "
                        + "in the background; "
                    "the other pages stay usable meanwhile, but the week's draft is not edited until it ends. "
                    "The new roster replaces the week's draft."
                }
                Layout.form("/plan", session: session) {
                    HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
                    HTML.element(.button, [.type("submit"), .id("plan")]) { "Plan this week" }
                }
            }
        }
        return Layout.response(page)
    }

    private func startPlan(_ request: Request, _ context: WebContext) throws -> Response {
        let session = try context.director()
        let week = try app.knownWeek(context.fields)
        if try app.store.roster(week: week)?.published == true { throw WebStoreError.alreadyPublished(week: week) }
        let instance: Instance
        do {
            instance = try app.store.instanceToPlan(week: week)
        } catch let error as StoreError {
            guard let expected = error.expectedWeek else { throw error }
            throw BadInput(field: "week", expected: expected)
        }
        let started = app.planner.start(
            week: week, instance: instance, basedOn: try app.store.currentRevision(week: week)?.revision ?? 0,
            seconds: app.configuration.planSeconds,
            work: .init(solver: app.configuration.solver(app.configuration.planSeconds)), user: session.user)
        guard started else {
            return try planPage(week, context, notice: "A solve of this week is already running.")
        }
        try app.audit(session, "plan", "week \(week)")
        return .redirect(to: "/plan?week=\(week)")
    }

    private func status(_ request: Request, _ context: WebContext) throws -> Response {
        _ = try context.signedIn()
        let (week, _) = try app.week(request)
        let status = app.planner.status(week: week) ?? Self.noSolve
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.write(status.json))))
    }

    /// The line when the week has had no solve since the server started.
    static let noSolve = PlanJobs.Status(running: false, line: "no solve has run since the server started")
    /// How often the plan page reloads itself without JavaScript while a solve runs.
    static let refreshSeconds = 3
    /// How often the event stream looks at the solve's progress.
    static let eventInterval: Duration = .milliseconds(250)
    /// A comment line this often keeps an idle stream open through proxies.
    static let keepAliveSeconds = 15.0

    /// Server-sent events (`text/event-stream`): a `progress` event each time the week's status
    /// line changes (incumbent, bound, gap, seconds left), then one `done` event with how the
    /// solve ended, and the stream closes. A stream outlives the solve's time limit by a minute
    /// at most. Signed-in users only, like the status.
    private func events(_ request: Request, _ context: WebContext) throws -> Response {
        _ = try context.signedIn()
        let (week, _) = try app.week(request)
        let planner = app.planner
        let limit = app.configuration.planSeconds + 60
        let body = ResponseBody { writer in
            let clock = ContinuousClock()
            let started = clock.now
            var sent: PlanJobs.Status?
            var quiet = clock.now
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            while true {
                let status = planner.status(week: week) ?? Self.noSolve
                if !status.running || clock.now - started > .seconds(limit) {
                    try await writer.write(ByteBuffer(string: Self.event("done", status)))
                    break
                }
                if status != sent {
                    try await writer.write(ByteBuffer(string: Self.event("progress", status)))
                    sent = status
                    quiet = clock.now
                } else if clock.now - quiet > .seconds(Self.keepAliveSeconds) {
                    try await writer.write(ByteBuffer(string: ": still solving\n\n"))
                    quiet = clock.now
                }
                try await Task.sleep(for: Self.eventInterval)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: body)
    }

    /// One server-sent event: its name and the status as JSON, one `data:` field per line.
    static func event(_ name: String, _ status: PlanJobs.Status) -> String {
        let lines = JSONWriter.write(status.json).split(separator: "\n").map { "data: \($0)\n" }
        return "event: \(name)\n" + lines.joined() + "\n"
    }

    private func cancel(_ request: Request, _ context: WebContext) throws -> Response {
        let session = try context.director()
        let week = try app.knownWeek(context.fields)
        if app.planner.cancel(week: week) { try app.audit(session, "cancel plan", "week \(week)") }
        return .redirect(to: "/plan?week=\(week)")
    }
}

extension StoredRoster {
    /// As the renderers and comparisons take it.
    var outcome: SolveOutcome {
        SolveOutcome(
            roster: roster, solver: solver, status: SolveStatus(rawValue: status) ?? .heuristic, detail: "",
            bound: bound, elapsed: 0)
    }
}
