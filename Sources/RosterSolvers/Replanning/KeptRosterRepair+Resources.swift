import RosterKit

/// Clinicians and rooms of the kept groups: kept where they still fit, matched per time slot otherwise.
extension KeptRosterRepair {
    // MARK: Clinicians

    /// Keeps each group's clinician where they still fit; the other groups of each time slot get
    /// clinicians by a maximum matching (those already working that session-day, then the least
    /// versatile, first), and a group left without one dissolves.
    mutating func assignClinicians() {
        var load = ClinicianLoad()
        let needs = needsBySlot {
            unfit($0.clinician, for: $0, load: load)
        } keeping: {
            load.book($0.clinician, at: $0.timeSlot)
        }
        for slotNeeds in needs {
            let working = Set(
                groups.compactMap { $0 }.filter {
                    $0.timeSlot.sessionDay == groups[slotNeeds[0].position]!.timeSlot.sessionDay
                }.map(\.clinician))
            let candidates = slotNeeds.map { need in
                let group = groups[need.position]!
                return instance.clinicians.indices.filter {
                    unfit(instance.clinicians[$0].id, for: group, load: load) == nil
                }
                .sorted { lhs, rhs in
                    let left = (
                        working.contains(instance.clinicians[lhs].id) ? 0 : 1,
                        instance.clinicians[lhs].modalities.count, lhs
                    )
                    let right = (
                        working.contains(instance.clinicians[rhs].id) ? 0 : 1,
                        instance.clinicians[rhs].modalities.count, rhs
                    )
                    return left < right
                }
            }
            for (need, chosen) in zip(slotNeeds, Self.maximumMatching(candidates)) {
                let group = groups[need.position]!
                guard let chosen else {
                    dissolve(
                        need.position,
                        "\(need.reason), and no other \(group.modality) clinician is free at \(group.timeSlot)")
                    continue
                }
                groups[need.position]!.clinician = instance.clinicians[chosen].id
                load.book(instance.clinicians[chosen].id, at: group.timeSlot)
                changed = true
            }
        }
    }

    /// The groups whose clinician or room does not fit (`unfit` says why), in calendar order and
    /// grouped by time slot; each group that keeps its own is booked by `keep` before the next is judged.
    private func needsBySlot(
        _ unfit: (Group) -> String?, keeping keep: (Group) -> Void
    ) -> [[(position: Int, reason: String)]] {
        var needy: [(position: Int, reason: String)] = []
        for position in calendarOrder {
            let group = groups[position]!
            if let reason = unfit(group) {
                needy.append((position, reason))
            } else {
                keep(group)
            }
        }
        return Self.bySlot(needy, groups: groups)
    }

    /// The needs grouped by time slot, in calendar order.
    private static func bySlot(_ needs: [(position: Int, reason: String)], groups: [Group?]) -> [[(
        position: Int, reason: String
    )]] {
        var result: [[(position: Int, reason: String)]] = []
        for need in needs {
            if let last = result.last?.first, groups[last.position]!.timeSlot == groups[need.position]!.timeSlot {
                result[result.count - 1].append(need)
            } else {
                result.append([need])
            }
        }
        return result
    }

    /// A maximum matching of items to candidates (Kuhn's augmenting paths), each item trying its
    /// candidates in the order given: the candidate of each item, or `nil` for items left out.
    static func maximumMatching(_ candidates: [[Int]]) -> [Int?] {
        var owner: [Int: Int] = [:]
        func augment(_ item: Int, _ visited: inout Set<Int>) -> Bool {
            for candidate in candidates[item] where visited.insert(candidate).inserted {
                if let other = owner[candidate], !augment(other, &visited) { continue }
                owner[candidate] = item
                return true
            }
            return false
        }
        for item in candidates.indices {
            var visited: Set<Int> = []
            _ = augment(item, &visited)
        }
        var result = [Int?](repeating: nil, count: candidates.count)
        for (candidate, item) in owner { result[item] = candidate }
        return result
    }

