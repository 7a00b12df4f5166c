/// A kind of typical admission: a cohort and track of the current census, and the patient
/// standing for it.
public struct AdmissionProfile: Hashable, Sendable {
    /// The profile's cohort.
    public var cohort: String
    /// The profile's track modality.
    public var track: Modality
    /// Patients of this cohort and track in the census.
    public var census: Int
    /// A copy of the census patient with the median weekly hours of the profile (availability
    /// and days included), without a previous week or separations; its id is a placeholder.
    public var patient: Patient

    /// Builds a profile.
    public init(cohort: String, track: Modality, census: Int, patient: Patient) {
        self.cohort = cohort
        self.track = track
        self.census = census
        self.patient = patient
    }

    /// `adult DBT`.
    public var label: String { "\(cohort) \(track)" }
}

/// How many admissions a week can absorb with every hour placed, and the first that does not fit.
public struct CapacityLimit: Sendable {
    /// The most admissions placed in full (checked up to ``CapacityEstimate/ceiling``).
    public var admissions: Int
    /// When one more does not fit: the instance with those admissions, the best roster found for
    /// it, and the admitted patients (to explain what binds).
    public var failure: CapacityFailure?

    /// Builds a limit.
    public init(admissions: Int, failure: CapacityFailure?) {
        self.admissions = admissions
        self.failure = failure
    }
}

/// The first number of admissions that does not fit.
public struct CapacityFailure: Sendable {
    /// The instance with that many admissions added.
    public var instance: Instance
    /// The best roster found for it, which leaves some admitted hour unmet.
    public var roster: Roster
    /// The ids of the patients added.
    public var admitted: [PatientID]

    /// Builds a failure.
    public init(instance: Instance, roster: Roster, admitted: [PatientID]) {
        self.instance = instance
        self.roster = roster
        self.admitted = admitted
    }
}

/// The week's room for more patients: for each profile alone, and for the census mix.
public struct CapacityEstimate: Sendable {
    /// The census' profiles.
    public var profiles: [AdmissionProfile]
    /// One limit per profile, in the order of ``profiles``.
    public var byProfile: [CapacityLimit]
    /// Admissions in the census' mix of profiles.
    public var mix: CapacityLimit
    /// The largest number tried; a limit equal to it means "at least".
    public var ceiling: Int
    /// Wall-clock seconds the estimate took.
    public var elapsed: Double

    /// Builds an estimate.
    public init(
        profiles: [AdmissionProfile], byProfile: [CapacityLimit], mix: CapacityLimit, ceiling: Int, elapsed: Double
    ) {
        self.profiles = profiles
        self.byProfile = byProfile
        self.mix = mix
        self.ceiling = ceiling
        self.elapsed = elapsed
    }
}
