import ArgumentParser
import Foundation
import RosterStore

/// `--db PATH`, shared by the commands that use the program database.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The program database (default: $IOP_PLANNER_DB, else program.sqlite in the working folder).",
            valueName: "path"))
    var db: String?

    /// The database file this command opens: `--db`, else `$IOP_PLANNER_DB`, else `program.sqlite`.
    var path: String { ProgramStore.resolvePath(explicit: db) }

    /// Who the audit log says did it: `cli:` and the login name.
    var actor: String { "cli:\(ProcessInfo.processInfo.environment["USER"] ?? "unknown")" }

    /// Opens the database and runs `body` with it; store errors become a message and exit 2
    /// (75, "try again", when the database is busy).
    func withStore<T>(_ body: (ProgramStore) throws -> T) throws -> T {
        try reportingStoreErrors { try body(try ProgramStore(path: path)) }
    }
}

/// The exit status of a busy database: another process is writing, try again (EX_TEMPFAIL).
let storeBusyStatus = ExitCode(75)

/// Runs `body`, turning store and spreadsheet errors into a message on stderr and exit status 2 (75 when busy).
func reportingStoreErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try reportingInputErrors(body)
    } catch let error as StoreError {
        printError("error: \(error)")
        if case .busy = error { throw storeBusyStatus }
        throw ExitStatus.badInput
    } catch let error as SpreadsheetError {
        printError("error: \(error)")
        throw ExitStatus.badInput
    }
}
