import Foundation
import TestSupport
import Testing

/// Bad input: a clear message naming the file and the JSON path, exit status 2, nothing written.
@Suite("Bad input, end to end")
struct BadInputTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var file: String
        var path: String?
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        let url = Planner.repository.appendingPathComponent("Tests/Fixtures/invalid-instances/manifest.json")
        return (try? JSONDecoder().decode([Case].self, from: Data(contentsOf: url))) ?? []
    }()

    /// The manifest is read: a list that failed to decode would make the test below pass vacuously.
    @Test func everyInvalidInstanceOfTheManifestIsTried() {
        #expect(Self.cases.count >= 70)
    }

    @Test(arguments: cases)
    func solveRejectsAndWritesNothing(_ entry: Case) throws {
        let folder = URL(fileURLWithPath: try Planner.scratchFolder("e2e"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let instance = Planner.path("Tests/Fixtures/invalid-instances/\(entry.file)")
        let output = folder.appendingPathComponent("roster.json")
        let result = try Planner.run(["solve", instance, "--solver", "greedy", "-o", output.path])
        #expect(result.status == 2)
        #expect(result.error.contains(entry.file))
        if let path = entry.path { #expect(result.error.contains("\(path):"), "\(result.error)") }
        #expect(!result.error.contains("Fatal error") && !result.error.contains("crashed"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    @Test func checkExitStatusesFollowTheContract() throws {
        let tiny = Planner.path("instances/tiny.json")
        let valid = try Planner.run(["check", tiny, Planner.path("Tests/Fixtures/rosters/tiny.valid.roster.json")])
        #expect(valid.status == 0)
        #expect(valid.output.contains("valid"))
        let broken = try Planner.run([
            "check", tiny, Planner.path("Tests/Fixtures/rosters/tiny.broken-clinician-double-booked.roster.json"),
        ])
        #expect(broken.status == 1)
        #expect(broken.output.contains("clinician-double-booked"))
        let missing = try Planner.run(["check", tiny, "/nonexistent/roster.json"])
        #expect(missing.status == 2)
        #expect(missing.error.contains("/nonexistent/roster.json"))
        let usage = try Planner.run(["solve"])
        #expect(usage.status == 64)
    }

    @Test func aRosterWithAMistypedFieldIsMalformedNotInvalid() throws {
        let folder = URL(fileURLWithPath: try Planner.scratchFolder("e2e"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let roster = folder.appendingPathComponent("roster.json")
        try
            (#"{"groups": [{"day": "Mon", "session": "AM", "slot": "1", "modality": "CBT", "clinician": "c1", "#
            + #""patients": []}]}"#)
            .write(to: roster, atomically: true, encoding: .utf8)
        let result = try Planner.run(["check", Planner.path("instances/tiny.json"), roster.path])
        #expect(result.status == 2)
        #expect(result.error.contains("groups[0].slot"))
    }
}
