import Foundation
import RosterKit

/// What one fuzz input means. The fuzz targets in `fuzz/` run these on every input (this file is
/// linked there as `fuzz/Sources/FuzzReplay/FuzzReplay.swift`), and `FuzzRegressionTests` replays
/// the saved corpus and crash cases through them.
///
/// An input is either accepted or rejected with at least one message; a broken invariant stops
/// the program (`precondition`), which the fuzzer reports as a crash.
public enum FuzzReplay {
    /// The fuzz targets, named as their folders under `fuzz/corpus/` and `fuzz/crashes/`.
    public enum Target: String, CaseIterable, Sendable {
        case instance, roster, scenario
    }

    public enum Verdict: Equatable, Sendable {
        case accepted
        case rejected([String])
    }

    /// Runs the input through the target.
    public static func run(_ target: Target, _ bytes: [UInt8]) -> Verdict {
        switch target {
        case .instance: instance(bytes)
        case .roster: roster(bytes)
        case .scenario: scenario(bytes)
        }
    }

    /// Bytes -> `JSONParser` -> `InstanceDecoder`. A valid instance is then used as every command
    /// uses it: indexed, its hours summed, the empty roster checked and its score written, and
    /// the instance written back by `InstanceEncoder` and read again unchanged.
    public static func instance(_ bytes: [UInt8]) -> Verdict {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            return rejected([error.description])
        }
        let instance: Instance
        do {
            instance = try InstanceDecoder().decode(document).instance
        } catch {
            return rejected(error.problems.map(\.description))
        }
        let report = RosterChecker(instance).check(.empty)
        precondition(report.isValid, "the empty roster breaks a hard rule")
        precondition(
            report.terms.unmetHours == instance.patients.reduce(0) { $0 + $1.weeklyHours },
            "unmet hours of the empty roster")
        let objective = JSONWriter.write(report.terms.json(instance.policy.weights))
        precondition(
            (try? JSONParser.parse(objective)) != nil, "the objective is written as invalid JSON: \(objective)")
        let written = InstanceEncoder.text(instance)
        let reread = try? InstanceDecoder().decode(JSONParser.parse(written)).instance
        precondition(reread == instance, "InstanceEncoder's file does not read back as the same instance")
        return .accepted
    }

    /// A base instance (`rules-lab` when the roster names it, `tiny` otherwise) and the fuzzed
    /// roster: bytes -> `JSONParser` -> `RosterDecoder` -> `RosterChecker.check`. A valid
    /// roster is written back by `RosterEncoder`, read again, and must get the same verdict.
    public static func roster(_ bytes: [UInt8]) -> Verdict {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            return rejected([error.description])
        }
        let roster: Roster
        do {
            roster = try RosterDecoder().decode(document)
        } catch {
            return rejected(error.problems.map(\.description))
        }
        let checker = roster.instanceName == "rules-lab" ? Bases.rulesLab : Bases.tiny
        let report = checker.check(roster)
        let messages = report.violations.map(\.description)
        precondition(messages.allSatisfy { !$0.isEmpty }, "a violation without a message")
        guard report.isValid else { return rejected(messages) }
        let written = RosterEncoder.text(roster, index: checker.index)
        guard let reread = try? RosterDecoder().decode(JSONParser.parse(written)) else {
            preconditionFailure("RosterEncoder's file does not read back")
        }
        let again = checker.check(reread)
        precondition(
            again.isValid && again.total == report.total, "a written valid roster reads back with another verdict")
        return .accepted
    }

    /// A what-if scenario applied to `instances/riverside-40.json`: bytes -> `JSONParser` ->
    /// `ScenarioDecoder` -> `Scenario.apply`. The changed instance is then checked like a
    /// loaded one: the empty roster is valid, its score is valid JSON, and it reads back unchanged.
    public static func scenario(_ bytes: [UInt8]) -> Verdict {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            return rejected([error.description])
        }
        let applied: Instance
        do {
            applied = try ScenarioDecoder().decode(document).scenario.apply(to: Bases.riverside).instance
        } catch {
            return rejected(error.problems.map(\.description))
        }
        let report = RosterChecker(applied).check(.empty)
        precondition(report.isValid, "the empty roster breaks a hard rule")
        let objective = JSONWriter.write(report.terms.json(applied.policy.weights))
        precondition(
            (try? JSONParser.parse(objective)) != nil, "the objective is written as invalid JSON: \(objective)")
        let reread = try? InstanceDecoder().decode(JSONParser.parse(InstanceEncoder.text(applied))).instance
        precondition(reread == applied, "the changed instance does not read back as itself")
        return .accepted
    }

    private static func rejected(_ messages: [String]) -> Verdict {
        precondition(!messages.isEmpty && messages.allSatisfy { !$0.isEmpty }, "rejected without a message")
        return .rejected(messages)
    }

    /// The repository: the nearest folder above this file that holds `instances/tiny.json`.
    public static let repository: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("instances/tiny.json").path) {
                return folder
            }
            folder.deleteLastPathComponent()
        }
        preconditionFailure("FuzzReplay: no instances/tiny.json above \(#filePath)")
    }()

    /// The base instances rosters are checked against and scenarios applied to, loaded once.
    enum Bases {
        static let tiny = RosterChecker(load("instances/tiny.json"))
        static let rulesLab = RosterChecker(load("Tests/Fixtures/instances/rules-lab.json"))
        static let riverside = load("instances/riverside-40.json")

        private static func load(_ relative: String) -> Instance {
            do {
                return try InputFile.loadInstance(repository.appendingPathComponent(relative).path).instance
            } catch {
                preconditionFailure("FuzzReplay: \(relative): \(error)")
            }
        }
    }
}
