import ArgumentParser
import Foundation
import RosterKit
import RosterReports

/// `iop-planner report`: renders a roster as a plain-words report, CSV, HTML, iCalendar or JSON.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Renders a roster for people: a plain-words report, CSV, HTML, iCalendar files or JSON.",
        discussion: """
            The roster is checked first: one that breaks a hard rule is not rendered. With --format ics, \
            -o names a folder that receives one calendar per clinician (and per patient with \
            --patient-calendars), and the instance needs "weekOf"; otherwise -o names a file, and without \
            it the output goes to standard output. Files are written atomically with mode 0600. Patient \
            names appear only in the rendered output, never in messages; --pseudonymize leaves them out too.

            Exit status: 0 rendered, 1 the roster breaks a hard rule, 2 an input file is unreadable or \
            malformed, or the output cannot be written, 64 bad command-line usage.
            """
    )

    @Argument(help: "The instance file (JSON).") var instancePath: String
    @Argument(help: "The roster file (JSON).") var rosterPath: String
    @OptionGroup var inputLimits: InputLimitOptions
    @Option(help: "The output format (default: the one -o's extension names, else text).")
    var format: RenderFormat?
    @Option(name: [.short, .customLong("output")], help: "The output file (the folder for ics).") var output: String?
    @Flag(help: "With --format ics, also write one calendar per patient.") var patientCalendars = false
    @Flag(help: "Use ids only: no patient or clinician names in any output.") var pseudonymize = false

    /// `--format`, else the format `-o`'s extension names, else text.
    var chosenFormat: RenderFormat { (try? RenderedOutput.format(format, output: output, fallback: .text)) ?? .text }

    func validate() throws {
        let format = try RenderedOutput.format(format, output: output, fallback: .text)
        if format == .ics, output == nil || output == "-" {
            throw ValidationError("--format ics writes one calendar per clinician: give their folder with -o FOLDER")
        }
        if patientCalendars, format != .ics {
            throw ValidationError("--patient-calendars applies to --format ics only")
        }
    }

    func run() throws {
        try RenderedOutput.refuseOverwriting(inputs: [instancePath, rosterPath], with: [output])
        let format = chosenFormat
        let instance = try loadInstance(instancePath)
        try RenderedOutput.refuseOverwriting(
            inputs: [instancePath, rosterPath], calendarsOf: instance, format: format, in: output,
            patientCalendars: patientCalendars)
        let roster = try reportingInputErrors { try InputFile.loadRoster(rosterPath) }
        let check = RosterChecker(instance).check(roster)
        guard check.isValid else {
            for violation in check.violations { printError("violation [\(violation.rule.rawValue)]: \(violation)") }
            printError(
                "error: \(rosterPath): the roster breaks \(check.violations.count) hard rules; nothing was rendered")
            throw ExitStatus.invalidRoster
        }
        let options = RenderOptions(pseudonymize: pseudonymize, patientCalendars: patientCalendars)
        let facts = RosterFacts(instance: instance, roster: roster, options: options)
        let files = try RenderedOutput.render(format, facts: facts, instancePath: instancePath)
        try RenderedOutput.write(files, format: format, to: output)
    }
}
