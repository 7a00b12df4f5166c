import Foundation

/// Limits failed sign-ins: after `limit` failures for one user name within `window` seconds,
/// that name is refused until the oldest failure leaves the window.
public actor LoginThrottle {
    private let limit: Int
    private let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    /// A throttle that refuses a user name after `limit` failures within `window` seconds (names ignore case).
    public init(limit: Int = 5, window: TimeInterval = 300) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `name` may try again, or `nil` when it may try now.
    public func wait(for name: String, now: Date = Date()) -> TimeInterval? {
        let recent = prune(Self.key(name), now: now)
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, oldest.addingTimeInterval(window).timeIntervalSince(now))
    }

    /// Counts a failed sign-in for `name` at `now`, forgetting failures older than the window.
    public func recordFailure(for name: String, now: Date = Date()) {
        let key = Self.key(name)
        failures[key] = prune(key, now: now) + [now]
    }

    /// Forgets every failure of `name`: a successful sign-in resets its count.
    public func recordSuccess(for name: String) { failures[Self.key(name)] = nil }

    private func prune(_ key: String, now: Date) -> [Date] {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }

    private static func key(_ name: String) -> String { name.lowercased() }
}
