import RosterKit

/// One group of a plan in progress, in the problem's indices.
struct PlannedGroup {
    var slot: Int
    var modality: Int
    var cohort: Int
    var clinician: Int
    /// Nil when the instance plans no rooms.
    var room: Int?
    var members: [PatientIndex]
    var isOpen: Bool
}

/// A roster under construction, with every count the hard rules and the objective need,
/// updated in O(1) per change, and a journal to undo a tentative move.
///
/// The primitives (`openGroup`, `add`, `attend`, ...) do not check the hard rules; the
/// constructive phase and the moves check before they change anything.
struct PlanState {
    let problem: GreedyProblem

    private(set) var groups = IndexedArray<GroupIndex, PlannedGroup>([])
    private var closedGroupIDs: [GroupIndex] = []
    /// Time slot -> open group ids.
    private(set) var slotGroups: [[GroupIndex]]
    /// `patient * slotCount + slot` -> group id, or `Self.none` (flat and narrow for the hot loops;
    /// read it through ``group(of:at:)``).
    private var memberGroup: [Int32]
    /// `patient * dayCount + day` -> attended session-day, or `Self.none` (see ``sessionDay(of:onDay:)``).
    private var attendance: [Int32]
    private(set) var hours: IndexedArray<PatientIndex, Int>
    private(set) var daysAttended: IndexedArray<PatientIndex, Int>
    /// `(patient * dayCount + day) * modalityCount + modality` -> groups attended.
    private(set) var modalityDayCount: [UInt8]
    /// `clinician * slotCount + slot` -> group id, or `Self.none`.
    private var clinicianGroup: [Int32]
    private(set) var clinicianWeek: [Int]
    /// `clinician * dayCount + day`.
    private(set) var clinicianDay: [Int]
    /// `room * slotCount + slot` -> group id, or `Self.none`.
    private var roomGroup: [Int32]
    /// Time slot -> capacity of the largest room free and available then (0: none).
    private(set) var largestFreeRoom: [Int]
    /// Previous patient-hours the plan does not hold, when re-planning prices them (else 0).
    private(set) var lostPreviousHours = 0
    /// Per clinician: most hours they may lead on one day while the construction shares their weekly
    /// hours out over the week (see ``GreedyConstruction``), below their own daily limit; nil: only the
    /// instance's limits. Not journaled: a limit on the construction, not part of the plan.
    var dayShare: [Int]?
    /// The objective's counts, kept up to date as the plan changes.
    private(set) var terms = ObjectiveTerms()

    private var journal: [Change] = []
    private var isRecording = false

    /// What the private flat tables hold where there is no group or session-day.
    private static let none: Int32 = -1

    init(_ problem: GreedyProblem) {
        self.problem = problem
        slotGroups = Array(repeating: [], count: problem.slotCount)
        memberGroup = Array(repeating: Self.none, count: problem.patientCount * problem.slotCount)
        attendance = Array(repeating: Self.none, count: problem.patientCount * problem.dayCount)
        hours = IndexedArray(repeating: 0, count: problem.patientCount)
        daysAttended = IndexedArray(repeating: 0, count: problem.patientCount)
        modalityDayCount = Array(repeating: 0, count: problem.patientCount * problem.dayCount * problem.modalityCount)
        clinicianGroup = Array(repeating: Self.none, count: problem.clinicianCount * problem.slotCount)
        clinicianWeek = Array(repeating: 0, count: problem.clinicianCount)
        clinicianDay = Array(repeating: 0, count: problem.clinicianCount * problem.dayCount)
        roomGroup = Array(repeating: Self.none, count: problem.roomCount * problem.slotCount)
        largestFreeRoom = Array(repeating: 0, count: problem.slotCount)
        for slot in 0..<problem.slotCount { updateLargestFreeRoom(at: slot) }
        terms.unmetHours = problem.weeklyHours.reduce(0, +)
        lostPreviousHours = problem.previousHourCount
    }

    /// The spec's objective of the plan.
    var total: Double { terms.total(problem.weights) }

    /// The objective plus re-planning's move penalty for every previous patient-hour the plan no
    /// longer holds (the objective alone when the problem prices none, see ``GreedyProblem/price(_:)``).
    var pricedTotal: Double { total + problem.movePenalty * Double(lostPreviousHours) }

