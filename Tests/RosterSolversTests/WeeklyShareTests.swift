import RosterKit
import Testing

@testable import RosterSolvers

/// The construction shares a clinician's weekly hours out over the week
/// (`GreedyConstruction.dayShares`), so the last days still find leaders.
@Suite("Weekly hours shared over the days")
struct WeeklyShareTests {
    /// Two mornings of three hours, one modality, eight patients who come both days (groups of 8
    /// to 12). w may lead 3 hours a week, d 2 hours a day: the six groups (one a slot) need w on
    /// both days. Forming Monday with w in every slot (w comes first) leaves Tuesday's third slot
    /// without a leader, so Tuesday is lost: 24 hours unmet. With w's share (3 hours over 2 days,
    /// rounded down: 1 on Monday), d leads two of Monday's slots and w is left for Tuesday.
    static var instance: Instance {
        let morning = Session(id: "AM", start: "09:00", hours: 3)
        let patients = (1...8).map {
            Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 6, availability: .always)
        }
        return Instance(
            name: "shared", days: ["Mon", "Tue"], sessions: [morning], modalities: ["CBT"],
            policy: Policy(minGroupSize: 8, maxGroupSize: 12, maxSameModalityPerDay: 3),
            clinicians: [
                Clinician(id: "w", modalities: ["CBT"], maxHoursPerWeek: 3),
                Clinician(id: "d", modalities: ["CBT"], maxHoursPerDay: 2),
            ],
            patients: patients)
    }

    @Test("w's weekly hours are shared out (1 on Monday), so both mornings run and no hour is unmet")
    func sharedWeeklyHoursPlaceEveryHour() throws {
        let index = InstanceIndex(Self.instance)
        let problem = GreedyProblem(index)
        let construction = GreedyConstruction(problem: problem).build()
        let report = RosterChecker(index: index).check(construction.state.roster())
        #expect(report.isValid, "\(report.violations.prefix(3).map(\.description))")
        #expect(report.terms.unmetHours == 0)
        #expect(report.terms.groups == 6)
        let both = [problem.patients.map { $0 }, problem.patients.map { $0 }]
        let shares = try #require(
            GreedyConstruction(problem: problem).dayShares(from: 0, attendees: both, in: PlanState(problem)))
        #expect(shares == [1, Int.max])
    }

    @Test("without a share, Monday spends w's week and Tuesday is lost (the build it replaces)")
    func withoutShareTuesdayIsLost() {
        let index = InstanceIndex(Self.instance)
        let problem = GreedyProblem(index)
        let both = [problem.patients.map { $0 }, problem.patients.map { $0 }]
        let old = GreedyConstruction(problem: problem).build(attendees: both, share: .none, shouldStop: { false })
        #expect(old.sharesBind)
        #expect(old.result.state.terms.unmetHours == 24)
    }

    @Test("the greedy solver with local search keeps every hour")
    func greedySolverPlacesEveryHour() throws {
        let outcome = try GreedySolver(maxLocalSearchMoves: 300).solve(Self.instance, options: SolveOptions(seed: 7))
        let report = RosterChecker(index: InstanceIndex(Self.instance)).check(outcome.roster)
        #expect(report.isValid)
        #expect(report.terms.unmetHours == 0)
    }
}
