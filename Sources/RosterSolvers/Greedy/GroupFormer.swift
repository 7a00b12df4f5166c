/// Splits the patients attending a session-day into groups, slot by slot, with clinicians and rooms.
///
/// Each slot is formed by preference (`GroupFormer+Preference.swift`), and when that leaves
/// someone out, also clinician by clinician for coverage (`GroupFormer+Coverage.swift`); the
/// better is kept. A patient left without a seat in some slot is dropped from the whole
/// session-day (full sessions only), and the session-day is formed again without them. Two plans
/// for the hours the same-modality limit keeps off-track are tried, and the better one kept.
struct GroupFormer {
    let problem: GreedyProblem
    /// Scratch marks, one per patient.
    private var marked: IndexedArray<PatientIndex, Bool>
    /// Per patient: the first slot of their off-track turn in the session-day being formed, if any.
    private var offTrackTurn: IndexedArray<PatientIndex, Int?>
    /// Asked before each slot and each new group; once it says yes, forming stops half-done
    /// (`wasStopped`) and the caller rolls the session-day back.
    private let shouldStop: () -> Bool
    /// Whether `shouldStop` ended a `form`: the session-day is half-formed and must be rolled back.
    private(set) var wasStopped = false
    /// Most groups a slot may open while a session-day is formed with a cap (see `form`); nil: no cap.
    private var groupCap: Int?

    init(problem: GreedyProblem, shouldStop: @escaping () -> Bool = { false }) {
        self.problem = problem
        self.shouldStop = shouldStop
        marked = IndexedArray(repeating: false, count: problem.patientCount)
        offTrackTurn = IndexedArray(repeating: nil, count: problem.patientCount)
    }

    /// When patients take the hours their track cannot fill (the same-modality limit).
    enum OffTrackPlan {
        /// Track while allowed; the other hours come last (everyone off-track in the same slots).
        case whenNeeded
        /// Each track's patients take turns: about one in `hours` is off-track in each slot,
        /// so off-track patients can join other tracks' groups.
        case rotating
    }

    /// Forms `sessionDay` for `attendees`, none of whom attends it yet, with whichever off-track
    /// plan gives the lower objective.
    ///
    /// Forming slot by slot, the first slots may spend the hours of clinicians whose daily or
    /// weekly limit is shorter than the session (2 of 3 hours, say), so the last slot runs fewer
    /// groups and everyone it cannot seat is dropped from the whole session-day. When patients
    /// were dropped and the clinicians' hours left cannot keep every slot as staffed as the first,
    /// the session-day is also formed with at most as many groups a slot as those hours sustain
    /// (``sustainableGroups(_:in:)``), and the better of the two is kept.
    /// - Returns: the attendees who had to be dropped (they do not attend).
    mutating func form(_ sessionDay: Int, attendees: [PatientIndex], in state: inout PlanState) -> [PatientIndex] {
        let sustainable = sustainableGroups(sessionDay, in: state)
        let dropped = formEitherPlan(sessionDay, attendees: attendees, in: &state)
        guard groupCap == nil, !dropped.isEmpty, !wasStopped, let sustainable else { return dropped }
        let uncapped = state.total
        state.clear(sessionDay, attendees: attendees)
        groupCap = sustainable
        let capped = formEitherPlan(sessionDay, attendees: attendees, in: &state)
        groupCap = nil
        guard !wasStopped, state.total >= uncapped - 1e-9 else { return capped }
        state.clear(sessionDay, attendees: attendees)
        return formEitherPlan(sessionDay, attendees: attendees, in: &state)
    }

    /// The groups a slot of the session-day can run in every slot when the hours its clinicians
    /// have left (each at most the session's length) are shared evenly; nil when that does not
    /// cut below the clinicians free at its first slot (no cap would change anything).
    func sustainableGroups(_ sessionDay: Int, in state: PlanState) -> Int? {
        let slots = problem.slots(of: sessionDay)
        guard slots.count > 1 else { return nil }
        var hours = 0
        var leaders = 0
        for clinician in 0..<problem.clinicianCount where state.clinicianCanLead(clinician, at: slots.lowerBound) {
            guard problem.staffedModalities.contains(where: { problem.isTrained(clinician: clinician, $0) }) else {
                continue
            }
            leaders += 1
            hours += state.hoursLeft(of: clinician, from: slots.lowerBound)
        }
        let sustainable = hours / slots.count
        return sustainable > 0 && sustainable < leaders ? sustainable : nil
    }

    /// Whether a slot may open one more group (the cap of a capped forming, see `form`).
    func mayOpenGroup(at slot: Int, in state: PlanState) -> Bool {
        groupCap.map { state.slotGroups[slot].count < $0 } ?? true
    }

    /// A free clinician for a new `modality` group at `slot` (``PlanState/freeClinician(for:at:)``;
    /// in a capped forming, ``PlanState/freeClinicianWithMostHoursLeft(for:at:)``), nil when the
    /// slot may open no more groups.
    func leader(for modality: Int, at slot: Int, in state: PlanState) -> Int? {
        guard isCapped else { return state.freeClinician(for: modality, at: slot) }
        guard mayOpenGroup(at: slot, in: state) else { return nil }
        return state.freeClinicianWithMostHoursLeft(for: modality, at: slot)
    }

