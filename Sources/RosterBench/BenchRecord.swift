import RosterKit

/// What one checker says about one roster.
enum CheckVerdict: Sendable, Equatable {
    case valid(total: Double)
    case invalid(violations: [String], total: Double?)
    /// The checker was not run (python3 or the script is missing; an external solver's row has no roster).
    case unavailable(String)
    /// The checker ran but could not judge (the roster or its output is malformed).
    case failed(String)

    var total: Double? {
        switch self {
        case .valid(let total): total
        case .invalid(_, let total): total
        default: nil
        }
    }

    var isValid: Bool? {
        switch self {
        case .valid: true
        case .invalid: false
        default: nil
        }
    }

    /// The word the report's checker columns show.
    var label: String {
        switch self {
        case .valid: "valid"
        case .invalid(let violations, _): "INVALID (\(violations.count))"
        case .unavailable: "n/a"
        case .failed: "ERROR"
        }
    }

    var json: JSONValue {
        var object = JSONObject()
        switch self {
        case .valid(let total):
            object["verdict"] = "valid"
            object["total"] = .exactNumber(total)
        case .invalid(let violations, let total):
            object["verdict"] = "invalid"
            object["total"] = total.map(JSONValue.exactNumber) ?? .null
            object["violations"] = .array(violations.prefix(20).map(JSONValue.string))
            object["violationCount"] = .integer(violations.count)
        case .unavailable(let reason):
            object["verdict"] = "n/a"
            object["reason"] = .string(reason)
        case .failed(let reason):
            object["verdict"] = "error"
            object["reason"] = .string(reason)
        }
        return .object(object)
    }
}

/// The (instance, configuration) pair a run or a row is about.
struct BenchPair: Sendable, Equatable {
    var instance: String
    var family: String
    var patients: Int
    var configuration: String
    var solver: String
    var timeLimit: Double

    /// The pair's members, first in every run and row of `results.json`.
    var members: JSONObject {
        var object = JSONObject()
        object["instance"] = .string(instance)
        object["family"] = .string(family)
        object["patients"] = .integer(patients)
        object["configuration"] = .string(configuration)
        object["solver"] = .string(solver)
        object["timeLimit"] = .exactNumber(timeLimit)
        return object
    }
}

/// One child run: an (instance, configuration) pair, one repetition.
struct BenchRun: Sendable, Equatable {
    /// How the child ended, from the runner's point of view.
    enum Outcome: String, Sendable {
        /// Exited 0 with a readable result.
        case ok
        /// Exited with another status, or its result is missing or malformed.
        case error
        /// Stopped by the runner at time limit + grace.
        case timeout
        /// Killed by a signal it did not get from the runner.
        case crash
        /// Stopped because the benchmark was interrupted.
        case interrupted
        /// Not run (the instance cannot be loaded, the model cannot be exported).
        case skipped
    }

    var pair: BenchPair
    var seed: UInt64?
    /// 1-based.
    var repetition: Int
    /// The child's arguments (without the executable).
    var command: [String] = []
    var outcome: Outcome = .ok
    /// What went wrong, in words.
    var message: String?
    var stderrTail: String?
    var wallSeconds: Double?
    var cpuSeconds: Double?
    var peakKiB: Int?
    var peakSource: String?
    /// `status` of the roster file, or the external solver's result.
    var status: String?
    /// `solver` of the roster file.
    var reportedSolver: String?
    /// The objective terms the roster file reports.
    var terms: ObjectiveTerms?
    /// The objective total (from the roster file, or the external solver's objective value).
    var total: Double?
    var bound: Double?
    var gap: Double?
    var swiftCheck: CheckVerdict?
    var pythonCheck: CheckVerdict?
    /// Loud findings: invalid rosters, checkers that disagree, bounds above a known total.
    var problems: [String] = []
    /// The roster (or model) file, relative to the output folder.
    var artifact: String?

