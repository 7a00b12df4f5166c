/// What every hard rule looks at: the instance, the roster, and the groups that can be placed
/// in the calendar (the others break ``HardRule/groupPlacement`` and are not checked further,
/// as in the shared checker).
struct RosterCheckContext {
    let index: InstanceIndex
    let roster: Roster
    let placed: [(index: Int, group: Group)]
    /// For each placed group, the position in ``Instance/patients`` of each patient it lists
    /// (nil: an id not in the instance): every seat is looked up once, here.
    let seats: [[Int?]]
    /// For each placed group, its time slot's ``InstanceIndex/slotNumber(_:)``.
    let slotNumbers: [Int]
    /// Each known patient's placed groups, in patient order (built once: five rules read it).
    let memberships: [(patient: PatientID, groups: [(index: Int, group: Group)])]

    init(index: InstanceIndex, roster: Roster) {
        self.index = index
        self.roster = roster
        var placed: [(index: Int, group: Group)] = []
        var slotNumbers: [Int] = []
        for (position, group) in roster.groups.enumerated() where index.canPlace(group) {
            placed.append((position, group))
            slotNumbers.append(index.slotNumber(group.timeSlot)!)
        }
        self.placed = placed
        self.slotNumbers = slotNumbers
        seats = placed.map { $0.group.patients.map { index.patientPositions[$0] } }
        var byPosition = [[(index: Int, group: Group)]](repeating: [], count: index.instance.patients.count)
        for (entry, positions) in zip(placed, seats) {
            for case let position? in positions { byPosition[position].append(entry) }
        }
        memberships = byPosition.indices.filter { !byPosition[$0].isEmpty }
            .map { (index.instance.patients[$0].id, byPosition[$0]) }.sorted { $0.patient < $1.patient }
    }

    /// The patient at a position of ``seats``.
    func patient(at position: Int) -> Patient { index.instance.patients[position] }

    var policy: Policy { index.instance.policy }

    func label(_ group: Group) -> String { "\(group.modality) group at \(group.timeSlot)" }
}

/// Added to a message about `name` when it looks like one of `names` (Swift's `==`) but is
/// spelled with other code points, so "unknown day \"Fré\"" does not leave the reader puzzled.
func spellingNote(_ name: String, among names: some Sequence<String>) -> String {
    names.contains { $0 == name && Spelling($0) != Spelling(name) }
        ? " (the same letters, in other Unicode code points)" : ""
}

/// Who (a clinician, room or patient) is booked at which hour, for the double-booking checks.
struct Booking<ID: Hashable>: Hashable {
    let id: ID
    let slot: TimeSlot
}

/// One hard rule of the spec, checked on its own.
protocol HardRuleCheck: Sendable {
    var rule: HardRule { get }
    func violations(in context: RosterCheckContext) -> [Violation]
}

// MARK: Rule 1: groups

struct GroupPlacementCheck: HardRuleCheck {
    let rule = HardRule.groupPlacement
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.roster.groups.enumerated().compactMap { position, group in
            let index = context.index
            let slot = group.timeSlot
            let problem: String? =
                if index.dayOrder[slot.day] == nil {
                    "unknown day \"\(slot.day)\"" + spellingNote(slot.day, among: index.instance.days)
                } else if let session = index.sessions[slot.session] {
                    if !session.slots.contains(slot.slot) {
                        "slot \(slot.slot) is outside session \(session.id) (slots 1-\(session.hours))"
                    } else if !index.modalities.contains(group.modality) {
                        "unknown modality \"\(group.modality)\""
                            + spellingNote(group.modality.rawValue, among: index.instance.modalities.map(\.rawValue))
                    } else {
                        nil
                    }
                } else {
                    "unknown session \"\(slot.session)\""
                        + spellingNote(slot.session, among: index.instance.sessions.map(\.id))
                }
            return problem.map { Violation(rule, group: position, $0) }
        }
    }
}

struct GroupSizeCheck: HardRuleCheck {
    let rule = HardRule.groupSize
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.placed.compactMap { position, group in
            let range = context.policy.sizeRange(for: group.modality)
            guard !range.contains(group.size) else { return nil }
            return Violation(
                rule, group: position,
                "\(context.label(group)) has \(group.size) patients; \(group.modality) groups need "
                    + "\(range.lowerBound) to \(range.upperBound)")
        }
    }
}

