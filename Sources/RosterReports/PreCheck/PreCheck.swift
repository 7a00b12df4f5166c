import RosterKit

/// One thing in an instance that cannot work at all, found before solving.
///
/// Sentences name patients by id only, so warnings can go to logs and standard error.
public struct PreCheckWarning: Hashable, Sendable, CustomStringConvertible {
    /// What cannot work.
    public enum Kind: String, CaseIterable, Sendable {
        /// A cohort has fewer patients than the smallest group: none of them can be placed.
        case cohortTooSmall = "cohort-too-small"
        /// A modality is some patients' track, but no clinician is trained in it.
        case untrainedTrack = "untrained-track"
        /// Patients are available at a session-day, but no clinician is.
        case noClinicianAtSessionDay = "no-clinician-at-session-day"
        /// The patients' hours exceed what the clinicians can lead in the week.
        case clinicianCapacity = "clinician-capacity"
        /// The patients' hours exceed what the rooms can hold in the week.
        case roomCapacity = "room-capacity"
        /// A patient's own availability, `maxDaysPerWeek` or weekly hours make some hours impossible.
        case impossibleHours = "impossible-hours"
    }

    /// What cannot work, for programs and tests to match.
    public var kind: Kind
    /// The warning for people, naming patients by id only.
    public var sentence: String
    /// The patients concerned, by id (empty for warnings about the whole week).
    public var patients: [PatientID]
    /// The session-days concerned (empty for warnings not about particular session-days).
    public var sessionDays: [SessionDay]

    /// Builds a warning.
    public init(_ kind: Kind, _ sentence: String, patients: [PatientID] = [], sessionDays: [SessionDay] = []) {
        self.kind = kind
        self.sentence = sentence
        self.patients = patients
        self.sessionDays = sessionDays
    }

    public var description: String { sentence }

    /// `{"kind", "sentence", "patients", "sessionDays"}`, for JSON output.
    public var json: JSONValue {
        [
            "kind": .string(kind.rawValue), "sentence": .string(sentence),
            "patients": .array(patients.map { .string($0.rawValue) }),
            "sessionDays": .array(sessionDays.map { .string($0.description) }),
        ]
    }
}

/// Finds what cannot work in an instance before any solver runs: cohorts too small for a group,
/// tracks nobody teaches, session-days without clinicians, more hours than clinicians or rooms
/// can hold, and patients whose own constraints rule hours out.
///
/// ```swift
/// for warning in PreCheck(instance).warnings() { print("warning: \(warning)") }
/// ```
public struct PreCheck: Sendable {
    /// The instance to look at.
    public let instance: Instance

    /// A pre-check of `instance`; nothing is computed until ``warnings()``.
    public init(_ instance: Instance) { self.instance = instance }

    /// Every warning, cohort and modality warnings first, then session-days, capacity, patients.
    ///
    /// Each part is one pass over the instance (grouped by track, by cohort), so thousands of
    /// modalities or session-days cost no more than reading them.
    public func warnings() -> [PreCheckWarning] {
        let capacity = WeekCapacity(instance)
        let needing = instance.patients.filter { $0.weeklyHours > 0 }
        return cohortWarnings(needing) + trackWarnings(needing) + sessionDayWarnings(needing)
            + capacityWarnings(capacity) + patientWarnings(caps: capacity.caps)
    }

    private var policy: Policy { instance.policy }

    private func cohortWarnings(_ needing: [Patient]) -> [PreCheckWarning] {
        let smallestGroup =
            instance.modalities.map { policy.sizeRange(for: $0).lowerBound }.min() ?? policy.minGroupSize
        let cohorts = Dictionary(grouping: needing, by: \.cohort)
        return cohorts.keys.sorted().compactMap { cohort in
            let members = cohorts[cohort]!
            guard members.count < smallestGroup else { return nil }
            let hours = members.reduce(0) { $0 + $1.weeklyHours }
            let who =
                members.count == 1
                ? "only 1 \(cohort) patient needs hours" : "only \(members.count) \(cohort) patients need hours"
            return PreCheckWarning(
                .cohortTooSmall,
                "\(who), fewer than the smallest group of \(smallestGroup): their \(hours) hours cannot be placed",
                patients: members.map(\.id))
        }
    }

    private func trackWarnings(_ needing: [Patient]) -> [PreCheckWarning] {
        let taught = Set(instance.clinicians.flatMap(\.modalities))
        let byTrack = Dictionary(grouping: needing.filter { !taught.contains($0.track) }, by: \.track)
        return instance.modalities.compactMap { modality in
            guard let patients = byTrack[modality], !patients.isEmpty else { return nil }
            let who = patients.count == 1 ? "1 patient" : "\(patients.count) patients"
            return PreCheckWarning(
                .untrainedTrack,
                "\(modality) is the track of \(who), but no clinician is trained in it: they can never sit "
                    + "in their track",
                patients: patients.map(\.id))
        }
    }

    private func sessionDayWarnings(_ needing: [Patient]) -> [PreCheckWarning] {
        instance.sessionDays.compactMap { sessionDay in
            guard !instance.clinicians.contains(where: { $0.availability.allows(sessionDay) }) else { return nil }
            let patients = needing.filter { $0.availability.allows(sessionDay) }
            guard !patients.isEmpty else { return nil }
            let who = patients.count == 1 ? "1 patient is" : "\(patients.count) patients are"
            return PreCheckWarning(
                .noClinicianAtSessionDay, "\(who) available at \(sessionDay), but no clinician is",
                patients: patients.map(\.id), sessionDays: [sessionDay])
        }
    }

    private func capacityWarnings(_ capacity: WeekCapacity) -> [PreCheckWarning] {
        let demand = capacity.demand
        guard demand > 0 else { return [] }
        var warnings: [PreCheckWarning] = []
        if demand > capacity.clinicianSeats {
            warnings.append(
                PreCheckWarning(
                    .clinicianCapacity,
                    "patients can take up to \(demand) hours this week, but the clinicians can lead at most "
                        + "\(capacity.groupHours)"
                        + " group-hours, which seat at most \(capacity.clinicianSeats) patient-hours"))
        }
        if let roomSeats = capacity.roomSeats, demand > roomSeats {
            warnings.append(
                PreCheckWarning(
                    .roomCapacity,
                    "patients can take up to \(demand) hours this week, but the rooms seat at most "
                        + "\(roomSeats) patient-hours"))
        }
        return warnings
    }

    private func patientWarnings(caps: [HoursCap]) -> [PreCheckWarning] {
        caps.filter(\.isBinding).map { cap in
            let reasons = cap.reasons(instance: instance).map(\.sentence)
            return PreCheckWarning(
                .impossibleHours, "\(cap.patient.id): " + reasons.joined(separator: "; "), patients: [cap.patient.id],
                sessionDays: cap.availabilityHours < cap.weeklyHours ? cap.availableSessionDays : [])
        }
    }
}