    init(
        instance: BenchInstance, patients: Int, configuration: BenchConfiguration, timeLimit: Double, seed: UInt64?,
        repetition: Int
    ) {
        pair = BenchPair(
            instance: instance.name, family: instance.family, patients: patients, configuration: configuration.name,
            solver: configuration.solver.rawValue, timeLimit: timeLimit)
        self.seed = seed
        self.repetition = repetition
    }

    var json: JSONValue {
        var object = pair.members
        object["seed"] = seed.map { .integer(Int($0)) } ?? .null
        object["repetition"] = .integer(repetition)
        object["command"] = .array(command.map(JSONValue.string))
        object["outcome"] = .string(outcome.rawValue)
        object["message"] = message.map(JSONValue.string) ?? .null
        object["stderrTail"] = stderrTail.map(JSONValue.string) ?? .null
        object["wallSeconds"] = wallSeconds.map { .exactNumber(BenchMath.rounded($0, 3)) } ?? .null
        object["cpuSeconds"] = cpuSeconds.map { .exactNumber(BenchMath.rounded($0, 3)) } ?? .null
        object["peakKiB"] = peakKiB.map(JSONValue.integer) ?? .null
        object["peakSource"] = peakSource.map(JSONValue.string) ?? .null
        object["status"] = status.map(JSONValue.string) ?? .null
        object["reportedSolver"] = reportedSolver.map(JSONValue.string) ?? .null
        object["objective"] =
            terms.map { terms in
                var objective = JSONObject()
                objective["unmetHours"] = .integer(terms.unmetHours)
                objective["otherModalityHours"] = .integer(terms.otherModalityHours)
                objective["secondaryModalityHours"] = .integer(terms.secondaryModalityHours)
                objective["groups"] = .integer(terms.groups)
                objective["continuityBreaks"] = .integer(terms.continuityBreaks)
                return .object(objective)
            } ?? .null
        object["total"] = total.map(JSONValue.exactNumber) ?? .null
        object["bound"] = bound.map(JSONValue.exactNumber) ?? .null
        object["gap"] = gap.map { .exactNumber(BenchMath.rounded($0, 6)) } ?? .null
        object["swiftCheck"] = swiftCheck?.json ?? .null
        object["pythonCheck"] = pythonCheck?.json ?? .null
        object["problems"] = .array(problems.map(JSONValue.string))
        object["artifact"] = artifact.map(JSONValue.string) ?? .null
        return .object(object)
    }
}

/// One line of the report: the repetitions of an (instance, configuration) pair, with medians.
struct BenchRow: Sendable, Equatable {
    var pair: BenchPair
    var runs: Int
    /// `ok` when every repetition is; otherwise each outcome with its count (`ok x2, timeout x1`).
    var outcome: String
    /// The roster status when the repetitions agree, otherwise each with its count.
    var status: String?
    /// Medians over the repetitions that produced a result.
    var total: Double?
    var bound: Double?
    var gap: Double?
    var wallSeconds: Double?
    var peakKiB: Double?
    var swiftCheck: String
    var pythonCheck: String
    var problems: [String]

    var isExternal: Bool { BenchConfiguration.Solver(rawValue: pair.solver)?.isExternal ?? false }
    /// Whether the row's figures are an exported model's objective, with no roster to check.
    var isModelOnly: Bool {
        BenchConfiguration.Solver(rawValue: pair.solver).map { $0.isExternal && !$0.writesRoster } ?? false
    }

    /// Rows in the order runs first met each (instance, configuration) pair.
    static func summarize(_ runs: [BenchRun]) -> [BenchRow] {
        var order: [String] = []
        var groups: [String: [BenchRun]] = [:]
        for run in runs {
            let key = "\(run.pair.instance)\u{0}\(run.pair.configuration)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(run)
        }
        return order.map { summarize(group: groups[$0]!) }
    }

