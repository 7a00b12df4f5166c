import Foundation
import RosterKit
import RosterSolvers

/// Runs a suite: every (instance, configuration) pair the filters keep, `repeats` times, each
/// in a child process; checks every roster with `RosterChecker` and the shared Python checker.
///
/// A child that fails, crashes or overruns is recorded as a row with its stderr tail, and the
/// run goes on. Files go under `output`: `rosters/`, `models/` and `logs/`.
struct BenchRunner {
    var suite: BenchSuite
    /// The `iop-planner` binary run as the child.
    var planner: String
    var output: String
    var repeats = 1
    /// Whether repetition k runs with the seed plus k - 1 rather than the seed itself.
    var varySeed = false
    var filters: [String] = []
    /// `python3` and `check_roster.py`, or why they are not used.
    var pythonChecker: Result<(interpreter: String, script: String), Unavailable>
    /// Paths of the external solvers that are installed.
    var externalSolvers: [BenchConfiguration.Solver: String] = [:]
    var interruption = CancellationFlag()
    /// Receives one progress line per run, and each problem as it is found.
    var log: (String) -> Void = { _ in }

    struct Unavailable: Error {
        var reason: String
        /// The end of the failing command's output, for the report.
        var detail: String?
    }

    /// What a run of the suite produced.
    struct Outcome {
        var runs: [BenchRun]
        /// Things left out, in words (a peer that is not installed).
        var notes: [String]
        var interrupted: Bool
    }

    /// Whether a pair is kept: every filter is part of `family/instance/configuration`.
    static func matches(_ filters: [String], instance: BenchInstance, configuration: BenchConfiguration) -> Bool {
        let key = "\(instance.family)/\(instance.name)/\(configuration.name)"
        return filters.allSatisfy { key.contains($0) }
    }

    /// The pairs to run, instance by instance, in suite order.
    func plan() -> [(instance: BenchInstance, configurations: [BenchConfiguration])] {
        suite.instances.compactMap { instance in
            let kept = suite.configurations.filter { Self.matches(filters, instance: instance, configuration: $0) }
            return kept.isEmpty ? nil : (instance, kept)
        }
    }

    func run() throws -> Outcome {
        for folder in ["rosters", "models", "logs"] {
            try FileManager.default.createDirectory(atPath: "\(output)/\(folder)", withIntermediateDirectories: true)
        }
        let plan = plan()
        var notes: [String] = []
        for solver in Set(plan.flatMap { $0.configurations.map(\.solver) }).filter(\.isExternal).sorted(by: {
            $0.rawValue < $1.rawValue
        })
        where externalSolvers[solver] == nil {
            notes.append("\(solver.rawValue) is not installed: its rows are left out")
        }
        let planned =
            plan.reduce(0) {
                $0 + $1.configurations.count { !$0.solver.isExternal || externalSolvers[$0.solver] != nil }
            } * repeats
        var runs: [BenchRun] = []
        for (instance, configurations) in plan {
            if interruption.isCancelled { break }
            let first = runs.count
            let loaded: Result<RosterChecker, InputError> = Result { () throws(InputError) in
                RosterChecker(try InputFile.loadInstance(instance.resolvedPath).instance)
            }
            let patients = (try? loaded.get())?.index.instance.patients.count ?? 0
            var model: Result<String, Unavailable>?
            for configuration in configurations {
                if configuration.solver.isExternal, externalSolvers[configuration.solver] == nil { continue }
                for repetition in 1...repeats {
                    if interruption.isCancelled { break }
                    let limit = configuration.timeLimit.seconds(for: instance.family) ?? 0
                    let seed =
                        configuration.solver.isExternal
                        ? nil : (configuration.seed ?? suite.seed) &+ (varySeed ? UInt64(repetition - 1) : 0)
                    var run = BenchRun(
                        instance: instance, patients: patients, configuration: configuration,
                        timeLimit: limit, seed: seed, repetition: repetition)
                    switch loaded {
                    case .failure(let error):
                        run.outcome = .skipped
                        run.message = "the instance cannot be loaded: \(error)"
                    case .success(let checker):
                        if configuration.solver.isExternal, !configuration.solver.writesRoster {
                            if model == nil { model = exportModel(instance) }
                            solveModel(model!, with: configuration, into: &run)
                        } else {
                            solve(instance, checker, with: configuration, into: &run)
                        }
                    }
                    runs.append(run)
                    log(progressLine(run, number: runs.count, of: planned))
                    for problem in run.problems { log("  !! \(problem)") }
                }
            }
            for problem in Self.crossCheckBounds(&runs[first...]) { log("  !! \(problem)") }
        }
        return Outcome(runs: runs, notes: notes, interrupted: interruption.isCancelled)
    }

