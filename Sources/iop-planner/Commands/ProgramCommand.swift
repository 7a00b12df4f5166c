import ArgumentParser
import Foundation
import RosterKit
import RosterStore

/// `program init|import|show`: the program's records in the program database.
struct ProgramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Keeps the program's records (calendar, clinicians, rooms, patients) in the program database.",
        subcommands: [
            ProgramInitCommand.self, ProgramImportCommand.self, ProgramExportCommand.self, ProgramShowCommand.self,
        ]
    )
}

/// `iop-planner program init`: creates or migrates the program database.
struct ProgramInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Creates the program database (mode 0600) or migrates an older one.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        try store.withStore { store in
            try store.recordAudit(actor: self.store.actor, action: "program.init", targetKind: .program)
            print("\(store.path): ready (schema \(try store.appliedMigrations().last ?? "-"))")
        }
    }
}

/// `iop-planner program import`: upserts records from CSV spreadsheets or JSON instances in one transaction.
struct ProgramImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Adds or updates records from spreadsheets (CSV, XLSX) or spec instance files (JSON), in one transaction.",
        discussion: """
            CSV: one file per table (program.csv, sessions.csv, modalities.csv, clinicians.csv, \
            rooms.csv, patients.csv, prescriptions.csv; the table comes from the file name, else the \
            header), or Excel workbooks (.xlsx) with one worksheet per table, named the same way; \
            all imported in one transaction. JSON: spec instance files, one transaction each. \
            Records are matched by id: new ones are added, changed ones updated, and the change is \
            reported per table. Patients (clinicians, rooms) the files do not list are kept and \
            reported unless --discharge-missing. A bad file changes nothing (exit 2); every bad cell \
            is reported at once, as `patients.csv:17: weeklyHours: expected a whole number, got "nine"`.
            """
    )

    @OptionGroup var store: StoreOptions
    @Argument(help: "Spreadsheets (.csv, .xlsx) or spec instance files (.json).") var files: [String]
    @Option(
        help: ArgumentHelp(
            """
            The date new patients are admitted (when a file gives no admittedOn) and prescription changes and \
            discharges take effect (default: the instance's weekOf, else today).
            """,
            valueName: "YYYY-MM-DD"))
    var asOf: String?
    @Flag(help: "Discharge patients (and retire clinicians and rooms) the import does not list.") var dischargeMissing =
        false

    func validate() throws {
        if let asOf, !ISODate.isValid(asOf) {
            throw ValidationError("--as-of must be a date YYYY-MM-DD, got \"\(asOf)\"")
        }
        let spreadsheets = files.filter(Spreadsheet.isSpreadsheet).count
        if spreadsheets > 0, spreadsheets < files.count {
            throw ValidationError(
                "give either spreadsheets (.csv, .xlsx) or instance files (.json), not both in one import")
        }
    }

    func run() throws {
        if files.allSatisfy(Spreadsheet.isSpreadsheet) { return try importSpreadsheets() }
        let instances = try files.map { try (path: $0, instance: loadInstance($0)) }
        try store.withStore { store in
            for (path, instance) in instances {
                let date = asOf ?? instance.weekOf ?? Self.today()
                let report = try store.importRecords(
                    ProgramImport(instance: instance, admittedOn: date), effectiveDate: date,
                    dischargeMissing: dischargeMissing,
                    actor: self.store.actor, source: (path as NSString).lastPathComponent)
                print("\(path):")
                for line in report.lines { print("  \(line)") }
            }
        }
    }

    /// Reads every spreadsheet and imports them together; all their problems are reported at once.
    private func importSpreadsheets() throws {
        let readings = files.flatMap(Spreadsheet.read(path:))
        for warning in readings.flatMap(\.warnings) { printError("warning: \(warning)") }
        try store.withStore { store in
            let report = try store.importSpreadsheets(
                readings.compactMap(\.spreadsheet), readingProblems: readings.flatMap(\.problems),
                asOf: asOf ?? Self.today(),
                dischargeMissing: dischargeMissing, actor: self.store.actor)
            for line in report.lines { print(line) }
        }
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}

/// `iop-planner program export`: writes the current records as one CSV file per table.
struct ProgramExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Writes the current records as the spreadsheets program import reads (one CSV per table).",
        discussion: "The files hold health information; they are written mode 0600 into a folder created 0700.")

    @OptionGroup var store: StoreOptions
    @Argument(help: ArgumentHelp("The folder to write the CSV files into (created when missing).", valueName: "folder"))
    var folder: String

    func run() throws {
        try RenderedOutput.refuseOverwriting(
            inputs: [store.path], inFolder: folder, names: SpreadsheetTable.allCases.map(\.fileName))
        try store.withStore { store in
            let files = try store.exportSpreadsheets(actor: self.store.actor)
            try makeOutputFolder(folder, usage: "program export writes into a folder")
            let paths = files.map { (folder as NSString).appendingPathComponent($0.table.fileName) }
            // Checked before anything is written, so a refusal leaves no half-exported folder.
            for path in paths {
                var status = stat()
                if lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
                    printError("error: \(path): cannot write the file: it is not a regular file; nothing was written")
                    throw ExitStatus.badInput
                }
            }
            for (file, path) in zip(files, paths) { try AtomicFile.write(file.text, to: path) }
            print("wrote \(files.map(\.table.fileName).joined(separator: ", ")) to \(folder)")
        }
    }
}

/// `iop-planner program show`: record counts and planned weeks, without patient data.
struct ProgramShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Counts the records and lists the planned weeks (no patient data).")

    @OptionGroup var store: StoreOptions

    func run() throws {
        try store.withStore { store in
            let counts = try store.recordCounts()
            print("\(store.path): schema \(try store.appliedMigrations().last ?? "-")")
            print(
                try store.hasProgram()
                    ? "program: imported"
                    : "program: none yet (program import INSTANCE.json or program.csv sessions.csv ...)")
            print(
                "clinicians: \(counts.clinicians), rooms: \(counts.rooms), patients: \(counts.patients) "
                    + "(\(counts.discharged) discharged)")
            let weeks = try store.plannedWeeks()
            print("planned weeks: \(weeks.isEmpty ? "none" : weeks.joined(separator: ", "))")
            try store.recordAudit(actor: self.store.actor, action: "program.show", targetKind: .program)
        }
    }
}
