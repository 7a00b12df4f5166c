import ArgumentParser
import Foundation

/// The `iop-planner` command line: its subcommands, each a thin layer over the library targets.
@main
struct IOPPlanner: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iop-planner",
        abstract: "Plans the weekly group-therapy roster of an Intensive Outpatient Program.",
        discussion: """
            Exit status: 0 success (for `check`: the roster is valid), 1 the roster breaks a hard rule, \
            2 an input file is unreadable or malformed (nothing is written), 64 bad command-line usage, \
            130 interrupted (Ctrl-C), 143 stopped by SIGTERM; both write the best roster found so far.
            """,
        version: "0.1.0",
        subcommands: [
            SolveCommand.self,
            CheckCommand.self,
            ValidateCommand.self,
            ReportCommand.self,
            ExportModelCommand.self,
            GenerateCommand.self,
            BenchCommand.self,
            NextWeekCommand.self,
            WhatIfCommand.self,
            ServeCommand.self,
            AdmitCommand.self,
            ProgramCommand.self,
            WeekCommand.self,
            HistoryCommand.self,
            CapacityCommand.self,
            SimulateCommand.self,
        ]
    )

    /// Without a subcommand: the usage on stderr and exit status 64, as other command-line
    /// tools do (`--help` still prints it on stdout with status 0).
    func run() async throws {
        FileHandle.standardError.write(Data((Self.helpMessage() + "\n").utf8))
        throw ExitCode.validationFailure
    }
}
