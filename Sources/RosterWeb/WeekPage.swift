import Foundation
import RosterKit
import RosterReports

/// The week's roster: a grid of session-days by hour whose groups open to their members, the
/// solver's status, the objective terms, and the unmet hours with their reasons and fixes.
struct WeekPage {
    let week: String
    let weeks: [WeekInfo]
    let stored: StoredRoster?
    let facts: RosterFacts
    /// A clinician sees only the groups they lead; `nil` shows every group.
    let onlyClinician: ClinicianID?
    /// An edit's outcome, under the heading.
    var result: HTML? = nil
    /// The edit forms, under the grid (directors, unpublished weeks).
    var editing: HTML? = nil
    /// The pins that hold in the roster (directors, unpublished weeks): the grid marks them.
    var pins: [WeekPin] = []

    /// The parts that depend only on the week's revision and who looks (the cache keeps them).
    struct Parts: Sendable {
        let heading: HTML
        let grid: HTML
        let objective: HTML
        let unmet: HTML
    }

    /// The revision-bound parts, drawn now.
    var parts: Parts { Parts(heading: heading, grid: grid, objective: objective, unmet: unmet) }

    /// The page with `parts` drawn before (by default now), the edit's result, the picker and
    /// the edit forms of this request.
    func html(_ parts: Parts? = nil) -> HTML {
        let parts = parts ?? self.parts
        return HTML.joined([
            parts.heading, result ?? .empty, picker, parts.grid, editing ?? .empty, parts.objective, parts.unmet,
        ])
    }

