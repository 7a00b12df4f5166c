import Foundation

/// The built `iop-planner` binary, the repository's files, and scratch folders for tests that
/// run the command line.
public enum Planner {
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

    /// The binary SwiftPM built beside the test bundle (the test target depends on it).
    public static let binary: String = {
        let candidates =
            [
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(), Bundle.main.bundleURL,
                Bundle.main.bundleURL.deletingLastPathComponent(),
            ].map { $0.appendingPathComponent("iop-planner").path } + [path(".build/debug/iop-planner")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    /// `../shared/tools/check_roster.py`, the independent checker of the spec, beside the repository.
    public static let sharedChecker: String = repository.deletingLastPathComponent()
        .appendingPathComponent("shared/tools/check_roster.py").path

    public struct Result {
        public var status: Int32
        public var output: String
        public var error: String
    }

    /// Runs a program; returns its exit status, standard output and standard error.
    @discardableResult
    public static func run(_ arguments: [String], executable: String = binary, in folder: String? = nil) throws
        -> Result
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the child runs, so neither fills up and blocks it. The condition
        // hands the reader's data over (polling `Thread.isFinished` was a data race under TSan).
        nonisolated(unsafe) var errorData: Data?
        let handOver = NSCondition()
        let reader = Thread {
            let data = error.fileHandleForReading.readDataToEndOfFile()
            handOver.lock()
            errorData = data
            handOver.signal()
            handOver.unlock()
        }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        handOver.lock()
        while errorData == nil { handOver.wait() }
        handOver.unlock()
        return Result(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData ?? Data(), as: UTF8.self))
    }

    /// Starts the planner without waiting for it: standard output is discarded, standard error
    /// goes to `standardError` (a file path) or is discarded. For tests that signal or kill it.
    public static func launch(_ arguments: [String], standardError: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        if let standardError {
            _ = FileManager.default.createFile(atPath: standardError, contents: nil)
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: standardError))
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// The shared checker's run on an instance and a roster. Throws when python3 or the checker is
    /// missing: agreement with it is part of the contract, so its absence fails the test.
    public static func sharedCheck(_ arguments: [String]) throws -> Result {
        guard FileManager.default.fileExists(atPath: sharedChecker),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
        else { throw MissingSharedChecker(path: sharedChecker) }
        return try run([sharedChecker] + arguments, executable: "/usr/bin/python3")
    }

    /// A new empty folder under the system's temporary folder.
    public static func scratchFolder(_ label: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "iop-planner-\(label)-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// The shared checker or python3 is not where the tests expect it.
public struct MissingSharedChecker: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "the shared checker \(path) and /usr/bin/python3 are needed by this test" }
}

/// A fresh folder under the system's temporary folder, removed by `cleanUp()`.
public struct TemporaryFolder: Sendable {
    public let url: URL

    public init(_ label: String = "test") throws {
        url = URL(fileURLWithPath: try Planner.scratchFolder(label))
    }

    public var path: String { url.path }
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    public func cleanUp() { try? FileManager.default.removeItem(at: url) }
}
