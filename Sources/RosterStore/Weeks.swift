import Foundation
import GRDB
import RosterKit

/// A roster kept for a week: one solve, with how it was solved and whether it is published.
public struct StoredRoster: Sendable, Equatable, Decodable, FetchableRecord {
    /// The row id, unique over all weeks (a re-plan's `keptFrom` refers to it).
    public var id: Int64
    /// The ISO date (`YYYY-MM-DD`) the week starts.
    public var weekStart: String
    /// The revision number within the week: 1, 2, ... in the order the solves were stored.
    public var revision: Int
    /// The solver that produced the roster (`glpk`, `greedy`, `replan`, `simulate`), or `edit` for a hand-made change.
    public var solver: String
    /// How the solve ended: a ``SolveStatus`` raw value (`optimal`, `time-limit`...).
    public var status: String
    /// The checker's objective total.
    public var objective: Double?
    /// The objective terms as in roster files (`unmetHours`..., `total`), JSON text.
    public var objectiveTerms: String
    /// The best proven lower bound on the objective total, when the solver proved one.
    public var bound: Double?
    /// The solve's time limit in seconds, when it had one.
    public var timeLimit: Double?
    /// Wall-clock seconds the solve took.
    public var seconds: Double
    /// The roster file's text (the spec's format).
    public var rosterJSON: String
    /// The instance file's text the roster was planned against.
    public var instanceJSON: String
    /// The published revision this one was re-planned from with `--keep`.
    public var keptFrom: Int64?
    /// Whether this is the week's published revision (at most one is; a published one never changes).
    public var published: Bool
    /// When it was published.
    public var publishedAt: Date?
    /// When it was stored.
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, revision, solver, status, objective, bound, seconds, published
        case weekStart = "week_start"
        case objectiveTerms = "objective_terms"
        case timeLimit = "time_limit"
        case rosterJSON = "roster"
        case instanceJSON = "instance"
        case keptFrom = "kept_from"
        case publishedAt = "published_at"
        case createdAt = "created_at"
    }

    /// The roster, decoded.
    public func roster() throws -> Roster {
        do { return try RosterDecoder().decode(try JSONParser.parse(rosterJSON)) } catch {
            throw StoreError.invalid("week \(weekStart) revision \(revision): the stored roster is damaged")
        }
    }

    /// The instance it was planned against, decoded.
    public func instance() throws -> Instance {
        do { return try RecordRows.decode(try JSONParser.parse(instanceJSON)) } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.invalid("week \(weekStart) revision \(revision): the stored instance is damaged")
        }
    }
}

extension ProgramStore {
    /// The week's instance built from the records active that week: each patient with the
    /// prescription step in force on `weekStart`, and `previous` from the published roster of
    /// the week before (absent when there is none, or when the patient was not in that week).
    public func weekInstance(_ weekStart: String) throws -> Instance {
        guard ISODate.isValid(weekStart) else {
            throw StoreError.invalid("\(weekStart): expected a week start date YYYY-MM-DD")
        }
        return try read { db in try Self.buildWeek(weekStart, db: db) }
    }

    /// The week's instance to plan (``weekInstance(_:)``), refused with
    /// ``StoreError/nobodyInCare(week:firstAdmission:)`` when no patient is in care that week:
    /// its roster would be empty, of objective 0. The command line and the web plan through it.
    public func instanceToPlan(_ weekStart: String) throws -> Instance {
        let instance = try weekInstance(weekStart)
        guard instance.patients.isEmpty else { return instance }
        throw StoreError.nobodyInCare(week: weekStart, firstAdmission: try currentPatients().map(\.admittedOn).min())
    }

    static func buildWeek(_ weekStart: String, db: Database) throws -> Instance {
        let program = try RecordRows.programDocument(db)
        let lastWeek = ISODate.adding(days: -7, to: weekStart) ?? weekStart
        let attended = try publishedRosterRow(lastWeek, db: db).map { try attendance(in: StoredRoster(row: $0)) }
        var patients: [JSONValue] = []
        for row in try RecordRows.patientRows(db, weekStart: weekStart) {
            let steps = try RecordRows.steps(of: row["id"], db: db)
            // A patient not in last week's instance (newly admitted) has no previous week.
            let previous = attended.flatMap { $0[row["id"] as String] }
            patients.append(.object(try RecordRows.patientObject(row, steps: steps, on: weekStart, previous: previous)))
        }
        return try RecordRows.decode(
            RecordRows.instanceDocument(program: program, weekStart: weekStart, db: db, patients: patients))
    }

