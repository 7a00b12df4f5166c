import Foundation
import RosterKit
import Synchronization
import TestSupport
import Testing

@testable import RosterSolvers

/// Collects the objective totals a solver reports through `SolveOptions.progress`.
final class ProgressLog: Sendable {
    private let reports = Mutex<[SolveProgress]>([])
    var all: [SolveProgress] { reports.withLock { $0 } }
    func options(seed: UInt64 = 1, timeLimit: Double = 30) -> SolveOptions {
        SolveOptions(
            timeLimit: timeLimit, seed: seed, progress: { report in self.reports.withLock { $0.append(report) } })
    }
}

@Suite("GreedySolver")
struct GreedySolverTests {
    /// Local search kept short so the property tests stay fast in debug builds.
    static let quick = GreedySolver(localSearchSeconds: 0.03, patience: 2)

    // MARK: Properties on generated instances

    @Test(
        "valid rosters on generated instances; the reported objective is the checker's; search never worsens",
        arguments: 0..<300)
    func generated(seed: Int) throws {
        let generated = AdversarialInstances.make(seed: UInt64(seed))
        let instance = generated.instance
        let checker = RosterChecker(instance)

        let log = ProgressLog()
        let outcome = try Self.quick.solve(instance, options: log.options(seed: UInt64(seed)))
        let report = checker.check(outcome.roster)
        #expect(report.isValid, "seed \(seed): \(report.violations.prefix(3))")
        #expect(outcome.status == .heuristic)
        #expect(outcome.solver == "greedy+local-search")
        #expect(outcome.bound == nil)
        // The first progress report is the constructive roster's objective, the last the returned
        // roster's, as the checker computes it.
        let weights = instance.policy.weights
        let reports = log.all
        #expect(reports.last?.incumbent == report.total, "seed \(seed)")
        #expect(ObjectiveTerms.evaluate(outcome.roster, index: checker.index).total(weights) == report.total)
        #expect(report.total <= (reports.first?.incumbent ?? -1) + 1e-9, "seed \(seed): search made it worse")
        // No patient ever gets more than prescribed, and unmet hours are what the prescriptions leave.
        let prescribed = instance.patients.map(\.weeklyHours).reduce(0, +)
        let scheduled = outcome.roster.groups.map(\.size).reduce(0, +)
        #expect(report.terms.unmetHours == prescribed - scheduled)
    }

    @Test("the shared Python checker agrees", arguments: [2, 5, 9, 14, 21, 33, 48, 77])
    func sharedCheckerAgrees(seed: Int) throws {
        let generated = AdversarialInstances.make(seed: UInt64(seed))
        let outcome = try Self.quick.solve(generated.instance, options: SolveOptions(seed: 3))
        let index = InstanceIndex(generated.instance)
        let verdict = try Fixtures.sharedVerdict(
            instanceText: generated.text, rosterText: RosterEncoder.text(outcome.roster, index: index))
        #expect(verdict.valid, "seed \(seed): \(verdict.violations.prefix(3))")
        #expect(verdict.total == RosterChecker(index: index).check(outcome.roster).total)
    }

    // MARK: Determinism

    @Test("same instance and seed give the same roster, byte for byte", arguments: [1, 7, 13, 40])
    func deterministic(seed: Int) throws {
        let generated = AdversarialInstances.make(seed: UInt64(seed), patients: 12 + seed)
        let solver = GreedySolver(localSearchSeconds: 60, patience: 3)
        let first = try solver.solve(generated.instance, options: SolveOptions(timeLimit: 60, seed: 42))
        let second = try solver.solve(generated.instance, options: SolveOptions(timeLimit: 60, seed: 42))
        let index = InstanceIndex(generated.instance)
        #expect(first.notes.contains { $0.contains("stopped at a local optimum") }, "the search must end by itself")
        #expect(RosterEncoder.text(first.roster, index: index) == RosterEncoder.text(second.roster, index: index))
    }

    @Test("a move limit makes a larger search repeatable")
    func deterministicWithMoveLimit() throws {
        let generated = AdversarialInstances.make(seed: 2024, patients: 180)
        let solver = GreedySolver(localSearchSeconds: 60, maxLocalSearchMoves: 25)
        let index = InstanceIndex(generated.instance)
        let texts = try (0..<2).map { _ in
            RosterEncoder.text(
                try solver.solve(generated.instance, options: SolveOptions(timeLimit: 60, seed: 5)).roster, index: index
            )
        }
        #expect(texts[0] == texts[1])
    }

