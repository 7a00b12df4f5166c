import ArgumentParser
import RosterKit

/// `iop-planner check`: checks a roster against an instance's hard rules and scores it.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Checks a roster against an instance: every hard rule, and the objective.",
        discussion: "Exit status: 0 valid, 1 breaks a hard rule, 2 a file is unreadable or malformed."
    )

    @Argument(help: "The instance file (JSON).") var instancePath: String
    @OptionGroup var inputLimits: InputLimitOptions
    @Argument(help: "The roster file (JSON).") var rosterPath: String
    @Flag(help: "Print the verdict as JSON, as `check_roster.py --json` does.") var json = false

    func run() throws {
        let instance = try loadInstance(instancePath, quiet: json)
        let roster = try reportingInputErrors { try InputFile.loadRoster(rosterPath) }
        let report = RosterChecker(instance).check(roster)
        if json {
            let document: JSONValue = [
                "valid": .bool(report.isValid),
                "violations": .array(report.violations.map { .string($0.description) }),
                "objective": report.terms.json(instance.policy.weights),
            ]
            print(JSONWriter.write(document), terminator: "")
        } else {
            for violation in report.violations { print("violation [\(violation.rule.rawValue)]: \(violation)") }
            let terms = report.terms
            print(
                "objective: unmetHours=\(terms.unmetHours) otherModalityHours=\(terms.otherModalityHours)"
                    + " secondaryModalityHours=\(terms.secondaryModalityHours) groups=\(terms.groups)"
                    + " continuityBreaks=\(terms.continuityBreaks) total=\(JSONWriter.format(report.total))")
            print(report.isValid ? "valid" : "invalid: \(report.violations.count) violations")
        }
        if !report.isValid { throw ExitStatus.invalidRoster }
    }
}
