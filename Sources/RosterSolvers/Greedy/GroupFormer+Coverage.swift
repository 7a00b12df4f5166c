/// Forming a slot for coverage, when forming it by preference leaves someone without a seat.
extension GroupFormer {
    /// Forms the slot clinician by clinician, least versatile first (in a capped forming, those
    /// with most hours left for the session-day before them): each leads the group (cohort
    /// and modality) that seats most of the patients still waiting, taking first those with the
    /// fewest modalities left. Returns those it could not seat.
    mutating func formSlotByCoverage(_ slot: Int, patients: [PatientIndex], in state: inout PlanState)
        -> [PatientIndex]
    {
        let day = problem.day(ofSlot: slot)
        let modalityCount = problem.modalityCount
        let cohortCount = problem.cohorts.count
        var options = [Int](repeating: 0, count: patients.count)
        for (position, patient) in patients.enumerated() {
            options[position] = (0..<modalityCount).count {
                problem.isStaffed[$0] && state.mayTake(patient, $0, day: day)
            }
        }
        var pending = patients.indices.sorted { (options[$0], patients[$0]) < (options[$1], patients[$1]) }.map {
            patients[$0]
        }
        var waiting = [Int](repeating: 0, count: cohortCount)
        for patient in pending { waiting[problem.cohortOf[patient]] += 1 }
        let smallest = problem.smallestGroupSize ?? 1
        // In a capped forming, most hours left for the session-day first (see
        // `PlanState.freeClinicianWithMostHoursLeft`), then least versatile.
        let capped = isCapped
        let leaders = (0..<problem.clinicianCount).filter { state.clinicianCanLead($0, at: slot) }
            .sorted { lhs, rhs in
                let left = (0..<modalityCount).count { problem.isStaffed[$0] && problem.isTrained(clinician: lhs, $0) }
                let right = (0..<modalityCount).count { problem.isStaffed[$0] && problem.isTrained(clinician: rhs, $0) }
                let (lhsLeft, rhsLeft) =
                    capped ? (state.hoursLeft(of: lhs, from: slot), state.hoursLeft(of: rhs, from: slot)) : (0, 0)
                return (-lhsLeft, left, lhs) < (-rhsLeft, right, rhs)
            }
        for leader in leaders where !pending.isEmpty && mayOpenGroup(at: slot, in: state) {
            var best: (modality: Int, cohort: Int, members: [PatientIndex], cost: Double)?
            for modality in 0..<modalityCount
            where problem.isStaffed[modality] && problem.isTrained(clinician: leader, modality) {
                let lower = problem.minSize[modality]
                guard let room = state.freeRoom(at: slot, holding: problem.maxSize[modality], atLeast: lower) else {
                    continue
                }
                let limit = min(problem.maxSize[modality], problem.capacity(ofRoom: room))
                for cohort in 0..<cohortCount where waiting[cohort] >= lower {
                    var eligible = pending.filter {
                        problem.cohortOf[$0] == cohort && state.mayTake($0, modality, day: day)
                    }
                    guard eligible.count >= lower else { continue }
                    var seats = min(eligible.count, limit)
                    // Leave the cohort enough for a group of its own, or nobody.
                    let rest = waiting[cohort] - seats
                    if rest > 0, rest < smallest { seats = max(lower, waiting[cohort] - smallest) }
                    eligible = Array(eligible.prefix(seats))
                    let cost = eligible.map { problem.cost(patient: $0, modality: modality) }.reduce(0, +)
                    if best.map({ (eligible.count, -cost) > ($0.members.count, -$0.cost) }) ?? true {
                        best = (modality, cohort, eligible, cost)
                    }
                }
            }
            guard let best else { continue }
            let room = state.freeRoom(at: slot, holding: best.members.count, atLeast: problem.minSize[best.modality])!
            let id = state.openGroup(
                slot: slot, modality: best.modality, cohort: best.cohort, clinician: leader, room: room)
            var seated: [PatientIndex] = []
            for patient in best.members
            where seated.count < state.capacity(of: id) && !state.hasConflict(patient, in: id) {
                state.add(patient, to: id)
                seated.append(patient)
            }
            if seated.count < problem.minSize[best.modality] {
                for patient in seated { state.remove(patient, from: id) }
                state.close(id)
                continue
            }
            waiting[best.cohort] -= seated.count
            pending = without(seated, from: pending)
        }
        var unseated: [PatientIndex] = []
        for cohort in 0..<cohortCount {
            unseated += insertIntoExisting(
                pending.filter { problem.cohortOf[$0] == cohort }, cohort: cohort, slot: slot, in: &state)
        }
        for cohort in 0..<cohortCount {
            unseated = repairSmallGroups(cohort: cohort, slot: slot, unseated: unseated, in: &state)
        }
        return unseated
    }
}
