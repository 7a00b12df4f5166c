/// The counts the objective weighs (see "Objective" in the spec). Lower is better.
public struct ObjectiveTerms: Hashable, Sendable {
    /// Sum over patients of weekly hours not scheduled.
    public var unmetHours = 0
    /// Patient-hours in a group of neither the track nor the secondary modality.
    public var otherModalityHours = 0
    /// Patient-hours in the patient's secondary modality.
    public var secondaryModalityHours = 0
    /// Groups run (clinician-hours).
    public var groups = 0
    /// Attended session-days not attended last week, over patients with `previous`.
    public var continuityBreaks = 0

    /// Builds counts; every count defaults to zero.
    public init(
        unmetHours: Int = 0, otherModalityHours: Int = 0, secondaryModalityHours: Int = 0, groups: Int = 0,
        continuityBreaks: Int = 0
    ) {
        self.unmetHours = unmetHours
        self.otherModalityHours = otherModalityHours
        self.secondaryModalityHours = secondaryModalityHours
        self.groups = groups
        self.continuityBreaks = continuityBreaks
    }

    /// `sum(weight x count)`.
    public func total(_ weights: Weights) -> Double {
        weights.unmetHour * Double(unmetHours) + weights.otherModalityHour * Double(otherModalityHours)
            + weights.secondaryModalityHour * Double(secondaryModalityHours) + weights.group * Double(groups)
            + weights.continuityBreak * Double(continuityBreaks)
    }

    /// The terms as written in roster files and by the shared checker, with the total.
    public func json(_ weights: Weights) -> JSONValue {
        [
            "unmetHours": .integer(unmetHours), "otherModalityHours": .integer(otherModalityHours),
            "secondaryModalityHours": .integer(secondaryModalityHours), "groups": .integer(groups),
            "continuityBreaks": .integer(continuityBreaks), "total": JSONValue.exactNumber(total(weights)),
        ]
    }

    /// Scores a roster. Groups the checker cannot place (unknown day, session, slot or modality)
    /// count as groups but give no patient-hours, as in the shared checker.
    public static func evaluate(_ roster: Roster, index: InstanceIndex) -> ObjectiveTerms {
        var terms = ObjectiveTerms(groups: roster.groups.count)
        var hours: [PatientID: Set<TimeSlot>] = [:]
        var sessionDays: [PatientID: Set<SessionDay>] = [:]
        for group in roster.groups where index.canPlace(group) {
            for id in group.patients {
                guard let patient = index.patients[id] else { continue }
                hours[id, default: []].insert(group.timeSlot)
                sessionDays[id, default: []].insert(group.timeSlot.sessionDay)
                switch patient.preference(for: group.modality) {
                case .track: break
                case .secondary: terms.secondaryModalityHours += 1
                case .other: terms.otherModalityHours += 1
                }
            }
        }
        for patient in index.instance.patients {
            terms.unmetHours += max(0, patient.weeklyHours - (hours[patient.id]?.count ?? 0))
            if let previous = patient.previous {
                let last = Set(previous)
                terms.continuityBreaks += sessionDays[patient.id, default: []].count { !last.contains($0) }
            }
        }
        return terms
    }
}

extension InstanceIndex {
    /// Whether the group names a listed day, session, slot within the session, and modality.
    public func canPlace(_ group: Group) -> Bool {
        guard dayOrder[group.timeSlot.day] != nil, let session = sessions[group.timeSlot.session] else { return false }
        return session.slots.contains(group.timeSlot.slot) && modalities.contains(group.modality)
    }
}

extension JSONValue {
    /// A number as a whole number when it is one, so totals read `1234`, not `1234.0`.
    public static func exactNumber(_ value: Double) -> JSONValue {
        value == value.rounded() && abs(value) < 1e15 ? .integer(Int(value)) : .number(value)
    }
}

extension ObjectiveTerms {
    /// One term's change between two rosters: its key as in roster files, the change of its count
    /// and of its points.
    public struct Change: Hashable, Sendable {
        /// The term's key in roster files (`unmetHours`).
        public var key: String
        /// `after` minus before (negative is fewer).
        public var count: Int
        /// The change of the term's points: `count` times its weight.
        public var points: Double
    }

    /// Term by term, how `after` differs from these counts, in the spec's order.
    public func changes(to after: ObjectiveTerms, weights: Weights) -> [Change] {
        let rows: [(String, Int, Int, Double)] = [
            ("unmetHours", unmetHours, after.unmetHours, weights.unmetHour),
            ("otherModalityHours", otherModalityHours, after.otherModalityHours, weights.otherModalityHour),
            (
                "secondaryModalityHours", secondaryModalityHours, after.secondaryModalityHours,
                weights.secondaryModalityHour
            ),
            ("groups", groups, after.groups, weights.group),
            ("continuityBreaks", continuityBreaks, after.continuityBreaks, weights.continuityBreak),
        ]
        return rows.map { key, was, now, weight in
            Change(key: key, count: now - was, points: weight * Double(now - was))
        }
    }
}
