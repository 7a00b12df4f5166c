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
        try "week,id,track,weeklyHours\n2,n1,DBT,9\n3,n2,CBT,twelve\n".write(
            toFile: arrivals, atomically: true, encoding: .utf8)
        let out = (folder as NSString).appendingPathComponent("out")
        let result = try Planner.run([
            "simulate", Planner.path("instances/riverside-40.json"), "--weeks", "3", "--arrivals", arrivals, "--out",
            out,
        ])
        #expect(result.status == 2)
        #expect(result.error.contains("arrivals.csv"))
        #expect(result.error.contains("line 3: weeklyHours: expected a whole number"))
        #expect(result.output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func arrivalsAndARateExcludeEachOther() throws {
        let result = try Planner.run([
            "simulate", Planner.path("instances/riverside-40.json"), "--arrivals",
            Planner.path("instances/arrivals/riverside-arrivals.json"),
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

    @Test func variantsRunSideBySideAndWriteAFolderEach() throws {
        let folder = try Planner.scratchFolder("simulate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Planner.run([
            "simulate", Planner.path("instances/riverside-40.json"), "--weeks", "3", "--admissions-per-week", "6",
            "--seed", "3",
            "--seconds-per-week", "5", "--variant", "add room r9 12", "--variant",
            Planner.path("instances/scenarios/riverside-cap-groups-at-10.json"),
            "--out", folder,
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("baseline"))
        // The variant, named from the command line or a file, is isolated for the terminal (issue 16).
        #expect(result.output.contains("\u{2068}One more room of 12 seats (r9)\u{2069} "))
        #expect(result.output.contains("The scenario \""))
        for program in ["baseline", "variant-1", "variant-2"] {
            #expect(FileManager.default.fileExists(atPath: "\(folder)/\(program)/weeks.csv"), "\(program)")
        }
        let comparison = try InputFile.readJSON("\(folder)/comparison.json")
        let programs = try #require(comparison.objectValue?["programs"]?.arrayValue)
        #expect(programs.compactMap { $0.objectValue?["program"]?.stringValue }.first == "baseline")
        #expect(programs.count == 3)
        #expect(FileManager.default.fileExists(atPath: "\(folder)/waiting-by-variant.svg"))
    }

    @Test func aBadVariantSaysWhatWasExpected() throws {
        let base = Planner.path("instances/riverside-40.json")
        let unreadable = try Planner.run(["simulate", base, "--weeks", "2", "--variant", "hire two more"])
        #expect(unreadable.status != 0)
        #expect(unreadable.error.contains("--variant \"hire two more\""))
        #expect(unreadable.error.contains("expected \"add clinician ID MODALITY"))
        let unfitting = try Planner.run(["simulate", base, "--weeks", "2", "--variant", "remove clinician c42"])
        #expect(unfitting.status == 2)
        #expect(unfitting.error.contains("--variant \"remove clinician c42\""))
        #expect(unfitting.output.isEmpty)
    }

    @Test func theWeeksCanBeKeptInAProgramDatabase() throws {
        let folder = try Planner.scratchFolder("simulate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = "\(folder)/program.sqlite"
        let result = try Planner.run([
            "simulate", Planner.path("instances/riverside-40.json"), "--weeks", "2", "--seconds-per-week", "5", "--db",
            database,
            "--start", "2027-01-04",
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains("kept 2 published weeks"))
        let shown = try Planner.run(["week", "show", "2027-01-11", "--db", database])
        #expect(shown.status == 0, "\(shown.error)")
        #expect(shown.output.contains("simulate") && shown.output.contains("PUBLISHED"))
        let again = try Planner.run([
            "simulate", Planner.path("instances/riverside-40.json"), "--weeks", "2", "--db", database, "--start",
            "2027-01-04",
        ])
        #expect(again.status == 2)
        #expect(again.error.contains("already published"))
        #expect(again.output.isEmpty)
    }
}
