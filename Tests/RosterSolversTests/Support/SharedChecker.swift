import Foundation
import RosterKit

/// Runs the independent Python checker (`shared/tools/check_roster.py`, next to the repository).
enum SharedChecker {
    /// The checker script, found from this file's path: `<repo>/../shared/tools/check_roster.py`.
    static let script: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/tools/check_roster.py")

    /// Whether the script and a `python3` to run it are there.
    static let isAvailable: Bool = {
        guard FileManager.default.fileExists(atPath: script.path) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "pass"]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    struct Verdict {
        var valid: Bool
        var total: Double?
        var violations: [String]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The checker's verdict on a roster of an instance, both given as JSON text.
    static func check(instance: String, roster: String) throws -> Verdict {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("greedy-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let instanceFile = folder.appendingPathComponent("instance.json")
        let rosterFile = folder.appendingPathComponent("roster.json")
        try instance.write(to: instanceFile, atomically: true, encoding: .utf8)
        try roster.write(to: rosterFile, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, instanceFile.path, rosterFile.path, "--json"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let document = try? JSONParser.parse([UInt8](data)), case .object(let verdict) = document else {
            throw Failure(description: "check_roster.py exited \(process.terminationStatus) without a JSON verdict")
        }
        var total: Double?
        if case .object(let objective)? = verdict["objective"] { total = objective["total"]?.numberValue }
        return Verdict(
            valid: verdict["valid"] == .bool(true), total: total,
            violations: verdict["violations"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}
