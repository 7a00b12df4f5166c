import Dispatch
import Foundation
import Hummingbird
import RosterKit
import RosterReports
import RosterSolvers

/// Planning the week in the background and its progress.
struct PlanRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        router.get("/plan") { request, context in try planPage(try app.week(request).id, context, notice: nil) }
        router.post("/plan") { request, context in try startPlan(request, context) }
        router.get("/plan/status") { request, context in try status(request, context) }
        router.post("/plan/cancel") { request, context in try cancel(request, context) }
    }

    // MARK: Plan

    private func planPage(_ week: String, _ context: WebContext, notice: String?) throws -> Response {
        let session = try context.signedIn()
        let status = app.planner.status(week: week)
        let page = Layout.page(title: "Plan", session: session, current: "/plan") {
            HTML.element(.h1) { "Plan the week of \(week)" }
            if let notice { HTML.element(.p, [.class("notice"), .id("notice")]) { notice } }
            if let status {
                HTML.element(
                    .output,
                    [.class("progress"), .data("status", "/plan/status?week=\(week)")]
                        + (status.running ? [.data("done", "/?week=\(week)")] : [])
                ) { status.line }
            }
            if !session.role.canEdit {
                HTML.element(.p) { "Planning is for directors; your account can read the roster." }
            } else if status?.running == true {
                Layout.form("/plan/cancel", session: session) {
                    HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
                    HTML.element(.button, [.type("submit"), .class("secondary")]) {
                        "Cancel (keeps the best roster so far)"
                    }
                }
                HTML.element(.p) { HTML.element(.a, [.href("/plan?week=\(week)")]) { "Refresh" } }
            } else {
                HTML.element(.p) {
                    "The solver runs for up to \(JSONWriter.format(app.configuration.planSeconds)) seconds "
                        + "in the background; "
                    "the other pages stay usable meanwhile. The new roster replaces the week's draft."
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
        let instance = try app.store.plannable(week: week)
        let started = app.planner.start(
            week: week, instance: instance, seconds: app.configuration.planSeconds,
            solver: app.configuration.solver(app.configuration.planSeconds), user: session.user)
        guard started else {
            return try planPage(week, context, notice: "A solve of this week is already running.")
        }
        try app.audit(session, "plan", "week \(week)")
        return .redirect(to: "/plan?week=\(week)")
    }

    private func status(_ request: Request, _ context: WebContext) throws -> Response {
        _ = try context.signedIn()
        let (week, _) = try app.week(request)
        let status =
            app.planner.status(week: week) ?? .init(running: false, line: "no solve has run since the server started")
        let json: JSONValue = ["running": .bool(status.running), "line": .string(status.line)]
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: JSONWriter.write(json))))
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
