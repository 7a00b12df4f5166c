import ArgumentParser
import Foundation
import RosterKit
import RosterReports
import RosterSolvers
import RosterStore

/// `week plan|show|publish|replan|diff|export`: weeks planned from the program database.
struct WeekCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "week",
        abstract: "Plans, publishes and exports weeks from the program database.",
        subcommands: [
            WeekPlanCommand.self, WeekShowCommand.self, WeekPublishCommand.self, WeekReplanCommand.self,
            WeekDiffCommand.self, WeekExportCommand.self,
        ]
    )
}

/// The week start argument, checked as an ISO date.
struct WeekArgument: ParsableArguments {
    @Argument(help: ArgumentHelp("The week's first day.", valueName: "week-start")) var week: String

    func validate() throws {
        guard ISODate.isValid(week) else {
            throw ValidationError("the week start must be a date YYYY-MM-DD, got \"\(week)\"")
        }
    }
}

/// Solver options shared by `week plan` and `week replan`.
struct WeekSolveOptions: ParsableArguments {
    @Option(name: .customLong("time-limit"), help: "Seconds the solve may take.") var timeLimit: Double = 30
    @Option(help: "auto, glpk or greedy.") var solver: SolverChoice = .auto
    @Option(help: "Seed of the greedy solver's random choices.") var seed: UInt64 = 1
    @Option(
        name: .customLong("max-moves"),
        help: "Stop local search after this many improving moves (a machine-independent roster).")
    var maxMoves: Int?

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else {
            throw ValidationError("--time-limit must be a positive number of seconds")
        }
        if let maxMoves, maxMoves < 0 { throw ValidationError("--max-moves must be 0 or more") }
    }

    var solveOptions: SolveOptions { SolveOptions(timeLimit: timeLimit, seed: seed) }

    func makeSolver() -> any RosterSolver {
        let greedy = GreedySolver(localSearch: true, localSearchSeconds: timeLimit, maxLocalSearchMoves: maxMoves)
        switch solver {
        case .glpk: return AutoSolver.exactWithFallback(GLPKSolver())
        case .greedy: return greedy
        case .auto: return AutoSolver(exact: GLPKSolver(), heuristic: greedy)
        }
    }
}

/// One line about a stored roster: revision, solver, status, objective, published.
func rosterLine(_ stored: StoredRoster) -> String {
    var line =
        "revision \(stored.revision): \(stored.solver), \(stored.status), objective "
        + "\(stored.objective.map(JSONWriter.format) ?? "-")"
    if let bound = stored.bound { line += ", bound \(JSONWriter.format(bound.rounded(.up)))" }
    line += String(format: ", %.2f s", stored.seconds)
    if let keptFrom = stored.keptFrom { line += ", re-planned from roster #\(keptFrom)" }
    if stored.published { line += ", PUBLISHED" }
    return line
}

