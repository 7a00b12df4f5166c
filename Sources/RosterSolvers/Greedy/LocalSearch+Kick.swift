/// Random valid changes that move the search away from a local optimum.
extension LocalSearch {
    /// Applies a few random changes, each kept valid, whatever they do to the objective.
    mutating func kick() {
        let changes = 2 + generator.below(4)
        for _ in 0..<changes {
            switch generator.below(3) {
            case 0: kickAttendance()
            case 1: kickSeat()
            default: kickModality()
            }
        }
    }

    /// Moves one random patient's attendance to another session-day with free seats, or drops it.
    private mutating func kickAttendance() {
        guard problem.patientCount > 0 else { return }
        let patient = PatientIndex(generator.below(problem.patientCount))
        let attended = state.attendedSessionDays(of: patient)
        guard !attended.isEmpty else { return }
        let sessionDay = attended[generator.below(attended.count)]
        guard state.mayWithdraw(patient, from: sessionDay) else { return }
        state.withdraw(patient, from: sessionDay)
        var options: [(sessionDay: Int, groups: [GroupIndex])] = []
        for other in 0..<problem.sessionDayCount where other != sessionDay && state.mayAttend(patient, other) {
            if let seating = state.cheapestSeating(of: patient, in: other, nodeBudget: 60) {
                options.append((other, seating.groups))
            }
        }
        guard !options.isEmpty else { return }
        let choice = options[generator.below(options.count)]
        state.seat(patient, in: choice.sessionDay, groups: choice.groups)
    }

    /// Moves one random patient to a random other group of the same slot that can take them.
    private mutating func kickSeat() {
        guard let id = randomGroup() else { return }
        let group = state.groups[id]
        guard group.members.count > problem.minSize[group.modality] else { return }
        let patient = group.members[generator.below(group.members.count)]
        let day = problem.day(ofSlot: group.slot)
        let targets = state.slotGroups[group.slot].filter { other in
            let target = state.groups[other]
            return other != id && target.cohort == group.cohort && state.hasSeat(other)
                && (target.modality == group.modality || state.mayTake(patient, target.modality, day: day))
                && !state.hasConflict(patient, in: other)
        }
        guard !targets.isEmpty else { return }
        let target = targets[generator.below(targets.count)]
        state.remove(patient, from: id)
        state.prepareSeat(in: target)
        state.add(patient, to: target)
    }

    /// Gives one random group a random other modality its size, members and clinicians allow.
    private mutating func kickModality() {
        guard let id = randomGroup() else { return }
        let group = state.groups[id]
        let day = problem.day(ofSlot: group.slot)
        let size = group.members.count
        let roomLimit = problem.capacity(ofRoom: group.room)
        let choices = (0..<problem.modalityCount).filter { modality in
            modality != group.modality && problem.isStaffed[modality] && size >= problem.minSize[modality]
                && size <= min(problem.maxSize[modality], roomLimit)
                && group.members.allSatisfy { state.mayTake($0, modality, day: day) }
                && (problem.isTrained(clinician: group.clinician, modality)
                    || state.freeClinician(for: modality, at: group.slot) != nil)
        }
        guard !choices.isEmpty else { return }
        let modality = choices[generator.below(choices.count)]
        if !problem.isTrained(clinician: group.clinician, modality) {
            state.setClinician(of: id, to: state.freeClinician(for: modality, at: group.slot)!)
        }
        state.setModality(of: id, to: modality)
    }

    private mutating func randomGroup() -> GroupIndex? {
        let open = state.groups.indices.filter { state.groups[$0].isOpen }
        return open.isEmpty ? nil : open[generator.below(open.count)]
    }
}
