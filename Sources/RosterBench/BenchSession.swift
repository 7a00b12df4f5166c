import Foundation
import RosterKit
import RosterSolvers

/// One `iop-planner bench` run from start to finish: loads the suite, runs every selected pair
/// through a `BenchRunner`, and writes `results.json`, `results.md`, `chart.svg` and `machine.json`.
public struct BenchSession {
    /// What the command line asked for.
    public struct Options: Sendable {
        /// The suite file (`benchmarks/suite.json`).
        public var suitePath: String
        /// Output folder; `nil` means `results/<UTC date-time>` beside the suite file.
        public var output: String?
        /// Substrings that must all be part of a pair's `family/instance/configuration` for it to run; empty runs all.
        public var filters: [String]
        /// Times each pair runs.
        public var repetitions: Int
        /// Whether repetition *n* adds *n* - 1 to the seed, instead of repeating the same seed.
        public var varySeed: Bool
        /// Overrides the suite's `graceSeconds`.
        public var grace: Double?
        /// The `iop-planner` binary to run; `nil` means the running one.
        public var planner: String?
        /// The shared checker; `nil` means `../shared/tools/check_roster.py` beside the repository.
        public var pythonChecker: String?

        /// Builds options; by default every pair runs once with the suite's seed.
        public init(
            suitePath: String, output: String? = nil, filters: [String] = [], repetitions: Int = 1,
            varySeed: Bool = false, grace: Double? = nil, planner: String? = nil, pythonChecker: String? = nil
        ) {
            self.suitePath = suitePath
            self.output = output
            self.filters = filters
            self.repetitions = repetitions
            self.varySeed = varySeed
            self.grace = grace
            self.planner = planner
            self.pythonChecker = pythonChecker
        }
    }

    /// How a finished session went, for the exit status.
    public struct Summary: Sendable {
        /// Runs made.
        public var runs: Int
        /// Runs that gave no result (error, timeout, crash, a peer that could not run).
        public var failed: Int
        /// Invalid rosters, checker disagreements, bounds above known totals.
        public var problems: [String]
        /// Whether an interruption stopped the session before every pair ran.
        public var interrupted: Bool
        /// The folder the report files were written to.
        public var output: String
    }

    /// A pair that would run, for `--list`.
    public struct Pair: Sendable {
        /// The instance's family (`small`, `large`).
        public var family: String
        /// The instance's name in the suite.
        public var instance: String
        /// The configuration's name in the suite.
        public var configuration: String
        /// The solver the configuration runs.
        public var solver: String
        /// Seconds the configuration gives this family, or `nil` when the suite gives none.
        public var timeLimit: Double?
    }

    /// What the command line asked for.
    public let options: Options

    /// The files the report writes into the output folder (beside `rosters/`, `models/` and `logs/`).
    public static let fileNames = ["results.json", "results.md", "chart.svg", "machine.json"]
    let suite: BenchSuite
    var runner: BenchRunner
    let repository: String?

    /// Loads and checks the suite; throws `BenchSuiteError` (every problem with its JSON path).
    public init(_ options: Options) throws {
        self.options = options
        var suite = try BenchSuite.load(options.suitePath)
        if let grace = options.grace { suite.graceSeconds = grace }
        let missing = suite.instances.enumerated().filter { !FileManager.default.fileExists(atPath: $1.resolvedPath) }
        guard missing.isEmpty else {
            throw BenchSuiteError(
                file: options.suitePath,
                problems: missing.map {
                    InputProblem(path: "instances[\($0)].path", message: "no such file: \($1.resolvedPath)")
                })
        }
        self.suite = suite
        let suiteFolder = URL(fileURLWithPath: options.suitePath).deletingLastPathComponent().standardizedFileURL.path
        repository = Self.repositoryRoot(from: suiteFolder)
        runner = BenchRunner(
            suite: suite, planner: options.planner ?? Self.ownExecutable(),
            output: options.output ?? "\(suiteFolder)/results/\(Self.folderStamp(Date()))",
            repeats: options.repetitions, varySeed: options.varySeed, filters: options.filters,
            pythonChecker: Self.findPythonChecker(options.pythonChecker, repository: repository))
    }

