import RosterKit

/// The options for one admission, for the director: text for the terminal, JSON for programs.
///
/// When no option places every prescribed hour, the unmet hours are explained in the same words
/// as a roster's (``UnmetHoursExplainer`` on the best option, or on the roster as it was), with
/// the changes that would make room. Patients are named by id only.
public struct AdmissionReport: Sendable {
    /// The options found.
    public let search: AdmissionSearch
    /// The instance with the patient admitted, indexed.
    public let index: InstanceIndex
    /// Why hours stay unmet (only when no option places them all).
    public let reasons: [UnmetReason]
    /// Changes that would place more of the patient's hours, most hours first.
    public let suggestions: [Suggestion]

    /// `instance` is the instance with the patient admitted; `roster` the roster as it was.
    public init(_ search: AdmissionSearch, instance: Instance, roster: Roster) {
        self.search = search
        index = InstanceIndex(instance)
        if search.fitsFully {
            reasons = []
            suggestions = []
        } else {
            let explained = UnmetHoursExplainer(index: index).explain(search.options.first?.roster ?? roster)
            reasons = explained.reasons(for: search.patient)
            suggestions = explained.suggestions.filter { $0.patients.contains(search.patient) }
        }
    }

    private var weights: Weights { index.instance.policy.weights }

    // MARK: Text

    /// The report for people: each option's session-days, seats, objective change and who moves.
    public var text: String {
        var lines = [
            "Admitting \(TextLayout.isolated(search.patient.rawValue)): \(TextLayout.count(search.weeklyHours, "hour")) a week"
        ]
        if search.options.isEmpty { lines.append("No option places any of the hours.") }
        for (number, option) in search.options.enumerated() {
            lines.append("")
            let who =
                option.moved.isEmpty
                ? "nobody else moves"
                : "\(TextLayout.count(option.moved.count, "other patient")) move: "
                    + "\(option.moved.map { TextLayout.isolated($0.rawValue) }.joined(separator: ", "))"
            lines.append(
                "Option \(number + 1) (\(option.kind.rawValue)): "
                    + "\(option.sessionDays.map(\.description).joined(separator: ", ")); "
                    + "\(option.placedHours) of \(search.weeklyHours) hours; \(who)")
            for seat in option.seats {
                let room = seat.room.map { " in \(TextLayout.isolated($0.rawValue))" } ?? ""
                lines.append(
                    "  \(seat.timeSlot): \(seat.modality) with \(TextLayout.isolated(seat.clinician.rawValue))\(room) "
                        + "(\(seat.size) with the patient)"
                )
            }
            let changes = option.before.changes(to: option.after, weights: weights).filter { $0.count != 0 }
            let terms = changes.map { "\($0.key) \(Self.signed(Double($0.count))) (\(Self.signed($0.points)))" }
            lines.append(
                "  objective: \(terms.isEmpty ? "no term changes" : terms.joined(separator: ", ")); total "
                    + "\(Self.signed(option.totalChange(weights)))")
        }
        if !reasons.isEmpty || !suggestions.isEmpty {
            lines.append("")
            lines.append("Why not every hour fits:")
            lines += reasons.map { "  - \($0.sentence)" }
            if !suggestions.isEmpty {
                lines.append("What would make room:")
                lines += suggestions.map { "  - \($0.sentence)" }
            }
        }
        lines.append("")
        lines.append(
            "searched in \(JSONWriter.format((search.elapsed * 1000).rounded() / 1000)) s"
                + (search.cutShort
                    ? " (the time limit cut short the search of options that move others: more may exist)" : ""))
        return lines.joined(separator: "\n") + "\n"
    }

    private static func signed(_ value: Double) -> String {
        let text = JSONWriter.format(value)
        return value > 0 ? "+" + text : text
    }

    // MARK: JSON

    /// The report as JSON: the patient, whether it fits fully, every option with its seats and
    /// objective change, then the reasons and suggestions.
    public var json: JSONValue {
        let options: [JSONValue] = search.options.map { option in
            var change = JSONObject()
            for term in option.before.changes(to: option.after, weights: weights) {
                change[term.key] = .integer(term.count)
            }
            change["total"] = JSONValue.exactNumber(option.totalChange(weights))
            let seats: [JSONValue] = option.seats.map { seat in
                [
                    "day": .string(seat.timeSlot.day), "session": .string(seat.timeSlot.session),
                    "slot": .integer(seat.timeSlot.slot),
                    "modality": .string(seat.modality.rawValue), "clinician": .string(seat.clinician.rawValue),
                    "room": seat.room.map { .string($0.rawValue) } ?? .null, "size": .integer(seat.size),
                ]
            }
            return [
                "kind": .string(option.kind.rawValue),
                "sessionDays": .array(option.sessionDays.map { .string($0.description) }),
                "hoursPlaced": .integer(option.placedHours), "seats": .array(seats),
                "objectiveChange": .object(change), "objectiveAfter": option.after.json(weights),
                "moved": .array(option.moved.map { .string($0.rawValue) }),
            ]
        }
        return [
            "patient": .string(search.patient.rawValue), "weeklyHours": .integer(search.weeklyHours),
            "fitsFully": .bool(search.fitsFully), "elapsedSeconds": .number(search.elapsed),
            "cutShort": .bool(search.cutShort),
            "objectiveBefore": search.options.first.map { $0.before.json(weights) } ?? .null,
            "options": .array(options), "reasons": .array(reasons.map(\.json)),
            "suggestions": .array(suggestions.map(\.json)),
        ]
    }
}
