import Foundation
import RosterKit

/// The roster as one self-contained, printable HTML page: no scripts, no external assets.
///
/// The page has the objective summary, then views a CSS `:target` navigation switches
/// between (the week grid by default; every view when printed): the week grid of
/// session-days by slots, one timetable per clinician and per room, one schedule per patient,
/// and the unmet hours with their reasons. Every string from the files is HTML-escaped.
public struct HTMLExport: Sendable {
    /// What the page shows.
    public let facts: RosterFacts

    /// An export of `facts`.
    public init(_ facts: RosterFacts) { self.facts = facts }

    /// The page: one self-contained HTML document with its CSS inline.
    public var html: String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Roster \(escape(facts.title))</title>
            <style>\(Self.style)</style>
            </head>
            <body>

            """
        page += header() + navigation() + summary() + week() + clinicians() + rooms() + patients() + unmet()
        return page + "</body>\n</html>\n"
    }

    // MARK: Sections

    private func header() -> String {
        var lines = ["<header>", "<h1>Roster \(escape(facts.title))</h1>"]
        var facts = [String]()
        if let weekOf = self.facts.instance.weekOf { facts.append("week of \(escape(weekOf))") }
        facts.append(
            self.facts.check.isValid
                ? "valid: keeps every hard rule"
                : "<strong>invalid: breaks \(self.facts.check.violations.count) hard rules</strong>")
        if let outcome = self.facts.outcome {
            var solved =
                "solved by \(escape(outcome.solver)): \(escape(outcome.status.rawValue)) in "
                + "\(String(format: "%.1f", outcome.elapsed)) s of search"
            if let gap = self.facts.gap { solved += ", " + escape(gap.brief) }
            facts.append(solved)
        }
        lines.append("<p class=\"meta\">\(facts.joined(separator: " · "))</p>")
        if let detail = self.facts.outcome?.detail, !detail.isEmpty {
            lines.append("<p class=\"meta\">\(escape(detail))</p>")
        }
        lines.append("</header>")
        return lines.joined(separator: "\n") + "\n"
    }

    private func navigation() -> String {
        var links = [("week", "Week"), ("clinicians", "Clinicians")]
        if facts.instance.plansRooms { links.append(("rooms", "Rooms")) }
        links.append(("patients", "Patients"))
        links.append(("unmet", "Unmet hours (\(facts.explanation.totalHours))"))
        return "<nav>" + links.map { "<a href=\"#\($0.0)\">\(escape($0.1))</a>" }.joined(separator: " ") + "</nav>\n"
    }

    private func summary() -> String {
        let summary = facts.summary
        var rows = summary.lines.map { line in
            "<tr><td>\(escape(line.sentence))</td><td class=\"num\">\(line.count)</td><td "
                + "class=\"num\">\(JSONWriter.format(line.weight))</td>"
                + "<td class=\"num\">\(JSONWriter.format(line.points))</td></tr>"
        }
        rows.append(
            "<tr class=\"total\"><td>total (lower is better)</td><td></td><td></td><td "
                + "class=\"num\">\(JSONWriter.format(summary.total))</td></tr>")
        return """
            <section id="summary">
            <h2>Objective</h2>
            <table class="objective"><thead><tr><th>term</th><th>count</th><th>weight</th><th>points</th></tr></thead>
            <tbody>
            \(rows.joined(separator: "\n"))
            </tbody></table>
            <p>\(escape(summary.trackShareSentence))</p>
            </section>

