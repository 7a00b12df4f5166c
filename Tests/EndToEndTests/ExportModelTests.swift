import Foundation
import RosterKit
import TestSupport
import Testing

/// `export-model` writes through `AtomicFile`: a complete private file, no temporary left, and
/// the leftovers of killed runs removed.
@Suite("Export model, end to end")
struct ExportModelTests {
    @Test(arguments: [("lp", "End"), ("mps", "ENDATA")])
    func writesACompleteFileAndRemovesLeftovers(_ format: String, lastLine: String) throws {
        let folder = try Planner.scratchFolder("export")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = "\(folder)/model.\(format)"
        // What killed runs leave: the old command's `.PID` name and AtomicFile's mkstemp name.
        let leftovers = [
            "\(AtomicFile.temporaryPrefix)model.\(format).4242", "\(AtomicFile.temporaryPrefix)model.\(format).Ab12Cd",
        ]
        for name in leftovers {
            try "half a mod".write(toFile: "\(folder)/\(name)", atomically: false, encoding: .utf8)
        }
        try "other file".write(
            toFile: "\(folder)/\(AtomicFile.temporaryPrefix)other.lp.4242", atomically: false, encoding: .utf8)

        let result = try Planner.run([
            "export-model", Planner.path("instances/tiny.json"), "--format", format, "-o", output,
        ])
        #expect(result.status == 0, "\(result.error)")

        let entries = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        #expect(entries == ["model.\(format)", "\(AtomicFile.temporaryPrefix)other.lp.4242"])
        let text = FileContents.text(output) ?? ""
        #expect(text.split(separator: "\n").last.map(String.init) == lastLine, "the model is cut short")
        let mode = try FileManager.default.attributesOfItem(atPath: output)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func aMissingFolderIsReportedWithTheOutputPath() throws {
        let folder = try Planner.scratchFolder("export-fail")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Planner.run([
            "export-model", Planner.path("instances/tiny.json"), "-o", "\(folder)/missing/model.lp",
        ])
        #expect(result.status == 2)
        #expect(result.error.contains("\(folder)/missing/model.lp: cannot write the model"), "\(result.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// `--verbose` says where the time went (issue 16: on xl-2000 most of it is the writing).
    @Test func verboseNamesTheTimeOfEveryStage() throws {
        let folder = try Planner.scratchFolder("export-verbose")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Planner.run([
            "export-model", Planner.path("instances/tiny.json"), "--time-limit", "30", "--verbose", "-o",
            "\(folder)/model.lp",
        ])
        #expect(result.status == 0, "\(result.error)")
        let line = try #require(result.error.split(separator: "\n").first { $0.hasPrefix("time: ") }, "\(result.error)")
        for stage in ["start", "read", "build", "write"] {
            #expect(line.contains("\(stage) "), "\(stage) missing from \(line)")
        }
        #expect(line.hasSuffix(" s in all)"), "\(line)")
    }
}
