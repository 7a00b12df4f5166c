import Foundation
import TestSupport
import Testing

/// No command writes over one of its own inputs: every `-o`, `--output`, `--instance-output` and
/// `--out FOLDER` is refused before any work (exit 2, the input untouched) when it is, or would
/// write, an input file (issue 16).
@Suite("Outputs never overwrite inputs, end to end")
struct OverwriteRefusalTests {
    /// A folder with `week.json` (tiny), its roster `roster.json`, a scenario of it named
    /// `whatif.json` (the name of whatif's table file) and a new patient `patient.json`.
    static func workspace(_ label: String) throws -> String {
        let folder = try Planner.scratchFolder(label)
        try FileManager.default.copyItem(atPath: Planner.path("instances/tiny.json"), toPath: "\(folder)/week.json")
        let solved = try Planner.run(
            ["solve", "week.json", "-o", "roster.json", "--solver", "greedy", "--no-local-search", "--quiet"],
            in: folder)
        try #require(solved.status == 0, "\(solved.error)")
        let scenario = #"{"name": "cap", "changes": [{"setPolicy": {"maxGroupSize": 10}}]}"#
        try scenario.write(toFile: "\(folder)/whatif.json", atomically: true, encoding: .utf8)
        let patient = #"{"id": "p99", "track": "DBT", "weeklyHours": 3, "availability": ["Mon-AM"]}"#
        try patient.write(toFile: "\(folder)/patient.json", atomically: true, encoding: .utf8)
        return folder
    }

    /// Every file of `folder` and its bytes.
    static func contents(of folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
        }
        return files
    }

    @Test(arguments: [
        ["next-week", "week.json", "roster.json", "-o", "week.json"],
        ["next-week", "week.json", "roster.json", "-o", "./roster.json"],
        ["export-model", "week.json", "-o", "week.json"],
        ["whatif", "week.json", "whatif.json", "--out", ".", "--solver", "greedy", "--time-limit", "2"],
        ["admit", "week.json", "roster.json", "patient.json", "--apply", "1", "-o", "roster.json"],
        ["admit", "week.json", "roster.json", "patient.json", "--instance-output", "week.json"],
        ["simulate", "weeks.json", "--weeks", "1", "--out", "."],
    ])
    func anOutputThatIsAnInputIsRefusedBeforeAnyWork(_ arguments: [String]) throws {
        let folder = try Self.workspace("overwrite-\(arguments[0])")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        if arguments[0] == "simulate" {
            try FileManager.default.moveItem(atPath: "\(folder)/week.json", toPath: "\(folder)/weeks.json")
        }
        let before = try Self.contents(of: folder)
        let result = try Planner.run(arguments, in: folder)
        #expect(result.status == 2, "\(arguments.joined(separator: " ")): \(result.status) \(result.error)")
        #expect(result.error.contains("refusing to overwrite"), "\(result.error)")
        #expect(try Self.contents(of: folder) == before, "a file of the folder changed")
    }

    /// The program database is an input too: `program export` into the database's folder, where a
    /// table's file would replace it, is refused before the database is opened.
    @Test func programExportRefusesToReplaceTheDatabase() throws {
        let folder = try Planner.scratchFolder("overwrite-program-export")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data().write(to: URL(fileURLWithPath: "\(folder)/patients.csv"))
        let result = try Planner.run(["program", "export", ".", "--db", "patients.csv"], in: folder)
        #expect(result.status == 2, "\(result.error)")
        #expect(result.error.contains("refusing to overwrite"), "\(result.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["patients.csv"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/patients.csv")).isEmpty)
    }

    /// Writing beside the inputs under other names still works.
    @Test func otherOutputsInTheSameFolderAreWritten() throws {
        let folder = try Self.workspace("overwrite-fine")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let next = try Planner.run(["next-week", "week.json", "roster.json", "-o", "next.json", "--quiet"], in: folder)
        #expect(next.status == 0, "\(next.error)")
        try FileManager.default.moveItem(atPath: "\(folder)/whatif.json", toPath: "\(folder)/cap.json")
        let whatIf = try Planner.run(
            ["whatif", "week.json", "cap.json", "--out", ".", "--solver", "greedy", "--time-limit", "2", "--quiet"],
            in: folder)
        #expect(whatIf.status == 0, "\(whatIf.error)")
        #expect(FileManager.default.fileExists(atPath: "\(folder)/cap.roster.json"))
    }
}
