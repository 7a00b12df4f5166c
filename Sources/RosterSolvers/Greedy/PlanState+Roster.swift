import RosterKit

extension PlanState {
    /// The plan as a roster, groups and patients in the stable file order.
    func roster() -> Roster {
        let instance = problem.index.instance
        let groups = groups.filter(\.isOpen).map { group in
            Group(
                timeSlot: TimeSlot(
                    problem.sessionDays[problem.slotSessionDay[group.slot]], slot: problem.slotNumber[group.slot]),
                modality: problem.modalities[group.modality], cohort: problem.cohorts[group.cohort],
                clinician: problem.clinicianIDs[group.clinician],
                room: group.room.map { problem.roomIDs[$0] },
                patients: group.members.map { problem.patientIDs[$0] })
        }
        return Roster(instanceName: instance.name, groups: groups).sorted(by: problem.index)
    }

    /// Reads a roster back into a plan; nil when a group names something the plan cannot hold
    /// (check the roster first: a valid roster always reads back).
    init?(_ problem: GreedyProblem, roster: Roster) {
        self.init(problem)
        for group in roster.groups {
            guard let (sessionDay, slot) = problem.slot(of: group.timeSlot),
                let modality = problem.modalityNumber[group.modality], let cohort = problem.cohortNumber[group.cohort],
                let clinician = problem.clinicianNumber[group.clinician]
            else { return nil }
            var room: Int?
            if problem.plansRooms {
                guard let number = group.room.flatMap({ problem.roomNumber[$0] }) else { return nil }
                room = number
            }
            guard clinicianIsFree(clinician, at: slot), room.map({ roomIsFree($0, at: slot) }) ?? true else {
                return nil
            }
            let id = openGroup(slot: slot, modality: modality, cohort: cohort, clinician: clinician, room: room)
            for patientID in group.patients {
                guard let patient = problem.patientNumber[patientID], self.group(of: patient, at: slot) == nil else {
                    return nil
                }
                let day = problem.sessionDayDay[sessionDay]
                switch self.sessionDay(of: patient, onDay: day) {
                case nil: attend(patient, sessionDay)
                case .some(sessionDay): break
                default: return nil
                }
                add(patient, to: id)
            }
        }
    }
}