    /// The folder the session writes into.
    public var output: String { runner.output }

    /// Every file the session may write into `output` (paths relative to it): the report's
    /// files and every planned run's roster, logs and model.
    public var outputNames: [String] { Self.fileNames + runner.outputNames() }

    /// The files the session reads: the suite and every instance it lists.
    public var inputs: [String] { [options.suitePath] + suite.instances.map(\.resolvedPath) }

    /// Set it (on Ctrl-C) to finish the current run and then report what finished.
    public var interruption: CancellationFlag { runner.interruption }

    /// The pairs the filters keep, in the order they run.
    public var pairs: [Pair] {
        runner.plan().flatMap { instance, configurations in
            configurations.map {
                Pair(
                    family: instance.family, instance: instance.name, configuration: $0.name,
                    solver: $0.solver.rawValue,
                    timeLimit: $0.timeLimit.seconds(for: instance.family))
            }
        }
    }

    /// Runs every pair, writes the report files and returns what happened; `log` gets progress lines.
    public mutating func run(log: @escaping @Sendable (String) -> Void) throws -> Summary {
        let needed = Set(suite.configurations.map(\.solver).filter(\.isExternal))
        for solver in needed { runner.externalSolvers[solver] = ChildProcess.find(solver.rawValue) }
        runner.log = log

        let started = Date()
        let tools: [(String, String?)] =
            [("python3", ChildProcess.find("python3"))]
            + needed.sorted { $0.rawValue < $1.rawValue }.map { ($0.rawValue, runner.externalSolvers[$0]) }
        let machine = MachineInfo.collect(
            planner: runner.planner, plannerIsSelf: options.planner == nil, repository: repository, tools: tools)
        if case .failure(let unavailable) = runner.pythonChecker {
            log("note: check_roster.py is not used: \(unavailable.reason)")
        }
        if machine["plannerBuild"]?.stringValue == "debug" {
            log("note: this iop-planner is a debug build; time release builds (swift build -c release)")
        }
        log("bench: \(suite.name) -> \(runner.output)")
        let outcome = try runner.run()
        let results = BenchResults(
            suite: suite, suiteFile: options.suitePath, started: started, finished: Date(),
            arguments: Array(CommandLine.arguments.dropFirst()), repeats: options.repetitions,
            varySeed: options.varySeed, filters: options.filters, machine: machine,
            loadAverageAtEnd: MachineInfo.loadAverage(), runs: outcome.runs, notes: outcome.notes,
            interrupted: outcome.interrupted)
        let output = runner.output
        let texts = [
            JSONWriter.write(results.json), BenchReport.markdown(results),
            BenchChart.svg(
                results.rows, configurations: suite.configurations.map(\.name),
                title: "\(suite.name): time and gap against patients"),
            JSONWriter.write(.object(machine)),
        ]
        for (name, text) in zip(Self.fileNames, texts) { try AtomicFile.write(text, to: "\(output)/\(name)") }
        return Summary(
            runs: outcome.runs.count, failed: outcome.runs.count { $0.outcome != .ok }, problems: results.problems,
            interrupted: outcome.interrupted, output: output)
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
                if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                    return url.path
                }
                url.deleteLastPathComponent()
            }
        }
        return nil
    }

    static func findPythonChecker(
        _ explicit: String?, repository: String?
    ) -> Result<(interpreter: String, script: String), BenchRunner.Unavailable> {
        guard let interpreter = ChildProcess.find("python3") else {
            return .failure(.init(reason: "python3 is not on PATH"))
        }
        let sharedChecker = repository.map {
            URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("shared/tools/check_roster.py")
                .path
        }
        guard let script = explicit ?? sharedChecker else {
            return .failure(.init(reason: "no repository found to look for ../shared/tools/check_roster.py"))
        }
        guard FileManager.default.fileExists(atPath: script) else {
            return .failure(.init(reason: "\(script) does not exist"))
        }
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
}