    // MARK: Reading

    /// The group the patient sits in at `slot`, if any.
    @inline(__always) func group(of patient: PatientIndex, at slot: Int) -> GroupIndex? {
        let id = memberGroup[patient.rawValue * problem.slotCount + slot]
        return id == Self.none ? nil : GroupIndex(Int(id))
    }
    /// The session-day the patient attends on `day`, if any.
    @inline(__always) func sessionDay(of patient: PatientIndex, onDay day: Int) -> Int? {
        let sessionDay = attendance[patient.rawValue * problem.dayCount + day]
        return sessionDay == Self.none ? nil : Int(sessionDay)
    }
    @inline(__always) func modalityCount(_ patient: PatientIndex, day: Int, _ modality: Int) -> Int {
        Int(modalityDayCount[(patient.rawValue * problem.dayCount + day) * problem.modalityCount + modality])
    }
    @inline(__always) func clinicianIsFree(_ clinician: Int, at slot: Int) -> Bool {
        clinicianGroup[clinician * problem.slotCount + slot] == Self.none
    }
    @inline(__always) func roomIsFree(_ room: Int, at slot: Int) -> Bool {
        roomGroup[room * problem.slotCount + slot] == Self.none
    }
    @inline(__always) func unmetHours(of patient: PatientIndex) -> Int {
        max(0, problem.weeklyHours[patient] - hours[patient])
    }

    /// The most patients group `id` may hold: the modality's maximum, or its room's capacity if smaller.
    @inline(__always) func capacity(of id: GroupIndex) -> Int {
        let group = groups[id]
        return min(problem.maxSize[group.modality], problem.capacity(ofRoom: group.room))
    }

    /// Whether a separated patient already sits in group `id`.
    @inline(__always) func hasConflict(_ patient: PatientIndex, in id: GroupIndex) -> Bool {
        let slot = groups[id].slot
        for other in problem.separated[patient]
        where memberGroup[other.rawValue * problem.slotCount + slot] == Int32(id.rawValue) {
            return true
        }
        return false
    }

    /// Whether the patient may take one more group of `modality` on `day` (the same-modality limit).
    @inline(__always) func mayTake(_ patient: PatientIndex, _ modality: Int, day: Int) -> Bool {
        modalityCount(patient, day: day, modality) < problem.maxSame
    }

    /// Whether the clinician may lead one more group at `slot` (free, available, within hour limits).
    func clinicianCanLead(_ clinician: Int, at slot: Int) -> Bool {
        let sessionDay = problem.slotSessionDay[slot]
        let day = problem.sessionDayDay[sessionDay]
        return clinicianIsFree(clinician, at: slot) && problem.isAvailable(clinician: clinician, sessionDay)
            && clinicianWeek[clinician] < problem.clinicianMaxWeek[clinician]
            && clinicianDay[clinician * problem.dayCount + day] < dayLimit(of: clinician)
    }

    /// The most hours the clinician may lead on one day: their daily limit, cut by ``dayShare`` if set.
    @inline(__always) func dayLimit(of clinician: Int) -> Int {
        min(problem.clinicianMaxDay[clinician], dayShare?[clinician] ?? Int.max)
    }

    // MARK: Journal

    /// Starts recording changes; `rollBack()` undoes them, `commit()` keeps them.
    mutating func beginTrial() {
        precondition(!isRecording, "trials do not nest")
        journal.removeAll(keepingCapacity: true)
        isRecording = true
    }

    mutating func commit() {
        isRecording = false
        journal.removeAll(keepingCapacity: true)
    }

    mutating func rollBack() {
        isRecording = false
        while let change = journal.popLast() {
            switch change {
            case .opened(let id): close(id)
            case .closed(let id, let group): reopen(id, as: group)
            case .added(let id, let patient): remove(patient, from: id)
            case .removed(let id, let patient): add(patient, to: id)
            case .retyped(let id, let modality): setModality(of: id, to: modality)
            case .reassigned(let id, let clinician): setClinician(of: id, to: clinician)
            case .rehoused(let id, let room): setRoom(of: id, to: room)
            case .attended(let patient, let sessionDay): leave(patient, sessionDay)
            case .left(let patient, let sessionDay): attend(patient, sessionDay)
            }
        }
    }

