import Foundation
import Hummingbird
import RosterKit
import RosterReports

/// The read pages (week, people, history) and publishing. Each view of patient data writes an
/// audit row before the page is sent.
struct RosterRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        router.get("/") { request, context in
            let session = try context.signedIn()
            let (week, weeks) = try app.week(request)
            try await app.viewAudit.write(AuditEntry(user: session.user, action: "view roster", what: "week \(week)"))
            return try weekResponse(week: week, session: session, audited: true, weeks: weeks)
        }
        router.post("/publish") { _, context in try publish(context) }
        router.get("/people") { _, context in try peopleResponse(try context.signedIn()) }
        router.get("/history") { _, context in try historyPage(context) }
    }

    /// The week page; `result` (an edit's outcome) shows under the heading. What depends only on
    /// the week's revision comes from the app's ``WeekPageCache``; the audit row is written per view.
    /// `audited`: the caller wrote the view's audit row already (the page's GET, in a group).
    func weekResponse(
        week: String, session: WebSession, result: HTML? = nil, status: HTTPResponse.Status = .ok,
        audited: Bool = false, weeks: [WeekInfo]? = nil
    ) throws -> Response {
        let weeks = try weeks ?? app.store.weeks()
        let only: ClinicianID? = session.role.canEdit ? nil : ClinicianID(session.clinician ?? "")
        let cached = try app.weekCache.entry(week: week, store: app.store)
        if !audited { try app.audit(session, "view roster", "week \(week)") }
        let stored = cached?.stored
        let pins = session.role.canEdit && stored?.published == false ? try app.store.pins(week: week) : []
        let facts =
            try cached?.facts ?? RosterFacts(instance: try app.store.instance(week: week), roster: .empty)
        let planning = session.role.canEdit && app.planner.isRunning(week: week)
        let editing = cached.flatMap { cached in
            session.role.canEdit && !cached.stored.published
                ? planning
                    ? EditPanel.whilePlanning(week: week)
                    : EditPanel(
                        week: week, stored: cached.stored, facts: cached.facts, session: session,
                        fields: cached.editFields { EditPanel.fields(stored: cached.stored, facts: cached.facts) },
                        pins: pins
                    ).html : nil
        }
        let holding = stored.map { stored in pins.filter { $0.holds(in: stored.roster) } } ?? []
        let view = WeekPage(
            week: week, weeks: weeks, stored: stored, facts: facts, onlyClinician: only, result: result,
            editing: editing, pins: holding)
        let parts = cached?.parts(for: only, pins: holding.map(\.id)) { view.parts } ?? view.parts
        let page = Layout.page(title: "Week of \(week)", session: session, current: "/") {
            view.html(parts)
            if session.role.canEdit, let stored, !stored.published {
                Layout.form("/publish", session: session) {
                    HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
                    HTML.element(.button, [.type("submit")]) { "Publish this roster" }
                }
            }
        }
        return Layout.response(page, status: status)
    }

    private func publish(_ context: WebContext) throws -> Response {
        let session = try context.director()
        let week = try context.fields.required("week")
        guard try app.store.weeks().contains(where: { $0.id == week }) else {
            throw BadInput(field: "week", expected: "one of the program's weeks")
        }
        try app.store.publish(week: week, user: session.user)
        app.weekCache.invalidate(week: week)
        return .redirect(to: "/?week=\(week)")
    }

    /// The People page; `result` (an upload's outcome) shows at the top.
    func peopleResponse(_ session: WebSession, result: HTML? = nil, status: HTTPResponse.Status = .ok) throws
        -> Response
    {
        guard let week = try app.store.weeks().first?.id else {
            throw HTTPError(.notFound, message: "The program has no weeks yet.")
        }
        let instance = try app.store.plannable(week: week)
        try app.audit(session, "view people", "week \(week)")
        let names = NameBook(instance, pseudonymize: false)
        let stored = try app.store.roster(week: week)
        let patients: [Patient]
        if session.role.canEdit {
            patients = instance.patients
        } else {
            let mine = Set(
                (stored?.roster.groups ?? []).filter { $0.clinician.rawValue == session.clinician }.flatMap(\.patients))
            patients = instance.patients.filter { mine.contains($0.id) }
        }
        let page = Layout.page(title: "People", session: session, current: "/people") {
            HTML.element(.h1) { "People (week of \(week))" }
            result ?? .empty
            if session.role.canEdit {
                PeopleRoutes.links(instance, names: names)
                ImportRoutes.form(session, asOf: week)
            }
            HTML.element(.h2) { "Patients (\(patients.count))" }
            Self.table(
                ["id", "name", "track", "second choice", "hours a week", "cohort"],
                patients.map { patient in
                    [
                        patient.id.rawValue, names.name(of: patient.id) ?? "", patient.track.rawValue,
                        patient.secondary?.rawValue ?? "",
                        String(patient.weeklyHours), patient.cohort,
                    ]
                })
            HTML.element(.h2) { "Clinicians (\(instance.clinicians.count))" }
            Self.table(
                ["id", "name", "modalities", "weekly limit", "daily limit"],
                instance.clinicians.map { clinician in
                    [
                        clinician.id.rawValue, names.name(of: clinician.id) ?? "",
                        clinician.modalities.map(\.rawValue).joined(separator: ", "),
                        clinician.maxHoursPerWeek.map(String.init) ?? "-",
                        clinician.maxHoursPerDay.map(String.init) ?? "-",
                    ]
                })
            if instance.plansRooms {
                HTML.element(.h2) { "Rooms (\(instance.rooms.count))" }
                Self.table(["id", "capacity"], instance.rooms.map { [$0.id.rawValue, String($0.capacity)] })
            }
        }
        return Layout.response(page, status: status)
    }

    private func historyPage(_ context: WebContext) throws -> Response {
        let session = try context.signedIn()
        let weeks = try app.store.weeks()
        let entries = session.role.canEdit ? try app.store.auditEntries(limit: 200) : []
        let planned = try weeks.filter(\.hasRoster).compactMap { info in
            try app.store.roster(week: info.id).map {
                (week: info.id, roster: $0.roster, instance: try app.store.instance(week: info.id))
            }
        }
        if !planned.isEmpty {
            try app.audit(session, "view history", "weeks \(planned.map(\.week).joined(separator: ", "))")
        }
        let stamp = ISO8601DateFormatter()
        let page = Layout.page(title: "History", session: session, current: "/history") {
            HTML.element(.h1) { "History" }
            HTML.element(.h2) { "Weeks" }
            Self.table(
                ["week", "roster", ""],
                weeks.map { info in
                    [info.id, info.published ? "published" : info.hasRoster ? "draft" : "not planned", ""]
                }, link: { row in "/?week=\(row[0])" })
            if session.role.canEdit, !planned.isEmpty {
                HTML.element(.h2) { "Difference between two weeks" }
                HistoryRoutes.form(planned.map(\.week))
            }
            HTML.element(.h2) { "Downloads" }
            for week in planned {
                if session.role.canEdit {
                    ExportRoutes.downloads(
                        week: week.week, instance: week.instance, roster: week.roster,
                        names: NameBook(week.instance, pseudonymize: false))
                } else if let clinician = session.clinician {
                    let file = ICSExport.fileName(of: ClinicianID(clinician))
                    HTML.element(.p) {
                        HTML.element(.a, [.href("/export?week=\(week.week)&format=ics&file=\(file)")]) {
                            "My calendar, week of \(week.week) (.ics)"
                        }
                    }
                }
            }
            if session.role.canEdit {
                HTML.element(.h2) { "Audit log (newest first)" }
                Self.table(
                    ["when (UTC)", "user", "action", "what"],
                    entries.map { [stamp.string(from: $0.at), $0.user, $0.action, $0.what] })
            }
        }
        return Layout.response(page)
    }

    /// A table of text cells; with `link`, the last cell of each row links there.
    static func table(_ headings: [String], _ rows: [[String]], link: (([String]) -> String)? = nil) -> HTML {
        HTML.element(.table) {
            HTML.element(.thead) {
                HTML.element(.tr) { for heading in headings { HTML.element(.th, [.scope("col")]) { heading } } }
            }
            HTML.element(.tbody) {
                for row in rows {
                    HTML.element(.tr) {
                        for (position, cell) in row.enumerated() {
                            if let link, position == row.count - 1 {
                                HTML.element(.td) { HTML.element(.a, [.href(link(row))]) { "show" } }
                            } else {
                                HTML.element(.td) { cell }
                            }
                        }
                    }
                }
            }
        }
    }
}
