extension SolveOutcome {
    /// The roster file: `instance` and `groups` (the plan), then how it was solved and its score.
    /// Timings are left out so that a deterministic solve writes byte-identical files. Pass the
    /// checker's `report` on this roster when there is one, to save checking it again.
    public func rosterDocument(
        index: InstanceIndex, report: RosterChecker.Report? = nil, extra: JSONObject = JSONObject()
    ) -> JSONValue {
        let report = report ?? RosterChecker(index: index).check(roster)
        var info = JSONObject()
        info["solver"] = .string(solver)
        info["status"] = .string(status.rawValue)
        info["detail"] = .string(detail)
        info["objective"] = report.terms.json(index.instance.policy.weights)
        info["bound"] = bound.map(JSONValue.exactNumber) ?? .null
        let gap = self.gap(total: report.total, weights: index.instance.policy.weights)
        info["gap"] = gap.map { .number(($0.relative * 1e6).rounded() / 1e6) } ?? .null
        info["gapPoints"] = gap.map { .exactNumber($0.points) } ?? .null
        info["proof"] = .string(gap?.sentence ?? OptimalityGap.unproven)
        if !notes.isEmpty { info["notes"] = .array(notes.map(JSONValue.string)) }
        for (key, value) in extra.members { info[key] = value }
        return RosterEncoder.document(roster, index: index, extra: info)
    }
}
