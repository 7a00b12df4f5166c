/// The program's rules for groups, and the objective's weights.
public struct Policy: Hashable, Sendable {
    /// Fewest patients a group may run with (default 8).
    public var minGroupSize: Int
    /// Most patients in a group (default 12).
    public var maxGroupSize: Int
    /// Per-modality overrides of the group size; a missing side falls back to the general size.
    public var groupSize: [Modality: GroupSizeOverride]
    /// Most groups of one modality a patient attends on one day (default 2).
    public var maxSameModalityPerDay: Int
    /// The objective's weights.
    public var weights: Weights

    /// Builds a policy; the defaults are the spec's.
    public init(
        minGroupSize: Int = 8, maxGroupSize: Int = 12, groupSize: [Modality: GroupSizeOverride] = [:],
        maxSameModalityPerDay: Int = 2, weights: Weights = Weights()
    ) {
        self.minGroupSize = minGroupSize
        self.maxGroupSize = maxGroupSize
        self.groupSize = groupSize
        self.maxSameModalityPerDay = maxSameModalityPerDay
        self.weights = weights
    }

    /// The fewest and most patients a group of `modality` may hold.
    public func sizeRange(for modality: Modality) -> ClosedRange<Int> {
        let override = groupSize[modality]
        let lower = override?.min ?? minGroupSize
        let upper = override?.max ?? maxGroupSize
        return lower...max(lower, upper)
    }
}

/// A per-modality group size; either side may be left to the general policy.
public struct GroupSizeOverride: Hashable, Sendable {
    /// The fewest patients, or `nil` for ``Policy/minGroupSize``.
    public var min: Int?
    /// The most patients, or `nil` for ``Policy/maxGroupSize``.
    public var max: Int?
    /// Builds an override; a `nil` side falls back to the general policy.
    public init(min: Int? = nil, max: Int? = nil) {
        self.min = min
        self.max = max
    }
}

/// The objective's weights (non-negative; fractions allowed, as the shared checker allows them).
public struct Weights: Hashable, Sendable {
    /// Points per prescribed hour left unscheduled (default 1,000).
    public var unmetHour: Double
    /// Points per patient-hour in a group neither track nor secondary (default 10).
    public var otherModalityHour: Double
    /// Points per patient-hour in the patient's secondary modality (default 3).
    public var secondaryModalityHour: Double
    /// Points per group run, that is per clinician-hour (default 2).
    public var group: Double
    /// Points per attended session-day not in the patient's `previous` (default 5).
    public var continuityBreak: Double

    /// Builds weights; the defaults are the spec's.
    public init(
        unmetHour: Double = 1000, otherModalityHour: Double = 10, secondaryModalityHour: Double = 3,
        group: Double = 2, continuityBreak: Double = 5
    ) {
        self.unmetHour = unmetHour
        self.otherModalityHour = otherModalityHour
        self.secondaryModalityHour = secondaryModalityHour
        self.group = group
        self.continuityBreak = continuityBreak
    }

    /// The keys of `policy.weights`, in the spec's order.
    public static let keys = ["unmetHour", "otherModalityHour", "secondaryModalityHour", "group", "continuityBreak"]

    /// The largest weight an instance may give, so that every objective total stays finite.
    public static let largest = 1e9

    /// The weight named by its `policy.weights` key (see ``keys``), or `nil` for an unknown key.
    ///
    /// Setting `nil` or an unknown key changes nothing.
    public subscript(key: String) -> Double? {
        get {
            switch key {
            case "unmetHour": unmetHour
            case "otherModalityHour": otherModalityHour
            case "secondaryModalityHour": secondaryModalityHour
            case "group": group
            case "continuityBreak": continuityBreak
            default: nil
            }
        }
        set {
            guard let newValue else { return }
            switch key {
            case "unmetHour": unmetHour = newValue
            case "otherModalityHour": otherModalityHour = newValue
            case "secondaryModalityHour": secondaryModalityHour = newValue
            case "group": group = newValue
            case "continuityBreak": continuityBreak = newValue
            default: break
            }
        }
    }
}
