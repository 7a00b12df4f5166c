import RosterKit
import Testing

@testable import RosterSolvers

/// Forming a session-day when clinicians' daily limits are shorter than the session
/// (`GroupFormer.form`, its capped try).
@Suite("Capped forming")
struct CappedFormingTests {
    /// One three-hour evening, groups of 8 to 12, thirty patients of three hours; c1 may lead all
    /// three hours, c2 and c3 two each: seven clinician-hours, two groups in every slot. Formed
    /// slot by slot with every clinician in the first slots, the last slot has one group, so only
    /// twelve could stay.
    static var instance: Instance {
        let evening = Session(id: "EVE", start: "18:00", hours: 3)
        let patients = (1...30).map {
            Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 3, availability: .always)
        }
        return Instance(
            name: "capped", days: ["Mon"], sessions: [evening], modalities: ["CBT", "DBT"],
            policy: Policy(minGroupSize: 8, maxGroupSize: 12),
            clinicians: [
                Clinician(id: "c1", modalities: ["CBT", "DBT"]),
                Clinician(id: "c2", modalities: ["CBT", "DBT"], maxHoursPerDay: 2),
                Clinician(id: "c3", modalities: ["CBT", "DBT"], maxHoursPerDay: 2),
            ],
            patients: patients)
    }

    @Test("two groups in every slot seat 24 of 30, not 12, and every clinician keeps their limit")
    func cappedFormingSeatsTwoGroupsEverySlot() throws {
        let index = InstanceIndex(Self.instance)
        let problem = GreedyProblem(index)
        let construction = GreedyConstruction(problem: problem).build()
        let report = RosterChecker(index: index).check(construction.state.roster())
        #expect(report.isValid, "\(report.violations.prefix(3).map(\.description))")
        #expect(report.terms.unmetHours == 90 - 24 * 3)
        #expect(report.terms.groups == 6)
        let sessionDay = try #require(problem.sessionDays.indices.first)
        #expect(GroupFormer(problem: problem).sustainableGroups(sessionDay, in: PlanState(problem)) == 2)
    }
}
