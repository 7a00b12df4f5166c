import Foundation

/// The built `iop-planner` binary, the repository's files, and scratch folders for tests that
/// run the command line.
enum Planner {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

    /// The binary SwiftPM built beside the test bundle (the test target depends on it).
    static let binary: String = {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()].map {
            $0.appendingPathComponent("iop-planner").path
        } + [path(".build/debug/iop-planner")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    /// `../shared/tools/check_roster.py`, when it and python3 are there.
    static let sharedChecker: String? = {
        let script = repository.deletingLastPathComponent().appendingPathComponent("shared/tools/check_roster.py").path
        return FileManager.default.fileExists(atPath: script) && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? script : nil
    }()

    /// Runs a program; returns its exit status, standard output and standard error.
    @discardableResult
    static func run(_ arguments: [String], executable: String = binary) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes while the child runs, so neither fills up and blocks it.
        nonisolated(unsafe) var errorData = Data()
        let reader = Thread { errorData = error.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }

    /// A new empty folder under the system's temporary folder.
    static func scratchFolder(_ label: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("iop-planner-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}
