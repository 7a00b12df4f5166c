/// Moves that change groups as a whole: their modality, whether they run, and who leads them.
extension LocalSearch {
    /// Gives the group the modality that suits its members best, if its size fits that modality,
    /// every member keeps the same-modality limit and a trained clinician (the same or a free one)
    /// can lead it.
    ///
    /// Delta: the sum over members of the new modality's preference cost minus the old.
    mutating func retype(_ id: GroupIndex) -> Bool {
        let group = state.groups[id]
        guard group.isOpen else { return false }
        let day = problem.day(ofSlot: group.slot)
        let size = group.members.count
        let roomLimit = problem.capacity(ofRoom: group.room)
        var best: (modality: Int, clinician: Int)?
        var bestDelta = -LocalSearch.tolerance
        for modality in 0..<problem.modalityCount where modality != group.modality && problem.isStaffed[modality] {
            guard size >= problem.minSize[modality], size <= min(problem.maxSize[modality], roomLimit) else { continue }
            var delta = 0.0
            var allowed = true
            for patient in group.members {
                guard state.mayTake(patient, modality, day: day) else {
                    allowed = false
                    break
                }
                delta +=
                    problem.cost(patient: patient, modality: modality)
                    - problem.cost(patient: patient, modality: group.modality)
            }
            guard allowed, delta < bestDelta else { continue }
            let clinician =
                problem.isTrained(clinician: group.clinician, modality)
                ? group.clinician : state.freeClinician(for: modality, at: group.slot)
            guard let clinician else { continue }
            best = (modality, clinician)
            bestDelta = delta
        }
        guard let best else { return false }
        state.setClinician(of: id, to: best.clinician)
        state.setModality(of: id, to: best.modality)
        return true
    }

    /// Closes the group and reseats each member in the cheapest other group of the slot that can
    /// take them.
    ///
    /// Delta: minus one group, plus the members' change of preference cost (from the running counts).
    mutating func close(_ id: GroupIndex) -> Bool {
        let problem = problem
        let group = state.groups[id]
        guard group.isOpen else { return false }
        let day = problem.day(ofSlot: group.slot)
        // Cheap bound: the group's weight is all there is to gain, besides members' preferences.
        let present = group.members.map { problem.cost(patient: $0, modality: group.modality) }.reduce(0, +)
        guard problem.weights.group + present > LocalSearch.tolerance else { return false }
        let others = state.slotGroups[group.slot].filter { $0 != id && state.groups[$0].cohort == group.cohort }
        guard !others.isEmpty else { return false }
        let spare = others.map { problem.maxSize[state.groups[$0].modality] - state.groups[$0].members.count }.reduce(
            0, +)
        guard spare >= group.members.count else { return false }
        return trial { state in
            let members = group.members
            for patient in members { state.remove(patient, from: id) }
            state.close(id)
            for patient in members {
                var best: GroupIndex?
                var bestCost = Double.infinity
                for other in others {
                    let target = state.groups[other]
                    let cost = problem.cost(patient: patient, modality: target.modality)
                    guard cost < bestCost, state.hasSeat(other), state.mayTake(patient, target.modality, day: day),
                        !state.hasConflict(patient, in: other)
                    else { continue }
                    best = other
                    bestCost = cost
                }
                guard let best else { return false }
                state.prepareSeat(in: best)
                state.add(patient, to: best)
            }
            return true
        }
    }

    /// Opens a group at the slot for the cohort, of the modality whose members-to-be gain most, with
    /// members drawn from groups above their minimum; a clinician busy at the slot may hand their
    /// group to a free colleague to lead it.
    ///
    /// Delta: one more group, plus the movers' change of preference cost.
    mutating func open(at slot: Int, cohort: Int) -> Bool {
        let problem = problem
        let day = problem.day(ofSlot: slot)
        let donors = state.groups(at: slot, cohort: cohort)
        var best: (modality: Int, movers: [(patient: PatientIndex, from: GroupIndex)], gain: Double)?
        for modality in 0..<problem.modalityCount where problem.isStaffed[modality] {
            var offers: [(patient: PatientIndex, from: GroupIndex, gain: Double)] = []
            for id in donors where state.groups[id].modality != modality {
                let group = state.groups[id]
                guard group.members.count > problem.minSize[group.modality] else { continue }
                for patient in group.members {
                    let gain =
                        problem.cost(patient: patient, modality: group.modality)
                        - problem.cost(patient: patient, modality: modality)
                    if gain > 0, state.mayTake(patient, modality, day: day) { offers.append((patient, id, gain)) }
                }
            }
            guard offers.count >= problem.minSize[modality] else { continue }
            offers.sort { ($0.gain, -$0.patient.rawValue) > ($1.gain, -$1.patient.rawValue) }
            let limit = problem.maxSize[modality]
            var spare: [GroupIndex: Int] = [:]
            var movers: [(patient: PatientIndex, from: GroupIndex)] = []
            var gain = 0.0
            for offer in offers where movers.count < limit {
                let left =
                    spare[offer.from]
                    ?? (state.groups[offer.from].members.count - problem.minSize[state.groups[offer.from].modality])
                guard left > 0,
                    !problem.separated[offer.patient].contains(where: { separated in
                        movers.contains { $0.patient == separated }
                    })
                else { continue }
                spare[offer.from] = left - 1
                movers.append((offer.patient, offer.from))
                gain += offer.gain
            }
            guard movers.count >= problem.minSize[modality], gain > problem.weights.group + LocalSearch.tolerance,
                gain > best?.gain ?? 0
            else { continue }
            best = (modality, movers, gain)
        }
        guard let best else { return false }
        return trial { state in
            guard let leader = Self.leader(for: best.modality, at: slot, in: &state),
                let room = state.freeRoom(at: slot, holding: best.movers.count, atLeast: problem.minSize[best.modality])
            else { return false }
            let id = state.openGroup(slot: slot, modality: best.modality, cohort: cohort, clinician: leader, room: room)
            for (position, mover) in best.movers.enumerated() where position < state.capacity(of: id) {
                state.remove(mover.patient, from: mover.from)
                state.add(mover.patient, to: id)
            }
            return state.groups[id].members.count >= problem.minSize[best.modality]
        }
    }

    /// Forms one slot again from scratch for the patients who sit in it, given what they attend
    /// in the other slots of the day; kept when everyone keeps a seat and the objective improves.
    mutating func reformSlot(_ slot: Int) -> Bool {
        let seated = state.slotGroups[slot].flatMap { state.groups[$0].members }.sorted()
        guard !seated.isEmpty else { return false }
        var former = former
        let changed = trial { state in
            for id in state.slotGroups[slot] {
                for member in state.groups[id].members.reversed() { state.remove(member, from: id) }
            }
            while let id = state.slotGroups[slot].last { state.close(id) }
            return former.formSlot(slot, patients: seated, in: &state).isEmpty
        }
        self.former = former
        return changed
    }

    /// A clinician free to lead a new `modality` group at `slot`: a free one, or one who hands
    /// their current group to a free colleague trained in its modality (the hand-over is applied).
    static func leader(for modality: Int, at slot: Int, in state: inout PlanState) -> Int? {
        if let free = state.freeClinician(for: modality, at: slot) { return free }
        for id in state.slotGroups[slot] {
            let group = state.groups[id]
            guard state.problem.isTrained(clinician: group.clinician, modality),
                let colleague = state.freeClinician(for: group.modality, at: slot)
            else { continue }
            let busy = group.clinician
            state.setClinician(of: id, to: colleague)
            return busy
        }
        return nil
    }
}
