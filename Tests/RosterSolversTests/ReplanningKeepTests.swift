import Foundation
import RosterKit
import TestSupport
import Testing

@testable import RosterSolvers

/// What `--keep` keeps once the full search has run: the search is blind to the previous roster,
/// so the assignments it moved without placing an hour are brought back. The full search here is
/// the greedy solver with a move limit and ample time, so that every run gives the same roster.
@Suite("Re-planning keeps what the full search moved without need", .tags(.slow))
struct ReplanningKeepTests {
    /// Elena (c1) out all Wednesday on the harbor week: the completion leaves hours unmet, the full search places them.
    static func harborWithoutElenaOnWednesday() throws -> (instance: Instance, previous: Roster) {
        let (base, previous) = try ReplanningTests.base("harbor-continuity-60")
        let instance = try ReplanningTests.scenario(
            #"{"clinicianUnavailable": {"clinician": "c1", "availability": ["Wed-*"]}}"#, on: base)
        return (instance, previous)
    }

    /// Local search ends at its move limit or local optimum, not at a clock.
    static let search = GreedySolver(localSearchSeconds: 600, maxLocalSearchMoves: 300)

    static func replan(_ instance: Instance, from previous: Roster, restoring: Bool) throws -> Replanning {
        var replanner = Replanner(previous: previous, fullSearch: search)
        replanner.restoresKeptAssignments = restoring
        return try replanner.replan(instance, options: SolveOptions(timeLimit: 120, seed: 7))
    }

    @Test func assignmentsTheSearchMovedWithoutPlacingAnHourComeBack() throws {
        let (instance, previous) = try Self.harborWithoutElenaOnWednesday()
        let checker = RosterChecker(instance)
        let blind = try Self.replan(instance, from: previous, restoring: false)
        let kept = try Self.replan(instance, from: previous, restoring: true)
        let (before, after) = (checker.check(blind.outcome.roster), checker.check(kept.outcome.roster))
        #expect(after.isValid)
        #expect(after.terms.unmetHours <= before.terms.unmetHours)
        // Seen: 120 of 534 previous patient-hours kept by the blind search, 325 after the restoration
        // alone on the machine, 170 when a loaded machine cut the restoration short.
        #expect(kept.summary.kept > blind.summary.kept, "\(blind.summary.kept) -> \(kept.summary.kept)")
        #expect(kept.outcome.notes.contains { $0.hasPrefix("restoration brought back") })
    }

    @Test func neverMoreUnmetHoursThanTheSearchSeededWithTheKeptRosterSaveTheBlockedOnes() throws {
        let (instance, previous) = try Self.harborWithoutElenaOnWednesday()
        let index = InstanceIndex(instance)
        let checker = RosterChecker(index: index)
        var repair = KeptRosterRepair(previous: previous, index: index)
        let seeded = try Self.search.solve(
            instance, options: SolveOptions(timeLimit: 120, seed: 7, incumbent: repair.run().roster))
        let replanning = try Self.replan(instance, from: previous, restoring: true)
        let blocked = try #require(replanning.summary.blockedHours)
        let unmet = checker.check(replanning.outcome.roster).terms.unmetHours
        #expect(unmet - blocked <= checker.check(seeded.roster).terms.unmetHours)
        #expect(replanning.summary.headline.contains("unmet hours blocked") == (blocked > 0))
    }

    @Test func keepingNothingStillCostsNothing() throws {
        let (instance, _) = try Self.harborWithoutElenaOnWednesday()
        let checker = RosterChecker(instance)
        let fresh = try Self.search.solve(instance, options: SolveOptions(timeLimit: 120, seed: 7))
        let replanning = try Self.replan(instance, from: .empty, restoring: true)
        #expect(
            checker.check(replanning.outcome.roster).terms.unmetHours <= checker.check(fresh.roster).terms.unmetHours)
        // Nothing to bring back: no time is taken from the full search.
        #expect(!replanning.outcome.notes.contains { $0.hasPrefix("restoration") })
    }
}
