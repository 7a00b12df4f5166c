import Foundation
import Hummingbird
import RosterKit
import RosterReports

/// Hand edits of the week's roster: move a patient, swap two, change a group's clinician or
/// room. The planner's own checker judges each edit at once: one that breaks a hard rule is
/// refused (422) with the rule in words and nothing saved; one that keeps them becomes the
/// week's next revision, and the page shows the score change term by term. Directors only;
/// every attempt is audited.
struct EditRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        router.post("/edit/move") { _, context in
            try apply(context) { form in
                .move(
                    patient: PatientID(try form.required("patient")),
                    from: try form.count("from", label: "the group to move from"),
                    to: try form.count("to", label: "the group to move to"))
            }
        }
        router.post("/edit/swap") { _, context in
            try apply(context) { form in
                .swap(
                    PatientID(try form.required("patient")),
                    group: try form.count("group", label: "the first patient's group"),
                    with: PatientID(try form.required("other")),
                    otherGroup: try form.count("otherGroup", label: "the second patient's group"))
            }
        }
        router.post("/edit/clinician") { _, context in
            try apply(context) { form in
                .clinician(
                    group: try form.count("group", label: "the group"), ClinicianID(try form.required("clinician")))
            }
        }
        router.post("/edit/room") { _, context in
            try apply(context) { form in
                .room(group: try form.count("group", label: "the group"), RoomID(try form.required("room")))
            }
        }
    }

    /// Reads the edit from the form, checks it against the week's current revision and keeps it
    /// when it keeps every hard rule.
    private func apply(_ context: WebContext, _ read: (FormFields) throws -> RosterEdit) throws -> Response {
        let session = try context.director()
        let form = context.fields
        let week = try form.required("week")
        guard try app.store.weeks().contains(where: { $0.id == week }) else {
            throw BadInput(field: "week", expected: "one of the program's weeks")
        }
        guard let stored = try app.store.roster(week: week) else { throw WebStoreError.notPlanned(week: week) }
        if stored.published { throw WebStoreError.alreadyPublished(week: week) }
        let revision = try form.count("revision", label: "the roster's revision")
        guard revision == stored.revision else { throw WebStoreError.stale(week: week, current: stored.revision) }
        let edit = try read(form)
        let instance = try app.store.instance(week: week)
        let edited: Roster
        do {
            edited = try edit.applied(to: stored.roster)
        } catch {
            throw BadInput(field: error.field, expected: error.message)
        }
        try Self.checkKnown(edit, in: instance)
        let index = InstanceIndex(instance)
        let checker = RosterChecker(index: index)
        let after = checker.check(edited)
        guard after.isValid else {
            try app.audit(session, "edit refused", "week \(week): \(edit)")
            return try RosterRoutes(app: app).weekResponse(
                week: week, session: session, result: Self.refusal(edit, after.violations),
                status: .unprocessableContent)
        }
        let before = checker.check(stored.roster)
        let outcome = SolveOutcome(
            roster: edited, solver: "edit", status: .heuristic, detail: edit.description, elapsed: 0)
        try app.store.saveRoster(outcome, instance: instance, week: week, user: session.user)
        app.weekCache.invalidate(week: week)
        try app.audit(session, "edit roster", "week \(week): \(edit)")
        let change = ScoreChange(
            before: ObjectiveSummary(before, roster: stored.roster, index: index),
            after: ObjectiveSummary(after, roster: edited, index: index))
        return try RosterRoutes(app: app).weekResponse(
            week: week, session: session, result: change.html(edit, revision: stored.revision + 1), status: .ok)
    }

    /// The clinician or room an edit names must be the program's: a typo is bad input, not a broken rule.
    private static func checkKnown(_ edit: RosterEdit, in instance: Instance) throws {
        switch edit {
        case .clinician(_, let clinician):
            guard instance.clinician(clinician) != nil else {
                throw BadInput(field: "clinician", expected: "one of the program's clinicians")
            }
        case .room(_, let room):
            guard instance.rooms.contains(where: { $0.id == room }) else {
                throw BadInput(field: "room", expected: "one of the program's rooms")
            }
        case .move(let patient, _, _), .swap(let patient, _, _, _):
            guard instance.patients.contains(where: { $0.id == patient }) else {
                throw BadInput(field: "patient", expected: "one of the week's patients")
            }
        }
    }

    /// The broken rules in words; the roster is unchanged.
    static func refusal(_ edit: RosterEdit, _ violations: [Violation]) -> HTML {
        HTML.element(.section, [.class("refused"), .id("edit-result")]) {
            HTML.element(.h2) {
                "Refused: \(edit) would break "
                    + "\(violations.count == 1 ? "a hard rule" : "\(violations.count) hard rules")"
            }
            HTML.element(.ul) {
                for violation in violations {
                    HTML.element(.li) {
                        HTML.element(.strong) { Self.capitalized(violation.rule.summary) }
                        ": \(violation.message)"
                    }
                }
            }
            HTML.element(.p) { "Nothing was saved; the week keeps its roster." }
        }
    }

    private static func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}

/// An accepted edit's effect on the objective, term by term.
struct ScoreChange {
    let before: ObjectiveSummary
    let after: ObjectiveSummary

