import Foundation
import Hummingbird
import RosterKit
import RosterReports
import RosterStore

/// The People page's upload: the program's CSV files (one per table, as `program export` writes
/// them) go through the store's spreadsheet import in one transaction. A problem anywhere shows
/// beside its row (file, row, column, the row's cells) and nothing is imported (400).
struct ImportRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        router.post("/people/import") { _, context in try upload(context) }
    }

    private func upload(_ context: WebContext) throws -> Response {
        let session = try context.director()
        let files = context.uploads.filter { $0.field == "files" }
        guard !files.isEmpty else {
            throw BadInput(field: "files", expected: "one or more CSV files (patients.csv, clinicians.csv...)")
        }
        let asOf = try context.fields.required("asOf", label: "the date the changes take effect")
        guard ISODate.isValid(asOf) else { throw BadInput(field: "asOf", expected: "a date YYYY-MM-DD") }
        var readings: [Spreadsheet.Reading] = []
        var unreadable: [SpreadsheetProblem] = []
        for file in files {
            let name = ControlCharacters.replaced(in: (file.name as NSString).lastPathComponent)
            guard name.lowercased().hasSuffix(".csv") else {
                throw BadInput(
                    field: "files",
                    expected: "CSV files; \(name) is not one (import .xlsx workbooks with program import)")
            }
            guard let text = String(bytes: file.bytes, encoding: .utf8) else {
                unreadable.append(SpreadsheetProblem(file: name, message: "not UTF-8 text; save it as \"CSV UTF-8\""))
                continue
            }
            readings.append(Spreadsheet.parse(text, file: name))
        }
        let spreadsheets = readings.compactMap(\.spreadsheet)
        let warnings = readings.flatMap(\.warnings)
        let report: ImportReport
        do {
            report = try app.store.importSpreadsheets(
                spreadsheets, readingProblems: unreadable + readings.flatMap(\.problems), asOf: asOf, user: session.user
            )
        } catch let error as SpreadsheetError {
            try app.audit(session, "import refused", "people: \(error.problems.count) problems in \(files.count) files")
            return try RosterRoutes(app: app).peopleResponse(
                session, result: Self.problems(error.problems, warnings: warnings, in: spreadsheets),
                status: .badRequest)
        }
        try app.audit(session, "import people", "people: \(spreadsheets.map(\.file).joined(separator: " "))")
        let result = HTML.element(.section, [.class("notice"), .id("import-result")]) {
            HTML.element(.h2) { "Imported \(spreadsheets.map(\.file).joined(separator: ", ")) (as of \(asOf))" }
            HTML.element(.ul) { for line in report.lines { HTML.element(.li) { line } } }
            Self.warningList(warnings)
        }
        return try RosterRoutes(app: app).peopleResponse(session, result: result, status: .ok)
    }

    /// Every problem with the row it is about: file, row, column, message, the row's cells.
    static func problems(
        _ problems: [SpreadsheetProblem], warnings: [SpreadsheetProblem], in spreadsheets: [Spreadsheet]
    ) -> HTML {
        HTML.element(.section, [.class("refused"), .id("import-result")]) {
            HTML.element(.h2) {
                "Nothing was imported: \(problems.count == 1 ? "1 problem" : "\(problems.count) problems")"
            }
            HTML.element(.table, [.class("problems")]) {
                HTML.element(.thead) {
                    HTML.element(.tr) {
                        for title in ["file", "row", "column", "problem", "the row"] {
                            HTML.element(.th, [.scope("col")]) { title }
                        }
                    }
                }
                HTML.element(.tbody) {
                    for problem in problems {
                        HTML.element(.tr) {
                            HTML.element(.td) { problem.file }
                            HTML.element(.td, [.class("num")]) { problem.row.map(String.init) ?? "" }
                            HTML.element(.td) { problem.column ?? "" }
                            HTML.element(.td) { problem.message }
                            HTML.element(.td, [.class("cells")]) { Self.cells(of: problem, in: spreadsheets) }
                        }
                    }
                }
            }
            HTML.element(.p) { "Fix the rows and upload the files again; the program keeps its records meanwhile." }
            warningList(warnings)
        }
    }

    /// The row a problem names, as `column: value` pairs, the faulty column marked; a control
    /// character of a refused cell is shown as U+FFFD.
    private static func cells(of problem: SpreadsheetProblem, in spreadsheets: [Spreadsheet]) -> HTML {
        guard let number = problem.row, let sheet = spreadsheets.first(where: { $0.file == problem.file }),
            let row = sheet.rows.first(where: { $0.number == number })
        else { return .empty }
        return HTML.joined(
            sheet.columns.compactMap { column in
                guard let value = row.cells[column], !value.isEmpty else { return nil }
                return HTML.element(.span, column == problem.column ? [.class("cell faulty")] : [.class("cell")]) {
                    "\(column): \(ControlCharacters.replaced(in: value))"
                }
            }, separator: .text(" · "))
    }

    private static func warningList(_ warnings: [SpreadsheetProblem]) -> HTML {
        guard !warnings.isEmpty else { return .empty }
        return HTML.element(.ul, [.class("warnings")]) {
            for warning in warnings { HTML.element(.li) { "warning: \(warning)" } }
        }
    }

    /// The upload form of the People page.
    static func form(_ session: WebSession, asOf: String) -> HTML {
        HTML.element(
            .form,
            [
                .method("post"), .action("/people/import"), .custom("enctype", "multipart/form-data"), .class("upload"),
                .id("upload"),
            ]
        ) {
            Layout.csrfField(session)
            HTML.element(.h2) { "Upload the program's spreadsheets" }
            HTML.element(.p, [.class("meta")]) {
                "CSV files as program export writes them (patients.csv, clinicians.csv, rooms.csv, "
                    + "prescriptions.csv...); "
                "records are matched by id, and a problem anywhere imports nothing."
            }
            HTML.element(.label, [.for("files")]) { "Files" }
            HTML.element(
                .input,
                [
                    .type("file"), .name("files"), .id("files"), .custom("multiple", nil),
                    .custom("accept", ".csv,text/csv"), .required,
                ])
            HTML.element(.label, [.for("asOf")]) { "Changes take effect on" }
            HTML.element(
                .input,
                [.type("text"), .name("asOf"), .id("asOf"), .value(asOf), .custom("pattern", "\\d{4}-\\d{2}-\\d{2}")])
            HTML.element(.p) { HTML.element(.button, [.type("submit")]) { "Import" } }
        }
    }
}
