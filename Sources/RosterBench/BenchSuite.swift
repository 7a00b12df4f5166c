import Foundation
import RosterKit

/// A benchmark suite: which instances to solve, and how (`benchmarks/suite.json`).
///
/// ```json
/// {"name": "quick",
///  "configurations": [{"name": "greedy+ls", "solver": "greedy", "timeLimit": 5},
///                     {"name": "glpk", "solver": "glpk", "timeLimit": {"default": 30, "large": 60}}],
///  "instances": [{"path": "../instances/bench/small-30.json", "family": "small"}]}
/// ```
struct BenchSuite: Sendable, Equatable {
    var name: String
    var description: String?
    /// Seed passed to every solve unless a configuration sets its own.
    var seed: UInt64
    /// Seconds a child may run past its time limit before it is stopped.
    var graceSeconds: Double
    var configurations: [BenchConfiguration]
    var instances: [BenchInstance]
    /// The configurations set side by side in the report; `nil` to pick them by solver.
    var comparison: Comparison?

    /// Two configurations whose totals the report divides, per instance (`heuristic` / `exact`).
    struct Comparison: Sendable, Equatable {
        var heuristic: String
        var exact: String
    }
}

/// How one row of the report is solved: a planner solver with its options, an external MIP
/// solver run on the exported model, or an external peer that writes a roster.
struct BenchConfiguration: Sendable, Equatable {
    enum Solver: String, CaseIterable, Sendable {
        case greedy, glpk, auto, cbc, highs, cpsat

        /// Whether the solver is a peer found on `PATH` rather than `iop-planner solve`.
        var isExternal: Bool { self == .cbc || self == .highs || self == .cpsat }

        /// Whether the peer writes a roster (checked like the planner's) rather than printing
        /// the exported model's objective: `cpsat` (benchmarks/peers/cpsat.py, its own model of the spec).
        var writesRoster: Bool { self == .cpsat }
    }

    var name: String
    var solver: Solver
    /// Whether the planner's local search runs (`--no-local-search` when `false`).
    var localSearch: Bool
    var timeLimit: TimeLimit
    var seed: UInt64?
    /// Extra arguments appended to the child's command line.
    var arguments: [String]

    /// A time limit for every family, or one per family with an optional default.
    struct TimeLimit: Sendable, Equatable {
        var byFamily: [String: Double]
        var fallback: Double?

        func seconds(for family: String) -> Double? { byFamily[family] ?? fallback }
    }
}

/// One instance file of a suite.
struct BenchInstance: Sendable, Equatable {
    /// The name rows show: the file's name without `.json` unless the suite gives one.
    var name: String
    /// The path as written in the suite.
    var path: String
    /// The path resolved against the suite file's folder.
    var resolvedPath: String
    var family: String
}

/// A suite file that is not a suite; every problem with its JSON path.
/// A suite file that cannot be read or breaks the format: every problem with its JSON path.
public struct BenchSuiteError: Error, CustomStringConvertible {
    var file: String
    var problems: [InputProblem]
    public var description: String {
        "\(file): \(problems.count) \(problems.count == 1 ? "problem" : "problems"):\n"
            + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}

extension BenchSuite {
    /// Reads a suite file; instance paths are resolved against its folder.
    static func load(_ path: String) throws -> BenchSuite {
        let document = try InputFile.readJSON(path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try parse(document, folder: folder, file: path)
    }

    /// Reads a parsed suite document, collecting every problem before giving up.
    static func parse(_ document: JSONValue, folder: String, file: String = "suite") throws(BenchSuiteError)
        -> BenchSuite
    {
        var reader = _SuiteReader()
        let suite = reader.suite(
            document, folder: folder, defaultName: URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)
        guard let suite, reader.problems.isEmpty else { throw BenchSuiteError(file: file, problems: reader.problems) }
        return suite
    }
}

/// Reads suite documents, recording each problem at its JSON path.
private struct _SuiteReader {
    var problems: [InputProblem] = []

    mutating func fail(_ path: JSONPath, _ message: String) {
        problems.append(InputProblem(path: path.description, message: message))
    }