    // MARK: Planner runs

    private func fileStem(_ run: BenchRun) -> String {
        fileStem(instance: run.pair.instance, configuration: run.pair.configuration, repetition: run.repetition)
    }

    private func fileStem(instance: String, configuration: String, repetition: Int) -> String {
        repeats > 1 ? "\(instance).\(configuration).r\(repetition)" : "\(instance).\(configuration)"
    }

    /// Every file the planned runs may write under `output` (paths relative to it): each run's
    /// roster and logs, each instance's model and its export's logs.
    func outputNames() -> [String] {
        plan().flatMap { instance, configurations in
            let model = ["models/\(instance.name).mps"] + Self.logNames(of: "\(instance.name).export-model")
            let runs = configurations.flatMap { configuration in
                (1...repeats).flatMap { repetition in
                    let stem = fileStem(
                        instance: instance.name, configuration: configuration.name, repetition: repetition)
                    return ["rosters/\(stem).json"] + Self.logNames(of: stem)
                }
            }
            return model + runs
        }
    }

    /// The logs a child (and the shared checker) may write for `stem`.
    private static func logNames(of stem: String) -> [String] {
        ["stdout", "stderr", "python.json", "python.stderr"].map { "logs/\(stem).\($0)" }
    }

    /// Runs a child that writes a roster and checks its roster: the planner's `solve`, or a peer
    /// such as `cpsat INSTANCE --time-limit T --workers 2 -o ROSTER [ARGS...]`, checked exactly as
    /// the planner's.
    private func solve(
        _ instance: BenchInstance, _ checker: RosterChecker, with configuration: BenchConfiguration,
        into run: inout BenchRun
    ) {
        let stem = fileStem(run)
        let roster = "\(output)/rosters/\(stem).json"
        unlink(roster)
        let executable: String
        if configuration.solver.isExternal {
            executable = externalSolvers[configuration.solver]!
            run.command = [
                instance.resolvedPath, "--time-limit", JSONWriter.format(run.pair.timeLimit), "--workers", "2", "-o",
                roster,
            ]
        } else {
            executable = planner
            run.command =
                [
                    "solve", instance.resolvedPath, "--solver", configuration.solver.rawValue, "--time-limit",
                    JSONWriter.format(run.pair.timeLimit), "--seed", String(run.seed ?? suite.seed), "--quiet",
                    "--format",
                    "json", "-o", roster,
                ] + (configuration.localSearch ? [] : ["--no-local-search"])
        }
        run.command += configuration.arguments
        execute(executable, run.command, stem: stem, hardLimit: run.pair.timeLimit + suite.graceSeconds).record(
            into: &run)
        readBack(roster, stem: stem, instance: instance, checker, into: &run)
    }

    /// Checks the roster a child wrote, or records that it wrote none.
    private func readBack(
        _ roster: String, stem: String, instance: BenchInstance, _ checker: RosterChecker, into run: inout BenchRun
    ) {
        if FileManager.default.fileExists(atPath: roster) {
            run.artifact = "rosters/\(stem).json"
            check(roster, instance: instance, checker, into: &run)
        } else if run.outcome == .ok {
            run.outcome = .error
            run.message = "exited 0 but wrote no roster"
            run.stderrTail = ChildProcess.tail(of: "\(output)/logs/\(stem).stderr")
        }
    }

    /// How a child ended, from the runner's point of view, with what it measured.
    struct Execution {
        var outcome: BenchRun.Outcome
        var message: String?
        var stderrTail: String?
        var measured: ChildProcess.Outcome?

