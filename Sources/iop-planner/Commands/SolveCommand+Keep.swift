import ArgumentParser
import RosterKit
import RosterReports
import RosterSolvers

extension SolveCommand {
    /// `solve --keep PREVIOUS`: re-plans from a previous roster with the least disruption.
    ///
    /// The roster is written as `solve` writes it, with an informative `replanning` member in
    /// JSON (kept, moved, added and dropped patient-hours, reassigned groups) and a re-planning
    /// section in text. Its objective is the spec's, as the checker computes it.
    func runKeeping(_ previousPath: String) throws {
        let instance = try loadInstance(instancePath, quiet: quiet)
        let previous = try reportingInputErrors { try InputFile.loadRoster(previousPath) }
        if !quiet {
            for warning in PreCheck(instance).warnings() { printError("warning: \(warning)") }
        }
        let cancellation = CancellationFlag()
        let interrupt = InterruptHandler { cancellation.cancel() }
        defer { interrupt.restore() }
        let options = SolveOptions(timeLimit: timeLimit, seed: seed, cancellation: cancellation)
        let replanning = Replanner(previous: previous).replan(instance, options: options)
        let outcome = replanning.outcome
        let facts = RosterFacts(
            instance: instance, roster: outcome.roster, outcome: outcome,
            options: RenderOptions(pseudonymize: pseudonymize, patientCalendars: patientCalendars))
        guard facts.check.isValid else {
            printError("error: the re-planned roster breaks a hard rule (a bug, please report it); nothing was written:")
            for violation in facts.check.violations.prefix(10) { printError("  \(violation)") }
            throw ExitCode.failure
        }
        let chosenFormat = format ?? (output == nil ? .text : .json)
        var files = try RenderedOutput.render(chosenFormat, facts: facts, instancePath: instancePath)
        switch chosenFormat {
        case .json:
            guard case .object(var document) = RosterJSON(facts).document else { break }
            document["replanning"] = replanning.summary.json
            files = [RenderedFile(name: files.first?.name ?? "roster.json", text: JSONWriter.write(.object(document)))]
        case .text:
            let section = (["", "Re-planned from \(previousPath)"] + replanning.summary.lines).joined(separator: "\n") + "\n"
            files = [RenderedFile(name: files.first?.name ?? "roster.txt", text: (files.first?.text ?? "") + section)]
        default:
            if !quiet { printError("re-planned from \(previousPath): \(replanning.summary.headline)") }
        }
        try RenderedOutput.write(files, format: chosenFormat, to: output)
        if let output, !quiet {
            print(Self.headline(outcome, total: facts.check.total))
            print("re-planned from \(previousPath): \(replanning.summary.headline)\nwritten to \(output)")
        }
        if outcome.status == .interrupted || cancellation.isCancelled {
            printError("interrupted: the best roster found so far was \(output == nil ? "printed" : "written")")
            throw ExitStatus.interrupted
        }
    }
}
