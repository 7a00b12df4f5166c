import Foundation
import Hummingbird
import RosterKit
import RosterReports

/// Downloads of a week's roster through RosterReports' exporters: the CSV, the printable page
/// and the calendars, one per clinician and one per patient. Each download is audited; like
/// every response it carries `Cache-Control: no-store`. A clinician may download only their own
/// calendar.
struct ExportRoutes {
    let app: WebApp

    func add(to router: Router<WebContext>) {
        router.get("/export") { request, context in try export(request, context) }
    }

    private func export(_ request: Request, _ context: WebContext) throws -> Response {
        let session = try context.signedIn()
        let query = request.uri.queryParameters
        let week = try app.week(request).id
        guard let stored = try app.store.roster(week: week) else { throw WebStoreError.notPlanned(week: week) }
        let format = query["format"].map(String.init) ?? ""
        let wanted = query["file"].map(String.init)
        let file: RenderedFile
        let instance = try app.store.instance(week: week)
        let facts = RosterFacts(
            instance: instance, roster: stored.roster, outcome: stored.outcome,
            options: RenderOptions(patientCalendars: true))
        switch format {
        case "csv", "html":
            guard session.role.canEdit else {
                throw HTTPError(.forbidden, message: "Only a director can download the whole week.")
            }
            let rendered = try Self.render(format == "csv" ? .csv : .html, facts)
            file = RenderedFile(name: "roster-\(week).\(format)", text: rendered[0].text)
        case "ics":
            guard let wanted, !wanted.isEmpty else {
                throw BadInput(field: "file", expected: "the calendar to download (clinician-ID.ics or patient-ID.ics)")
            }
            if !session.role.canEdit, wanted != ICSExport.fileName(of: ClinicianID(session.clinician ?? "")) {
                throw HTTPError(.forbidden, message: "A clinician can download only their own calendar.")
            }
            guard let found = try Self.render(.ics, facts).first(where: { $0.name == wanted }) else {
                throw BadInput(
                    field: "file",
                    expected: "a calendar of a clinician who leads a group or a patient who attends one this week")
            }
            file = found
        default:
            throw BadInput(field: "format", expected: "csv, html or ics")
        }
        try app.audit(session, "export \(format)", "week \(week): \(file.name)")
        let type = [
            "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8", "ics": "text/calendar; charset=utf-8",
        ][format]!
        return Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(file.name)\""],
            body: ResponseBody(byteBuffer: ByteBuffer(string: file.text)))
    }

    private static func render(_ format: RenderFormat, _ facts: RosterFacts) throws -> [RenderedFile] {
        do {
            return try RosterRendering.render(format: format, facts: facts)
        } catch {
            throw HTTPError(.conflict, message: "The week cannot be exported as \(format.rawValue): \(error)")
        }
    }

    /// The History page's downloads of one week: CSV, printable page, and a calendar picker.
    static func downloads(week: String, instance: Instance, roster: Roster, names: NameBook) -> HTML {
        let leaders = Set(roster.groups.map(\.clinician))
        let attendees = Set(roster.groups.flatMap(\.patients))
        return HTML.element(.section, [.class("downloads"), .id("downloads-\(week)")]) {
            HTML.element(.h3) { "Week of \(week)" }
            HTML.element(.p) {
                HTML.element(.a, [.href("/export?week=\(week)&format=csv"), .id("download-csv")]) {
                    "CSV (one row per patient-hour)"
                }
                " · "
                HTML.element(.a, [.href("/export?week=\(week)&format=html"), .id("download-html")]) {
                    "printable page (HTML)"
                }
            }
            calendarPicker(
                week: week, id: "ics-clinician", label: "Calendar of clinician",
                instance.clinicians.filter { leaders.contains($0.id) }.map {
                    (ICSExport.fileName(of: $0.id), names.label($0.id))
                })
            calendarPicker(
                week: week, id: "ics-patient", label: "Calendar of patient",
                instance.patients.filter { attendees.contains($0.id) }.map {
                    (ICSExport.fileName(of: $0.id), names.label($0.id))
                })
        }
    }

    private static func calendarPicker(
        week: String, id: String, label: String, _ options: [(file: String, text: String)]
    ) -> HTML {
        HTML.element(.form, [.method("get"), .action("/export"), .class("picker")]) {
            HTML.element(.input, [.type("hidden"), .name("week"), .value(week)])
            HTML.element(.input, [.type("hidden"), .name("format"), .value("ics")])
            HTML.element(.label, [.for(id)]) { label }
            HTML.element(.select, [.name("file"), .id(id)]) {
                for option in options { HTML.element(.option, [.value(option.file)]) { option.text } }
            }
            HTML.element(.button, [.type("submit"), .class("secondary")]) { "Download .ics" }
        }
    }
}
