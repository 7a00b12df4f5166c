import Foundation
import RosterKit

/// The repository's shared fixtures (`instances/`, `Tests/Fixtures/`), found from this file's path.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

    /// `../shared/tools/check_roster.py`, beside the repository.
    static let sharedChecker = repository.deletingLastPathComponent().appendingPathComponent("shared/tools/check_roster.py").path

    static func manifest<T: Decodable>(_ relative: String, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: repository.appendingPathComponent(relative)))
    }

    static func instance(_ relative: String) throws -> Instance {
        try InputFile.loadInstance(path(relative)).instance
    }

    /// Runs a program and returns its exit status and standard output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The shared checker's verdict on a roster, or `nil` when python3 or the checker is missing.
    static func sharedVerdict(instance: String, roster: String) throws -> (valid: Bool, total: Double)? {
        guard FileManager.default.fileExists(atPath: sharedChecker), FileManager.default.fileExists(atPath: "/usr/bin/python3") else { return nil }
        let result = try run("/usr/bin/python3", [sharedChecker, instance, roster, "--json"])
        guard let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
            let valid = object["valid"] as? Bool, let objective = object["objective"] as? [String: Any],
            let total = (objective["total"] as? NSNumber)?.doubleValue
        else { return nil }
        return (valid, total)
    }
}
