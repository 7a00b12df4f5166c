import Foundation
import GRDB
import RosterKit

/// What a signed-in user may do: a director plans and publishes, a clinician reads.
public enum UserRole: String, Sendable, CaseIterable, Codable {
    case director, clinician
}

/// A web user. The password is kept only as a bcrypt hash made by the caller.
public struct UserAccount: Sendable, Equatable, Codable, FetchableRecord {
    /// The row id, which sessions refer to.
    public var id: Int64
    /// The sign-in name, trimmed; unique regardless of case.
    public var username: String
    /// The bcrypt hash of the password.
    public var passwordHash: String
    /// What the user may do.
    public var role: UserRole
    /// The clinician a clinician's account belongs to (the groups they lead are what they see);
    /// `nil` for a director.
    public var clinicianID: String?
    /// When the account was made.
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, username, role
        case passwordHash = "password_hash"
        case clinicianID = "clinician_id"
        case createdAt = "created_at"
    }
}

/// A login session: the store keeps a hash of the token, never the token itself.
public struct LoginSession: Sendable, Equatable, Codable, FetchableRecord {
    /// The hash of the session token; the token itself is never stored.
    public var tokenHash: String
    /// The ``UserAccount/id`` of the signed-in user.
    public var userID: Int64
    /// When the session stops being accepted.
    public var expiresAt: Date
    /// When the user signed in.
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case tokenHash = "token_hash"
        case userID = "user_id"
        case expiresAt = "expires_at"
        case createdAt = "created_at"
    }
}

/// A session found by its token hash, with the user it belongs to.
public struct AuthenticatedSession: Sendable, Equatable {
    /// The unexpired session.
    public var session: LoginSession
    /// The user it belongs to.
    public var user: UserAccount
}

extension ProgramStore {
    /// Adds a user; fails with ``StoreError/invalid(_:)`` when the username (case-insensitive) is
    /// taken or holds a control character (``ControlCharacters``, C1 included), when a
    /// clinician's account names no clinician or one the program does not list, or when a
    /// director's names one.
    @discardableResult
    public func createUser(
        username: String, passwordHash: String, role: UserRole, clinicianID: String? = nil, now: Date = Date()
    ) throws -> UserAccount {
        let name = username.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw StoreError.invalid("a username cannot be empty") }
        // A username is shown on every page, in the audit log and on the terminal: the rule of the
        // planner's own documents (C1 included).
        guard !ControlCharacters.found(in: name, includingC1: true) else {
            throw StoreError.invalid("a username " + ControlCharacters.problem(includingC1: true))
        }
        switch (role, clinicianID) {
        case (.clinician, nil):
            throw StoreError.invalid("a clinician's account needs the clinician's id (--clinician ID)")
        case (.director, .some):
            throw StoreError.invalid("a director's account belongs to no clinician; leave out the clinician id")
        default: break
        }
        return try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM users WHERE username = ?", arguments: [name]) != nil {
                throw StoreError.invalid("the username \(name) is taken")
            }
            if let clinicianID,
                try Int.fetchOne(db, sql: "SELECT 1 FROM clinicians WHERE id = ?", arguments: [clinicianID]) == nil
            {
                throw StoreError.notFound(kind: "clinician", key: clinicianID)
            }
            try db.execute(
                sql: "INSERT INTO users (username, password_hash, role, clinician_id, created_at) "
                    + "VALUES (?, ?, ?, ?, ?)",
                arguments: [name, passwordHash, role.rawValue, clinicianID, now])
            return UserAccount(
                id: db.lastInsertedRowID, username: name, passwordHash: passwordHash, role: role,
                clinicianID: clinicianID, createdAt: now)
        }
    }

    /// The user with this username (case-insensitive), or `nil`.
    public func findUser(username: String) throws -> UserAccount? {
        try read { db in
            try UserAccount.fetchOne(
                db, sql: "SELECT * FROM users WHERE username = ?",
                arguments: [username.trimmingCharacters(in: .whitespaces)])
        }
    }

    /// The user with this id, or `nil`.
    public func findUser(id: Int64) throws -> UserAccount? {
        try read { db in try UserAccount.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]) }
    }

    /// Every user, by username.
    public func users() throws -> [UserAccount] {
        try read { db in try UserAccount.fetchAll(db, sql: "SELECT * FROM users ORDER BY username") }
    }

    /// Replaces a user's password hash.
    public func setPasswordHash(_ passwordHash: String, forUser id: Int64) throws {
        try write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [passwordHash, id])
            if db.changesCount == 0 { throw StoreError.notFound(kind: "user", key: "#\(id)") }
        }
    }

    /// Stores a new session for `userID` under the hash of its token.
    @discardableResult
    public func createSession(tokenHash: String, userID: Int64, expiresAt: Date, now: Date = Date()) throws
        -> LoginSession
    {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM users WHERE id = ?", arguments: [userID]) != nil else {
                throw StoreError.notFound(kind: "user", key: "#\(userID)")
            }
            try db.execute(
                sql: "INSERT INTO sessions (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)",
                arguments: [tokenHash, userID, expiresAt, now])
            return LoginSession(tokenHash: tokenHash, userID: userID, expiresAt: expiresAt, createdAt: now)
        }
    }

    /// The unexpired session with this token hash and its user, or `nil` (an expired one is deleted).
    public func findSession(tokenHash: String, now: Date = Date()) throws -> AuthenticatedSession? {
        try write { db in
            guard
                let session = try LoginSession.fetchOne(
                    db, sql: "SELECT * FROM sessions WHERE token_hash = ?", arguments: [tokenHash])
            else { return nil }
            if session.expiresAt <= now {
                try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash])
                return nil
            }
            guard
                let user = try UserAccount.fetchOne(
                    db, sql: "SELECT * FROM users WHERE id = ?", arguments: [session.userID])
            else { return nil }
            return AuthenticatedSession(session: session, user: user)
        }
    }

    /// Ends a session (logout). Deleting a missing session is not an error.
    public func deleteSession(tokenHash: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    /// Deletes every session that expired before `now`; returns how many.
    @discardableResult
    public func deleteExpiredSessions(now: Date = Date()) throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
    }
}
