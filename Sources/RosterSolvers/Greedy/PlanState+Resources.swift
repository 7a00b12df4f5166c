extension PlanState {
    /// A clinician who may lead a `modality` group at `slot`: the least versatile free one, so the
    /// versatile stay free for modalities few can lead.
    func freeClinician(for modality: Int, at slot: Int) -> Int? {
        problem.cliniciansFor[modality].first { clinicianCanLead($0, at: slot) }
    }

    /// Like ``freeClinician(for:at:)``, but first of those with the most hours left for the rest of
    /// the session-day (``hoursLeft(of:from:)``): clinicians whose daily or weekly limit cuts the
    /// session-day short go last, so that the later slots still find them free.
    func freeClinicianWithMostHoursLeft(for modality: Int, at slot: Int) -> Int? {
        var best: Int?
        var bestLeft = 0
        for clinician in problem.cliniciansFor[modality] where clinicianCanLead(clinician, at: slot) {
            let left = hoursLeft(of: clinician, from: slot)
            if best == nil || left > bestLeft {
                best = clinician
                bestLeft = left
            }
        }
        return best
    }

    /// Hours the clinician may still lead in the slot's session-day from `slot` on: the slots left,
    /// cut by what their daily and weekly limits leave (clinicians no limit binds tie).
    func hoursLeft(of clinician: Int, from slot: Int) -> Int {
        let sessionDay = problem.slotSessionDay[slot]
        let day = problem.sessionDayDay[sessionDay]
        return min(
            problem.slots(of: sessionDay).upperBound - slot,
            dayLimit(of: clinician) - clinicianDay[clinician * problem.dayCount + day],
            problem.clinicianMaxWeek[clinician] - clinicianWeek[clinician])
    }

    /// A room for a group of about `size` at `slot`: the smallest free room that holds `size`, else
    /// the largest free room that holds at least `minimum`. `.some(nil)` when rooms are not
    /// planned (the group needs none), `nil` when no room will do.
    func freeRoom(at slot: Int, holding size: Int, atLeast minimum: Int) -> Int?? {
        guard problem.plansRooms else { return .some(nil) }
        let sessionDay = problem.slotSessionDay[slot]
        var fallback: Int?
        for room in problem.roomsBySize where roomIsFree(room, at: slot) && problem.isAvailable(room: room, sessionDay)
        {
            let capacity = problem.roomCapacity[room]
            if capacity >= size { return .some(room) }
            if capacity >= minimum { fallback = room }
        }
        return fallback.map { .some($0) }
    }

    /// Whether group `id` can take one more patient: below its modality's maximum, and in a room
    /// that holds one more, or with a bigger room free at its slot.
    func hasSeat(_ id: GroupIndex) -> Bool {
        let group = groups[id]
        let size = group.members.count
        guard size < problem.maxSize[group.modality] else { return false }
        return problem.capacity(ofRoom: group.room) > size || biggerRoom(for: id) != nil
    }

    /// Moves group `id` to a bigger free room if its room is full (see ``hasSeat(_:)``).
    mutating func prepareSeat(in id: GroupIndex) {
        let group = groups[id]
        guard problem.capacity(ofRoom: group.room) <= group.members.count, let room = biggerRoom(for: id)
        else { return }
        setRoom(of: id, to: room)
    }

    /// A free room at the group's slot that holds one more than the group has (the largest, so
    /// that the group can keep growing there).
    private func biggerRoom(for id: GroupIndex) -> Int? {
        let group = groups[id]
        let sessionDay = problem.slotSessionDay[group.slot]
        let needed = group.members.count + 1
        guard largestFreeRoom[group.slot] >= needed else { return nil }
        for room in problem.roomsBySize.reversed() {
            guard problem.roomCapacity[room] >= needed else { return nil }
            if roomIsFree(room, at: group.slot) && problem.isAvailable(room: room, sessionDay) { return room }
        }
        return nil
    }

    /// The session-days a patient attends, in calendar order.
    func attendedSessionDays(of patient: PatientIndex) -> [Int] {
        (0..<problem.dayCount).compactMap { day in self.sessionDay(of: patient, onDay: day) }
    }

    /// The patients attending a session-day, by patient number.
    func attendees(of sessionDay: Int) -> [PatientIndex] {
        let day = problem.sessionDayDay[sessionDay]
        return problem.patients.filter { self.sessionDay(of: $0, onDay: day) == sessionDay }
    }

    /// Whether every group of the session-day holds at least its modality's minimum.
    func holdsMinimum(_ sessionDay: Int) -> Bool {
        problem.slots(of: sessionDay).allSatisfy { slot in
            slotGroups[slot].allSatisfy { groups[$0].members.count >= problem.minSize[groups[$0].modality] }
        }
    }

    /// Empties every group of a session-day, closes them and marks its attendees absent.
    mutating func clear(_ sessionDay: Int, attendees: [PatientIndex]) {
        for slot in problem.slots(of: sessionDay) {
            for id in slotGroups[slot] {
                for member in groups[id].members.reversed() { remove(member, from: id) }
            }
            while let id = slotGroups[slot].last { close(id) }
        }
        for patient in attendees
        where self.sessionDay(of: patient, onDay: problem.sessionDayDay[sessionDay]) == sessionDay {
            leave(patient, sessionDay)
        }
    }
}
