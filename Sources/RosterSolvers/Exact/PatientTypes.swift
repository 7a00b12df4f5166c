import RosterKit

/// Patients who are interchangeable in the slot-by-slot assignment: same cohort, track and
/// secondary choice. A patient with separations forms a class of their own, so that the
/// program can keep them apart from the others.
struct PreferenceClass: Hashable {
    var cohort: String
    var track: Modality
    var secondary: Modality?
    /// Set for a class of one separated patient.
    var onlyPatient: PatientID?

    func cost(of modality: Modality, _ weights: Weights) -> Double {
        if modality == track { return 0 }
        if modality == secondary { return weights.secondaryModalityHour }
        return weights.otherModalityHour
    }
}

/// Patients who are interchangeable in every respect the program sees: preference class,
/// session-days they may attend, weekly hours, day limit and last week's session-days.
struct AttendanceType {
    var classIndex: Int
    /// Sorted, so that the disaggregation is deterministic.
    var patients: [PatientID]
    /// Indices into ``RosterProgram/sessionDays`` the type may attend, in calendar order.
    var sessionDays: [Int]
    var weeklyHours: Int
    var maxDaysPerWeek: Int?
    var previous: Set<SessionDay>?

    var count: Int { patients.count }
}

/// Splits an instance's patients into preference classes and attendance types.
struct PatientPartition {
    var classes: [PreferenceClass] = []
    var types: [AttendanceType] = []

    /// - Parameter individually: one type per patient (needed when sessions differ in length,
    ///   where per-patient hour limits do not aggregate exactly).
    init(_ index: InstanceIndex, sessionDays: [SessionDay], individually: Bool) {
        let separated = Set(index.separations.filter { !$0.value.isEmpty }.keys)
        var classIndex: [PreferenceClass: Int] = [:]
        struct TypeKey: Hashable {
            var classIndex: Int
            var sessionDays: [Int]
            var weeklyHours: Int
            var maxDaysPerWeek: Int?
            var previous: [SessionDay]?
            var patient: PatientID?
        }
        var typeIndex: [TypeKey: Int] = [:]
        for patient in index.instance.patients.sorted(by: { $0.id < $1.id }) {
            let preference = PreferenceClass(
                cohort: patient.cohort, track: patient.track,
                secondary: patient.secondary == patient.track ? nil : patient.secondary,
                onlyPatient: separated.contains(patient.id) ? patient.id : nil)
            let classPosition: Int
            if let known = classIndex[preference] {
                classPosition = known
            } else {
                classPosition = classes.count
                classIndex[preference] = classPosition
                classes.append(preference)
            }
            let available = sessionDays.indices.filter { patient.availability.allows(sessionDays[$0]) }
            let key = TypeKey(
                classIndex: classPosition, sessionDays: available, weeklyHours: patient.weeklyHours,
                maxDaysPerWeek: patient.maxDaysPerWeek, previous: patient.previous.map { Array(Set($0)).sorted() },
                patient: individually || preference.onlyPatient != nil ? patient.id : nil)
            if let known = typeIndex[key] {
                types[known].patients.append(patient.id)
            } else {
                typeIndex[key] = types.count
                types.append(
                    AttendanceType(
                        classIndex: classPosition, patients: [patient.id], sessionDays: available,
                        weeklyHours: patient.weeklyHours, maxDaysPerWeek: patient.maxDaysPerWeek,
                        previous: patient.previous.map(Set.init)))
            }
        }
    }
}
