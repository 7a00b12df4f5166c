import Foundation
import Hummingbird
import RosterKit
import RosterReports
import RosterStore

/// The People page's forms: add and edit a patient, clinician or room, discharge a patient,
/// retire a clinician or room. A form is one row of the table's spreadsheet (its fields are the
/// columns of ``SpreadsheetTable``), saved through the store's spreadsheet import: the same rules
/// as an upload, one transaction with its audit row, a 400 page naming the field when a rule
/// refuses it, and then nothing is saved. Directors only.
struct PeopleRoutes {
    let app: WebApp

    /// The tables a form edits, as the `table` field names them.
    static let tables: [SpreadsheetTable] = [.patients, .clinicians, .rooms]

    func add(to router: Router<WebContext>) {
        router.get("/people/edit") { request, context in try form(request, context) }
        router.post("/people/save") { _, context in try save(context) }
        router.post("/people/discharge") { _, context in try discharge(context) }
        router.post("/people/retire") { _, context in try retire(context) }
    }

    private func currentWeek() throws -> String {
        guard let week = try app.store.weeks().first?.id else {
            throw HTTPError(.notFound, message: "The program has no weeks yet.")
        }
        return week
    }

    private static func table(_ text: String?, field: String = "table") throws -> SpreadsheetTable {
        guard let text, let table = SpreadsheetTable(rawValue: text), tables.contains(table) else {
            throw BadInput(field: field, expected: "patients, clinicians or rooms")
        }
        return table
    }

    private static func singular(_ table: SpreadsheetTable) -> String { String(table.rawValue.dropLast()) }

