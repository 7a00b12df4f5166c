import RosterKit

extension RosterProgram {
    /// Turns a solution of the program into a roster of named patients.
    ///
    /// Each step is exact for the program's aggregates: session-days are dealt to a type's
    /// patients round-robin (one a day, at most the day limit each); each slot's seats go to
    /// patients by a matching that keeps the same-modality limit; members are split into the
    /// chosen rooms' groups keeping separated patients apart; clinicians are matched to groups.
    /// Returns `nil` if a step fails (the caller then keeps its other roster).
    func roster(from values: [Double]) -> Roster? {
        func value(_ column: ColumnIndex) -> Int { Int(values[column.rawValue].rounded()) }

        // 1. Who comes when.
        var attendees: [Int: [Int: [PatientID]]] = [:]  // session-day -> class -> patients
        for (k, type) in partition.types.enumerated() {
            var cursor = 0
            for d in type.sessionDays {
                guard let column = attend[k][d] else { continue }
                for _ in 0..<max(0, value(column)) {
                    attendees[d, default: [:]][type.classIndex, default: []].append(type.patients[cursor % type.count])
                    cursor += 1
                }
            }
        }

        // 2. Who sits in which modality each slot.
        var members: [GroupKey: [PatientID]] = [:]
        let maxSame = index.instance.policy.maxSameModalityPerDay
        for (d, byClass) in attendees.sorted(by: { $0.key < $1.key }) {
            for (g, patients) in byClass.sorted(by: { $0.key < $1.key }) {
                let demand = slots[d].map { timeSlot in
                    (seats[g]?[timeSlot] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, value($0.value)) }
                }
                guard let plan = SeatAssignment.assign(patients: patients.sorted(), demand: demand, maxSame: maxSame) else { return nil }
                for (position, timeSlot) in slots[d].enumerated() {
                    for (patient, modality) in plan[position] {
                        members[GroupKey(timeSlot: timeSlot, modality: modality, cohort: partition.classes[g].cohort), default: []].append(patient)
                    }
                }
            }
        }

        // 3. Groups, rooms and clinicians.
        var result: [Group] = []
        for (key, patients) in members.sorted(by: { $0.key < $1.key }) {
            guard let options = groups[key] else { return nil }
            var capacities: [(room: RoomID?, capacity: Int)] = []
            for option in options {
                for _ in 0..<max(0, value(option.column)) { capacities.append((option.room, option.capacity)) }
            }
            let size = index.instance.policy.sizeRange(for: key.modality)
            guard let split = GroupSplit.split(patients.sorted(), capacities: capacities.map(\.capacity), minimum: size.lowerBound, index: index)
            else { return nil }
            for (position, groupPatients) in split.enumerated() {
                result.append(Group(timeSlot: key.timeSlot, modality: key.modality, cohort: key.cohort, clinician: "", room: capacities[position].room, patients: groupPatients))
            }
        }
        for (timeSlot, byModality) in leads {
            for (modality, candidates) in byModality {
                let leaders = candidates.filter { value($0.column) == 1 }.map(\.clinician).sorted()
                let positions = result.indices.filter { result[$0].timeSlot == timeSlot && result[$0].modality == modality }
                guard leaders.count == positions.count else { return nil }
                for (position, clinician) in zip(positions, leaders) { result[position].clinician = clinician }
            }
        }
        guard result.allSatisfy({ !$0.clinician.rawValue.isEmpty }) else { return nil }
        return Roster(instanceName: index.instance.name, groups: result)
    }

    /// The program's column values for a roster, to start the search from it; `nil` when the
    /// roster does not fit the program (then the search starts without it).
    func values(for roster: Roster) -> [Double]? {
        var values = [Double](repeating: 0, count: columns.count)
        let roster = slotsOrderedByGroupCount(roster)
        let schedule = roster.schedule()
        var typeOf: [PatientID: Int] = [:]
        for (k, type) in partition.types.enumerated() {
            for patient in type.patients { typeOf[patient] = k }
        }
        let position = Dictionary(uniqueKeysWithValues: sessionDays.enumerated().map { ($1, $0) })
        for (patient, slots) in schedule {
            guard let k = typeOf[patient] else { return nil }
            for sessionDay in Set(slots.keys.map(\.sessionDay)) {
                guard let d = position[sessionDay], let column = attend[k][d] else { return nil }
                values[column.rawValue] += 1
            }
            let g = partition.types[k].classIndex
            for (timeSlot, modality) in slots {
                guard let column = seats[g]?[timeSlot]?[modality] else { return nil }
                values[column.rawValue] += 1
            }
        }
        for group in roster.groups {
            let key = GroupKey(timeSlot: group.timeSlot, modality: group.modality, cohort: group.cohort)
            guard let option = groups[key]?.first(where: { $0.room == group.room }),
                let lead = leads[group.timeSlot]?[group.modality]?.first(where: { $0.clinician == group.clinician })
            else { return nil }
            values[option.column.rawValue] += 1
            values[lead.column.rawValue] += 1
        }
        for floor in groupFloors {
            let attendees = floor.attendees.reduce(0.0) { $0 + values[$1.rawValue] }
            values[floor.column.rawValue] = (attendees / Double(floor.largestGroup)).rounded(.up)
        }
        return values
    }
}

