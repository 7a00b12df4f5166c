import Foundation
import RosterKit
import RosterStore

/// What the web application reads and writes: accounts, sessions, the audit log, the weeks and
/// their rosters. The program store answers it; the web layer holds no data of its own.
public protocol WebStore: Sendable {
    /// The account with this user name, or `nil` when there is none.
    func account(named name: String) throws -> Account?
    /// Keeps a new session after a sign-in, so ``session(token:now:)`` finds it until it expires.
    func saveSession(_ session: WebSession) throws
    /// The session with this token, or `nil` when there is none or it has expired.
    func session(token: String, now: Date) throws -> WebSession?
    /// Ends the session with this token (sign-out); an unknown token is not an error.
    func deleteSession(token: String) throws

    /// Appends one row to the audit log.
    func audit(_ entry: AuditEntry) throws
    /// Appends the rows in one transaction (the week page's views, written in groups); by
    /// default one ``audit(_:)`` each.
    func audit(_ entries: [AuditEntry]) throws
    /// The newest rows first.
    func auditEntries(limit: Int) throws -> [AuditEntry]

    /// Every week the picker offers (the planned ones and the current one), newest first.
    func weeks() throws -> [WeekInfo]
    /// The problem the week's current roster was planned against; before the week is planned,
    /// the same as ``plannable(week:)``.
    func instance(week: String) throws -> Instance
    /// The week's planning problem from today's records: the program's people and policy as of that week.
    func plannable(week: String) throws -> Instance
    /// ``plannable(week:)`` to be solved: refused with `StoreError.nobodyInCare` when no patient
    /// is in care that week (``ProgramStore/instanceToPlan(_:)``), whose roster would be empty.
    func instanceToPlan(week: String) throws -> Instance
    /// The week's current roster (the published one, else the newest revision), or `nil` before it is planned.
    func roster(week: String) throws -> StoredRoster?
    /// The revision ``roster(week:)`` returns and whether it is published, without the roster:
    /// the week page's cache asks this on every view. By default read from ``roster(week:)``.
    func currentRevision(week: String) throws -> WeekRevision?
    /// Keeps a roster of `instance` as the week's newest revision (one transaction, with its
    /// audit row); refused when it breaks a hard rule or the week is published. With `basedOn`
    /// (the revision the roster was made from, 0 before the week had one) it is refused with
    /// ``WebStoreError/stale(week:current:)`` when a newer revision was saved meanwhile, in the
    /// same transaction, so that nothing saved meanwhile is buried.
    func saveRoster(_ outcome: SolveOutcome, instance: Instance, week: String, basedOn: Int?, user: String) throws
    /// The week's pins, oldest first (those of every revision; ``WeekPin`` says whether one still holds).
    func pins(week: String) throws -> [WeekPin]
    /// Keeps a pin made on the week's revision `pin.revision`, with its audit row; returns it with
    /// its id. Refused (``WebStoreError/alreadyPublished(week:)``) for a published week.
    @discardableResult
    func addPin(_ pin: WeekPin, week: String, user: String) throws -> WeekPin
    /// Removes one of the week's pins, with its audit row.
    func removePin(id: Int64, week: String, user: String) throws
    /// Imports the program's spreadsheets in one transaction with its audit row; throws a
    /// `SpreadsheetError` listing every problem, and then nothing changes.
    func importSpreadsheets(
        _ spreadsheets: [Spreadsheet], readingProblems: [SpreadsheetProblem], asOf: String, user: String
    ) throws -> ImportReport
    /// Adds (`isNew`) or changes one clinician, room or patient from the People page's form, by the
    /// spreadsheet import's rules, in one transaction with its audit row; throws a
    /// `SpreadsheetError` naming the columns (the form's fields), and then nothing changes.
    func saveRecord(_ table: SpreadsheetTable, cells: [String: String], isNew: Bool, asOf: String, user: String) throws
        -> ImportReport
    /// Discharges a current patient on `date`, in one transaction with its audit row.
    func discharge(patient: String, on date: String, user: String) throws
    /// Retires a clinician or a room, in one transaction with its audit row.
    func retire(_ table: SpreadsheetTable, id: String, user: String) throws
    /// Publishes the week's current roster; a published week never changes, so a second
    /// publish throws ``WebStoreError/alreadyPublished(week:)``.
    func publish(week: String, user: String) throws

