import Foundation
import RosterKit
import RosterStore
import TestSupport
import Testing

/// `program import` and `program export` of the built tool on the spreadsheets of `instances/csv/`.
@Suite("Spreadsheets, end to end")
struct SpreadsheetEndToEndTests {
    static let week = "2026-11-30"
    static let solverArguments = ["--solver", "greedy", "--seed", "7", "--max-moves", "40", "--time-limit", "60"]

    static var lakesideSpreadsheets: [String] {
        SpreadsheetTable.allCases.map { Planner.path("instances/csv/\($0.fileName)") }
    }

    static func objectiveTotal(ofRosterFile path: String) throws -> Double? {
        try InputFile.readJSON(path).objectValue?["objective"]?.objectValue?["total"]?.numberValue
    }

    @Test(.tags(.slow)) func planningTheLakesideSpreadsheetsGivesTheInstanceAndTheRosterTotalOfTheJSONFile() throws {
        let folder = try Planner.scratchFolder("lakeside-csv")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = ["--db", "\(folder)/program.sqlite"]
        let imported = try Planner.run(["program", "import"] + db + Self.lakesideSpreadsheets)
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains("patients: 120 added, 0 changed, 0 unchanged"))
        let planned = try Planner.run(["week", "plan", Self.week] + db + Self.solverArguments)
        #expect(planned.status == 0, "\(planned.error)")
        let exported = try Planner.run(["week", "export", Self.week, "--out", "\(folder)/week"] + db)
        #expect(exported.status == 0, "\(exported.error)")
        for format in ["txt", "csv", "html"] {
            #expect(FileManager.default.fileExists(atPath: "\(folder)/week/roster-\(Self.week).\(format)"), "\(format)")
        }
        let calendars = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/week/calendars")
        #expect(!calendars.isEmpty && calendars.count <= fromJSONClinicianCount(), "one calendar per clinician at most")
        #expect(calendars.allSatisfy { $0.hasSuffix(".ics") })

        // The CSVs carry everything of this instance: weekOf is the planned week, and it has no `previous`.
        let fromSpreadsheets = try InputFile.loadInstance("\(folder)/week/instance-\(Self.week).json").instance
        let fromJSON = try InputFile.loadInstance(Planner.path("instances/lakeside-120.json")).instance
        #expect(fromSpreadsheets == fromJSON)

        let solved = try Planner.run(
            ["solve", Planner.path("instances/lakeside-120.json"), "--quiet", "-o", "\(folder)/solved.json"]
                + Self.solverArguments)
        #expect(solved.status == 0, "\(solved.error)")
        let total = try Self.objectiveTotal(ofRosterFile: "\(folder)/week/roster-\(Self.week).json")
        #expect(total != nil)
        #expect(total == (try Self.objectiveTotal(ofRosterFile: "\(folder)/solved.json")))
    }

    /// One calendar per clinician of lakeside-120.
    func fromJSONClinicianCount() -> Int {
        (try? InputFile.loadInstance(Planner.path("instances/lakeside-120.json")).instance.clinicians.count) ?? -1
    }

    @Test func theCommittedSpreadsheetsAreWhatAnExportWrites() throws {
        let folder = try Planner.scratchFolder("lakeside-export")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = ["--db", "\(folder)/program.sqlite"]
        #expect(try Planner.run(["program", "import"] + db + Self.lakesideSpreadsheets).status == 0)
        let exported = try Planner.run(["program", "export", "\(folder)/out"] + db)
        #expect(exported.status == 0, "\(exported.error)")
        for table in SpreadsheetTable.allCases {
            let written = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/out/\(table.fileName)"))
            #expect(
                written
                    == (try Data(contentsOf: URL(fileURLWithPath: Planner.path("instances/csv/\(table.fileName)")))),
                "\(table.fileName)")
            var status = stat()
            #expect(stat("\(folder)/out/\(table.fileName)", &status) == 0 && status.st_mode & 0o777 == 0o600)
        }
    }

    @Test func aBadSpreadsheetExitsTwoNamesTheCellsAndChangesNothing() throws {
        let folder = try Planner.scratchFolder("bad-csv")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = ["--db", "\(folder)/program.sqlite"]
        #expect(try Planner.run(["program", "import"] + db + Self.lakesideSpreadsheets).status == 0)
        var patients = try String(contentsOfFile: Planner.path("instances/csv/patients.csv"), encoding: .utf8)
        patients =
            patients
            .replacingOccurrences(
                of: "p001,Gabriel Yamada,,Mindfulness,Psychoeducation,12,",
                with: "p001,Gabriel Yamada,,Mindfulness,Psychoeducation,twelve,"
            )
            .replacingOccurrences(of: "p002,Quinn Baker,,CBT,", with: "p002,Quinn Baker,,Quinn Baker,")
        try patients.write(toFile: "\(folder)/patients.csv", atomically: true, encoding: .utf8)
        let result = try Planner.run(["program", "import"] + db + ["\(folder)/patients.csv"])
        #expect(result.status == 2)
        #expect(result.error.contains("patients.csv:2: weeklyHours: expected a whole number, got \"twelve\""))
        #expect(result.error.contains("patients.csv:3: track: expected one of the listed modalities"))
        #expect(!result.error.contains("Quinn") && !result.error.contains("Gabriel"))
        let export = try Planner.run(["program", "export", "\(folder)/out"] + db)
        #expect(export.status == 0)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: "\(folder)/out/patients.csv"))
                == Data(contentsOf: URL(fileURLWithPath: Planner.path("instances/csv/patients.csv"))))
    }

    @Test func exportRefusesAFolderThatIsAFileOrHoldsAFIFO() throws {
        let folder = try Planner.scratchFolder("export-refused")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = ["--db", "\(folder)/program.sqlite"]
        #expect(try Planner.run(["program", "import"] + db + Self.lakesideSpreadsheets).status == 0)
        FileManager.default.createFile(atPath: "\(folder)/file", contents: Data())
        let onFile = try Planner.run(["program", "export", "\(folder)/file"] + db)
        #expect(onFile.status == 2 && onFile.error.contains("it is a file"))
        try FileManager.default.createDirectory(atPath: "\(folder)/out", withIntermediateDirectories: false)
        #expect(mkfifo("\(folder)/out/patients.csv", 0o600) == 0)
        let onFIFO = try Planner.run(["program", "export", "\(folder)/out"] + db)
        #expect(onFIFO.status == 2 && onFIFO.error.contains("not a regular file; nothing was written"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(folder)/out") == ["patients.csv"])
    }
}