    private enum Change {
        case opened(GroupIndex)
        /// The group as it was, since a later `openGroup` may reuse its id.
        case closed(GroupIndex, PlannedGroup)
        case added(GroupIndex, PatientIndex)
        case removed(GroupIndex, PatientIndex)
        case retyped(GroupIndex, modality: Int)
        case reassigned(GroupIndex, clinician: Int)
        case rehoused(GroupIndex, room: Int?)
        case attended(PatientIndex, sessionDay: Int)
        case left(PatientIndex, sessionDay: Int)
    }

    @inline(__always) private mutating func record(_ change: Change) {
        if isRecording { journal.append(change) }
    }

    // MARK: Groups

    /// Opens an empty group; returns its id.
    mutating func openGroup(slot: Int, modality: Int, cohort: Int, clinician: Int, room: Int?) -> GroupIndex {
        let group = PlannedGroup(
            slot: slot, modality: modality, cohort: cohort, clinician: clinician, room: room, members: [], isOpen: true)
        let id: GroupIndex
        if let reused = closedGroupIDs.popLast() {
            id = reused
            groups[id] = group
        } else {
            id = groups.append(group)
        }
        slotGroups[slot].append(id)
        bookResources(of: id, by: 1)
        terms.groups += 1
        record(.opened(id))
        return id
    }

    /// Closes an empty group.
    mutating func close(_ id: GroupIndex) {
        precondition(groups[id].isOpen && groups[id].members.isEmpty, "only empty open groups close")
        bookResources(of: id, by: -1)
        let slot = groups[id].slot
        if let position = slotGroups[slot].lastIndex(of: id) { slotGroups[slot].remove(at: position) }
        groups[id].isOpen = false
        closedGroupIDs.append(id)
        terms.groups -= 1
        record(.closed(id, groups[id]))
    }

    private mutating func reopen(_ id: GroupIndex, as group: PlannedGroup) {
        if let position = closedGroupIDs.lastIndex(of: id) { closedGroupIDs.remove(at: position) }
        groups[id] = group
        groups[id].isOpen = true
        slotGroups[groups[id].slot].append(id)
        bookResources(of: id, by: 1)
        terms.groups += 1
        record(.opened(id))
    }

    private mutating func bookResources(of id: GroupIndex, by step: Int) {
        let group = groups[id]
        let slotCount = problem.slotCount
        let day = problem.day(ofSlot: group.slot)
        clinicianGroup[group.clinician * slotCount + group.slot] = step > 0 ? Int32(id.rawValue) : Self.none
        clinicianWeek[group.clinician] += step
        clinicianDay[group.clinician * problem.dayCount + day] += step
        if let room = group.room {
            roomGroup[room * slotCount + group.slot] = step > 0 ? Int32(id.rawValue) : Self.none
            updateLargestFreeRoom(at: group.slot)
        }
    }

    private mutating func updateLargestFreeRoom(at slot: Int) {
        let sessionDay = problem.slotSessionDay[slot]
        largestFreeRoom[slot] = 0
        for room in problem.roomsBySize.reversed()
        where roomIsFree(room, at: slot) && problem.isAvailable(room: room, sessionDay) {
            largestFreeRoom[slot] = problem.roomCapacity[room]
            return
        }
    }

    mutating func setModality(of id: GroupIndex, to modality: Int) {
        let old = groups[id].modality
        guard old != modality else { return }
        let day = problem.day(ofSlot: groups[id].slot)
        let slot = groups[id].slot
        for patient in groups[id].members {
            count(patient, old, day: day, by: -1)
            count(patient, modality, day: day, by: 1)
            if problem.previouslySeats(patient, at: slot, in: old) { lostPreviousHours += 1 }
            if problem.previouslySeats(patient, at: slot, in: modality) { lostPreviousHours -= 1 }
        }
        groups[id].modality = modality
        record(.retyped(id, modality: old))
    }

    mutating func setClinician(of id: GroupIndex, to clinician: Int) {
        let old = groups[id].clinician
        guard old != clinician else { return }
        let slot = groups[id].slot
        let day = problem.day(ofSlot: slot)
        clinicianGroup[old * problem.slotCount + slot] = Self.none
        clinicianWeek[old] -= 1
        clinicianDay[old * problem.dayCount + day] -= 1
        clinicianGroup[clinician * problem.slotCount + slot] = Int32(id.rawValue)
        clinicianWeek[clinician] += 1
        clinicianDay[clinician * problem.dayCount + day] += 1
        groups[id].clinician = clinician
        record(.reassigned(id, clinician: old))
    }