    /// Each group's position in the stored roster: the number edits name it by.
    private var numbers: [Group: Int] {
        Dictionary((stored?.roster.groups ?? []).enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private var heading: HTML {
        HTML.element(.header) {
            HTML.element(.h1) { "Week of \(week)" }
            if let stored {
                HTML.element(.p, [.class("meta"), .id("status")]) { statusLine(stored) }
            } else {
                HTML.element(.p, [.class("notice")]) {
                    "This week has no roster yet. "
                    HTML.element(.a, [.href("/plan?week=\(week)")]) { "Plan it" }
                }
            }
        }
    }

    /// Revision, solver and status, objective, bound and gap, validity, published or draft.
    private func statusLine(_ stored: StoredRoster) -> String {
        let made = stored.solver == "edit" ? "edited by hand" : "\(stored.solver): \(stored.status)"
        var parts = ["revision \(stored.revision)", made, "objective \(JSONWriter.format(facts.check.total))"]
        if let bound = stored.bound {
            parts.append(
                OptimalityGap(total: facts.check.total, bound: bound, weights: facts.instance.policy.weights).brief)
        }
        parts.append(
            facts.check.isValid ? "keeps every hard rule" : "breaks \(facts.check.violations.count) hard rules")
        parts.append(stored.published ? "published" : "draft, not published")
        return parts.joined(separator: " · ")
    }

    private var picker: HTML {
        HTML.element(.form, [.method("get"), .action("/"), .class("picker")]) {
            HTML.element(.label, [.for("week")]) { "Week" }
            HTML.element(.select, [.name("week"), .id("week")]) {
                for info in weeks {
                    HTML.element(.option, [.value(info.id)] + (info.id == week ? [.selected] : [])) {
                        info.id + (info.published ? " (published)" : info.hasRoster ? " (draft)" : " (not planned)")
                    }
                }
            }
            HTML.element(.button, [.type("submit"), .class("secondary")]) { "Show" }
        }
    }

    private var grid: HTML {
        let days = facts.instance.days
        return HTML.element(.section, [.id("grid")]) {
            HTML.element(.h2) { "Groups" }
            if onlyClinician != nil { HTML.element(.p, [.class("meta")]) { "Only the groups you lead are shown." } }
            HTML.element(.table, [.class("grid")]) {
                HTML.element(.thead) {
                    HTML.element(.tr) {
                        HTML.element(.th) {}
                        for day in days {
                            HTML.element(.th, [.scope("col")]) {
                                day
                                if let date = facts.isoDate(ofDay: day) {
                                    HTML.element(.br)
                                    HTML.element(.span, [.class("date")]) { date }
                                }
                            }
                        }
                    }
                }
                HTML.element(.tbody) {
                    for session in facts.instance.sessions {
                        for slot in session.slots {
                            HTML.element(.tr) {
                                HTML.element(.th, [.scope("row")]) {
                                    "\(session.id) \(slot)"
                                    HTML.element(.br)
                                    HTML.element(.span, [.class("time")]) {
                                        facts.clockRange(
                                            TimeSlot(SessionDay(day: days.first ?? "", session: session.id), slot: slot)
                                        )
                                    }
                                }
                                for day in days {
                                    HTML.element(.td, [.data("slot", "\(day)-\(session.id)-\(slot)")]) {
                                        for group in visible(
                                            facts.groups(
                                                at: TimeSlot(SessionDay(day: day, session: session.id), slot: slot)))
                                        {
                                            box(group, number: numbers[group])
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private func visible(_ groups: [Group]) -> [Group] {
        guard let onlyClinician else { return groups }
        return groups.filter { $0.clinician == onlyClinician }
    }

    /// One group: modality, clinician, room and size, and a pin mark when it or some of its
    /// members are pinned; opening it lists the members, each pinned one marked.
    private func box(_ group: Group, number: Int?) -> HTML {
        let shade = (facts.instance.modalities.firstIndex(of: group.modality) ?? 0) % 8
        let groupPin = pins.first { pin in
            pin.kind == .group && !pin.seats.isEmpty && pin.seats.isSubset(of: WeekPin.seats(of: [group]))
        }
        let patientPins = pins.filter { $0.kind == .patient }
        func patientPin(_ patient: PatientID) -> WeekPin? {
            var alone = group
            alone.patients = [patient]
            let seats = WeekPin.held(in: Roster(groups: [alone]))
            return patientPins.first { !$0.seats.isDisjoint(with: seats) }
        }
        let pinnedMembers = group.patients.compactMap { patient in patientPin(patient).map { (patient, $0) } }
        let memberPins = Dictionary(pinnedMembers, uniquingKeysWith: { first, _ in first })
        return HTML.element(
            .details,
            [.class("group m\(shade)"), .data("modality", group.modality.rawValue)]
                + (groupPin != nil || !pinnedMembers.isEmpty
                    ? [.data("pinned", groupPin != nil ? "group" : "patients")]
                    : [])
        ) {
            HTML.element(.summary) {
                if let number { HTML.element(.span, [.class("number")]) { "#\(number) " } }
                HTML.element(.strong) { group.modality.rawValue }
                " "
                HTML.element(.span, [.class("who-leads")]) { facts.names.label(group.clinician) }
                if let room = group.room { " · room \(room.rawValue)" }
                " "
                HTML.element(.span, [.class("size")]) { "(\(group.size))" }
                if let groupPin {
                    Self.pinMark(
                        "pinned", pin: groupPin,
                        label: "Pinned group: re-planning keeps its clinician, room and members (unpin under Pins)")
                } else if let first = pinnedMembers.first {
                    Self.pinMark(
                        "\(pinnedMembers.count) pinned", pin: first.1,
                        label: pinnedMembers.count == 1
                            ? "1 pinned patient in this group (unpin under Pins)"
                            : "\(pinnedMembers.count) pinned patients in this group (unpin under Pins)")
                }
            }
            HTML.element(.ul, [.class("members")]) {
                for patient in group.patients {
                    HTML.element(.li) {
                        facts.names.label(patient)
                        if let pin = memberPins[patient] {
                            Self.pinMark(
                                "pinned", pin: pin,
                                label: "\(facts.names.label(patient)) is pinned at this hour (unpin under Pins)")
                        }
                    }
                }
            }
        }
    }

    /// A pin mark: a badge saying `text`, with `label` as its title and accessible name, that
    /// leads to the pin's line under Pins (where its Unpin button is).
    static func pinMark(_ text: String, pin: WeekPin, label: String) -> HTML {
        HTML.element(
            .a, [.class("pin"), .href("#pin-\(pin.id)"), .custom("title", label), .custom("aria-label", label)]
        ) { text }
    }

    private var objective: HTML {
        let summary = facts.summary
        return HTML.element(.section, [.id("objective")]) {
            HTML.element(.h2) { "Objective" }
            HTML.element(.table) {
                HTML.element(.thead) {
                    HTML.element(.tr) {
                        for title in ["term", "count", "weight", "points"] { HTML.element(.th) { title } }
                    }
                }
                HTML.element(.tbody) {
                    for line in summary.lines {
                        HTML.element(.tr) {
                            HTML.element(.td) { line.sentence }
                            HTML.element(.td, [.class("num")]) { line.count }
                            HTML.element(.td, [.class("num")]) { JSONWriter.format(line.weight) }
                            HTML.element(.td, [.class("num")]) { JSONWriter.format(line.points) }
                        }
                    }
                    HTML.element(.tr, [.class("total")]) {
                        HTML.element(.td) { "total (lower is better)" }
                        HTML.element(.td) {}
                        HTML.element(.td) {}
                        HTML.element(.td, [.class("num")]) { JSONWriter.format(summary.total) }
                    }
                }
            }
            HTML.element(.p) { summary.trackShareSentence }
        }
    }

    private var unmet: HTML {
        let explanation = facts.explanation
        let patients = explanation.patients.filter { unmet in
            onlyClinician == nil || facts.groups(of: unmet.patient).contains { $0.clinician == onlyClinician }
        }
        return HTML.element(.section, [.id("unmet")]) {
            HTML.element(.h2) { "Unmet hours" }
            if explanation.patients.isEmpty {
                HTML.element(.p) { "Every patient gets all their prescribed hours." }
            } else {
                HTML.element(.p) { "\(explanation.totalHours) hours unmet for \(explanation.patients.count) patients." }
                for patient in patients {
                    HTML.element(.h3) {
                        "\(facts.names.label(patient.patient)): \(patient.hours) of \(patient.weeklyHours) hours unmet"
                    }
                    HTML.element(.ul, [.class("reasons")]) {
                        for reason in patient.reasons { HTML.element(.li) { reason.sentence } }
                    }
                }
                if !explanation.suggestions.isEmpty, onlyClinician == nil {
                    HTML.element(.h3) { "What would help" }
                    HTML.element(.ul, [.class("suggestions")]) {
                        for suggestion in explanation.suggestions { HTML.element(.li) { suggestion.sentence } }
                    }
                }
            }
        }
    }
}
