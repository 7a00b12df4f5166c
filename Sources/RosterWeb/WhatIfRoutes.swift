import Dispatch
import Foundation
import Hummingbird
import RosterKit
import RosterReports
import RosterSolvers

import struct RosterStore.ScenarioDraft
import struct RosterStore.WeekRevision

/// The What-if page: a scenario of several changes built from forms (``ScenarioForm``),
/// re-planned from the week's roster and compared side by side with it, as the `whatif`
/// command compares (``WhatIfComparison``); and "Adopt this plan", which stores the scenario's
/// roster as the week's next revision.
///
/// Every what-if run is kept in the store (its form, the comparison shown, the scenario's week
/// and roster), so the page lists the week's what-ifs with who ran them and when, opens one
/// again (`?scenario=N`), adopts or deletes it, after a restart or from a second server alike.
///
/// Adopting keeps the program's records as they are: the revision is planned against the
/// scenario's week (a clinician out on Tuesday, a room out, another policy), which the revision
/// keeps with it. A scenario that admits or discharges patients, changes a prescription or a
/// patient's availability, or adds or removes a clinician, room or session asks about people and
/// resources the program's records do not have (yet): it is compared, but not adopted; the page
/// says to make those changes on People and plan the week.
struct WhatIfRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        router.get("/whatif") { request, context in try show(request, context) }
        router.post("/whatif") { _, context in try await run(context) }
        router.post("/whatif/adopt") { _, context in try adopt(context) }
        router.post("/whatif/delete") { _, context in try delete(context) }
    }

    /// The page, or one kept what-if opened (`?scenario=N`): its comparison, and the form as it was asked.
    private func show(_ request: Request, _ context: WebContext) throws -> Response {
        let session = try context.signedIn()
        let week = try app.week(request).id
        guard session.role.canEdit, let asked = request.uri.queryParameters["scenario"].map(String.init) else {
            return try page(week, context, posted: FormFields(), opened: nil)
        }
        guard let id = Int64(asked), let saved = try app.store.whatIf(id: id, week: week) else {
            throw HTTPError(.notFound, message: "The week of \(week) has no what-if #\(asked).")
        }
        try app.audit(session, "view what-if", "week \(week): what-if #\(id)")
        return try page(week, context, posted: saved.form, opened: saved)
    }

    private func page(_ week: String, _ context: WebContext, posted: FormFields, opened: SavedWhatIf?) throws
        -> Response
    {
        let session = try context.signedIn()
        let page: HTML
        if session.role.canEdit {
            let instance = try app.store.instance(week: week)
            let kept = try app.store.whatIfs(week: week)
            if opened == nil { try app.audit(session, "view what-if", "week \(week)") }
            let current = try app.store.currentRevision(week: week)
            page = Layout.page(title: "What-if", session: session, current: "/whatif") {
                HTML.element(.h1) { "What if\u{2026} (week of \(week))" }
                if let opened { Self.result(opened, current: current, session: session) }
                Self.keptList(kept, week: week, opened: opened?.summary.id, session: session)
                HTML.element(.h2) { opened == nil ? "A new what-if" : "A new what-if (this one's form, to change)" }
                Layout.form("/whatif", session: session, attributes: [.class("scenario"), .id("scenario")]) {
                    HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
                    ScenarioForm(instance: instance, posted: posted).html(
                        names: NameBook(instance, pseudonymize: false))
                    HTML.element(.p) {
                        HTML.element(.button, [.type("submit"), .id("compare")]) { "Compare with the week's roster" }
                    }
                }
            }
        } else {
            page = Layout.page(title: "What-if", session: session, current: "/whatif") {
                HTML.element(.h1) { "What if\u{2026} (week of \(week))" }
                HTML.element(.p) { "What-if questions are for directors." }
            }
        }
        return Layout.response(page)
    }

    /// The week's kept what-ifs: when, who, what became of each, with Open and Delete.
    private static func keptList(_ kept: [WhatIfSummary], week: String, opened: Int64?, session: WebSession) -> HTML {
        let stamp = ISO8601DateFormatter()
        return HTML.element(.section, [.id("kept-whatifs")]) {
            HTML.element(.h2) { "Kept what-ifs of this week" }
            if kept.isEmpty {
                HTML.element(.p, [.class("meta")]) { "None yet: each comparison below is kept here." }
            } else {
                HTML.element(.table) {
                    HTML.element(.thead) {
                        HTML.element(.tr) {
                            for heading in [
                                "#", "scenario", "changes", "run (UTC)", "by", "from revision", "state", "",
                            ] {
                                HTML.element(.th, [.scope("col")]) { heading }
                            }
                        }
                    }
                    HTML.element(.tbody) {
                        for whatIf in kept {
                            HTML.element(.tr, whatIf.id == opened ? [.class("opened")] : []) {
                                HTML.element(.td) { "\(whatIf.id)" }
                                HTML.element(.td) { whatIf.label }
                                HTML.element(.td, [.class("num")]) { whatIf.changes }
                                HTML.element(.td) { stamp.string(from: whatIf.createdAt) }
                                HTML.element(.td) { whatIf.createdBy }
                                HTML.element(.td, [.class("num")]) { whatIf.baseRevision }
                                HTML.element(.td) {
                                    whatIf.adoptedRevision.map { "adopted as revision \($0)" }
                                        ?? (whatIf.adoptable ? "not adopted" : "compare only")
                                }
                                HTML.element(.td) {
                                    HTML.element(
                                        .a,
                                        [
                                            .href("/whatif?week=\(week)&scenario=\(whatIf.id)#whatif-result"),
                                            .id("open-\(whatIf.id)"),
                                        ]
                                    ) { "open" }
                                    " "
                                    Layout.form("/whatif/delete", session: session, attributes: [.class("inline")]) {
                                        HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
                                        HTML.element(
                                            .input, [.type("hidden"), .name("scenario"), .value("\(whatIf.id)")])
                                        HTML.element(
                                            .button, [.type("submit"), .class("secondary"), .id("delete-\(whatIf.id)")]
                                        ) {
                                            "Delete"
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A kept what-if's comparison, its warnings and what adopting it would do.
    private static func result(_ whatIf: SavedWhatIf, current: WeekRevision?, session: WebSession) -> HTML {
        let summary = whatIf.summary
        return HTML.element(.section, [.id("whatif-result")]) {
            HTML.element(.p, [.class("meta")]) {
                "What-if #\(summary.id) \u{201C}\(summary.label)\u{201D}, run by \(summary.createdBy) at "
                    + "\(ISO8601DateFormatter().string(from: summary.createdAt)) from revision \(summary.baseRevision)."
            }
            comparisonTable(whatIf.table)
            if !whatIf.table.warnings.isEmpty {
                HTML.element(.ul, [.class("warnings")]) {
                    for warning in whatIf.table.warnings { HTML.element(.li) { "warning: \(warning)" } }
                }
            }
            adoptPanel(whatIf, current: current, session: session)
        }
    }

    /// Runs the scenario, keeps it with its comparison, and shows it (a redirect to it, so that
    /// reloading the page runs nothing again).
    private func run(_ context: WebContext) async throws -> Response {
        let session = try context.director()
        let form = context.fields
        let week = try app.knownWeek(form)
        let base = try app.store.instance(week: week)
        guard let stored = try app.store.roster(week: week) else {
            throw BadInput(field: "week", expected: "a week that has a roster to compare with; plan it first")
        }
        let (scenario, fields) = try ScenarioForm(instance: base, posted: form).scenario()
        let applied: Scenario.Applied
        do {
            applied = try scenario.apply(to: base)
        } catch {
            let problem = error.problems.first
            throw BadInput(
                field: problem.map { Self.field(of: $0, fields: fields) } ?? "scenario",
                expected: "a change the week allows (\(problem?.message ?? "\(error)"))")
        }
        try app.audit(session, "what-if", "week \(week): \(scenario.changes.count) changes")
        let seconds = app.configuration.whatIfSeconds
        let replanned = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(
                    returning: Swift.Result { () throws(ReplanError) in
                        try Replanner(previous: stored.roster).replan(
                            applied.instance, options: SolveOptions(timeLimit: seconds))
                    })
            }
        }
        let replanning: Replanning
        switch replanned {
        case .success(let value): replanning = value
        case .failure(let error): throw BadInput(field: "week", expected: "a week the planner can re-plan (\(error))")
        }
        let label = scenario.name ?? "scenario"
        let comparison = WhatIfComparison(
            base: .init(label: "week's roster", file: "", instance: base, outcome: stored.outcome),
            scenarios: [
                .init(
                    label: label, file: "", instance: applied.instance, outcome: replanning.outcome,
                    replanning: replanning.summary)
            ])
        let table = WhatIfTable(
            comparison, names: NameBook(applied.instance, pseudonymize: false),
            warnings: applied.warnings.map(\.message))
        let id = try app.store.saveWhatIf(
            ScenarioDraft(
                weekStart: week, baseRevision: stored.revision, label: label, changes: scenario.changes.count,
                form: form.removing(["csrf"]).encoded, instance: applied.instance, outcome: replanning.outcome,
                comparison: table.json, adoptable: !ScenarioForm.changesPeople(scenario) && !stored.published),
            user: session.user)
        return .redirect(to: "/whatif?week=\(week)&scenario=\(id)#whatif-result")
    }

    private static func adoptPanel(_ whatIf: SavedWhatIf, current: WeekRevision?, session: WebSession) -> HTML {
        let summary = whatIf.summary
        return HTML.element(.section, [.class("adopt")]) {
            HTML.element(.h2) { "Adopt this plan" }
            if let revision = summary.adoptedRevision {
                HTML.element(.p, [.id("adopted")]) {
                    "Adopted as revision \(revision) of the week of \(summary.week). "
                    HTML.element(.a, [.href("/?week=\(summary.week)")]) { "Show the week" }
                }
            } else if current?.published == true {
                HTML.element(.p) { "The week is published; its roster never changes." }
            } else if !summary.adoptable {
                HTML.element(.p, [.id("not-adoptable")]) {
                    "This scenario admits or discharges patients, changes a prescription or a patient's "
                        + "availability, or adds or removes a clinician, room or session: it asks about people and "
                        + "resources the program's records do not have. It cannot be adopted; make those changes on "
                    HTML.element(.a, [.href("/people")]) { "People" }
                    " and plan the week."
                }
            } else if !whatIf.table.valid {
                HTML.element(.p) { "The scenario's roster breaks a hard rule; it cannot be adopted." }
            } else if let current, current.revision != summary.baseRevision {
                HTML.element(.p, [.id("stale")]) {
                    "The week's roster changed since this what-if was run from revision \(summary.baseRevision) "
                        + "(it is now revision \(current.revision)); run it again to adopt it."
                }
            } else {
                HTML.element(.p) {
                    "Adopting stores this roster as revision \(summary.baseRevision + 1) of the week of "
                        + "\(summary.week), planned under the scenario's conditions. The program's records (people, "
                        + "availability, policy) stay as they are; a later \u{201C}Plan this week\u{201D} plans from "
                        + "them again."
                }
                Layout.form("/whatif/adopt", session: session) {
                    HTML.element(.input, [.type("hidden"), .name("week"), .value(summary.week)])
                    HTML.element(.input, [.type("hidden"), .name("scenario"), .value("\(summary.id)")])
                    HTML.element(.button, [.type("submit"), .id("adopt")]) { "Adopt this plan" }
                }
            }
        }
    }

    private func adopt(_ context: WebContext) throws -> Response {
        let session = try context.director()
        let week = try app.knownWeek(context.fields)
        let id = try Self.scenarioNumber(context.fields)
        try app.refuseWhilePlanning(week: week)
        let revision = try app.store.adoptWhatIf(id: id, week: week, user: session.user)
        try app.audit(session, "adopt what-if", "week \(week): what-if #\(id) as revision \(revision)")
        return .redirect(to: "/?week=\(week)")
    }

    private func delete(_ context: WebContext) throws -> Response {
        let session = try context.director()
        let week = try app.knownWeek(context.fields)
        let id = try Self.scenarioNumber(context.fields)
        try app.store.deleteWhatIf(id: id, week: week, user: session.user)
        try app.audit(session, "delete what-if", "week \(week): what-if #\(id)")
        return .redirect(to: "/whatif?week=\(week)")
    }

    /// The form's `scenario`: the number of a kept what-if.
    private static func scenarioNumber(_ form: FormFields) throws -> Int64 {
        guard let id = Int64(try form.required("scenario", label: "the what-if")), id > 0 else {
            throw BadInput(field: "scenario", expected: "the number of a kept what-if")
        }
        return id
    }

    static func comparisonTable(_ table: WhatIfTable) -> HTML {
        HTML.element(.section, [.id("comparison")]) {
            HTML.element(.h2) { "Side by side" }
            RosterRoutes.table([""] + table.columns, table.rows)
            for changed in table.changed {
                HTML.element(.h3) {
                    "Patients whose schedule changes under \u{201C}\(changed.label)\u{201D} (\(changed.patients.count))"
                }
                if changed.patients.isEmpty {
                    HTML.element(.p) { "None." }
                } else {
                    HTML.element(.ul, [.class("changed")]) {
                        for patient in changed.patients { HTML.element(.li) { patient } }
                    }
                }
            }
        }
    }

    /// The form field of the change a scenario problem's path (`changes[2].admit[0].track`) names.
    static func field(of problem: InputProblem, fields: [String]) -> String {
        let parts = pathParts(problem.path)
        guard parts.count > 1, parts[0] == "changes", let index = Int(parts[1]), fields.indices.contains(index) else {
            return "scenario"
        }
        return fields[index]
    }

    /// `changes[3].discharge[1]` as `["changes", "3", "discharge", "1"]`.
    private static func pathParts(_ path: String) -> [String] {
        path.split(whereSeparator: { "[].".contains($0) }).map(String.init)
    }
}

extension WebApp {
    /// The form's week, which must be one of the store's.
    func knownWeek(_ form: FormFields) throws -> String {
        let week = try form.required("week")
        guard try store.weeks().contains(where: { $0.id == week }) else {
            throw BadInput(field: "week", expected: "one of the program's weeks")
        }
        return week
    }
}
