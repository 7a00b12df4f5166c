import Foundation
import RosterKit
import RosterSolvers
import TestSupport
import Testing

@testable import RosterStore

/// What-if scenarios kept in the program database: they outlive reopening the file, are adopted
/// at most once and only from the revision they were planned from, and are deleted.
@Suite("What-if scenarios")
struct WhatIfScenarioTests {
    static let week = "2026-11-30"

    /// A scratch store holding tiny's records, with revision 1 of the week planned by greedy.
    static func plannedStore(_ name: String) throws -> (store: ProgramStore, folder: String, outcome: SolveOutcome) {
        let (store, folder) = try ProgramStoreTests.scratchStore(name)
        try store.importRecords(
            ProgramImport(instance: try Fixtures.instance("instances/tiny.json"), admittedOn: week),
            effectiveDate: week, actor: "test", source: "tiny")
        let instance = try store.weekInstance(week)
        let outcome = try GreedySolver(localSearch: false).solve(instance, options: SolveOptions(timeLimit: 5, seed: 1))
        try store.saveRoster(outcome, instance: instance, weekStart: week, timeLimit: 5, actor: "test")
        return (store, folder, outcome)
    }

    static func draft(
        _ store: ProgramStore, _ outcome: SolveOutcome, base: Int = 1, label: String = "c1 out", adoptable: Bool = true
    ) throws -> ScenarioDraft {
        ScenarioDraft(
            weekStart: week, baseRevision: base, label: label, changes: 2, form: "out-c1-Mon=on&week=\(week)",
            instance: try store.weekInstance(week), outcome: outcome, comparison: #"{"rows":[]}"#,
            adoptable: adoptable)
    }

    @Test func aScenarioOutlivesReopeningTheFileAndIsAdoptedOnce() throws {
        let (store, folder, outcome) = try Self.plannedStore("whatif-reopen")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let saved = try store.saveScenario(try Self.draft(store, outcome), actor: "director")
        #expect(throws: StoreError.self) { try store.saveScenario(try Self.draft(store, outcome, base: 7), actor: "d") }
        #expect(try store.scenarios(of: Self.week).count == 1, "a scenario of an unknown revision is not kept")

        let reopened = try ProgramStore(path: store.path)
        let listed = try #require(try reopened.scenarios(of: Self.week).first)
        #expect(listed == saved)
        #expect(listed.label == "c1 out" && listed.changes == 2 && listed.createdBy == "director")
        #expect(listed.form == "out-c1-Mon=on&week=\(Self.week)")
        #expect(listed.comparison == #"{"rows":[]}"#)
        #expect(listed.adoptedRevision == nil)
        #expect(try reopened.scenario(id: saved.id, of: "2026-12-07") == nil, "a scenario belongs to its week")

        let adopted = try reopened.adoptScenario(id: saved.id, of: Self.week, actor: "director")
        #expect(adopted.revision == 2)
        #expect(try adopted.roster() == outcome.roster)
        let after = try #require(try store.scenario(id: saved.id, of: Self.week))
        #expect(after.adoptedRevision == 2 && after.adoptedBy == "director" && after.adoptedAt != nil)
        #expect(throws: ScenarioAdoptionError.alreadyAdopted(week: Self.week, id: saved.id, revision: 2)) {
            try store.adoptScenario(id: saved.id, of: Self.week, actor: "director")
        }
        #expect(try store.rosters(of: Self.week).count == 2, "adopted once")

