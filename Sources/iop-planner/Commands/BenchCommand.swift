import ArgumentParser
import Dispatch
import Foundation
import RosterKit
import RosterSolvers

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
    @Option(name: .customLong("filter"), help: "Keep pairs whose family/instance/configuration contains this text; repeat to narrow.")
    var filters: [String] = []
    @Option(name: .customLong("repeat"), help: "Runs per pair; the report shows medians.") var repetitions = 1
    @Flag(name: .customLong("vary-seed"), help: "Run repetition k with seed + k - 1, so medians are over seeds (default: one seed).")
    var varySeed = false
    @Option(help: "Seconds past the time limit before a child is stopped (default: the suite's graceSeconds).") var grace: Double?
    @Option(help: "The iop-planner binary to run (default: this one).") var planner: String?
    @Option(help: "The shared checker (default: ../shared/tools/check_roster.py beside the repository).") var pythonChecker: String?
    @Flag(help: "List the pairs that would run, and exit.") var list = false

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repeat must be 1 or more") }
        if let grace, !(grace >= 0 && grace.isFinite) { throw ValidationError("--grace must be 0 seconds or more") }
    }

    func run() throws {
        var suite: BenchSuite
        do {
            suite = try reportingInputErrors { try BenchSuite.load(suitePath) }
        } catch let error as BenchSuiteError {
            printError("error: \(error)")
            throw ExitStatus.badInput
        }
        if let grace { suite.graceSeconds = grace }
        let missing = suite.instances.enumerated().filter { !FileManager.default.fileExists(atPath: $1.resolvedPath) }
        guard missing.isEmpty else {
            printError("error: \(BenchSuiteError(file: suitePath, problems: missing.map { InputProblem(path: "instances[\($0)].path", message: "no such file: \($1.resolvedPath)") }))")
            throw ExitStatus.badInput
        }

        let suiteFolder = URL(fileURLWithPath: suitePath).deletingLastPathComponent().standardizedFileURL.path
        let repository = Self.repositoryRoot(from: suiteFolder)
        var runner = BenchRunner(
            suite: suite, planner: planner ?? Self.ownExecutable(), output: out ?? "\(suiteFolder)/results/\(Self.folderStamp(Date()))",
            repeats: repetitions, varySeed: varySeed, filters: filters, pythonChecker: Self.findPythonChecker(pythonChecker, repository: repository))
        if list {
            for (instance, configurations) in runner.plan() {
                for configuration in configurations {
                    let limit = configuration.timeLimit.seconds(for: instance.family).map(JSONWriter.format) ?? "?"
                    print("\(instance.family)/\(instance.name)/\(configuration.name) (\(configuration.solver.rawValue), \(limit) s)")
                }
            }
            return
        }
        guard !runner.plan().isEmpty else { throw ValidationError("--filter keeps no pair of the suite; --list shows them all") }

        let needed = Set(suite.configurations.map(\.solver).filter(\.isExternal))
        for solver in needed { runner.externalSolvers[solver] = ChildProcess.find(solver.rawValue) }
        let interrupt = Self.handleInterrupts(runner.interruption)
        defer { interrupt.cancel() }
        runner.log = { printError($0) }

        let started = Date()
        let tools: [(String, String?)] =
            [("python3", ChildProcess.find("python3"))] + needed.sorted { $0.rawValue < $1.rawValue }.map { ($0.rawValue, runner.externalSolvers[$0]) }
        let machine = MachineInfo.collect(planner: runner.planner, plannerIsSelf: planner == nil, repository: repository, tools: tools)
        if case .failure(let unavailable) = runner.pythonChecker { printError("note: check_roster.py is not used: \(unavailable.reason)") }
        if machine["plannerBuild"]?.stringValue == "debug" {
            printError("note: this iop-planner is a debug build; time release builds (swift build -c release)")
        }
        printError("bench: \(suite.name) -> \(runner.output)")
        let outcome = try reportingInputErrors { try runner.run() }
        let results = BenchResults(
            suite: suite, suiteFile: suitePath, started: started, finished: Date(), arguments: Array(CommandLine.arguments.dropFirst()),
            repeats: repetitions, varySeed: varySeed, filters: filters, machine: machine, loadAverageAtEnd: MachineInfo.loadAverage(), runs: outcome.runs,
            notes: outcome.notes, interrupted: outcome.interrupted)
        try reportingInputErrors {
            try AtomicFile.write(JSONWriter.write(results.json), to: "\(runner.output)/results.json")
            try AtomicFile.write(BenchReport.markdown(results), to: "\(runner.output)/results.md")
            try AtomicFile.write(
                BenchChart.svg(results.rows, configurations: suite.configurations.map(\.name), title: "\(suite.name): time and gap against patients"),
                to: "\(runner.output)/chart.svg")
            try AtomicFile.write(JSONWriter.write(.object(machine)), to: "\(runner.output)/machine.json")
        }

        let failed = outcome.runs.filter { $0.outcome != .ok }
        let problems = results.problems
        printError("bench: \(outcome.runs.count) runs, \(failed.count) without a result, \(problems.count) problems; report: \(runner.output)/results.md")
        for problem in problems { printError("!! \(problem)") }
        if outcome.interrupted { throw ExitStatus.interrupted }
        if !problems.isEmpty || !failed.isEmpty { throw ExitCode(1) }
    }

    /// The running binary, so the benchmark measures the same build that runs it.
    static func ownExecutable() -> String {
        Bundle.main.executablePath ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }

    /// The nearest folder holding `Package.swift` at or above `folder`, the current folder, or
    /// this binary's folder (`.build/debug` sits inside the repository).
    static func repositoryRoot(from folder: String) -> String? {
        let binaryFolder = URL(fileURLWithPath: ownExecutable()).deletingLastPathComponent().path
        for start in [folder, FileManager.default.currentDirectoryPath, binaryFolder] {
            var url = URL(fileURLWithPath: start).standardizedFileURL
            while url.path != "/" {
                if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
                url.deleteLastPathComponent()
            }
        }
        return nil
    }

    static func findPythonChecker(_ explicit: String?, repository: String?) -> Result<(interpreter: String, script: String), BenchRunner.Unavailable> {
        guard let interpreter = ChildProcess.find("python3") else { return .failure(.init(reason: "python3 is not on PATH")) }
        guard let script = explicit ?? repository.map({ URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("shared/tools/check_roster.py").path })
        else { return .failure(.init(reason: "no repository found to look for ../shared/tools/check_roster.py")) }
        guard FileManager.default.fileExists(atPath: script) else { return .failure(.init(reason: "\(script) does not exist")) }
        return .success((interpreter, script))
    }

    /// `2026-11-30T091500Z`: sorts by time and is safe in file names.
    static func folderStamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    /// First Ctrl-C: finish the current run (the child got the signal too), then report. Second: stop now.
    static func handleInterrupts(_ flag: CancellationFlag) -> any DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if flag.isCancelled { _exit(130) }
            flag.cancel()
            printError("bench: interrupted; finishing the current run, then writing the report (Ctrl-C again to quit now)")
        }
        source.resume()
        return source
    }
}