    private static func summarize(group: [BenchRun]) -> BenchRow {
        let first = group[0]
        let finished = group.filter { $0.total != nil }
        let measured = finished.isEmpty ? group : finished
        var problems: [String] = []
        for problem in group.flatMap(\.problems) where !problems.contains(problem) { problems.append(problem) }
        return BenchRow(
            pair: first.pair, runs: group.count,
            outcome: tally(group.map(\.outcome.rawValue)) ?? "ok", status: tally(group.compactMap(\.status)),
            total: BenchMath.median(finished.compactMap(\.total)),
            bound: BenchMath.median(finished.compactMap(\.bound)),
            gap: BenchMath.median(finished.compactMap(\.gap)),
            wallSeconds: BenchMath.median(measured.compactMap(\.wallSeconds)),
            peakKiB: BenchMath.median(measured.compactMap { $0.peakKiB.map(Double.init) }),
            swiftCheck: verdicts(group.map(\.swiftCheck)), pythonCheck: verdicts(group.map(\.pythonCheck)),
            problems: problems)
    }

    /// The one value when all agree, otherwise each value with its count, in order of first appearance.
    static func tally(_ values: [String]) -> String? {
        guard let first = values.first else { return nil }
        if values.allSatisfy({ $0 == first }) { return first }
        var order: [String] = []
        for value in values where !order.contains(value) { order.append(value) }
        return order.map { value in "\(value) x\(values.count { $0 == value })" }.joined(separator: ", ")
    }

    /// The worst verdict over the repetitions: any invalid or error shows; `-` when there was no roster.
    static func verdicts(_ verdicts: [CheckVerdict?]) -> String {
        let present = verdicts.compactMap { $0 }
        guard !present.isEmpty else { return "-" }
        if let invalid = present.first(where: { $0.isValid == false }) { return invalid.label }
        if let failed = present.first(where: { if case .failed = $0 { true } else { false } }) { return failed.label }
        if present.allSatisfy({ $0.isValid == true }) { return "valid" }
        if present.allSatisfy({ $0.isValid == nil }) { return present[0].label }
        return "valid (some n/a)"
    }

    var json: JSONValue {
        var object = pair.members
        object["runs"] = .integer(runs)
        object["outcome"] = .string(outcome)
        object["status"] = status.map(JSONValue.string) ?? .null
        object["total"] = total.map(JSONValue.exactNumber) ?? .null
        object["bound"] = bound.map(JSONValue.exactNumber) ?? .null
        object["gap"] = gap.map { .exactNumber(BenchMath.rounded($0, 6)) } ?? .null
        object["wallSeconds"] = wallSeconds.map { .exactNumber(BenchMath.rounded($0, 3)) } ?? .null
        object["peakKiB"] = peakKiB.map(JSONValue.exactNumber) ?? .null
        object["swiftCheck"] = .string(swiftCheck)
        object["pythonCheck"] = .string(pythonCheck)
        object["problems"] = .array(problems.map(JSONValue.string))
        return .object(object)
    }
}

/// Small numeric helpers of the report.
enum BenchMath {
    /// The median; the mean of the two middle values for an even count; `nil` for no values.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    static func rounded(_ value: Double, _ digits: Int) -> Double {
        let scale = Double([1, 10, 100, 1000, 10_000, 100_000, 1_000_000][min(max(digits, 0), 6)])
        return (value * scale).rounded() / scale
    }

    /// Whether two objective totals are the same, up to rounding in the last digits.
    static func same(_ first: Double?, _ second: Double?) -> Bool {
        guard let first, let second else { return first == nil && second == nil }
        return abs(first - second) <= 1e-9 * max(1, abs(first), abs(second))
    }

    /// Whether `bound` claims more than `total` allows, beyond printing precision.
    static func boundExceeds(_ bound: Double, total: Double) -> Bool {
        bound > total + 1e-3 + 1e-6 * abs(total)
    }
}
