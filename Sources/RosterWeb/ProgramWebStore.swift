import Foundation
import RosterKit
import RosterStore

/// The web application's store: the program database. Accounts, sessions, the audit log, the
/// program's records, the weeks and every roster revision live there, so a restart keeps them.
///
/// The database keeps a SHA-256 of each session token, never the token; a session's CSRF token
/// is derived from its token, so nothing secret is stored beside it.
public final class ProgramWebStore: WebStore, @unchecked Sendable {
    /// The program database everything is read from and written to.
    public let database: ProgramStore
    /// The week the picker offers even before it is planned.
    private let currentWeek: String

    /// `currentWeek` is a week start (`YYYY-MM-DD`); the database must hold a program.
    public init(database: ProgramStore, currentWeek: String) {
        self.database = database
        self.currentWeek = currentWeek
    }

    /// The user of this name (case-insensitive) from the database's accounts.
    public func account(named name: String) throws -> Account? {
        try database.findUser(username: name).map { user in
            Account(
                name: user.username, passwordHash: user.passwordHash,
                role: Role(rawValue: user.role.rawValue) ?? .clinician, clinician: user.clinicianID)
        }
    }

    /// Stores the session under the SHA-256 of its token; throws ``StoreError`` for an unknown user.
    public func saveSession(_ session: WebSession) throws {
        guard let user = try database.findUser(username: session.user) else {
            throw StoreError.notFound(kind: "user", key: session.user)
        }
        _ = try database.createSession(
            tokenHash: Token.sha256(session.token), userID: user.id, expiresAt: session.expires)
    }

    /// The unexpired session whose token hashes to a stored one, with its CSRF token derived again.
    public func session(token: String, now: Date) throws -> WebSession? {
        guard let found = try database.findSession(tokenHash: Token.sha256(token), now: now) else { return nil }
        return WebSession(
            token: token, user: found.user.username, role: Role(rawValue: found.user.role.rawValue) ?? .clinician,
            clinician: found.user.clinicianID, csrf: Token.csrf(for: token), expires: found.session.expiresAt)
    }

    /// Deletes the session stored under the token's hash.
    public func deleteSession(token: String) throws { try database.deleteSession(tokenHash: Token.sha256(token)) }

    /// Appends the entry to the database's audit log; its target kind is told from `what` and `action`.
    public func audit(_ entry: AuditEntry) throws { try audit([entry]) }

    /// Appends the entries to the database's audit log in one transaction.
    public func audit(_ entries: [AuditEntry]) throws {
        try database.recordAudits(
            entries.map { entry in
                let kind: AuditTargetKind =
                    entry.what.hasPrefix("week") ? .week : entry.action.contains("people") ? .patients : .session
                return (actor: entry.user, action: entry.action, targetKind: kind, targetID: entry.what, at: entry.at)
            })
    }

    /// The newest `limit` entries of the database's audit log, newest first.
    public func auditEntries(limit: Int) throws -> [AuditEntry] {
        try database.auditLog(limit: limit).map {
            AuditEntry(user: $0.actor, action: $0.action, what: $0.targetID ?? $0.targetKind.rawValue, at: $0.at)
        }
    }

    /// The planned weeks and the current one, newest first (one query).
    public func weeks() throws -> [WeekInfo] {
        let planned = Dictionary(
            try database.plannedWeekStates().map { ($0.week, $0.published) }, uniquingKeysWith: { first, _ in first })
        return Set(planned.keys).union([currentWeek]).sorted(by: >).map { week in
            WeekInfo(id: week, hasRoster: planned[week] != nil, published: planned[week] ?? false)
        }
    }

    /// The week's current revision from one index row (``ProgramStore/currentRevision(of:)``).
    public func currentRevision(week: String) throws -> WeekRevision? { try database.currentRevision(of: week) }

    /// The instance stored with the week's current roster, else ``plannable(week:)``.
    public func instance(week: String) throws -> Instance {
        try current(week)?.instance() ?? plannable(week: week)
    }

    /// The week's instance built from the records active that week (``ProgramStore/weekInstance(_:)``).
    public func plannable(week: String) throws -> Instance { try database.weekInstance(week) }

    /// The week's instance to solve (``ProgramStore/instanceToPlan(_:)``): refused when no patient is in care.
    public func instanceToPlan(week: String) throws -> Instance { try database.instanceToPlan(week) }

    /// The week's published revision, else its newest, or `nil` before it is planned.
    public func roster(week: String) throws -> StoredRoster? {
        guard let stored = try current(week) else { return nil }
        return StoredRoster(
            roster: try stored.roster(), solver: stored.solver, status: stored.status, bound: stored.bound,
            published: stored.published,
            revision: stored.revision)
    }

    /// The week's published revision, else its newest; `nil` before it is planned.
    private func current(_ week: String) throws -> RosterStore.StoredRoster? {
        let all = try database.rosters(of: week)
        return all.first(where: \.published) ?? all.last
    }

    /// Stores the roster as the week's next revision; refused for a published week or a roster that breaks a hard rule.
    /// With `basedOn`, refused with ``WebStoreError/stale(week:current:)`` when a newer revision was saved meanwhile.
    public func saveRoster(
        _ outcome: SolveOutcome, instance: Instance, week: String, basedOn: Int?, user: String
    ) throws {
        if try database.publishedRoster(of: week) != nil { throw WebStoreError.alreadyPublished(week: week) }
        do {
            try database.saveRoster(
                outcome, instance: instance, weekStart: week, timeLimit: nil, basedOn: basedOn, actor: user)
        } catch StoreError.newerRevision(_, _, let latest) {
            throw WebStoreError.stale(week: week, current: latest)
        }
    }