    /// Each patient's attended session-days in a roster, in calendar order.
    private static func attendance(in stored: StoredRoster) throws -> [String: [String]] {
        let instance = try stored.instance()
        let roster = try stored.roster()
        let next = instance.nextWeek(after: roster)
        return Dictionary(
            uniqueKeysWithValues: next.patients.map { ($0.id.rawValue, ($0.previous ?? []).map(\.description)) })
    }

    /// Keeps a solve of the week's `instance` as its next revision, after checking it: a roster
    /// that breaks a hard rule is refused. With `basedOn` (the revision the roster was made from,
    /// 0 before the week had one) it is stored only while that is still the week's newest
    /// revision, in the same transaction: a newer one is refused with
    /// ``StoreError/newerRevision(week:basedOn:latest:)`` rather than buried. Returns the stored row.
    @discardableResult
    public func saveRoster(
        _ outcome: SolveOutcome, instance: Instance, weekStart: String, timeLimit: Double?, keptFrom: Int64? = nil,
        basedOn: Int? = nil, actor: String
    ) throws -> StoredRoster {
        let row = try RosterRowText(outcome, instance: instance, weekStart: weekStart)
        return try write { db in
            if let basedOn {
                let latest = try Self.latestRevision(weekStart, db: db)
                guard latest == basedOn else {
                    throw StoreError.newerRevision(week: weekStart, basedOn: basedOn, latest: latest)
                }
            }
            return try Self.insertRoster(
                row, outcome: outcome, weekStart: weekStart, timeLimit: timeLimit, keptFrom: keptFrom, actor: actor,
                db: db)
        }
    }

    /// A checked roster's texts as the `rosters` table keeps them; a roster that breaks a hard rule is refused.
    /// Its status is settled against the proven bound, so a stored week never calls a roster optimal
    /// above its bound, nor anything else at it, whichever solver or edit made it.
    struct RosterRowText {
        var instance: String
        var roster: String
        var terms: String
        var total: Double
        var status: SolveStatus

        init(_ outcome: SolveOutcome, instance: Instance, weekStart: String) throws {
            let index = InstanceIndex(instance)
            let report = RosterChecker(index: index).check(outcome.roster)
            guard report.isValid else {
                throw StoreError.invalid(
                    "week \(weekStart): the \(outcome.solver) roster breaks \(report.violations.count) hard "
                        + "rules; it was not stored")
            }
            var settled = outcome
            settled.settleStatus(total: report.total, weights: instance.policy.weights)
            self.instance = InstanceEncoder.text(instance)
            roster = JSONWriter.write(settled.rosterDocument(index: index, report: report))
            terms = RecordRows.json(report.terms.json(instance.policy.weights)) ?? "{}"
            total = report.total
            status = settled.status
        }
    }

    /// The week's newest roster revision; 0 when it has none.
    static func latestRevision(_ weekStart: String, db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT max(revision) FROM rosters WHERE week_start = ?", arguments: [weekStart]) ?? 0
    }

    /// Inserts the week's next revision inside the caller's transaction, with its audit entry.
    static func insertRoster(
        _ text: RosterRowText, outcome: SolveOutcome, weekStart: String, timeLimit: Double?, keptFrom: Int64?,
        actor: String, db: Database
    ) throws -> StoredRoster {
        let (instanceText, rosterText, terms) = (text.instance, text.roster, text.terms)
        let now = Date()
        try db.execute(
            sql: """
                INSERT INTO weeks (week_start, instance, created_at) VALUES (?, ?, ?)
                ON CONFLICT (week_start) DO UPDATE SET instance = excluded.instance
                """,
            arguments: [weekStart, instanceText, now])
        let revision = try latestRevision(weekStart, db: db) + 1
        try db.execute(
            sql: """
                INSERT INTO rosters (week_start, revision, solver, status, objective, objective_terms, bound,
                time_limit, seconds, roster, instance, kept_from, published, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                """,
            arguments: [
                weekStart, revision, outcome.solver, text.status.rawValue, text.total, terms, outcome.bound,
                timeLimit,
                outcome.elapsed, rosterText, instanceText, keptFrom, now,
            ])
        let rosterID = db.lastInsertedRowID
        try Self.insertAudit(
            db, actor: actor, action: keptFrom == nil ? "week.plan" : "week.replan", targetKind: .roster,
            targetID: "\(weekStart)#\(revision)")
        return try Self.rosterRow(id: rosterID, db: db)
    }

