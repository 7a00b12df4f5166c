/// Forming a slot by preference: every patient first asks for their cheapest allowed modality
/// (track, then secondary; off-track on their turn), and each cohort's requests for one modality
/// become as few groups as the size limits allow. Whoever is left (too few for a group, a
/// separation, no clinician) joins an existing group, or a new group of the modality most of them
/// may take, if need be with members borrowed from groups above their minimum.
extension GroupFormer {
    /// Forms the slot from each patient's cheapest allowed modality. Returns those it could not seat.
    mutating func formSlotByPreference(_ slot: Int, patients: [PatientIndex], in state: inout PlanState)
        -> [PatientIndex]
    {
        let day = problem.day(ofSlot: slot)
        let modalityCount = problem.modalityCount
        var unseated: [PatientIndex] = []
        var requests: [[PatientIndex]] = Array(repeating: [], count: problem.cohorts.count * modalityCount)
        var pools: [[PatientIndex]] = Array(repeating: [], count: problem.cohorts.count)
        for patient in patients {
            guard let best = cheapestModality(for: patient, slot: slot, day: day, in: state) else {
                unseated.append(patient)
                continue
            }
            if problem.preferenceKind(patient: patient, modality: best) == 2 {
                pools[problem.cohortOf[patient]].append(patient)
            } else {
                requests[problem.cohortOf[patient] * modalityCount + best].append(patient)
            }
        }

        // Requests, largest first, become groups of their modality.
        let order = requests.indices.filter { !requests[$0].isEmpty }
            .sorted { (-requests[$0].count, $0) < (-requests[$1].count, $1) }
        for key in order {
            let cohort = key / modalityCount
            let modality = key % modalityCount
            let members = requests[key].sorted { lhs, rhs in
                (problem.cost(patient: lhs, modality: modality), lhs) < (
                    problem.cost(patient: rhs, modality: modality), rhs
                )
            }
            pools[cohort] += seatRequests(members, modality: modality, cohort: cohort, slot: slot, in: &state)
        }

        // The rest, largest pool first.
        for cohort in pools.indices.sorted(by: { (-pools[$0].count, $0) < (-pools[$1].count, $1) })
        where !pools[cohort].isEmpty {
            unseated += seatPool(pools[cohort], cohort: cohort, slot: slot, in: &state)
        }
        // Groups still under their minimum (separations) borrow members or dissolve.
        for cohort in problem.cohorts.indices {
            unseated = repairSmallGroups(cohort: cohort, slot: slot, unseated: unseated, in: &state)
        }
        return unseated
    }

    /// The patient's cheapest staffed modality they may take at `slot` (lowest index on a tie), if
    /// any. The track (avoided on the patient's off-track turn) and the second choice are priced;
    /// every other modality costs the same, so the first allowed one stands for them all.
    func cheapestModality(for patient: PatientIndex, slot: Int, day: Int, in state: PlanState) -> Int? {
        let track = problem.trackOf[patient]
        let secondary = problem.secondaryOf[patient]
        let avoided = wantsOffTrack(patient, at: slot) ? track : nil
        let firstOther = problem.staffedModalities.first { modality in
            modality != track && modality != secondary && state.mayTake(patient, modality, day: day)
        }
        var best: Int?
        var bestCost = Double.infinity
        for modality in [track, secondary, firstOther].compactMap({ $0 }).sorted()
        where problem.isStaffed[modality] && state.mayTake(patient, modality, day: day) {
            let cost = problem.cost(patient: patient, modality: modality) + (modality == avoided ? 1e6 : 0)
            if cost < bestCost {
                best = modality
                bestCost = cost
            }
        }
        return best
    }

