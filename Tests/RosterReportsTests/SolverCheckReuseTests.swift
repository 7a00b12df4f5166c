import Foundation
import RosterKit
import RosterReports
import RosterSolvers
import TestSupport
import Testing

/// A roster the solver checked is not checked again by the report (issue 16: on a
/// 10,000-patient week each check took a good part of a second after the time limit), and a
/// report that no longer belongs to the outcome's roster is never taken for it.
@Suite("The solver's check, taken over by the report")
struct SolverCheckReuseTests {
    static func solved() throws -> (Instance, SolveOutcome) {
        let instance = try Fixtures.instance("instances/riverside-40.json")
        let outcome = try GreedySolver(maxLocalSearchMoves: 20).solve(
            instance, options: SolveOptions(timeLimit: 5, seed: 7))
        return (instance, outcome)
    }

    @Test func theGreedySolverHandsOverTheCheckersReportOnItsRoster() throws {
        let (instance, outcome) = try Self.solved()
        let carried = try #require(outcome.check)
        let fresh = RosterChecker(instance).check(outcome.roster)
        #expect(carried.isValid && fresh.isValid)
        #expect(carried.total == fresh.total)
        #expect(carried.terms == fresh.terms)
    }

    @Test func changingTheRosterDropsTheReport() throws {
        var (_, outcome) = try Self.solved()
        #expect(outcome.check != nil)
        outcome.roster.groups.removeLast()
        #expect(outcome.check == nil)
    }

    /// A planted report (a total no checker would give) shows which one the facts hold.
    @Test func theFactsTakeTheReportOfTheSameRosterOnlyAndCheckAnyOther() throws {
        var (instance, outcome) = try Self.solved()
        var planted = try #require(outcome.check)
        planted.total = 42
        outcome.check = planted
        let same = RosterFacts(instance: instance, roster: outcome.roster, outcome: outcome)
        #expect(same.check.total == 42)
        var other = outcome.roster
        other.groups.removeLast()
        let different = RosterFacts(instance: instance, roster: other, outcome: outcome)
        #expect(different.check.total == RosterChecker(instance).check(other).total)
        #expect(different.check.total != 42)
    }
}