/// `iop-planner week plan`: solves the week's instance from the stored records and stores the roster as a revision.
struct WeekPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Builds the week's instance from the records active that week, solves it, and stores the roster.",
        discussion: """
            Each patient gets the prescription step in force on the week's first day, and `previous` \
            from last week's published roster. Every plan is kept as a new revision; a published week \
            is changed only with `week replan --keep`.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var week: WeekArgument
    @OptionGroup var solving: WeekSolveOptions

    func run() throws {
        try store.withStore { store in
            if let published = try store.publishedRoster(of: week.week) {
                throw StoreError.weekAlreadyPublished(week: week.week, revision: published.revision)
            }
            let instance = try store.instanceToPlan(week.week)
            let outcome: SolveOutcome
            do {
                outcome = try solving.makeSolver().solve(instance, options: solving.solveOptions)
            } catch let error as SolveError {
                printError("error: \(error.message)")
                throw ExitCode.failure
            }
            let stored = try store.saveRoster(
                outcome, instance: instance, weekStart: week.week, timeLimit: solving.timeLimit, actor: self.store.actor
            )
            print("week \(week.week): \(instance.patients.count) patients, \(instance.clinicians.count) clinicians")
            print(rosterLine(stored))
        }
    }
}

/// `iop-planner week replan`: a new revision of a published week, keeping the published roster where it still holds.
struct WeekReplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replan",
        abstract: """
            Plans a new revision of a published week from today's records, keeping the published roster where \
            it still holds.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var week: WeekArgument
    @OptionGroup var solving: WeekSolveOptions
    @Flag(help: "Keep every assignment of the published roster that is still valid (required).") var keep = false

    func validate() throws {
        guard keep else { throw ValidationError("week replan re-plans against the published roster: pass --keep") }
    }

    func run() throws {
        try store.withStore { store in
            guard let published = try store.publishedRoster(of: week.week) else {
                throw StoreError.notFound(kind: "published roster for week", key: week.week)
            }
            let instance = try store.instanceToPlan(week.week)
            let result: Replanning
            do {
                result = try Replanner(previous: try published.roster()).replan(instance, options: solving.solveOptions)
            } catch let error as ReplanError {
                printError("error: week \(week.week): \(error)")
                throw ExitCode.failure
            }
            let stored = try store.saveRoster(
                result.outcome, instance: instance, weekStart: week.week, timeLimit: solving.timeLimit,
                keptFrom: published.id,
                actor: self.store.actor)
            print(rosterLine(stored))
            print("re-planned from revision \(published.revision): \(result.summary.headline)")
        }
    }
}

/// `iop-planner week show`: lists the week's revisions.
struct WeekShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Lists the week's revisions.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var week: WeekArgument

    func run() throws {
        try store.withStore { store in
            let rosters = try store.rosters(of: week.week)
            guard !rosters.isEmpty else { throw StoreError.notFound(kind: "roster for week", key: week.week) }
            print("week \(week.week):")
            for stored in rosters { print("  \(rosterLine(stored))") }
            try store.recordAudit(actor: self.store.actor, action: "week.view", targetKind: .week, targetID: week.week)
        }
    }
}

/// `iop-planner week publish`: publishes a revision, which never changes afterwards.
struct WeekPublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publishes a revision (the latest by default); a published roster never changes.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var week: WeekArgument
    @Option(help: "The revision to publish.") var revision: Int?

    func run() throws {
        try store.withStore { store in
            let stored = try store.publish(week.week, revision: revision, actor: self.store.actor)
            print("week \(week.week): published \(rosterLine(stored))")
        }
    }
}

/// `iop-planner week diff`: compares two revisions by objective terms and group counts.
struct WeekDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Compares two revisions of a week: objective terms and groups (counts only).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var week: WeekArgument
    @Argument(help: "The first revision.") var from: Int
    @Argument(help: "The second revision.") var to: Int

    func run() throws {
        try store.withStore { store in
            let old = try store.roster(of: week.week, revision: from)
            let new = try store.roster(of: week.week, revision: to)
            let diff = WeekDiff(
                from: .init(instance: try old.instance(), roster: try old.roster()),
                to: .init(instance: try new.instance(), roster: try new.roster()))
            print("week \(week.week): revision \(from) -> \(to)")
            print(
                "  objective \(old.objective.map(JSONWriter.format) ?? "-") -> "
                    + "\(new.objective.map(JSONWriter.format) ?? "-")")
            for term in diff.changedTerms { print("  \(term.key): \(term.before) -> \(term.after)") }
            print(
                "  groups: \(diff.groups.unchanged) unchanged, \(diff.groups.new) new, \(diff.groups.gone) gone"
                    + ", \(diff.patients.count) patients with other days or groups")
            try store.recordAudit(actor: self.store.actor, action: "week.diff", targetKind: .week, targetID: week.week)
        }
    }
}

