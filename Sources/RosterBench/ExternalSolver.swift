import Foundation
import RosterKit

/// Command lines for, and output of, the external MIP solvers the runner compares against:
/// `cbc` (Debian's coinor-cbc) and `highs`, each run on the model `export-model` writes.
enum ExternalSolver {
    /// What a solver printed at the end of its run.
    struct Result: Sendable, Equatable {
        /// `optimal`, `time-limit`, `infeasible`, or the solver's own words.
        var status: String
        var objective: Double?
        var bound: Double?
    }

    /// The arguments that solve `model` within `timeLimit` seconds; `extra` goes before the solve.
    static func arguments(for solver: BenchConfiguration.Solver, model: String, timeLimit: Double, extra: [String])
        -> [String]
    {
        let seconds = JSONWriter.format(timeLimit)
        switch solver {
        case .highs: return ["--model_file", model, "--time_limit", seconds] + extra
        default: return [model, "-sec", seconds] + extra + ["-solve", "-quit"]
        }
    }

    static func parse(_ output: String, of solver: BenchConfiguration.Solver) -> Result {
        solver == .highs ? parseHiGHS(output) : parseCBC(output)
    }

    /// Reads CBC's closing lines: `Result - Optimal solution found`, `Objective value: 6.0`,
    /// `Lower bound: 5.2` (only when it stopped early); for a pure LP, `Optimal - objective value 6`.
    static func parseCBC(_ output: String) -> Result {
        var result = Result(status: "unknown")
        for line in output.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("Result - ") {
                let words = String(line.dropFirst("Result - ".count))
                switch words.lowercased() {
                case let text where text.hasPrefix("optimal solution found"): result.status = "optimal"
                case let text where text.hasPrefix("stopped on time"): result.status = "time-limit"
                case let text where text.contains("infeasible"): result.status = "infeasible"
                default: result.status = words
                }
            } else if line.hasPrefix("Optimal - objective value "),
                let value = Double(line.dropFirst("Optimal - objective value ".count))
            {
                result.status = "optimal"  // a model without integer variables: CBC solves the LP only
                result.objective = value
            } else if let value = value(after: "Objective value:", in: line) {
                result.objective = abs(value) < 1e40 ? value : nil
            } else if let value = value(after: "Lower bound:", in: line) {
                result.bound = abs(value) < 1e40 ? value : nil
            }
        }
        if result.status == "optimal", result.bound == nil { result.bound = result.objective }
        return result
    }

    /// Reads HiGHS's solving report: `Status  Optimal`, `Primal bound  6`, `Dual bound  6`
    /// (older versions and pure LPs: `Model status : Optimal`, `Objective value : 6`).
    static func parseHiGHS(_ output: String) -> Result {
        var result = Result(status: "unknown")
        var statusSeen = false
        for rawLine in output.split(separator: "\n") {
            let line = rawLine.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !statusSeen, let words = text(after: "Status", in: line) ?? text(after: "Model status", in: line) {
                statusSeen = true
                switch words.lowercased() {
                case "optimal": result.status = "optimal"
                case let text where text.hasPrefix("time limit"): result.status = "time-limit"
                case let text where text.contains("infeasible"): result.status = "infeasible"
                default: result.status = words
                }
            } else if let value = value(after: "Primal bound", in: line) ?? value(after: "Objective value", in: line) {
                result.objective = value
            } else if let value = value(after: "Dual bound", in: line) {
                result.bound = value
            }
        }
        if result.status == "optimal", result.bound == nil { result.bound = result.objective }
        return result
    }

    /// The non-empty text after `label` and an optional colon, or `nil`.
    private static func text(after label: String, in line: String) -> String? {
        guard line.hasPrefix(label + " ") || line.hasPrefix(label + ":") else { return nil }
        let rest = line.dropFirst(label.count).trimmingCharacters(in: CharacterSet(charactersIn: " :\t"))
        return rest.isEmpty ? nil : rest
    }

    /// The number after `label` (and an optional colon) on `line`; `nil` for `inf` or text.
    private static func value(after label: String, in line: String) -> Double? {
        guard let rest = text(after: label, in: line), let word = rest.split(separator: " ").first,
            let number = Double(word), number.isFinite
        else { return nil }
        return number
    }
}