    mutating func suite(_ document: JSONValue, folder: String, defaultName: String) -> BenchSuite? {
        guard let root = object(document, at: .root, what: "a suite") else { return nil }
        unknownMembers(
            root, at: .root,
            known: ["name", "description", "seed", "graceSeconds", "configurations", "instances", "compare"])
        let name = string(root, "name", at: .root, required: false) ?? defaultName
        let description = string(root, "description", at: .root, required: false)
        let seed = integer(root, "seed", at: .root).map(UInt64.init) ?? 1
        let grace = number(root, "graceSeconds", at: .root) ?? 60
        // Entries are kept with their position in the file, for the paths of later problems.
        let configurations = list(root, "configurations", at: .root).enumerated().compactMap { index, entry in
            configuration(entry, at: .root / "configurations" / index).map { (index, $0) }
        }
        let instances = list(root, "instances", at: .root).enumerated().compactMap { index, entry in
            instance(entry, at: .root / "instances" / index, folder: folder).map { (index, $0) }
        }
        if root["configurations"]?.arrayValue?.isEmpty == true {
            fail(.root / "configurations", "expected at least one configuration")
        }
        if root["instances"]?.arrayValue?.isEmpty == true {
            fail(.root / "instances", "expected at least one instance")
        }
        repeatedNames(configurations.map { ($0, $1.name) }, list: "configurations")
        repeatedNames(instances.map { ($0, $1.name) }, list: "instances")
        let families = Set(instances.map(\.1.family)).sorted()
        for (index, configuration) in configurations {
            for family in families where configuration.timeLimit.seconds(for: family) == nil {
                fail(
                    .root / "configurations" / index / "timeLimit",
                    "no time limit for family \"\(family)\"; add it or a \"default\"")
            }
        }
        var comparison: BenchSuite.Comparison?
        if let value = root["compare"],
            let compare = object(value, at: .root / "compare", what: "{\"heuristic\", \"exact\"}")
        {
            unknownMembers(compare, at: .root / "compare", known: ["heuristic", "exact"])
            let heuristic = string(compare, "heuristic", at: .root / "compare")
            let exact = string(compare, "exact", at: .root / "compare")
            for (key, name) in [("heuristic", heuristic), ("exact", exact)] {
                if let name, !configurations.contains(where: { $0.1.name == name }) {
                    fail(.root / "compare" / key, "names no configuration of this suite: \"\(name)\"")
                }
            }
            if let heuristic, let exact { comparison = .init(heuristic: heuristic, exact: exact) }
        }
        return BenchSuite(
            name: name, description: description, seed: seed, graceSeconds: grace,
            configurations: configurations.map(\.1),
            instances: instances.map(\.1), comparison: comparison)
    }

    mutating func configuration(_ value: JSONValue, at path: JSONPath) -> BenchConfiguration? {
        guard let fields = object(value, at: path, what: "a configuration") else { return nil }
        unknownMembers(fields, at: path, known: ["name", "solver", "localSearch", "timeLimit", "seed", "args"])
        let name = string(fields, "name", at: path)
        if let name, !Self.isPlainName(name) {
            fail(path / "name", "expected letters, digits and + . _ - only (it names files), found \"\(name)\"")
        }
        var solver: BenchConfiguration.Solver?
        if let text = string(fields, "solver", at: path) {
            solver = BenchConfiguration.Solver(rawValue: text)
            if solver == nil {
                let choices = BenchConfiguration.Solver.allCases.map(\.rawValue).joined(separator: ", ")
                fail(path / "solver", "expected one of \(choices), found \"\(text)\"")
            }
        }
        var localSearch = true
        if let value = fields["localSearch"] {
            if case .bool(let flag) = value {
                localSearch = flag
            } else {
                fail(path / "localSearch", "expected true or false, found \(value.kindDescription)")
            }
        }
        let limit = timeLimit(fields["timeLimit"], at: path / "timeLimit")
        let seed = integer(fields, "seed", at: path).map(UInt64.init)
        var arguments: [String] = []
        if let value = fields["args"] {
            if let elements = value.arrayValue {
                for (index, element) in elements.enumerated() {
                    if let text = element.stringValue {
                        arguments.append(text)
                    } else {
                        fail(path / "args" / index, "expected a string, found \(element.kindDescription)")
                    }
                }
            } else {
                fail(path / "args", "expected a list of strings, found \(value.kindDescription)")
            }
        }
        guard let name, let solver, let limit else { return nil }
        return BenchConfiguration(
            name: name, solver: solver, localSearch: localSearch, timeLimit: limit, seed: seed, arguments: arguments)
    }

