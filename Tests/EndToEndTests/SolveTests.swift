import Foundation
import TestSupport
import Testing

/// `solve` on every shipped instance: the roster passes the shared checker with the total the
/// planner reports, and the file is private to its owner.
@Suite("Solve, end to end")
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
        let attributes = try FileManager.default.attributesOfItem(atPath: output.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let own = try Planner.run(["check", instance, output.path, "--json"])
        #expect(own.status == 0)
        if let shared = try Planner.sharedCheck([instance, output.path, "--json"]) {
            #expect(shared.status == 0, "\(shared.output)")
            let verdict = try #require(try JSONSerialization.jsonObject(with: Data(shared.output.utf8)) as? [String: Any])
            let total = try #require((verdict["objective"] as? [String: Any])?["total"] as? NSNumber).doubleValue
            #expect(total == reported)
        }
    }
}
