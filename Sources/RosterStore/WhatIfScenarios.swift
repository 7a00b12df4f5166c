import Foundation
import GRDB
import RosterKit

/// A what-if scenario as the web page builds it, before the store keeps it: the scenario's week
/// (the base with the changes applied), its roster re-planned from the week's revision
/// `baseRevision`, and the web layer's texts (the form it was asked with, the comparison it
/// showed), which the store keeps as they are and never reads a patient field out of.
public struct ScenarioDraft: Sendable {
    /// The week's start date.
    public var weekStart: String
    /// The revision of the week's roster the scenario was re-planned from.
    public var baseRevision: Int
    /// The scenario's name as the director gave it (or `scenario`).
    public var label: String
    /// How many changes it makes.
    public var changes: Int
    /// The form the scenario was asked with, as the web layer wrote it.
    public var form: String
    /// The scenario's week.
    public var instance: Instance
    /// Its roster, as the re-plan ended.
    public var outcome: SolveOutcome
    /// The side-by-side comparison with the base, as the web layer wrote it.
    public var comparison: String
    /// Whether "Adopt this plan" may store the roster as the week's next revision.
    public var adoptable: Bool

    /// A scenario from its parts.
    public init(
        weekStart: String, baseRevision: Int, label: String, changes: Int, form: String, instance: Instance,
        outcome: SolveOutcome, comparison: String, adoptable: Bool
    ) {
        self.weekStart = weekStart
        self.baseRevision = baseRevision
        self.label = label
        self.changes = changes
        self.form = form
        self.instance = instance
        self.outcome = outcome
        self.comparison = comparison
        self.adoptable = adoptable
    }
}

/// A what-if scenario kept for a week: who asked it and when, and whether it was adopted.
public struct StoredScenario: Sendable, Equatable, Decodable, FetchableRecord {
    /// The row id, unique over all weeks.
    public var id: Int64
    /// The week's start date.
    public var weekStart: String
    /// The revision of the week's roster the scenario was re-planned from.
    public var baseRevision: Int
    /// The scenario's name.
    public var label: String
    /// How many changes it makes.
    public var changes: Int
    /// The form it was asked with, as the web layer wrote it.
    public var form: String
    /// The comparison it showed, as the web layer wrote it.
    public var comparison: String
    /// Whether it may be adopted (it changes no patient, clinician, room or session).
    public var adoptable: Bool
    /// Who asked it.
    public var createdBy: String
    /// When.
    public var createdAt: Date
    /// The week's revision it became, once adopted.
    public var adoptedRevision: Int?
    /// Who adopted it.
    public var adoptedBy: String?
    /// When.
    public var adoptedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, label, changes, form, comparison, adoptable
        case weekStart = "week_start"
        case baseRevision = "base_revision"
        case createdBy = "created_by"
        case createdAt = "created_at"
        case adoptedRevision = "adopted_revision"
        case adoptedBy = "adopted_by"
        case adoptedAt = "adopted_at"
    }
}

/// Why the store refused to adopt a what-if scenario.
public enum ScenarioAdoptionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The scenario was adopted already, as this revision.
    case alreadyAdopted(week: String, id: Int64, revision: Int)
    /// The scenario changes people or resources the program's records do not have.
    case notAdoptable(week: String, id: Int64)
    /// The week's roster changed since the scenario was re-planned from it.
    case stale(week: String, id: Int64, current: Int)

    public var description: String {
        switch self {
        case .alreadyAdopted(let week, let id, let revision):
            "week \(week): what-if #\(id) was adopted already, as revision \(revision)"
        case .notAdoptable(let week, let id):
            "week \(week): what-if #\(id) changes patients, staff or rooms the program's records do not have; "
                + "it cannot be adopted"
        case .stale(let week, let id, let current):
            "week \(week): what-if #\(id) was planned from an older revision; the week is at revision \(current)"
        }
    }
}

extension ProgramStore {
    /// The columns a scenario listing reads: every one but the scenario's week and roster.
    private static let scenarioColumns = """
        id, week_start, base_revision, label, changes, form, comparison, adoptable, created_by, created_at,
        adopted_revision, adopted_by, adopted_at
        """

    /// How long a what-if that can no longer be adopted is kept (30 days): each
    /// ``saveScenario(_:actor:)`` drops the older ones (``pruneScenarios(keptBefore:actor:)``).
    public static let scenarioRetention: TimeInterval = 30 * 24 * 3600

