import RosterKit

/// What is still valid of a previous roster under a (possibly changed) instance.
struct KeptRoster: Sendable {
    /// A valid roster made of the previous one's groups.
    var roster: Roster
    /// Why a patient lost a session-day they attended before.
    var reasons: [PatientSessionDay: String]
    /// Why a patient moved to another group of the same time slot.
    var hourReasons: [PatientHour: String]
    /// Groups that run on with another clinician or in another room (not a patient move).
    var reassignments: [Reassignment]
}

/// Repairs a previous roster against an instance by reassigning clinicians and rooms where
/// needed and dropping what cannot be fixed, until the checker accepts it.
///
/// A group whose clinician or room no longer fits gets another trained, available, free one
/// within their hour limits (another room that holds it), which moves no patient. A patient who
/// must leave a group (it is over its maximum, a separation) moves to another group of the same
/// hour when one can take them, and a group below its minimum takes members of groups of the
/// same hour that are above theirs: one patient-hour moves instead of a cascade.
///
/// Otherwise dropping cascades as the hard rules require: a patient who loses one hour of a
/// session-day loses the whole session-day (full sessions only); a group that stays below its
/// minimum dissolves; a patient over their weekly hours, days or same-modality limit loses
/// session-days.
struct KeptRosterRepair {
    let index: InstanceIndex
    var groups: [Group?]
    private let original: [Group]
    private var reasons: [PatientSessionDay: String] = [:]
    var hourReasons: [PatientHour: String] = [:]
    var changed = false

    init(previous: Roster, index: InstanceIndex) {
        self.index = index
        original = previous.groups
        groups = previous.groups
    }

    var instance: Instance { index.instance }

    mutating func run() -> KeptRoster {
        dropUnplaceableGroups()
        for _ in 0..<200 {
            changed = false
            checkMembers()
            checkPatientWeeks()
            trimOversizedGroups()
            dissolveSmallGroups()
            assignClinicians()
            assignRooms()
            if !changed { break }
        }
        enforceChecker()
        var reassignments: [Reassignment] = []
        for (position, group) in groups.enumerated() {
            guard let group else { continue }
            let before = original[position]
            if before.clinician != group.clinician || before.room != group.room {
                reassignments.append(
                    Reassignment(
                        timeSlot: group.timeSlot, modality: group.modality, previousClinician: before.clinician,
                        clinician: group.clinician, previousRoom: before.room, room: group.room))
            }
        }
        reassignments.sort { index.calendarKey($0.timeSlot) < index.calendarKey($1.timeSlot) }
        let roster = Roster(instanceName: instance.name, groups: groups.compactMap { $0 }).sorted(by: index)
        return KeptRoster(roster: roster, reasons: reasons, hourReasons: hourReasons, reassignments: reassignments)
    }

    // MARK: Dropping

    /// Takes the patient out of every group of the session-day.
    mutating func lose(_ patient: PatientID, _ sessionDay: SessionDay, _ reason: String) {
        let key = PatientSessionDay(patient: patient, sessionDay: sessionDay)
        if reasons[key] == nil { reasons[key] = reason }
        for position in groups.indices where groups[position]?.timeSlot.sessionDay == sessionDay {
            groups[position]!.patients.removeAll { $0 == patient }
        }
        changed = true
    }

    mutating func dissolve(_ position: Int, _ reason: String) {
        guard let group = groups[position] else { return }
        groups[position] = nil
        for patient in group.patients { lose(patient, group.timeSlot.sessionDay, reason) }
        changed = true
    }

    /// Positions of the live groups in calendar order.
    var calendarOrder: [Int] {
        groups.indices.filter { groups[$0] != nil }.sorted { lhs, rhs in
            let left = index.calendarKey(groups[lhs]!.timeSlot)
            let right = index.calendarKey(groups[rhs]!.timeSlot)
            return left != right ? left < right : lhs < rhs
        }
    }

