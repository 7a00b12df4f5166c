import ArgumentParser
import RosterKit
import RosterReports
import RosterSolvers

/// `iop-planner admit`: ranked ways to seat one new patient in a week's roster, optionally applied.
struct AdmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admit",
        abstract: "Finds the best ways to fit one new patient into a week's roster, changing as little as possible.",
        discussion: """
            PATIENT.json holds one patient object as written in an instance's `patients`. Options that \
            only add the patient (groups with a free seat, nobody else moves) come first; when none places \
            every prescribed hour, options that move other patients follow. Each option names its \
            session-days and groups, the objective's change term by term (against the roster as it is, \
            with the patient on the books but seated nowhere) and the patients who would move (ids). When \
            hours stay unmet, the reasons are given in the same words as a roster's unmet hours, with the \
            changes that would make room. Every option's roster passes every hard rule.

            --apply N writes option N's roster to --output, and --instance-output the instance with the \
            patient added (the roster is checked against it).

            Exit status: 0 options listed (possibly none), 1 the roster breaks a hard rule, 2 an input file \
            is unreadable or malformed.
            """
    )

    @Argument(help: "The week's instance file (JSON).") var instancePath: String
    @Argument(help: "The week's roster file (JSON), as sent out.") var rosterPath: String
    @Argument(help: "The new patient (one patient object, JSON).") var patientPath: String
    @Option(help: "How many options to list.") var top = 5
    @Option(help: "text or json.") var format: AdmissionFormat = .text
    @Option(
        parsing: .unconditional,
        help: "Seconds the whole command may take (options that move others are searched in what is left).")
    var timeLimit =
        0.8
    @Option(help: "Write the roster of option N (1 is the best) to --output.") var apply: Int?
    @Option(name: [.short, .customLong("output")], help: "Where --apply writes the roster.") var output: String?
    @Option(help: "Write the instance with the patient added here.") var instanceOutput: String?

    /// How the options are printed.
    enum AdmissionFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be positive") }
        if let apply, apply < 1 { throw ValidationError("--apply must be at least 1") }
        if (apply == nil) != (output == nil) { throw ValidationError("--apply and --output go together") }
    }

    func run() throws {
        // The limit holds for the whole command: reading and checking the files count too.
        let deadline = Deadline(seconds: timeLimit)
        try RenderedOutput.refuseOverwriting(
            inputs: [instancePath, rosterPath, patientPath], with: [output, instanceOutput])
        let instance = try loadInstance(instancePath)
        let roster = try reportingInputErrors { try InputFile.loadRoster(rosterPath) }
        let report = RosterChecker(instance).check(roster)
        guard report.isValid else {
            let rules = Set(report.violations.map(\.rule.rawValue)).sorted().joined(separator: ", ")
            printError(
                "error: \(rosterPath) breaks \(report.violations.count) hard rules of \(instancePath) "
                    + "(\(rules)); admissions are planned only into a valid roster")
            throw ExitStatus.invalidRoster
        }
        let admitted = try reportingInputErrors { try InputFile.loadAdmission(patientPath, into: instance) }
        guard let patient = admitted.patients.last?.id else { throw ExitStatus.badInput }
        let search = AdmissionFinder(admitted: admitted, roster: roster, patient: patient).search(
            top: max(top, apply ?? 0), deadline: deadline)
        let shown = AdmissionSearch(
            patient: search.patient, weeklyHours: search.weeklyHours, options: Array(search.options.prefix(top)),
            elapsed: search.elapsed, cutShort: search.cutShort)
        let rendered = AdmissionReport(shown, instance: admitted, roster: roster)
        print(format == .json ? JSONWriter.write(rendered.json) : rendered.text, terminator: "")
        try reportingInputErrors {
            if let instanceOutput { try AtomicFile.write(InstanceEncoder.text(admitted), to: instanceOutput) }
            if let apply, let output {
                guard apply <= search.options.count else {
                    printError(
                        "error: --apply \(apply): there are only \(search.options.count) options; nothing was "
                            + "written to \(output)")
                    throw ExitStatus.badInput
                }
                let facts = RosterFacts(instance: admitted, roster: search.options[apply - 1].roster)
                try AtomicFile.write(RosterJSON(facts).text, to: output)
            }
        }
    }
}