        func record(into run: inout BenchRun) {
            run.outcome = outcome
            run.message = message
            run.stderrTail = stderrTail
            run.wallSeconds = measured?.wallSeconds
            run.cpuSeconds = measured?.cpuSeconds
            run.peakKiB = measured?.peakKiB
            run.peakSource = measured?.peakSource
        }
    }

    /// Runs a child with its output in `logs/STEM.stdout` and `logs/STEM.stderr`.
    private func execute(_ executable: String, _ arguments: [String], stem: String, hardLimit: Double) -> Execution {
        let stderr = "\(output)/logs/\(stem).stderr"
        let child = ChildProcess(
            executable: executable, arguments: arguments, standardOutput: "\(output)/logs/\(stem).stdout",
            standardError: stderr, hardLimit: hardLimit, interruption: interruption)
        let ended: ChildProcess.Outcome
        do {
            ended = try child.run()
        } catch {
            return Execution(outcome: .error, message: error.description)
        }
        var execution = Execution(outcome: .ok, measured: ended)
        if ended.stopped {
            execution.outcome = interruption.isCancelled ? .interrupted : .timeout
            execution.message =
                interruption.isCancelled
                ? "stopped: the benchmark was interrupted"
                : "stopped after \(String(format: "%.1f", ended.wallSeconds)) s (hard limit "
                    + "\(JSONWriter.format(hardLimit)) s); \(ended.endingDescription)"
        } else {
            switch ended.ending {
            case .exited(0): execution.outcome = .ok
            case .exited: execution.outcome = .error
            case .signaled: execution.outcome = .crash
            }
            if execution.outcome != .ok { execution.message = ended.endingDescription }
        }
        if execution.outcome != .ok { execution.stderrTail = ChildProcess.tail(of: stderr) }
        return execution
    }

    /// Reads the roster file, checks it in-process and with the shared checker, and records
    /// every disagreement.
    private func check(_ path: String, instance: BenchInstance, _ checker: RosterChecker, into run: inout BenchRun) {
        let document: JSONValue
        do {
            document = try InputFile.readJSON(path)
        } catch {
            fail(&run, "the roster file is not JSON: \(error)")
            return
        }
        let fields = document.objectValue
        run.status = fields?["status"]?.stringValue
        run.reportedSolver = fields?["solver"]?.stringValue
        run.bound = fields?["bound"]?.numberValue
        let reportedGap = fields?["gap"]?.numberValue
        let reported = fields?["objective"]?.objectValue.flatMap(Self.terms)
        let reportedTotal = fields?["objective"]?.objectValue?["total"]?.numberValue

        do {
            let roster = try RosterDecoder().decode(document)
            let report = checker.check(roster)
            run.terms = report.terms
            run.total = report.total
            run.swiftCheck =
                report.isValid
                ? .valid(total: report.total)
                : .invalid(violations: report.violations.map(\.description), total: report.total)
            if reported != report.terms || !BenchMath.same(reportedTotal, report.total) {
                run.problems.append(
                    "DISAGREEMENT: the roster file reports \(Self.describe(reported, reportedTotal)), "
                        + "RosterChecker computes \(Self.describe(report.terms, report.total))")
            }
        } catch {
            fail(&run, "the roster file is malformed: \(error)")
            run.swiftCheck = .failed("malformed roster: \(error)")
        }
        run.pythonCheck = pythonVerdict(instance: instance.resolvedPath, roster: path, stem: fileStem(run))

        for (name, verdict) in [("RosterChecker", run.swiftCheck), ("check_roster.py", run.pythonCheck)] {
            if case .invalid(let violations, _)? = verdict {
                run.problems.append(
                    "INVALID roster: \(name) finds \(violations.count) violations; first: \(violations.first ?? "?")")
            }
            if case .failed(let reason)? = verdict, name == "check_roster.py" {
                run.problems.append("check_roster.py could not judge the roster: \(reason)")
            }
        }
        if let swift = run.swiftCheck, let python = run.pythonCheck, let swiftValid = swift.isValid,
            let pythonValid = python.isValid,
            swiftValid != pythonValid || !BenchMath.same(swift.total, python.total)
        {
            run.problems.append(
                "DISAGREEMENT: RosterChecker says \(swift.label) total \(Self.number(swift.total)), "
                    + "check_roster.py says \(python.label) total \(Self.number(python.total))")
        }
        if let bound = run.bound, let total = run.total {
            if BenchMath.boundExceeds(bound, total: total) {
                run.problems.append(
                    "BOUND ABOVE TOTAL: the roster reports bound \(Self.number(bound)) above its own total "
                        + "\(Self.number(total))")
            }
            run.gap = reportedGap ?? RelativeGap.between(total, bound)
        }
    }