    private mutating func dropUnplaceableGroups() {
        for position in groups.indices {
            guard let group = groups[position], !index.canPlace(group) else { continue }
            let reason =
                instance.modalities.contains(group.modality)
                ? "\(group.timeSlot) is not a time slot of the instance" : "\(group.modality) is not a listed modality"
            dissolve(position, reason)
        }
    }

    // MARK: Patients

    /// Unknown patients, cohorts, availability, double bookings, one session a day, full sessions,
    /// the same-modality limit and separations.
    private mutating func checkMembers() {
        for position in groups.indices {
            guard var group = groups[position] else { continue }
            var seen: Set<PatientID> = []
            let before = group.patients.count
            group.patients.removeAll { patient in
                guard index.patients[patient] != nil else {
                    let key = PatientSessionDay(patient: patient, sessionDay: group.timeSlot.sessionDay)
                    if reasons[key] == nil { reasons[key] = "\(patient) is no longer a patient of the program" }
                    return true
                }
                return !seen.insert(patient).inserted
            }
            if group.patients.count != before {
                groups[position] = group
                changed = true
            }
            for patient in group.patients {
                let record = index.patients[patient]!
                if record.cohort != group.cohort {
                    lose(
                        patient, group.timeSlot.sessionDay,
                        "\(patient) is in cohort \(record.cohort), the group in \(group.cohort)")
                } else if !record.availability.allows(group.timeSlot.sessionDay) {
                    lose(
                        patient, group.timeSlot.sessionDay,
                        "\(patient) is not available at \(group.timeSlot.sessionDay)")
                }
            }
        }
        for (patient, seats) in seatsByPatient() {
            var bySlot: [TimeSlot: Int] = [:]
            for (position, group) in seats {
                if bySlot[group.timeSlot] != nil {
                    groups[position]!.patients.removeAll { $0 == patient }
                    changed = true
                } else {
                    bySlot[group.timeSlot] = position
                }
            }
            let sessionDays = Set(bySlot.keys.map(\.sessionDay)).sorted { sessionKey($0) < sessionKey($1) }
            var dayTaken: Set<String> = []
            for sessionDay in sessionDays {
                let hours = bySlot.keys.count { $0.sessionDay == sessionDay }
                let length = index.sessions[sessionDay.session]?.hours ?? 0
                if !dayTaken.insert(sessionDay.day).inserted {
                    lose(patient, sessionDay, "\(patient) would attend two sessions on \(sessionDay.day)")
                } else if hours != length {
                    lose(
                        patient, sessionDay, "\(patient) would attend \(hours) of the \(length) hours of \(sessionDay)")
                } else {
                    var counts: [Modality: Int] = [:]
                    for (slot, position) in bySlot where slot.sessionDay == sessionDay {
                        counts[groups[position]!.modality, default: 0] += 1
                    }
                    let limit = instance.policy.maxSameModalityPerDay
                    if let (modality, _) = counts.filter({ $0.value > limit }).min(by: { $0.key < $1.key }) {
                        lose(
                            patient, sessionDay,
                            "\(patient) would attend more than \(limit) \(modality) groups on \(sessionDay.day)")
                    }
                }
            }
        }
        for position in groups.indices {
            guard let group = groups[position] else { continue }
            for patient in group.patients.sorted() {
                guard groups[position]?.patients.contains(patient) == true,
                    let other = groups[position]!.patients.sorted().first(where: {
                        $0 < patient && index.mustSeparate($0, patient)
                    })
                else { continue }
                let reason = "\(patient) must not share a group with \(other)"
                if !relocate(patient, from: position, reason) { lose(patient, group.timeSlot.sessionDay, reason) }
            }
        }
    }

