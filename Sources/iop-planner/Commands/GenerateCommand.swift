import ArgumentParser
import Foundation
import RosterKit

/// `iop-planner generate`: writes a realistic, valid instance; the same options and seed give the same file.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generates a realistic, valid instance (for benchmarks and tests).",
        discussion: """
            Monday to Friday, 3-hour sessions; patients prescribed mostly 9, 12 or 15 hours (6 when \
            stepping down, a few odd amounts), most on one session, some missing days; tracks lean to \
            CBT and DBT; clinicians trained in 1-3 modalities with availability and hour limits, hired \
            until they cover the week's groups; rooms of 8-14. The same options and seed always give a \
            byte-identical file. Clinicians and rooms draw from their own random streams, so changing \
            --clinician-supply, --room-supply, --room-capacities or --no-rooms keeps the same patients.
            --stress FAMILY makes an instance extreme in one dimension instead, for checking the time \
            limit: modalities (--size extra modalities, every clinician trained in all), sessions (at \
            least --size session-days, 24 one-hour sessions a day), rooms (--size rooms), separations \
            (one patient available everywhere and kept apart from --size others).
            Exit status: 0 written, 2 the file cannot be written, 64 bad options.
            """
    )

    @Option(help: "Number of patients (1 to 100000); required unless --stress is given.") var patients: Int?
    @Option(help: "A pathological instance instead: modalities, sessions, rooms or separations.") var stress:
        StressInstance?
    @Option(
        help:
            "With --stress, how many modalities, session-days, rooms or separations (default: 5000, 2400, 5000, 10000)."
    )
    var size: Int?
    @Option(help: "Seed of every random choice.") var seed: UInt64 = 1
    @Option(help: "The instance's name (default: gen-<patients>p-s<seed>).") var name: String?
    @Option(help: "ISO date of the week's Monday.") var weekOf = InstanceGenerator.Options(patients: 1).weekOf
    @Option(help: "Daily sessions, comma-separated: AM (09:00), PM (13:00), EVE (17:30), each 3 hours.")
    var sessions = "AM"
    @Option(help: "Share of patients (0-1) in the adolescent cohort; they come to the day's last session.")
    var adolescentShare = 0.0
    @Option(help: "Share of patients (0-1) stepping down to 6 hours a week.") var stepDownShare = 0.15
    @Option(help: "Share of patients (0-1) who attended last week (they carry `previous`).") var continuingShare = 0.7
    @Option(help: "Pairs of patients to keep apart (default: one per 40 patients, at least one).") var separations: Int?
    @Option(help: "Share of patients (0-1) who can come on one day only this week.") var singleDayShare = 0.0
    @Option(help: "Clinician group-hours offered per group-hour needed; below 1 makes clinicians scarce.")
    var clinicianSupply = 1.3
    @Option(help: "Rooms per group expected at once at the busiest session; below 1 makes rooms tight.")
    var roomSupply = 1.25
    @Option(help: "Room capacities as MIN-MAX.") var roomCapacities = "8-14"
    @Flag(help: "List no rooms (rooms are not planned).") var noRooms = false
    @Option(name: [.customShort("o"), .long], help: "Write the instance to this file (default: standard output).")
    var output: String?

    func validate() throws {
        if let stress {
            guard patients == nil else {
                throw ValidationError("--stress \(stress.rawValue) sets its own patients: leave out --patients")
            }
            if let size, !(1...StressInstance.maximumSize).contains(size) {
                throw ValidationError("--size must be between 1 and \(StressInstance.maximumSize), found \(size)")
            }
            return
        }
        if size != nil { throw ValidationError("--size applies to --stress only") }
        guard patients != nil else { throw ValidationError("give --patients N, or --stress FAMILY") }
        let problems = try options().problems
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    func run() throws {
        let instance =
            try stress.map { $0.instance(size: size ?? $0.defaultSize) } ?? InstanceGenerator.generate(options())
        let text = InstanceEncoder.text(instance)
        if let output {
            try reportingInputErrors { try AtomicFile.write(text, to: output) }
        } else {
            print(text, terminator: "")
        }
    }

    /// The generator's options, or a usage error naming the malformed value.
    func options() throws -> InstanceGenerator.Options {
        var options = InstanceGenerator.Options(patients: patients ?? 1, seed: seed)
        options.name = name
        options.weekOf = weekOf
        options.sessions = try sessions.split(separator: ",", omittingEmptySubsequences: false).map { text in
            let id = text.trimmingCharacters(in: .whitespaces).uppercased()
            guard let kind = InstanceGenerator.SessionKind(rawValue: id) else {
                throw ValidationError("--sessions: expected AM, PM or EVE separated by commas, found \"\(text)\"")
            }
            return kind
        }
        options.adolescentShare = adolescentShare
        options.stepDownShare = stepDownShare
        options.continuingShare = continuingShare
        options.separations = separations
        options.singleDayShare = singleDayShare
        options.clinicianSupply = clinicianSupply
        options.rooms = !noRooms
        options.roomSupply = roomSupply
        let bounds = roomCapacities.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard bounds.count == 2, let low = bounds[0], let high = bounds[1], low <= high else {
            throw ValidationError("--room-capacities: expected MIN-MAX such as 8-14, found \"\(roomCapacities)\"")
        }
        options.roomCapacities = low...high
        return options
    }
}

extension StressInstance: ExpressibleByArgument {}
