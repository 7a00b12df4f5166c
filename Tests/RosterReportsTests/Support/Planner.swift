import Foundation
import RosterKit
import Testing

/// Runs the built `iop-planner` binary, as the end-to-end tests of swift-argument-parser do.
enum Planner {
    /// The binary beside the test bundle in the build's products folder.
    static let binary: URL? = {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL { candidates.append(executable.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL)
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        return candidates.map { $0.appendingPathComponent("iop-planner") }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }()

    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static func run(_ arguments: [String], in folder: TemporaryFolder) throws -> Result {
        let binary = try #require(binary, "the iop-planner binary is built beside the tests by `swift build` / `swift test`")
        let stdout = folder.file("stdout-\(UUID().uuidString)")
        let stderr = folder.file("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder.url
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: try FileContents.data(stdout.path), as: UTF8.self),
            standardError: String(decoding: try FileContents.data(stderr.path), as: UTF8.self))
    }
}