/// `iop-planner week export`: writes the week's instance and roster as the spec's JSON files, and
/// the roster in every export format (report, CSV, printable page, calendars).
struct WeekExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Writes the week's instance and roster (published, else latest) and every export of the roster.",
        discussion: """
            Into --out: instance-WEEK.json and roster-WEEK.json (the spec's files), roster-WEEK.txt \
            (the report), roster-WEEK.csv, roster-WEEK.html (the printable page) and calendars/ \
            (one iCalendar file per clinician, and per patient with --patient-calendars).
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var week: WeekArgument
    @Option(help: "The revision to export.") var revision: Int?
    @Option(help: "The folder to write the files into (created, mode 0700).") var out: String
    @Flag(help: "Ids only: no patient or clinician name in the report, CSV, page or calendars.") var pseudonymize =
        false
    @Flag(help: "Also write one calendar per patient.") var patientCalendars = false

    /// The files written into `--out` besides the calendars: the spec's two files, then the exports.
    var fileNames: [String] {
        ["instance-\(week.week).json", "roster-\(week.week).json"]
            + Self.exports.map { "roster-\(week.week).\($0.fileExtension)" }
    }

    /// The roster's exports written beside the spec's files.
    static let exports: [RenderFormat] = [.text, .csv, .html]

    func run() throws {
        try RenderedOutput.refuseOverwriting(inputs: [store.path], inFolder: out, names: fileNames)
        try makeOutputFolder(out, usage: "--out names a folder")
        try store.withStore { store in
            let stored = try store.roster(of: week.week, revision: revision)
            let instance = try stored.instance()
            let calendarFolder = (out as NSString).appendingPathComponent("calendars")
            try RenderedOutput.refuseOverwriting(
                inputs: [self.store.path], calendarsOf: instance, format: .ics, in: calendarFolder,
                patientCalendars: patientCalendars)
            let facts = RosterFacts(
                instance: instance, roster: try stored.roster(),
                options: RenderOptions(pseudonymize: pseudonymize, patientCalendars: patientCalendars))
            var written: [String] = []
            func write(_ text: String, _ name: String) throws {
                let path = (out as NSString).appendingPathComponent(name)
                try AtomicFile.write(text, to: path)
                written.append(name)
            }
            let names = fileNames
            try write(stored.instanceJSON, names[0])
            try write(stored.rosterJSON, names[1])
            for (format, name) in zip(Self.exports, names.dropFirst(2)) {
                try write(try RosterRendering.render(format: format, facts: facts)[0].text, name)
            }
            let calendars = try RosterRendering.render(format: .ics, facts: facts)
            try makeOutputFolder(calendarFolder, usage: "calendars/ is a folder")
            for file in calendars { try write(file.text, "calendars/\(file.name)") }
            try store.recordAudit(
                actor: self.store.actor, action: "week.export", targetKind: .roster,
                targetID: "\(week.week)#\(stored.revision)")
            print(
                "week \(week.week) revision \(stored.revision): wrote \(written.count - calendars.count) files and "
                    + "\(calendars.count) calendars into \(out)")
        }
    }
}

/// `iop-planner history`: prints the audit log, without patient data.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Prints the audit log: who did what and when (no patient data).")

    @OptionGroup var store: StoreOptions
    @Option(help: "How many entries, newest first.") var limit: Int = 50

    func run() throws {
        try store.withStore { store in
            let entries = try store.auditLog(limit: limit)
            let formatter = ISO8601DateFormatter()
            for entry in entries {
                // The actor is a name people type: isolated, like every name on the terminal.
                print(
                    "\(formatter.string(from: entry.at))  \(TextLayout.isolated(entry.actor))  \(entry.action)  "
                        + "\(entry.targetKind.rawValue)\(entry.targetID.map { " \(TextLayout.isolated($0))" } ?? "")")
            }
            try store.recordAudit(actor: self.store.actor, action: "history.view", targetKind: .program)
        }
    }
}
