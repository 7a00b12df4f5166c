import Foundation
import RosterKit
import RosterStore

/// The web application's store: accounts, sessions and the audit log in the program database;
/// the program (an instance) and its week's rosters in memory until the database holds weeks.
///
/// The database keeps a SHA-256 of each session token, never the token; a session's CSRF token
/// is derived from its token, so nothing secret is stored beside it.
public final class ProgramWebStore: WebStore, @unchecked Sendable {
    public let database: ProgramStore
    private let program: Instance
    private let week: String
    private let lock = NSLock()
    private var rosters: [String: StoredRoster] = [:]

    /// `program` is the week's instance; its `weekOf` (or today) names the week.
    public init(database: ProgramStore, program: Instance) {
        self.database = database
        self.program = program
        week = program.weekOf ?? ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withFullDate])
    }

    public func account(named name: String) throws -> Account? {
        try database.findUser(username: name).map { Account(name: $0.username, passwordHash: $0.passwordHash, role: Role(rawValue: $0.role.rawValue) ?? .clinician) }
    }

    public func saveSession(_ session: WebSession) throws {
        guard let user = try database.findUser(username: session.user) else { throw StoreError.notFound(kind: "user", key: session.user) }
        _ = try database.createSession(tokenHash: Token.sha256(session.token), userID: user.id, expiresAt: session.expires)
    }

    public func session(token: String, now: Date) throws -> WebSession? {
        guard let found = try database.findSession(tokenHash: Token.sha256(token), now: now) else { return nil }
        return WebSession(
            token: token, user: found.user.username, role: Role(rawValue: found.user.role.rawValue) ?? .clinician,
            csrf: Token.csrf(for: token), expires: found.session.expiresAt)
    }

    public func deleteSession(token: String) throws { try database.deleteSession(tokenHash: Token.sha256(token)) }

    public func audit(_ entry: AuditEntry) throws {
        let kind: AuditTargetKind = entry.what.hasPrefix("week") ? .week : entry.action.contains("people") ? .patients : .session
        try database.recordAudit(actor: entry.user, action: entry.action, targetKind: kind, targetID: entry.what, at: entry.at)
    }

    public func auditEntries(limit: Int) throws -> [AuditEntry] {
        try database.auditLog(limit: limit).map { AuditEntry(user: $0.actor, action: $0.action, what: $0.targetID ?? $0.targetKind.rawValue, at: $0.at) }
    }

    public func weeks() throws -> [WeekInfo] {
        lock.withLock { [WeekInfo(id: week, hasRoster: rosters[week] != nil, published: rosters[week]?.published ?? false)] }
    }

    public func instance(week: String) throws -> Instance { program }

    public func roster(week: String) throws -> StoredRoster? { lock.withLock { rosters[week] } }

    public func saveRoster(_ roster: StoredRoster, week: String, user: String) throws {
        lock.withLock { rosters[week] = roster }
        try audit(AuditEntry(user: user, action: "save roster", what: "week \(week)"))
    }

    public func publish(week: String, user: String) throws {
        lock.withLock { rosters[week]?.published = true }
        try audit(AuditEntry(user: user, action: "publish", what: "week \(week)"))
    }
}
