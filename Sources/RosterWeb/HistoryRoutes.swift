import Foundation
import Hummingbird
import RosterKit
import RosterReports

/// The History page's comparison of two weeks' rosters (``WeekDiff``, what `week diff` prints):
/// the objective's terms before and after, the groups that stayed, came and went, and the
/// patients whose days or groups changed. Directors only: it lists every patient.
struct HistoryRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        router.get("/history/diff") { request, context in try diff(request, context) }
    }

    /// The form on the History page: two planned weeks to compare.
    static func form(_ planned: [String]) -> HTML {
        guard planned.count > 0 else { return .empty }
        func select(_ name: String, _ label: String, chosen: String) -> HTML {
            HTML.joined([
                HTML.element(.label, [.for("diff-\(name)")]) { label },
                HTML.element(.select, [.name(name), .id("diff-\(name)")]) {
                    for week in planned {
                        HTML.element(.option, [.value(week)] + (week == chosen ? [.selected] : [])) { week }
                    }
                },
            ])
        }
        return HTML.element(.form, [.method("get"), .action("/history/diff"), .class("picker"), .id("diff")]) {
            select("from", "Compare the week of", chosen: planned.count > 1 ? planned[1] : planned[0])
            select("to", "with the week of", chosen: planned[0])
            HTML.element(.button, [.type("submit"), .class("secondary")]) { "Compare" }
        }
    }

    private func diff(_ request: Request, _ context: WebContext) throws -> Response {
        let session = try context.director()
        func side(_ name: String) throws -> (week: String, side: WeekDiff.Side, revision: Int) {
            guard let week = request.uri.queryParameters[Substring(name)].map(String.init), !week.isEmpty else {
                throw BadInput(field: name, expected: "a planned week")
            }
            guard try app.store.weeks().contains(where: { $0.id == week && $0.hasRoster }),
                let stored = try app.store.roster(week: week)
            else { throw BadInput(field: name, expected: "one of the program's planned weeks") }
            return (week, .init(instance: try app.store.instance(week: week), roster: stored.roster), stored.revision)
        }
        let from = try side("from")
        let to = try side("to")
        let diff = WeekDiff(from: from.side, to: to.side)
        try app.audit(session, "view history", "weeks \(from.week), \(to.week): difference")
        let names = NameBook(to.side.instance, pseudonymize: false)
        let earlier = NameBook(from.side.instance, pseudonymize: false)
        func label(_ id: PatientID) -> String { names.name(of: id) != nil ? names.label(id) : earlier.label(id) }
        let weeks = try app.store.weeks().filter(\.hasRoster).map(\.id)
        let title =
            "Week of \(from.week) (revision \(from.revision)) \u{2192} week of \(to.week) (revision \(to.revision))"
        let page = Layout.page(title: "Difference", session: session, current: "/history") {
            HTML.element(.h1) { title }
            Self.form(weeks)
            HTML.element(.h2) { "Objective" }
            RosterRoutes.table(
                ["term", "before", "after"],
                [["total", JSONWriter.format(diff.totals.before), JSONWriter.format(diff.totals.after)]]
                    + diff.terms.map { [$0.key, String($0.before), String($0.after)] })
            HTML.element(.p, [.id("diff-groups")]) {
                "Groups: \(diff.groups.unchanged) unchanged, \(diff.groups.new) new, \(diff.groups.gone) gone."
            }
            HTML.element(.h2) { "Patients whose days or groups changed (\(diff.patients.count))" }
            if diff.patients.isEmpty {
                HTML.element(.p) { "None: every patient keeps their days and groups." }
            } else {
                RosterRoutes.table(
                    ["patient", "days before", "days after", "groups new", "groups gone", ""],
                    diff.patients.map { change -> [String] in
                        [
                            label(change.patient), change.daysBefore.map(\.description).joined(separator: " "),
                            change.daysAfter.map(\.description).joined(separator: " "), String(change.groupsNew),
                            String(change.groupsGone), change.presence == .both ? "" : change.presence.rawValue,
                        ]
                    })
            }
        }
        return Layout.response(page)
    }
}