    /// Opens as few groups as the size limits allow for patients who all asked for `modality`.
    /// - Returns: the patients left over.
    mutating func seatRequests(
        _ members: [PatientIndex], modality: Int, cohort: Int, slot: Int, in state: inout PlanState
    ) -> [PatientIndex] {
        let lower = problem.minSize[modality]
        let upper = problem.maxSize[modality]
        let count = members.count
        guard count >= lower else { return members }
        var groupCount = (count + upper - 1) / upper
        if groupCount * lower > count { groupCount = count / lower }
        let taken = min(count, groupCount * upper)
        var opened: [(id: GroupIndex, target: Int)] = []
        for number in 0..<groupCount {
            let target = taken / groupCount + (number < taken % groupCount ? 1 : 0)
            guard let clinician = leader(for: modality, at: slot, in: state),
                let room = state.freeRoom(at: slot, holding: target, atLeast: lower)
            else { break }
            let id = state.openGroup(slot: slot, modality: modality, cohort: cohort, clinician: clinician, room: room)
            opened.append((id, min(target, state.capacity(of: id))))
        }
        guard !opened.isEmpty else { return members }
        var left: [PatientIndex] = []
        for patient in members {
            var best: Int?
            var bestRoom = 0
            for (position, group) in opened.enumerated() {
                let room = group.target - state.groups[group.id].members.count
                if room > bestRoom, !state.hasConflict(patient, in: group.id) {
                    best = position
                    bestRoom = room
                }
            }
            if let best { state.add(patient, to: opened[best].id) } else { left.append(patient) }
        }
        return left
    }

    /// Seats a cohort's leftover patients: into existing groups, else into new groups.
    /// - Returns: the patients still without a seat.
    mutating func seatPool(_ pool: [PatientIndex], cohort: Int, slot: Int, in state: inout PlanState)
        -> [PatientIndex]
    {
        var pending = insertIntoExisting(pool, cohort: cohort, slot: slot, in: &state)
        var blocked = [Bool](repeating: false, count: problem.modalityCount)
        while !pending.isEmpty, !stopping() {
            if let seated = openFromPool(pending, cohort: cohort, slot: slot, blocked: &blocked, in: &state) {
                pending = without(seated, from: pending)
            } else if let seated = openWithBorrowed(pending, cohort: cohort, slot: slot, in: &state) {
                pending = without(seated, from: pending)
            } else {
                break
            }
            pending = insertIntoExisting(pending, cohort: cohort, slot: slot, in: &state)
        }
        return pending
    }

    /// Seats each patient in the cheapest open group of their cohort with room, filling groups under
    /// their minimum first. Returns those who fit nowhere.
    mutating func insertIntoExisting(
        _ patients: [PatientIndex], cohort: Int, slot: Int, in state: inout PlanState
    ) -> [PatientIndex] {
        let day = problem.day(ofSlot: slot)
        var left: [PatientIndex] = []
        for patient in patients {
            var best: GroupIndex?
            var bestKey = (2, Double.infinity, Int.max)
            for id in state.slotGroups[slot] where state.groups[id].cohort == cohort {
                let group = state.groups[id]
                let size = group.members.count
                guard size < problem.maxSize[group.modality] else { continue }
                let key = (
                    size < problem.minSize[group.modality] ? 0 : 1,
                    problem.cost(patient: patient, modality: group.modality), size
                )
                guard key < bestKey, state.mayTake(patient, group.modality, day: day),
                    !state.hasConflict(patient, in: id),
                    state.hasSeat(id)
                else { continue }
                best = id
                bestKey = key
            }
            if let best {
                state.prepareSeat(in: best)
                state.add(patient, to: best)
            } else {
                left.append(patient)
            }
        }
        return left
    }