struct GroupMembersCheck: HardRuleCheck {
    let rule = HardRule.groupMembers
    func violations(in context: RosterCheckContext) -> [Violation] {
        zip(context.placed, context.seats).flatMap { entry, seats in
            let (position, group) = entry
            var found: [Violation] = []
            let known = seats.compactMap { $0 }
            // Known ids compare by position; only a group listing an unknown id needs the names.
            let twice =
                known.count == seats.count
                ? Set(known).count != known.count : Set(group.patients).count != group.patients.count
            if twice {
                found.append(Violation(rule, group: position, "\(context.label(group)) lists a patient twice"))
            }
            for (entry, (id, seat)) in zip(group.patients, seats).enumerated() where seat == nil {
                // Not quoted but located (`groups[3]: patients[5] ...`): an unknown entry may be a
                // name typed in place of an id.
                let note = spellingNote(id.rawValue, among: context.index.instance.patients.map(\.id.rawValue))
                found.append(
                    Violation(
                        rule, group: position,
                        "patients[\(entry)] of the \(context.label(group)) is not a patient id of the instance\(note)"))
            }
            return found
        }
    }
}

// MARK: Rule 2: cohorts

struct CohortCheck: HardRuleCheck {
    let rule = HardRule.cohort
    func violations(in context: RosterCheckContext) -> [Violation] {
        zip(context.placed, context.seats).flatMap { entry, seats in
            let (position, group) = entry
            return zip(group.patients, seats).compactMap { id, seat -> Violation? in
                guard let seat, case let patient = context.patient(at: seat),
                    Spelling(patient.cohort) != Spelling(group.cohort)
                else { return nil }
                let note = spellingNote(group.cohort, among: [patient.cohort])
                return Violation(
                    rule, group: position,
                    "patient \(id) (cohort \(patient.cohort)) sits in the \(group.cohort) "
                        + "\(context.label(group))\(note)")
            }
        }
    }
}

// MARK: Rule 3: clinicians

struct ClinicianExistsCheck: HardRuleCheck {
    let rule = HardRule.clinicianExists
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.placed.compactMap { position, group in
            context.index.clinicians[group.clinician] == nil
                ? Violation(
                    rule, group: position,
                    "\(context.label(group)) is led by unknown clinician \(group.clinician)"
                        + spellingNote(
                            group.clinician.rawValue, among: context.index.instance.clinicians.map(\.id.rawValue)))
                : nil
        }
    }
}

struct ClinicianTrainedCheck: HardRuleCheck {
    let rule = HardRule.clinicianTrained
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.placed.compactMap { position, group in
            guard context.index.clinicians[group.clinician] != nil,
                !context.index.isTrained(group.clinician, in: group.modality)
            else { return nil }
            return Violation(
                rule, group: position,
                "clinician \(group.clinician) is not trained in \(group.modality) but leads the \(context.label(group))"
            )
        }
    }
}

struct ClinicianAvailableCheck: HardRuleCheck {
    let rule = HardRule.clinicianAvailable
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.placed.compactMap { position, group in
            guard let clinician = context.index.clinicians[group.clinician],
                !clinician.availability.allows(group.timeSlot.sessionDay)
            else { return nil }
            return Violation(
                rule, group: position,
                "clinician \(clinician.id) is not available \(group.timeSlot.sessionDay) but leads the "
                    + "\(context.label(group))")
        }
    }
}

struct ClinicianDoubleBookedCheck: HardRuleCheck {
    let rule = HardRule.clinicianDoubleBooked
    func violations(in context: RosterCheckContext) -> [Violation] {
        var seen: Set<Booking<ClinicianID>> = []
        return context.placed.compactMap { position, group in
            guard context.index.clinicians[group.clinician] != nil else { return nil }
            guard seen.insert(Booking(id: group.clinician, slot: group.timeSlot)).inserted else {
                return Violation(
                    rule, group: position, "clinician \(group.clinician) leads two groups at \(group.timeSlot)")
            }
            return nil
        }
    }
}

