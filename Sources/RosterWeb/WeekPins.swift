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

        /// The seat without its room.
        var roomless: Seat {
            var seat = self
            seat.room = nil
            return seat
        }
    }

    /// Every pinned patient-hour. A patient's pin keeps their hours, groups and clinicians, not
    /// the rooms (re-planning may give a group that grows a larger room): its seats have no room.
    var seats: Set<Seat> {
        let seats = Self.seats(of: groups)
        return kind == .patient ? Set(seats.map(\.roomless)) : seats
    }

    /// The seats of `roster` as pins compare them: each with its room and without it.
    static func held(in roster: Roster) -> Set<Seat> {
        let seats = seats(of: roster.groups)
        return seats.union(seats.map(\.roomless))
    }

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
    func holds(in roster: Roster) -> Bool { seats.isSubset(of: Self.held(in: roster)) }

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

    /// The assignments of `pins`, each patient-hour once: a patient pin's seat (which has no
    /// room) is left out where a group pin holds the same patient-hour with its room.
    static func assignments(of pins: [WeekPin]) -> Set<Seat> {
        let seats = Set(pins.flatMap(\.seats))
        let roomed = Set(seats.filter { $0.room != nil }.map(\.roomless))
        return seats.filter { $0.room != nil || !roomed.contains($0) }
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
        guard let seed = options.incumbent, !pinned.isSubset(of: WeekPin.held(in: found.roster)) else {
            return found
        }
        return SolveOutcome(
            roster: seed, solver: found.solver, status: .heuristic,
            detail: "the search moved a pinned assignment; the roster it started from stands", elapsed: found.elapsed)
    }
}

/// "Re-plan around my edits" as the week's background job runs it, with the `--keep` machinery
/// (``Replanner``) twice in the time limit, taking the better roster that keeps every pin:
///
/// - first (``searchShare`` of the time) the rest of the week re-planned: kept are the groups
///   that hold a pinned assignment, whole (a patient alone would be below a group's minimum;
///   what is not pinned in them is kept too), and every group on the same session-day of a
///   member of a kept group (a patient keeps a session-day whole, or the repair drops it and the
///   pin with it); the full search re-plans the rest and the re-planner brings kept assignments
///   back where that adds no unmet hour;
/// - then the current roster kept whole, its unmet hours placed around it (a move penalty above
///   twice an unmet hour's weight, and a full search taken only when it keeps every pin,
///   ``PinKeepingSearch``).
///
/// The second runs also after Cancel (then it is the current roster: the best so far that keeps
/// every pin). A roster that lost a pinned assignment is not taken; when neither keeps every
/// pin, or the better one scores worse than the current roster, the solve fails with why and
/// nothing is saved.
struct PinnedReplan: RosterSolver {
    /// The rest of the week re-planned around the pinned session-days.
    let around: Replanner
    /// The current roster kept, its unmet hours placed.
    let filling: Replanner
    /// The week's current roster.
    let current: Roster
    /// Every assignment of the pins that hold.
    let pinned: Set<WeekPin.Seat>
    var name: String { around.name }
    /// The share of the time the first re-plan may use.
    static let searchShare = 0.6

    /// A re-plan of `roster` (the week's current revision) keeping `pins` (those that hold in it),
    /// with `search` as the full search.
    init(roster: Roster, pins: [WeekPin], weights: Weights, search: any RosterSolver) {
        let pinned = WeekPin.assignments(of: pins)
        self.pinned = pinned
        current = roster
        around = Replanner(previous: Self.kept(roster, pinned: pinned), fullSearch: search)
        filling = Replanner(
            previous: roster, movePenalty: 2 * weights.unmetHour + 1,
            fullSearch: PinKeepingSearch(search: search, pinned: pinned))
    }

    /// The groups of `roster` that hold a pinned assignment, and then every group on the same
    /// session-day of a member of a kept group, until none is added: the part of the roster
    /// that stays as it is.
    static func kept(_ roster: Roster, pinned: Set<WeekPin.Seat>) -> Roster {
        let groups = roster.groups
        func days(_ group: Group) -> Set<PatientSessionDay> {
            Set(group.patients.map { PatientSessionDay(patient: $0, sessionDay: group.timeSlot.sessionDay) })
        }
        var kept = Set(
            groups.indices.filter { !WeekPin.held(in: Roster(groups: [groups[$0]])).isDisjoint(with: pinned) })
        var keptDays = Set(kept.flatMap { days(groups[$0]) })
        while true {
            let added = groups.indices.filter { !kept.contains($0) && !days(groups[$0]).isDisjoint(with: keptDays) }
            if added.isEmpty { break }
            kept.formUnion(added)
            keptDays.formUnion(added.flatMap { days(groups[$0]) })
        }
        return Roster(groups: kept.sorted().map { groups[$0] })
    }

    /// How many pinned assignments `roster` keeps.
    func kept(in roster: Roster) -> Int { pinned.intersection(WeekPin.held(in: roster)).count }

    func solve(_ instance: Instance, options: SolveOptions) throws(SolveError) -> SolveOutcome {
        let deadline = Deadline(seconds: options.timeLimit)
        let checker = RosterChecker(instance)
        var first = options
        first.timeLimit = max(0.001, options.timeLimit * Self.searchShare)
        var candidates = [try around.solve(instance, options: first)]
        // Even when cancelled: then it is the current roster, repaired, the best so far that keeps every pin.
        var second = options
        second.timeLimit = max(0.001, deadline.remaining)
        candidates.append(try filling.solve(instance, options: second))
        // Each candidate checked once: a check is a few passes over the roster.
        let keeping = candidates.filter { kept(in: $0.roster) == pinned.count }
            .map { (outcome: $0, check: checker.check($0.roster)) }.filter(\.check.isValid)
        guard let chosen = keeping.min(by: { $0.check.total < $1.check.total }) else {
            let most = candidates.map { kept(in: $0.roster) }.max() ?? 0
            throw SolveError(
                "the re-plan kept at most \(most) of \(pinned.count) pinned assignments; nothing was saved")
        }
        var best = chosen.outcome
        let (total, before) = (chosen.check.total, checker.check(current).total)
        guard total <= before else {
            throw SolveError(
                "the best re-plan that keeps every pin scores \(JSONWriter.format(total)) against the current "
                    + "\(JSONWriter.format(before)); nothing was saved, the week keeps its roster")
        }
        best.elapsed = deadline.elapsed
        return best
    }
}
