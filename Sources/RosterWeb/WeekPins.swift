import Foundation
import RosterKit
import RosterSolvers

/// A director's pin on the week's roster: a patient (all their assignments this week) or a
/// group (its clinician, room and members), as they were on the revision it was made on.
/// "Re-plan around my edits" keeps every pin that still holds.
public struct WeekPin: Sendable, Equatable {
    /// What was pinned.
    public enum Kind: String, Sendable {
        /// All of one patient's assignments of the week.
        case patient
        /// One group: its hour, modality, clinician, room and members.
        case group
    }

    /// The store's id (0 before it is kept).
    public var id: Int64
    /// The revision it was made on.
    public var revision: Int
    /// A patient or a group.
    public var kind: Kind
    /// The patient's id, or the group's label (`#3 Mon AM 1 · CBT · c2`).
    public var target: String
    /// The pinned assignments as groups: a patient's groups with that patient alone, or the group.
    public var groups: [Group]

    /// A pin from its parts.
    public init(id: Int64 = 0, revision: Int, kind: Kind, target: String, groups: [Group]) {
        self.id = id
        self.revision = revision
        self.kind = kind
        self.target = target
        self.groups = groups
    }

    /// One pinned assignment: a patient in a group at an hour, with its clinician and room.
    struct Seat: Hashable, Sendable {
        var patient: PatientID
        var timeSlot: TimeSlot
        var modality: Modality
        var clinician: ClinicianID
        var room: RoomID?
    }

    /// Every pinned patient-hour.
    var seats: Set<Seat> { Self.seats(of: groups) }

    static func seats(of groups: [Group]) -> Set<Seat> {
        Set(
            groups.flatMap { group in
                group.patients.map {
                    Seat(
                        patient: $0, timeSlot: group.timeSlot, modality: group.modality, clinician: group.clinician,
                        room: group.room)
                }
            })
    }

    /// Whether every pinned assignment is in `roster` as it was pinned.
    func holds(in roster: Roster) -> Bool { seats.isSubset(of: Self.seats(of: roster.groups)) }

    /// The patient's assignments in the roster; `nil` when the patient has none.
    static func patient(_ patient: PatientID, in roster: Roster, revision: Int) -> WeekPin? {
        let groups = roster.groups.filter { $0.patients.contains(patient) }.map { group in
            var alone = group
            alone.patients = [patient]
            return alone
        }
        guard !groups.isEmpty else { return nil }
        return WeekPin(revision: revision, kind: .patient, target: patient.rawValue, groups: groups)
    }

    /// The roster's group number `number`; `nil` when there is none.
    static func group(_ number: Int, in roster: Roster, revision: Int, label: String) -> WeekPin? {
        guard roster.groups.indices.contains(number) else { return nil }
        return WeekPin(revision: revision, kind: .group, target: label, groups: [roster.groups[number]])
    }

    /// The pins' assignments as one roster, the groups of the same hour, modality, clinician and
    /// room merged: what the re-planner is asked to keep.
    static func roster(of pins: [WeekPin]) -> Roster {
        var merged: [Group] = []
        for group in pins.flatMap(\.groups) {
            if let at = merged.firstIndex(where: {
                $0.timeSlot == group.timeSlot && $0.modality == group.modality && $0.clinician == group.clinician
                    && $0.room == group.room
            }) {
                for patient in group.patients where !merged[at].patients.contains(patient) {
                    merged[at].patients.append(patient)
                }
            } else {
                merged.append(group)
            }
        }
        return Roster(groups: merged)
    }

    /// The assignments as JSON text, for the store.
    var assignmentsJSON: String {
        JSONWriter.write(
            .array(
                groups.map { group in
                    var members: [(String, JSONValue)] = [
                        ("day", .string(group.timeSlot.day)), ("session", .string(group.timeSlot.session)),
                        ("slot", .integer(group.timeSlot.slot)), ("modality", .string(group.modality.rawValue)),
                        ("cohort", .string(group.cohort)), ("clinician", .string(group.clinician.rawValue)),
                    ]
                    if let room = group.room { members.append(("room", .string(room.rawValue))) }
                    members.append(("patients", .array(group.patients.map { .string($0.rawValue) })))
                    return .object(JSONObject(members))
                }))
    }

