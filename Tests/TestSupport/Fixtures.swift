import Foundation
import RosterKit

/// The repository's shared fixtures (`instances/`, `Tests/Fixtures/`), found from this file's path.
public enum Fixtures {
    public static func path(_ relative: String) -> String { Planner.path(relative) }

    public static func manifest<T: Decodable>(_ relative: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: URL(fileURLWithPath: path(relative))))
    }

    public static func instance(_ relative: String) throws -> Instance {
        try InputFile.loadInstance(path(relative)).instance
    }

    public static func roster(_ relative: String) throws -> Roster { try InputFile.loadRoster(path(relative)) }

    /// The shared checker's verdict on a roster: whether it is valid, and its total.
    public static func sharedVerdict(instance: String, roster: String) throws -> SharedVerdict {
        let result = try Planner.sharedCheck([instance, roster, "--json"])
        guard let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
            let valid = object["valid"] as? Bool
        else {
            throw MissingSharedChecker(path: "a JSON verdict from \(Planner.sharedChecker) (exit \(result.status))")
        }
        return SharedVerdict(
            valid: valid, total: ((object["objective"] as? [String: Any])?["total"] as? NSNumber)?.doubleValue,
            violations: (object["violations"] as? [Any])?.map { "\($0)" } ?? [])
    }

    /// The shared checker's verdict on a roster of an instance, both given as JSON text.
    public static func sharedVerdict(instanceText: String, rosterText: String) throws -> SharedVerdict {
        let folder = try TemporaryFolder("shared-check")
        defer { folder.cleanUp() }
        try instanceText.write(to: folder.file("instance.json"), atomically: true, encoding: .utf8)
        try rosterText.write(to: folder.file("roster.json"), atomically: true, encoding: .utf8)
        return try sharedVerdict(instance: folder.file("instance.json").path, roster: folder.file("roster.json").path)
    }

    /// A valid roster fixture, its instance, and the shared Python checker's total for it.
    public struct ValidRoster: Sendable, CustomStringConvertible {
        public var instance: String
        public var roster: String
        public var pythonTotal: Double
        public var description: String { roster }
    }

    /// Every valid roster of `Tests/Fixtures/rosters/manifest.json`.
    public static func validRosters() throws -> [ValidRoster] {
        let manifest = try InputFile.readJSON(path("Tests/Fixtures/rosters/manifest.json"))
        return (manifest.arrayValue ?? []).compactMap { entry in
            guard let object = entry.objectValue, object["valid"] == .bool(true),
                let instance = object["instance"]?.stringValue, let roster = object["roster"]?.stringValue,
                let total = object["pythonTotal"]?.numberValue
            else { return nil }
            return ValidRoster(instance: instance, roster: roster, pythonTotal: total)
        }
    }
}

/// What the shared checker said of a roster.
public struct SharedVerdict: Sendable {
    public var valid: Bool
    public var total: Double?
    public var violations: [String]
}
