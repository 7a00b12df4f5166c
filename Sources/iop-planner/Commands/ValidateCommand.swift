import ArgumentParser
import RosterKit

/// `iop-planner validate`: checks an instance file and lists every problem with its JSON path.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Checks that an instance file is valid, and reports every problem with its JSON path.",
        discussion: "Exit status: 0 valid, 2 unreadable or invalid."
    )

    @Argument(help: "The instance file (JSON), or - for standard input.") var instancePath: String
    @OptionGroup var inputLimits: InputLimitOptions

    func run() throws {
        let instance = try loadInstance(instancePath)
        let hours = instance.patients.reduce(0) { $0 + $1.weeklyHours }
        print(
            "valid: \(instance.patients.count) patients (\(hours) weekly hours), "
                + "\(instance.clinicians.count) clinicians,"
                + " \(instance.rooms.count) rooms, \(instance.days.count) days x \(instance.sessions.count) sessions")
    }
}