    /// Opens one group of the modality most pending patients may take, if enough of them may.
    /// - Returns: the patients seated, or nil when no modality works.
    mutating func openFromPool(
        _ pending: [PatientIndex], cohort: Int, slot: Int, blocked: inout [Bool], in state: inout PlanState
    ) -> [PatientIndex]? {
        let day = problem.day(ofSlot: slot)
        while true {
            var best: Int?
            var bestKey = (0, -Double.infinity)
            for modality in candidateModalities(for: pending) where !blocked[modality] {
                let eligible = pending.filter { state.mayTake($0, modality, day: day) }
                let size = min(eligible.count, problem.maxSize[modality])
                guard size >= problem.minSize[modality] else { continue }
                let cost = eligible.map { problem.cost(patient: $0, modality: modality) }.sorted().prefix(size).reduce(
                    0, +)
                let key = (size, -cost)
                if key > bestKey {
                    best = modality
                    bestKey = key
                }
            }
            guard let modality = best else { return nil }
            blocked[modality] = true
            let eligible = pending.filter { state.mayTake($0, modality, day: day) }
                .sorted {
                    (problem.cost(patient: $0, modality: modality), $0) < (
                        problem.cost(patient: $1, modality: modality), $1
                    )
                }
            let target = min(eligible.count, problem.maxSize[modality])
            guard let clinician = leader(for: modality, at: slot, in: state),
                let room = state.freeRoom(at: slot, holding: target, atLeast: problem.minSize[modality])
            else { continue }
            let id = state.openGroup(slot: slot, modality: modality, cohort: cohort, clinician: clinician, room: room)
            let limit = state.capacity(of: id)
            var seated: [PatientIndex] = []
            for patient in eligible where seated.count < limit && !state.hasConflict(patient, in: id) {
                state.add(patient, to: id)
                seated.append(patient)
            }
            if seated.count >= problem.minSize[modality] { return seated }
            for patient in seated { state.remove(patient, from: id) }
            state.close(id)
        }
    }

    /// Opens one group from pending patients plus members borrowed from groups above their minimum.
    /// - Returns: the pending patients seated, or nil when no modality works.
    mutating func openWithBorrowed(_ pending: [PatientIndex], cohort: Int, slot: Int, in state: inout PlanState)
        -> [PatientIndex]?
    {
        let day = problem.day(ofSlot: slot)
        var best:
            (modality: Int, own: [PatientIndex], borrowed: [(patient: PatientIndex, from: GroupIndex)], cost: Double)?
        let donors = state.groups(at: slot, cohort: cohort)
        for modality in candidateModalities(for: pending) {
            let lower = problem.minSize[modality]
            guard leader(for: modality, at: slot, in: state) != nil,
                let room = state.freeRoom(at: slot, holding: lower, atLeast: lower)
            else { continue }
            let limit = min(problem.maxSize[modality], problem.capacity(ofRoom: room))
            var own: [PatientIndex] = []
            for patient in pending.sorted(by: {
                (problem.cost(patient: $0, modality: modality), $0) < (
                    problem.cost(patient: $1, modality: modality), $1
                )
            })
            where own.count < limit && state.mayTake(patient, modality, day: day)
                && !problem.separated[patient].contains(where: { own.contains($0) })
            {
                own.append(patient)
            }
            guard !own.isEmpty else { continue }
            let needed = lower - own.count
            guard needed > 0 else { continue }
            var offers: [(patient: PatientIndex, from: GroupIndex, cost: Double)] = []
            for id in donors {
                let group = state.groups[id]
                guard group.members.count > problem.minSize[group.modality] else { continue }
                for patient in group.members {
                    guard group.modality == modality || state.mayTake(patient, modality, day: day) else { continue }
                    offers.append(
                        (
                            patient, id,
                            problem.cost(patient: patient, modality: modality)
                                - problem.cost(patient: patient, modality: group.modality)
                        ))
                }
            }
            offers.sort { ($0.cost, $0.patient) < ($1.cost, $1.patient) }
            var spare = [GroupIndex: Int]()
            var chosen: [(patient: PatientIndex, from: GroupIndex)] = []
            var members = own
            var cost = 0.0
            for offer in offers where chosen.count < needed {
                let left =
                    spare[offer.from]
                    ?? (state.groups[offer.from].members.count - problem.minSize[state.groups[offer.from].modality])
                guard left > 0, !problem.separated[offer.patient].contains(where: { members.contains($0) }) else {
                    continue
                }
                spare[offer.from] = left - 1
                chosen.append((offer.patient, offer.from))
                members.append(offer.patient)
                cost += offer.cost
            }
            guard chosen.count == needed else { continue }
            cost += own.map { problem.cost(patient: $0, modality: modality) }.reduce(0, +)
            let perSeat = cost / Double(members.count)
            if best.map({ (own.count, -perSeat) > ($0.own.count, -$0.cost / Double($0.own.count + $0.borrowed.count)) })
                ?? true
            {
                best = (modality, own, chosen, cost)
            }
        }
        guard let best else { return nil }
        let clinician = leader(for: best.modality, at: slot, in: state)!
        let size = best.own.count + best.borrowed.count
        let room = state.freeRoom(at: slot, holding: size, atLeast: problem.minSize[best.modality])!
        let id = state.openGroup(slot: slot, modality: best.modality, cohort: cohort, clinician: clinician, room: room)
        for (patient, from) in best.borrowed {
            state.remove(patient, from: from)
            state.add(patient, to: id)
        }
        for patient in best.own { state.add(patient, to: id) }
        return best.own
    }

