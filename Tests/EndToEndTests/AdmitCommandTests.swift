import Foundation
import RosterKit
import TestSupport
import Testing

/// `admit ... --apply 1 -o OUT` on the built binary: the written roster passes both checkers
/// and changes the objective by exactly what `--format json` printed for option 1.
@Suite("Admission, end to end")
struct AdmitCommandTests {
    struct Printed {
        var kind: String
        var moved: [String]
        var totalChange: Double
    }

    /// Option 1 as `admit --format json` prints it.
    static func firstOption(_ arguments: [String]) throws -> Printed {
        let result = try Planner.run(["admit"] + arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.error)")
        let document = try InputFile.readJSON(writeScratch(result.output, named: "options.json"))
        let first = try #require(document.objectValue?["options"]?.arrayValue?.first?.objectValue)
        return Printed(
            kind: first["kind"]?.stringValue ?? "",
            moved: first["moved"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            totalChange: try #require(first["objectiveChange"]?.objectValue?["total"]?.numberValue))
    }

    static func writeScratch(_ text: String, named name: String) throws -> String {
        let path = (try Planner.scratchFolder("admit") as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `--apply 1`, then checks the written roster with our checker and the shared one.
    func expectAppliedChange(instance: String, roster: String, patient: String) throws -> Printed {
        let printed = try Self.firstOption([instance, roster, patient])
        let folder = try Planner.scratchFolder("admit")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = "\(folder)/admitted.roster.json"
        let admittedInstance = "\(folder)/admitted.json"
        let result = try Planner.run([
            "admit", instance, roster, patient, "--apply", "1", "-o", output, "--instance-output", admittedInstance,
        ])
        #expect(result.status == 0, "\(result.error)")

        let admitted = try InputFile.loadInstance(admittedInstance).instance
        let checker = RosterChecker(admitted)
        let after = checker.check(try InputFile.loadRoster(output))
        let before = checker.check(try InputFile.loadRoster(roster))
        #expect(after.isValid, "\(after.violations.prefix(3))")
        #expect(after.total - before.total == printed.totalChange)
        #expect(printed.totalChange < 0)

        let shared = try Fixtures.sharedVerdict(instance: admittedInstance, roster: output)
        let sharedBefore = try Fixtures.sharedVerdict(instance: admittedInstance, roster: roster)
        #expect(shared.valid, "\(shared.violations.prefix(3))")
        #expect(shared.total == after.total)
        #expect(try #require(shared.total) - #require(sharedBefore.total) == printed.totalChange)
        return printed
    }

    @Test func theAppliedFirstOptionPassesBothCheckersWithThePrintedChange() throws {
        let patient = try Self.writeScratch(
            #"{"id": "new-1", "track": "DBT", "secondary": "CBT", "weeklyHours": 9}"#, named: "patient.json")
        let printed = try expectAppliedChange(
            instance: Planner.path("instances/lakeside-120.json"),
            roster: Planner.path("Tests/Fixtures/rosters/lakeside-120.valid.roster.json"),
            patient: patient)
        #expect(printed.kind == "add-only" && printed.moved.isEmpty)
    }

    @Test func anOptionThatMovesOthersIsAppliedExactlyToo() throws {
        let printed = try expectAppliedChange(
            instance: Planner.path("Tests/Fixtures/admit/full-monday.json"),
            roster: Planner.path("Tests/Fixtures/admit/full-monday.roster.json"),
            patient: Planner.path("Tests/Fixtures/admit/full-monday.patient.json"))
        #expect(printed.kind == "reseat")
        #expect(printed.moved == ["a1"])
        #expect(printed.totalChange == -1000)
    }
}
