import Foundation
import RosterKit

/// The repository's fixtures, found relative to this file as SwiftPM finds its `Fixtures/`.
enum Fixtures {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

    /// Whether the shipped instances (`instances/`) are present in this checkout.
    static let hasShippedInstances = FileManager.default.fileExists(atPath: path("instances/riverside-40.json"))

    static func instance(_ relative: String) throws -> Instance { try InputFile.loadInstance(path(relative)).instance }
    static func roster(_ relative: String) throws -> Roster { try InputFile.loadRoster(path(relative)) }

    /// A valid roster fixture, its instance, and the shared Python checker's total for it.
    struct ValidRoster: Sendable, CustomStringConvertible {
        var instance: String
        var roster: String
        var pythonTotal: Double
        var description: String { roster }
    }

    /// Every valid roster of `Tests/Fixtures/rosters/manifest.json` whose instance is present.
    static func validRosters() throws -> [ValidRoster] {
        let manifest = try InputFile.readJSON(path("Tests/Fixtures/rosters/manifest.json"))
        return (manifest.arrayValue ?? []).compactMap { entry in
            guard let object = entry.objectValue, object["valid"] == .bool(true),
                let instance = object["instance"]?.stringValue, let roster = object["roster"]?.stringValue,
                let total = object["pythonTotal"]?.numberValue, FileManager.default.fileExists(atPath: path(instance))
            else { return nil }
            return ValidRoster(instance: instance, roster: roster, pythonTotal: total)
        }
    }
}

/// Small hand-made clinics where one reason at a time is the true cause.
enum Clinic {
    static func sd(_ text: String) -> SessionDay { SessionDay(parsing: text)! }

    static func only(_ patterns: String...) -> Availability {
        Availability(patterns.map { AvailabilityPattern(parsing: $0)! })
    }

    /// Mon, Tue, Wed mornings of three hours; groups of 2 to 3; at most 2 groups of a modality a day.
    static func instance(
        clinicians: [Clinician] = [Clinician(id: "c1", modalities: ["CBT", "Mindfulness"])], rooms: [Room] = [],
        patients: [Patient], policy: Policy = Policy(minGroupSize: 2, maxGroupSize: 3, maxSameModalityPerDay: 2),
        weekOf: String? = nil
    ) -> Instance {
        Instance(
            name: "clinic", weekOf: weekOf, days: ["Mon", "Tue", "Wed"], sessions: [Session(id: "AM", start: "09:00", hours: 3)],
            policy: policy, clinicians: clinicians, rooms: rooms, patients: patients)
    }

    /// A whole session at `sessionDay`: CBT, CBT, Mindfulness, one group an hour.
    static func session(
        _ sessionDay: String, _ patients: [PatientID], clinician: ClinicianID = "c1", room: RoomID? = nil,
        cohort: String = Patient.defaultCohort
    ) -> [Group] {
        let modalities: [Modality] = ["CBT", "CBT", "Mindfulness"]
        return modalities.enumerated().map { offset, modality in
            Group(
                timeSlot: TimeSlot(sd(sessionDay), slot: offset + 1), modality: modality, cohort: cohort, clinician: clinician,
                room: room, patients: patients)
        }
    }
}
