import ArgumentParser
import Foundation
import RosterKit
import RosterReports
import RosterSolvers
import RosterStore

/// `iop-planner simulate`: plans the program week after week with arrivals, a waiting list and discharges.
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
            third, to no fewer than two days. Instead of random arrivals, --arrivals FILE gives a dated \
            list (JSON or CSV, see the README's "Simulating the program"; week 1 is BASE's week). Prints one row a \
            week; --out DIR also gets weeks.json, \
            weeks.csv and three SVG charts (census and waiting list, utilisation, unmet hours).

            Each --variant runs the same arrivals (same seed) with the base week changed: a clinician \
            or room more or fewer, or a scenario file of the whatif format applied to the base week \
            (later weeks are moved on from it, so they keep the change). The baseline's weeks are \
            printed, then a side-by-side table (waiting list at the end, longest wait, admitted, \
            unmet hours, census at the end, mean utilisation) and one sentence per variant; --out \
            gets baseline/ and variant-N/ folders of weeks and comparison.json, comparison.csv and \
            waiting-by-variant.svg.

            --db PATH plans every simulated week through a program database (created when missing; see \
            the README's "The program store"): week 1 imports BASE's calendar, clinicians and rooms; each \
            week's patients are imported as of its first day (from --start, else BASE's weekOf): arrivals \
            admitted, those who left discharged, step-downs as prescription steps; its instance is built \
            from the records as `week plan` builds it (previous from the stored week before), and its \
            roster is stored and published, so `week show`, `history` and the web page show every week. \
            Each week is one transaction. A week that already has a roster refuses the simulation before \
            it starts: simulate into a fresh database, or --start after the last stored week (the week \
            before then gives week 1's previous). --db keeps one program, so it refuses --variant: \
            compare variants without --db, or keep a variant by giving it as BASE to a database of its own.

            Exit status: 0 simulated, 2 an input file is unreadable or malformed, or a variant does \
            not fit the base week.
            """
    )

    @Argument(help: "The base week's instance file (JSON).") var basePath: String
    @Option(help: "Weeks to simulate.") var weeks = 12
    @Option(help: "Mean arrivals a week (Poisson); not with --arrivals.") var admissionsPerWeek: Double?
    @Option(help: "A dated list of arrivals (JSON, or CSV when it ends in .csv) instead of random ones.") var arrivals:
        String?
    @Option(help: "Seed of every random draw.") var seed: UInt64 = 1
    @Option(help: "Seconds each week's planning may take.") var secondsPerWeek = 30.0
    @Option(
        name: .customLong("variant"),
        help: """
            A program-level what-if run on the same arrivals: \"add clinician c9 DBT,CBT\", \"remove clinician \
            c2\", \"add room r9 12\", \"remove room R3\" (joined with ;), or a scenario file (.json). \
            Repeatable.
            """
    ) var variants: [String] = []
    @Option(
        help: ArgumentHelp(
            """
            Plan every week through this program database (created when missing): each week's records \
            imported, its instance built from them, its roster stored and published. Not with --variant.
            """,
            valueName: "path")) var db: String?
    @Option(help: "The first simulated week's first day, for --db (default: BASE's weekOf).") var start: String?
    @Option(
        help: """
            Folder for weeks.json, weeks.csv and the SVG charts (with --variant: a folder per program and \
            comparison files).
            """) var out: String?

    func validate() throws {
        guard (1...520).contains(weeks) else { throw ValidationError("--weeks must be between 1 and 520") }
        if arrivals != nil, admissionsPerWeek != nil {
            throw ValidationError(
                "--arrivals and --admissions-per-week exclude each other: give a dated list of arrivals or a "
                    + "mean rate, not both")
        }
        if let admissionsPerWeek, !(0...500).contains(admissionsPerWeek) {
            throw ValidationError("--admissions-per-week must be between 0 and 500")
        }
        guard secondsPerWeek > 0 else { throw ValidationError("--seconds-per-week must be positive") }
        if let start, !ISODate.isValid(start) {
            throw ValidationError("--start must be a date YYYY-MM-DD, got \"\(start)\"")
        }
        if start != nil, db == nil { throw ValidationError("--start dates the weeks kept with --db; give --db too") }
        if db != nil, !variants.isEmpty {
            throw ValidationError(
                "--db keeps one program's weeks, so it does not take --variant: compare the variants without --db, "
                    + "or keep a variant by giving it as BASE (a scenario applied to it) to a database of its own")
        }
        for text in variants where !Self.isScenarioFile(text) {
            do {
                _ = try ProgramVariant(text: text)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    /// Every file `--out` gets: a run's files, or each program's in its folder and the comparison's.
    var outputNames: [String] {
        guard !variants.isEmpty else { return SimulationReport.fileNames }
        return SimulationComparison.folders(programs: variants.count + 1).flatMap { folder in
            SimulationReport.fileNames.map { "\(folder)/\($0)" }
        } + SimulationComparison.fileNames
    }

    func run() throws {
        try RenderedOutput.refuseOverwriting(
            inputs: [basePath, arrivals, db] + variants.filter(Self.isScenarioFile), inFolder: out, names: outputNames)
        let base = try loadInstance(basePath)
        let arrivalList = try arrivals.map { path in
            let list = try reportingInputErrors { try InputFile.loadArrivals(path, base: base, weeks: weeks) }
            Warnings.print(list.warnings.map { "\(path): \($0)" }, verbose: false)
            return list
        }
        let programs = try variants.map { try program(for: $0, base: base) }
        let settings = ProgramSimulator.Settings(
            weeks: weeks, admissionsPerWeek: admissionsPerWeek ?? 0, arrivals: arrivalList?.byWeek, seed: seed,
            secondsPerWeek: secondsPerWeek)
        let simulator = ProgramSimulator(base: base, settings: settings)
        let run: SimulationRun
        if let db {
            run = try simulate(simulator, from: try firstWeekStart(of: base), in: db)
        } else {
            run = simulator.run()
        }
        let baseline = SimulationReport(run)
        print(baseline.table, terminator: "")
        guard !programs.isEmpty else {
            if let out {
                try write(baseline, into: out)
                printError("wrote weeks.json, weeks.csv and \(baseline.charts.count) charts to \(out)")
            }
            return
        }
        let variants = programs.enumerated().map { number, program in
            printError("simulating variant \(number + 1) of \(programs.count)")
            return (program.variant, ProgramSimulator(base: base, settings: settings, program: program.week).run())
        }
        let comparison = SimulationComparison(baseline: baseline.run, variants: variants)
        print("")
        print(comparison.text, terminator: "")
        guard let out else { return }
        for (column, folder) in zip(comparison.columns, comparison.folders) {
            try write(SimulationReport(column.run), into: (out as NSString).appendingPathComponent(folder))
        }
        try reportingInputErrors {
            for (name, text) in comparison.files {
                try AtomicFile.write(text, to: (out as NSString).appendingPathComponent(name))
            }
        }
        printError(
            "wrote comparison.json, comparison.csv, \(comparison.waitingChart.name) and the weeks of "
                + "\(comparison.folders.joined(separator: ", ")) to \(out)")
    }

    /// The first simulated week's first day: --start, else BASE's weekOf.
    private func firstWeekStart(of base: Instance) throws -> String {
        guard let first = start ?? base.weekOf else {
            printError("error: \(basePath) has no weekOf; --db needs the weeks' dates: give --start YYYY-MM-DD")
            throw ExitStatus.badInput
        }
        return first
    }

    /// Plans every week through the program database, one transaction a week.
    private func simulate(_ simulator: ProgramSimulator, from firstWeek: String, in path: String) throws
        -> SimulationRun
    {
        let (run, stored) = try reportingStoreErrors {
            try ProgramStore(path: path).simulate(
                simulator, from: firstWeek, actor: StoreOptions().actor, source: "simulate \(basePath)")
        }
        printError(
            "kept \(stored.count) published weeks in \(path), \(stored.first?.weekStart ?? firstWeek) to "
                + "\(stored.last?.weekStart ?? firstWeek)")
        return run
    }

    /// The base week under one `--variant`: a sentence, or a scenario file (`.json`).
    private func program(for text: String, base: Instance) throws -> (variant: ProgramVariant, week: Instance) {
        if Self.isScenarioFile(text) {
            let applied = try reportingInputErrors { try InputFile.applyScenario(text, to: base) }
            Warnings.print(applied.warnings.map { "\(text): \($0)" }, verbose: false)
            return (ProgramVariant(label: text, scenario: applied.scenario), applied.instance)
        }
        let variant = try ProgramVariant(text: text)
        do {
            return (variant, try variant.scenario.apply(to: base).instance)
        } catch {
            for problem in error.problems {
                // `changes[0].addClinician.modalities[1]`: the part after the change's kind names the field.
                let field = problem.path.split(separator: ".", maxSplits: 2).dropFirst(2).first.map { "\($0): " } ?? ""
                printError("error: --variant \"\(text)\": \(field)\(problem.message)")
            }
            throw ExitStatus.badInput
        }
    }

    private static func isScenarioFile(_ text: String) -> Bool { text.lowercased().hasSuffix(".json") }

    /// weeks.json, weeks.csv and the charts of one run, into `folder`.
    private func write(_ report: SimulationReport, into folder: String) throws {
        try reportingInputErrors {
            try makeOutputFolder(folder, usage: "--out names a folder")
            for (name, text) in report.files {
                try AtomicFile.write(text, to: (folder as NSString).appendingPathComponent(name))
            }
        }
    }
}
