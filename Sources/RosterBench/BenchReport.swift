import Foundation
import RosterKit
import RosterSolvers

/// Everything one benchmark run produced, and the files written from it.
struct BenchResults {
    var suite: BenchSuite
    var suiteFile: String
    var started: Date
    var finished: Date
    var arguments: [String]
    var repeats: Int
    /// Whether repetitions ran with successive seeds (`--vary-seed`).
    var varySeed: Bool
    var filters: [String]
    var machine: JSONObject
    var loadAverageAtEnd: String?
    var runs: [BenchRun]
    var notes: [String]
    var interrupted: Bool

    var rows: [BenchRow] { BenchRow.summarize(runs) }

    /// Every loud finding, once, each naming its instance and configuration.
    var problems: [String] {
        var seen: [String] = []
        for run in runs {
            for problem in run.problems {
                let line =
                    problem.hasPrefix("BOUND CONFLICT")
                    ? problem : "\(run.pair.instance) / \(run.pair.configuration): \(problem)"
                if !seen.contains(line) { seen.append(line) }
            }
        }
        return seen
    }

    /// Runs that produced no usable result (peers that could not run included).
    var failedRuns: [BenchRun] { runs.filter { $0.outcome != .ok } }

    /// The two configurations set side by side: the suite's `compare`, else the first greedy
    /// configuration with local search and the first GLPK one.
    var comparison: BenchSuite.Comparison? {
        if let chosen = suite.comparison { return chosen }
        guard let heuristic = suite.configurations.first(where: { $0.solver == .greedy && $0.localSearch }),
            let exact = suite.configurations.first(where: { $0.solver == .glpk })
        else { return nil }
        return .init(heuristic: heuristic.name, exact: exact.name)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    var json: JSONValue {
        var object = JSONObject()
        object["suite"] = .string(suite.name)
        object["suiteFile"] = .string(suiteFile)
        object["started"] = .string(Self.timestamp(started))
        object["finished"] = .string(Self.timestamp(finished))
        object["arguments"] = .array(arguments.map(JSONValue.string))
        object["repeats"] = .integer(repeats)
        object["varySeed"] = .bool(varySeed)
        object["filters"] = .array(filters.map(JSONValue.string))
        object["interrupted"] = .bool(interrupted)
        object["machine"] = .object(machine)
        object["loadAverageAtEnd"] = loadAverageAtEnd.map(JSONValue.string) ?? .null
        object["configurations"] = .array(suite.configurations.map(Self.json))
        object["notes"] = .array(notes.map(JSONValue.string))
        object["problems"] = .array(problems.map(JSONValue.string))
        object["summary"] = .array(rows.map(\.json))
        object["runs"] = .array(runs.map(\.json))
        return .object(object)
    }

    private static func json(_ configuration: BenchConfiguration) -> JSONValue {
        var object = JSONObject()
        object["name"] = .string(configuration.name)
        object["solver"] = .string(configuration.solver.rawValue)
        object["localSearch"] = .bool(configuration.localSearch)
        var limits = JSONObject()
        if let fallback = configuration.timeLimit.fallback { limits["default"] = .exactNumber(fallback) }
        for family in configuration.timeLimit.byFamily.keys.sorted() {
            limits[family] = .exactNumber(configuration.timeLimit.byFamily[family]!)
        }
        object["timeLimit"] = .object(limits)
        object["seed"] = configuration.seed.map { .integer(Int($0)) } ?? .null
        object["args"] = .array(configuration.arguments.map(JSONValue.string))
        return .object(object)
    }
}

/// The Markdown report (`results.md`).
enum BenchReport {
    static func markdown(_ results: BenchResults) -> String {
        var lines: [String] = ["# Benchmark: \(results.suite.name)", ""]
        if let description = results.suite.description { lines += [description, ""] }
        let seeds = results.varySeed ? " with successive seeds" : ""
        let repetitions =
            results.repeats > 1 ? "\(results.repeats) repetitions per pair\(seeds), medians shown" : "1 run per pair"
        lines.append(
            "- Run \(BenchResults.timestamp(results.started)) to \(BenchResults.timestamp(results.finished)); "
                + "\(repetitions); suite `\(results.suiteFile)`.")
        if !results.filters.isEmpty {
            lines.append("- Filters: " + results.filters.map { "`\($0)`" }.joined(separator: ", ") + ".")
        }
        lines.append("- Machine: \(MachineInfo.summary(results.machine)) (details in `machine.json`).")
        lines.append(
            "- Load average at start \(results.machine["loadAverageAtStart"]?.stringValue ?? "?"), at end "
                + "\(results.loadAverageAtEnd ?? "?") (the machine may be shared).")
        lines.append("- Time limits: " + results.suite.configurations.map(describeLimit).joined(separator: "; ") + ".")
        lines.append("- Hard stop: time limit + \(JSONWriter.format(results.suite.graceSeconds)) s.")
        for note in results.notes { lines.append("- \(note).") }
        if results.interrupted { lines.append("- **Interrupted**: the runs below are the ones that finished.") }
        lines.append("")

        let problems = results.problems
        if !problems.isEmpty {
            lines += [
                "## Problems", "",
                "Every line below needs a look: an invalid roster, checkers that disagree, or a bound above a "
                    + "known total.", "",
            ]
            lines += problems.map { "- **\(cell($0))**" }
            lines.append("")
        }

        let rows = results.rows
        lines += ["## Results", "", resultsTable(rows), ""]
        if let comparison = results.comparison {
            lines += [
                "## \(comparison.heuristic) against \(comparison.exact)", "", comparisonTable(rows, comparison), "",
            ]
        }
        if let planner = results.comparison?.exact
            ?? results.suite.configurations.first(where: { !$0.solver.isExternal })?.name,
            let peers = peerTable(rows, planner: planner, peers: results.suite.configurations)
        {
            lines += [
                "## \(planner) against the peers", "",
                "Ratio: \(planner)'s total over the peer's (above 1: the planner's roster is worse; - when "
                    + "either has none).", "",
                peers, "",
            ]
        }
        lines += ["![time and gap against patients](chart.svg)", ""]

        let failed = results.failedRuns
        if !failed.isEmpty {
            lines += ["## Runs without a result", ""]
            for run in failed {
                let repetition = results.repeats > 1 ? " #\(run.repetition)" : ""
                lines.append(
                    "- \(run.pair.instance) / \(run.pair.configuration)\(repetition): \(run.outcome.rawValue): "
                        + "\(cell(run.message ?? "no details"))")
                if let tail = run.stderrTail, !tail.isEmpty {
                    lines += [
                        "", "  ```",
                        tail.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(
                            separator: "\n"), "  ```", "",
                    ]
                }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    static func resultsTable(_ rows: [BenchRow]) -> String {
        var lines = [
            "| instance | patients | config | status | total | bound | gap | wall s | peak MiB | "
                + "RosterChecker | check_roster.py |",
            "| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
        ]
        for row in rows {
            let status =
                row.outcome == "ok"
                ? (row.status ?? "ok") : "**\(row.outcome)**" + (row.status.map { " (\($0))" } ?? "")
            let flagged = row.problems.isEmpty ? "" : " ⚠"
            lines.append(
                "| \(cell(row.pair.instance)) | \(row.pair.patients) | \(cell(row.pair.configuration)) | "
                    + "\(cell(status))\(flagged) | \(number(row.total)) | "
                    + "\(number(row.bound)) | \(percent(row.gap)) | \(fixed(row.wallSeconds, 2)) | "
                    + "\(fixed(row.peakKiB.map { $0 / 1024 }, 1)) | "
                    + "\(row.isModelOnly ? "n/a (model)" : cell(row.swiftCheck)) | "
                    + "\(row.isModelOnly ? "n/a (model)" : cell(row.pythonCheck)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// Per instance: both totals, their ratio, and how far the heuristic is from the best bound any row proved.
    static func comparisonTable(_ rows: [BenchRow], _ comparison: BenchSuite.Comparison) -> String {
        var lines = [
            "| instance | patients | \(comparison.heuristic) total | \(comparison.exact) total | ratio | "
                + "best bound | \(comparison.heuristic) gap to best bound |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        var instances: [String] = []
        for row in rows where !instances.contains(row.pair.instance) { instances.append(row.pair.instance) }
        for instance in instances {
            let mine = rows.filter { $0.pair.instance == instance }
            let heuristic = mine.first { $0.pair.configuration == comparison.heuristic }?.total
            let exact = mine.first { $0.pair.configuration == comparison.exact }?.total
            let bestBound = mine.compactMap(\.bound).max()
            var ratio: String = "-"
            if let heuristic, let exact {
                ratio = exact > 0 ? String(format: "%.3f", heuristic / exact) : (heuristic == exact ? "1.000" : "-")
            }
            let gap = heuristic.flatMap { total in bestBound.map { RelativeGap.between(total, $0) } }
            lines.append(
                "| \(cell(instance)) | \(mine[0].pair.patients) | \(number(heuristic)) | \(number(exact)) | "
                    + "\(ratio) | \(number(bestBound)) | \(percent(gap)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// Per instance: the planner configuration's total, each external peer's total with the
    /// ratio of the two, and the best bound any row proved; `nil` when the suite has no peer.
    static func peerTable(_ rows: [BenchRow], planner: String, peers configurations: [BenchConfiguration]) -> String? {
        let peers = configurations.filter(\.solver.isExternal).map(\.name)
        guard !peers.isEmpty else { return nil }
        var lines = [
            "| instance | patients | \(planner) total | " + peers.map { "\($0) total | ratio" }.joined(separator: " | ")
                + " | best bound |",
            "| --- | ---: | ---: | " + peers.map { _ in "---: | ---:" }.joined(separator: " | ") + " | ---: |",
        ]
        var instances: [String] = []
        for row in rows where !instances.contains(row.pair.instance) { instances.append(row.pair.instance) }
        for instance in instances {
            let mine = rows.filter { $0.pair.instance == instance }
            let reference = mine.first { $0.pair.configuration == planner }?.total
            let cells = peers.map { peer in
                let total = mine.first { $0.pair.configuration == peer }?.total
                let ratio =
                    reference.flatMap { ours in total.flatMap { $0 > 0 ? String(format: "%.3f", ours / $0) : nil } }
                    ?? "-"
                return "\(number(total)) | \(ratio)"
            }
            lines.append(
                "| \(cell(instance)) | \(mine[0].pair.patients) | \(number(reference)) | "
                    + cells.joined(separator: " | ")
                    + " | \(number(mine.compactMap(\.bound).max())) |")
        }
        return lines.joined(separator: "\n")
    }

    private static func describeLimit(_ configuration: BenchConfiguration) -> String {
        var parts: [String] = []
        if let fallback = configuration.timeLimit.fallback { parts.append("\(JSONWriter.format(fallback)) s") }
        for family in configuration.timeLimit.byFamily.keys.sorted() {
            parts.append("\(family) \(JSONWriter.format(configuration.timeLimit.byFamily[family]!)) s")
        }
        let search = configuration.solver == .greedy && !configuration.localSearch ? ", no local search" : ""
        return "\(configuration.name) (\(configuration.solver.rawValue)\(search)) " + parts.joined(separator: ", ")
    }

    /// Text safe inside a Markdown table cell.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.2f%%", $0 * 100) } ?? "-" }

    static func fixed(_ value: Double?, _ digits: Int) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "-"
    }
}