    /// Why the clinician cannot lead the group given what is booked already, or `nil` when they can.
    private func unfit(_ id: ClinicianID, for group: Group, load: ClinicianLoad) -> String? {
        guard let clinician = index.clinicians[id] else { return "\(id) is no longer a clinician" }
        guard clinician.isTrained(in: group.modality) else { return "\(id) does not lead \(group.modality)" }
        guard clinician.availability.allows(group.timeSlot.sessionDay) else {
            return "\(id) is not available at \(group.timeSlot.sessionDay)"
        }
        guard !load.slots.contains([id.rawValue, group.timeSlot.description]) else {
            return "\(id) leads another group at \(group.timeSlot)"
        }
        if let limit = clinician.maxHoursPerWeek, load.week[id, default: 0] >= limit {
            return "\(id) works at most \(limit) hours a week"
        }
        if let limit = clinician.maxHoursPerDay, load.day[[id.rawValue, group.timeSlot.day], default: 0] >= limit {
            return "\(id) works at most \(limit) hours a day"
        }
        return nil
    }

    /// Hours and time slots booked per clinician.
    private struct ClinicianLoad {
        var week: [ClinicianID: Int] = [:]
        var day: [[String]: Int] = [:]
        var slots: Set<[String]> = []

        mutating func book(_ id: ClinicianID, at slot: TimeSlot) {
            week[id, default: 0] += 1
            day[[id.rawValue, slot.day], default: 0] += 1
            slots.insert([id.rawValue, slot.description])
        }
    }

    // MARK: Rooms

    /// Keeps each group's room where it still fits; the other groups of each time slot get rooms
    /// that hold them by a maximum matching (smallest first). A group left without one moves to
    /// the largest free room that holds its minimum, giving up its least suited members, or dissolves.
    mutating func assignRooms() {
        guard instance.plansRooms else {
            for position in groups.indices where groups[position]?.room != nil {
                groups[position]!.room = nil
                changed = true
            }
            return
        }
        var taken: Set<[String]> = []
        let needs = needsBySlot {
            unfit($0.room, for: $0, taken: taken)
        } keeping: {
            taken.insert([$0.room!.rawValue, $0.timeSlot.description])
        }
        for slotNeeds in needs {
            let slot = groups[slotNeeds[0].position]!.timeSlot
            let free = instance.rooms.indices.filter { position in
                let room = instance.rooms[position]
                return room.availability.allows(slot.sessionDay)
                    && !taken.contains([room.id.rawValue, slot.description])
            }
            let candidates = slotNeeds.map { need in
                free.filter { instance.rooms[$0].capacity >= groups[need.position]!.size }
                    .sorted { (instance.rooms[$0].capacity, $0) < (instance.rooms[$1].capacity, $1) }
            }
            var unmatched: [(position: Int, reason: String)] = []
            for (need, chosen) in zip(slotNeeds, Self.maximumMatching(candidates)) {
                guard let chosen else {
                    unmatched.append(need)
                    continue
                }
                groups[need.position]!.room = instance.rooms[chosen].id
                taken.insert([instance.rooms[chosen].id.rawValue, slot.description])
                changed = true
            }
            for need in unmatched {
                let group = groups[need.position]!
                let lower = instance.policy.sizeRange(for: group.modality).lowerBound
                let fallback = free.map { instance.rooms[$0] }
                    .filter { $0.capacity >= lower && !taken.contains([$0.id.rawValue, slot.description]) }
                    .max { ($0.capacity, $1.id) < ($1.capacity, $0.id) }
                guard let room = fallback else {
                    dissolve(need.position, "\(need.reason), and no other room is free at \(slot)")
                    continue
                }
                groups[need.position]!.room = room.id
                taken.insert([room.id.rawValue, slot.description])
                changed = true
                let reason = "\(need.reason); \(room.id) holds \(room.capacity)"
                for patient in leastSuited(group).prefix(max(0, group.size - room.capacity))
                where !relocate(patient, from: need.position, reason) {
                    lose(patient, slot.sessionDay, reason)
                }
            }
        }
    }

    private func unfit(_ id: RoomID?, for group: Group, taken: Set<[String]>) -> String? {
        guard let id else { return "the group has no room" }
        guard let room = index.rooms[id] else { return "\(id) is no longer a room" }
        guard room.availability.allows(group.timeSlot.sessionDay) else {
            return "\(id) is not available at \(group.timeSlot.sessionDay)"
        }
        guard room.capacity >= group.size else { return "\(id) holds only \(room.capacity)" }
        guard !taken.contains([id.rawValue, group.timeSlot.description]) else {
            return "\(id) hosts another group at \(group.timeSlot)"
        }
        return nil
    }
}