struct ClinicianHoursCheck: HardRuleCheck {
    let rule = HardRule.clinicianHours
    func violations(in context: RosterCheckContext) -> [Violation] {
        var weekly: [ClinicianID: Int] = [:]
        var daily: [ClinicianID: [Spelling: Int]] = [:]
        for (_, group) in context.placed where context.index.clinicians[group.clinician] != nil {
            weekly[group.clinician, default: 0] += 1
            daily[group.clinician, default: [:]][Spelling(group.timeSlot.day), default: 0] += 1
        }
        var found: [Violation] = []
        for clinician in context.index.instance.clinicians {
            if let limit = clinician.maxHoursPerWeek, let hours = weekly[clinician.id], hours > limit {
                found.append(
                    Violation(
                        rule, "clinician \(clinician.id) leads \(hours) hours this week, over their limit of \(limit)"))
            }
            guard let limit = clinician.maxHoursPerDay else { continue }
            for day in context.index.instance.days {
                if let hours = daily[clinician.id]?[day], hours > limit {
                    found.append(
                        Violation(
                            rule,
                            "clinician \(clinician.id) leads \(hours) hours on \(day), over their daily limit of "
                                + "\(limit)"))
                }
            }
        }
        return found
    }
}

// MARK: Rule 4: rooms

struct RoomAssignedCheck: HardRuleCheck {
    let rule = HardRule.roomAssigned
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.placed.compactMap { position, group in
            if !context.index.instance.plansRooms {
                return group.room.map {
                    Violation(
                        rule, group: position,
                        "\(context.label(group)) names room \($0), but this instance plans no rooms")
                }
            }
            guard let room = group.room else {
                return Violation(rule, group: position, "\(context.label(group)) has no room")
            }
            guard context.index.rooms[room] == nil else { return nil }
            let note = spellingNote(room.rawValue, among: context.index.instance.rooms.map(\.id.rawValue))
            return Violation(rule, group: position, "\(context.label(group)) is in unknown room \(room)\(note)")
        }
    }
}

struct RoomAvailableCheck: HardRuleCheck {
    let rule = HardRule.roomAvailable
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.placed.compactMap { position, group in
            guard let room = group.room.flatMap({ context.index.rooms[$0] }),
                !room.availability.allows(group.timeSlot.sessionDay)
            else { return nil }
            return Violation(
                rule, group: position,
                "room \(room.id) is not available \(group.timeSlot.sessionDay) but hosts the \(context.label(group))")
        }
    }
}

struct RoomCapacityCheck: HardRuleCheck {
    let rule = HardRule.roomCapacity
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.placed.compactMap { position, group in
            guard let room = group.room.flatMap({ context.index.rooms[$0] }), group.size > room.capacity else {
                return nil
            }
            return Violation(
                rule, group: position,
                "\(group.size) patients of the \(context.label(group)) do not fit room \(room.id) (capacity "
                    + "\(room.capacity))")
        }
    }
}

struct RoomDoubleBookedCheck: HardRuleCheck {
    let rule = HardRule.roomDoubleBooked
    func violations(in context: RosterCheckContext) -> [Violation] {
        var seen: Set<Booking<RoomID>> = []
        return context.placed.compactMap { position, group in
            guard let room = group.room, context.index.rooms[room] != nil else { return nil }
            guard seen.insert(Booking(id: room, slot: group.timeSlot)).inserted else {
                return Violation(rule, group: position, "room \(room) hosts two groups at \(group.timeSlot)")
            }
            return nil
        }
    }
}

// MARK: Rule 5: patients

struct PatientDoubleBookedCheck: HardRuleCheck {
    let rule = HardRule.patientDoubleBooked
    func violations(in context: RosterCheckContext) -> [Violation] {
        // The slots each patient (by position) was seen in so far: a few dozen at most.
        var seen = [[Int]](repeating: [], count: context.index.instance.patients.count)
        var found: [Violation] = []
        for ((position, group), (seats, slot)) in zip(context.placed, zip(context.seats, context.slotNumbers)) {
            for (id, seat) in zip(group.patients, seats) {
                guard let seat else { continue }
                if seen[seat].contains(slot) {
                    found.append(
                        Violation(rule, group: position, "patient \(id) is in two groups at \(group.timeSlot)"))
                } else {
                    seen[seat].append(slot)
                }
            }
        }
        return found
    }
}