    func html(_ edit: RosterEdit, revision: Int) -> HTML {
        HTML.element(.section, [.class("notice"), .id("edit-result")]) {
            HTML.element(.h2) { "Saved as revision \(revision): \(edit)" }
            HTML.element(.p) { "It keeps every hard rule. The score (lower is better), before -> after:" }
            HTML.element(.table, [.class("change")]) {
                HTML.element(.thead) {
                    HTML.element(.tr) {
                        for title in ["term", "before", "after", "points"] {
                            HTML.element(.th, [.scope("col")]) { title }
                        }
                    }
                }
                HTML.element(.tbody) {
                    for (old, new) in zip(before.lines, after.lines) {
                        HTML.element(.tr, new.count == old.count ? [] : [.class("changed")]) {
                            HTML.element(.td) { old.term.label }
                            HTML.element(.td, [.class("num")]) { String(old.count) }
                            HTML.element(.td, [.class("num")]) { String(new.count) }
                            HTML.element(.td, [.class("num")]) { Self.signed(new.points - old.points) }
                        }
                    }
                    HTML.element(.tr, [.class("total")]) {
                        HTML.element(.td) { "total" }
                        HTML.element(.td, [.class("num")]) { JSONWriter.format(before.total) }
                        HTML.element(.td, [.class("num")]) { JSONWriter.format(after.total) }
                        HTML.element(.td, [.class("num")]) { Self.signed(after.total - before.total) }
                    }
                }
            }
        }
    }

    /// `+12`, `-3`, `0`.
    static func signed(_ value: Double) -> String {
        value > 0 ? "+" + JSONWriter.format(value) : JSONWriter.format(value)
    }
}

/// The week page's edit forms, for a director on a week not yet published. Groups are listed
/// by their number (`#12`, as the grid shows it).
struct EditPanel {
    let week: String
    let stored: StoredRoster
    let facts: RosterFacts
    let session: WebSession
    /// The forms' fields, the same for every director on this revision (the week page's cache keeps them).
    var fields: Fields? = nil

    /// The fields of each form, without the form, its week, revision and CSRF token.
    struct Fields: Sendable {
        let move: HTML
        let swap: HTML
        let clinician: HTML
        let room: HTML?
    }

    var html: HTML {
        let fields = fields ?? Self.fields(stored: stored, facts: facts)
        return HTML.element(.section, [.id("edit")]) {
            HTML.element(.h2) { "Edit" }
            HTML.element(.p, [.class("meta")]) {
                "The planner's checker judges each edit at once: one that breaks a hard rule is refused and "
                    + "nothing changes; "
                "one that keeps them is saved as the next revision."
            }
            HTML.element(.div, [.class("edits")]) {
                form("/edit/move", "Move a patient", id: "move") { fields.move }
                form("/edit/swap", "Swap two patients", id: "swap") { fields.swap }
                form("/edit/clinician", "Change a group's clinician", id: "clinician") { fields.clinician }
                if let room = fields.room { form("/edit/room", "Change a group's room", id: "room") { room } }
            }
        }
    }

    /// The selects of every form: the week's patients, groups, clinicians and rooms.
    static func fields(stored: StoredRoster, facts: RosterFacts) -> Fields {
        let patients = facts.instance.patients.map { ($0.id.rawValue, facts.names.label($0.id)) }
        let groups = stored.roster.groups.enumerated().map { number, group in
            (String(number), label(number, group, facts))
        }
        return Fields(
            move: HTML.joined([
                select("patient", id: "move-patient", label: "Patient", patients),
                select("from", id: "move-from", label: "from group", groups),
                select("to", id: "move-to", label: "to group", groups),
            ]),
            swap: HTML.joined([
                select("patient", id: "swap-patient", label: "Patient", patients),
                select("group", id: "swap-group", label: "in group", groups),
                select("other", id: "swap-other", label: "with patient", patients),
                select("otherGroup", id: "swap-other-group", label: "in group", groups),
            ]),
            clinician: HTML.joined([
                select("group", id: "clinician-group", label: "Group", groups),
                select(
                    "clinician", id: "clinician-new", label: "led by",
                    facts.instance.clinicians.map { ($0.id.rawValue, facts.names.label($0.id)) }),
            ]),
            room: facts.instance.plansRooms
                ? HTML.joined([
                    select("group", id: "room-group", label: "Group", groups),
                    select(
                        "room", id: "room-new", label: "in room",
                        facts.instance.rooms.map { ($0.id.rawValue, "\($0.id) (holds \($0.capacity))") }),
                ]) : nil)
    }

    private func form(_ action: String, _ title: String, id: String, @HTMLBuilder fields: () -> HTML) -> HTML {
        Layout.form(action, session: session, attributes: [.class("edit"), .id("edit-\(id)")]) {
            HTML.element(.h3) { title }
            HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
            HTML.element(.input, [.type("hidden"), .name("revision"), .value(String(stored.revision))])
            fields()
            HTML.element(.p) {
                HTML.element(.button, [.type("submit")]) { title.components(separatedBy: " ").first ?? title }
            }
        }
    }

    static func select(_ name: String, id: String, label: String, _ options: [(value: String, text: String)])
        -> HTML
    {
        HTML.joined([
            HTML.element(.label, [.for(id)]) { label },
            HTML.element(.select, [.name(name), .id(id)]) {
                for option in options { HTML.element(.option, [.value(option.value)]) { option.text } }
            },
        ])
    }

    /// `#12 Mon AM 1 · CBT · c9 · R3 (10)`.
    static func label(_ number: Int, _ group: Group, _ facts: RosterFacts) -> String {
        var text =
            "#\(number) \(group.timeSlot.day) \(group.timeSlot.session) \(group.timeSlot.slot) · "
            + "\(group.modality.rawValue) · \(group.clinician)"
        if let room = group.room { text += " · \(room)" }
        return text + " (\(group.size))"
    }
}