    /// Every revision of the week, oldest first.
    public func rosters(of weekStart: String) throws -> [StoredRoster] {
        try read { db in
            try StoredRoster.fetchAll(
                db, sql: "SELECT * FROM rosters WHERE week_start = ? ORDER BY revision", arguments: [weekStart])
        }
    }

    /// One revision, the published one when `revision` is `nil`, else the latest.
    public func roster(of weekStart: String, revision: Int? = nil) throws -> StoredRoster {
        let all = try rosters(of: weekStart)
        let found =
            revision.map { wanted in all.first { $0.revision == wanted } }
            ?? (all.first(where: \.published) ?? all.last)
        guard let found else {
            throw StoreError.notFound(
                kind: "roster for week", key: revision.map { "\(weekStart) revision \($0)" } ?? weekStart)
        }
        return found
    }

    /// The week's published roster, if any.
    public func publishedRoster(of weekStart: String) throws -> StoredRoster? {
        try read { db in try Self.publishedRosterRow(weekStart, db: db).map(StoredRoster.init(row:)) }
    }

    static func publishedRosterRow(_ weekStart: String, db: Database) throws -> Row? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM rosters WHERE week_start = ? AND published = 1", arguments: [weekStart])
    }

    /// Publishes a revision (the latest when `nil`). A week has at most one published roster and
    /// it never changes: publishing again is refused.
    @discardableResult
    public func publish(_ weekStart: String, revision: Int? = nil, actor: String) throws -> StoredRoster {
        try write { db in try Self.publish(weekStart, revision: revision, actor: actor, db: db) }
    }

    /// Publishes a revision inside the caller's transaction.
    static func publish(_ weekStart: String, revision: Int?, actor: String, db: Database) throws -> StoredRoster {
        if let published = try Self.publishedRosterRow(weekStart, db: db) {
            throw StoreError.weekAlreadyPublished(week: weekStart, revision: published["revision"])
        }
        let sql =
            revision == nil
            ? "SELECT * FROM rosters WHERE week_start = ? ORDER BY revision DESC LIMIT 1"
            : "SELECT * FROM rosters WHERE week_start = ? AND revision = ?"
        guard
            let row = try Row.fetchOne(db, sql: sql, arguments: revision == nil ? [weekStart] : [weekStart, revision])
        else {
            throw StoreError.notFound(
                kind: "roster for week", key: revision.map { "\(weekStart) revision \($0)" } ?? weekStart)
        }
        try db.execute(
            sql: "UPDATE rosters SET published = 1, published_at = ? WHERE id = ?",
            arguments: [Date(), row["id"] as Int64])
        try Self.insertAudit(
            db, actor: actor, action: "week.publish", targetKind: .roster,
            targetID: "\(weekStart)#\(row["revision"] as Int)")
        return try Self.rosterRow(id: row["id"], db: db)
    }

    static func rosterRow(id: Int64, db: Database) throws -> StoredRoster {
        guard let stored = try StoredRoster.fetchOne(db, sql: "SELECT * FROM rosters WHERE id = ?", arguments: [id])
        else { throw StoreError.notFound(kind: "roster", key: "#\(id)") }
        return stored
    }

    /// Week starts with at least one roster, newest first.
    public func plannedWeeks() throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT week_start FROM rosters ORDER BY week_start DESC")
        }
    }
}

/// Which revision a week shows now, without its roster's text: what a cache of the week's page
/// is keyed by.
public struct WeekRevision: Sendable, Hashable {
    /// The revision number (1 for the week's first plan).
    public var revision: Int
    /// Whether it is the week's published revision.
    public var published: Bool

    /// A week's current revision.
    public init(revision: Int, published: Bool) {
        self.revision = revision
        self.published = published
    }
}

extension ProgramStore {
    /// The revision ``roster(of:revision:)`` returns by default (the published one, else the
    /// newest), read from one index row; `nil` before the week is planned.
    public func currentRevision(of weekStart: String) throws -> WeekRevision? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT revision, published FROM rosters WHERE week_start = ?
                    ORDER BY published DESC, revision DESC LIMIT 1
                    """,
                arguments: [weekStart]
            ).map { WeekRevision(revision: $0["revision"], published: $0["published"]) }
        }
    }

    /// Every planned week, newest first, with whether it is published: one query.
    public func plannedWeekStates() throws -> [(week: String, published: Bool)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT week_start, max(published) AS published FROM rosters
                    GROUP BY week_start ORDER BY week_start DESC
                    """
            ).map { (week: $0["week_start"], published: $0["published"]) }
        }
    }
}
