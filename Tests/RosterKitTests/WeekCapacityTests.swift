import RosterKit
import TestSupport
import Testing

/// The capacity bound: hours no roster can place, from each resource alone.
@Suite("Week capacity")
struct WeekCapacityTests {
    @Test func patientsOwnLimitsForceUnmetHours() throws {
        // rules-lab: p05 may come one day (3 of 9 hours), p06 only on Monday (3 of 9 hours).
        let instance = try Fixtures.instance("Tests/Fixtures/instances/rules-lab.json")
        let capacity = WeekCapacity(instance)
        #expect(capacity.forcedUnmetHours >= 12)
        #expect(capacity.lowerBound == Double(capacity.forcedUnmetHours) * instance.policy.weights.unmetHour)
    }

    @Test func noCliniciansMeansNoHourCanBePlaced() throws {
        var instance = try Fixtures.instance("instances/tiny.json")
        instance.clinicians = []
        let capacity = WeekCapacity(instance)
        #expect(capacity.clinicianSeats == 0)
        #expect(capacity.forcedUnmetHours == capacity.prescribedHours)
    }

    @Test func theBoundNeverExceedsARealRoster() throws {
        let instance = try Fixtures.instance("instances/tiny.json")
        let roster = try InputFile.loadRoster(Fixtures.path("Tests/Fixtures/rosters/tiny.valid.roster.json"))
        #expect(WeekCapacity(instance).lowerBound <= RosterChecker(instance).check(roster).total)
    }
}
