import Foundation
import Hummingbird
import RosterKit
import RosterReports
import RosterSolvers

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
        router.post("/pin/patient") { _, context in
            try pin(context) { form, stored, instance in
                let patient = PatientID(try form.required("patient"))
                guard instance.patients.contains(where: { $0.id == patient }) else {
                    throw BadInput(field: "patient", expected: "one of the week's patients")
                }
                guard let pin = WeekPin.patient(patient, in: stored.roster, revision: stored.revision) else {
                    throw BadInput(field: "patient", expected: "a patient who has a group this week")
                }
                return pin
            }
        }
        router.post("/pin/group") { _, context in
            try pin(context) { form, stored, _ in
                let number = try form.count("group", label: "the group")
                guard stored.roster.groups.indices.contains(number) else {
                    throw BadInput(
                        field: "group",
                        expected: "one of the roster's groups (#0 to #\(stored.roster.groups.count - 1))")
                }
                return WeekPin.group(
                    number, in: stored.roster, revision: stored.revision,
                    label: EditPanel.label(number, stored.roster.groups[number]))!
            }
        }
        router.post("/pin/remove") { _, context in try unpin(context) }
        router.post("/replan") { _, context in try replan(context) }
    }

    /// The week the form names, its current revision (which must be the form's) and its
    /// instance; refused when the week is unknown, not planned or published.
    private func editable(_ form: FormFields) throws -> (week: String, stored: StoredRoster) {
        let week = try form.required("week")
        guard try app.store.weeks().contains(where: { $0.id == week }) else {
            throw BadInput(field: "week", expected: "one of the program's weeks")
        }
        guard let stored = try app.store.roster(week: week) else { throw WebStoreError.notPlanned(week: week) }
        if stored.published { throw WebStoreError.alreadyPublished(week: week) }
        let revision = try form.count("revision", label: "the roster's revision")
        guard revision == stored.revision else { throw WebStoreError.stale(week: week, current: stored.revision) }
        return (week, stored)
    }

    /// Pins what `make` reads from the form on the week's current revision.
    private func pin(_ context: WebContext, _ make: (FormFields, StoredRoster, Instance) throws -> WeekPin) throws
        -> Response
    {
        let session = try context.director()
        let (week, stored) = try editable(context.fields)
        try app.refuseWhilePlanning(week: week)
        let pin = try app.store.addPin(
            try make(context.fields, stored, try app.store.instance(week: week)), week: week, user: session.user)
        try app.audit(
            session, "pin", "week \(week) revision \(stored.revision): pin #\(pin.id), a \(pin.kind.rawValue)")
        let result = HTML.element(.section, [.class("notice"), .id("edit-result")]) {
            HTML.element(.h2) { "Pinned: \(pin.seats.count) assignments" }
            HTML.element(.p) {
                "\u{201C}Re-plan around my edits\u{201D} keeps them while it re-plans the rest of the week."
            }
        }
        return try RosterRoutes(app: app).weekResponse(week: week, session: session, result: result)
    }

    private func unpin(_ context: WebContext) throws -> Response {
        let session = try context.director()
        let form = context.fields
        let week = try form.required("week")
        guard try app.store.weeks().contains(where: { $0.id == week }) else {
            throw BadInput(field: "week", expected: "one of the program's weeks")
        }
        guard let id = Int64(try form.required("pin")), try app.store.pins(week: week).contains(where: { $0.id == id })
        else { throw BadInput(field: "pin", expected: "one of the week's pins") }
        try app.store.removePin(id: id, week: week, user: session.user)
        try app.audit(session, "unpin", "week \(week): pin #\(id)")
        return .redirect(to: "/?week=\(week)")
    }

    /// "Re-plan around my edits": the week re-planned in the background from the pins that
    /// still hold (``PinnedReplan``), through the same jobs as "Plan this week": its progress on
    /// the plan page, Cancel keeps the best roster so far, one solve per week (a second click, or
    /// "Plan this week" meanwhile, is told one is running). The roster is saved as the next
    /// revision when it keeps every pin and every hard rule.
    private func replan(_ context: WebContext) throws -> Response {
        let session = try context.director()
        let (week, stored) = try editable(context.fields)
        let instance = try app.store.instance(week: week)
        let pins = try app.store.pins(week: week).filter { $0.holds(in: stored.roster) }
        guard !pins.isEmpty else {
            throw BadInput(
                field: "pins",
                expected: "at least one pin that holds in the week's roster; pin a patient or a group first")
        }
        let seconds = app.configuration.planSeconds
        let replan = PinnedReplan(
            roster: stored.roster, pins: pins, weights: instance.policy.weights,
            search: app.configuration.solver(seconds))
        let before = RosterChecker(instance).check(stored.roster).total
        let count = pins.count == 1 ? "1 pin" : "\(pins.count) pins"
        let work = PlanJobs.Work(solver: replan, title: "re-planning around \(count)") { outcome, total in
            "kept \(replan.kept(in: outcome.roster)) of \(replan.pinned.count) pinned assignments; "
                + "objective \(JSONWriter.format(before)) -> \(JSONWriter.format(total))"
        }
        guard
            app.planner.start(
                week: week, instance: instance, basedOn: stored.revision, seconds: seconds, work: work,
                user: session.user)
        else {
            let busy = HTML.element(.section, [.class("refused"), .id("edit-result")]) {
                HTML.element(.h2) { "A solve of this week is already running; re-plan when it has ended." }
                HTML.element(.p) { HTML.element(.a, [.href("/plan?week=\(week)")]) { "See its progress" } }
            }
            return try RosterRoutes(app: app).weekResponse(
                week: week, session: session, result: busy, status: .conflict)
        }
        try app.audit(
            session, "re-plan around pins",
            "week \(week) revision \(stored.revision): \(count), \(replan.pinned.count) assignments")
        return .redirect(to: "/plan?week=\(week)")
    }

    /// Reads the edit from the form, checks it against the week's current revision and keeps it
    /// when it keeps every hard rule.
    private func apply(_ context: WebContext, _ read: (FormFields) throws -> RosterEdit) throws -> Response {
        let session = try context.director()
        let form = context.fields
        let (week, stored) = try editable(form)
        try app.refuseWhilePlanning(week: week)
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
        try app.store.saveRoster(outcome, instance: instance, week: week, basedOn: stored.revision, user: session.user)
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
        html(
            title: "Saved as revision \(revision): \(edit)",
            lead: "It keeps every hard rule. The score (lower is better), before -> after:")
    }

    /// The table under a heading and a sentence.
    func html(title: String, lead: String, id: String = "edit-result") -> HTML {
        HTML.element(.section, [.class("notice"), .id(id)]) {
            HTML.element(.h2) { title }
            HTML.element(.p) { lead }
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
    /// The week's pins, of every revision (those that no longer hold are shown as such).
    var pins: [WeekPin] = []

    /// The fields of each form, without the form, its week, revision and CSRF token.
    struct Fields: Sendable {
        let move: HTML
        let swap: HTML
        let clinician: HTML
        let room: HTML?
        let pinPatient: HTML
        let pinGroup: HTML
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
            pinsSection(fields)
        }
    }

    /// In place of the forms while a plan of the week runs: edits wait for the revision it saves.
    static func whilePlanning(week: String) -> HTML {
        HTML.element(.section, [.id("edit"), .class("notice")]) {
            HTML.element(.h2) { "Edit" }
            HTML.element(.p, [.id("planning")]) {
                "A plan of this week is running and will save the next revision, so edits, pins and adopting a "
                    + "what-if wait until it ends. "
                HTML.element(.a, [.href("/plan?week=\(week)")]) { "See its progress" }
                " (Cancel there keeps the best roster so far)."
            }
        }
    }

    /// The pins, their forms and "Re-plan around my edits".
    private func pinsSection(_ fields: Fields) -> HTML {
        let holding = pins.filter { $0.holds(in: stored.roster) }
        return HTML.element(.section, [.id("pins")]) {
            HTML.element(.h2) { "Pins" }
            HTML.element(.p, [.class("meta")]) {
                "Pin a patient (their hours, groups and clinicians this week; a room may change) or a group "
                    + "(its clinician, room and members); "
                "\u{201C}Re-plan around my edits\u{201D} re-plans the rest of the week and keeps what is pinned."
            }
            if pins.isEmpty {
                HTML.element(.p) { "Nothing is pinned." }
            } else {
                HTML.element(.ul, [.class("pins")]) {
                    for pin in pins {
                        HTML.element(.li, [.data("pin", String(pin.id)), .id("pin-\(pin.id)")]) {
                            HTML.element(.strong) {
                                pin.kind == .patient ? facts.names.label(PatientID(pin.target)) : pin.target
                            }
                            " · \(pin.seats.count) assignments, pinned on revision \(pin.revision)"
                            if !pin.holds(in: stored.roster) {
                                HTML.element(.span, [.class("lapsed")]) { " · no longer holds (changed since)" }
                            }
                            Layout.form("/pin/remove", session: session, attributes: [.class("inline")]) {
                                HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
                                HTML.element(.input, [.type("hidden"), .name("pin"), .value(String(pin.id))])
                                " "
                                HTML.element(.button, [.type("submit"), .class("secondary small")]) { "Unpin" }
                            }
                        }
                    }
                }
            }
            HTML.element(.div, [.class("edits")]) {
                form("/pin/patient", "Pin a patient", id: "pin-patient") { fields.pinPatient }
                form("/pin/group", "Pin a group", id: "pin-group") { fields.pinGroup }
                form("/replan", "Re-plan around my edits", id: "replan", button: "Re-plan around my edits") {
                    HTML.element(.p) {
                        holding.isEmpty
                            ? "Pin something first."
                            : "Keeps the \(holding.count == 1 ? "pin that holds" : "\(holding.count) pins that hold") "
                                + "(\(WeekPin.assignments(of: holding).count) assignments); "
                                + "runs in the background, its progress on the Plan page."
                    }
                }
            }
        }
    }

    /// The selects of every form: the week's patients, groups, clinicians and rooms.
    static func fields(stored: StoredRoster, facts: RosterFacts) -> Fields {
        let patients = facts.instance.patients.map { ($0.id.rawValue, facts.names.label($0.id)) }
        let groups = stored.roster.groups.enumerated().map { number, group in
            (String(number), label(number, group))
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
                ]) : nil,
            pinPatient: select("patient", id: "pin-patient-id", label: "Patient", patients),
            pinGroup: select("group", id: "pin-group-number", label: "Group", groups))
    }

    private func form(
        _ action: String, _ title: String, id: String, button: String? = nil, @HTMLBuilder fields: () -> HTML
    ) -> HTML {
        Layout.form(action, session: session, attributes: [.class("edit"), .id("edit-\(id)")]) {
            HTML.element(.h3) { title }
            HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
            HTML.element(.input, [.type("hidden"), .name("revision"), .value(String(stored.revision))])
            fields()
            HTML.element(.p) {
                HTML.element(.button, [.type("submit")]) { button ?? title.components(separatedBy: " ").first ?? title }
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
    static func label(_ number: Int, _ group: Group) -> String {
        var text =
            "#\(number) \(group.timeSlot.day) \(group.timeSlot.session) \(group.timeSlot.slot) · "
            + "\(group.modality.rawValue) · \(group.clinician)"
        if let room = group.room { text += " · \(room)" }
        return text + " (\(group.size))"
    }
}