            """
    }

    private func week() -> String {
        let legend = "modality, clinician\(facts.instance.plansRooms ? ", room" : ""), patients"
        let table = grid(id: "grid-week") { slot in
            facts.groups(at: slot).map { group in
                var parts = [escape(group.modality.rawValue), link("clinician", group.clinician.rawValue)]
                if let room = group.room { parts.append(link("room", room.rawValue)) }
                if facts.hasCohorts { parts.append(escape(group.cohort)) }
                parts.append("<span class=\"size\">\(group.size)</span>")
                return groupBox(group, parts.joined(separator: " "))
            }
        }
        return "<section class=\"view\" id=\"week\">\n<h2>Week</h2>\n<p class=\"legend\">Each group: "
            + "\(legend).</p>\n\(table)</section>\n"
    }

    private func clinicians() -> String {
        var html = "<section class=\"view\" id=\"clinicians\">\n<h2>Clinicians</h2>\n"
        html += index(facts.instance.clinicians.map { ("clinician", $0.id.rawValue, facts.names.label($0.id)) })
        for clinician in facts.instance.clinicians {
            let hours = facts.occupancy.weekHours(clinician.id)
            var limits = [
                clinician.maxHoursPerWeek.map { "weekly limit \($0)" },
                clinician.maxHoursPerDay.map { "daily limit \($0)" },
            ]
            .compactMap { $0 }.joined(separator: ", ")
            if limits.isEmpty { limits = "no hour limits" }
            let trained = clinician.modalities.map(\.rawValue).joined(separator: ", ")
            html += "<article id=\"\(anchor("clinician", clinician.id.rawValue))\">\n"
            html += "<h3>\(isolated(facts.names.label(clinician.id)))</h3>\n"
            html += "<p>\(hours) hours this week (\(escape(limits))); trained in \(escape(trained))</p>\n"
            html += grid(id: nil) { slot in
                facts.groups(at: slot).filter { $0.clinician == clinician.id }.map { group in
                    groupBox(
                        group,
                        ([escape(group.modality.rawValue)] + (group.room.map { [link("room", $0.rawValue)] } ?? [])
                            + ["<span class=\"size\">\(group.size)</span>"]).joined(separator: " "))
                }
            }
            html += "</article>\n"
        }
        return html + "</section>\n"
    }

    private func rooms() -> String {
        guard facts.instance.plansRooms else { return "" }
        var html = "<section class=\"view\" id=\"rooms\">\n<h2>Rooms</h2>\n"
        html += index(facts.instance.rooms.map { ("room", $0.id.rawValue, $0.id.rawValue) })
        for room in facts.instance.rooms {
            let used = facts.occupancy.roomSlots[room.id]?.count ?? 0
            html += "<article id=\"\(anchor("room", room.id.rawValue))\">\n<h3>Room \(escape(room.id.rawValue))</h3>\n"
            html += "<p>capacity \(room.capacity); \(used) of \(facts.availableHours(room)) available hours used</p>\n"
            html += grid(id: nil) { slot in
                facts.groups(at: slot).filter { $0.room == room.id }.map { group in
                    groupBox(
                        group,
                        "\(escape(group.modality.rawValue)) \(link("clinician", group.clinician.rawValue)) <span "
                            + "class=\"size\">\(group.size)</span>")
                }
            }
            html += "</article>\n"
        }
        return html + "</section>\n"
    }

    private func patients() -> String {
        var html = "<section class=\"view\" id=\"patients\">\n<h2>Patients</h2>\n"
        html += index(facts.instance.patients.map { ("patient", $0.id.rawValue, facts.names.label($0.id)) })
        for patient in facts.instance.patients {
            let groups = facts.groups(of: patient.id)
            let hours = facts.occupancy.scheduledHours(patient.id)
            var about = "\(hours) of \(patient.weeklyHours) hours; track \(patient.track.rawValue)"
            if let secondary = patient.secondary { about += ", second choice \(secondary.rawValue)" }
            if facts.hasCohorts { about += "; cohort \(patient.cohort)" }
            html += "<article class=\"patient\" id=\"\(anchor("patient", patient.id.rawValue))\">\n"
            html += "<h3>\(isolated(facts.names.label(patient.id)))</h3>\n<p>\(escape(about))</p>\n"
            if groups.isEmpty {
                html += "<p>No groups this week.</p>\n"
            } else {
                html +=
                    "<table class=\"schedule\"><thead><tr><th>when</th><th>time</th><th>group</th><th>clinician</th>"
                    + (facts.instance.plansRooms ? "<th>room</th>" : "") + "</tr></thead><tbody>\n"
                for group in groups {
                    let slot = group.timeSlot
                    let date = facts.calendar.isoDate(ofDay: slot.day).map { " \($0)" } ?? ""
                    let when = escape("\(slot.sessionDay)\(date) slot \(slot.slot)")
                    let clinician = link(
                        "clinician", group.clinician.rawValue, label: facts.names.label(group.clinician))
                    html +=
                        "<tr><td>\(when)</td><td>\(escape(facts.calendar.rangeText(slot)))</td>"
                        + "<td>\(escape(group.modality.rawValue))</td><td>\(clinician)</td>"
                        + (group.room.map { "<td>\(link("room", $0.rawValue))</td>" } ?? "") + "</tr>\n"
                }
                html += "</tbody></table>\n"
            }
            html += reasons(facts.explanation.reasons(for: patient.id))
            html += "</article>\n"
        }
        return html + "</section>\n"
    }

    private func unmet() -> String {
        let explanation = facts.explanation
        var html = "<section class=\"view\" id=\"unmet\">\n<h2>Unmet hours</h2>\n"
        guard !explanation.patients.isEmpty else {
            return html + "<p>Every patient gets all their prescribed hours.</p>\n</section>\n"
        }
        html += "<p>\(explanation.totalHours) hours unmet for \(explanation.patients.count) patients.</p>\n"
        for patient in explanation.patients {
            let name = link("patient", patient.patient.rawValue, label: facts.names.label(patient.patient))
            html +=
                "<div class=\"unmet\"><h3>\(name): "
                + "\(patient.hours) of \(patient.weeklyHours) hours unmet</h3>\n" + reasons(patient.reasons)
                + "</div>\n"
        }
        if !explanation.suggestions.isEmpty {
            html +=
                "<h3>What would help</h3>\n<ul class=\"suggestions\">\n"
                + explanation.suggestions.map { "<li>\(escape($0.sentence))</li>\n" }.joined() + "</ul>\n"
        }
        return html + "</section>\n"
    }

    // MARK: Pieces

    private func reasons(_ reasons: [UnmetReason]) -> String {
        guard !reasons.isEmpty else { return "" }
        return "<ul class=\"reasons\">\n"
            + reasons.map { "<li data-kind=\"\(escape($0.kind.rawValue))\">\(escape($0.sentence))</li>\n" }.joined()
            + "</ul>\n"
    }

    /// A table of session slots (rows) by days (columns); `cell` gives each cell's pieces of HTML.
    private func grid(id: String?, cell: (TimeSlot) -> [String]) -> String {
        let days = facts.instance.days
        var html = "<table class=\"grid\"\(id.map { " id=\"\($0)\"" } ?? "")><thead><tr><th></th>"
        html += days.map { day in
            let date = facts.calendar.isoDate(ofDay: day).map { "<br><span class=\"date\">\($0)</span>" } ?? ""
            return "<th>\(escape(day))\(date)</th>"
        }.joined()
        html += "</tr></thead><tbody>\n"
        for session in facts.instance.sessions {
            for slot in session.slots {
                let first = TimeSlot(SessionDay(day: days.first ?? "", session: session.id), slot: slot)
                html +=
                    "<tr><th scope=\"row\">\(escape(session.id)) \(slot)<br><span "
                    + "class=\"time\">\(escape(facts.calendar.rangeText(first)))</span></th>"
                for day in days {
                    let timeSlot = TimeSlot(SessionDay(day: day, session: session.id), slot: slot)
                    html +=
                        "<td class=\"cell\" data-slot=\"\(escape("\(day)-\(session.id)-\(slot)"))\">"
                        + cell(timeSlot).joined() + "</td>"
                }
                html += "</tr>\n"
            }
        }
        return html + "</tbody></table>\n"
    }

    private func groupBox(_ group: Group, _ content: String) -> String {
        let shade = (facts.instance.modalities.firstIndex(of: group.modality) ?? 0) % 8
        return "<div class=\"group m\(shade)\" data-modality=\"\(escape(group.modality.rawValue))\">\(content)</div>"
    }

    private func index(_ entries: [(kind: String, id: String, label: String)]) -> String {
        "<p class=\"index\">" + entries.map { link($0.kind, $0.id, label: $0.label) }.joined(separator: " ") + "</p>\n"
    }

    private func link(_ kind: String, _ id: String, label: String? = nil) -> String {
        "<bdi><a href=\"#\(anchor(kind, id))\">\(escape(label ?? id))</a></bdi>"
    }

    private func anchor(_ kind: String, _ id: String) -> String { "\(kind)-\(FileName.safe(id))" }

    private func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// An id or name, escaped and in `<bdi>`: right-to-left text or an override character
    /// (U+202E) in it cannot reorder the page around it.
    private func isolated(_ text: String) -> String { "<bdi>\(escape(text))</bdi>" }

    static let style = """