    /// The staffed modalities worth trying for a new group of `pending`, in index order: all of them
    /// on a usual instance. With more than `manyModalities`, the patients' tracks and second
    /// choices and the first `manyModalities` others: every other modality costs the same to
    /// everyone, and trying thousands of them made forming a slot take minutes.
    func candidateModalities(for pending: [PatientIndex]) -> [Int] {
        let all = problem.staffedModalities
        guard all.count > Self.manyModalities else { return all }
        var wanted = Set(all.prefix(Self.manyModalities))
        for patient in pending {
            for modality in [problem.trackOf[patient], problem.secondaryOf[patient]].compactMap({ $0 })
            where problem.isStaffed[modality] {
                wanted.insert(modality)
            }
        }
        return wanted.sorted()
    }

    static let manyModalities = 24

    /// Brings groups of a cohort under their minimum up to it, with unseated patients or members
    /// of groups above their minimum, or dissolves them and reseats their members where possible.
    /// - Returns: the patients still without a seat.
    mutating func repairSmallGroups(cohort: Int, slot: Int, unseated: [PatientIndex], in state: inout PlanState)
        -> [PatientIndex]
    {
        let day = problem.day(ofSlot: slot)
        var unseated = unseated
        for id in state.groups(at: slot, cohort: cohort) where state.groups[id].isOpen {
            let modality = state.groups[id].modality
            let lower = problem.minSize[modality]
            guard state.groups[id].members.count < lower else { continue }
            for patient in unseated
            where problem.cohortOf[patient] == cohort && state.groups[id].members.count < lower
                && state.mayTake(patient, modality, day: day) && !state.hasConflict(patient, in: id)
            {
                state.add(patient, to: id)
                unseated = without([patient], from: unseated)
            }
            for donor in state.groups(at: slot, cohort: cohort) where donor != id {
                for patient in state.groups[donor].members {
                    guard state.groups[id].members.count < lower,
                        state.groups[donor].members.count > problem.minSize[state.groups[donor].modality],
                        state.groups[donor].modality == modality || state.mayTake(patient, modality, day: day),
                        !state.hasConflict(patient, in: id)
                    else { continue }
                    state.remove(patient, from: donor)
                    state.add(patient, to: id)
                }
            }
            guard state.groups[id].members.count < lower else { continue }
            let members = state.groups[id].members
            for patient in members { state.remove(patient, from: id) }
            state.close(id)
            unseated += insertIntoExisting(members, cohort: cohort, slot: slot, in: &state)
        }
        return unseated
    }
}
