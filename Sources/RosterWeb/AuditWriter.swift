import Dispatch
import Foundation

/// Writes the week page's view rows in groups: each view waits (without holding a thread)
/// until its row is committed, and every row that arrived meanwhile shares that one
/// transaction, so fifty views at once cost a few commits instead of fifty. The rows are still
/// written before the page is sent; a failed commit fails every view that waited on it.
final class AuditWriter: @unchecked Sendable {
    private let store: any WebStore
    private let queue = DispatchQueue(label: "iop-planner.audit")
    private let lock = NSLock()
    private var pending: [(entry: AuditEntry, done: CheckedContinuation<Void, any Error>)] = []
    private var scheduled = false

    init(store: any WebStore) { self.store = store }

    /// Returns once the row is committed, with the rows that were waiting beside it.
    func write(_ entry: AuditEntry) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let schedule: Bool = lock.withLock {
                pending.append((entry, done))
                defer { scheduled = true }
                return !scheduled
            }
            if schedule { queue.async { self.flush() } }
        }
    }

    /// Commits everything waiting, in one transaction per round, until nothing waits.
    private func flush() {
        while true {
            let batch: [(entry: AuditEntry, done: CheckedContinuation<Void, any Error>)] = lock.withLock {
                let batch = pending
                pending = []
                if batch.isEmpty { scheduled = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                try store.audit(batch.map(\.entry))
                for waiting in batch { waiting.done.resume() }
            } catch {
                for waiting in batch { waiting.done.resume(throwing: error) }
            }
        }
    }
}