    @Test("the constructive roster alone is valid and does not depend on the seed", arguments: [99, 100, 101, 102])
    func construction(seed: Int) throws {
        let generated = AdversarialInstances.make(seed: UInt64(seed), patients: 60 + seed)
        let solver = GreedySolver(localSearch: false)
        let index = InstanceIndex(generated.instance)
        let one = try solver.solve(generated.instance, options: SolveOptions(seed: 1))
        let other = try solver.solve(generated.instance, options: SolveOptions(seed: 2))
        #expect(one.solver == "greedy")
        #expect(RosterChecker(index: index).check(one.roster).isValid)
        #expect(RosterEncoder.text(one.roster, index: index) == RosterEncoder.text(other.roster, index: index))
    }

    // MARK: Known optima

    @Test("hand-made instances reach their optimum", arguments: SmallInstances.withOptimum)
    func knownOptimum(_ known: SmallInstances.KnownOptimum) throws {
        let outcome = try GreedySolver(localSearchSeconds: 5, patience: 3).solve(
            known.instance, options: SolveOptions(seed: 1))
        let report = RosterChecker(known.instance).check(outcome.roster)
        #expect(report.isValid, "\(report.violations.prefix(3))")
        #expect(report.total == known.optimum, "\(report.terms)")
    }

    @Test(
        "the constructive phase alone reaches the optimum of the simplest instances",
        arguments: [
            SmallInstances.oneGroup, SmallInstances.continuity, SmallInstances.separations,
            SmallInstances.cohortTooSmall,
        ])
    func constructionOptimum(_ instance: Instance) throws {
        let outcome = try GreedySolver(localSearch: false).solve(instance, options: SolveOptions())
        let report = RosterChecker(instance).check(outcome.roster)
        let optimum = SmallInstances.withOptimum.first { $0.instance == instance }!.optimum
        #expect(report.isValid)
        #expect(report.total == optimum, "\(report.terms)")
    }