    private func fail(_ run: inout BenchRun, _ message: String) {
        run.problems.append(message)
        if run.outcome == .ok {
            run.outcome = .error
            run.message = message
        }
    }

    /// `check_roster.py INSTANCE ROSTER --json`, read back.
    private func pythonVerdict(instance: String, roster: String, stem: String) -> CheckVerdict {
        let checker: (interpreter: String, script: String)
        switch pythonChecker {
        case .failure(let unavailable): return .unavailable(unavailable.reason)
        case .success(let found): checker = found
        }
        let stdout = "\(output)/logs/\(stem).python.json"
        let stderr = "\(output)/logs/\(stem).python.stderr"
        let child = ChildProcess(
            executable: checker.interpreter, arguments: [checker.script, instance, roster, "--json"],
            standardOutput: stdout,
            standardError: stderr, hardLimit: 600)
        guard let ended = try? child.run() else { return .failed("cannot start \(checker.interpreter)") }
        guard ended.ending == .exited(0) || ended.ending == .exited(1) else {
            return .failed("\(ended.endingDescription): \(ChildProcess.tail(of: stderr, lines: 3))")
        }
        guard let data = FileManager.default.contents(atPath: stdout),
            let document = try? JSONParser.parse([UInt8](data)),
            let fields = document.objectValue, case .bool(let valid)? = fields["valid"]
        else { return .failed("unreadable --json output") }
        let total = fields["objective"]?.objectValue?["total"]?.numberValue
        if valid, let total { return .valid(total: total) }
        return .invalid(violations: fields["violations"]?.arrayValue?.compactMap(\.stringValue) ?? [], total: total)
    }

    static func terms(_ objective: JSONObject) -> ObjectiveTerms? {
        guard let unmet = objective["unmetHours"]?.integerValue,
            let other = objective["otherModalityHours"]?.integerValue,
            let secondary = objective["secondaryModalityHours"]?.integerValue,
            let groups = objective["groups"]?.integerValue,
            let breaks = objective["continuityBreaks"]?.integerValue
        else { return nil }
        return ObjectiveTerms(
            unmetHours: unmet, otherModalityHours: other, secondaryModalityHours: secondary, groups: groups,
            continuityBreaks: breaks)
    }

    private static func describe(_ terms: ObjectiveTerms?, _ total: Double?) -> String {
        guard let terms else { return "no objective terms (total \(number(total)))" }
        return
            "unmet \(terms.unmetHours), other \(terms.otherModalityHours), secondary \(terms.secondaryModalityHours), "
            + "groups \(terms.groups), breaks \(terms.continuityBreaks), total \(number(total))"
    }

    static func number(_ value: Double?) -> String { value.map(JSONWriter.format) ?? "none" }

    // MARK: External solvers

    /// Writes the instance's model once (`export-model --format mps`), for every peer and repetition.
    private func exportModel(_ instance: BenchInstance) -> Result<String, Unavailable> {
        let path = "\(output)/models/\(instance.name).mps"
        let stem = "\(instance.name).export-model"
        let execution = execute(
            planner, ["export-model", instance.resolvedPath, "--format", "mps", "-o", path], stem: stem, hardLimit: 600)
        guard execution.outcome == .ok, FileManager.default.fileExists(atPath: path) else {
            return .failure(
                Unavailable(
                    reason: "export-model failed: \(execution.message ?? "it wrote no model")",
                    detail: execution.stderrTail))
        }
        return .success(path)
    }

