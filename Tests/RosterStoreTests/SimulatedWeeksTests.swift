import Foundation
import RosterKit
import RosterSolvers
import TestSupport
import Testing

@testable import RosterStore

/// `simulate --db`: every simulated week planned through the program database, a transaction a week.
@Suite("Simulation through the store")
struct SimulationStoreTests {
    static let weekStarts = ["2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21"]

    /// The move budgets, not the clock, end each week's planning (a loaded machine gives the same weeks).
    static func simulator() throws -> ProgramSimulator {
        var base = try Fixtures.instance("instances/riverside-40.json")
        base.weekOf = weekStarts[0]
        return ProgramSimulator(
            base: base, settings: .init(weeks: weekStarts.count, admissionsPerWeek: 5, seed: 2, secondsPerWeek: 120))
    }

    @Test func theSameSeedGivesTheStoreTheWeeksOfTheFileSimulation() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("simulate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let simulator = try Self.simulator()
        let inMemory = simulator.run()
        let (run, stored) = try store.simulate(simulator, from: Self.weekStarts[0], actor: "test", source: "simulate")
        // Census, admissions, discharges, waiting list, hours placed and objective: week by week the same.
        #expect(run.weeks == inMemory.weeks)
        #expect(inMemory.weeks.contains { $0.admitted > 0 } && inMemory.weeks.contains { $0.discharged > 0 })
        #expect(stored.map(\.weekStart) == Self.weekStarts)
        #expect(try store.plannedWeeks() == Self.weekStarts.reversed())
        for (week, plan) in zip(Self.weekStarts, inMemory.plans) {
            let published = try #require(try store.publishedRoster(of: week))
            #expect(published.solver == "simulate")
            #expect(try published.roster().groups == plan.roster.groups)
            // The records rebuild each week as it was planned, and its roster passes the checker against them.
            let rebuilt = try store.weekInstance(week)
            #expect(rebuilt.patients.map(\.id) == plan.instance.patients.map(\.id))
            #expect(rebuilt.patients.map(\.weeklyHours) == plan.instance.patients.map(\.weeklyHours))
            #expect(RosterChecker(rebuilt).check(try published.roster()).isValid)
        }
        #expect(try store.auditLog(limit: 1000).filter { $0.action == "week.publish" }.count == Self.weekStarts.count)
    }

    @Test func theStoredRecordsConserveThePatients() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("simulate-conserve")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let simulator = try Self.simulator()
        let (run, _) = try store.simulate(simulator, from: Self.weekStarts[0], actor: "test", source: "simulate")
        var census = run.baseCensus
        for week in run.weeks {
            #expect(week.census == census + week.admitted)
            census = week.census - week.discharged
        }
        // Active: the last week's patients (its discharges are recorded by the week after it); every
        // other patient ever admitted is discharged; nobody still waiting has a record.
        let counts = try store.recordCounts()
        let lastWeek = try #require(run.plans.last).instance
        #expect(counts.patients == lastWeek.patients.count)
        let admitted = run.weeks.reduce(0) { $0 + $1.admitted }
        #expect(counts.patients + counts.discharged == run.baseCensus + admitted)
    }

    @Test func aSimulationIntoWeeksThatHaveRostersIsRefusedAndChangesNothing() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("simulate-again")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let simulator = try Self.simulator()
        _ = try store.simulate(simulator, from: Self.weekStarts[0], actor: "test", source: "simulate")
        let auditBefore = try store.auditLog(limit: 10000).count
        let countsBefore = try store.recordCounts()
        #expect(throws: StoreError.self) {
            try store.simulate(simulator, from: Self.weekStarts[2], actor: "test", source: "simulate")
        }
        #expect(try store.plannedWeeks() == Self.weekStarts.reversed())
        #expect(try store.auditLog(limit: 10000).count == auditBefore)
        #expect(try store.recordCounts() == countsBefore)
    }

    @Test func aLaterSimulationContinuesFromTheStoredWeekBefore() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("simulate-later")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let simulator = try Self.simulator()
        _ = try store.simulate(simulator, from: Self.weekStarts[0], actor: "test", source: "simulate")
        let later = ProgramSimulator(
            base: simulator.base, settings: .init(weeks: 1, admissionsPerWeek: 0, seed: 3, secondsPerWeek: 5))
        let next = "2026-12-28"
        let (_, stored) = try store.simulate(later, from: next, actor: "test", source: "simulate")
        #expect(stored.map(\.weekStart) == [next])
        // `previous` comes from the stored week before: what its published roster gave each patient.
        let instance = try #require(try store.publishedRoster(of: next)).instance()
        let before = try #require(try store.publishedRoster(of: Self.weekStarts[3]))
        let attended = try before.instance().nextWeek(after: try before.roster()).patients
        let previous = Dictionary(uniqueKeysWithValues: attended.map { ($0.id, $0.previous) })
        for patient in instance.patients where previous[patient.id] != nil {
            #expect(patient.previous == previous[patient.id] ?? nil)
        }
        #expect(instance.patients.contains { previous[$0.id] != nil })
    }
}
