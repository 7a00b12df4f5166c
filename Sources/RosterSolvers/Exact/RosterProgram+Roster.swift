import RosterKit

extension RosterProgram {
    /// Turns a solution of the program into a roster of named patients.
    ///
    /// Each step is exact for the program's aggregates: session-days are dealt to a type's
    /// patients round-robin (one a day, at most the day limit each); each session-day's seats go to
    /// patients by an exact search that keeps the same-modality limit; members are split into the
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
                guard let plan = SeatAssignment.assign(patients: patients.sorted(), demand: demand, maxSame: maxSame)
                else { return nil }
                for (position, timeSlot) in slots[d].enumerated() {
                    for (patient, modality) in plan[position] {
                        members[
                            GroupKey(timeSlot: timeSlot, modality: modality, cohort: partition.classes[g].cohort),
                            default: []
                        ].append(patient)
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
            guard
                let split = GroupSplit.split(
                    patients.sorted(), capacities: capacities.map(\.capacity), minimum: size.lowerBound, index: index)
            else { return nil }
            for (position, groupPatients) in split.enumerated() {
                result.append(
                    Group(
                        timeSlot: key.timeSlot, modality: key.modality, cohort: key.cohort, clinician: "",
                        room: capacities[position].room, patients: groupPatients))
            }
        }
        for (timeSlot, byModality) in leads {
            for (modality, candidates) in byModality {
                let leaders = candidates.filter { value($0.column) == 1 }.map(\.clinician).sorted()
                let positions = result.indices.filter {
                    result[$0].timeSlot == timeSlot && result[$0].modality == modality
                }
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
///
/// The patients are interchangeable, so the search picks each patient's day (one modality
/// per slot) in turn, remembers the remaining demands it has already seen fail, and tries
/// the modalities most in demand first. That is exact: dealing slot by slot, as a greedy
/// matching would, can strand a patient who needs a modality nobody else can take later.
enum SeatAssignment {
    /// Most search steps before giving up (far above what the benchmark instances need).
    static let stepLimit = 200_000

    /// - Parameter demand: per slot, the seats of each modality; each slot's seats add up to the patients.
    /// - Returns: per slot, each patient's modality; `nil` if there is no such assignment (or
    ///   the search ran past ``stepLimit``).
    static func assign(patients: [PatientID], demand: [[(Modality, Int)]], maxSame: Int) -> [[PatientID: Modality]]? {
        guard demand.allSatisfy({ $0.reduce(0) { $0 + $1.1 } == patients.count }) else { return nil }
        let modalities = Array(Set(demand.flatMap { $0.filter { $0.1 > 0 }.map(\.0) })).sorted()
        var remaining = demand.map { seats in
            modalities.map { modality in seats.filter { $0.0 == modality }.reduce(0) { $0 + $1.1 } }
        }
        var search = Search(slots: demand.count, modalities: modalities.count, maxSame: maxSame)
        guard search.complete(&remaining, patients: patients.count) else { return nil }
        return demand.indices.map { slot in
            Dictionary(uniqueKeysWithValues: zip(patients, search.days.map { modalities[$0[slot]] }))
        }
    }

    private struct Search {
        let slots: Int
        let modalities: Int
        let maxSame: Int
        /// The day chosen for each patient so far: a modality index per slot.
        var days: [[Int]] = []
        /// Remaining demands already known to have no completion.
        var dead: Set<[[Int]]> = []
        var steps = 0

        init(slots: Int, modalities: Int, maxSame: Int) {
            self.slots = slots
            self.modalities = modalities
            self.maxSame = maxSame
        }

        mutating func complete(_ remaining: inout [[Int]], patients left: Int) -> Bool {
            guard left > 0 else { return true }
            steps += 1
            guard steps <= SeatAssignment.stepLimit, !dead.contains(remaining) else { return false }
            // Nobody may take a modality more than maxSame times: the rest must fit.
            for modality in 0..<modalities
            where (0..<slots).reduce(0, { $0 + remaining[$1][modality] }) > maxSame * left {
                dead.insert(remaining)
                return false
            }
            for day in candidateDays(remaining) {
                for (slot, modality) in day.enumerated() { remaining[slot][modality] -= 1 }
                days.append(day)
                if complete(&remaining, patients: left - 1) { return true }
                days.removeLast()
                for (slot, modality) in day.enumerated() { remaining[slot][modality] += 1 }
            }
            dead.insert(remaining)
            return false
        }

        /// Every day one patient can take from `remaining` within the limit, most-demanded first.
        private mutating func candidateDays(_ remaining: [[Int]]) -> [[Int]] {
            var result: [(demand: Int, day: [Int])] = []
            var day: [Int] = []
            var used = [Int](repeating: 0, count: modalities)
            func extend(_ slot: Int, demand: Int) {
                guard slot < slots else {
                    result.append((demand, day))
                    steps += 1
                    return
                }
                guard steps <= SeatAssignment.stepLimit else { return }
                for modality in 0..<modalities where remaining[slot][modality] > 0 && used[modality] < maxSame {
                    day.append(modality)
                    used[modality] += 1
                    extend(slot + 1, demand: demand + remaining[slot][modality])
                    used[modality] -= 1
                    day.removeLast()
                }
            }
            extend(0, demand: 0)
            return result.sorted {
                $0.demand != $1.demand ? $0.demand > $1.demand : $0.day.lexicographicallyPrecedes($1.day)
            }.map(\.day)
        }
    }
}

/// Splits the members of one (slot, modality, cohort) into groups of the given capacities,
/// each at least the minimum size, keeping separated patients in different groups.
///
/// Patients with a separation among the members are placed first, by a search that backs
/// up when it gets stuck (first-fit alone fails on some separations that two groups can
/// hold: see the crown in the tests); the others then fill every group to the minimum and
/// spread over the roomiest.
enum GroupSplit {
    /// Most placements tried before giving up (far above what the benchmark instances need).
    static let stepLimit = 100_000

    static func split(_ patients: [PatientID], capacities: [Int], minimum: Int, index: InstanceIndex) -> [[PatientID]]?
    {
        guard !capacities.isEmpty else { return patients.isEmpty ? [] : nil }
        guard patients.count >= minimum * capacities.count, patients.count <= capacities.reduce(0, +) else {
            return nil
        }
        let members = Set(patients)
        // Separations among the members, per patient: the most constrained are placed first.
        let conflicts = Dictionary(
            patients.map { ($0, index.separations[$0]?.count(where: members.contains) ?? 0) },
            uniquingKeysWith: { first, _ in first })
        let separated = patients.filter { conflicts[$0]! > 0 }.sorted { (conflicts[$0]!, $1) > (conflicts[$1]!, $0) }
        let others = patients.filter { conflicts[$0]! == 0 }

        var groups = [[PatientID]](repeating: [], count: capacities.count)
        var steps = 0
        func place(_ position: Int) -> Bool {
            guard position < separated.count else {
                // The others must bring every group up to the minimum.
                return groups.reduce(0) { $0 + max(0, minimum - $1.count) } <= others.count
            }
            steps += 1
            guard steps <= stepLimit else { return false }
            let patient = separated[position]
            var emptyCapacitiesTried: Set<Int> = []
            for group in groups.indices where groups[group].count < capacities[group] {
                guard !groups[group].contains(where: { index.mustSeparate(patient, $0) }) else { continue }
                // Empty groups of one capacity are interchangeable: try one of them.
                if groups[group].isEmpty, !emptyCapacitiesTried.insert(capacities[group]).inserted { continue }
                groups[group].append(patient)
                if place(position + 1) { return true }
                groups[group].removeLast()
            }
            return false
        }
        guard place(0) else { return nil }

        var rest = others[...]
        for group in groups.indices {
            while groups[group].count < minimum, let patient = rest.popFirst() { groups[group].append(patient) }
        }
        while let patient = rest.popFirst() {
            guard
                let group = groups.indices.filter({ groups[$0].count < capacities[$0] })
                    .min(by: { (groups[$0].count, -capacities[$0], $0) < (groups[$1].count, -capacities[$1], $1) })
            else { return nil }
            groups[group].append(patient)
        }
        return groups
    }
}