    /// The groups read back from ``assignmentsJSON``; `nil` when the text is damaged.
    static func groups(fromJSON text: String) -> [Group]? {
        guard let array = (try? JSONParser.parse(text))?.arrayValue else { return nil }
        var groups: [Group] = []
        for value in array {
            guard let object = value.objectValue, let day = object["day"]?.stringValue,
                let session = object["session"]?.stringValue, let slot = object["slot"]?.integerValue,
                let modality = object["modality"]?.stringValue, let cohort = object["cohort"]?.stringValue,
                let clinician = object["clinician"]?.stringValue,
                let patients = object["patients"]?.arrayValue?.compactMap(\.stringValue)
            else { return nil }
            groups.append(
                Group(
                    timeSlot: TimeSlot(SessionDay(day: day, session: session), slot: slot),
                    modality: Modality(rawValue: modality), cohort: cohort, clinician: ClinicianID(clinician),
                    room: object["room"]?.stringValue.map { RoomID($0) }, patients: patients.map { PatientID($0) }))
        }
        return groups
    }
}

/// The full search of a re-plan around pins: the given search, whose roster is taken only when
/// it keeps every pinned assignment; else the roster it was seeded with stands.
struct PinKeepingSearch: RosterSolver {
    let search: any RosterSolver
    let pinned: Set<WeekPin.Seat>
    var name: String { search.name }

    func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        let found = try search.solve(instance, options: options)
        guard let seed = options.incumbent, !pinned.isSubset(of: WeekPin.seats(of: found.roster.groups)) else {
            return found
        }
        return SolveOutcome(
            roster: seed, solver: found.solver, status: .heuristic,
            detail: "the search moved a pinned assignment; the roster it started from stands", elapsed: found.elapsed)
    }
}

/// "Re-plan around my edits" as the week's background job runs it: the `--keep` machinery
/// (``Replanner``) from the groups that hold a pinned assignment, kept whole (a patient alone
/// would be below a group's minimum size; what is not pinned in them is kept too), with a move
/// penalty above an unmet hour's weight so that no move pays for a pinned hour, and a full
/// search (``PinKeepingSearch``) whose roster is taken only when it keeps every pin. A roster
/// that still lost a pinned assignment is refused, so nothing is saved.
struct PinnedReplan: RosterSolver {
    let replanner: Replanner
    /// Every assignment of the pins that hold.
    let pinned: Set<WeekPin.Seat>
    var name: String { replanner.name }

    /// A re-plan of `roster` (the week's current revision) keeping `pins` (those that hold in it),
    /// with `search` as the full search.
    init(roster: Roster, pins: [WeekPin], weights: Weights, search: any RosterSolver) {
        let pinned = Set(pins.flatMap(\.seats))
        self.pinned = pinned
        let kept = Roster(groups: roster.groups.filter { !WeekPin.seats(of: [$0]).isDisjoint(with: pinned) })
        replanner = Replanner(
            previous: kept, movePenalty: 2 * weights.unmetHour + 1,
            fullSearch: PinKeepingSearch(search: search, pinned: pinned))
    }

    /// How many pinned assignments `roster` keeps.
    func kept(in roster: Roster) -> Int { pinned.intersection(WeekPin.seats(of: roster.groups)).count }

    func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        let outcome = try replanner.solve(instance, options: options)
        let kept = kept(in: outcome.roster)
        guard kept == pinned.count else {
            throw SolveError(
                "the re-plan kept only \(kept) of \(pinned.count) pinned assignments; nothing was saved")
        }
        return outcome
    }
}