struct PatientOneSessionPerDayCheck: HardRuleCheck {
    let rule = HardRule.patientOneSessionPerDay
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.memberships.compactMap { id, groups in
            let sessionDays = Set(groups.map(\.group.timeSlot.sessionDay))
            let days = Set(sessionDays.map { Spelling($0.day) })
            guard days.count != sessionDays.count else { return nil }
            return Violation(rule, "patient \(id) attends two sessions on one day")
        }
    }
}

struct PatientFullSessionsCheck: HardRuleCheck {
    let rule = HardRule.patientFullSessions
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.memberships.flatMap { id, groups in
            let slots = Set(groups.map(\.group.timeSlot))
            return Set(groups.map(\.group.timeSlot.sessionDay)).sorted().flatMap { sessionDay in
                context.index.sessions[sessionDay.session]!.slots.compactMap { slot in
                    slots.contains(TimeSlot(sessionDay, slot: slot))
                        ? nil
                        : Violation(
                            rule, "patient \(id) attends \(sessionDay) but not slot \(slot) (full sessions only)")
                }
            }
        }
    }
}

struct PatientAvailableCheck: HardRuleCheck {
    let rule = HardRule.patientAvailable
    func violations(in context: RosterCheckContext) -> [Violation] {
        zip(context.placed, context.seats).flatMap { entry, seats in
            let (position, group) = entry
            return zip(group.patients, seats).compactMap { id, seat -> Violation? in
                guard let seat, !context.patient(at: seat).availability.allows(group.timeSlot.sessionDay)
                else { return nil }
                return Violation(rule, group: position, "patient \(id) is not available \(group.timeSlot.sessionDay)")
            }
        }
    }
}

struct PatientWeeklyHoursCheck: HardRuleCheck {
    let rule = HardRule.patientWeeklyHours
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.memberships.compactMap { id, groups in
            let hours = Set(groups.map(\.group.timeSlot)).count
            let prescribed = context.index.patients[id]!.weeklyHours
            guard hours > prescribed else { return nil }
            return Violation(rule, "patient \(id) is scheduled \(hours) hours, over their \(prescribed) weekly hours")
        }
    }
}

struct PatientMaxDaysCheck: HardRuleCheck {
    let rule = HardRule.patientMaxDays
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.memberships.compactMap { id, groups in
            guard let limit = context.index.patients[id]!.maxDaysPerWeek else { return nil }
            let days = Set(groups.map { Spelling($0.group.timeSlot.day) }).count
            guard days > limit else { return nil }
            return Violation(rule, "patient \(id) comes \(days) days, over their maximum of \(limit)")
        }
    }
}

struct PatientSameModalityPerDayCheck: HardRuleCheck {
    let rule = HardRule.patientSameModalityPerDay
    func violations(in context: RosterCheckContext) -> [Violation] {
        let limit = context.policy.maxSameModalityPerDay
        return context.memberships.flatMap { id, groups in
            var counts: [[Spelling]: Int] = [:]
            for (_, group) in groups {
                counts[[Spelling(group.timeSlot.day), Spelling(group.modality.rawValue)], default: 0] += 1
            }
            return counts.filter { $0.value > limit }.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map {
                key, count in
                Violation(rule, "patient \(id) has \(count) \(key[1]) groups on \(key[0]), over the limit of \(limit)")
            }
        }
    }
}

// MARK: Rule 6: separations

struct SeparationCheck: HardRuleCheck {
    let rule = HardRule.separation
    func violations(in context: RosterCheckContext) -> [Violation] {
        context.placed.flatMap { position, group in
            var found: [Violation] = []
            // Only patients named in a separation can break one: each member is looked up once,
            // and only those with partners are compared with the members after them.
            for (offset, first) in group.patients.enumerated() {
                guard let partners = context.index.separations[first] else { continue }
                for second in group.patients[(offset + 1)...] where partners.contains(second) {
                    found.append(
                        Violation(
                            rule, group: position,
                            "patients \(first) and \(second) must be separated but share the \(context.label(group))"))
                }
            }
            return found
        }
    }
}
