import Foundation
import RosterKit
import Testing

/// The same instance, options and seed give a byte-identical roster file, 20 runs of the built
/// tool in a row (each a new process, so hash seeds differ too), wherever that is promised:
///
/// - greedy construction alone (`--no-local-search`), always;
/// - greedy with local search when the search ends by itself (at a local optimum) rather than
///   at its time budget, as it does on these small instances;
/// - glpk and auto when GLPK proves the optimum well within the time limit. A wall-clock limit
///   can stop GLPK's search at a different node from run to run, so under a binding limit only
///   validity is promised, not the same roster.
///
/// Greedy rosters are compared without `notes`: its notes carry milliseconds (docs/ROBUSTNESS.md).
@Suite("Determinism, end to end")
struct DeterminismTests {
    static let runs = 20

    struct Configuration: Sendable, CustomTestStringConvertible {
        var instance: String
        var arguments: [String]
        /// Whether the whole file, notes included, must be identical.
        var withNotes: Bool
        var testDescription: String { "\(arguments.joined(separator: " ")) on \(instance)" }
    }

    static let configurations = [
        Configuration(instance: "instances/riverside-40.json", arguments: ["--solver", "greedy", "--no-local-search"], withNotes: false),
        Configuration(instance: "instances/tiny.json", arguments: ["--solver", "greedy"], withNotes: false),
        Configuration(instance: "Tests/Fixtures/instances/rules-lab.json", arguments: ["--solver", "glpk"], withNotes: true),
        Configuration(instance: "instances/tiny.json", arguments: ["--solver", "auto"], withNotes: true),
    ]

    @Test(arguments: configurations)
    func sameInputAndSeedGiveTheSameFile(_ configuration: Configuration) throws {
        let folder = try Planner.scratchFolder("determinism")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = "\(folder)/roster.json"
        var files: Set<String> = []
        var notes: Set<String> = []
        for _ in 0..<Self.runs {
            let result = try Planner.run(
                ["solve", Planner.path(configuration.instance), "--seed", "7", "--time-limit", "60", "--quiet", "-o", output]
                    + configuration.arguments)
            try #require(result.status == 0, "\(result.error)")
            let text = try String(contentsOfFile: output, encoding: .utf8)
            guard configuration.withNotes else {
                guard case .object(var document) = try JSONParser.parse(text) else { throw CocoaError(.fileReadCorruptFile) }
                notes.insert(document["notes"].map { JSONWriter.write($0) } ?? "")
                document["notes"] = nil
                files.insert(JSONWriter.write(.object(document)))
                continue
            }
            files.insert(text)
        }
        #expect(files.count == 1, "\(files.count) different roster files in \(Self.runs) runs")
        if !configuration.withNotes, notes.count > 1 {
            // Known: greedy's notes carry timings. Recorded, not failed.
            print("note: \(configuration.testDescription): \(notes.count) different `notes` in \(Self.runs) runs")
        }
    }
}