    /// Keeps a what-if scenario of the week's revision `draft.baseRevision`, with its audit row
    /// (`whatif.save`, the week and the scenario's number, never a patient); returns it with its id.
    /// In the same transaction it drops the what-ifs, of any week, kept more than
    /// ``scenarioRetention`` ago that can no longer be adopted (``pruneScenarios(keptBefore:actor:)``).
    @discardableResult
    public func saveScenario(_ draft: ScenarioDraft, actor: String) throws -> StoredScenario {
        let instanceText = InstanceEncoder.text(draft.instance)
        let rosterText = JSONWriter.write(draft.outcome.rosterDocument(index: InstanceIndex(draft.instance)))
        return try write { db in
            try Self.pruneScenarios(
                keptBefore: Date().addingTimeInterval(-Self.scenarioRetention), actor: actor, db: db)
            let exists = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM rosters WHERE week_start = ? AND revision = ?",
                arguments: [draft.weekStart, draft.baseRevision])
            guard exists == true else {
                throw StoreError.notFound(
                    kind: "roster for week", key: "\(draft.weekStart) revision \(draft.baseRevision)")
            }
            try db.execute(
                sql: """
                    INSERT INTO whatif_scenarios (week_start, base_revision, label, changes, form, instance, roster,
                    solver, status, bound, seconds, comparison, adoptable, created_by, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    draft.weekStart, draft.baseRevision, draft.label, draft.changes, draft.form, instanceText,
                    rosterText, draft.outcome.solver, draft.outcome.status.rawValue, draft.outcome.bound,
                    draft.outcome.elapsed, draft.comparison, draft.adoptable, actor, Date(),
                ])
            let id = db.lastInsertedRowID
            try Self.insertAudit(
                db, actor: actor, action: "whatif.save", targetKind: .week,
                targetID: "\(draft.weekStart) what-if #\(id)"
            )
            guard let saved = try Self.scenarioRow(id: id, weekStart: draft.weekStart, db: db) else {
                throw StoreError.notFound(kind: "what-if", key: "#\(id)")
            }
            return saved
        }
    }

    /// Drops the what-ifs kept before `keptBefore` that can no longer be adopted: adopted already,
    /// compare-only (they change people), planned from a revision older than their week's newest,
    /// or of a published week. One transaction, with one audit row (`whatif.prune`, their weeks and
    /// numbers) when any is dropped; an adopted scenario's revision stays. Returns their ids.
    @discardableResult
    public func pruneScenarios(keptBefore: Date, actor: String) throws -> [Int64] {
        try write { db in try Self.pruneScenarios(keptBefore: keptBefore, actor: actor, db: db) }
    }

    /// ``pruneScenarios(keptBefore:actor:)`` inside the caller's transaction.
    @discardableResult
    static func pruneScenarios(keptBefore: Date, actor: String, db: Database) throws -> [Int64] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, s.week_start FROM whatif_scenarios s
                WHERE s.created_at < ? AND (
                    s.adopted_revision IS NOT NULL OR s.adoptable = 0
                    OR s.base_revision < (SELECT max(r.revision) FROM rosters r WHERE r.week_start = s.week_start)
                    OR EXISTS (SELECT 1 FROM rosters r WHERE r.week_start = s.week_start AND r.published = 1))
                ORDER BY s.week_start, s.id
                """,
            arguments: [keptBefore])
        guard !rows.isEmpty else { return [] }
        let ids: [Int64] = rows.map { $0["id"] }
        try db.execute(
            sql: "DELETE FROM whatif_scenarios WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))",
            arguments: StatementArguments(ids))
        let listed = Dictionary(grouping: rows) { $0["week_start"] as String }.sorted { $0.key < $1.key }.map {
            "\($0.key) what-if " + $0.value.map { "#\($0["id"] as Int64)" }.joined(separator: ", ")
        }
        try Self.insertAudit(
            db, actor: actor, action: "whatif.prune", targetKind: .week,
            targetID: listed.joined(separator: "; ") + " (no longer adoptable, kept before \(keptBefore))")
        return ids
    }

    /// The week's what-if scenarios, newest first.
    public func scenarios(of weekStart: String) throws -> [StoredScenario] {
        try read { db in
            try StoredScenario.fetchAll(
                db,
                sql: "SELECT \(Self.scenarioColumns) FROM whatif_scenarios WHERE week_start = ? ORDER BY id DESC",
                arguments: [weekStart])
        }
    }

