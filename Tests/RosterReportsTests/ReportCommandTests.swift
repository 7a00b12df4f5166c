import Foundation
import RosterKit
import TestSupport
import Testing

@testable import RosterReports

/// `iop-planner report` run as a user runs it: the built binary, files in a temporary folder.
@Suite("report command")
struct ReportCommandTests {
    static let names = ["Zelda Quartermaine", "Yorick Pemberton", "Xanthe Oddington", "Dr. Ophelia Rainsworth"]

    static let instance = """
        {"name": "mini", "weekOf": "2026-11-30", "days": ["Mon", "Tue"],
         "sessions": [{"id": "AM", "start": "09:00", "hours": 3}],
         "policy": {"minGroupSize": 2, "maxGroupSize": 3},
         "clinicians": [{"id": "c1", "name": "Dr. Ophelia Rainsworth", "modalities": ["CBT", "Mindfulness"]}],
         "rooms": [{"id": "R1", "capacity": 3}],
         "patients": [
           {"id": "p1", "name": "Zelda Quartermaine", "track": "CBT", "weeklyHours": 6},
           {"id": "p2", "name": "Yorick Pemberton", "track": "CBT", "weeklyHours": 3},
           {"id": "p3", "name": "Xanthe Oddington", "track": "CBT", "weeklyHours": 3, "separateFrom": ["p1"]}]}
        """

    static func roster(_ patients: [String], slots: [Int] = [1, 2, 3]) -> String {
        let list = patients.map { "\"\($0)\"" }.joined(separator: ", ")
        let groups = slots.map { slot in
            "{\"day\": \"Mon\", \"session\": \"AM\", \"slot\": \(slot), \"modality\": "
                + "\"\(slot == 3 ? "Mindfulness" : "CBT")\", \"clinician\": \"c1\", \"room\": \"R1\", "
                + "\"patients\": [\(list)]}"
        }
        return "{\"instance\": \"mini\", \"groups\": [\(groups.joined(separator: ", "))]}"
    }

    /// A folder with `instance.json`, `valid.json` (p1 and p2 on Monday) and `broken.json`
    /// (p1 with p3, who must be kept apart, and a partial session).
    static func folder(instance: String = instance) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try instance.write(to: folder.file("instance.json"), atomically: true, encoding: .utf8)
        try roster(["p1", "p2"]).write(to: folder.file("valid.json"), atomically: true, encoding: .utf8)
        try roster(["p1", "p3"], slots: [1, 2]).write(to: folder.file("broken.json"), atomically: true, encoding: .utf8)
        return folder
    }

    func expectNoNames(_ text: String, _ context: String) {
        for name in Self.names {
            for word in name.split(separator: " ") where word.count > 3 {
                #expect(!text.contains(word), "\(context): \(word)")
            }
        }
    }

    @Test func rendersTheTextReportOnStandardOutput() throws {
        let folder = try Self.folder()
        defer { folder.cleanUp() }
        let result = try Planner.run(["report", "instance.json", "valid.json"], in: folder.path)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("ROSTER mini"))
        #expect(result.output.contains("\u{2068}p1 Zelda Quartermaine\u{2069}: 3 of 6 hours unmet"))
        #expect(result.error.isEmpty)
    }

    @Test func writesFilesAtomicallyWithMode0600() throws {
        let folder = try Self.folder()
        defer { folder.cleanUp() }
        let result = try Planner.run(
            ["report", "instance.json", "valid.json", "--format", "html", "-o", "week.html"], in: folder.path)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.file("week.html").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOf: folder.file("week.html"), encoding: .utf8).contains("<!DOCTYPE html>"))
    }

    @Test func icsWritesOneCalendarPerClinicianAndPatientIntoAFolder() throws {
        let folder = try Self.folder()
        defer { folder.cleanUp() }
        let result = try Planner.run(
            ["report", "instance.json", "valid.json", "--format", "ics", "-o", "calendars", "--patient-calendars"],
            in: folder.path)
        #expect(result.status == 0, "\(result.error)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.file("calendars").path).sorted()
        #expect(files == ["clinician-c1.ics", "patient-p1.ics", "patient-p2.ics"])
        let mode =
            try FileManager.default.attributesOfItem(atPath: folder.file("calendars/patient-p1.ics").path)[
                .posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func pseudonymizedOutputHasNoNames() throws {
        let folder = try Self.folder()
        defer { folder.cleanUp() }
        for format in ["text", "csv", "html", "json"] {
            let result = try Planner.run(
                ["report", "instance.json", "valid.json", "--format", format, "--pseudonymize"], in: folder.path)
            #expect(result.status == 0, "\(result.error)")
            expectNoNames(result.output, format)
        }
    }

    @Test func anInvalidRosterIsReportedWithExit1AndNoNames() throws {
        let folder = try Self.folder()
        defer { folder.cleanUp() }
        let result = try Planner.run(
            ["report", "instance.json", "broken.json", "--format", "html", "-o", "week.html"], in: folder.path)
        #expect(result.status == 1)
        #expect(result.error.contains("violation [separation]"))
        #expect(result.error.contains("nothing was rendered"))
        #expect(result.output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.file("week.html").path))
        expectNoNames(result.error, "stderr")
    }

    @Test func failingCommandsNeverPrintNames() throws {
        let withoutWeek = Self.instance.replacingOccurrences(of: "\"weekOf\": \"2026-11-30\", ", with: "")
        let folder = try Self.folder(instance: withoutWeek)
        defer { folder.cleanUp() }
        try "{\"instance\": \"mini\", \"groups\": [{\"day\": \"Mon\", \"slot\": \"1\"}]}".write(
            to: folder.file("malformed.json"), atomically: true, encoding: .utf8)
        try "x".write(to: folder.file("a-file"), atomically: true, encoding: .utf8)
        let runs: [(arguments: [String], status: Int32)] = [
            (["report", "instance.json", "valid.json", "--format", "ics", "-o", "calendars"], 2),  // no weekOf
            (["report", "instance.json", "valid.json", "--format", "ics", "-o", "a-file"], 2),
            (["report", "instance.json", "valid.json", "-o", "no/such/folder/report.txt"], 2),
            (["report", "instance.json", "malformed.json"], 2),
            (["report", "instance.json", "broken.json"], 1),
            (["report", "instance.json", "valid.json", "--format", "ics"], 64),
            (["report", "instance.json", "valid.json", "--format", "pdf"], 64),
        ]
        for run in runs {
            let result = try Planner.run(run.arguments, in: folder.path)
            let command = run.arguments.joined(separator: " ")
            #expect(result.status == run.status, "\(command): \(result.error)")
            #expect(!result.error.isEmpty, "\(command) says why")
            expectNoNames(result.error + result.output, command)
        }
        let noWeek = try Planner.run(runs[0].arguments, in: folder.path)
        #expect(noWeek.error.contains("add \"weekOf\""))
    }
}
