import Synchronization

/// A flag one thread sets (a Ctrl-C handler) and a solver polls to stop early.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A flag not yet set.
    public init() {}

    /// Sets the flag; it is never cleared.
    public func cancel() { flag.store(true, ordering: .relaxed) }
    /// Whether ``cancel()`` has been called.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