    /// The week's pins from the database; a pin whose stored assignments cannot be read is refused.
    public func pins(week: String) throws -> [WeekPin] {
        try database.pins(of: week).map { stored in
            guard let kind = WeekPin.Kind(rawValue: stored.kind),
                let groups = WeekPin.groups(fromJSON: stored.assignments)
            else { throw StoreError.invalid("week \(week): pin #\(stored.id) is damaged") }
            return WeekPin(id: stored.id, revision: stored.revision, kind: kind, target: stored.target, groups: groups)
        }
    }

    /// Keeps the pin in the database (``ProgramStore/addPin(weekStart:revision:kind:target:assignments:actor:)``).
    @discardableResult
    public func addPin(_ pin: WeekPin, week: String, user: String) throws -> WeekPin {
        do {
            let stored = try database.addPin(
                weekStart: week, revision: pin.revision, kind: pin.kind.rawValue, target: pin.target,
                assignments: pin.assignmentsJSON, actor: user)
            var kept = pin
            kept.id = stored.id
            return kept
        } catch StoreError.weekAlreadyPublished {
            throw WebStoreError.alreadyPublished(week: week)
        }
    }

    /// Removes the pin from the database.
    public func removePin(id: Int64, week: String, user: String) throws {
        try database.removePin(id: id, weekStart: week, actor: user)
    }

    /// Imports the spreadsheets through the store, in one transaction.
    public func importSpreadsheets(
        _ spreadsheets: [Spreadsheet], readingProblems: [SpreadsheetProblem], asOf: String, user: String
    ) throws -> ImportReport {
        try database.importSpreadsheets(spreadsheets, readingProblems: readingProblems, asOf: asOf, actor: user)
    }

    /// One record through the store's spreadsheet rules (``ProgramStore/saveRecord(_:cells:isNew:asOf:actor:)``).
    public func saveRecord(
        _ table: SpreadsheetTable, cells: [String: String], isNew: Bool, asOf: String, user: String
    ) throws -> ImportReport {
        try database.saveRecord(table, cells: cells, isNew: isNew, asOf: asOf, actor: user)
    }

    /// Sets the patient's discharge date (``ProgramStore/dischargePatient(_:on:actor:)``).
    public func discharge(patient: String, on date: String, user: String) throws {
        try database.dischargePatient(patient, on: date, actor: user)
    }

    /// Retires the clinician or room (``ProgramStore/retire(_:id:actor:)``).
    public func retire(_ table: SpreadsheetTable, id: String, user: String) throws {
        try database.retire(table, id: id, actor: user)
    }

    /// Publishes the week's newest revision; ``WebStoreError/notPlanned(week:)`` before it is planned.
    public func publish(week: String, user: String) throws {
        do {
            try database.publish(week, actor: user)
        } catch StoreError.weekAlreadyPublished {
            throw WebStoreError.alreadyPublished(week: week)
        } catch StoreError.notFound {
            throw WebStoreError.notPlanned(week: week)
        }
    }

    /// Keeps the what-if in the database (``ProgramStore/saveScenario(_:actor:)``).
    public func saveWhatIf(_ whatIf: ScenarioDraft, user: String) throws -> Int64 {
        try database.saveScenario(whatIf, actor: user).id
    }

    /// The week's what-ifs from the database, newest first.
    public func whatIfs(week: String) throws -> [WhatIfSummary] {
        try database.scenarios(of: week).map(Self.summary)
    }

    /// One what-if from the database; a comparison that cannot be read is refused.
    public func whatIf(id: Int64, week: String) throws -> SavedWhatIf? {
        guard let stored = try database.scenario(id: id, of: week) else { return nil }
        guard let table = WhatIfTable(json: stored.comparison) else {
            throw StoreError.invalid("week \(week): what-if #\(id) is damaged")
        }
        return SavedWhatIf(summary: Self.summary(stored), form: FormFields(urlEncoded: stored.form), table: table)
    }

    /// Adopts the what-if through the database (``ProgramStore/adoptScenario(id:of:actor:)``).
    @discardableResult
    public func adoptWhatIf(id: Int64, week: String, user: String) throws -> Int {
        do {
            return try database.adoptScenario(id: id, of: week, actor: user).revision
        } catch StoreError.notFound {
            throw BadInput(field: "scenario", expected: "a what-if kept for the week of \(week)")
        } catch let error as ScenarioAdoptionError {
            switch error {
            case .alreadyAdopted(_, _, let revision):
                throw BadInput(
                    field: "scenario", expected: "a what-if not adopted yet (this one is revision \(revision))")
            case .notAdoptable:
                throw BadInput(
                    field: "scenario",
                    expected: "a scenario that leaves the program's patients, staff and rooms as they are")
            case .stale(_, _, let current):
                throw WebStoreError.stale(week: week, current: current)
            }
        } catch StoreError.weekAlreadyPublished {
            throw WebStoreError.alreadyPublished(week: week)
        }
    }

    /// Removes the what-if from the database.
    public func deleteWhatIf(id: Int64, week: String, user: String) throws {
        do {
            try database.deleteScenario(id: id, of: week, actor: user)
        } catch StoreError.notFound {
            throw BadInput(field: "scenario", expected: "a what-if kept for the week of \(week)")
        }
    }

    private static func summary(_ stored: RosterStore.StoredScenario) -> WhatIfSummary {
        WhatIfSummary(
            id: stored.id, week: stored.weekStart, baseRevision: stored.baseRevision, label: stored.label,
            changes: stored.changes, adoptable: stored.adoptable, createdBy: stored.createdBy,
            createdAt: stored.createdAt, adoptedRevision: stored.adoptedRevision)
    }
}
