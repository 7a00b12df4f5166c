import Foundation
import RosterKit
import TestSupport
import Testing

/// `simulate` on the built binary: the arrivals file and its errors.
@Suite("Simulation, end to end")
struct SimulateCommandTests {
    @Test func aBadArrivalsFileExitsTwoNamingTheFileLineAndField() throws {
        let folder = try Planner.scratchFolder("simulate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let arrivals = (folder as NSString).appendingPathComponent("arrivals.csv")
        try "week,id,track,weeklyHours\n2,n1,DBT,9\n3,n2,CBT,twelve\n".write(toFile: arrivals, atomically: true, encoding: .utf8)
        let out = (folder as NSString).appendingPathComponent("out")
        let result = try Planner.run(["simulate", Planner.path("instances/riverside-40.json"), "--weeks", "3", "--arrivals", arrivals, "--out", out])
        #expect(result.status == 2)
        #expect(result.error.contains("arrivals.csv"))
        #expect(result.error.contains("line 3: weeklyHours: expected a whole number"))
        #expect(result.output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func arrivalsAndARateExcludeEachOther() throws {
        let result = try Planner.run([
            "simulate", Planner.path("instances/riverside-40.json"), "--arrivals", Planner.path("instances/arrivals/riverside-arrivals.json"),
            "--admissions-per-week", "3",
        ])
        #expect(result.status != 0)
        #expect(result.error.contains("--arrivals and --admissions-per-week exclude each other"))
    }

    @Test func theArrivalsExampleRunsAndWritesItsWeeks() throws {
        let folder = try Planner.scratchFolder("simulate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Planner.run([
            "simulate", Planner.path("instances/riverside-40.json"), "--weeks", "3", "--seconds-per-week", "5",
            "--arrivals", Planner.path("instances/arrivals/riverside-arrivals.json"), "--out", folder,
        ])
        #expect(result.status == 0, "\(result.error)")
        let csv = try String(contentsOfFile: (folder as NSString).appendingPathComponent("weeks.csv"), encoding: .utf8)
        let arrivalsColumn = csv.split(separator: "\r\n").map { $0.split(separator: ",")[2] }
        #expect(arrivalsColumn == ["arrivals", "0", "2", "2"])
    }
}