    @Test("separated patients never share a group")
    func separationsRespected() throws {
        let instance = SmallInstances.separations
        let outcome = try GreedySolver(localSearchSeconds: 1).solve(instance, options: SolveOptions())
        let index = InstanceIndex(instance)
        for group in outcome.roster.groups {
            for first in group.patients {
                for second in group.patients where first < second { #expect(!index.mustSeparate(first, second)) }
            }
        }
        #expect(outcome.roster.groups.count == 6)
    }

    // MARK: Options

    @Test("a valid incumbent is never made worse; an invalid one is ignored")
    func incumbent() throws {
        let generated = AdversarialInstances.make(seed: 17, patients: 60)
        let instance = generated.instance
        let checker = RosterChecker(instance)
        let first = try Self.quick.solve(instance, options: SolveOptions(seed: 1))
        let firstTotal = checker.check(first.roster).total
        var options = SolveOptions(seed: 2)
        options.incumbent = first.roster
        let second = try Self.quick.solve(instance, options: options)
        #expect(checker.check(second.roster).total <= firstTotal)

        var broken = first.roster
        if var group = broken.groups.first {
            group.patients = []
            broken.groups[0] = group
            options.incumbent = broken
            let third = try Self.quick.solve(instance, options: options)
            #expect(checker.check(third.roster).isValid)
            #expect(third.notes.contains { $0.contains("incumbent") })
        }
    }

    @Test("a cancelled solve still returns a valid roster")
    func cancelled() throws {
        let generated = AdversarialInstances.make(seed: 8, patients: 100)
        let options = SolveOptions(seed: 1)
        options.cancellation.cancel()
        let outcome = try GreedySolver().solve(generated.instance, options: options)
        #expect(RosterChecker(generated.instance).check(outcome.roster).isValid)
        #expect(outcome.status == .interrupted)
    }

    @Test("a zero time limit returns the valid roster of what was placed, and says the construction was cut short")
    func zeroTimeLimit() throws {
        let instance = SmallInstances.oneGroup
        let outcome = try GreedySolver().solve(instance, options: SolveOptions(timeLimit: 0))
        let report = RosterChecker(instance).check(outcome.roster)
        #expect(report.isValid)
        #expect(outcome.roster.groups.isEmpty)
        #expect(outcome.constructionCutShort)
        #expect(outcome.status == .timeLimit)
        // The auto solver lets the construction use the whole limit, beyond the heuristic's share.
        var options = SolveOptions(timeLimit: 0)
        options.constructionTimeLimit = 30
        let constructed = try GreedySolver().solve(instance, options: options)
        #expect(RosterChecker(instance).check(constructed.roster).total == 30)
        #expect(!constructed.constructionCutShort)
    }

    @Test("a limit that passes while planning who comes when stops the planning, and the plan is empty, cut short")
    func stoppedWhilePlanningSessionDays() throws {
        let generated = AdversarialInstances.make(seed: 8, patients: 100)
        let problem = GreedyProblem(InstanceIndex(generated.instance))
        var asked = 0
        let stopped = SessionDayPlanner(problem: problem).plan(shouldStop: {
            asked += 1
            return asked > 3
        })
        #expect(stopped == nil)
        #expect(asked == 4)
        #expect(SessionDayPlanner(problem: problem).plan() != nil)
        let construction = GreedyConstruction(problem: problem).build(shouldStop: { true })
        #expect(construction.cutShort)
        #expect(construction.state.roster().groups.isEmpty)
        #expect(RosterChecker(generated.instance).check(construction.state.roster()).isValid)
    }

    @Test("progress is reported a few times a second at most")
    func progressRate() throws {
        let generated = AdversarialInstances.make(seed: 12, patients: 300)
        let log = ProgressLog()
        let outcome = try GreedySolver(localSearchSeconds: 1, patience: 1000).solve(
            generated.instance, options: log.options())
        let reports = log.all
        #expect(reports.count >= 2)
        #expect(Double(reports.count) <= 3 + 4 * outcome.elapsed)
        #expect(reports.map(\.elapsed) == reports.map(\.elapsed).sorted())
    }

    @Test("the solver's name and the outcome's solver")
    func names() throws {
        #expect(GreedySolver().name == "greedy")
        let plain = try GreedySolver(localSearch: false).solve(SmallInstances.oneGroup, options: SolveOptions())
        #expect(plain.solver == "greedy")
        #expect(plain.status == .heuristic)
        #expect(!plain.detail.isEmpty)
    }

    // MARK: Internals

    @Test("the plan's running counts are the objective's terms", arguments: [3, 19, 23, 64])
    func runningCounts(seed: Int) {
        let generated = AdversarialInstances.make(seed: UInt64(seed), patients: 40 + seed)
        let problem = GreedyProblem(InstanceIndex(generated.instance))
        let state = GreedyConstruction(problem: problem).build().state
        var search = LocalSearch(
            state: state, seed: 1, deadline: Deadline(seconds: 30), maxMoves: 40, patience: 2,
            cancellation: CancellationFlag(),
            report: nil)
        search.run()
        for plan in [state, search.state] {
            let terms = ObjectiveTerms.evaluate(plan.roster(), index: problem.index)
            #expect(plan.terms.unmetHours == terms.unmetHours)
            #expect(plan.terms.otherModalityHours == terms.otherModalityHours)
            #expect(plan.terms.secondaryModalityHours == terms.secondaryModalityHours)
            #expect(plan.terms.groups == terms.groups)
            #expect(plan.terms.continuityBreaks == terms.continuityBreaks)
        }
    }

    @Test("rolling back a trial restores the plan exactly")
    func rollBack() {
        let generated = AdversarialInstances.make(seed: 31, patients: 90)
        let problem = GreedyProblem(InstanceIndex(generated.instance))
        var state = GreedyConstruction(problem: problem).build().state
        let before = RosterEncoder.text(state.roster(), index: problem.index)
        let terms = state.terms
        state.beginTrial()
        var former = GroupFormer(problem: problem)
        for sessionDay in 0..<problem.sessionDayCount {
            let present = state.attendees(of: sessionDay)
            state.clear(sessionDay, attendees: present)
            _ = former.form(sessionDay, attendees: present.reversed(), in: &state)
        }
        state.rollBack()
        #expect(state.terms == terms)
        #expect(RosterEncoder.text(state.roster(), index: problem.index) == before)
    }

    @Test("a broken roster is repaired by removals only")
    func repair() throws {
        let generated = AdversarialInstances.make(seed: 4, patients: 120)
        let instance = generated.instance
        let checker = RosterChecker(instance)
        let valid = try GreedySolver(localSearch: false).solve(instance, options: SolveOptions()).roster
        try #require(valid.groups.count >= 3)
        var broken = valid
        broken.groups[0].patients.removeLast()  // below its minimum or a partial session
        broken.groups.append(valid.groups[1])  // a clinician, a room and patients double-booked
        broken.groups[2].modality = "Unknown"
        #expect(!checker.check(broken).isValid)
        let repaired = RosterRepair.repair(broken, checker: checker).roster
        #expect(checker.check(repaired).isValid)
        #expect(repaired.groups.count < broken.groups.count)
    }

    @Test("an instance without patients gets the empty roster")
    func noPatients() throws {
        var instance = SmallInstances.oneGroup
        instance.patients = []
        let outcome = try GreedySolver().solve(instance, options: SolveOptions())
        #expect(outcome.roster.groups.isEmpty)
        #expect(RosterChecker(instance).check(outcome.roster).total == 0)
    }
}
