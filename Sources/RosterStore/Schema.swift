import GRDB

/// The program database's migrations. Migration identifiers are never renamed or removed; a new
/// version of the schema is a new migration appended here.
enum Schema {
    static let immutableMessage = "published roster is immutable"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1", migrate: v1)
        migrator.registerMigration("v2-roster-instance", migrate: v2)
        migrator.registerMigration("v3-user-clinician", migrate: v3)
        migrator.registerMigration("v4-week-pins", migrate: v4)
        migrator.registerMigration("v5-whatif-scenarios", migrate: v5)
        return migrator
    }

    /// The director's what-if scenarios of a week: the scenario's week and its roster re-planned
    /// from one revision (what "Adopt this plan" stores), with the web layer's texts (the form it
    /// was asked with, the comparison it showed), who asked it, and the revision it became.
    private static func v5(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE whatif_scenarios (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    week_start TEXT NOT NULL,
                    base_revision INTEGER NOT NULL,
                    label TEXT NOT NULL,
                    changes INTEGER NOT NULL,
                    form TEXT NOT NULL,
                    instance TEXT NOT NULL,
                    roster TEXT NOT NULL,
                    solver TEXT NOT NULL,
                    status TEXT NOT NULL,
                    bound REAL,
                    seconds REAL NOT NULL,
                    comparison TEXT NOT NULL,
                    adoptable INTEGER NOT NULL CHECK (adoptable IN (0, 1)),
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    adopted_revision INTEGER,
                    adopted_by TEXT,
                    adopted_at TEXT,
                    FOREIGN KEY (week_start, base_revision) REFERENCES rosters(week_start, revision)
                );
                CREATE INDEX whatif_scenarios_week ON whatif_scenarios(week_start, id);
                """)
    }

    /// The director's pins: assignments of one revision of a week (a patient's, or a group's)
    /// that "Re-plan around my edits" keeps. `assignments` is the web layer's JSON text.
    private static func v4(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE week_pins (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    week_start TEXT NOT NULL,
                    revision INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('patient', 'group')),
                    target TEXT NOT NULL,
                    assignments TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    FOREIGN KEY (week_start, revision) REFERENCES rosters(week_start, revision)
                );
                CREATE INDEX week_pins_week ON week_pins(week_start);
                """)
    }

    /// Each roster keeps the instance it was planned against, so a week re-built after the
    /// records changed never makes an older roster fail the checker.
    /// A clinician's account names the clinician it belongs to (NULL for directors).
    private static func v3(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE users ADD COLUMN clinician_id TEXT")
    }

    private static func v2(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE rosters ADD COLUMN instance TEXT NOT NULL DEFAULT ''")
    }

    /// The first schema. Dates of the calendar (`week_start`, `admitted_on`...) are ISO text
    /// `YYYY-MM-DD`; instants (`created_at`, `at`...) are GRDB dates (UTC text).
    private static func v1(_ db: Database) throws {
        // The program's calendar and rules, one row: the spec's JSON pieces as JSON text.
        try db.execute(
            sql: """
                CREATE TABLE program (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    name TEXT,
                    days TEXT NOT NULL,
                    sessions TEXT NOT NULL,
                    modalities TEXT NOT NULL,
                    policy TEXT NOT NULL,
                    updated_at TEXT NOT NULL
                );
                CREATE TABLE clinicians (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT,
                    modalities TEXT NOT NULL,
                    availability TEXT NOT NULL,
                    max_hours_per_week INTEGER,
                    max_hours_per_day INTEGER,
                    active INTEGER NOT NULL DEFAULT 1
                );
                CREATE TABLE rooms (
                    id TEXT PRIMARY KEY NOT NULL,
                    capacity INTEGER NOT NULL CHECK (capacity > 0),
                    availability TEXT NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1
                );
                CREATE TABLE patients (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT,
                    cohort TEXT NOT NULL,
                    track TEXT NOT NULL,
                    secondary TEXT,
                    availability TEXT NOT NULL,
                    max_days_per_week INTEGER,
                    separate_from TEXT NOT NULL DEFAULT '[]',
                    admitted_on TEXT NOT NULL,
                    planned_discharge_on TEXT,
                    discharged_on TEXT
                );
                CREATE TABLE prescription_steps (
                    patient_id TEXT NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
                    from_date TEXT NOT NULL,
                    days_per_week INTEGER,
                    hours_per_week INTEGER NOT NULL CHECK (hours_per_week > 0),
                    PRIMARY KEY (patient_id, from_date)
                );
                CREATE TABLE weeks (
                    week_start TEXT PRIMARY KEY NOT NULL,
                    instance TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE rosters (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    week_start TEXT NOT NULL REFERENCES weeks(week_start),
                    revision INTEGER NOT NULL,
                    solver TEXT NOT NULL,
                    status TEXT NOT NULL,
                    objective REAL,
                    objective_terms TEXT NOT NULL,
                    bound REAL,
                    time_limit REAL,
                    seconds REAL NOT NULL,
                    roster TEXT NOT NULL,
                    kept_from INTEGER REFERENCES rosters(id),
                    published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
                    published_at TEXT,
                    created_at TEXT NOT NULL,
                    UNIQUE (week_start, revision)
                );
                CREATE UNIQUE INDEX rosters_one_published_per_week ON rosters(week_start) WHERE published = 1;
                CREATE TRIGGER rosters_published_no_update BEFORE UPDATE ON rosters WHEN OLD.published = 1
                BEGIN SELECT RAISE(ABORT, '\(immutableMessage)'); END;
                CREATE TRIGGER rosters_published_no_delete BEFORE DELETE ON rosters WHEN OLD.published = 1
                BEGIN SELECT RAISE(ABORT, '\(immutableMessage)'); END;
                CREATE TABLE audit_log (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target_kind TEXT NOT NULL,
                    target_id TEXT
                );
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('director', 'clinician')),
                    created_at TEXT NOT NULL
                );
                CREATE TABLE sessions (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    expires_at TEXT NOT NULL,
                    created_at TEXT NOT NULL
                );
                CREATE INDEX sessions_user ON sessions(user_id);
                """)
    }
}
