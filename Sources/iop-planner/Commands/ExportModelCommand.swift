import ArgumentParser
import Foundation
import RosterKit
import RosterSolvers

extension ModelFormat: ExpressibleByArgument {}

/// `iop-planner export-model`: writes the instance's integer program as CPLEX LP or MPS.
struct ExportModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-model",
        abstract: "Writes the roster's integer program (CPLEX LP or MPS) for glpsol, CBC or HiGHS.",
        discussion: """
            The program's optimum plus nothing else is the roster's objective total: its objective carries the \
            constant.
            """
    )

    @Argument(help: "The instance file (JSON).") var instancePath: String
    @OptionGroup var inputLimits: InputLimitOptions
    @Option(help: "lp or mps.") var format: ModelFormat = .lp
    @Option(name: [.short, .customLong("output")], help: "The model file to write.") var output: String
    @Option(
        name: .customLong("time-limit"), parsing: .unconditional,
        help: "Seconds the command may take; a model not built and written by then is not written (exit 3).")
    var timeLimit: Double?
    @Flag(help: "Print how long each stage took (read, build, write) on standard error.") var verbose = false

    func validate() throws {
        if let timeLimit {
            guard timeLimit > 0, timeLimit.isFinite else {
                throw ValidationError("--time-limit must be a positive number of seconds")
            }
        }
    }

    func run() throws {
        let clock = ProcessClock.deadline(seconds: timeLimit ?? 1e6)
        var times = PhaseTimes(clock)
        defer { if verbose { printError(times.line) } }
        try RenderedOutput.refuseOverwriting(inputs: [instancePath], with: [output])
        let instance = try loadInstance(instancePath)
        times.end("read")
        // GLPK opens the file itself: it fills AtomicFile's temporary file, which is flushed and
        // renamed into place. Writing is under the limit too: cut short, the temporary is removed.
        var lateness: SolveError?
        do {
            try AtomicFile.write(to: output) { temporary in
                do {
                    try GLPKSolver.exportModel(
                        of: instance, format: format, to: temporary,
                        timeLimit: timeLimit.map { _ in max(0.001, clock.remaining) }, built: { times.end("build") })
                } catch let error as SolveError {
                    if error.ranOutOfTime { lateness = error }
                    throw error
                }
            }
            times.end("write")
        } catch {
            if let lateness {
                printError("error: \(lateness.message); nothing was written")
                throw ExitStatus.timeLimit
            }
            printError("error: \(output): cannot write the model: \(error.reason)")
            throw ExitStatus.badInput
        }
    }
}