    /// Weekly hours and days: the costliest session-days go first (a continuity break, hours
    /// outside the track), later ones before earlier ones.
    private mutating func checkPatientWeeks() {
        for (patient, seats) in seatsByPatient() {
            guard let record = index.patients[patient] else { continue }
            var hours = seats.count
            var sessionDays = Set(seats.map(\.group.timeSlot.sessionDay))
            let previous = record.previous.map(Set.init)
            func cost(_ sessionDay: SessionDay) -> (Int, Int, Int, Int) {
                let breaks = previous.map { $0.contains(sessionDay) ? 0 : 1 } ?? 0
                let offTrack = seats.filter { $0.group.timeSlot.sessionDay == sessionDay }.map {
                    record.preference(for: $0.group.modality).rawValue
                }.reduce(0, +)
                let (day, session) = sessionKey(sessionDay)
                return (breaks, offTrack, day, session)
            }
            while hours > record.weeklyHours || sessionDays.count > record.maxDaysPerWeek ?? Int.max,
                let dropped = sessionDays.max(by: { cost($0) < cost($1) })
            {
                let reason =
                    hours > record.weeklyHours
                    ? "\(patient) is prescribed \(record.weeklyHours) hours a week"
                    : "\(patient) comes at most \(record.maxDaysPerWeek!) days a week"
                hours -= seats.count { $0.group.timeSlot.sessionDay == dropped }
                sessionDays.remove(dropped)
                lose(patient, dropped, reason)
            }
        }
    }

    /// Each patient's groups, in calendar order.
    private func seatsByPatient() -> [(patient: PatientID, seats: [(position: Int, group: Group)])] {
        var result: [PatientID: [(position: Int, group: Group)]] = [:]
        for position in calendarOrder {
            for patient in groups[position]!.patients {
                result[patient, default: []].append((position, groups[position]!))
            }
        }
        return result.keys.sorted().map { ($0, result[$0]!) }
    }

    private func sessionKey(_ sessionDay: SessionDay) -> (Int, Int) {
        (index.dayOrder[sessionDay.day] ?? .max, index.sessionOrder[sessionDay.session] ?? .max)
    }

    // MARK: Group sizes

    private mutating func trimOversizedGroups() {
        for position in calendarOrder {
            let group = groups[position]!
            let upper = instance.policy.sizeRange(for: group.modality).upperBound
            guard group.size > upper else { continue }
            let reason = "\(group.modality) groups now hold at most \(upper) patients"
            for patient in leastSuited(group).prefix(group.size - upper)
            where !relocate(patient, from: position, reason) {
                lose(patient, group.timeSlot.sessionDay, reason)
            }
        }
    }

    private mutating func dissolveSmallGroups() {
        for position in calendarOrder {
            let group = groups[position]!
            let lower = instance.policy.sizeRange(for: group.modality).lowerBound
            guard group.size < lower, !fill(position) else { continue }
            dissolve(position, "the \(group.modality) group at \(group.timeSlot) fell below its minimum of \(lower)")
        }
    }

    /// The group's members, those for whom it is furthest from their track first.
    func leastSuited(_ group: Group) -> [PatientID] {
        group.patients.sorted { lhs, rhs in
            let left = index.patients[lhs]!.preference(for: group.modality)
            let right = index.patients[rhs]!.preference(for: group.modality)
            return left != right ? left > right : lhs > rhs
        }
    }

    // MARK: Safety net

    /// Dissolves whatever the checker still blames (a rule the steps above missed), until it
    /// accepts the roster; the empty roster always passes.
    private mutating func enforceChecker() {
        let checker = RosterChecker(index: index)
        for _ in 0..<50 {
            let positions = groups.indices.filter { groups[$0] != nil }
            let report = checker.check(Roster(instanceName: instance.name, groups: positions.map { groups[$0]! }))
            if report.isValid { return }
            var blamed = Set(report.violations.compactMap(\.groupIndex).map { positions[$0] })
            if blamed.isEmpty { blamed = Set(positions) }
            for position in blamed.sorted() {
                let violation =
                    report.violations.first { $0.groupIndex.map { positions[$0] } == position } ?? report.violations[0]
                dissolve(position, "the group breaks a hard rule (\(violation.rule.rawValue))")
            }
        }
        groups = groups.map { _ in nil }
    }
}
