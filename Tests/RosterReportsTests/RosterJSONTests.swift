import RosterKit
import RosterSolvers
import Testing

@testable import RosterReports

@Suite("Roster JSON")
struct RosterJSONTests {
    @Test func embedsObjectiveAndUnmetReasons() throws {
        let facts = RosterFacts(instance: NamedClinic.instance, roster: NamedClinic.roster)
        let file = try #require(try RosterRendering.render(format: .json, facts: facts).first)
        let document = try JSONParser.parse(file.text)
        let object = try #require(document.objectValue)
        #expect(object.keys.prefix(2) == ["instance", "groups"])
        #expect(try RosterDecoder().decode(document).groups.count == NamedClinic.roster.groups.count)
        #expect(object["objective"] == facts.check.terms.json(NamedClinic.instance.policy.weights))
        let unmet = try #require(object["unmet"]?.arrayValue)
        #expect(unmet == facts.explanation.patients.map(\.json))
        #expect(unmet.count == facts.explanation.patients.count)
        let first = try #require(unmet.first?.objectValue)
        #expect(first.keys == ["patient", "hours", "reasons"])
        #expect(first["reasons"]?.arrayValue?.first?.objectValue?["kind"]?.stringValue != nil)
    }

    @Test func withAnOutcomeItCarriesTheSolveMetadata() throws {
        let outcome = SolveOutcome(
            roster: NamedClinic.roster, solver: "greedy", status: .heuristic, detail: "Greedy.", elapsed: 0.5)
        let file = try #require(
            try RosterRendering.render(
                format: .json, instance: NamedClinic.instance, roster: NamedClinic.roster, outcome: outcome
            ).first)
        let object = try #require(try JSONParser.parse(file.text).objectValue)
        #expect(object["solver"] == "greedy")
        #expect(object["status"] == "heuristic")
        #expect(object["unmet"]?.arrayValue?.isEmpty == false)
        #expect(object["suggestions"] != nil)
    }
}
