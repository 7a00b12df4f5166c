import Foundation
import RosterKit
import TestSupport
import Testing

@testable import iop_planner

@Suite("iop-planner generate")
struct GenerateCommandTests {
    struct Manifest: Decodable {
        struct Entry: Decodable, Sendable, CustomTestStringConvertible {
            var file: String
            var family: String
            var arguments: [String]
            var testDescription: String { file }
        }

        var instances: [Entry]
    }

    static let manifest = URL(fileURLWithPath: Planner.path("instances/bench/manifest.json"))
    static let benchInstances: [Manifest.Entry] =
        (try? JSONDecoder().decode(Manifest.self, from: Data(contentsOf: manifest)))?
        .instances ?? []

    @Test func theManifestListsEveryFamily() {
        #expect(
            Set(Self.benchInstances.map(\.family)) == ["small", "medium", "large", "extra-large", "edge", "cohort"])
    }

    /// The committed files are exactly what their recorded command writes today.
    @Test(arguments: benchInstances)
    func committedBenchInstanceMatchesItsCommand(_ entry: Manifest.Entry) throws {
        let options = try GenerateCommand.parse(entry.arguments).options()
        let expected = InstanceEncoder.text(try InstanceGenerator.generate(options))
        let committed = try String(contentsOfFile: Planner.path("instances/bench/\(entry.file)"), encoding: .utf8)
        #expect(committed == expected, "regenerate with scripts/bench/make-instances.py")
    }

    @Test(arguments: [
        ["--patients", "45", "--seed", "9"],
        ["--patients", "130", "--seed", "2", "--sessions", "eve,am", "--adolescent-share", "0.2", "--no-rooms"],
        [
            "--patients", "70", "--seed", "4", "--sessions", "AM,PM,EVE", "--single-day-share", "0.5", "--separations",
            "40",
            "--clinician-supply", "0.5", "--room-supply", "0.6", "--room-capacities", "8-9", "--continuing-share", "1",
        ],
    ])
    func writesTheSameFileAsItPrintsAndTheSharedCheckerAcceptsIt(_ arguments: [String]) throws {
        let folder = try Planner.scratchFolder("generate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let printed = try Planner.run(["generate"] + arguments)
        #expect(printed.status == 0, "\(printed.error)")
        let file = "\(folder)/instance.json"
        #expect(try Planner.run(["generate"] + arguments + ["-o", file]).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == printed.output)
        #expect(try Planner.run(["validate", file]).status == 0)
        let empty = "\(folder)/empty.json"
        try #"{"groups": []}"#.write(toFile: empty, atomically: true, encoding: .utf8)
        let verdict = try Planner.sharedCheck([file, empty])
        #expect(verdict.status == 0, "\(verdict.output)\(verdict.error)")
    }

    @Test(arguments: [
        (["--patients", "0"], "patients must be between"),
        (["--patients", "10", "--sessions", "AM,NOON"], "--sessions"),
        (["--patients", "10", "--room-capacities", "12-8"], "--room-capacities"),
        (["--patients", "10", "--adolescent-share", "2"], "adolescent-share"),
    ])
    func rejectsBadOptionsAsUsageErrors(_ arguments: [String], _ message: String) throws {
        let result = try Planner.run(["generate"] + arguments)
        #expect(result.status == 64)
        #expect(result.error.contains(message), "\(result.error)")
    }
}