    /// One of the week's scenarios, or `nil` when the week has none with this id.
    public func scenario(id: Int64, of weekStart: String) throws -> StoredScenario? {
        try read { db in try Self.scenarioRow(id: id, weekStart: weekStart, db: db) }
    }

    /// Removes one of the week's scenarios, with its audit row (`whatif.delete`); an adopted
    /// scenario's revision stays.
    public func deleteScenario(id: Int64, of weekStart: String, actor: String) throws {
        try write { db in
            try db.execute(
                sql: "DELETE FROM whatif_scenarios WHERE id = ? AND week_start = ?", arguments: [id, weekStart])
            guard db.changesCount == 1 else { throw StoreError.notFound(kind: "what-if", key: "#\(id)") }
            try Self.insertAudit(
                db, actor: actor, action: "whatif.delete", targetKind: .week, targetID: "\(weekStart) what-if #\(id)")
        }
    }

    /// Stores the scenario's roster as the week's next revision and marks the scenario adopted, in
    /// one transaction with the audit rows (`week.plan` for the revision, `whatif.adopt`). Refused
    /// (``ScenarioAdoptionError``) when it was adopted already, may not be adopted, or the week moved on
    /// from the revision it was planned from; ``StoreError/weekAlreadyPublished(week:revision:)``
    /// for a published week, ``StoreError/invalid(_:)`` when its roster breaks a hard rule.
    @discardableResult
    public func adoptScenario(id: Int64, of weekStart: String, actor: String) throws -> StoredRoster {
        try write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM whatif_scenarios WHERE id = ? AND week_start = ?",
                    arguments: [id, weekStart])
            else { throw StoreError.notFound(kind: "what-if", key: "#\(id)") }
            let scenario = try StoredScenario(row: row)
            if let revision = scenario.adoptedRevision {
                throw ScenarioAdoptionError.alreadyAdopted(week: weekStart, id: id, revision: revision)
            }
            guard scenario.adoptable else { throw ScenarioAdoptionError.notAdoptable(week: weekStart, id: id) }
            if let published = try Self.publishedRosterRow(weekStart, db: db) {
                throw StoreError.weekAlreadyPublished(week: weekStart, revision: published["revision"])
            }
            let current = try Self.latestRevision(weekStart, db: db)
            guard current == scenario.baseRevision else {
                throw ScenarioAdoptionError.stale(week: weekStart, id: id, current: current)
            }
            let (instance, outcome) = try Self.scenarioSolve(row, label: "week \(weekStart) what-if #\(id)")
            let text = try RosterRowText(outcome, instance: instance, weekStart: weekStart)
            let stored = try Self.insertRoster(
                text, outcome: outcome, weekStart: weekStart, timeLimit: nil, keptFrom: nil, actor: actor, db: db)
            try db.execute(
                sql: "UPDATE whatif_scenarios SET adopted_revision = ?, adopted_by = ?, adopted_at = ? WHERE id = ?",
                arguments: [stored.revision, actor, Date(), id])
            try Self.insertAudit(
                db, actor: actor, action: "whatif.adopt", targetKind: .roster,
                targetID: "\(weekStart)#\(stored.revision) from what-if #\(id)")
            return stored
        }
    }

    /// A scenario row's week and roster, decoded.
    private static func scenarioSolve(_ row: Row, label: String) throws -> (Instance, SolveOutcome) {
        let instance: Instance
        let roster: Roster
        do {
            instance = try RecordRows.decode(try JSONParser.parse(row["instance"] as String))
            roster = try RosterDecoder().decode(try JSONParser.parse(row["roster"] as String))
        } catch {
            throw StoreError.invalid("\(label): the stored scenario is damaged")
        }
        let outcome = SolveOutcome(
            roster: roster, solver: row["solver"], status: SolveStatus(rawValue: row["status"]) ?? .heuristic,
            detail: "", bound: row["bound"], elapsed: row["seconds"])
        return (instance, outcome)
    }

    private static func scenarioRow(id: Int64, weekStart: String, db: Database) throws -> StoredScenario? {
        try StoredScenario.fetchOne(
            db, sql: "SELECT \(scenarioColumns) FROM whatif_scenarios WHERE id = ? AND week_start = ?",
            arguments: [id, weekStart])
    }
}
