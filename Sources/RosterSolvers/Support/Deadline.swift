import Foundation

/// A point on the monotonic clock by which a search must stop.
public struct Deadline: Sendable {
    private let start: UInt64
    private let end: UInt64

    /// A deadline `seconds` from now.
    public init(seconds: Double) {
        self.init(seconds: seconds, startedSecondsAgo: 0)
    }

    /// A deadline `seconds` after a moment `startedSecondsAgo` seconds before now (a command's
    /// clock that starts when its process did): ``elapsed`` counts from that moment.
    public init(seconds: Double, startedSecondsAgo: Double) {
        let now = DispatchTime.now().uptimeNanoseconds
        start = now - min(now, UInt64(max(0, min(startedSecondsAgo, 1e6)) * 1e9))
        end = start &+ UInt64(max(0, min(seconds, 1e9)) * 1e9)
    }

    /// Whether the deadline has been reached.
    public var hasPassed: Bool { DispatchTime.now().uptimeNanoseconds >= end }
    /// Seconds since the deadline was set.
    public var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
    /// Seconds left, never negative.
    public var remaining: Double {
        let now = DispatchTime.now().uptimeNanoseconds
        return now >= end ? 0 : Double(end - now) / 1e9
    }
}
