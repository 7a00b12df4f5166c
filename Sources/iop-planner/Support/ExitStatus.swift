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
    /// The time limit ended the work before it was complete: `solve` wrote the valid roster of
    /// what was placed by then, `export-model` wrote nothing.
    static let timeLimit = ExitCode(3)
    /// Ctrl-C (SIGINT); SIGTERM gives 143 (see `InterruptHandler.exitStatus`).
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

/// Loads an instance file and prints its warnings (unknown fields) to stderr, the first
/// `Warnings.shown` unless `verbose`.
func loadInstance(_ path: String, quiet: Bool = false, verbose: Bool = false) throws -> Instance {
    let decoded = try reportingInputErrors { try InputFile.loadInstance(path) }
    if !quiet { Warnings.print(decoded.warnings.map { "\(path): \($0)" }, verbose: verbose) }
    return decoded.instance
}

/// Warnings on stderr, so that a week with a hundred of them stays readable.
enum Warnings {
    /// How many warnings are printed without `--verbose`.
    static let shown = 10

    /// Prints the first `shown` warnings (all with `verbose`) and how many more there are.
    static func print(_ warnings: [String], verbose: Bool) {
        let printed = verbose ? warnings[...] : warnings.prefix(shown)
        for warning in printed { printError("warning: \(warning)") }
        if printed.count < warnings.count {
            printError("warning: and \(warnings.count - printed.count) more warnings (--verbose for all)")
        }
    }
}

/// `--max-input-mb`: the largest input file a command reads (refused before reading beyond it).
struct InputLimitOptions: ParsableArguments {
    @Option(
        name: .customLong("max-input-mb"), parsing: .unconditional,
        help: "Refuse input files larger than this many megabytes (default \(InputFile.defaultMaximumMegabytes)).")
    var maxInputMegabytes: Int = InputFile.defaultMaximumMegabytes

    func validate() throws {
        guard maxInputMegabytes > 0, maxInputMegabytes <= 1 << 20 else {
            throw ValidationError("--max-input-mb must be a whole number of megabytes from 1 to \(1 << 20)")
        }
        InputFile.maximumSize = maxInputMegabytes << 20
    }
}

/// Makes sure `folder` is a folder to write into, creating it (mode 0700: exports hold health
/// information) when missing; a file there, or a folder that cannot be made, is exit status 2.
/// `usage` says what the option or argument names (`--out names a folder`).
func makeOutputFolder(_ folder: String, usage: String) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
        guard isFolder.boolValue else {
            printError("error: \(folder): it is a file; \(usage)")
            throw ExitStatus.badInput
        }
        return
    }
    do {
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
        printError("error: \(folder): cannot create the folder")
        throw ExitStatus.badInput
    }
}