        :root{color-scheme:light;--line:#c9ced6}
        body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#1d2330}
        h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}h3{font-size:1rem;\
        margin:1rem 0 .3rem}
        .meta{color:#555;margin:.1rem 0}
        nav{margin:1rem 0;padding:.4rem 0;border-bottom:1px solid var(--line)}nav a{margin-right:1rem}
        .view{display:none}.view:target,.view:has(:target){display:block}
        body:not(:has(:target)) #week{display:block}
        table{border-collapse:collapse;margin:.3rem 0}th,td{border:1px solid var(--line);padding:.2rem .4rem;\
        vertical-align:top;text-align:left}
        .grid td{min-width:7rem}.num{text-align:right}.total td{font-weight:600}
        .time,.date{color:#666;font-size:.85em;font-weight:normal}
        .group{border-left:4px solid var(--m);background:#f6f7f9;margin:.1rem 0;padding:0 .3rem;white-space:nowrap}
        .size{color:#555}.size::before{content:"("}.size::after{content:")"}
        .m0{--m:#4e79a7}.m1{--m:#f28e2b}.m2{--m:#59a14f}.m3{--m:#e15759}.m4{--m:#76b7b2}.m5{--m:#edc948}\
        .m6{--m:#b07aa1}.m7{--m:#9c755f}
        .index a{display:inline-block;margin:0 .6rem .2rem 0}
        .reasons li,.suggestions li{margin:.15rem 0}
        @media print{
        body{margin:0;font-size:11px}nav,.index{display:none}
        .view{display:block!important;break-before:page}
        article{break-inside:avoid}a{color:inherit;text-decoration:none}
        .group{background:none}
        }

        """
}
