import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// What a signed-in user may do.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// Plans, edits and publishes.
    case director
    /// Reads the roster.
    case clinician

    /// Whether the role may change anything (plan, edit, publish, what-if).
    public var canEdit: Bool { self == .director }
}

/// A user of the web application, with the bcrypt hash of the password.
public struct Account: Sendable, Equatable {
    /// The user name to sign in with.
    public var name: String
    /// The bcrypt hash of the password (see ``PasswordHasher``).
    public var passwordHash: String
    /// What the user may do.
    public var role: Role
    /// The clinician a clinician's account belongs to: they see only the groups they lead.
    public var clinician: String?
}

/// A signed-in browser: the cookie's token, who it is, its CSRF token and when it ends.
public struct WebSession: Sendable, Equatable {
    /// The random token of the session cookie; ``ProgramWebStore`` keeps only its hash.
    public var token: String
    /// The signed-in user's name.
    public var user: String
    /// The signed-in user's role.
    public var role: Role
    /// The clinician of a clinician's account (see ``Account/clinician``).
    public var clinician: String?
    /// Every form POST must carry this value in its `csrf` field.
    public var csrf: String
    /// When the session ends; it is refused from then on.
    public var expires: Date
}

/// Password hashing with bcrypt, off the event loop (a cost-12 hash takes a quarter second).
public struct PasswordHasher: Sendable {
    /// bcrypt's cost: 12 in production; tests use the minimum, 4.
    public var cost: UInt8

    /// A hasher of the given bcrypt cost; each step up doubles the time a hash takes.
    public init(cost: UInt8 = 12) { self.cost = cost }

    /// The bcrypt hash of `password`, with a fresh salt, computed on the shared thread pool.
    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches a bcrypt `hash`, computed on the shared thread pool.
    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// The rules a new password must meet, or `nil` when it meets them.
    public static func problem(with password: String) -> String? {
        password.count >= 10 ? nil : "a password needs at least 10 characters"
    }
}

/// Random tokens for sessions and CSRF: 32 bytes from the system's secure generator, as hex.
public enum Token {
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// `text` when it has the shape of ``random()``'s tokens (64 lowercase hex digits), else `nil`.
    static func wellFormed(_ text: String) -> String? {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } ? text : nil
    }

    /// A password for the demo account: 16 letters and digits from the secure generator.
    public static func demoPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// SHA-256 as hex: how the database keeps session tokens.
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The CSRF token of a session: derived from its token, so it needs no storage of its own.
    static func csrf(for session: String) -> String { sha256("csrf:" + session) }

    /// Compares in time independent of where the strings differ.
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
