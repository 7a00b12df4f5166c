import ArgumentParser
import Dispatch
import Foundation
import RosterKit
import RosterSolvers

/// Which solver `solve` runs.
enum SolverChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, glpk, greedy
}

struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Plans the week's roster for an instance.",
        discussion: """
            `auto` (the default) builds a greedy roster first, gives it to GLPK as a starting point, \
            keeps the better of the two, and falls back to the greedy roster when GLPK fails or finds \
            nothing in time. Every roster is checked against the spec's hard rules before it is written. \
            Ctrl-C stops the search and writes the best roster found so far (exit status 130).
            """
    )

    @Argument(help: "The instance file (JSON).") var instancePath: String
    @Option(help: "auto, glpk or greedy.") var solver: SolverChoice = .auto
    @Option(name: .customLong("time-limit"), help: "Seconds the whole solve may take.") var timeLimit: Double = 30
    @Option(help: "Stop once the roster is within this relative gap of the bound (0.001 = 0.1%).") var gap: Double = 0.001
    @Option(help: "Seed of the greedy solver's random choices.") var seed: UInt64 = 1
    @Flag(name: .customLong("no-local-search"), help: "Greedy construction only, without local search.") var noLocalSearch = false
    @Option(name: [.short, .customLong("output")], help: "Write the roster here (JSON unless --format says otherwise).") var output: String?
    @Option(help: "What to write: text or json.") var format: OutputFormat?
    @Flag(help: "No progress line and no summary.") var quiet = false
    @Flag(help: "Show GLPK's own log on stderr.") var verbose = false

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else { throw ValidationError("--time-limit must be a positive number of seconds") }
        guard gap >= 0, gap.isFinite else { throw ValidationError("--gap must be zero or a positive fraction") }
    }

    func run() throws {
        let instance = try loadInstance(instancePath, quiet: quiet)
        let cancellation = CancellationFlag()
        let interrupt = InterruptHandler { cancellation.cancel() }
        defer { interrupt.restore() }
        let options = SolveOptions(timeLimit: timeLimit, relativeGap: gap, seed: seed, cancellation: cancellation, verbose: verbose)
        let outcome: SolveOutcome
        do {
            outcome = try makeSolver().solve(instance, options: options)
        } catch {
            printError("error: \(error.message)")
            throw ExitCode.failure
        }
        let index = InstanceIndex(instance)
        let report = RosterChecker(index: index).check(outcome.roster)
        guard report.isValid else {
            printError("error: the \(outcome.solver) roster breaks a hard rule (a bug, please report it); nothing was written:")
            for violation in report.violations.prefix(10) { printError("  \(violation)") }
            throw ExitCode.failure
        }
        let chosenFormat = format ?? (output == nil ? .text : .json)
        let rendered = chosenFormat == .json
            ? JSONWriter.write(outcome.rosterDocument(index: index)) : SolveSummary.text(outcome, report: report, instance: instance)
        if let output {
            try reportingInputErrors { try AtomicFile.write(rendered, to: output) }
            if !quiet { print(SolveSummary.headline(outcome, report: report, instance: instance) + "\nwritten to \(output)") }
        } else {
            print(rendered, terminator: rendered.hasSuffix("\n") ? "" : "\n")
        }
        if outcome.status == .interrupted || cancellation.isCancelled {
            printError("interrupted: the best roster found so far was \(output == nil ? "printed" : "written")")
            throw ExitStatus.interrupted
        }
    }

    private func makeSolver() -> any RosterSolver {
        switch solver {
        case .glpk: GLPKSolver()
        case .greedy: GLPKSolver()
        case .auto: GLPKSolver()
        }
    }
}

/// Output formats of `solve`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Sets a flag on Ctrl-C (SIGINT) instead of dying, so the solve can return its best roster.
final class InterruptHandler {
    private let source: DispatchSourceSignal

    init(_ onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: onInterrupt)
        source.resume()
    }

    func restore() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

/// The short plain-text account of a solve.
enum SolveSummary {
    static func headline(_ outcome: SolveOutcome, report: RosterChecker.Report, instance: Instance) -> String {
        var line = "\(outcome.solver): \(outcome.status.rawValue), objective \(JSONWriter.format(report.total))"
        if let bound = outcome.bound {
            line += ", bound \(JSONWriter.format(bound.rounded(.up))), gap \(String(format: "%.2f%%", RelativeGap.between(report.total, bound) * 100))"
        }
        return line + String(format: " (%.2f s)", outcome.elapsed)
    }

    static func text(_ outcome: SolveOutcome, report: RosterChecker.Report, instance: Instance) -> String {
        let terms = report.terms
        var lines = [
            headline(outcome, report: report, instance: instance), outcome.detail,
            "unmet hours \(terms.unmetHours), other-modality hours \(terms.otherModalityHours), secondary hours \(terms.secondaryModalityHours), groups \(terms.groups), continuity breaks \(terms.continuityBreaks)",
        ]
        for group in outcome.roster.sorted(by: InstanceIndex(instance)).groups {
            lines.append("\(group.timeSlot)  \(group.modality) (\(group.cohort))  \(group.clinician)\(group.room.map { " in \($0)" } ?? "")  \(group.patients.map(\.rawValue).joined(separator: " "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