    /// Whether a capped forming is under way (clinicians are then taken by hours left first).
    var isCapped: Bool { groupCap != nil }

    /// ``form(_:attendees:in:)`` without the capped try: whichever off-track plan is better.
    private mutating func formEitherPlan(_ sessionDay: Int, attendees: [PatientIndex], in state: inout PlanState)
        -> [PatientIndex]
    {
        guard problem.sessionDayHours[sessionDay] > problem.maxSame, attendees.count > 1 else {
            return form(sessionDay, attendees: attendees, plan: .whenNeeded, in: &state)
        }
        _ = form(sessionDay, attendees: attendees, plan: .rotating, in: &state)
        if wasStopped { return [] }
        let rotating = state.total
        state.clear(sessionDay, attendees: attendees)
        let dropped = form(sessionDay, attendees: attendees, plan: .whenNeeded, in: &state)
        guard !wasStopped, rotating < state.total - 1e-9 else { return dropped }
        state.clear(sessionDay, attendees: attendees)
        return form(sessionDay, attendees: attendees, plan: .rotating, in: &state)
    }

    /// Forms `sessionDay` for `attendees` with one off-track plan.
    mutating func form(
        _ sessionDay: Int, attendees: [PatientIndex], plan: OffTrackPlan, in state: inout PlanState
    ) -> [PatientIndex] {
        var current = attendees
        var dropped: [PatientIndex] = []
        while !current.isEmpty {
            for patient in current { state.attend(patient, sessionDay) }
            setOffTrackTurns(for: current, plan: plan, hours: problem.sessionDayHours[sessionDay])
            var seated = current
            var lost: [PatientIndex] = []
            for slot in problem.slots(of: sessionDay) {
                if stopping() { return dropped }
                let unseated = formSlot(slot, patients: seated, in: &state)
                guard !unseated.isEmpty else { continue }
                lost += unseated
                seated = without(unseated, from: seated)
            }
            for patient in current { offTrackTurn[patient] = nil }
            if lost.isEmpty { return dropped }
            dropped += lost
            // Cheap way out: the lost leave, and every group keeps its minimum.
            for patient in lost {
                for slot in problem.slots(of: sessionDay) {
                    if let id = state.group(of: patient, at: slot) { state.remove(patient, from: id) }
                }
            }
            if state.holdsMinimum(sessionDay) {
                for patient in lost { state.leave(patient, sessionDay) }
                return dropped
            }
            state.clear(sessionDay, attendees: current)
            current = without(lost, from: current)
        }
        return dropped
    }

    /// Whether to stop now; remembers a yes in `wasStopped`.
    mutating func stopping() -> Bool {
        if !wasStopped, shouldStop() { wasStopped = true }
        return wasStopped
    }

    /// Gives each patient the first slot (0-based) of their off-track turn (none unless rotating).
    private mutating func setOffTrackTurns(for patients: [PatientIndex], plan: OffTrackPlan, hours: Int) {
        guard plan == .rotating else { return }
        var seen = [Int](repeating: 0, count: problem.cohorts.count * problem.modalityCount)
        for patient in patients.sorted() {
            let key = problem.cohortOf[patient] * problem.modalityCount + problem.trackOf[patient]
            offTrackTurn[patient] = seen[key] % hours
            seen[key] += 1
        }
    }

    /// Whether the patient's off-track plan asks for a non-track group at this slot.
    @inline(__always) func wantsOffTrack(_ patient: PatientIndex, at slot: Int) -> Bool {
        guard let turn = offTrackTurn[patient] else { return false }
        let hours = problem.sessionDayHours[problem.slotSessionDay[slot]]
        let offHours = hours - problem.maxSame
        return ((problem.slotNumber[slot] - 1 - turn) % hours + hours) % hours < offHours
    }

    /// `list` without the patients in `removed`, in order.
    mutating func without(_ removed: [PatientIndex], from list: [PatientIndex]) -> [PatientIndex] {
        for patient in removed { marked[patient] = true }
        let kept = list.filter { !marked[$0] }
        for patient in removed { marked[patient] = false }
        return kept
    }

    // MARK: One slot

    /// Seats `patients` at `slot` (which holds no group yet); returns those it could not seat.
    ///
    /// Preferences first; when that leaves someone out, the slot is formed again clinician by
    /// clinician for coverage, and the better of the two is kept.
    mutating func formSlot(_ slot: Int, patients: [PatientIndex], in state: inout PlanState) -> [PatientIndex] {
        let preferred = formSlotByPreference(slot, patients: patients, in: &state)
        guard !preferred.isEmpty else { return preferred }
        clearSlot(slot, in: &state)
        let covered = formSlotByCoverage(slot, patients: patients, in: &state)
        if covered.count < preferred.count { return covered }
        clearSlot(slot, in: &state)
        return formSlotByPreference(slot, patients: patients, in: &state)
    }

    func clearSlot(_ slot: Int, in state: inout PlanState) {
        for id in state.slotGroups[slot] {
            for member in state.groups[id].members.reversed() { state.remove(member, from: id) }
        }
        while let id = state.slotGroups[slot].last { state.close(id) }
    }
}
