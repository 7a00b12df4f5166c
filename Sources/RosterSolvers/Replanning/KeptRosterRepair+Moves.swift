import RosterKit

/// Moves within one time slot that save a cascade: a patient who must leave a group joins
/// another group of the same hour; a group below its minimum takes members of groups above theirs.
extension KeptRosterRepair {
    /// Moves the patient from the group at `position` to the best other group of the same time
    /// slot that can take them; false when none can.
    mutating func relocate(_ patient: PatientID, from position: Int, _ reason: String) -> Bool {
        guard let source = groups[position], let record = index.patients[patient] else { return false }
        let target = groups.indices.filter { other in
            guard other != position, let group = groups[other], group.timeSlot == source.timeSlot,
                group.cohort == record.cohort,
                group.size < capacity(of: group)
            else { return false }
            return mayJoin(patient, group, leaving: position)
        }.min { lhs, rhs in
            let left = (record.preference(for: groups[lhs]!.modality), groups[lhs]!.size, lhs)
            let right = (record.preference(for: groups[rhs]!.modality), groups[rhs]!.size, rhs)
            return left < right
        }
        guard let target else { return false }
        move(patient, from: position, to: target, reason)
        return true
    }

    /// Brings the group at `position` up to its minimum with members of groups of the same time
    /// slot that stay at or above theirs; false (and nothing moved) when that is not enough.
    mutating func fill(_ position: Int) -> Bool {
        guard let group = groups[position] else { return false }
        let lower = instance.policy.sizeRange(for: group.modality).lowerBound
        let needed = lower - group.size
        guard needed > 0, group.size + needed <= capacity(of: group) else { return needed <= 0 }
        var offers: [(patient: PatientID, from: Int, rank: (ModalityPreference, Int))] = []
        for donor in groups.indices where donor != position {
            guard let other = groups[donor], other.timeSlot == group.timeSlot, other.cohort == group.cohort,
                other.size > instance.policy.sizeRange(for: other.modality).lowerBound
            else { continue }
            for patient in other.patients where mayJoin(patient, group, leaving: donor) {
                offers.append((patient, donor, (index.patients[patient]!.preference(for: group.modality), -other.size)))
            }
        }
        offers.sort { lhs, rhs in lhs.rank != rhs.rank ? lhs.rank < rhs.rank : lhs.patient < rhs.patient }
        var chosen: [(patient: PatientID, from: Int)] = []
        var spare: [Int: Int] = [:]
        for offer in offers where chosen.count < needed {
            let left =
                spare[offer.from] ?? groups[offer.from]!.size
                - instance.policy.sizeRange(for: groups[offer.from]!.modality).lowerBound
            guard left > 0, !chosen.contains(where: { index.mustSeparate($0.patient, offer.patient) }) else { continue }
            spare[offer.from] = left - 1
            chosen.append((offer.patient, offer.from))
        }
        guard chosen.count == needed else { return false }
        let reason = "moved to keep the \(group.modality) group at \(group.timeSlot) at its minimum of \(lower)"
        for (patient, donor) in chosen { move(patient, from: donor, to: position, reason) }
        return true
    }

    // MARK: Support

    /// The most patients the group may hold: its modality's maximum, and its room's capacity.
    private func capacity(of group: Group) -> Int {
        let upper = instance.policy.sizeRange(for: group.modality).upperBound
        guard instance.plansRooms else { return upper }
        return min(upper, group.room.flatMap { index.rooms[$0]?.capacity } ?? 0)
    }

    /// Whether the patient, leaving the group at `leaving`, may sit in `group`: no one to keep
    /// apart from, and within the same-modality limit of the day.
    private func mayJoin(_ patient: PatientID, _ group: Group, leaving: Int) -> Bool {
        guard !group.patients.contains(patient), !group.patients.contains(where: { index.mustSeparate($0, patient) })
        else { return false }
        let sameDay = groups.indices.filter { $0 != leaving }.compactMap { groups[$0] }.filter { other in
            other.timeSlot.day == group.timeSlot.day && other.modality == group.modality
                && other.patients.contains(patient)
        }
        return sameDay.count + 1 <= instance.policy.maxSameModalityPerDay
    }

    private mutating func move(_ patient: PatientID, from source: Int, to target: Int, _ reason: String) {
        let group = groups[source]!
        hourReasons[PatientHour(patient, in: group)] = reason
        groups[source]!.patients.removeAll { $0 == patient }
        groups[target]!.patients.append(patient)
        changed = true
    }
}