    mutating func setRoom(of id: GroupIndex, to room: Int?) {
        let old = groups[id].room
        guard old != room else { return }
        let slot = groups[id].slot
        if let old { roomGroup[old * problem.slotCount + slot] = Self.none }
        if let room { roomGroup[room * problem.slotCount + slot] = Int32(id.rawValue) }
        updateLargestFreeRoom(at: slot)
        groups[id].room = room
        record(.rehoused(id, room: old))
    }

    // MARK: Patients

    /// Seats the patient in a group (one hour).
    mutating func add(_ patient: PatientIndex, to id: GroupIndex) {
        let group = groups[id]
        groups[id].members.append(patient)
        memberGroup[patient.rawValue * problem.slotCount + group.slot] = Int32(id.rawValue)
        count(patient, group.modality, day: problem.day(ofSlot: group.slot), by: 1)
        changeHours(of: patient, by: 1)
        if problem.previouslySeats(patient, at: group.slot, in: group.modality) { lostPreviousHours -= 1 }
        record(.added(id, patient))
    }

    /// Takes the patient out of a group (one hour).
    mutating func remove(_ patient: PatientIndex, from id: GroupIndex) {
        let group = groups[id]
        if let position = groups[id].members.lastIndex(of: patient) { groups[id].members.remove(at: position) }
        memberGroup[patient.rawValue * problem.slotCount + group.slot] = Self.none
        count(patient, group.modality, day: problem.day(ofSlot: group.slot), by: -1)
        changeHours(of: patient, by: -1)
        if problem.previouslySeats(patient, at: group.slot, in: group.modality) { lostPreviousHours += 1 }
        record(.removed(id, patient))
    }

    /// Marks the patient as coming to a session-day (days and continuity); seat them in its groups separately.
    mutating func attend(_ patient: PatientIndex, _ sessionDay: Int) {
        let day = problem.sessionDayDay[sessionDay]
        attendance[patient.rawValue * problem.dayCount + day] = Int32(sessionDay)
        daysAttended[patient] += 1
        terms.continuityBreaks += problem.breakCount(patient: patient, sessionDay)
        record(.attended(patient, sessionDay: sessionDay))
    }

    mutating func leave(_ patient: PatientIndex, _ sessionDay: Int) {
        let day = problem.sessionDayDay[sessionDay]
        attendance[patient.rawValue * problem.dayCount + day] = Self.none
        daysAttended[patient] -= 1
        terms.continuityBreaks -= problem.breakCount(patient: patient, sessionDay)
        record(.left(patient, sessionDay: sessionDay))
    }

    @inline(__always) private mutating func count(_ patient: PatientIndex, _ modality: Int, day: Int, by step: Int) {
        let position = (patient.rawValue * problem.dayCount + day) * problem.modalityCount + modality
        modalityDayCount[position] = UInt8(Int(modalityDayCount[position]) + step)
        switch problem.preferenceKind(patient: patient, modality: modality) {
        case 1: terms.secondaryModalityHours += step
        case 2: terms.otherModalityHours += step
        default: break
        }
    }

    @inline(__always) private mutating func changeHours(of patient: PatientIndex, by step: Int) {
        let weekly = problem.weeklyHours[patient]
        let before = max(0, weekly - hours[patient])
        hours[patient] += step
        terms.unmetHours += max(0, weekly - hours[patient]) - before
    }

    // MARK: Composite helpers

    /// Takes the patient out of every group of the session-day and marks them absent.
    mutating func withdraw(_ patient: PatientIndex, from sessionDay: Int) {
        for slot in problem.slots(of: sessionDay) {
            if let id = group(of: patient, at: slot) { remove(patient, from: id) }
        }
        leave(patient, sessionDay)
    }

    /// The open groups at `slot` of one cohort.
    func groups(at slot: Int, cohort: Int) -> [GroupIndex] {
        slotGroups[slot].filter { groups[$0].cohort == cohort }
    }
}
