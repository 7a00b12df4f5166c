import ArgumentParser
import Dispatch
import Foundation
import RosterBench
import RosterKit
import RosterSolvers

/// `iop-planner bench`: runs a benchmark suite, each run in a child process, and writes its report.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Runs a benchmark suite: time, peak memory and roster quality of each solver configuration.",
        discussion: """
            Each (instance, configuration) pair runs `iop-planner solve` as a child process (or, for cbc \
            and highs, solves the model `iop-planner export-model` writes), with a hard stop at the time \
            limit plus the suite's grace. Every roster is checked in-process and by \
            ../shared/tools/check_roster.py. Writes results.json, results.md, chart.svg and machine.json \
            (plus rosters/, models/ and logs/) into the output folder. Ctrl-C stops after the current run \
            and writes what finished. See benchmarks/README.md.
            Exit status: 0 every run gave a result and nothing was flagged, 1 a run failed or a roster is \
            invalid or the checkers disagree, 2 the suite is unreadable or malformed, 64 bad options, \
            130 interrupted.
            """
    )

    @Argument(help: "The suite file (JSON), e.g. benchmarks/suite.json.") var suitePath: String
    @Option(help: "Output folder (default: results/<UTC date-time> beside the suite file).") var out: String?
    @Option(
        name: .customLong("filter"),
        help: "Keep pairs whose family/instance/configuration contains this text; repeat to narrow.")
    var filters: [String] = []
    @Option(name: .customLong("repeat"), help: "Runs per pair; the report shows medians.") var repetitions = 1
    @Flag(
        name: .customLong("vary-seed"),
        help: "Run repetition k with seed + k - 1, so medians are over seeds (default: one seed).")
    var varySeed = false
    @Option(help: "Seconds past the time limit before a child is stopped (default: the suite's graceSeconds).")
    var grace: Double?
    @Option(help: "The iop-planner binary to run (default: this one).") var planner: String?
    @Option(help: "The shared checker (default: ../shared/tools/check_roster.py beside the repository).")
    var pythonChecker: String?
    @Flag(help: "List the pairs that would run, and exit.") var list = false

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repeat must be 1 or more") }
        if let grace, !(grace >= 0 && grace.isFinite) { throw ValidationError("--grace must be 0 seconds or more") }
    }

    func run() throws {
        let options = BenchSession.Options(
            suitePath: suitePath, output: out, filters: filters, repetitions: repetitions, varySeed: varySeed,
            grace: grace, planner: planner, pythonChecker: pythonChecker)
        var session: BenchSession
        do {
            session = try reportingInputErrors { try BenchSession(options) }
        } catch let error as BenchSuiteError {
            printError("error: \(error)")
            throw ExitStatus.badInput
        }
        let pairs = session.pairs
        if list {
            for pair in pairs {
                let limit = pair.timeLimit.map(JSONWriter.format) ?? "?"
                print("\(pair.family)/\(pair.instance)/\(pair.configuration) (\(pair.solver), \(limit) s)")
            }
            return
        }
        guard !pairs.isEmpty else {
            throw ValidationError("--filter keeps no pair of the suite; --list shows them all")
        }
        // Before any run: no report, roster, log or model file may be the suite or one of its instances.
        try RenderedOutput.refuseOverwriting(
            inputs: session.inputs, inFolder: session.output, names: session.outputNames)

        let interrupt = Self.handleInterrupts(session.interruption)
        defer { interrupt.cancel() }
        let summary = try reportingInputErrors { try session.run(log: { printError($0) }) }
        printError(
            "bench: \(summary.runs) runs, \(summary.failed) without a result, \(summary.problems.count) problems; "
                + "report: \(summary.output)/results.md")
        for problem in summary.problems { printError("!! \(problem)") }
        if summary.interrupted { throw ExitStatus.interrupted }
        if !summary.problems.isEmpty || summary.failed > 0 { throw ExitCode(1) }
    }

    /// First Ctrl-C: finish the current run (the child got the signal too), then report. Second: stop now.
    static func handleInterrupts(_ flag: CancellationFlag) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if flag.isCancelled { _exit(130) }
            flag.cancel()
            printError(
                "bench: interrupted; finishing the current run, then writing the report (Ctrl-C again to quit now)")
        }
        source.resume()
        return source
    }
}
