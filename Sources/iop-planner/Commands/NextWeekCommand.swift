import ArgumentParser
import RosterKit

/// `iop-planner next-week`: next week's instance, with each patient's `previous` from this week's roster.
struct NextWeekCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next-week",
        abstract: "Writes next week's instance from this week's instance and roster.",
        discussion: """
            Every patient's `previous` becomes the session-days they attend in the roster (`[]` for \
            patients who attend none), so next week's continuity term scores against this week. \
            `weekOf`, when present, moves on by seven days. Everything else stays the same (the file \
            is written in the spec's format, defaults left out). The roster must pass every hard rule \
            (exit 1 otherwise, nothing written).
            """
    )

    @Argument(help: "This week's instance file (JSON).") var instancePath: String
    @Argument(help: "This week's roster file (JSON).") var rosterPath: String
    @Option(name: [.short, .customLong("output")], help: "Write next week's instance here instead of printing it.")
    var output: String?
    @Flag(help: "No summary line.") var quiet = false

    func run() throws {
        try RenderedOutput.refuseOverwriting(inputs: [instancePath, rosterPath], with: [output])
        let instance = try loadInstance(instancePath, quiet: quiet)
        let roster = try reportingInputErrors { try InputFile.loadRoster(rosterPath) }
        let report = RosterChecker(instance).check(roster)
        guard report.isValid else {
            printError(
                "error: \(rosterPath) breaks \(report.violations.count) hard rules of \(instancePath); next week "
                    + "is built only from a valid roster; nothing was written:")
            for violation in report.violations.prefix(10) { printError("  \(violation)") }
            throw ExitStatus.invalidRoster
        }
        let next = instance.nextWeek(after: roster)
        let text = InstanceEncoder.text(next)
        guard let output else {
            print(text, terminator: "")
            return
        }
        try reportingInputErrors { try AtomicFile.write(text, to: output) }
        if !quiet {
            let attending = next.patients.count { $0.previous?.isEmpty == false }
            let week = next.weekOf.map { ", week of \($0)" } ?? ""
            print(
                "next week\(week): \(attending) of \(next.patients.count) patients attended this week; written "
                    + "to \(output)")
        }
    }
}
