/// The program's rules for groups, and the objective's weights.
public struct Policy: Hashable, Sendable {
    public var minGroupSize: Int
    public var maxGroupSize: Int
    /// Per-modality overrides of the group size; a missing side falls back to the general size.
    public var groupSize: [Modality: GroupSizeOverride]
    public var maxSameModalityPerDay: Int
    public var weights: Weights

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
    public var min: Int?
    public var max: Int?
    public init(min: Int? = nil, max: Int? = nil) {
        self.min = min
        self.max = max
    }
}

/// The objective's weights (non-negative; fractions allowed, as the shared checker allows them).
public struct Weights: Hashable, Sendable {
    public var unmetHour: Double
    public var otherModalityHour: Double
    public var secondaryModalityHour: Double
    public var group: Double
    public var continuityBreak: Double

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
