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

    /// Every file of `folder` and its subfolders (by relative path) and its bytes; a subfolder
    /// counts as an empty file.
    static func contents(of folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: folder) {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: "\(folder)/\(name)", isDirectory: &isFolder)
            files[name] = isFolder.boolValue ? Data() : try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)"))
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

    /// Two outputs of one command that are the same file, existing (`roster.json`, or a hard link
    /// to it) or new (`new.json` spelled `./new.json`), are refused before any work: the second
    /// write would replace the first. `admit` wrote both, the instance over the roster.
    @Test(arguments: [
        ["-o", "out.json", "--instance-output", "out.json"],
        ["-o", "out.json", "--instance-output", "./out.json"],
        ["-o", "sub/../out.json", "--instance-output", "out.json"],
        ["-o", "old.json", "--instance-output", "link.json"],
    ])
    func twoOutputsThatAreTheSameFileAreRefusedBeforeAnyWork(_ outputs: [String]) throws {
        let folder = try Self.workspace("two-outputs")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: "\(folder)/sub", withIntermediateDirectories: false)
        try "old".write(toFile: "\(folder)/old.json", atomically: true, encoding: .utf8)
        try FileManager.default.linkItem(atPath: "\(folder)/old.json", toPath: "\(folder)/link.json")
        let before = try Self.contents(of: folder)
        let result = try Planner.run(
            ["admit", "week.json", "roster.json", "patient.json", "--apply", "1"] + outputs, in: folder)
        #expect(result.status == 2, "\(outputs.joined(separator: " ")): \(result.status) \(result.error)")
        #expect(result.error.contains("it is the same file as the output"), "\(result.error)")
        #expect(result.output.isEmpty, "the admission was searched: \(result.output)")
        #expect(try Self.contents(of: folder) == before, "a file of the folder changed")
    }

    /// `bench --out DIR` is refused before any run when a file it would write there (the report's,
    /// or a run's roster) is the suite or one of the instances the suite lists. Only the suite was
    /// checked: `rosters/week.greedy.json` was removed and replaced by the run's roster.
    @Test(arguments: [
        (suite: "suite.json", instance: "results.json", name: nil as String?),
        (suite: "suite.json", instance: "rosters/week.greedy.json", name: "week"),
        (suite: "results.json", instance: "week.json", name: nil),
    ])
    func benchRefusesAnOutputThatIsTheSuiteOrOneOfItsInstances(
        _ files: (suite: String, instance: String, name: String?)
    ) throws {
        let folder = try Self.workspace("overwrite-bench")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        if files.instance != "week.json" {
            try FileManager.default.createDirectory(
                atPath: "\(folder)/\((files.instance as NSString).deletingLastPathComponent)",
                withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: "\(folder)/week.json", toPath: "\(folder)/\(files.instance)")
        }
        let name = files.name.map { #", "name": "\#($0)""# } ?? ""
        let suite = """
            {"name": "s", "configurations": [{"name": "greedy", "solver": "greedy", "timeLimit": 1}],
             "instances": [{"path": "\(files.instance)", "family": "small"\(name)}]}
            """
        try suite.write(toFile: "\(folder)/\(files.suite)", atomically: true, encoding: .utf8)
        let before = try Self.contents(of: folder)
        let result = try Planner.run(
            ["bench", files.suite, "--out", ".", "--planner", Planner.path("Tests/Fixtures/bench/fake-planner")],
            in: folder)
        #expect(result.status == 2, "\(files): \(result.status) \(result.error)")
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
