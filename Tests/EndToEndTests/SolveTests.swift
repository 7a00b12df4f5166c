import Foundation
import TestSupport
import Testing

/// `solve` on every shipped instance: the roster passes the shared checker with the total the
/// planner reports, and the file is private to its owner.
@Suite("Solve, end to end", .tags(.slow))
struct SolveTests {
    static let instances = ["tiny", "riverside-40", "harbor-continuity-60", "lakeside-120"]

    @Test(arguments: instances)
    func rosterPassesTheSharedCheckerWithTheReportedTotal(_ name: String) throws {
        let folder = URL(fileURLWithPath: try Planner.scratchFolder("e2e"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let instance = Planner.path("instances/\(name).json")
        let output = folder.appendingPathComponent("\(name).roster.json")
        let result = try Planner.run(["solve", instance, "--time-limit", "4", "--quiet", "-o", output.path])
        #expect(result.status == 0, "\(result.error)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        let reported = try #require((document["objective"] as? [String: Any])?["total"] as? NSNumber).doubleValue
        // The status tells the truth about the proof: optimal exactly when no point separates
        // the roster from the proven bound.
        let status = try #require(document["status"] as? String)
        #expect(["optimal", "feasible", "time-limit", "heuristic", "fallback"].contains(status))
        if let points = (document["gapPoints"] as? NSNumber)?.doubleValue {
            #expect((status == "optimal") == (points == 0), "\(status) with a gap of \(points) points")
            let bound = try #require((document["bound"] as? NSNumber)?.doubleValue)
            #expect(bound <= reported)
        } else {
            #expect(status != "optimal", "optimal without a bound")
        }
        #expect((document["proof"] as? String)?.isEmpty == false)
        let attributes = try FileManager.default.attributesOfItem(atPath: output.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let own = try Planner.run(["check", instance, output.path, "--json"])
        #expect(own.status == 0)
        let shared = try Planner.sharedCheck([instance, output.path, "--json"])
        #expect(shared.status == 0, "\(shared.output)")
        let verdict = try #require(try JSONSerialization.jsonObject(with: Data(shared.output.utf8)) as? [String: Any])
        let total = try #require((verdict["objective"] as? [String: Any])?["total"] as? NSNumber).doubleValue
        #expect(total == reported)
    }

    /// `--solver glpk` alone on a week where GLPK finds little in the time: the roster is the
    /// better of GLPK's and the greedy construction's, and the output says which and why.
    @Test func glpkAloneFallsBackOnTheGreedyRosterAndSaysSo() throws {
        let folder = URL(fileURLWithPath: try Planner.scratchFolder("glpk-alone"))
        defer { try? FileManager.default.removeItem(at: folder) }
        let instance = folder.appendingPathComponent("week.json").path
        let output = folder.appendingPathComponent("roster.json").path
        #expect(try Planner.run(["generate", "--patients", "320", "--seed", "3", "-o", instance]).status == 0)
        let result = try Planner.run([
            "solve", instance, "--solver", "glpk", "--time-limit", "3", "--quiet", "-o", output,
        ])
        #expect(result.status == 0, "\(result.error)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        let groups = try #require(document["groups"] as? [Any])
        #expect(!groups.isEmpty, "glpk alone wrote the empty roster")
        let solver = try #require(document["solver"] as? String)
        let detail = try #require(document["detail"] as? String)
        #expect(
            solver == "glpk"
                || (solver == "greedy" && detail.contains("glpk found nothing better than the greedy roster")),
            "\(solver): \(detail)")
    }
}
