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

extension SpecUpdateTests {
    /// tiny.json with a second session `EVE` that every patient and clinician is available in
    /// and every patient attended on Tuesday; `start` is EVE's start.
    static func withEvening(start: String, extraPattern: String? = nil) -> @Sendable (inout [String: Any]) -> Void {
        { instance in
            instance["sessions"] = [
                ["id": "AM", "start": "09:00", "hours": 3], ["id": "EVE", "start": start, "hours": 3],
            ]
            for key in ["patients", "clinicians"] {
                instance[key] = (instance[key] as! [[String: Any]]).map { entry in
                    var entry = entry
                    entry["availability"] = ["*-AM", "Mon-EVE", "*-EVE"] + (extraPattern.map { [$0] } ?? [])
                    if key == "patients" { entry["previous"] = ["Mon-AM", "Tue-EVE"] }
                    return entry
                }
            }
        }
    }

    static func problems(_ change: @Sendable (inout [String: Any]) -> Void) throws -> [String] {
        let folder = try Planner.scratchFolder("spec-cascade")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (json, _) = try changedTiny(change, in: folder)
        do {
            _ = try InstanceDecoder().decode(json)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    /// A session refused where it is listed (past 24:00) is reported once; the availability and
    /// `previous` entries naming it are not reported again as naming an unknown session.
    @Test func aRefusedSessionIsReportedOnceNotOnceForEveryEntryNamingIt() throws {
        #expect(try Self.problems(Self.withEvening(start: "19:00")).isEmpty)
        let problems = try Self.problems(Self.withEvening(start: "22:00"))
        #expect(problems.count == 1, "\(problems.prefix(5))")
        #expect(problems.first?.hasPrefix("sessions[1]: session \"EVE\" starts 22:00") == true, "\(problems)")
    }

    /// A session no entry lists is still reported wherever it is named.
    @Test func anUnknownSessionBesideARefusedOneIsStillReported() throws {
        let problems = try Self.problems(Self.withEvening(start: "22:00", extraPattern: "Wed-XX"))
        let unknown = problems.filter { $0.contains("not listed in sessions") || $0.contains("unknown session") }
        #expect(problems.count == 1 + unknown.count)
        #expect(!unknown.isEmpty && unknown.allSatisfy { $0.contains("availability[3]") }, "\(unknown)")
    }
}
