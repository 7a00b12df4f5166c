import Foundation
import TestSupport
import Testing

/// An instance whose ids, days, sessions, modalities and cohorts have accents, some in both
/// Unicode spellings (`"\u{E9}"` and `"e\u{301}"` are two names): the tool agrees with the
/// shared checker on it, and its solvers plan it.
@Suite("Names in two Unicode spellings, end to end", .tags(.slow))
struct UnicodeNamesTests {
    static let instance = Planner.path("Tests/Fixtures/instances/unicode-ids.json")

    static var rosters: [String] {
        let folder = Planner.path("Tests/Fixtures/rosters")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("unicode-ids.") }.sorted().map { "\(folder)/\($0)" }
    }

    @Test func checkExitsAsTheSharedCheckerDoes() throws {
        #expect(Self.rosters.count >= 9)
        for roster in Self.rosters {
            let own = try Planner.run(["check", Self.instance, roster])
            #expect(own.status == (roster.contains(".valid.") ? 0 : 1), "\(roster): \(own.error)")
            #expect(own.status == (try Planner.sharedCheck([Self.instance, roster])).status, "\(roster)")
        }
    }

    @Test(arguments: ["greedy", "glpk"])
    func solvesToARosterTheSharedCheckerAccepts(_ solver: String) throws {
        let folder = try Planner.scratchFolder("unicode")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = "\(folder)/roster.json"
        let result = try Planner.run([
            "solve", Self.instance, "--solver", solver, "--time-limit", "10", "--quiet", "-o", output,
        ])
        #expect(result.status == 0, "\(result.error)")
        let check = try Planner.run(["check", Self.instance, output])
        #expect(check.status == 0, "\(check.output)")
        let shared = try Planner.sharedCheck([Self.instance, output])
        #expect(shared.status == 0, "\(shared.output)")
    }
}
