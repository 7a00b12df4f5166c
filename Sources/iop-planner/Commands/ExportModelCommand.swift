import ArgumentParser
import Foundation
import RosterKit
import RosterSolvers

extension ModelFormat: ExpressibleByArgument {}

struct ExportModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-model",
        abstract: "Writes the roster's integer program (CPLEX LP or MPS) for glpsol, CBC or HiGHS.",
        discussion: "The program's optimum plus nothing else is the roster's objective total: its objective carries the constant."
    )

    @Argument(help: "The instance file (JSON).") var instancePath: String
    @Option(help: "lp or mps.") var format: ModelFormat = .lp
    @Option(name: [.short, .customLong("output")], help: "The model file to write.") var output: String

    func run() throws {
        let instance = try loadInstance(instancePath)
        // GLPK writes the file itself: let it write beside the target, then rename into place.
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent().path
        let temporary = "\(folder)/\(AtomicFile.temporaryPrefix)\(URL(fileURLWithPath: output).lastPathComponent).\(getpid())"
        do {
            try GLPKSolver.exportModel(of: instance, format: format, to: temporary)
            chmod(temporary, 0o600)
            guard rename(temporary, output) == 0 else { throw SolveError(String(cString: strerror(errno))) }
        } catch {
            unlink(temporary)
            printError("error: \(output): cannot write the model: \(error)")
            throw ExitStatus.badInput
        }
    }
}
