import RosterKit

/// The roster file with its score and explanations: `instance` and `groups` (the plan), then
/// how it was solved (when it was), `objective`, `unmet: [{patient, hours, reasons}]` and
/// `suggestions`. Patients appear by id only.
public struct RosterJSON: Sendable {
    /// What the file holds.
    public let facts: RosterFacts

    /// An export of `facts`.
    public init(_ facts: RosterFacts) { self.facts = facts }

    /// The roster document with its informative members.
    public var document: JSONValue {
        var extra = JSONObject()
        extra["unmet"] = .array(facts.explanation.patients.map(\.json))
        extra["suggestions"] = .array(facts.explanation.suggestions.map(\.json))
        if let outcome = facts.outcome {
            var solved = outcome
            solved.roster = facts.roster
            return solved.rosterDocument(index: facts.index, report: facts.check, extra: extra)
        }
        var info = JSONObject()
        info["objective"] = facts.check.terms.json(facts.instance.policy.weights)
        for (key, value) in extra.members { info[key] = value }
        return RosterEncoder.document(facts.roster, index: facts.index, extra: info)
    }

    /// ``document`` as JSON text, with a final newline.
    public var text: String { JSONWriter.write(document) }
}
