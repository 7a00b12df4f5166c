import RosterKit

/// The one entry point that turns a roster into files for people and programs, shared by
/// `iop-planner report` and `iop-planner solve`.
///
/// ```swift
/// let files = try RosterRendering.render(format: .html, instance: instance, roster: roster)
/// try AtomicFile.write(files[0].text, to: "week.html")
/// ```
public enum RosterRendering {
    /// The files of `format`: one for every format but `ics`, which gives one per clinician
    /// (and per patient with ``RenderOptions/patientCalendars``).
    ///
    /// - Throws: ``RenderError/missingWeekOf`` for `ics` when the instance has no `weekOf`.
    public static func render(
        format: RenderFormat, instance: Instance, roster: Roster, outcome: SolveOutcome? = nil,
        options: RenderOptions = RenderOptions()
    ) throws(RenderError) -> [RenderedFile] {
        try render(
            format: format, facts: RosterFacts(instance: instance, roster: roster, outcome: outcome, options: options))
    }

    /// The same from facts computed once, to render several formats of one roster.
    public static func render(format: RenderFormat, facts: RosterFacts) throws(RenderError) -> [RenderedFile] {
        let name = "roster.\(format.fileExtension)"
        switch format {
        case .text: return [RenderedFile(name: name, text: RosterReport(facts).text)]
        case .csv: return [RenderedFile(name: name, text: CSVExport(facts).text)]
        case .html: return [RenderedFile(name: name, text: HTMLExport(facts).html)]
        case .json: return [RenderedFile(name: name, text: RosterJSON(facts).text)]
        case .ics: return try ICSExport(facts).calendars()
        }
    }
}
