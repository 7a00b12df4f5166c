import RosterKit
import RosterSolvers
import TestSupport
import Testing

/// `--solver glpk` is `AutoSolver.exactWithFallback(GLPKSolver())`: GLPK's search alone, with the
/// greedy construction as the roster to fall back on. These stand-ins for GLPK find nothing or
/// fail on every run, so which roster comes back, and what the outcome says, is off the clock.
@Suite("GLPK alone falls back on the greedy construction")
struct AutoSolverFallbackTests {
    /// An exact solver that finds nothing: it returns the empty roster (always valid), like GLPK
    /// stopped by its time limit before its first roster.
    struct FindsNothing: RosterSolver {
        let name = "glpk"
        func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
            SolveOutcome(
                roster: .empty, solver: name, status: .timeLimit, detail: "GLPK: no solution was found.", bound: nil,
                elapsed: 0, notes: [])
        }
    }

    /// An exact solver that cannot run.
    struct CannotRun: RosterSolver {
        let name = "glpk"
        func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
            throw SolveError("the library is missing")
        }
    }

    static func riverside() throws -> Instance {
        try InputFile.loadInstance(Fixtures.path("instances/riverside-40.json")).instance
    }

    @Test func whenGLPKFindsNothingTheGreedyRosterIsReturnedAndTheDetailSaysSo() throws {
        let instance = try Self.riverside()
        let outcome = try AutoSolver.exactWithFallback(FindsNothing()).solve(
            instance, options: SolveOptions(timeLimit: 600))
        let report = RosterChecker(instance).check(outcome.roster)
        #expect(report.isValid)
        #expect(!outcome.roster.groups.isEmpty, "the empty roster was returned")
        #expect(outcome.solver == "greedy")
        #expect(outcome.detail.contains("glpk found nothing better than the greedy roster"), "\(outcome.detail)")
        // The fallback is the greedy construction itself (no local search), whatever the clock.
        let construction = try GreedySolver(localSearch: false).solve(instance, options: SolveOptions(timeLimit: 600))
        #expect(report.total == RosterChecker(instance).check(construction.roster).total)
    }

    @Test func whenGLPKCannotRunTheGreedyRosterIsReturnedAndTheDetailSaysWhy() throws {
        let instance = try Self.riverside()
        let outcome = try AutoSolver.exactWithFallback(CannotRun()).solve(
            instance, options: SolveOptions(timeLimit: 600))
        #expect(RosterChecker(instance).check(outcome.roster).isValid)
        #expect(!outcome.roster.groups.isEmpty)
        #expect(outcome.status == .fallback)
        #expect(outcome.detail.contains("glpk could not run (the library is missing)"), "\(outcome.detail)")
    }
}
