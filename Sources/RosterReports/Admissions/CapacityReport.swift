import RosterKit

/// The week's capacity in words and JSON: how many more typical patients fit, what binds first
/// (the unmet-hour reasons of the first number that does not fit, most common first), and how
/// full seats, clinicians and rooms are now.
public struct CapacityReport: Sendable {
    /// What binds one limit: the most common reason kind, its sentences, and the changes that would help.
    public struct Binding: Sendable {
        /// The reason kind met most often among the admitted patients' unmet hours.
        public var kind: UnmetReason.Kind
        /// Up to three distinct sentences of that kind.
        public var sentences: [String]
        /// Up to three changes that would help the admitted patients.
        public var suggestions: [Suggestion]
    }

    /// A resource's use in the roster: used of available units.
    public struct Use: Sendable {
        /// What is used, in words (`clinician hours`).
        public var resource: String
        /// Units in use in the roster.
        public var used: Int
        /// Units the week offers.
        public var available: Int
        /// `used` over `available` (0...1 unless over-used); 0 when nothing is available.
        public var share: Double { available > 0 ? Double(used) / Double(available) : 0 }
    }

    /// The estimate reported.
    public let estimate: CapacityEstimate
    /// What binds each profile's limit, in the order of the estimate's profiles; `nil` when it did not bind.
    public let bindings: [Binding?]
    /// What binds the census mix's limit, or `nil` when it did not bind.
    public let mixBinding: Binding?
    /// Seats, clinician hours and (when planned) room hours used by the roster as it is.
    public let uses: [Use]

    /// Explains `estimate` for the week `instance` and its `roster`.
    public init(_ estimate: CapacityEstimate, instance: Instance, roster: Roster) {
        self.estimate = estimate
        bindings = estimate.byProfile.map { Self.binding(of: $0) }
        mixBinding = Self.binding(of: estimate.mix)
        uses = Self.uses(instance: instance, roster: roster)
    }

    private static func binding(of limit: CapacityLimit) -> Binding? {
        guard let failure = limit.failure else { return nil }
        let explanation = UnmetHoursExplainer(failure.instance).explain(failure.roster)
        let admitted = Set(failure.admitted)
        let reasons = explanation.patients.filter { admitted.contains($0.patient) }.flatMap(\.reasons)
        var counts: [UnmetReason.Kind: Int] = [:]
        for reason in reasons { counts[reason.kind, default: 0] += 1 }
        let order = UnmetReason.Kind.allCases
        guard
            let kind = counts.max(by: {
                ($0.value, order.firstIndex(of: $1.key)!) < ($1.value, order.firstIndex(of: $0.key)!)
            })?.key
        else { return nil }
        var sentences: [String] = []
        for reason in reasons where reason.kind == kind && !sentences.contains(reason.sentence) {
            sentences.append(reason.sentence)
        }
        let suggestions = explanation.suggestions.filter { !admitted.isDisjoint(with: $0.patients) }
        return Binding(kind: kind, sentences: Array(sentences.prefix(3)), suggestions: Array(suggestions.prefix(3)))
    }

    private static func uses(instance: Instance, roster: Roster) -> [Use] {
        let index = InstanceIndex(instance)
        var seats = 0
        var seatsOffered = 0
        for group in roster.groups {
            seats += group.size
            let limit = instance.policy.sizeRange(for: group.modality).upperBound
            seatsOffered += group.room.flatMap { index.rooms[$0]?.capacity }.map { min($0, limit) } ?? limit
        }
        let capacity = WeekCapacity(instance)
        var uses = [
            Use(resource: "seats in the groups running", used: seats, available: seatsOffered),
            Use(resource: "clinician hours", used: roster.groups.count, available: capacity.groupHours),
        ]
        if instance.plansRooms {
            uses.append(Use(resource: "room hours", used: roster.groups.count, available: capacity.roomHours))
        }
        return uses
    }

    private func amount(_ limit: CapacityLimit) -> String {
        limit.failure == nil && limit.admissions >= estimate.ceiling
            ? "at least \(limit.admissions)" : "\(limit.admissions)"
    }

    // MARK: Text

    /// The report for people: each limit with what binds it, then how full the week is.
    public var text: String {
        var lines = ["More typical patients this week can take with every hour placed:"]
        func describe(_ label: String, _ limit: CapacityLimit, _ binding: Binding?) {
            lines.append("  \(label): \(amount(limit))")
            if let binding {
                lines.append("    binds first (\(binding.kind.rawValue)): \(binding.sentences.first ?? "")")
                for suggestion in binding.suggestions { lines.append("    would help: \(suggestion.sentence)") }
            }
        }
        describe("the census mix", estimate.mix, mixBinding)
        for (profile, (limit, binding)) in zip(estimate.profiles, zip(estimate.byProfile, bindings)) {
            describe(
                "\(TextLayout.isolated(profile.label)) only (\(profile.patient.weeklyHours) h a week; \(profile.census) in the census)",
                limit, binding)
        }
        lines.append("")
        lines.append("In use now:")
        for use in uses {
            lines.append("  \(use.resource): \(use.used) of \(use.available) (\(Int((use.share * 100).rounded()))%)")
        }
        lines.append("")
        lines.append(
            "estimated in \(JSONWriter.format((estimate.elapsed * 10).rounded() / 10)) s (up to "
                + "\(estimate.ceiling) admissions tried)")
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: JSON

    /// The report as JSON: each limit (`atLeast` when no number up to the ceiling failed), what binds it, and the uses.
    public var json: JSONValue {
        func limit(_ limit: CapacityLimit, _ binding: Binding?) -> JSONValue {
            [
                "admissions": .integer(limit.admissions), "atLeast": .bool(limit.failure == nil),
                "binding": binding.map { binding in
                    [
                        "kind": .string(binding.kind.rawValue),
                        "sentences": .array(binding.sentences.map { .string($0) }),
                        "suggestions": .array(binding.suggestions.map(\.json)),
                    ] as JSONValue
                } ?? .null,
            ]
        }
        let profiles: [JSONValue] = zip(estimate.profiles, zip(estimate.byProfile, bindings)).map { profile, pair in
            [
                "cohort": .string(profile.cohort), "track": .string(profile.track.rawValue),
                "census": .integer(profile.census),
                "weeklyHours": .integer(profile.patient.weeklyHours), "limit": limit(pair.0, pair.1),
            ]
        }
        let uses: [JSONValue] = uses.map {
            ["resource": .string($0.resource), "used": .integer($0.used), "available": .integer($0.available)]
        }
        return [
            "mix": limit(estimate.mix, mixBinding), "profiles": .array(profiles), "inUse": .array(uses),
            "ceiling": .integer(estimate.ceiling), "elapsedSeconds": .number(estimate.elapsed),
        ]
    }
}
