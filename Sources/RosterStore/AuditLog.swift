import Foundation
import GRDB

/// What an audit entry is about. There is deliberately no patient kind: the log says that
/// patient data was imported or viewed, and which week or file, never which patient.
public enum AuditTargetKind: String, Sendable, CaseIterable, Codable {
    case program, patients, clinicians, rooms, week, roster, user, session, export
}

/// One line of the audit log: who did what to which target, and when.
public struct AuditEntry: Sendable, Equatable, Codable, FetchableRecord {
    /// The row id; entries are numbered in the order they were written.
    public var id: Int64
    /// When it happened.
    public var at: Date
    /// A username, or `cli:USER` for the command line.
    public var actor: String
    /// A dotted verb such as `program.import`, `week.plan`, `week.publish`, `patients.view`.
    public var action: String
    /// What kind of thing `targetID` names.
    public var targetKind: AuditTargetKind
    /// A week start, a roster revision (`2026-12-07#2`), a username... never a patient id.
    public var targetID: String?

    enum CodingKeys: String, CodingKey {
        case id, at, actor, action
        case targetKind = "target_kind"
        case targetID = "target_id"
    }
}

extension ProgramStore {
    /// Appends an audit entry in its own transaction.
    public func recordAudit(
        actor: String, action: String, targetKind: AuditTargetKind, targetID: String? = nil, at: Date = Date()
    ) throws {
        try write { db in
            try Self.insertAudit(db, actor: actor, action: action, targetKind: targetKind, targetID: targetID, at: at)
        }
    }

    /// Appends audit entries in one transaction (one commit for many rows).
    public func recordAudits(
        _ entries: [(actor: String, action: String, targetKind: AuditTargetKind, targetID: String?, at: Date)]
    ) throws {
        guard !entries.isEmpty else { return }
        try write { db in
            for entry in entries {
                try Self.insertAudit(
                    db, actor: entry.actor, action: entry.action, targetKind: entry.targetKind,
                    targetID: entry.targetID, at: entry.at)
            }
        }
    }

    /// The newest `limit` audit entries, newest first.
    public func auditLog(limit: Int = 100) throws -> [AuditEntry] {
        try read { db in
            try AuditEntry.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit])
        }
    }

    /// Appends an audit entry inside a caller's transaction, so a change and its entry commit together.
    static func insertAudit(
        _ db: Database, actor: String, action: String, targetKind: AuditTargetKind, targetID: String?, at: Date = Date()
    ) throws {
        try db.execute(
            sql: "INSERT INTO audit_log (at, actor, action, target_kind, target_id) VALUES (?, ?, ?, ?, ?)",
            arguments: [at, actor, action, targetKind.rawValue, targetID])
    }
}
