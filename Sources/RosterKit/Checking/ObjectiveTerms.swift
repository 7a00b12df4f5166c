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
        evaluate(RosterCheckContext(index: index, roster: roster))
    }

    /// The same, from the seats the checker has looked up once: counts by patient position and
    /// slot number, without hashing names again.
    static func evaluate(_ context: RosterCheckContext) -> ObjectiveTerms {
        let index = context.index
        let patients = index.instance.patients
        var terms = ObjectiveTerms(groups: context.roster.groups.count)
        // Per patient position: the distinct slot numbers, and the distinct session-days (by number).
        var slots = [[Int]](repeating: [], count: patients.count)
        var sessionDays = [[(number: Int, sessionDay: SessionDay)]](repeating: [], count: patients.count)
        for ((_, group), (seats, slot)) in zip(context.placed, zip(context.seats, context.slotNumbers)) {
            let sessionDay = slot / index.sessionDayStride
            for case let seat? in seats {
                if !slots[seat].contains(slot) { slots[seat].append(slot) }
                if !sessionDays[seat].contains(where: { $0.number == sessionDay }) {
                    sessionDays[seat].append((sessionDay, group.timeSlot.sessionDay))
                }
                switch patients[seat].preference(for: group.modality) {
                case .track: break
                case .secondary: terms.secondaryModalityHours += 1
                case .other: terms.otherModalityHours += 1
                }
            }
        }
        for patient in patients {
            // A repeated id shares the first patient's position, as it shares its hours.
            let seat = index.patientPositions[patient.id]!
            terms.unmetHours += max(0, patient.weeklyHours - slots[seat].count)
            if let previous = patient.previous {
                let last = Set(previous)
                terms.continuityBreaks += sessionDays[seat].count { !last.contains($0.sessionDay) }
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
