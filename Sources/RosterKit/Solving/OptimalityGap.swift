/// What a proven lower bound says about a roster's total: how far from optimal it can be,
/// in points and in percent, and whether it is proven optimal.
///
/// A roster is optimal only when its total equals the proven bound. When every weight is a
/// whole number every total is whole, so a fractional bound is rounded up first: a bound of
/// 520,123.4 proves that no roster scores below 520,124.
public struct OptimalityGap: Sendable, Equatable {
    /// The roster's objective total.
    public var total: Double
    /// The smallest total any roster can have, as proven (rounded up when every weight is whole).
    public var provenBound: Double

    /// Measures `total` against a proven lower `bound`, rounding the bound up when every weight is whole.
    public init(total: Double, bound: Double, weights: Weights) {
        self.total = total
        let tolerance = 1e-7 * max(1, abs(bound))
        provenBound = weights.areWhole ? (bound - tolerance).rounded(.up) : bound
    }

    /// How many points the roster may be above the optimum (never negative).
    public var points: Double { max(0, total - provenBound) }

    /// The gap as a fraction of the total, as GLPK measures it.
    public var relative: Double { points / (abs(total) + Double.ulpOfOne) }

    /// Whether the roster is proven optimal: its total meets the proven bound.
    public var isClosed: Bool { points <= 1e-6 * max(1, abs(total)) }

    /// The bound and gap in a few words: `bound 520124, gap 317 points (0.06%)`.
    public var brief: String {
        "bound \(JSONWriter.format(provenBound)), gap \(JSONWriter.format(points)) points (\(Self.percent(relative)))"
    }

    /// What is said when no bound was proven.
    public static let unproven = "No bound was proven: nothing is known about how far this roster is from the optimum."

    /// One sentence on what was proven, for people.
    public var sentence: String {
        let bound = JSONWriter.format(provenBound)
        if isClosed { return "Proven optimal: no roster scores below \(bound)." }
        return "No roster scores below \(bound), so this one is at most \(JSONWriter.format(points)) points "
            + "(\(Self.percent(relative))) above the optimum."
    }

    /// A fraction as a percentage with two decimals, keeping a tiny non-zero gap visible.
    public static func percent(_ fraction: Double) -> String {
        let hundredths = Int((fraction * 10_000).rounded())
        if fraction > 0, hundredths == 0 { return "<0.01%" }
        let cents = hundredths % 100
        return "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)%"
    }
}

extension Weights {
    /// Whether every weight is a whole number, so that every objective total is whole.
    public var areWhole: Bool {
        [unmetHour, otherModalityHour, secondaryModalityHour, group, continuityBreak].allSatisfy { $0 == $0.rounded() }
    }
}

extension SolveOutcome {
    /// The gap between the roster's total and the proven bound, when there is a bound.
    public func gap(total: Double, weights: Weights) -> OptimalityGap? {
        bound.map { OptimalityGap(total: total, bound: $0, weights: weights) }
    }

    /// Settles the status against the proof: `optimal` when the total meets the proven bound,
    /// whatever the solver reported; a solver's `optimal` that is only within its gap target
    /// becomes `feasible`. Call it once the roster's total is known.
    public mutating func settleStatus(total: Double, weights: Weights) {
        guard let gap = gap(total: total, weights: weights) else {
            if status == .optimal { status = .feasible }
            return
        }
        if gap.isClosed {
            status = .optimal
        } else if status == .optimal {
            status = .feasible
        }
    }
}
