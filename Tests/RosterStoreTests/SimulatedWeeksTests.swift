import Foundation
import RosterKit
import RosterSolvers
import TestSupport
import Testing

@testable import RosterStore

/// `simulate --db`: simulated weeks kept in the program database, in one transaction.
@Suite("Simulation through the store")
struct SimulationStoreTests {
    static func simulatedWeeks() throws -> [SimulatedWeek] {
        var base = try Fixtures.instance("instances/riverside-40.json")
        base.weekOf = "2026-11-30"
        let run = ProgramSimulator(
            base: base, settings: .init(weeks: 3, admissionsPerWeek: 4, seed: 2, secondsPerWeek: 5)
        ).run()
        return SimulatedWeek.weeks(of: run, from: "2026-11-30", seed: 2)
    }

    @Test func everyWeekIsImportedStoredAndPublished() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("simulate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let weeks = try Self.simulatedWeeks()
        let stored = try store.recordSimulatedWeeks(weeks, actor: "test", source: "simulate")
        #expect(stored.map(\.weekStart) == ["2026-11-30", "2026-12-07", "2026-12-14"])
        #expect(try store.plannedWeeks() == ["2026-12-14", "2026-12-07", "2026-11-30"])
        #expect(weeks.map(\.instance.weekOf) == ["2026-11-30", "2026-12-07", "2026-12-14"])
        for week in weeks {
            let published = try #require(try store.publishedRoster(of: week.weekStart))
            #expect(try published.roster().groups == week.outcome.roster.groups)
            #expect(try published.instance().patients.map(\.id) == week.instance.patients.map(\.id))
        }
        // The records are the last week's: its patients active, everyone who left discharged.
        let counts = try store.recordCounts()
        #expect(counts.patients == weeks[2].instance.patients.count)
        let everyone = Set(weeks.flatMap { $0.instance.patients.map(\.id) })
        #expect(counts.patients + counts.discharged == everyone.count)
        #expect(try store.auditLog(limit: 100).filter { $0.action == "week.publish" }.count == 3)
    }

    @Test func aWeekAlreadyPublishedRefusesTheWholeSimulation() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("simulate-again")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let weeks = try Self.simulatedWeeks()
        try store.recordSimulatedWeeks(Array(weeks.suffix(1)), actor: "test", source: "simulate")
        let auditBefore = try store.auditLog(limit: 1000).count
        #expect(throws: StoreError.self) { try store.recordSimulatedWeeks(weeks, actor: "test", source: "simulate") }
        #expect(try store.plannedWeeks() == ["2026-12-14"])
        #expect(try store.rosters(of: "2026-11-30").isEmpty)
        #expect(try store.auditLog(limit: 1000).count == auditBefore)
    }
}
