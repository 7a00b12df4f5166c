/// A seeded random number generator (SplitMix64) whose every draw is defined here, so the same
/// seed gives the same sequence on every platform and Swift version.
///
/// The helpers below avoid the standard library's `random(in:using:)` and `shuffle(using:)`,
/// whose algorithms are not promised to stay the same.
///
/// ```swift
/// var random = SplitMix64(seed: 42)
/// let day = random.below(5)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose draws are fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// An independent stream for one part of a larger job (`label` names the part), so that
    /// changing how much one part draws does not shift the draws of the others.
    public init(seed: UInt64, stream label: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (label &* 0xD6E8_FEB8_6659_FD93))
        state = mixer.next()
    }

    /// The next 64 random bits of the stream.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform whole number in `0..<bound`, without modulo bias.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(_:) needs a positive bound")
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit  // 2^64 mod limit: draws under it are rejected
        while true {
            let draw = next()
            if draw >= threshold { return Int(draw % limit) }
        }
    }

    /// A uniform whole number in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform number in `[0, 1)` with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// `true` with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// One of `choices`, each with probability proportional to its weight (weights >= 0, not all 0).
    public mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        precondition(total > 0, "weighted(_:) needs a positive total weight")
        var target = unit() * total
        for (choice, weight) in choices {
            if target < weight { return choice }
            target -= weight
        }
        return choices.last { $0.1 > 0 }!.0
    }

    /// One element of a non-empty array, uniformly.
    public mutating func element<T>(of elements: [T]) -> T { elements[below(elements.count)] }

    /// Shuffles in place (Fisher-Yates).
    public mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for position in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(position, below(position + 1))
        }
    }

    /// `count` distinct positions of `0..<total`, in increasing order.
    public mutating func positions(_ count: Int, of total: Int) -> [Int] {
        var all = Array(0..<total)
        shuffle(&all)
        return all.prefix(min(count, total)).sorted()
    }
}
