import Foundation
import GRDB

/// The program's records in one SQLite file: the program, clinicians, rooms, patients and their
/// prescription steps, planned weeks and every roster solved for them, users and login sessions,
/// and the audit log.
///
/// Opening creates the file (mode 0600: it holds health information) and runs the migrations;
/// a file written by a newer build is refused. The connection uses WAL, foreign keys, and waits
/// up to ``busyTimeout`` for another writer before failing with ``StoreError/busy(path:)``.
/// Every write method is one transaction.
///
/// ```swift
/// let store = try ProgramStore(path: ProgramStore.resolvePath(explicit: options.db))
/// try store.recordAudit(actor: "cli", action: "program.show", target: .program)
/// ```
public final class ProgramStore: Sendable {
    /// The file name used when neither `--db` nor `IOP_PLANNER_DB` says otherwise.
    public static let defaultFileName = "program.sqlite"
    /// The environment variable naming the database file.
    public static let environmentVariable = "IOP_PLANNER_DB"
    /// How long a write waits for another process's write to finish.
    public static let busyTimeout: TimeInterval = 5

    /// The database file's path, as given.
    public let path: String
    let pool: DatabasePool

    /// `explicit` (from `--db`), else `IOP_PLANNER_DB`, else `program.sqlite` in the working folder.
    public static func resolvePath(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultFileName
    }

    /// Opens (creating when missing) the program database at `path` and migrates it to this build's schema.
    public init(path: String, busyTimeout: TimeInterval = ProgramStore.busyTimeout) throws {
        self.path = path
        try Self.createPrivateFile(at: path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "program-store"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = Schema.migrator
            let superseded = try pool.read { db in
                try migrator.hasBeenSuperseded(db) ? try migrator.appliedIdentifiers(db) : nil
            }
            if let applied = superseded {
                let known = Set(migrator.migrations)
                throw StoreError.newerSchema(path: path, unknownMigrations: applied.subtracting(known).sorted())
            }
            try migrator.migrate(pool)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// The migrations applied to the file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try read { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// The migrations this build knows, oldest first.
    public static var knownMigrations: [String] { Schema.migrator.migrations }

    /// `PRAGMA integrity_check`'s answer, `"ok"` for a sound file.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// Runs `body` in one write transaction, mapping SQLite errors to ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Runs `body` on a read snapshot, mapping SQLite errors to ``StoreError``.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Creates an empty file with mode 0600 when none exists, so SQLite (and its WAL and
    /// shared-memory files, which copy the mode) never makes it world-readable.
    private static func createPrivateFile(at path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        if errno == EEXIST { return }
        throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
    }
}
