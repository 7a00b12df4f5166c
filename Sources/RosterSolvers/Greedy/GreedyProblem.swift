import RosterKit

/// The instance in whole-number indices, for the greedy solver's inner loops.
///
/// Session-days are numbered day by day (`sd = day * sessionCount + session`), time slots in
/// calendar order, and every per-entity table is a flat array. Built once per solve, in instance
/// order, so nothing depends on hash order.
final class GreedyProblem {
    let index: InstanceIndex
    let weights: Weights

    // MARK: Re-planning's move price

    /// `patient * slotCount + slot` -> the previous roster's modality there, or -1; empty when no
    /// previous roster is priced (see ``price(_:)``).
    private(set) var previousModality: [Int16] = []
    /// The previous roster's patient-hours, each patient and slot once.
    private(set) var previousHourCount = 0
    /// Points a plan pays per previous patient-hour it no longer has (0: none priced).
    private(set) var movePenalty = 0.0

    // MARK: Calendar

    let dayCount: Int
    let sessionCount: Int
    /// Session-day number -> the session-day.
    let sessionDays: [SessionDay]
    let sessionDayOf: [SessionDay: Int]
    let sessionDayDay: [Int]
    let sessionDayHours: [Int]
    /// Time slot number of each session-day's first slot; its slots follow on.
    let sessionDayFirstSlot: [Int]
    let slotCount: Int
    let slotSessionDay: [Int]
    /// Slot number within its session, 1-based.
    let slotNumber: [Int]

    // MARK: Modalities and cohorts

    let modalities: [Modality]
    let modalityCount: Int
    let minSize: [Int]
    let maxSize: [Int]
    let maxSame: Int
    /// Whether some clinician is trained in the modality (and may lead at all).
    let isStaffed: [Bool]
    /// The staffed modalities, in index order.
    let staffedModalities: [Int]
    /// The fewest members a group of any staffed modality may have; nil when none is staffed.
    let smallestGroupSize: Int?
    let cohorts: [String]

    // MARK: Patients

    let patientCount: Int
    /// Every patient's index, in instance order.
    var patients: Range<PatientIndex> { PatientIndex(0)..<PatientIndex(patientCount) }
    let patientIDs: IndexedArray<PatientIndex, PatientID>
    let cohortOf: IndexedArray<PatientIndex, Int>
    let trackOf: IndexedArray<PatientIndex, Int>
    /// The second choice's index, if any.
    let secondaryOf: IndexedArray<PatientIndex, Int?>
    let weeklyHours: IndexedArray<PatientIndex, Int>
    let maxDays: IndexedArray<PatientIndex, Int>
    /// `patient * sessionDayCount + sd`.
    let patientAvailable: [Bool]
    let hasPrevious: IndexedArray<PatientIndex, Bool>
    /// `patient * sessionDayCount + sd`: attended last week.
    let previous: [Bool]
    /// The patients each patient must not share a group with, in index order.
    let separated: IndexedArray<PatientIndex, [PatientIndex]>
    /// `patient * modalityCount + modality`: the objective's cost of one hour in that modality.
    let preferenceCost: [Double]
    /// `patient * modalityCount + modality`: 0 track, 1 secondary, 2 other.
    private let preferenceKind: [UInt8]

    // MARK: Clinicians and rooms

    let clinicianCount: Int
    let clinicianIDs: [ClinicianID]
    /// `clinician * modalityCount + modality`.
    let trained: [Bool]
    /// `clinician * sessionDayCount + sd`.
    let clinicianAvailable: [Bool]
    let clinicianMaxWeek: [Int]
    let clinicianMaxDay: [Int]
    /// For each modality, its trained clinicians, least versatile first.
    let cliniciansFor: [[Int]]

    let plansRooms: Bool
    let roomCount: Int
    let roomIDs: [RoomID]
    let roomCapacity: [Int]
    /// `room * sessionDayCount + sd`.
    let roomAvailable: [Bool]
    /// Rooms by capacity, smallest first (ties by listed order).
    let roomsBySize: [Int]

    let sessionDayCount: Int

    // MARK: Numbers of ids, for reading a roster back

    let patientNumber: [PatientID: PatientIndex]
    let clinicianNumber: [ClinicianID: Int]
    let roomNumber: [RoomID: Int]
    let modalityNumber: [Modality: Int]
    let cohortNumber: [String: Int]

