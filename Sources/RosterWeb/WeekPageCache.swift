import Foundation
import RosterKit
import RosterReports
import RosterStore

/// What the week page shows that depends only on the week's revision: the stored roster and
/// its instance, the facts drawn from them (checker report, unmet-hour explanation, objective
/// summary), and the rendered grid, objective and explanation per viewer, so that a view
/// costs two index reads and its audit row instead of a whole rebuild.
///
/// An entry is keyed by week, revision and whether it is published; a new revision or a
/// publish changes the key, so the old entry is never shown again and is dropped when the new
/// one is made (and at once by ``invalidate(week:)``, which every change of a week calls).
/// A week not yet planned is not cached: its page follows the records, which change by import.
final class WeekPageCache: @unchecked Sendable {
    /// One revision of one week, as read and drawn once.
    final class Entry: @unchecked Sendable {
        let week: String
        let key: WeekRevision
        let stored: StoredRoster
        let facts: RosterFacts
        private let lock = NSLock()
        private var parts: [String: WeekPage.Parts] = [:]
        private var editFields: EditPanel.Fields?

        init(week: String, stored: StoredRoster, facts: RosterFacts) {
            self.week = week
            key = stored.weekRevision
            self.stored = stored
            self.facts = facts
        }

        /// The page's revision-bound parts as `viewer` sees them (every group for a director,
        /// else the clinician's own) with the grid's marks of the `pins` shown, drawn on first use
        /// (pins change without a new revision, so they are part of the key).
        func parts(for viewer: ClinicianID?, pins: [Int64] = [], make: () -> WeekPage.Parts) -> WeekPage.Parts {
            var name = viewer.map { "clinician:" + $0.rawValue } ?? "all"
            if !pins.isEmpty { name += " pins:" + pins.sorted().map(String.init).joined(separator: ",") }
            if let found = lock.withLock({ parts[name] }) { return found }
            let made = make()
            lock.withLock { parts[name] = made }
            return made
        }

        /// The edit forms' fields (the same for every director), drawn on first use.
        func editFields(make: () -> EditPanel.Fields) -> EditPanel.Fields {
            if let found = lock.withLock({ editFields }) { return found }
            let made = make()
            lock.withLock { editFields = made }
            return made
        }
    }

    /// At most this many weeks are kept; the least recently made entry goes first.
    static let capacity = 8
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var order: [String] = []

    /// The week's entry for its current revision, read from `store` when missing or older;
    /// `nil` before the week is planned.
    func entry(week: String, store: any WebStore) throws -> Entry? {
        guard let current = try store.currentRevision(week: week) else { return nil }
        if let found = lock.withLock({ entries[week] }), found.key == current { return found }
        guard let stored = try store.roster(week: week) else { return nil }
        let instance = try store.instance(week: week)
        let entry = Entry(week: week, stored: stored, facts: RosterFacts(instance: instance, roster: stored.roster))
        lock.withLock {
            entries[week] = entry
            order.removeAll { $0 == week }
            order.append(week)
            while order.count > Self.capacity { entries[order.removeFirst()] = nil }
        }
        return entry
    }

    /// Drops the week's entry (after a new revision, a publish or an import).
    func invalidate(week: String) {
        lock.withLock {
            entries[week] = nil
            order.removeAll { $0 == week }
        }
    }

    /// Whether the week's entry for this revision is kept (for tests).
    func holds(week: String, revision: Int) -> Bool {
        lock.withLock { entries[week]?.key.revision == revision }
    }
}