    private func form(_ request: Request, _ context: WebContext) throws -> Response {
        let session = try context.director()
        let table = try Self.table(request.uri.queryParameters["table"].map(String.init))
        let id = request.uri.queryParameters["id"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let week = try currentWeek()
        let instance = try app.store.plannable(week: week)
        var cells: [String: String] = [:]
        if let id {
            guard let found = table.cells(of: id, in: instance) else {
                throw HTTPError(.notFound, message: "There is no current \(Self.singular(table)) with this id.")
            }
            cells = found
        }
        try app.audit(session, "view people", "\(table.rawValue) form")
        let title = id == nil ? "Add a \(Self.singular(table))" : "Edit \(Self.singular(table)) \(id ?? "")"
        let page = Layout.page(title: title, session: session, current: "/people") {
            HTML.element(.h1) { title }
            Layout.form("/people/save", session: session, attributes: [.class("record"), .id("record")]) {
                HTML.element(.input, [.type("hidden"), .name("table"), .value(table.rawValue)])
                HTML.element(.input, [.type("hidden"), .name("mode"), .value(id == nil ? "new" : "edit")])
                if let id { HTML.element(.input, [.type("hidden"), .name("id"), .value(id)]) }
                for column in table.columns where !ProgramStore.formSkips.contains(column.name) {
                    if column.name != "id" || id == nil {
                        Self.input(table, column, value: cells[column.name] ?? "", instance: instance)
                    }
                }
                HTML.element(.label, [.for("asOf")]) { "Changes take effect on" }
                HTML.element(
                    .input,
                    [
                        .type("text"), .name("asOf"), .id("asOf"), .value(week),
                        .custom("pattern", "\\d{4}-\\d{2}-\\d{2}"), .custom("aria-describedby", "asOf-hint"),
                    ])
                HTML.element(.p, [.class("meta hint"), .id("asOf-hint")]) {
                    table == .patients
                        ? "A date YYYY-MM-DD. A new patient is admitted on this date; changed weekly hours or days "
                            + "take effect from it."
                        : "A date YYYY-MM-DD. The week planned from this date on uses the record."
                }
                HTML.element(.p) { HTML.element(.button, [.type("submit"), .id("save")]) { "Save" } }
            }
            if let id { Self.leaveForm(table, id: id, week: week, session: session) }
        }
        return Layout.response(page)
    }

    /// A field for one column: named after it (so a refusal names it as the CSV file does), under
    /// a label in words, with a hint where the format is not obvious and a mark when it is optional.
    private static func input(_ table: SpreadsheetTable, _ column: SpreadsheetColumn, value: String, instance: Instance)
        -> HTML
    {
        let words = PeopleLabels.text(table, column, instance: instance)
        let hintID = "\(column.name)-hint"
        let described: [HTMLAttribute] = words.hint == nil ? [] : [.custom("aria-describedby", hintID)]
        let label = HTML.element(.label, [.for(column.name)]) {
            words.label
            if !column.required { HTML.element(.span, [.class("optional")]) { " (optional)" } }
        }
        let hint = words.hint.map { text in HTML.element(.p, [.class("meta hint"), .id(hintID)]) { text } } ?? .empty
        if column.name == "track" || column.name == "secondary" {
            return HTML.joined([
                label,
                HTML.element(.select, [.name(column.name), .id(column.name)] + described) {
                    if column.name == "secondary" { HTML.element(.option, [.value("")]) { "none" } }
                    for modality in instance.modalities {
                        HTML.element(
                            .option,
                            [.value(modality.rawValue)]
                                + (Spelling(value) == Spelling(modality.rawValue) ? [.selected] : [])
                        ) { modality.rawValue }
                    }
                },
                hint,
            ])
        }
        return HTML.joined([
            label,
            HTML.element(
                .input,
                [.type("text"), .name(column.name), .id(column.name), .value(value)] + described
                    + (column.required ? [.required] : [])
                    + (column.kind == .availability || column.kind == .list ? [.class("wide")] : [])),
            hint,
        ])
    }

    /// Discharge (a patient) or retire (a clinician, a room).
    private static func leaveForm(_ table: SpreadsheetTable, id: String, week: String, session: WebSession) -> HTML {
        if table == .patients {
            return Layout.form("/people/discharge", session: session, attributes: [.class("record"), .id("discharge")])
            {
                HTML.element(.h2) { "Discharge" }
                HTML.element(.input, [.type("hidden"), .name("id"), .value(id)])
                HTML.element(.label, [.for("on")]) { "Discharged on" }
                HTML.element(
                    .input,
                    [.type("text"), .name("on"), .id("on"), .value(week), .custom("aria-describedby", "on-hint")])
                HTML.element(.p, [.class("meta hint"), .id("on-hint")]) {
                    "A date YYYY-MM-DD; the patient is in the weeks that start before it."
                }
                HTML.element(.p) { HTML.element(.button, [.type("submit"), .class("secondary")]) { "Discharge" } }
            }
        }
        return Layout.form("/people/retire", session: session, attributes: [.class("record"), .id("retire")]) {
            HTML.element(.h2) { "Retire" }
            HTML.element(.input, [.type("hidden"), .name("table"), .value(table.rawValue)])
            HTML.element(.input, [.type("hidden"), .name("id"), .value(id)])
            HTML.element(.p, [.class("meta")]) { "The weeks planned from now on leave it out; its history stays." }
            HTML.element(.p) { HTML.element(.button, [.type("submit"), .class("secondary")]) { "Retire" } }
        }
    }

    private func save(_ context: WebContext) throws -> Response {
        let session = try context.director()
        let form = context.fields
        let table = try Self.table(form["table"])
        let isNew = form["mode"] != "edit"
        let asOf = try form.required("asOf", label: "the date the changes take effect")
        guard ISODate.isValid(asOf) else { throw BadInput(field: "asOf", expected: "a date YYYY-MM-DD") }
        var cells: [String: String] = [:]
        for column in table.columns where !ProgramStore.formSkips.contains(column.name) {
            if let value = form[column.name] { cells[column.name] = value }
        }
        let report: ImportReport
        do {
            report = try app.store.saveRecord(table, cells: cells, isNew: isNew, asOf: asOf, user: session.user)
        } catch let error as SpreadsheetError {
            try app.audit(session, "edit people refused", "\(table.rawValue) form: \(error.problems.count) problems")
            let instance = try app.store.plannable(week: try currentWeek())
            /// The column as the CSV file names it, then the form's label for it.
            func named(_ name: String) -> String {
                guard let column = table.column(name) else { return "\(name): " }
                return "\(name) (\(PeopleLabels.text(table, column, instance: instance).label.lowercased())): "
            }
            throw BadInput(
                field: error.problems.first?.column ?? "table",
                expected: error.problems.map { ($0.column.map(named) ?? "") + $0.message }.joined(separator: "; "))
        }
        let counts = table == .patients ? report.patients : table == .clinicians ? report.clinicians : report.rooms
        // The form's own counts: the records it did not name are the others, not "missing from an import".
        let summary =
            "\(table.rawValue): \(counts.added) added, \(counts.changed) changed, \(counts.unchanged) unchanged"
        try app.audit(session, "edit people", "\(table.rawValue) form: \(summary)")
        return try notice("Saved (as of \(asOf)): \(summary).", session)
    }

    private func discharge(_ context: WebContext) throws -> Response {
        let session = try context.director()
        let id = try context.fields.required("id", label: "the patient")
        let date = try context.fields.required("on", label: "the discharge date")
        guard ISODate.isValid(date) else { throw BadInput(field: "on", expected: "a date YYYY-MM-DD") }
        do {
            try app.store.discharge(patient: id, on: date, user: session.user)
        } catch StoreError.notFound {
            throw BadInput(field: "id", expected: "a current patient of the program")
        } catch StoreError.invalid(let reason) {
            throw BadInput(field: "on", expected: "a date on or after the admission; \(reason)")
        }
        try app.audit(session, "discharge people", "patients: 1 discharged on \(date)")
        return try notice("Discharged one patient on \(date).", session)
    }

    private func retire(_ context: WebContext) throws -> Response {
        let session = try context.director()
        let table = try Self.table(context.fields["table"])
        guard table != .patients else { throw BadInput(field: "table", expected: "clinicians or rooms") }
        let id = try context.fields.required("id")
        do {
            try app.store.retire(table, id: id, user: session.user)
        } catch StoreError.notFound {
            throw BadInput(field: "id", expected: "a current \(Self.singular(table)) of the program")
        }
        try app.audit(session, "retire", "\(table.rawValue): \(id)")
        return try notice("Retired \(Self.singular(table)) \(id).", session)
    }

    private func notice(_ text: String, _ session: WebSession) throws -> Response {
        try RosterRoutes(app: app).peopleResponse(
            session, result: HTML.element(.p, [.class("notice"), .id("people-result")]) { text })
    }

    /// The People page's links to the forms: add one, or pick one to edit.
    static func links(_ instance: Instance, names: NameBook) -> HTML {
        HTML.element(.section, [.id("people-forms")]) {
            HTML.element(.h2) { "Add or edit" }
            HTML.element(.p) {
                HTML.element(.a, [.href("/people/edit?table=patients"), .id("add-patient")]) { "Add a patient" }
                " · "
                HTML.element(.a, [.href("/people/edit?table=clinicians")]) { "Add a clinician" }
                " · "
                HTML.element(.a, [.href("/people/edit?table=rooms")]) { "Add a room" }
            }
            let choices: [(SpreadsheetTable, [(String, String)])] = [
                (.patients, instance.patients.map { ($0.id.rawValue, names.label($0.id)) }),
                (.clinicians, instance.clinicians.map { ($0.id.rawValue, names.label($0.id)) }),
                (.rooms, instance.rooms.map { ($0.id.rawValue, $0.id.rawValue) }),
            ]
            HTML.element(.div, [.class("row")]) {
                for (table, options) in choices where !options.isEmpty {
                    HTML.element(.form, [.method("get"), .action("/people/edit"), .class("inline")]) {
                        HTML.element(.input, [.type("hidden"), .name("table"), .value(table.rawValue)])
                        HTML.element(.select, [.name("id"), .id("edit-\(table.rawValue)")]) {
                            for (id, label) in options { HTML.element(.option, [.value(id)]) { label } }
                        }
                        " "
                        HTML.element(.button, [.type("submit"), .class("secondary")]) {
                            "Edit \(singular(table))"
                        }
                    }
                }
            }
        }
    }
}