    mutating func timeLimit(_ value: JSONValue?, at path: JSONPath) -> BenchConfiguration.TimeLimit? {
        guard let value else {
            fail(path, "missing; expected seconds, or {\"default\": seconds, \"FAMILY\": seconds}")
            return nil
        }
        if let seconds = seconds(value, at: path) { return .init(byFamily: [:], fallback: seconds) }
        guard case .object(let limits) = value else {
            if value.numberValue == nil {
                fail(
                    path,
                    "expected seconds, or {\"default\": seconds, \"FAMILY\": seconds}, found \(value.kindDescription)")
            }
            return nil
        }
        var result = BenchConfiguration.TimeLimit(byFamily: [:], fallback: nil)
        for (family, entry) in limits.members {
            guard let seconds = seconds(entry, at: path / family) else {
                if entry.numberValue == nil { fail(path / family, "expected seconds, found \(entry.kindDescription)") }
                continue
            }
            if family == "default" { result.fallback = seconds } else { result.byFamily[family] = seconds }
        }
        return result
    }

    /// A number of seconds, 0 or more; records a problem for negative numbers.
    mutating func seconds(_ value: JSONValue, at path: JSONPath) -> Double? {
        guard let seconds = value.numberValue else { return nil }
        guard seconds >= 0, seconds.isFinite else {
            fail(path, "expected 0 seconds or more, found \(JSONWriter.format(seconds))")
            return nil
        }
        return seconds
    }

    mutating func instance(_ value: JSONValue, at path: JSONPath, folder: String) -> BenchInstance? {
        guard let fields = object(value, at: path, what: "an instance entry") else { return nil }
        unknownMembers(fields, at: path, known: ["path", "family", "name"])
        guard let file = string(fields, "path", at: path) else { return nil }
        let family = string(fields, "family", at: path, required: false) ?? "default"
        let name =
            string(fields, "name", at: path, required: false)
            ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if !Self.isPlainName(name) {
            fail(path / "name", "expected letters, digits and + . _ - only (it names files), found \"\(name)\"")
        }
        let resolved =
            file.hasPrefix("/")
            ? file : URL(fileURLWithPath: folder).appendingPathComponent(file).standardizedFileURL.path
        return BenchInstance(name: name, path: file, resolvedPath: resolved, family: family)
    }

    static func isPlainName(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                $0.isASCII
                    && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+._-".unicodeScalars.contains($0))
            }
    }

    // MARK: Members

    mutating func object(_ value: JSONValue, at path: JSONPath, what: String) -> JSONObject? {
        guard let object = value.objectValue else {
            fail(path, "expected \(what) (a JSON object), found \(value.kindDescription)")
            return nil
        }
        return object
    }

    mutating func string(_ object: JSONObject, _ key: String, at path: JSONPath, required: Bool = true) -> String? {
        guard let value = object[key] else {
            if required { fail(path / key, "missing; expected a string") }
            return nil
        }
        guard let text = value.stringValue, !text.isEmpty else {
            fail(path / key, "expected a non-empty string, found \(value.kindDescription)")
            return nil
        }
        return text
    }

    mutating func integer(_ object: JSONObject, _ key: String, at path: JSONPath) -> Int? {
        guard let value = object[key] else { return nil }
        guard let number = value.integerValue, number >= 0 else {
            fail(
                path / key,
                "expected a whole number (0 or more), found "
                    + "\(value.integerValue.map(String.init) ?? value.kindDescription)")
            return nil
        }
        return number
    }

    mutating func number(_ object: JSONObject, _ key: String, at path: JSONPath) -> Double? {
        guard let value = object[key] else { return nil }
        guard let number = value.numberValue else {
            fail(path / key, "expected a number, found \(value.kindDescription)")
            return nil
        }
        return seconds(.number(number), at: path / key)
    }

    mutating func list(_ object: JSONObject, _ key: String, at path: JSONPath) -> [JSONValue] {
        guard let value = object[key] else {
            fail(path / key, "missing; expected a list")
            return []
        }
        guard let elements = value.arrayValue else {
            fail(path / key, "expected a list, found \(value.kindDescription)")
            return []
        }
        return elements
    }

    mutating func unknownMembers(_ object: JSONObject, at path: JSONPath, known: Set<String>) {
        for key in object.keys where !known.contains(key) {
            fail(path / key, "unknown field; expected one of \(known.sorted().joined(separator: ", "))")
        }
    }

    mutating func repeatedNames(_ names: [(index: Int, name: String)], list: String) {
        var seen: Set<String> = []
        for (index, name) in names where !seen.insert(name).inserted {
            fail(.root / list / index, "name \"\(name)\" is used twice")
        }
    }
}
