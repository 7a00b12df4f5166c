import ArgumentParser
import Foundation
import RosterKit
import RosterStore

/// `program init|import|show`: the program's records in the program database.
struct ProgramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Keeps the program's records (calendar, clinicians, rooms, patients) in the program database.",
        subcommands: [ProgramInitCommand.self, ProgramImportCommand.self, ProgramShowCommand.self]
    )
}

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

struct ProgramImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Adds or updates records from spec instance files (JSON), all in one transaction.",
        discussion: """
            Records are matched by id: new ones are added, changed ones updated, and the change is \
            reported per table. Patients (clinicians, rooms) the files do not list are kept and \
            reported unless --discharge-missing. A bad file changes nothing (exit 2).
            """
    )

    @OptionGroup var store: StoreOptions
    @Argument(help: "Spec instance files (JSON).") var files: [String]
    @Option(help: ArgumentHelp(
        "The date new patients are admitted and prescription changes take effect (default: the instance's weekOf, else today).",
        valueName: "YYYY-MM-DD"))
    var asOf: String?
    @Flag(help: "Discharge patients (and retire clinicians and rooms) the import does not list.") var dischargeMissing = false

    func validate() throws {
        if let asOf, !ISODate.isValid(asOf) { throw ValidationError("--as-of must be a date YYYY-MM-DD, got \"\(asOf)\"") }
    }

    func run() throws {
        let instances = try files.map { try (path: $0, instance: loadInstance($0)) }
        try store.withStore { store in
            for (path, instance) in instances {
                let date = asOf ?? instance.weekOf ?? Self.today()
                let report = try store.importRecords(
                    ProgramImport(instance: instance, admittedOn: date), effectiveDate: date, dischargeMissing: dischargeMissing,
                    actor: self.store.actor, source: (path as NSString).lastPathComponent)
                print("\(path):")
                for line in report.lines { print("  \(line)") }
            }
        }
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}

struct ProgramShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Counts the records and lists the planned weeks (no patient data).")

    @OptionGroup var store: StoreOptions

    func run() throws {
        try store.withStore { store in
            let counts = try store.recordCounts()
            print("\(store.path): schema \(try store.appliedMigrations().last ?? "-")")
            print(try store.hasProgram() ? "program: imported" : "program: none yet (program import INSTANCE.json)")
            print("clinicians: \(counts.clinicians), rooms: \(counts.rooms), patients: \(counts.patients) (\(counts.discharged) discharged)")
            let weeks = try store.plannedWeeks()
            print("planned weeks: \(weeks.isEmpty ? "none" : weeks.joined(separator: ", "))")
            try store.recordAudit(actor: self.store.actor, action: "program.show", targetKind: .program)
        }
    }
}