    init(_ index: InstanceIndex) {
        self.index = index
        let instance = index.instance
        let policy = instance.policy
        weights = policy.weights

        dayCount = instance.days.count
        sessionCount = instance.sessions.count
        var sessionDays: [SessionDay] = []
        var sessionDayDay: [Int] = []
        var sessionDayHours: [Int] = []
        var sessionDayFirstSlot: [Int] = []
        var slotSessionDay: [Int] = []
        var slotNumber: [Int] = []
        for (day, dayName) in instance.days.enumerated() {
            for session in instance.sessions {
                sessionDayFirstSlot.append(slotSessionDay.count)
                sessionDayDay.append(day)
                sessionDayHours.append(session.hours)
                for slot in session.slots {
                    slotSessionDay.append(sessionDays.count)
                    slotNumber.append(slot)
                }
                sessionDays.append(SessionDay(day: dayName, session: session.id))
            }
        }
        self.sessionDays = sessionDays
        sessionDayCount = sessionDays.count
        sessionDayOf = Dictionary(sessionDays.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        self.sessionDayDay = sessionDayDay
        self.sessionDayHours = sessionDayHours
        self.sessionDayFirstSlot = sessionDayFirstSlot
        self.slotSessionDay = slotSessionDay
        self.slotNumber = slotNumber
        slotCount = slotSessionDay.count

        let modalityList = instance.modalities
        modalities = modalityList
        modalityCount = modalities.count
        let minSize = modalities.map { policy.sizeRange(for: $0).lowerBound }
        self.minSize = minSize
        maxSize = modalities.map { policy.sizeRange(for: $0).upperBound }
        maxSame = policy.maxSameModalityPerDay
        let modalityOf = Dictionary(modalities.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        modalityNumber = modalityOf
        cohorts = Array(Set(instance.patients.map(\.cohort))).sorted()
        let cohortNumber = Dictionary(cohorts.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        self.cohortNumber = cohortNumber

        let patients = instance.patients
        patientCount = patients.count
        let patientIDs = IndexedArray<PatientIndex, PatientID>(patients.map(\.id))
        self.patientIDs = patientIDs
        cohortOf = IndexedArray(patients.map { cohortNumber[$0.cohort]! })
        trackOf = IndexedArray(patients.map { modalityOf[$0.track] ?? 0 })
        secondaryOf = IndexedArray(patients.map { patient in patient.secondary.flatMap { modalityOf[$0] } })
        weeklyHours = IndexedArray(patients.map { max(0, $0.weeklyHours) })
        maxDays = IndexedArray(patients.map { max(0, $0.maxDaysPerWeek ?? Int.max) })
        patientAvailable = patients.flatMap { patient in sessionDays.map { patient.availability.allows($0) } }
        hasPrevious = IndexedArray(patients.map { $0.previous != nil })
        previous = patients.flatMap { patient in
            let last = Set(patient.previous ?? [])
            return sessionDays.map { last.contains($0) }
        }
        let patientNumber = Dictionary(
            patientIDs.indices.map { (patientIDs[$0], $0) }, uniquingKeysWith: { first, _ in first })
        self.patientNumber = patientNumber
        separated = IndexedArray(
            patients.map { patient in (index.separations[patient.id] ?? []).compactMap { patientNumber[$0] }.sorted() })
        let weights = policy.weights
        // Every modality is `other`, then the secondary and the track are looked up (as
        // `Patient.preference(for:)` ranks them): linear in patients x modalities.
        var preferenceCost = [Double](repeating: weights.otherModalityHour, count: patients.count * modalityCount)
        var preferenceKind = [UInt8](repeating: 2, count: patients.count * modalityCount)
        for (number, patient) in patients.enumerated() {
            let row = number * modalityCount
            if let secondary = patient.secondary.flatMap({ modalityOf[$0] }) {
                preferenceCost[row + secondary] = weights.secondaryModalityHour
                preferenceKind[row + secondary] = 1
            }
            if let track = modalityOf[patient.track] {
                preferenceCost[row + track] = 0
                preferenceKind[row + track] = 0
            }
        }
        self.preferenceCost = preferenceCost
        self.preferenceKind = preferenceKind

        let clinicians = instance.clinicians
        clinicianCount = clinicians.count
        clinicianIDs = clinicians.map(\.id)
        clinicianNumber = Dictionary(
            clinicianIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var trained = [Bool](repeating: false, count: clinicians.count * modalityCount)
        for (number, clinician) in clinicians.enumerated() {
            for modality in clinician.modalities {
                if let modality = modalityOf[modality] { trained[number * modalityCount + modality] = true }
            }
        }
        self.trained = trained
        clinicianAvailable = clinicians.flatMap { clinician in sessionDays.map { clinician.availability.allows($0) } }
        clinicianMaxWeek = clinicians.map { max(0, $0.maxHoursPerWeek ?? Int.max) }
        clinicianMaxDay = clinicians.map { max(0, $0.maxHoursPerDay ?? Int.max) }
        let versatility = clinicians.map { clinician in Set(clinician.modalities.compactMap { modalityOf[$0] }).count }
        cliniciansFor = modalityList.indices.map { modality in
            clinicians.indices.filter {
                trained[$0 * modalityList.count + modality] && clinicians[$0].maxHoursPerWeek != 0
                    && clinicians[$0].maxHoursPerDay != 0
            }
            .sorted { (versatility[$0], $0) < (versatility[$1], $1) }
        }
        let staffed = cliniciansFor.map { !$0.isEmpty }
        isStaffed = staffed
        let staffedModalities = staffed.indices.filter { staffed[$0] }
        self.staffedModalities = staffedModalities
        smallestGroupSize = staffedModalities.map { minSize[$0] }.min()

        plansRooms = instance.plansRooms
        roomCount = instance.rooms.count
        roomIDs = instance.rooms.map(\.id)
        roomNumber = Dictionary(roomIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        roomCapacity = instance.rooms.map(\.capacity)
        roomAvailable = instance.rooms.flatMap { room in sessionDays.map { room.availability.allows($0) } }
        let capacities = roomCapacity
        roomsBySize = instance.rooms.indices.sorted { (capacities[$0], $0) < (capacities[$1], $1) }
    }

    /// Makes every plan of this problem pay `price.penalty` per patient-hour of `price.previous`
    /// it does not hold (``PlanState/total``); call it before the first plan is made.
    func price(_ price: MovePrice) {
        var modality = [Int16](repeating: -1, count: patientCount * slotCount)
        var count = 0
        for seat in seats(of: price.previous) where modality[seat.patient.rawValue * slotCount + seat.slot] < 0 {
            modality[seat.patient.rawValue * slotCount + seat.slot] = Int16(seat.modality)
            count += 1
        }
        previousModality = modality
        previousHourCount = count
        movePenalty = price.penalty
    }

    /// Whether a previous roster's patient-hours are priced (``price(_:)``).
    @inline(__always) var isPriced: Bool { !previousModality.isEmpty }

    /// Whether the previous roster seats the patient at `slot` in `modality` (false when none is priced).
    @inline(__always) func previouslySeats(_ patient: PatientIndex, at slot: Int, in modality: Int) -> Bool {
        isPriced && previousModality[patient.rawValue * slotCount + slot] == Int16(modality)
    }

    // MARK: Lookups

    /// The session-day and plan slot of a roster's time slot; nil when the week has no such
    /// session-day or its session no such hour.
    func slot(of timeSlot: TimeSlot) -> (sessionDay: Int, slot: Int)? {
        guard let sessionDay = sessionDayOf[timeSlot.sessionDay],
            (1...sessionDayHours[sessionDay]).contains(timeSlot.slot)
        else { return nil }
        return (sessionDay, sessionDayFirstSlot[sessionDay] + timeSlot.slot - 1)
    }

    /// A roster's seats in the plan's numbers, group by group and patient by patient in the
    /// roster's order; seats of groups outside the week and of unknown modalities or patients are
    /// left out.
    func seats(of roster: Roster) -> [(patient: PatientIndex, sessionDay: Int, slot: Int, modality: Int)] {
        var seats: [(patient: PatientIndex, sessionDay: Int, slot: Int, modality: Int)] = []
        for group in roster.groups {
            guard let (sessionDay, slot) = slot(of: group.timeSlot), let modality = modalityNumber[group.modality]
            else { continue }
            for id in group.patients {
                guard let patient = patientNumber[id] else { continue }
                seats.append((patient, sessionDay, slot, modality))
            }
        }
        return seats
    }

    @inline(__always) func day(ofSlot slot: Int) -> Int { sessionDayDay[slotSessionDay[slot]] }
    @inline(__always) func slots(of sessionDay: Int) -> Range<Int> {
        let first = sessionDayFirstSlot[sessionDay]
        return first..<(first + sessionDayHours[sessionDay])
    }
    @inline(__always) func isAvailable(patient: PatientIndex, _ sessionDay: Int) -> Bool {
        patientAvailable[patient.rawValue * sessionDayCount + sessionDay]
    }
    @inline(__always) func attendedLastWeek(patient: PatientIndex, _ sessionDay: Int) -> Bool {
        previous[patient.rawValue * sessionDayCount + sessionDay]
    }
    @inline(__always) func cost(patient: PatientIndex, modality: Int) -> Double {
        preferenceCost[patient.rawValue * modalityCount + modality]
    }
    /// How the modality ranks for the patient: 0 their track, 1 their second choice, 2 other.
    @inline(__always) func preferenceKind(patient: PatientIndex, modality: Int) -> UInt8 {
        preferenceKind[patient.rawValue * modalityCount + modality]
    }
    /// The capacity of a planned group's room, or no limit when rooms are not planned.
    @inline(__always) func capacity(ofRoom room: Int?) -> Int { room.map { roomCapacity[$0] } ?? Int.max }
    @inline(__always) func isTrained(clinician: Int, _ modality: Int) -> Bool {
        trained[clinician * modalityCount + modality]
    }
    @inline(__always) func isAvailable(clinician: Int, _ sessionDay: Int) -> Bool {
        clinicianAvailable[clinician * sessionDayCount + sessionDay]
    }
    @inline(__always) func isAvailable(room: Int, _ sessionDay: Int) -> Bool {
        roomAvailable[room * sessionDayCount + sessionDay]
    }
    /// Continuity breaks one attended session-day adds: 1 when the patient has `previous` and did not come then.
    @inline(__always) func breakCount(patient: PatientIndex, _ sessionDay: Int) -> Int {
        hasPrevious[patient] && !attendedLastWeek(patient: patient, sessionDay) ? 1 : 0
    }
}
