/// Moves that change which group a patient sits in for one hour; attendance stays as it is.
extension LocalSearch {
    /// Moves the patient to the group of the same slot and cohort that suits them best, if it
    /// has room, keeps the same-modality limit and the patient's group keeps its minimum.
    ///
    /// Delta: the patient's preference cost in the new modality minus the old.
    mutating func relocate(_ patient: PatientIndex, at slot: Int) -> Bool {
        guard let from = state.group(of: patient, at: slot) else { return false }
        let source = state.groups[from]
        guard source.members.count > problem.minSize[source.modality] else { return false }
        let day = problem.day(ofSlot: slot)
        let current = problem.cost(patient: patient, modality: source.modality)
        var best: GroupIndex?
        var bestDelta = -LocalSearch.tolerance
        for id in state.slotGroups[slot] where id != from {
            let target = state.groups[id]
            guard target.cohort == source.cohort else { continue }
            let delta = problem.cost(patient: patient, modality: target.modality) - current
            guard delta < bestDelta, state.hasSeat(id),
                target.modality == source.modality || state.mayTake(patient, target.modality, day: day),
                !state.hasConflict(patient, in: id)
            else { continue }
            best = id
            bestDelta = delta
        }
        guard let best else { return false }
        state.remove(patient, from: from)
        state.prepareSeat(in: best)
        state.add(patient, to: best)
        return true
    }

    /// Swaps the patient with a patient of another modality's group at the same slot, when both
    /// like their new modality better in total.
    ///
    /// Delta: the two patients' preference costs after the swap minus before; sizes do not change.
    mutating func swap(_ patient: PatientIndex, at slot: Int) -> Bool {
        guard let from = state.group(of: patient, at: slot) else { return false }
        let source = state.groups[from]
        let day = problem.day(ofSlot: slot)
        let mine = source.modality
        var best: (other: PatientIndex, group: GroupIndex)?
        var bestDelta = -LocalSearch.tolerance
        for id in state.slotGroups[slot] where id != from {
            let target = state.groups[id]
            let theirs = target.modality
            guard target.cohort == source.cohort, theirs != mine else { continue }
            let gain = problem.cost(patient: patient, modality: theirs) - problem.cost(patient: patient, modality: mine)
            // Every improving swap improves one side, and that side is tried as the anchor too.
            guard gain < 0, state.mayTake(patient, theirs, day: day) else { continue }
            for member in target.members {
                trySwap(
                    patient, from: from, with: member, in: id, gain: gain, day: day, best: &best,
                    bestDelta: &bestDelta)
            }
        }
        guard let best else { return false }
        state.remove(patient, from: from)
        state.remove(best.other, from: best.group)
        state.add(patient, to: best.group)
        state.add(best.other, to: from)
        return true
    }

    private func trySwap(
        _ patient: PatientIndex, from: GroupIndex, with other: PatientIndex, in id: GroupIndex, gain: Double, day: Int,
        best: inout (other: PatientIndex, group: GroupIndex)?,
        bestDelta: inout Double
    ) {
        let mine = state.groups[from].modality
        let theirs = state.groups[id].modality
        let delta = gain + problem.cost(patient: other, modality: mine) - problem.cost(patient: other, modality: theirs)
        guard delta < bestDelta, state.mayTake(patient, theirs, day: day), state.mayTake(other, mine, day: day),
            !conflict(patient, in: id, ignoring: other), !conflict(other, in: from, ignoring: patient)
        else { return }
        best = (other, id)
        bestDelta = delta
    }

    /// Whether a patient separated from `patient` sits in group `id`, not counting `ignored`.
    func conflict(_ patient: PatientIndex, in id: GroupIndex, ignoring ignored: PatientIndex) -> Bool {
        let slot = state.groups[id].slot
        for other in problem.separated[patient]
        where other != ignored && state.group(of: other, at: slot) == id {
            return true
        }
        return false
    }
}
