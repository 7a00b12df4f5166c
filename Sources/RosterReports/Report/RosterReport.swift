import Foundation
import RosterKit

/// The roster in plain words for the program director, readable on an 80-column terminal:
/// how it was solved, the objective in words, the groups of each session-day, each clinician's
/// hours against their limits, room use, and the reasons for every unmet hour.
///
/// Every number comes from `RosterChecker` and ``UnmetHoursExplainer``, so the report says
/// exactly what the checker says. Patient names appear unless the options pseudonymize.
public struct RosterReport: Sendable {
    /// What the report says, computed once.
    public let facts: RosterFacts
    /// Columns the text fits in.
    public let width: Int

    /// A report of `facts` fitted to `width` columns (at least 60).
    public init(_ facts: RosterFacts, width: Int = 80) {
        self.facts = facts
        self.width = max(60, width)
    }

    /// The whole report, one line per line, ending with a newline.
    public var text: String {
        let sections = [
            header(), objective(), groupsBySessionDay(), clinicians(), rooms(), unmet(), instanceWarnings(),
        ]
        return sections.filter { !$0.isEmpty }.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    private var instance: Instance { facts.instance }

    private func wrap(_ text: String, indent: String = "  ", hanging: String? = nil) -> [String] {
        TextLayout.wrap(text, width: width, indent: indent, hangingIndent: hanging ?? indent + "  ")
    }

    // MARK: Sections

    func header() -> [String] {
        var lines = ["ROSTER \(facts.title)"]
        let rooms = instance.plansRooms ? ", \(TextLayout.count(instance.rooms.count, "room"))" : ""
        var shape =
            "\(TextLayout.count(instance.days.count, "day")) x \(TextLayout.count(instance.sessions.count, "session")),"
            + " \(TextLayout.count(instance.patients.count, "patient")), "
            + "\(TextLayout.count(instance.clinicians.count, "clinician"))\(rooms)"
        if let weekOf = instance.weekOf { shape = "week of \(weekOf): " + shape }
        lines += wrap(shape, indent: "")
        lines += wrap(
            facts.check.isValid
                ? "valid: keeps every hard rule"
                : "INVALID: breaks \(TextLayout.count(facts.check.violations.count, "hard rule violation")) "
                    + "(run `iop-planner check`)",
            indent: "")
        if let outcome = facts.outcome {
            var solved =
                "solved by \(outcome.solver): \(outcome.status.rawValue) in "
                + "\(String(format: "%.1f", outcome.elapsed)) s of search"
            if let gap = facts.gap { solved += ", " + gap.brief }
            lines += wrap(solved, indent: "")
            lines += wrap(facts.gap?.sentence ?? OptimalityGap.unproven, indent: "  ")
            if !outcome.detail.isEmpty { lines += wrap(outcome.detail, indent: "  ") }
            for note in outcome.notes { lines += wrap("note: \(note)", indent: "  ") }
        }
        return lines
    }

    func objective() -> [String] {
        let summary = facts.summary
        var lines = ["OBJECTIVE total \(JSONWriter.format(summary.total)) (lower is better)"]
        let arithmetic = summary.arithmetic
        let right = max(18, (arithmetic.map(\.count).max() ?? 0) + 2)
        for (line, sum) in zip(summary.lines, arithmetic) {
            var text = TextLayout.wrap(line.sentence, width: width - right, indent: "  ", hangingIndent: "    ")
            text[0] = TextLayout.column(text[0], width - right) + TextLayout.right(sum, right)
            lines += text
        }
        lines += wrap(summary.trackShareSentence)
        return lines
    }

    func groupsBySessionDay() -> [String] {
        var lines = [
            "GROUPS by session-day and hour",
            "  each group: modality clinician\(instance.plansRooms ? " room" : "")"
                + " (patients\(facts.hasCohorts ? ", cohort when not adult" : ""))",
        ]
        for sessionDay in instance.sessionDays {
            guard let session = instance.session(sessionDay.session) else { continue }
            let slots = session.slots.map { TimeSlot(sessionDay, slot: $0) }
            let groups = slots.map(facts.groups(at:))
            guard groups.contains(where: { !$0.isEmpty }) else { continue }
            lines.append("\(sessionDay) \(facts.calendar.rangeText(sessionDay, hours: session.hours))")
            for (slot, slotGroups) in zip(slots, groups) {
                let lead = "  \(slot.slot) \(facts.calendar.startText(slot)) "
                let items = slotGroups.isEmpty ? ["no groups"] : slotGroups.map(cell)
                var flowed = TextLayout.flow(items, width: width, indent: String(repeating: " ", count: lead.count))
                flowed[0] = lead + flowed[0].dropFirst(lead.count)
                lines += flowed
            }
        }
        if lines.count == 2 { lines.append("  no groups") }
        return lines
    }

    private func cell(_ group: Group) -> String {
        let room = group.room.map { " \($0)" } ?? ""
        let cohort = group.cohort == Patient.defaultCohort ? "" : " \(group.cohort)"
        return "\(group.modality) \(group.clinician)\(room) (\(group.size)\(cohort))"
    }

    func clinicians() -> [String] {
        let days = instance.days
        let dayWidth = min(5, max(3, days.map(\.count).max() ?? 3)) + 1
        let weekWidth = 8
        let nameWidth = max(12, width - 2 - weekWidth - dayWidth * days.count - 10)
        var lines = [
            TextLayout.column("CLINICIANS", nameWidth + 2) + TextLayout.right("week", weekWidth)
                + days.map { TextLayout.right(String($0.prefix(dayWidth - 1)), dayWidth) }.joined()
                + TextLayout.right("max/day", 10)
        ]
        for clinician in instance.clinicians {
            let week = facts.occupancy.weekHours(clinician.id)
            let limit = clinician.maxHoursPerWeek.map(String.init) ?? "-"
            let perDay = days.map { day in
                let hours = facts.occupancy.dayHours(clinician.id, day: day)
                let available = instance.sessions.contains {
                    clinician.availability.allows(SessionDay(day: day, session: $0.id))
                }
                return TextLayout.right(hours > 0 ? "\(hours)" : available ? "0" : "-", dayWidth)
            }
            lines.append(
                "  " + TextLayout.column(facts.names.label(clinician.id), nameWidth, isolating: true)
                    + TextLayout.right("\(week)/\(limit)", weekWidth)
                    + perDay.joined() + TextLayout.right(clinician.maxHoursPerDay.map(String.init) ?? "-", 10))
        }
        lines.append("  week: hours led / weekly limit; per day: hours led, - when not available")
        return lines
    }

    func rooms() -> [String] {
        guard instance.plansRooms else { return [] }
        var lines = ["ROOMS" + String(repeating: " ", count: 11) + "capacity   hours used / available"]
        for room in instance.rooms {
            let used = facts.occupancy.roomSlots[room.id]?.count ?? 0
            let available = facts.availableHours(room)
            let share = available > 0 ? " (\(used * 100 / available)%)" : ""
            lines.append(
                "  " + TextLayout.column(room.id.rawValue, 14) + TextLayout.right("\(room.capacity)", 8)
                    + "   \(used) / \(available)\(share)")
        }
        return lines
    }

    func unmet() -> [String] {
        let explanation = facts.explanation
        guard !explanation.patients.isEmpty else { return [] }
        var lines = [
            "UNMET HOURS \(TextLayout.count(explanation.totalHours, "hour")) for "
                + "\(TextLayout.count(explanation.patients.count, "patient"))"
        ]
        for patient in explanation.patients {
            lines += wrap(
                "\(TextLayout.isolated(facts.names.label(patient.patient))): \(patient.hours) of "
                    + "\(patient.weeklyHours) hours unmet")
            for reason in patient.reasons { lines += wrap("- \(reason.sentence)", indent: "    ", hanging: "      ") }
        }
        if !explanation.suggestions.isEmpty {
            lines.append("")
            lines.append("WHAT WOULD HELP")
            for suggestion in explanation.suggestions {
                lines += wrap("- \(suggestion.sentence)", indent: "  ", hanging: "    ")
            }
        }
        return lines
    }

    /// Warnings about the instance as a whole (patients' own limits are already in the unmet hours).
    func instanceWarnings() -> [String] {
        let warnings = PreCheck(instance).warnings().filter { $0.kind != .impossibleHours }
        guard !warnings.isEmpty else { return [] }
        return ["INSTANCE WARNINGS"] + warnings.flatMap { wrap("- \($0.sentence)", indent: "  ", hanging: "    ") }
    }
}
