import Foundation
import RosterKit
import TestSupport
import Testing

/// `next-week` on the built binary.
@Suite("Next week, end to end")
struct NextWeekCommandTests {
    @Test func writesNextWeeksInstanceWithPreviousFromTheRoster() throws {
        let folder = URL(fileURLWithPath: try Planner.scratchFolder("next-week"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let instance = Planner.path("instances/lakeside-120.json")
        let roster = Planner.path("Tests/Fixtures/rosters/lakeside-120.valid.roster.json")
        let output = folder.appendingPathComponent("next.json").path
        let result = try Planner.run(["next-week", instance, roster, "-o", output])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("week of 2026-12-07"))
        let next = try InputFile.loadInstance(output).instance
        #expect(next.weekOf == "2026-12-07")
        let attended = try InputFile.loadRoster(roster).groups.reduce(into: [PatientID: Set<SessionDay>]()) {
            result, group in
            for patient in group.patients { result[patient, default: []].insert(group.timeSlot.sessionDay) }
        }
        for patient in next.patients {
            #expect(Set(patient.previous ?? [SessionDay(day: "x", session: "y")]) == attended[patient.id] ?? [])
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: output)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func aBrokenRosterExitsOneAndWritesNothing() throws {
        let folder = URL(fileURLWithPath: try Planner.scratchFolder("next-week"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("next.json").path
        let result = try Planner.run([
            "next-week", Planner.path("instances/tiny.json"),
            Planner.path("Tests/Fixtures/rosters/tiny.broken-partial-session.roster.json"), "-o", output,
        ])
        #expect(result.status == 1)
        #expect(result.error.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
