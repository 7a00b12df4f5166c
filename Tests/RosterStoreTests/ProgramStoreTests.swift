import Foundation
import GRDB
import TestSupport
import Testing

@testable import RosterStore

/// Opening the program database: migrations, file mode, newer files, busy writers, triggers.
@Suite("Program store")
struct ProgramStoreTests {
    static func scratchStore(_ name: String) throws -> (store: ProgramStore, folder: String) {
        let folder = try Planner.scratchFolder("store-\(name)")
        return (try ProgramStore(path: "\(folder)/program.sqlite"), folder)
    }

    @Test func aFreshFileIsMigratedPrivateAndInWALMode() throws {
        let (store, folder) = try Self.scratchStore("fresh")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try store.appliedMigrations() == ProgramStore.knownMigrations)
        #expect(try store.integrityCheck() == "ok")
        let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let (journal, foreignKeys) = try store.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"))
        }
        #expect(journal == "wal")
        #expect(foreignKeys == 1)
        let tables = try store.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name "
                    + "NOT LIKE 'grdb_%' ORDER BY name")
        }
        #expect(
            tables == [
                "audit_log", "clinicians", "patients", "prescription_steps", "program", "rooms", "rosters", "sessions",
                "users", "week_pins", "weeks", "whatif_scenarios",
            ])
        // Opening again runs nothing and keeps the file.
        #expect(
            try ProgramStore(path: store.path).appliedMigrations() == [
                "v1", "v2-roster-instance", "v3-user-clinician", "v4-week-pins", "v5-whatif-scenarios",
            ])
    }

    @Test func aFileFromANewerBuildIsRefusedNotMigratedDown() throws {
        let (store, folder) = try Self.scratchStore("newer")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try store.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }
        #expect(throws: StoreError.newerSchema(path: store.path, unknownMigrations: ["v9-future"])) {
            _ = try ProgramStore(path: store.path)
        }
        let message = StoreError.newerSchema(path: store.path, unknownMigrations: ["v9-future"]).description
        #expect(message.contains("newer iop-planner"))
    }

    @Test func theDatabasePathComesFromTheFlagThenTheEnvironmentThenTheDefault() {
        #expect(
            ProgramStore.resolvePath(explicit: "a.sqlite", environment: ["IOP_PLANNER_DB": "b.sqlite"]) == "a.sqlite")
        #expect(ProgramStore.resolvePath(explicit: nil, environment: ["IOP_PLANNER_DB": "b.sqlite"]) == "b.sqlite")
        #expect(ProgramStore.resolvePath(explicit: nil, environment: [:]) == "program.sqlite")
    }

    @Test func aWriterHeldUpByAnotherGetsTheBusyError() throws {
        let (store, folder) = try Self.scratchStore("busy")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let other = try ProgramStore(path: store.path, busyTimeout: 0.2)
        var queueConfiguration = Configuration()
        queueConfiguration.busyMode = .immediateError
        let holder = try DatabaseQueue(path: store.path, configuration: queueConfiguration)
        try holder.inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            #expect(throws: StoreError.busy(path: store.path)) {
                try other.recordAudit(actor: "test", action: "probe", targetKind: .program)
            }
            try db.execute(sql: "ROLLBACK")
        }
        try other.recordAudit(actor: "test", action: "probe", targetKind: .program)
        #expect(StoreError.busy(path: "p").description.contains("the program database is busy"))
    }

    @Test func aPublishedRosterRowCannotBeUpdatedOrDeleted() throws {
        let (store, folder) = try Self.scratchStore("immutable")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try store.write { db in
            try db.execute(
                sql: "INSERT INTO weeks (week_start, instance, created_at) VALUES ('2026-12-07', '{}', '2026-12-01')")
            try db.execute(
                sql: """
                    INSERT INTO rosters (week_start, revision, solver, status, objective_terms, seconds, roster,
                    published, created_at)
                    VALUES ('2026-12-07', 1, 'auto', 'feasible', '{}', 1.5, '{}', 1, '2026-12-01')
                    """)
        }
        #expect(throws: StoreError.self) {
            try store.write { db in try db.execute(sql: "UPDATE rosters SET roster = '{\"x\":1}'") }
        }
        #expect(throws: StoreError.self) {
            try store.write { db in try db.execute(sql: "DELETE FROM rosters") }
        }
        // A second published revision of the same week is refused by the unique index.
        #expect(throws: StoreError.self) {
            try store.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO rosters (week_start, revision, solver, status, objective_terms, seconds, roster,
                        published, created_at)
                        VALUES ('2026-12-07', 2, 'auto', 'feasible', '{}', 1.5, '{}', 1, '2026-12-01')
                        """)
            }
        }
        #expect(try store.read { db in try String.fetchOne(db, sql: "SELECT roster FROM rosters") } == "{}")
    }

    @Test func usersSessionsAndTheAuditLog() throws {
        let (store, folder) = try Self.scratchStore("accounts")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let user = try store.createUser(username: "dora", passwordHash: "$2b$12$hash", role: .director)
        #expect(throws: StoreError.self) { try store.createUser(username: "Dora", passwordHash: "x", role: .clinician) }
        #expect(try store.findUser(username: "DORA")?.id == user.id)
        #expect(try store.findUser(username: "nobody") == nil)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try store.createSession(tokenHash: "t1", userID: user.id, expiresAt: now.addingTimeInterval(3600), now: now)
        try store.createSession(tokenHash: "t2", userID: user.id, expiresAt: now.addingTimeInterval(10), now: now)
        #expect(try store.findSession(tokenHash: "t1", now: now)?.user.username == "dora")
        #expect(try store.findSession(tokenHash: "t2", now: now.addingTimeInterval(20)) == nil)
        #expect(try store.findSession(tokenHash: "t2", now: now) == nil)
        try store.deleteSession(tokenHash: "t1")
        #expect(try store.findSession(tokenHash: "t1", now: now) == nil)
        #expect(throws: StoreError.self) { try store.createSession(tokenHash: "t3", userID: 999, expiresAt: now) }

        try store.recordAudit(actor: "dora", action: "week.view", targetKind: .week, targetID: "2026-12-07")
        try store.recordAudit(actor: "dora", action: "patients.view", targetKind: .patients)
        let log = try store.auditLog()
        #expect(log.map(\.action) == ["patients.view", "week.view"])
        #expect(log.last?.targetID == "2026-12-07")
    }
}
