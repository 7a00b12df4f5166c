import TestSupport
import Testing

@testable import RosterKit

@Suite("Next week")
struct NextWeekTests {
    @Test(arguments: ["riverside-40", "harbor-continuity-60", "lakeside-120"])
    func previousIsTheAttendedSessionDaysAndTheFileRoundTrips(_ name: String) throws {
        let instance = try Fixtures.instance("instances/\(name).json")
        let roster = try InputFile.loadRoster(Fixtures.path("Tests/Fixtures/rosters/\(name).valid.roster.json"))
        let next = instance.nextWeek(after: roster)
        let reread = try InstanceDecoder().decode(JSONParser.parse(InstanceEncoder.text(next))).instance
        #expect(reread == next)
        var attended: [PatientID: Set<SessionDay>] = [:]
        for group in roster.groups {
            for patient in group.patients { attended[patient, default: []].insert(group.timeSlot.sessionDay) }
        }
        for patient in reread.patients {
            let previous = try #require(patient.previous)
            #expect(Set(previous) == attended[patient.id] ?? [])
            #expect(previous.count == Set(previous).count)
        }
        #expect(reread.patients.contains { $0.previous == [] } == instance.patients.contains { attended[$0.id] == nil })
        // Only `previous` and `weekOf` change.
        var restored = reread
        for position in restored.patients.indices {
            restored.patients[position].previous = instance.patients[position].previous
        }
        restored.weekOf = instance.weekOf
        #expect(restored == instance)
    }

    @Test func previousIsInCalendarOrder() throws {
        let instance = try Fixtures.instance("instances/lakeside-120.json")
        let roster = try InputFile.loadRoster(Fixtures.path("Tests/Fixtures/rosters/lakeside-120.valid.roster.json"))
        let order = Dictionary(uniqueKeysWithValues: instance.sessionDays.enumerated().map { ($1, $0) })
        for patient in instance.nextWeek(after: roster).patients {
            let positions = (patient.previous ?? []).map { order[$0]! }
            #expect(positions == positions.sorted())
        }
    }

    @Test func weekOfMovesOnBySevenDays() throws {
        let instance = try Fixtures.instance("instances/lakeside-120.json")
        #expect(instance.nextWeek(after: .empty).weekOf == "2026-12-07")
        #expect(try Fixtures.instance("instances/riverside-40.json").nextWeek(after: .empty).weekOf == nil)
    }

    @Test(arguments: [
        ("2026-11-30", "2026-12-07"), ("2026-12-28", "2027-01-04"), ("2028-02-26", "2028-03-04"),
        ("2027-02-25", "2027-03-04"), ("2100-02-25", "2100-03-04"), ("2000-02-25", "2000-03-03"),
        ("1969-12-29", "1970-01-05"),
    ])
    func isoDatesAddDaysAcrossMonthsYearsAndLeapDays(_ from: String, _ to: String) {
        #expect(ISODate.adding(days: 7, to: from) == to)
    }

    @Test func invalidDatesGiveNil() {
        #expect(ISODate.adding(days: 7, to: "2026-02-30") == nil)
    }
}
