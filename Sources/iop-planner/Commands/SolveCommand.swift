import ArgumentParser
import Dispatch
import Foundation
import RosterKit
import RosterReports
import RosterSolvers

/// Which solver `solve` runs.
enum SolverChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, glpk, greedy
}

/// `iop-planner solve`: plans an instance's week and prints or writes the checked roster.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Plans the week's roster for an instance.",
        discussion: """
            `auto` (the default) builds a greedy roster first, gives it to GLPK as a starting point, \
            keeps the better of the two, and falls back to the greedy roster when GLPK fails or finds \
            nothing in time. Every roster is checked against the spec's hard rules before it is written. \
            Ctrl-C or SIGTERM stops the search and writes the best roster found so far (exit status 130, or 143 for \
            SIGTERM).
            """
    )

    @Argument(help: "The instance file (JSON).") var instancePath: String
    @OptionGroup var inputLimits: InputLimitOptions
    @Option(help: "auto, glpk or greedy.") var solver: SolverChoice = .auto
    @Option(
        name: .customLong("time-limit"), parsing: .unconditional,
        help: "Seconds the command may take, reading and writing included.") var timeLimit: Double = 30
    @Option(
        help: """
            Stop once the roster is within this relative gap of the bound (0.001 = 0.1%); 0 searches until \
            proven optimal or the time limit.
            """) var gap: Double = 0
    @Option(
        name: .customLong("gap-points"),
        help: """
            Stop once the roster is at most this many points above the proven bound; 0 searches until proven \
            optimal or the time limit.
            """) var gapPoints: Double = 0
    @Option(help: "Seed of the greedy solver's random choices.") var seed: UInt64 = 1
    @Flag(name: .customLong("no-local-search"), help: "Greedy construction only, without local search.")
    var noLocalSearch = false
    @Option(
        name: .customLong("max-moves"),
        help: "Stop local search after this many improving moves, so the roster does not depend on the machine's speed."
    )
    var maxMoves: Int?
    @Option(name: [.short, .customLong("output")], help: "Write here (a file; a folder for --format ics).") var output:
        String?
    @Option(help: "text, json, csv, html or ics (default: text on the terminal, json into -o).") var format:
        RenderFormat?
    @Flag(help: "With --format ics, also write one calendar per patient.") var patientCalendars = false
    @Flag(help: "Use ids only: no patient or clinician names in any output.") var pseudonymize = false
    @Flag(help: "No warnings, no progress line and no summary.") var quiet = false
    @Flag(help: "Every warning, and GLPK's own log on stderr.") var verbose = false
    @Option(
        help: ArgumentHelp(
            """
            Re-plan from this roster: keep every assignment still valid unless moving it places more hours, and \
            report what moved (--solver and --gap do not apply).
            """,
            valueName: "previous-roster"))
    var keep: String?

    /// `--format`, else the format `-o`'s extension names, else text on the terminal and json into a file.
    var chosenFormat: RenderFormat {
        (try? RenderedOutput.format(format, output: output, fallback: output == nil ? .text : .json)) ?? .json
    }

    func validate() throws {
        let format = try RenderedOutput.format(format, output: output, fallback: output == nil ? .text : .json)
        guard timeLimit > 0, timeLimit.isFinite else {
            throw ValidationError("--time-limit must be a positive number of seconds")
        }
        guard gap >= 0, gap.isFinite else { throw ValidationError("--gap must be zero or a positive fraction") }
        guard gapPoints >= 0, gapPoints.isFinite else {
            throw ValidationError("--gap-points must be zero or a positive number of points")
        }
        if let maxMoves, maxMoves < 0 { throw ValidationError("--max-moves must be 0 or more") }
        if format == .ics, output == nil || output == "-" {
            throw ValidationError("--format ics writes one calendar per clinician: give their folder with -o FOLDER")
        }
        if patientCalendars, format != .ics {
            throw ValidationError("--patient-calendars applies to --format ics only")
        }
    }

    /// Seconds kept back from the search for checking, explaining and writing the roster, so the
    /// command ends within `--time-limit`: a hundredth of the limit, or four times what reading
    /// the input took when that is more (checking, explaining and writing are a few passes over a
    /// roster the size of the input, on the same machine at the same load: on a 10,000-patient
    /// week about three times the reading), at most half the limit.
    static func finishingReserve(timeLimit: Double, readSeconds: Double) -> Double {
        min(0.5 * timeLimit, max(0.01 * timeLimit, 4 * readSeconds))
    }

    /// Seconds the unmet-hours explanation (the one stage that can stop early) leaves before the
    /// limit for rendering and writing the roster: twice the reading. Rendering and writing take
    /// up to as long as the reading did (one patient with 10,000 separations, 90,000 hours placed:
    /// 0.35 s for 0.33 s of reading), twice that on a loaded machine; with only the reading left
    /// for them, `solve --solver greedy --time-limit 3` on that week ended at 4.16 s.
    static func renderingReserve(readSeconds: Double) -> Double { 2 * readSeconds }

    func run() throws {
        let clock = ProcessClock.deadline(seconds: timeLimit)
        var times = PhaseTimes(clock)
        defer { if verbose { printError(times.line) } }
        try RenderedOutput.refuseOverwriting(inputs: [instancePath, keep], with: [output])
        let instance = try loadInstance(instancePath, quiet: quiet, verbose: verbose)
        try RenderedOutput.refuseOverwriting(
            inputs: [instancePath, keep], calendarsOf: instance, format: chosenFormat, in: output,
            patientCalendars: patientCalendars)
        let previous = try keep.map { path in try reportingInputErrors { try InputFile.loadRoster(path) } }
        times.end("read")
        let readSeconds = clock.elapsed
        let reserve = Self.finishingReserve(timeLimit: timeLimit, readSeconds: readSeconds)
        if !quiet {
            Warnings.print(PreCheck(instance).warnings().map { "\($0)" }, verbose: verbose)
        }
        times.end("pre-check")
        let cancellation = CancellationFlag()
        let interrupt = InterruptHandler { cancellation.cancel() }
        defer { interrupt.restore() }
        let progress = ProgressLine(quiet: quiet)
        let options = SolveOptions(
            timeLimit: max(0.001, clock.remaining - reserve), relativeGap: gap,
            absoluteGap: gapPoints, seed: seed, progress: { progress.update($0) }, cancellation: cancellation,
            verbose: verbose)
        let outcome: SolveOutcome
        var replanning: ReplanningSummary?
        if let previous, let keep {
            let result = try Self.replan(
                instance, from: previous, file: keep, fullSearch: makeSolver(), options: options, progress: progress)
            progress.finish()
            outcome = result.outcome
            replanning = result.summary
            if !quiet, !result.summary.match.description.isEmpty {
                printError("warning: \(keep): \(result.summary.match.line(kept: result.summary.kept))")
            }
        } else {
            do {
                outcome = try makeSolver().solve(instance, options: options)
                progress.finish()
            } catch {
                progress.finish()
                printError("error: \(error.message)")
                throw ExitCode.failure
            }
        }
        times.end("solve")
        let facts = RosterFacts(
            instance: instance, roster: outcome.roster, outcome: outcome,
            options: RenderOptions(
                pseudonymize: pseudonymize, patientCalendars: patientCalendars,
                explanationSeconds: clock.remaining - Self.renderingReserve(readSeconds: readSeconds)))
        guard facts.check.isValid else {
            printError(
                "error: the \(outcome.solver) roster breaks a hard rule (a bug, please report it); nothing was written:"
            )
            for violation in facts.check.violations.prefix(10) { printError("  \(violation)") }
            throw ExitCode.failure
        }
        times.end("check and explain")
        var files = try RenderedOutput.render(chosenFormat, facts: facts, instancePath: instancePath)
        times.end("render")
        if let replanning, let keep {
            files = Self.adding(replanning, from: keep, to: files, format: chosenFormat, facts: facts, quiet: quiet)
        }
        try RenderedOutput.write(files, format: chosenFormat, to: output)
        times.end("write")
        if let output, output != "-", !quiet {
            print(
                Self.headline(
                    outcome, total: facts.check.total, weights: instance.policy.weights, seconds: clock.elapsed))
            if let replanning, let keep { print("re-planned from \(keep): \(replanning.headline)") }
            print("written to \(output)")
        }
        if outcome.constructionCutShort, !cancellation.isCancelled {
            if !quiet {
                let prescribed = instance.patients.reduce(0) { $0 + max(0, $1.weeklyHours) }
                let unmet = facts.check.terms.unmetHours
                printError(
                    "warning: the time limit ended the construction: the roster "
                        + "\(output == nil || output == "-" ? "printed" : "written") places \(prescribed - unmet) "
                        + "of \(prescribed) prescribed hours, the rest unmet; a longer --time-limit places more")
            }
            throw ExitStatus.timeLimit
        }
        if outcome.status == .interrupted || cancellation.isCancelled {
            printError(
                "interrupted: the best roster found so far was "
                    + "\(output == nil || output == "-" ? "printed" : "written")")
            throw interrupt.exitStatus
        }
    }

    /// Re-plans from the roster read from `file`, the way `solve --keep` and `whatif --keep-base`
    /// both do: a roster of which nothing names the instance is refused (exit 2, naming the file).
    static func replan(
        _ instance: Instance, from previous: Roster, file: String, fullSearch: any RosterSolver, options: SolveOptions,
        progress: ProgressLine? = nil
    ) throws -> Replanning {
        do {
            return try Replanner(previous: previous, fullSearch: fullSearch).replan(instance, options: options)
        } catch {
            progress?.finish()
            switch error {
            case .foreignRoster:
                printError("error: \(file): \(error); nothing was written")
                throw ExitStatus.badInput
            case .unsolvable(let reason):
                printError("error: \(reason.message)")
                throw ExitCode.failure
            }
        }
    }

    /// One line: solver, status, objective, bound and gap, and the command's time so far, "in all"
    /// (`seconds`: since the process started, reading and writing included, as `--time-limit` counts);
    /// the report's "solved by" line gives the search's own time, "of search".
    static func headline(_ outcome: SolveOutcome, total: Double, weights: Weights, seconds: Double) -> String {
        var line = "\(outcome.solver): \(outcome.status.rawValue), objective \(JSONWriter.format(total))"
        if let gap = outcome.gap(total: total, weights: weights) {
            line += ", " + gap.brief
        }
        return line + String(format: " (%.2f s in all)", seconds)
    }

    func makeSolver() -> any RosterSolver {
        let greedy = GreedySolver(
            localSearch: !noLocalSearch, localSearchSeconds: timeLimit, maxLocalSearchMoves: maxMoves)
        switch solver {
        case .glpk: return AutoSolver.exactWithFallback(GLPKSolver())
        case .greedy: return greedy
        case .auto: return AutoSolver(exact: GLPKSolver(), heuristic: greedy)
        }
    }
}

/// Sets a flag on Ctrl-C (SIGINT) or SIGTERM (sent by `timeout` and service managers) instead
/// of dying, so the solve can return its best roster; remembers which signal came.
final class InterruptHandler: @unchecked Sendable {
    private static let signals = [SIGINT, SIGTERM]
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: Int32?

    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        for number in Self.signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [unowned self] in
                lock.withLock { if received == nil { received = number } }
                onInterrupt()
            }
            source.resume()
            sources.append(source)
        }
    }

    /// 128 plus the signal's number, as shells report a death by that signal: 130 for SIGINT,
    /// 143 for SIGTERM.
    var exitStatus: ExitCode { ExitCode(128 + (lock.withLock { received } ?? SIGINT)) }

    func restore() {
        for source in sources { source.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }
}
