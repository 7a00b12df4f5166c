import ArgumentParser
import Foundation
import RosterKit

/// The tool's exit statuses (also listed in `iop-planner --help` and the README).
enum ExitStatus {
    static let success = ExitCode(0)
    /// `check`: the roster breaks at least one hard rule.
    static let invalidRoster = ExitCode(1)
    /// An input file cannot be read, is not JSON, or breaks the format; nothing was written.
    static let badInput = ExitCode(2)
    static let interrupted = ExitCode(130)
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Runs `body`, turning input and output failures into a message on stderr and exit status 2.
func reportingInputErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as InputError {
        printError("error: \(error)")
        throw ExitStatus.badInput
    } catch let error as AtomicFile.WriteError {
        printError("error: \(error)")
        throw ExitStatus.badInput
    }
}

/// Loads an instance file and prints its warnings (unknown fields) to stderr.
func loadInstance(_ path: String, quiet: Bool = false) throws -> Instance {
    let decoded = try reportingInputErrors { try InputFile.loadInstance(path) }
    if !quiet {
        for warning in decoded.warnings { printError("warning: \(path): \(warning)") }
    }
    return decoded.instance
}
