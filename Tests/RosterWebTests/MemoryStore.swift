import Foundation
import RosterKit

import struct RosterStore.ImportReport
import struct RosterStore.ScenarioDraft
import struct RosterStore.Spreadsheet
import struct RosterStore.SpreadsheetProblem
import enum RosterStore.SpreadsheetTable

@testable import RosterWeb

/// A ``WebStore`` in memory for route tests: one week of one instance (and other weeks of the
/// same instance when a test saves their rosters).
final class MemoryStore: WebStore, @unchecked Sendable {
    private let lock = NSLock()
    private var accounts: [String: Account] = [:]
    private var sessions: [String: WebSession] = [:]
    private(set) var auditLog: [AuditEntry] = []
    private var rosters: [String: StoredRoster] = [:]
    private var pinned: [WeekPin] = []
    private var kept: [(whatIf: ScenarioDraft, saved: SavedWhatIf)] = []
    let week: String
    let program: Instance

    init(instance: Instance, week: String = "2026-11-30") {
        program = instance
        self.week = week
    }

    func add(_ account: Account) { lock.withLock { accounts[account.name] = account } }
    var audits: [AuditEntry] { lock.withLock { auditLog } }
    var sessionCount: Int { lock.withLock { sessions.count } }

    func account(named name: String) throws -> Account? { lock.withLock { accounts[name] } }
    func saveSession(_ session: WebSession) throws { lock.withLock { sessions[session.token] = session } }
    func session(token: String, now: Date) throws -> WebSession? {
        lock.withLock { sessions[token].flatMap { $0.expires > now ? $0 : nil } }
    }
    func deleteSession(token: String) throws { _ = lock.withLock { sessions.removeValue(forKey: token) } }
    func audit(_ entry: AuditEntry) throws { lock.withLock { auditLog.append(entry) } }
    func auditEntries(limit: Int) throws -> [AuditEntry] { lock.withLock { Array(auditLog.reversed().prefix(limit)) } }
    /// The week, and every other week a roster was saved for (all of the one instance), newest first.
    func weeks() throws -> [WeekInfo] {
        lock.withLock {
            Set(rosters.keys).union([week]).sorted(by: >).map { id in
                WeekInfo(id: id, hasRoster: rosters[id] != nil, published: rosters[id]?.published ?? false)
            }
        }
    }
    func instance(week: String) throws -> Instance { program }
    func plannable(week: String) throws -> Instance { program }
    func instanceToPlan(week: String) throws -> Instance { program }
    func roster(week: String) throws -> StoredRoster? { lock.withLock { rosters[week] } }
    func saveRoster(_ outcome: SolveOutcome, instance: Instance, week: String, basedOn: Int?, user: String) throws {
        try lock.withLock {
            if rosters[week]?.published == true { throw WebStoreError.alreadyPublished(week: week) }
            let latest = rosters[week]?.revision ?? 0
            if let basedOn, basedOn != latest { throw WebStoreError.stale(week: week, current: latest) }
            rosters[week] = StoredRoster(outcome, revision: (rosters[week]?.revision ?? 0) + 1)
            auditLog.append(AuditEntry(user: user, action: "save roster", what: "week \(week)"))
        }
    }
    func pins(week: String) throws -> [WeekPin] { lock.withLock { week == self.week ? pinned : [] } }
    func addPin(_ pin: WeekPin, week: String, user: String) throws -> WeekPin {
        try lock.withLock {
            if rosters[week]?.published == true { throw WebStoreError.alreadyPublished(week: week) }
            var kept = pin
            kept.id = (pinned.map(\.id).max() ?? 0) + 1
            pinned.append(kept)
            return kept
        }
    }
    func removePin(id: Int64, week: String, user: String) throws {
        lock.withLock { pinned.removeAll { $0.id == id } }
    }
    /// The memory store holds one fixed instance; imports go through ``ProgramWebStore`` (StoreBackedTests).
    func importSpreadsheets(
        _ spreadsheets: [Spreadsheet], readingProblems: [SpreadsheetProblem], asOf: String, user: String
    ) throws -> ImportReport {
        throw WebStoreError.notPlanned(week: week)
    }
    func saveRecord(_ table: SpreadsheetTable, cells: [String: String], isNew: Bool, asOf: String, user: String) throws
        -> ImportReport
    { throw WebStoreError.notPlanned(week: week) }
    func discharge(patient: String, on date: String, user: String) throws { throw WebStoreError.notPlanned(week: week) }
    func retire(_ table: SpreadsheetTable, id: String, user: String) throws {
        throw WebStoreError.notPlanned(week: week)
    }
    func publish(week: String, user: String) throws {
        try lock.withLock {
            guard let roster = rosters[week] else { throw WebStoreError.notPlanned(week: week) }
            if roster.published { throw WebStoreError.alreadyPublished(week: week) }
            rosters[week]?.published = true
            auditLog.append(AuditEntry(user: user, action: "publish", what: "week \(week)"))
        }
    }
    func saveWhatIf(_ whatIf: ScenarioDraft, user: String) throws -> Int64 {
        try lock.withLock {
            let id = (kept.map(\.saved.summary.id).max() ?? 0) + 1
            let summary = WhatIfSummary(
                id: id, week: whatIf.weekStart, baseRevision: whatIf.baseRevision, label: whatIf.label,
                changes: whatIf.changes, adoptable: whatIf.adoptable, createdBy: user, createdAt: Date())
            guard let table = WhatIfTable(json: whatIf.comparison) else {
                throw BadInput(field: "comparison", expected: "the page's comparison")
            }
            kept.append(
                (whatIf, SavedWhatIf(summary: summary, form: FormFields(urlEncoded: whatIf.form), table: table)))
            auditLog.append(
                AuditEntry(
                    user: user, action: "whatif.save",
                    what: "\(whatIf.weekStart) what-if #\(id): \(whatIf.changes) changes"))
            return id
        }
    }
    func whatIfs(week: String) throws -> [WhatIfSummary] {
        lock.withLock { kept.map(\.saved.summary).filter { $0.week == week }.reversed() }
    }
    func whatIf(id: Int64, week: String) throws -> SavedWhatIf? {
        lock.withLock { kept.first { $0.saved.summary.id == id && $0.saved.summary.week == week }?.saved }
    }
    func adoptWhatIf(id: Int64, week: String, user: String) throws -> Int {
        guard let position = lock.withLock({ kept.firstIndex { $0.saved.summary.id == id } }) else {
            throw BadInput(field: "scenario", expected: "a kept what-if")
        }
        let (whatIf, saved) = lock.withLock { kept[position] }
        guard saved.summary.adoptedRevision == nil, whatIf.adoptable else {
            throw BadInput(field: "scenario", expected: "a what-if that may be adopted")
        }
        guard let current = try roster(week: week) else { throw WebStoreError.notPlanned(week: week) }
        guard current.revision == whatIf.baseRevision else {
            throw WebStoreError.stale(week: week, current: current.revision)
        }
        try saveRoster(whatIf.outcome, instance: whatIf.instance, week: week, user: user)
        lock.withLock {
            kept[position].saved.summary.adoptedRevision = current.revision + 1
            auditLog.append(
                AuditEntry(
                    user: user, action: "whatif.adopt", what: "\(week)#\(current.revision + 1) from what-if #\(id)"))
        }
        return current.revision + 1
    }
    func deleteWhatIf(id: Int64, week: String, user: String) throws {
        try lock.withLock {
            guard let position = kept.firstIndex(where: { $0.saved.summary.id == id }) else {
                throw BadInput(field: "scenario", expected: "a kept what-if")
            }
            kept.remove(at: position)
            auditLog.append(AuditEntry(user: user, action: "whatif.delete", what: "\(week) what-if #\(id)"))
        }
    }
}
