import ArgumentParser
import Foundation
import RosterKit
import RosterReports
import RosterSolvers

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulates the program week by week: arrivals, a waiting list, step-downs and discharges.",
        discussion: """
            Week 1 is BASE planned by the greedy solver; each later week moves last week's instance on \
            (previous = last week's session-days) and re-plans from last week's roster. Arrivals (Poisson \
            at --admissions-per-week, each a copy of a random base patient with a new id) join a waiting \
            list and are admitted in a week that holds all their hours. Stays last 6-12 weeks (drawn \
            from --seed; base patients are somewhere along theirs) and step down one session-day at each \
            third, to no fewer than two days. Prints one row a week; --out DIR also gets weeks.json, \
            weeks.csv and three SVG charts (census and waiting list, utilisation, unmet hours).

            Exit status: 0 simulated, 2 an input file is unreadable or malformed.
            """
    )

    @Argument(help: "The base week's instance file (JSON).") var basePath: String
    @Option(help: "Weeks to simulate.") var weeks = 12
    @Option(help: "Mean arrivals a week (Poisson).") var admissionsPerWeek = 0.0
    @Option(help: "Seed of every random draw.") var seed: UInt64 = 1
    @Option(help: "Seconds each week's planning may take.") var secondsPerWeek = 30.0
    @Option(help: "Folder for weeks.json, weeks.csv and the SVG charts.") var out: String?

    func validate() throws {
        guard (1...520).contains(weeks) else { throw ValidationError("--weeks must be between 1 and 520") }
        guard admissionsPerWeek >= 0, admissionsPerWeek <= 500 else { throw ValidationError("--admissions-per-week must be between 0 and 500") }
        guard secondsPerWeek > 0 else { throw ValidationError("--seconds-per-week must be positive") }
    }

    func run() throws {
        let base = try loadInstance(basePath)
        let settings = ProgramSimulator.Settings(weeks: weeks, admissionsPerWeek: admissionsPerWeek, seed: seed, secondsPerWeek: secondsPerWeek)
        let report = SimulationReport(ProgramSimulator(base: base, settings: settings).run())
        print(report.table, terminator: "")
        guard let out else { return }
        try reportingInputErrors {
            try makeOutputFolder(out, usage: "--out names a folder")
            let files = [("weeks.json", JSONWriter.write(report.json)), ("weeks.csv", report.csv)] + report.charts.map { ($0.name, $0.svg) }
            for (name, text) in files { try AtomicFile.write(text, to: (out as NSString).appendingPathComponent(name)) }
        }
        printError("wrote weeks.json, weeks.csv and \(report.charts.count) charts to \(out)")
    }
}