    /// Keeps a what-if the page ran (its form as ``FormFields/encoded``, its comparison as
    /// ``WhatIfTable/json``), with its audit row; returns its number.
    func saveWhatIf(_ whatIf: ScenarioDraft, user: String) throws -> Int64
    /// The week's kept what-ifs, newest first.
    func whatIfs(week: String) throws -> [WhatIfSummary]
    /// One of the week's kept what-ifs, or `nil` when the week has none of this number.
    func whatIf(id: Int64, week: String) throws -> SavedWhatIf?
    /// Stores the what-if's roster as the week's next revision and marks it adopted, in one
    /// transaction with its audit rows; returns the revision. Refused with a ``BadInput`` on
    /// `scenario` (unknown, adopted already, or one that changes people), with
    /// ``WebStoreError/stale(week:current:)`` when the week moved on from its revision, and
    /// ``WebStoreError/alreadyPublished(week:)`` for a published week.
    @discardableResult
    func adoptWhatIf(id: Int64, week: String, user: String) throws -> Int
    /// Removes one of the week's what-ifs, with its audit row; a ``BadInput`` on `scenario` when unknown.
    func deleteWhatIf(id: Int64, week: String, user: String) throws
}

extension WebStore {
    /// One ``audit(_:)`` per row.
    public func audit(_ entries: [AuditEntry]) throws {
        for entry in entries { try audit(entry) }
    }

    /// The current roster's revision and whether it is published, read from ``roster(week:)``.
    public func currentRevision(week: String) throws -> WeekRevision? {
        try roster(week: week).map(\.weekRevision)
    }
}

extension WebStore {
    /// Keeps the roster as the week's newest revision, whichever revision is newest now.
    public func saveRoster(_ outcome: SolveOutcome, instance: Instance, week: String, user: String) throws {
        try saveRoster(outcome, instance: instance, week: week, basedOn: nil, user: user)
    }
}

/// Why the store refused a change, in words for the director.
public enum WebStoreError: Error, Equatable, CustomStringConvertible {
    /// The week is published; its roster never changes.
    case alreadyPublished(week: String)
    /// The week has no roster yet.
    case notPlanned(week: String)
    /// The form was made from an older revision than the week's current one.
    case stale(week: String, current: Int)
    /// A plan of the week runs in the background and will save the next revision: the draft
    /// does not change meanwhile.
    case planRunning(week: String)

    public var description: String {
        switch self {
        case .alreadyPublished(let week): "The week of \(week) is published; a published roster never changes."
        case .notPlanned(let week): "The week of \(week) has no roster yet; plan it first."
        case .stale(let week, let current):
            "The roster of the week of \(week) changed since this page was opened (it is now revision "
                + "\(current)); reload the week and edit again."
        case .planRunning(let week):
            "A plan of the week of \(week) is running and will save the next revision, so the draft does not "
                + "change meanwhile; edit when it has ended (its progress is on the Plan page, where Cancel keeps "
                + "the best roster so far)."
        }
    }
}

/// One row of the audit log: who did what to which record, when. `what` names records by id
/// (a week, a patient id), never by a patient's name.
public struct AuditEntry: Sendable, Equatable {
    /// The user name of who did it (or `cli:USER` for the command line).
    public var user: String
    /// What was done: `sign in`, `plan`, `edit roster`..., or a store's dotted verb such as `week.publish`.
    public var action: String
    /// What it was done to: a week (`week 2026-11-30`), a roster revision, a role... never a patient's name.
    public var what: String
    /// When it happened.
    public var at: Date = Date()
}

/// A week as the week picker lists it.
public struct WeekInfo: Sendable, Equatable {
    /// The week's id, its first day (`2026-11-30`).
    public var id: String
    /// Whether the week has been planned (has at least one roster revision).
    public var hasRoster: Bool
    /// Whether the week's roster is published, and so can no longer change.
    public var published: Bool
}

/// A week's roster and how it was made.
public struct StoredRoster: Sendable, Equatable {
    /// The roster itself.
    public var roster: Roster
    /// The solver that made it (`glpk`, `greedy`, `replan`), or `edit` for a hand-made change.
    public var solver: String
    /// How it was made: a ``SolveStatus`` raw value (`optimal`, `time-limit`, `heuristic`...).
    public var status: String
    /// The best proven lower bound on the objective total, when the solver proved one.
    public var bound: Double?
    /// Whether this is the week's published roster.
    public var published: Bool = false
    /// The week's revision number (1 for its first plan).
    public var revision: Int = 1
}

extension StoredRoster {
    /// A solve's roster as stored.
    public init(_ outcome: SolveOutcome, published: Bool = false, revision: Int = 1) {
        self.init(
            roster: outcome.roster, solver: outcome.solver, status: outcome.status.rawValue, bound: outcome.bound,
            published: published,
            revision: revision)
    }

    /// Which revision this is and whether it is published: what the week page's cache is keyed by.
    var weekRevision: WeekRevision { WeekRevision(revision: revision, published: published) }
}
