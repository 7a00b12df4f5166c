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

    /// The shared checker's verdict on a roster, or `nil` when python3 or the checker is missing.
    public static func sharedVerdict(instance: String, roster: String) throws -> (valid: Bool, total: Double)? {
        guard let result = try Planner.sharedCheck([instance, roster, "--json"]) else { return nil }
        guard let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
            let valid = object["valid"] as? Bool, let objective = object["objective"] as? [String: Any],
            let total = (objective["total"] as? NSNumber)?.doubleValue
        else { return nil }
        return (valid, total)
    }
}
