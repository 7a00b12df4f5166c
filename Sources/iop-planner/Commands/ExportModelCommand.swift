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

    func run() throws {
        let instance = try loadInstance(instancePath)
        // GLPK opens the file itself: it fills AtomicFile's temporary file, which is flushed and renamed into place.
        do {
            try AtomicFile.write(to: output) { try GLPKSolver.exportModel(of: instance, format: format, to: $0) }
        } catch {
            printError("error: \(output): cannot write the model: \(error.reason)")
            throw ExitStatus.badInput
        }
    }
}
