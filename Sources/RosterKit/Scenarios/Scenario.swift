/// A named list of changes to a base instance: a what-if question such as "c3 is out on Tuesday
/// and six patients are admitted".
///
/// ```swift
/// let scenario = Scenario(name: "c3 out Tuesday", changes: [
///     .clinicianUnavailable(clinician: "c3", at: [AvailabilityPattern(day: "Tue", session: nil)]),
///     .discharge(["p017"]),
/// ])
/// let changed = try scenario.apply(to: base).instance
/// ```
///
/// Changes apply in order, each to the instance the previous ones left; see
/// ``apply(to:)`` for what makes a change invalid.
public struct Scenario: Hashable, Sendable {
    /// The scenario's name, for people and file names.
    public var name: String?
    /// Free text for people (why this scenario is worth asking about).
    public var description: String?
    /// The changes, applied in order.
    public var changes: [ScenarioChange]

    /// Builds a scenario.
    public init(name: String? = nil, description: String? = nil, changes: [ScenarioChange]) {
        self.name = name
        self.description = description
        self.changes = changes
    }
}

/// One change of a scenario. The JSON form is an object with one member named after the kind:
/// `{"discharge": ["p017", "p044"]}`.
public enum ScenarioChange: Hashable, Sendable {
    /// The clinician becomes unavailable at every session-day the patterns match.
    case clinicianUnavailable(clinician: ClinicianID, at: [AvailabilityPattern])
    /// New patients join the program.
    case admit([Patient])
    /// Patients leave; every `separateFrom` naming them is dropped.
    case discharge([PatientID])
    /// The patient's prescription becomes `weeklyHours`.
    case setWeeklyHours(patient: PatientID, weeklyHours: Int)
    /// Policy fields that replace the instance's; `groupSize` and `weights` are merged key by key.
    case setPolicy(PolicyPatch)
    /// A new clinician joins the program.
    case addClinician(Clinician)
    /// A clinician leaves the program.
    case removeClinician(ClinicianID)
    /// Changes or lifts a clinician's weekly and daily hour limits.
    case setClinicianLimits(clinician: ClinicianID, maxHoursPerWeek: LimitChange, maxHoursPerDay: LimitChange)
    /// A new room becomes available.
    case addRoom(Room)
    /// A room leaves the program.
    case removeRoom(RoomID)
    /// A new daily session (e.g. an afternoon); availability patterns with `*` sessions include it.
    case addSession(Session)
    /// Replaces the availability of a patient, clinician or room.
    case setAvailability(AvailabilityTarget, Availability)

    /// The member name of the change in a scenario file.
    public var kind: String {
        switch self {
        case .clinicianUnavailable: "clinicianUnavailable"
        case .admit: "admit"
        case .discharge: "discharge"
        case .setWeeklyHours: "setWeeklyHours"
        case .setPolicy: "setPolicy"
        case .addClinician: "addClinician"
        case .removeClinician: "removeClinician"
        case .setClinicianLimits: "setClinicianLimits"
        case .addRoom: "addRoom"
        case .removeRoom: "removeRoom"
        case .addSession: "addSession"
        case .setAvailability: "setAvailability"
        }
    }

    /// Every kind a scenario file may use, in the spec's order, then the others.
    public static let kinds = [
        "clinicianUnavailable", "admit", "discharge", "setWeeklyHours", "setPolicy", "addClinician", "removeRoom",
        "addRoom", "addSession", "setAvailability", "removeClinician", "setClinicianLimits",
    ]
}

/// Policy fields a scenario sets; `nil` leaves the instance's value.
public struct PolicyPatch: Hashable, Sendable {
    /// The new ``Policy/minGroupSize``, or `nil` to keep it.
    public var minGroupSize: Int?
    /// The new ``Policy/maxGroupSize``, or `nil` to keep it.
    public var maxGroupSize: Int?
    /// Per-modality overrides that replace the instance's for these modalities only.
    public var groupSize: [Modality: GroupSizeOverride]
    /// The new ``Policy/maxSameModalityPerDay``, or `nil` to keep it.
    public var maxSameModalityPerDay: Int?
    /// Weights that replace the instance's, by `policy.weights` key.
    public var weights: [String: Double]

    /// Builds a patch; by default it changes nothing.
    public init(
        minGroupSize: Int? = nil, maxGroupSize: Int? = nil, groupSize: [Modality: GroupSizeOverride] = [:],
        maxSameModalityPerDay: Int? = nil, weights: [String: Double] = [:]
    ) {
        self.minGroupSize = minGroupSize
        self.maxGroupSize = maxGroupSize
        self.groupSize = groupSize
        self.maxSameModalityPerDay = maxSameModalityPerDay
        self.weights = weights
    }

    /// The policy with these fields replaced.
    public func applied(to policy: Policy) -> Policy {
        var result = policy
        result.minGroupSize = minGroupSize ?? policy.minGroupSize
        result.maxGroupSize = maxGroupSize ?? policy.maxGroupSize
        result.groupSize.merge(groupSize) { _, new in new }
        result.maxSameModalityPerDay = maxSameModalityPerDay ?? policy.maxSameModalityPerDay
        for (key, value) in weights { result.weights[key] = value }
        return result
    }

    /// The `policy` members this patch sets, as written in a scenario file.
    var memberNames: Set<String> {
        var names: Set<String> = []
        if minGroupSize != nil { names.insert("minGroupSize") }
        if maxGroupSize != nil { names.insert("maxGroupSize") }
        if !groupSize.isEmpty { names.insert("groupSize") }
        if maxSameModalityPerDay != nil { names.insert("maxSameModalityPerDay") }
        if !weights.isEmpty { names.insert("weights") }
        return names
    }
}

/// What `setClinicianLimits` does to one limit.
public enum LimitChange: Hashable, Sendable {
    /// The limit stays as it is (the member is absent).
    case keep
    /// The limit becomes this many hours.
    case set(Int)
    /// The limit is lifted (the member is `null`).
    case remove

    func applied(to limit: Int?) -> Int? {
        switch self {
        case .keep: limit
        case .set(let hours): hours
        case .remove: nil
        }
    }
}

/// Whose availability `setAvailability` replaces.
public enum AvailabilityTarget: Hashable, Sendable {
    /// A patient's availability.
    case patient(PatientID)
    /// A clinician's availability.
    case clinician(ClinicianID)
    /// A room's availability.
    case room(RoomID)

    /// The member naming the target in a scenario file, and the id.
    public var member: (key: String, id: String) {
        switch self {
        case .patient(let id): ("patient", id.rawValue)
        case .clinician(let id): ("clinician", id.rawValue)
        case .room(let id): ("room", id.rawValue)
        }
    }
}
