import ArgumentParser
import RosterKit
import RosterReports
import RosterSolvers

/// `iop-planner capacity`: how many more typical patients the week can take, and what binds first.
struct CapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "How many more typical patients the week can take with every hour placed, and what binds first.",
        discussion: """
            A typical admission copies the census patient with the median weekly hours of a cohort and \
            track (availability included, no previous week or separations). For the census' mix and for \
            each cohort and track alone, admissions are added (doubling, then bisecting) and the week \
            re-planned around the roster, every other patient keeping their hours; the count is the most \
            that get all their hours. What binds is the most common reason the first admission too many \
            is short (clinician hours, rooms, seats...), in the words of a roster's unmet hours. Without \
            --roster the week is first planned with the greedy solver.

            Exit status: 0 estimated, 1 the roster breaks a hard rule, 2 an input file is unreadable or malformed.
            """
    )

    @Argument(help: "The week's instance file (JSON).") var instancePath: String
    @Option(help: "The week's roster (JSON); planned with the greedy solver when left out.") var roster: String?
    @Option(help: "The most admissions tried.") var ceiling = 40
    @Option(help: "Seconds for each re-planning.") var secondsPerTry = 2.0
    @Option(parsing: .unconditional, help: "Seconds for the greedy plan when no roster is given.") var timeLimit = 5.0
    @Option(help: "text or json.") var format: CapacityFormat = .text

    /// How the capacity report is printed.
    enum CapacityFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        guard ceiling >= 1 else { throw ValidationError("--ceiling must be at least 1") }
        guard secondsPerTry > 0, timeLimit > 0 else {
            throw ValidationError("--seconds-per-try and --time-limit must be positive")
        }
    }

    func run() throws {
        let instance = try loadInstance(instancePath)
        let week: Roster
        if let roster {
            week = try reportingInputErrors { try InputFile.loadRoster(roster) }
            let report = RosterChecker(instance).check(week)
            guard report.isValid else {
                printError(
                    "error: \(roster) breaks \(report.violations.count) hard rules of \(instancePath); capacity "
                        + "is estimated only from a valid roster")
                throw ExitStatus.invalidRoster
            }
        } else {
            do {
                week = try GreedySolver().solve(instance, options: SolveOptions(timeLimit: timeLimit)).roster
            } catch {
                printError("error: \(instancePath): \(error)")
                throw ExitStatus.badInput
            }
        }
        let estimate = CapacityFinder(instance: instance, roster: week).estimate(
            ceiling: ceiling, secondsPerTry: secondsPerTry)
        let report = CapacityReport(estimate, instance: instance, roster: week)
        print(format == .json ? JSONWriter.write(report.json) : report.text, terminator: "")
    }
}
