import RosterKit

/// A small, fast, seeded random number generator (xoshiro256**), so a seed fixes every choice.
///
/// The state is filled from the seed by RosterKit's ``SplitMix64``, as the xoshiro authors recommend;
/// xoshiro rather than SplitMix64 itself because the search draws millions of numbers.
/// Never use `SystemRandomNumberGenerator` or hash order for decisions: both change between runs.
struct SeededGenerator: RandomNumberGenerator {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    init(seed: UInt64) {
        var seeding = SplitMix64(seed: seed)
        state = (seeding.next(), seeding.next(), seeding.next(), seeding.next())
    }

    mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotate(state.3, 45)
        return result
    }

    /// A whole number in `0..<bound` (`bound` > 0), by Lemire's method, the same on every platform.
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let limit = UInt64(bound)
        var product = next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold { product = next().multipliedFullWidth(by: limit) }
        }
        return Int(product.high)
    }

    private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 { (value << count) | (value >> (64 - count)) }
}

extension Array {
    /// Fisher-Yates shuffle driven by `generator`, identical for identical seeds.
    mutating func seededShuffle(using generator: inout SeededGenerator) {
        guard count > 1 else { return }
        for position in stride(from: count - 1, to: 0, by: -1) {
            let other = generator.below(position + 1)
            if other != position { swapAt(position, other) }
        }
    }
}
