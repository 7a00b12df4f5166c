import Dispatch
import Foundation
import Hummingbird
import RosterKit
import RosterReports
import RosterSolvers

/// The What-if page: a scenario of several changes built from forms (``ScenarioForm``),
/// re-planned from the week's roster and compared side by side with it, as the `whatif`
/// command compares (``WhatIfComparison``); and "Adopt this plan", which stores the scenario's
/// roster as the week's next revision.
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
        router.get("/whatif") { request, context in
            try page(try app.week(request).id, context, posted: FormFields(), result: nil)
        }
        router.post("/whatif") { _, context in try await run(context) }
        router.post("/whatif/adopt") { _, context in try adopt(context) }
    }

    /// A what-if the server ran, kept until adopted or pushed out by newer ones.
    struct Result: Sendable {
        var week: String
        /// The revision of the week's roster the scenario was re-planned from.
        var baseRevision: Int
        var label: String
        var instance: Instance
        var outcome: SolveOutcome
        var adoptable: Bool
    }

    private func page(_ week: String, _ context: WebContext, posted: FormFields, result: HTML?) throws -> Response {
        let session = try context.signedIn()
        let instance = try app.store.instance(week: week)
        let names = NameBook(instance, pseudonymize: false)
        if session.role.canEdit { try app.audit(session, "view what-if", "week \(week)") }
        let page = Layout.page(title: "What-if", session: session, current: "/whatif") {
            HTML.element(.h1) { "What if… (week of \(week))" }
            if session.role.canEdit {
                result ?? .empty
                Layout.form("/whatif", session: session, attributes: [.class("scenario"), .id("scenario")]) {
                    HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
                    ScenarioForm(instance: instance, posted: posted).html(names: names)
                    HTML.element(.p) {
                        HTML.element(.button, [.type("submit"), .id("compare")]) { "Compare with the week's roster" }
                    }
                }
            } else {
                HTML.element(.p) { "What-if questions are for directors." }
            }
        }
        return Layout.response(page)
    }

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
        let adoptable = !ScenarioForm.changesPeople(scenario) && !stored.published
        let token = app.whatIfResults.keep(
            Result(
                week: week, baseRevision: stored.revision, label: label, instance: applied.instance,
                outcome: replanning.outcome, adoptable: adoptable))
        let names = NameBook(applied.instance, pseudonymize: false)
        let result = HTML.element(.section, [.id("whatif-result")]) {
            Self.comparisonTable(comparison, names: names)
            if !applied.warnings.isEmpty {
                HTML.element(.ul, [.class("warnings")]) {
                    for warning in applied.warnings { HTML.element(.li) { "warning: \(warning.message)" } }
                }
            }
            Self.adoptPanel(
                token: token, week: week, comparison: comparison, scenario: scenario, stored: stored, session: session)
        }
        return try page(week, context, posted: form, result: result)
    }

    private static func adoptPanel(
        token: String, week: String, comparison: WhatIfComparison, scenario: Scenario, stored: StoredRoster,
        session: WebSession
    ) -> HTML {
        let valid = comparison.scenarios.first?.report.isValid ?? false
        return HTML.element(.section, [.class("adopt")]) {
            HTML.element(.h2) { "Adopt this plan" }
            if stored.published {
                HTML.element(.p) { "The week is published; its roster never changes." }
            } else if ScenarioForm.changesPeople(scenario) {
                HTML.element(.p, [.id("not-adoptable")]) {
                    "This scenario admits or discharges patients, changes a prescription or a patient's "
                        + "availability, or adds or removes a clinician, room or session: it asks about people and "
                        + "resources the program's records do not have. It cannot be adopted; make those changes on "
                    HTML.element(.a, [.href("/people")]) { "People" }
                    " and plan the week."
                }
            } else if !valid {
                HTML.element(.p) { "The scenario's roster breaks a hard rule; it cannot be adopted." }
            } else {
                HTML.element(.p) {
                    "Adopting stores this roster as revision \(stored.revision + 1) of the week of \(week), "
                        + "planned under the scenario's conditions. The program's records (people, availability, "
                        + "policy) stay as they are; a later \u{201C}Plan this week\u{201D} plans from them again."
                }
                Layout.form("/whatif/adopt", session: session) {
                    HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
                    HTML.element(.input, [.type("hidden"), .name("result"), .value(token)])
                    HTML.element(.button, [.type("submit"), .id("adopt")]) { "Adopt this plan" }
                }
            }
        }
    }

    private func adopt(_ context: WebContext) throws -> Response {
        let session = try context.director()
        let week = try app.knownWeek(context.fields)
        let token = try context.fields.required("result")
        guard let result = app.whatIfResults.take(token), result.week == week else {
            throw BadInput(field: "result", expected: "a what-if this server ran for this week; run it again")
        }
        guard result.adoptable else {
            throw BadInput(
                field: "result", expected: "a scenario that leaves the program's patients, staff and rooms as they are")
        }
        guard let stored = try app.store.roster(week: week) else { throw WebStoreError.notPlanned(week: week) }
        guard stored.revision == result.baseRevision else {
            throw WebStoreError.stale(week: week, current: stored.revision)
        }
        try app.store.saveRoster(result.outcome, instance: result.instance, week: week, user: session.user)
        try app.audit(session, "adopt what-if", "week \(week): revision \(stored.revision + 1)")
        return .redirect(to: "/?week=\(week)")
    }

    static func comparisonTable(_ comparison: WhatIfComparison, names: NameBook) -> HTML {
        HTML.element(.section, [.id("comparison")]) {
            HTML.element(.h2) { "Side by side" }
            RosterRoutes.table(
                [""] + ([comparison.base] + comparison.scenarios).map(\.label),
                comparison.rows.map { [$0.label] + $0.values })
            for (column, changed) in zip(comparison.scenarios, comparison.changedPatients) {
                HTML.element(.h3) {
                    "Patients whose schedule changes under \u{201C}\(column.label)\u{201D} (\(changed.count))"
                }
                if changed.isEmpty {
                    HTML.element(.p) { "None." }
                } else {
                    HTML.element(.ul, [.class("changed")]) {
                        for patient in changed { HTML.element(.li) { names.label(patient) } }
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

/// The what-ifs the server ran lately, by a random token the adopt form carries; the oldest go
/// when there are more than ``limit``. Memory only: after a restart a what-if is run again.
final class WhatIfResults: @unchecked Sendable {
    static let limit = 16
    private let lock = NSLock()
    private var results: [(token: String, result: WhatIfRoutes.Result)] = []

    func keep(_ result: WhatIfRoutes.Result) -> String {
        let token = Token.random()
        lock.withLock {
            results.append((token, result))
            if results.count > Self.limit { results.removeFirst(results.count - Self.limit) }
        }
        return token
    }

    /// The result, removed so that one what-if is adopted at most once.
    func take(_ token: String) -> WhatIfRoutes.Result? {
        lock.withLock {
            guard let position = results.firstIndex(where: { Token.equal($0.token, token) }) else { return nil }
            return results.remove(at: position).result
        }
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