        let log = try store.auditLog(limit: 20)
        #expect(log.contains { $0.action == "whatif.save" && $0.targetID == "\(Self.week) what-if #\(saved.id)" })
        #expect(log.contains { $0.action == "whatif.adopt" && $0.actor == "director" })
        let patients = try store.weekInstance(Self.week).patients.map(\.id.rawValue)
        #expect(!log.contains { entry in patients.contains { (entry.targetID ?? "").contains($0) } })
    }

    /// Saving a what-if drops those kept over the retention that can no longer be adopted
    /// (adopted, compare-only, of an older revision, of a published week), in its transaction,
    /// with one audit row; a young one, and an old one that may still be adopted, stay.
    @Test func whatIfsThatCanNoLongerBeAdoptedAreDroppedAfterTheRetention() throws {
        let (store, folder, outcome) = try Self.plannedStore("whatif-prune")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let people = try store.saveScenario(try Self.draft(store, outcome, adoptable: false), actor: "director")
        let adopted = try store.saveScenario(try Self.draft(store, outcome), actor: "director")
        try store.adoptScenario(id: adopted.id, of: Self.week, actor: "director")
        let stale = try store.saveScenario(try Self.draft(store, outcome), actor: "director")
        let current = try store.saveScenario(try Self.draft(store, outcome, base: 2), actor: "director")
        #expect(try store.scenarios(of: Self.week).count == 4, "none is old enough to go")
        let old = Date().addingTimeInterval(-ProgramStore.scenarioRetention - 3600)
        try store.write { db in try db.execute(sql: "UPDATE whatif_scenarios SET created_at = ?", arguments: [old]) }

        let fresh = try store.saveScenario(try Self.draft(store, outcome, base: 2), actor: "director")
        #expect(try store.scenarios(of: Self.week).map(\.id) == [fresh.id, current.id])
        #expect(try store.rosters(of: Self.week).count == 2, "the adopted revision stays")
        let pruned = try #require(try store.auditLog(limit: 5).first { $0.action == "whatif.prune" })
        #expect(
            pruned.targetID?.hasPrefix("\(Self.week) what-if #\(people.id), #\(adopted.id), #\(stale.id) ") == true,
            "\(pruned.targetID ?? "")")
        #expect(pruned.actor == "director")

        try store.publish(Self.week, actor: "director")
        let cutoff = Date().addingTimeInterval(-ProgramStore.scenarioRetention)
        #expect(try store.pruneScenarios(keptBefore: cutoff, actor: "t") == [current.id], "old and now published")
        #expect(try store.scenarios(of: Self.week).map(\.id) == [fresh.id])
        #expect(try store.pruneScenarios(keptBefore: cutoff, actor: "t").isEmpty)
        #expect(try store.auditLog(limit: 50).filter { $0.action == "whatif.prune" }.count == 2)
    }

    @Test func aStaleAPeopleChangingOrAPublishedWeeksScenarioIsNotAdopted() throws {
        let (store, folder, outcome) = try Self.plannedStore("whatif-refused")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let people = try store.saveScenario(try Self.draft(store, outcome, adoptable: false), actor: "director")
        #expect(throws: ScenarioAdoptionError.notAdoptable(week: Self.week, id: people.id)) {
            try store.adoptScenario(id: people.id, of: Self.week, actor: "director")
        }
        let older = try store.saveScenario(try Self.draft(store, outcome), actor: "director")
        let newer = try store.saveScenario(try Self.draft(store, outcome), actor: "director")
        try store.adoptScenario(id: newer.id, of: Self.week, actor: "director")
        #expect(throws: ScenarioAdoptionError.stale(week: Self.week, id: older.id, current: 2)) {
            try store.adoptScenario(id: older.id, of: Self.week, actor: "director")
        }
        let last = try store.saveScenario(try Self.draft(store, outcome, base: 2), actor: "director")
        try store.publish(Self.week, actor: "director")
        #expect(throws: StoreError.weekAlreadyPublished(week: Self.week, revision: 2)) {
            try store.adoptScenario(id: last.id, of: Self.week, actor: "director")
        }
        #expect(try store.rosters(of: Self.week).count == 2)
        #expect(try store.scenarios(of: Self.week).map(\.id) == [last.id, newer.id, older.id, people.id])
    }

    @Test func aDeletedScenarioIsGoneAndItsAdoptedRevisionStays() throws {
        let (store, folder, outcome) = try Self.plannedStore("whatif-delete")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let saved = try store.saveScenario(try Self.draft(store, outcome), actor: "director")
        try store.adoptScenario(id: saved.id, of: Self.week, actor: "director")
        try store.deleteScenario(id: saved.id, of: Self.week, actor: "director")
        #expect(try store.scenarios(of: Self.week).isEmpty)
        #expect(throws: StoreError.notFound(kind: "what-if", key: "#\(saved.id)")) {
            try store.deleteScenario(id: saved.id, of: Self.week, actor: "director")
        }
        #expect(try store.rosters(of: Self.week).count == 2)
        #expect(try store.auditLog(limit: 5).contains { $0.action == "whatif.delete" })
    }
}
