import Foundation
import RosterKit
import TestSupport
import Testing

/// What one input may cost, and messages that say what is wrong (issue 16).
@Suite("Input limits and messages, end to end")
struct InputLimitTests {
    static let tiny = Planner.path("instances/tiny.json")

    @Test func anInputBeyondTheLimitIsRefusedBeforeReading() throws {
        let folder = try Planner.scratchFolder("too-big")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let big = "\(folder)/big.json"
        // Two MB of spaces after a valid instance: refused at 1 MB, accepted at 3 MB.
        var data = try Data(contentsOf: URL(fileURLWithPath: Self.tiny))
        data.append(Data(repeating: UInt8(ascii: " "), count: 2 << 20))
        try data.write(to: URL(fileURLWithPath: big))
        let refused = try Planner.run(["validate", big, "--max-input-mb", "1"])
        #expect(refused.status == 2)
        #expect(refused.error.contains("--max-input-mb"), "\(refused.error)")
        #expect(try Planner.run(["validate", big, "--max-input-mb", "3"]).status == 0)
        #expect(try Planner.run(["validate", big, "--max-input-mb", "0"]).status == 64)
    }

    @Test func anErrorListStopsAtFiftyAndCountsTheRest() throws {
        let folder = try Planner.scratchFolder("many-errors")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var object =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.tiny))) as! [String: Any]
        object["patients"] = (0..<500).map { ["id": "q\($0)", "track": "Nope", "weeklyHours": 9] }
        let path = "\(folder)/bad.json"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        let result = try Planner.run(["validate", path])
        #expect(result.status == 2)
        let listed = result.error.split(separator: "\n").filter { $0.hasPrefix("  patients[") }
        #expect(listed.count == InputError.problemsShown)
        #expect(result.error.contains("and 450 more problems"), "\(result.error.suffix(300))")
    }

    @Test func aByteOrderMarkIsNamed() throws {
        let folder = try Planner.scratchFolder("bom")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/bom.json"
        try (Data([0xEF, 0xBB, 0xBF]) + Data(contentsOf: URL(fileURLWithPath: Self.tiny))).write(
            to: URL(fileURLWithPath: path))
        let result = try Planner.run(["validate", path])
        #expect(result.status == 2)
        #expect(result.error.contains("byte-order mark"), "\(result.error)")
    }
}

/// Warnings stay readable: the first ten and a count, `--verbose` for all; `whatif` shows the
/// warnings `solve` shows for the same week.
@Suite("Grouped warnings, end to end")
struct WarningTests {
    /// 107 pre-check warnings (patients whose availability or hours cannot be met in full).
    static let instance = Planner.path("instances/bench/xl-2000.json")

    static func warnings(_ text: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
    }

    @Test func solveShowsTheFirstTenAndCountsTheRest() throws {
        let arguments = [
            "solve", Self.instance, "--solver", "greedy", "--no-local-search", "--time-limit", "20", "-o", "-",
        ]
        let brief = Self.warnings(try Planner.run(arguments).error)
        #expect(brief.count == 11)
        #expect(brief.last?.contains("more warnings (--verbose for all)") == true, "\(brief.last ?? "")")
        let all = Self.warnings(try Planner.run(arguments + ["--verbose"]).error)
        #expect(all.count > 100)
        #expect(!all.contains { $0.contains("more warnings") })
    }

    @Test func whatifShowsTheBaseWeeksWarnings() throws {
        let scenario = Planner.path("instances/scenarios/riverside-cap-groups-at-10.json")
        let result = try Planner.run(["whatif", Self.instance, scenario, "--solver", "greedy", "--time-limit", "3"])
        let shown = Self.warnings(result.error)
        #expect(shown.count == 11, "\(result.error.prefix(500))")
        #expect(shown.last?.contains("more warnings") == true)
    }
}
