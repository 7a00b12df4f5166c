import RosterKit

/// Finds single changes (one more clinician, one more room) that would let blocked patients
/// attend a session-day, and how many patient-hours they could place at most.
///
/// A change is suggested for a session-day and cohort only when the patients it would help are
/// blocked by nothing else there, and when they, with the cohort's patients already in groups
/// then, are enough to fill one more group. One new group holds at most the modality's maximum,
/// so that caps the hours.
struct SuggestionFinder {
    let index: InstanceIndex
    let occupancy: RosterOccupancy

    /// Listed helped patients before "and N more".
    static let listedPatients = 5

    func suggestions(from blocked: [BlockedSessionDay]) -> [Suggestion] {
        var keys: [SessionDayCohort] = []
        var entries: [SessionDayCohort: [BlockedSessionDay]] = [:]
        for entry in blocked {
            let key = SessionDayCohort(sessionDay: entry.sessionDay, cohort: entry.cohort)
            if entries[key] == nil { keys.append(key) }
            entries[key, default: []].append(entry)
        }
        var found: [(suggestion: Suggestion, order: Int)] = []
        for (position, key) in keys.enumerated() {
            let here = entries[key]!
            let clinicianOnly = here.filter { $0.blockers.allSatisfy(\.isClinicianShortage) }
            let roomOnly = here.filter { $0.blockers.allSatisfy(\.isRoomShortage) }
            let either = here.filter { $0.blockers.allSatisfy { $0.isClinicianShortage || $0.isRoomShortage } }
            let single = [
                suggestion(.addClinician, helping: clinicianOnly, key: key),
                suggestion(.addRoom, helping: roomOnly, key: key),
            ].compactMap { $0 }
            found += single.map { ($0, position) }
            if either.count > max(clinicianOnly.count, roomOnly.count),
                let both = suggestion(.addClinicianAndRoom, helping: either, key: key),
                both.patientHours > single.map(\.patientHours).max() ?? 0
            {
                found.append((both, position))
            }
        }
        return found.sorted { lhs, rhs in
            lhs.suggestion.patientHours != rhs.suggestion.patientHours
                ? lhs.suggestion.patientHours > rhs.suggestion.patientHours : lhs.order < rhs.order
        }.map(\.suggestion)
    }

    private func suggestion(_ kind: Suggestion.Kind, helping entries: [BlockedSessionDay], key: SessionDayCohort)
        -> Suggestion?
    {
        guard let first = entries.first else { return nil }
        let policy = index.instance.policy
        let modality: Modality? = kind == .addRoom ? nil : mostCommonTrack(entries)
        let ranges = index.instance.modalities.map { policy.sizeRange(for: $0) }
        let smallest = ranges.map(\.lowerBound).min() ?? policy.minGroupSize
        let sizes =
            modality.map { policy.sizeRange(for: $0) } ?? smallest...max(smallest, ranges.map(\.upperBound).max() ?? 0)
        let slot = TimeSlot(key.sessionDay, slot: 1)
        let groups = (occupancy.groupsAt[slot] ?? []).filter { $0.cohort == key.cohort }
        let members = groups.reduce(0) { $0 + $1.size }
        guard entries.count + members >= (groups.count + 1) * sizes.lowerBound else { return nil }
        let placed = min(entries.count, sizes.upperBound)
        let hours = placed * first.hours
        let patients = entries.map(\.patient)
        let cohorts = Set(index.instance.patients.map(\.cohort))
        let room = "one more room (for at least \(max(sizes.lowerBound, min(placed, sizes.upperBound))))"
        let clinician = "one more clinician trained in \(modality?.rawValue ?? "")"
        let change =
            switch kind {
            case .addClinician: "\(clinician), available at \(key.sessionDay),"
            case .addRoom: "\(room), available at \(key.sessionDay),"
            case .addClinicianAndRoom: "\(clinician) and \(room), both available at \(key.sessionDay),"
            }
        let whom = cohorts.count > 1 ? " of \(key.cohort) patients" : ""
        let sentence = "\(change) would place up to \(hours) more patient-hours\(whom) (\(listing(patients)))"
        return Suggestion(
            kind: kind, sessionDay: key.sessionDay, cohort: key.cohort, modality: modality, patientHours: hours,
            patients: patients, sentence: sentence)
    }

    /// The track most of the patients share; ties go to the modality listed first.
    private func mostCommonTrack(_ entries: [BlockedSessionDay]) -> Modality? {
        let counts = Dictionary(entries.map { ($0.track, 1) }, uniquingKeysWith: +)
        return index.instance.modalities.filter { counts[$0] != nil }.max { (counts[$0] ?? 0) < (counts[$1] ?? 0) }
            .flatMap { best in index.instance.modalities.first { counts[$0] == counts[best] } }
    }

    private func listing(_ patients: [PatientID]) -> String {
        let shown = patients.prefix(Self.listedPatients).map(\.rawValue)
        let rest = patients.count - shown.count
        return rest > 0 ? shown.joined(separator: ", ") + " and \(rest) more" : TextLayout.list(shown)
    }
}
