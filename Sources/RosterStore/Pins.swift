import Foundation
import GRDB

/// A pin: assignments of one revision of a week that a re-plan keeps. The store keeps what was
/// pinned as text (the web layer's JSON); it never reads a patient field out of it.
public struct StoredPin: Sendable, Equatable, Decodable, FetchableRecord {
    /// The row id.
    public var id: Int64
    /// The week's start date.
    public var weekStart: String
    /// The revision the pin was made on.
    public var revision: Int
    /// `patient` or `group`.
    public var kind: String
    /// What was pinned: a patient id, or a group's label.
    public var target: String
    /// The pinned assignments, as the web layer wrote them.
    public var assignments: String
    /// Who pinned it.
    public var createdBy: String
    /// When.
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, revision, kind, target, assignments
        case weekStart = "week_start"
        case createdBy = "created_by"
        case createdAt = "created_at"
    }
}

extension ProgramStore {
    /// Pins assignments of the week's `revision`, with its audit row (`week.pin`, the revision,
    /// never the patient); refused when the revision does not exist or the week is published.
    @discardableResult
    public func addPin(
        weekStart: String, revision: Int, kind: String, target: String, assignments: String, actor: String
    ) throws -> StoredPin {
        try write { db in
            if let published = try Self.publishedRosterRow(weekStart, db: db) {
                throw StoreError.weekAlreadyPublished(week: weekStart, revision: published["revision"])
            }
            let exists = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM rosters WHERE week_start = ? AND revision = ?",
                arguments: [weekStart, revision])
            guard exists == true else {
                throw StoreError.notFound(kind: "roster for week", key: "\(weekStart) revision \(revision)")
            }
            try db.execute(
                sql: """
                    INSERT INTO week_pins (week_start, revision, kind, target, assignments, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [weekStart, revision, kind, target, assignments, actor, Date()])
            let id = db.lastInsertedRowID
            try Self.insertAudit(
                db, actor: actor, action: "week.pin", targetKind: .roster, targetID: "\(weekStart)#\(revision)")
            guard let pin = try StoredPin.fetchOne(db, sql: "SELECT * FROM week_pins WHERE id = ?", arguments: [id])
            else { throw StoreError.notFound(kind: "pin", key: "#\(id)") }
            return pin
        }
    }

    /// The week's pins, oldest first.
    public func pins(of weekStart: String) throws -> [StoredPin] {
        try read { db in
            try StoredPin.fetchAll(
                db, sql: "SELECT * FROM week_pins WHERE week_start = ? ORDER BY id", arguments: [weekStart])
        }
    }

    /// Removes one of the week's pins, with its audit row (`week.unpin`).
    public func removePin(id: Int64, weekStart: String, actor: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM week_pins WHERE id = ? AND week_start = ?", arguments: [id, weekStart])
            guard db.changesCount == 1 else { throw StoreError.notFound(kind: "pin", key: "#\(id)") }
            try Self.insertAudit(db, actor: actor, action: "week.unpin", targetKind: .week, targetID: weekStart)
        }
    }
}
