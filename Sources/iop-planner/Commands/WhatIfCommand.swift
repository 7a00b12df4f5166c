import ArgumentParser
import Foundation
import RosterKit
import RosterReports
import RosterSolvers

/// `iop-planner whatif`: solves a base week and its what-if scenarios and compares them side by side.
struct WhatIfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Solves a base week and what-if scenarios of it, and compares them side by side.",
        discussion: """
            Each scenario file is a named list of changes to the base instance (see \
            shared/spec/MODEL.md and instances/README.md). Every scenario is applied and validated \
            before anything is solved: a bad change is reported with its JSON path (exit 2, nothing \
            solved or written). The base and the scenarios are then solved concurrently, as many at \
            a time as the machine has cores, each within --time-limit. The table shows the objective \
            terms and total, each clinician's hours and how many patients' schedules changed against \
            the base (ids only). With --keep-base every scenario is re-planned from the base roster \
            with the least disruption, as `solve --keep` does, instead of being solved afresh.
            """
    )

    @Argument(help: "The base instance file (JSON).") var basePath: String
    @OptionGroup var inputLimits: InputLimitOptions
    @Argument(help: "Scenario files (JSON).") var scenarioPaths: [String]
    @Option(help: "auto, glpk or greedy.") var solver: SolverChoice = .auto
    @Option(name: .customLong("time-limit"), parsing: .unconditional, help: "Seconds each solve may take.")
    var timeLimit: Double = 30
    @Option(help: "Seed of the greedy solver's random choices.") var seed: UInt64 = 1
    @Flag(name: .customLong("keep-base"), help: "Re-plan each scenario from the base roster with the least disruption.")
    var keepBase = false
    @Option(help: "Write every changed instance, every roster, whatif.md and whatif.json into this folder.") var out:
        String?
    @Flag(help: "No warnings and no progress lines.") var quiet = false
    @Flag(help: "Every warning, not only the first ten.") var verbose = false

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else {
            throw ValidationError("--time-limit must be a positive number of seconds")
        }
        guard !scenarioPaths.isEmpty else {
            throw ValidationError("give at least one scenario file after the base instance")
        }
    }

    func run() async throws {
        try RenderedOutput.refuseOverwriting(
            inputs: [basePath] + scenarioPaths, inFolder: out,
            names: Self.outputNames(Self.fileNames(for: scenarioPaths)))
        let base = try loadInstance(basePath, quiet: quiet, verbose: verbose)
        if !quiet { Warnings.print(PreCheck(base).warnings().map { "\(basePath): \($0)" }, verbose: verbose) }
        let runs = try applyScenarios(to: base)
        let solver = try makeSolver()
        let cancellation = CancellationFlag()
        let interrupt = InterruptHandler { cancellation.cancel() }
        defer { interrupt.restore() }
        let options = SolveOptions(timeLimit: timeLimit, seed: seed, cancellation: cancellation)
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)

        var outcomes: [SolveOutcome]
        var replannings: [ReplanningSummary?] = Array(repeating: nil, count: runs.count)
        if keepBase {
            progress(
                "solving the base, then re-planning \(runs.count) scenario\(runs.count == 1 ? "" : "s") from its roster"
            )
            let baseOutcome = try await Self.solveAll([(base, solver)], options: options, width: 1)[0]
            let replanner = Replanner(previous: baseOutcome.roster, fullSearch: solver)
            let replanned = try await Self.replanAll(
                runs.map(\.instance), with: replanner, options: options, width: width)
            outcomes = [baseOutcome] + replanned.map(\.outcome)
            replannings = replanned.map(\.summary)
        } else {
            progress(
                "solving the base and \(runs.count) scenario\(runs.count == 1 ? "" : "s"), "
                    + "\(min(width, runs.count + 1)) at a time, up to \(JSONWriter.format(timeLimit)) s each")
            outcomes = try await Self.solveAll(
                [(base, solver)] + runs.map { ($0.instance, solver) }, options: options, width: width)
        }

        let labels = Self.labels(for: runs, paths: scenarioPaths)
        let comparison = WhatIfComparison(
            base: .init(label: "base", file: basePath, instance: base, outcome: outcomes[0]),
            scenarios: runs.indices.map { position in
                .init(
                    label: labels[position], file: scenarioPaths[position], instance: runs[position].instance,
                    outcome: outcomes[position + 1], replanning: replannings[position])
            })
        for column in [comparison.base] + comparison.scenarios where !column.report.isValid {
            printError(
                "error: the \(column.outcome.solver) roster of \(column.label) breaks a hard rule (a bug, please "
                    + "report it); nothing was written:")
            for violation in column.report.violations.prefix(10) { printError("  \(violation)") }
            throw ExitCode.failure
        }
        if let out { try write(comparison, names: Self.fileNames(for: scenarioPaths), into: out) }
        print(comparison.text, terminator: "")
        if cancellation.isCancelled {
            printError("interrupted: the best rosters found so far are shown\(out == nil ? "" : " and written")")
            throw interrupt.exitStatus
        }
    }

    // MARK: Scenarios

    /// Every scenario applied to the base; all problems of all files are reported before exit 2.
    private func applyScenarios(to base: Instance) throws -> [ScenarioRun] {
        var runs: [ScenarioRun] = []
        var failed = false
        for path in scenarioPaths {
            do {
                let run = try InputFile.applyScenario(path, to: base)
                if !quiet { Warnings.print(run.warnings.map { "\(path): \($0)" }, verbose: verbose) }
                runs.append(run)
            } catch {
                printError("error: \(error)")
                failed = true
            }
        }
        if failed {
            printError("nothing was solved or written")
            throw ExitStatus.badInput
        }
        return runs
    }

    /// Column labels: each scenario's name, else its file name; repeated labels get a number.
    static func labels(for runs: [ScenarioRun], paths: [String]) -> [String] {
        var seen: [String: Int] = ["base": 1]
        return zip(runs, paths).map { run, path in
            let label = run.scenario.name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            seen[label, default: 0] += 1
            return seen[label]! > 1 ? "\(label) (\(seen[label]!))" : label
        }
    }

    /// File names for each scenario's outputs: the file's name without `.json`, made safe and unique.
    static func fileNames(for paths: [String]) -> [String] {
        var seen: Set<String> = ["base", "whatif"]
        return paths.map { path in
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let safe = String(
                stem.unicodeScalars.map { scalar in
                    scalar.isASCII
                        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-"
                            || scalar == "_")
                        ? Character(scalar) : "-"
                })
            let stemName = safe.allSatisfy { $0 == "-" } ? "scenario" : safe
            var name = stemName
            var number = 2
            while !seen.insert(name).inserted {
                name = "\(stemName)-\(number)"
                number += 1
            }
            return name
        }
    }

    // MARK: Solving

    /// The solver `solve --solver` would use.
    private func makeSolver() throws -> any RosterSolver {
        try SolveCommand.parse([
            "-", "--solver", solver.rawValue, "--time-limit", String(timeLimit), "--seed", String(seed),
        ]).makeSolver()
    }

    /// Solves each instance on its own thread, at most `width` at a time. A synchronous solve
    /// runs start to end inside one child task, so its GLPK problem never changes threads.
    static func solveAll(_ jobs: [(Instance, any RosterSolver)], options: SolveOptions, width: Int) async throws
        -> [SolveOutcome]
    {
        let results = await withTaskGroup(of: (Int, Result<SolveOutcome, SolveError>).self) { group in
            var results = [Result<SolveOutcome, SolveError>?](repeating: nil, count: jobs.count)
            var next = 0
            while next < min(width, jobs.count) {
                let (instance, solver) = jobs[next]
                group.addTask { [next] in
                    (next, Result { () throws(SolveError) in try solver.solve(instance, options: options) })
                }
                next += 1
            }
            while let (position, result) = await group.next() {
                results[position] = result
                if next < jobs.count {
                    let (instance, solver) = jobs[next]
                    group.addTask { [next] in
                        (next, Result { () throws(SolveError) in try solver.solve(instance, options: options) })
                    }
                    next += 1
                }
            }
            return results.map { $0! }
        }
        return try results.map { result in
            switch result {
            case .success(let outcome): return outcome
            case .failure(let error):
                printError("error: \(error.message)")
                throw ExitCode.failure
            }
        }
    }

    /// Re-plans each instance from the same previous roster, at most `width` at a time, through
    /// the replanner's one validation path (a refusal is reported as `solve --keep` reports it).
    static func replanAll(_ instances: [Instance], with replanner: Replanner, options: SolveOptions, width: Int)
        async throws -> [Replanning]
    {
        let results = await withTaskGroup(of: (Int, Result<Replanning, ReplanError>).self) { group in
            var results = [Result<Replanning, ReplanError>?](repeating: nil, count: instances.count)
            var next = 0
            func start(_ position: Int) {
                let instance = instances[position]
                group.addTask {
                    (position, Result { () throws(ReplanError) in try replanner.replan(instance, options: options) })
                }
            }
            while next < min(width, instances.count) {
                start(next)
                next += 1
            }
            while let (position, replanning) = await group.next() {
                results[position] = replanning
                if next < instances.count {
                    start(next)
                    next += 1
                }
            }
            return results.map { $0! }
        }
        return try results.map { result in
            switch result {
            case .success(let replanning): return replanning
            case .failure(.unsolvable(let error)):
                printError("error: \(error.message)")
                throw ExitCode.failure
            case .failure(let error):
                printError("error: the base roster: \(error); nothing was written")
                throw ExitStatus.badInput
            }
        }
    }

    // MARK: Output

    /// The files `--out` gets, in the order `write` writes them: the base roster, each
    /// scenario's instance and roster (`names` from `fileNames(for:)`), the table.
    static func outputNames(_ names: [String]) -> [String] {
        ["base.roster.json"] + names.flatMap { ["\($0).instance.json", "\($0).roster.json"] } + [
            "whatif.md", "whatif.json",
        ]
    }

    /// Writes the changed instances, the rosters and the table into `folder` (created 0700 when missing).
    private func write(_ comparison: WhatIfComparison, names: [String], into folder: String) throws {
        try makeOutputFolder(folder, usage: "--out names a folder")
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        let texts =
            [Self.rosterText(comparison.base)]
            + comparison.scenarios.flatMap { [InstanceEncoder.text($0.instance), Self.rosterText($0)] }
            + [comparison.markdown, JSONWriter.write(comparison.json)]
        let files = Array(zip(Self.outputNames(names), texts))
        try reportingInputErrors {
            for (name, text) in files { try AtomicFile.write(text, to: path(name)) }
        }
        if !quiet { printError("wrote \(files.count) files to \(folder)") }
    }

    /// The roster file as `solve -o` writes it, with the re-planning summary when there is one.
    static func rosterText(_ column: WhatIfComparison.Column) -> String {
        let facts = RosterFacts(instance: column.instance, roster: column.outcome.roster, outcome: column.outcome)
        guard case .object(var document) = RosterJSON(facts).document else { return RosterJSON(facts).text }
        if let replanning = column.replanning { document["replanning"] = replanning.json }
        return JSONWriter.write(.object(document))
    }

    private func progress(_ message: String) {
        if !quiet { printError(message) }
    }
}