    private func solveModel(
        _ model: Result<String, Unavailable>, with configuration: BenchConfiguration, into run: inout BenchRun
    ) {
        run.swiftCheck = .unavailable("an external solver's objective, no roster")
        run.pythonCheck = .unavailable("an external solver's objective, no roster")
        let path: String
        switch model {
        case .failure(let unavailable):
            run.outcome = .skipped
            run.message = unavailable.reason
            run.stderrTail = unavailable.detail
            return
        case .success(let found): path = found
        }
        let stem = fileStem(run)
        run.artifact = "models/\(URL(fileURLWithPath: path).lastPathComponent)"
        run.command = ExternalSolver.arguments(
            for: configuration.solver, model: path, timeLimit: run.pair.timeLimit, extra: configuration.arguments)
        execute(
            externalSolvers[configuration.solver]!, run.command, stem: stem,
            hardLimit: run.pair.timeLimit + suite.graceSeconds
        )
        .record(into: &run)
        let printed = FileContents.text("\(output)/logs/\(stem).stdout") ?? ""
        let result = ExternalSolver.parse(printed, of: configuration.solver)
        run.status = result.status
        run.total = result.objective
        run.bound = result.bound
        if let total = result.objective, let bound = result.bound { run.gap = RelativeGap.between(total, bound) }
        if run.outcome == .ok, result.objective == nil {
            run.outcome = .error
            run.message = "no solution reported (status: \(result.status))"
            run.stderrTail = ChildProcess.tail(of: "\(output)/logs/\(stem).stdout")
        }
    }

    // MARK: Cross-checks

    /// Flags every proven bound above a total some valid roster or external solver reached on
    /// the same instance: one of the two is wrong. Returns the new problems.
    static func crossCheckBounds(_ runs: inout ArraySlice<BenchRun>) -> [String] {
        var found: [String] = []
        let totals = runs.indices.filter { index in
            runs[index].total != nil
                && (runs[index].swiftCheck?.isValid ?? false
                    || BenchConfiguration.Solver(rawValue: runs[index].pair.solver).map {
                        $0.isExternal && !$0.writesRoster
                    }
                        == true)
        }
        for boundIndex in runs.indices {
            guard let bound = runs[boundIndex].bound else { continue }
            for totalIndex in totals where totalIndex != boundIndex {
                let total = runs[totalIndex].total!
                guard BenchMath.boundExceeds(bound, total: total) else { continue }
                let problem =
                    "BOUND CONFLICT on \(runs[boundIndex].pair.instance): \(runs[boundIndex].pair.configuration) "
                    + "proves bound \(number(bound)) "
                    + "but \(runs[totalIndex].pair.configuration) reaches total \(number(total))"
                for index in [boundIndex, totalIndex] where !runs[index].problems.contains(problem) {
                    runs[index].problems.append(problem)
                }
                if !found.contains(problem) { found.append(problem) }
            }
        }
        return found
    }

    // MARK: Progress

    private func progressLine(_ run: BenchRun, number: Int, of planned: Int) -> String {
        let width = String(planned).count
        let counter = String(repeating: " ", count: max(0, width - String(number).count)) + "\(number)/\(planned)"
        var parts = [run.outcome.rawValue + (run.status.map { " (\($0))" } ?? "")]
        if let total = run.total { parts.append("total \(Self.number(total))") }
        if let bound = run.bound { parts.append("bound \(Self.number(bound))") }
        if let gap = run.gap { parts.append(String(format: "gap %.2f%%", gap * 100)) }
        if let wall = run.wallSeconds { parts.append(String(format: "%.2f s", wall)) }
        if let peak = run.peakKiB { parts.append(String(format: "%.0f MiB", Double(peak) / 1024)) }
        if let message = run.message, run.outcome != .ok {
            parts.append(message.replacingOccurrences(of: "\n", with: " "))
        }
        let repetition = repeats > 1 ? " #\(run.repetition)" : ""
        return "[\(counter)] \(run.pair.instance) / \(run.pair.configuration)\(repetition): "
            + parts.joined(separator: ", ")
    }
}
