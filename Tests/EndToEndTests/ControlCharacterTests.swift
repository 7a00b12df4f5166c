import Foundation
import TestSupport
import Testing

/// No control character of an input document reaches the terminal: a scenario's name and every
/// id it names (C0, DEL and C1 refused), a roster's ids (C0 and DEL, as in the instance they
/// name) and an unknown member's key (written `\u{1B}` in the warning) (issue 16).
@Suite("Control characters in input documents, end to end")
struct ControlCharacterTests {
    static let base = Planner.path("instances/tiny.json")

    /// Whether `text` holds C0 (but a line end), DEL or C1.
    static func holdsControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    }

    /// Writes `base` to `path` as a JSON object changed by `edit`.
    static func writeBase(editedBy edit: (inout [String: Any]) -> Void, to path: String) throws {
        var object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: base))) as! [String: Any]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    @Test(arguments: [
        ("name", #"{"name": "cap\u001b[2J", "changes": [{"setPolicy": {"maxGroupSize": 10}}]}"#),
        ("name", #"{"name": "cap\u009b2J", "changes": [{"setPolicy": {"maxGroupSize": 10}}]}"#),
        ("changes[0].discharge[0]", #"{"name": "out", "changes": [{"discharge": ["p01\u001b[31m"]}]}"#),
    ])
    func aScenarioWithAControlCharacterIsRefused(_ path: String, _ scenario: String) throws {
        let folder = try Planner.scratchFolder("control-scenario")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try scenario.write(toFile: "\(folder)/scenario.json", atomically: true, encoding: .utf8)
        let result = try Planner.run(
            ["whatif", Self.base, "\(folder)/scenario.json", "--solver", "greedy", "--time-limit", "2"])
        #expect(result.status == 2, "\(result.status): \(result.error)")
        #expect(result.error.contains("\(path): holds a control character"), "\(result.error)")
        #expect(!Self.holdsControl(result.error + result.output), "a control character reached the terminal")
    }

    /// The description is never shown, so a line break there stays legal.
    @Test func aScenarioDescriptionMayHoldALineBreak() throws {
        let folder = try Planner.scratchFolder("control-description")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let scenario =
            #"{"name": "cap", "description": "two\nlines", "changes": [{"setPolicy": {"maxGroupSize": 10}}]}"#
        try scenario.write(toFile: "\(folder)/scenario.json", atomically: true, encoding: .utf8)
        let result = try Planner.run(
            ["whatif", Self.base, "\(folder)/scenario.json", "--solver", "greedy", "--time-limit", "2", "--quiet"])
        #expect(result.status == 0, "\(result.error)")
    }

    @Test func aRosterIdWithAnEscapeIsRefusedAtItsPath() throws {
        let folder = try Planner.scratchFolder("control-roster")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let roster = #"""
            {"groups": [{"day": "Mon\u001b[31m", "session": "AM", "slot": 1, "modality": "DBT",
              "clinician": "c2", "room": "R1", "patients": ["p01"]}]}
            """#
        try roster.write(toFile: "\(folder)/roster.json", atomically: true, encoding: .utf8)
        for command in ["check", "report"] {
            let result = try Planner.run([command, Self.base, "\(folder)/roster.json"])
            #expect(result.status == 2, "\(command): \(result.status) \(result.error)")
            #expect(result.error.contains("groups[0].day: holds a control character"), "\(result.error)")
            #expect(!Self.holdsControl(result.error + result.output), "a control character reached the terminal")
        }
    }

    @Test func anUnknownKeyWithAnEscapeIsWarnedAboutWithoutIt() throws {
        let folder = try Planner.scratchFolder("control-key")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var text = try String(contentsOfFile: Self.base, encoding: .utf8)
        text = "{\"x\\u001b[2J\": 1," + text.drop { $0 != "{" }.dropFirst()
        try text.write(toFile: "\(folder)/week.json", atomically: true, encoding: .utf8)
        let result = try Planner.run(["validate", "\(folder)/week.json"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.error.contains(#"["x\u{1B}[2J"]: unknown field"#), "\(result.error)")
        #expect(!Self.holdsControl(result.error + result.output), "a control character reached the terminal")
    }

    /// An instance follows the spec and the shared checker: C1 in a name is legal there (both
    /// accept it); only C0 and DEL are refused.
    @Test func anInstanceNameWithC1IsAcceptedAsTheSharedCheckerAcceptsIt() throws {
        let folder = try Planner.scratchFolder("control-c1")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.writeBase(editedBy: { $0["name"] = "tiny\u{9B}" }, to: "\(folder)/week.json")
        try #"{"groups": []}"#.write(toFile: "\(folder)/roster.json", atomically: true, encoding: .utf8)
        let own = try Planner.run(["validate", "\(folder)/week.json"])
        let shared = try Planner.sharedCheck(["\(folder)/week.json", "\(folder)/roster.json"])
        #expect(own.status == 0, "\(own.error)")
        #expect(shared.status != 2, "the shared checker: \(shared.output) \(shared.error)")
    }
}

extension ControlCharacterTests {
    /// A C1 character, legal in an instance's names, is shown as U+FFFD on the terminal.
    @Test func aC1CharacterInANameDoesNotReachTheTerminal() throws {
        let folder = try Planner.scratchFolder("control-c1-report")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.writeBase(
            editedBy: { object in
                var clinicians = object["clinicians"] as! [[String: Any]]
                clinicians[0]["name"] = "A.\u{9B}2J Rivera"
                object["clinicians"] = clinicians
            }, to: "\(folder)/week.json")
        let solved = try Planner.run(
            ["solve", "\(folder)/week.json", "-o", "\(folder)/roster.json", "--solver", "greedy", "--quiet"])
        try #require(solved.status == 0, "\(solved.error)")
        let report = try Planner.run(["report", "\(folder)/week.json", "\(folder)/roster.json"])
        #expect(report.status == 0, "\(report.error)")
        #expect(report.output.contains("A.\u{FFFD}2J Rivera"), "\(report.output.prefix(600))")
        #expect(!Self.holdsControl(report.output + report.error), "a control character reached the terminal")
    }
}
