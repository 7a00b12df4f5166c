import Foundation
import TestSupport
import Testing

@testable import RosterKit

/// The spec's rules of 2026-12 (MODEL.md): a session ends by 24:00, `separateFrom` never names
/// the patient itself, ids and names hold no control characters. The planner refuses what the
/// shared checker refuses, at the same place (issue 16).
@Suite("Spec update: sessions, self-separation, control characters")
struct SpecUpdateTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var path: String
        var change: @Sendable (inout [String: Any]) -> Void
        var testDescription: String { label }
    }

    static func patients(_ instance: inout [String: Any], _ edit: (inout [String: Any]) -> Void) {
        var list = instance["patients"] as! [[String: Any]]
        edit(&list[1])
        instance["patients"] = list
    }

    static let cases: [Case] = [
        Case(label: "session past midnight", path: "sessions[0]") {
            $0["sessions"] = [["id": "AM", "start": "22:00", "hours": 3]]
        },
        Case(label: "self-separation", path: "patients[1].separateFrom[0]") {
            patients(&$0) { $0["separateFrom"] = ["p02"] }
        },
        Case(label: "escape in a patient name", path: "patients[1].name") {
            patients(&$0) { $0["name"] = "A\u{1B}[2J" }
        },
        Case(label: "NUL in a patient id", path: "patients[1].id") {
            patients(&$0) {
                $0["id"] = "p\u{0}2"
                $0["separateFrom"] = nil
            }
        },
        Case(label: "DEL in the instance name", path: "name") { $0["name"] = "week\u{7F}" },
        Case(label: "newline in a day", path: "days[4]") { $0["days"] = ["Mon", "Tue", "Wed", "Thu", "Fri\n"] },
    ]

    /// tiny.json with `change` applied, written to a scratch file.
    static func changedTiny(_ change: (inout [String: Any]) -> Void, in folder: String) throws -> (
        json: JSONValue, path: String
    ) {
        var object =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("instances/tiny.json")))) as! [String: Any]
        change(&object)
        let data = try JSONSerialization.data(withJSONObject: object)
        let path = "\(folder)/instance.json"
        try data.write(to: URL(fileURLWithPath: path))
        return (try JSONParser.parse([UInt8](data)), path)
    }

    @Test(arguments: cases)
    func refusedLikeTheSharedChecker(_ testCase: Case) throws {
        let folder = try Planner.scratchFolder("spec")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (json, path) = try Self.changedTiny(testCase.change, in: folder)
        #expect {
            try InstanceDecoder().decode(json)
        } throws: { error in
            let problems = (error as? InstanceValidationError)?.problems ?? []
            return problems.contains {
                "\($0)".hasPrefix(testCase.path + ":") || "\($0)".hasPrefix(testCase.path + " ")
            }
        }
        let roster = "\(folder)/roster.json"
        try #"{"groups": []}"#.write(toFile: roster, atomically: true, encoding: .utf8)
        let shared = try Planner.sharedCheck([path, roster])
        #expect(shared.status == 2, "the shared checker: \(shared.output) \(shared.error)")
    }

    @Test func aSessionEndingAtMidnightIsAccepted() throws {
        let folder = try Planner.scratchFolder("spec-midnight")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (json, _) = try Self.changedTiny(
            { $0["sessions"] = [["id": "AM", "start": "21:00", "hours": 3]] }, in: folder)
        #expect(try InstanceDecoder().decode(json).instance.sessions.count == 1)
    }
}
