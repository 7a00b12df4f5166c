import Foundation
import RosterKit
import RosterSolvers
import Testing

@testable import RosterReports

/// `capacity`: how many more typical patients fit, and what binds.
@Suite("Capacity")
struct CapacityTests {
    /// One one-hour session a week, one DBT clinician, one room for 12: ten patients in one group.
    static func oneGroupWeek(patients: Int = 10) throws -> (Instance, Roster) {
        let members = (1...patients).map { #"{"id": "p\#($0)", "track": "DBT", "weeklyHours": 1}"# }.joined(
            separator: ",")
        let text = #"""
            {"days": ["Mon"], "sessions": [{"id": "AM", "start": "09:00", "hours": 1}],
             "clinicians": [{"id": "c1", "modalities": ["DBT"]}], "rooms": [{"id": "R1", "capacity": 12}],
             "patients": [\#(members)]}
            """#
        let instance = try InstanceDecoder().decode(JSONParser.parse(text)).instance
        let group = Group(
            timeSlot: TimeSlot(SessionDay(day: "Mon", session: "AM"), slot: 1), modality: "DBT", clinician: "c1",
            room: "R1",
            patients: instance.patients.map(\.id))
        return (instance, Roster(groups: [group]))
    }

    @Test func theFreeSeatsAreTheCapacityWhenNoOtherGroupCanOpen() throws {
        let (instance, roster) = try Self.oneGroupWeek()
        #expect(RosterChecker(instance).check(roster).isValid)
        let estimate = CapacityFinder(instance: instance, roster: roster).estimate(ceiling: 10, secondsPerTry: 1)
        #expect(estimate.profiles.map(\.label) == ["adult DBT"])
        #expect(estimate.mix.admissions == 2)
        #expect(estimate.byProfile.map(\.admissions) == [2])
        let failure = try #require(estimate.mix.failure)
        #expect(failure.admitted.count == 3)
        #expect(RosterChecker(failure.instance).check(failure.roster).isValid)
        let report = CapacityReport(estimate, instance: instance, roster: roster)
        let binding = try #require(report.mixBinding)
        #expect([.cliniciansBusy, .roomsFull].contains(binding.kind))
        #expect(report.uses.first?.used == 10 && report.uses.first?.available == 12)
        #expect(report.text.contains("the census mix: 2"))
    }

    @Test func aWeekWithRoomForAllReportsAtLeastTheCeiling() throws {
        let (instance, roster) = try Self.oneGroupWeek(patients: 8)
        let estimate = CapacityFinder(instance: instance, roster: roster).estimate(ceiling: 3, secondsPerTry: 1)
        #expect(estimate.mix.admissions == 3 && estimate.mix.failure == nil)
        #expect(CapacityReport(estimate, instance: instance, roster: roster).text.contains("at least 3"))
    }

    @Test func theMixFollowsTheCensus() throws {
        let patient = { (track: Modality) in Patient(id: "x", track: track, weeklyHours: 9) }
        let profiles = [
            AdmissionProfile(cohort: "adult", track: "CBT", census: 6, patient: patient("CBT")),
            AdmissionProfile(cohort: "adult", track: "DBT", census: 3, patient: patient("DBT")),
            AdmissionProfile(cohort: "adult", track: "Mindfulness", census: 1, patient: patient("Mindfulness")),
        ]
        let mix = CapacityFinder.mix(of: profiles, count: 10).map(\.track.rawValue)
        #expect(
            mix.count { $0 == "CBT" } == 6 && mix.count { $0 == "DBT" } == 3 && mix.count { $0 == "Mindfulness" } == 1)
        #expect(CapacityFinder.mix(of: profiles, count: 1).map(\.track) == ["CBT"])
    }
}