extension RosterProgram {
    /// The same roster with each session-day's slots renumbered so that earlier slots run at
    /// least as many groups as later ones, as the program's symmetry-breaking rows require.
    func slotsOrderedByGroupCount(_ roster: Roster) -> Roster {
        var counts: [TimeSlot: Int] = [:]
        for group in roster.groups { counts[group.timeSlot, default: 0] += 1 }
        var renumber: [TimeSlot: Int] = [:]
        for timeSlots in slots {
            let ordered = timeSlots.sorted { (-(counts[$0] ?? 0), $0.slot) < (-(counts[$1] ?? 0), $1.slot) }
            for (position, timeSlot) in ordered.enumerated() { renumber[timeSlot] = timeSlots[position].slot }
        }
        var copy = roster
        for position in copy.groups.indices {
            if let slot = renumber[copy.groups[position].timeSlot] { copy.groups[position].timeSlot.slot = slot }
        }
        return copy
    }
}

/// Deals each slot's modality seats to the patients of one class at one session-day, so that
/// nobody attends one modality more often than the daily limit.
enum SeatAssignment {
    /// - Parameter demand: per slot, the seats of each modality; each slot's seats add up to the patients.
    /// - Returns: per slot, each patient's modality; `nil` if no assignment was found.
    static func assign(patients: [PatientID], demand: [[(Modality, Int)]], maxSame: Int) -> [[PatientID: Modality]]? {
        var used = [[Modality: Int]](repeating: [:], count: patients.count)
        var plan: [[PatientID: Modality]] = []
        for (slot, seats) in demand.enumerated() {
            guard seats.reduce(0, { $0 + $1.1 }) == patients.count else { return nil }
            // Expand seats into units and match patients to them (augmenting paths), preferring
            // modalities a patient has had least today, so later slots keep room to move.
            let units = seats.flatMap { modality, count in Array(repeating: modality, count: count) }
            var owner = [Int?](repeating: nil, count: units.count)
            func allowed(_ patient: Int, _ unit: Int) -> Bool { used[patient][units[unit], default: 0] < maxSame }
            func augment(_ patient: Int, _ visited: inout [Bool]) -> Bool {
                let order = units.indices.sorted { (used[patient][units[$0], default: 0], $0) < (used[patient][units[$1], default: 0], $1) }
                for unit in order where !visited[unit] && allowed(patient, unit) {
                    visited[unit] = true
                    if owner[unit] == nil || augment(owner[unit]!, &visited) {
                        owner[unit] = patient
                        return true
                    }
                }
                return false
            }
            let order = patients.indices.sorted { (used[$0].values.max() ?? 0, $0) > (used[$1].values.max() ?? 0, $1) }
            for patient in order {
                var visited = [Bool](repeating: false, count: units.count)
                if !augment(patient, &visited) { return nil }
            }
            var assignment: [PatientID: Modality] = [:]
            for (unit, patient) in owner.enumerated() {
                guard let patient else { return nil }
                assignment[patients[patient]] = units[unit]
                used[patient][units[unit], default: 0] += 1
            }
            _ = slot
            plan.append(assignment)
        }
        return plan
    }
}

/// Splits the members of one (slot, modality, cohort) into groups of the given capacities,
/// each at least the minimum size, keeping separated patients in different groups.
enum GroupSplit {
    static func split(_ patients: [PatientID], capacities: [Int], minimum: Int, index: InstanceIndex) -> [[PatientID]]? {
        guard !capacities.isEmpty else { return patients.isEmpty ? [] : nil }
        // Target sizes: everyone at the minimum, the rest spread over the roomiest first.
        var targets = [Int](repeating: minimum, count: capacities.count)
        var rest = patients.count - minimum * capacities.count
        guard rest >= 0 else { return nil }
        while rest > 0 {
            guard let next = targets.indices.filter({ targets[$0] < capacities[$0] }).min(by: { (targets[$0], -capacities[$0], $0) < (targets[$1], -capacities[$1], $1) })
            else { return nil }
            targets[next] += 1
            rest -= 1
        }
        // Patients with separations first, each into the first group with room and no conflict.
        var result = [[PatientID]](repeating: [], count: capacities.count)
        let ordered = patients.sorted { ((index.separations[$0]?.count ?? 0), $1) > ((index.separations[$1]?.count ?? 0), $0) }
        for patient in ordered {
            guard let group = result.indices.first(where: { position in
                result[position].count < targets[position] && !result[position].contains { index.mustSeparate(patient, $0) }
            }) else { return nil }
            result[group].append(patient)
        }
        return result
    }
}
