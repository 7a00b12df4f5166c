import RosterKit

/// The best ways to fit one new patient into a week's roster, changing as little as possible.
///
/// ```swift
/// let admitted = try InputFile.loadAdmission("patient.json", into: instance)
/// let search = AdmissionFinder(admitted: admitted, roster: roster, patient: "p451").search(top: 5)
/// print(search.options.first?.sessionDays ?? [])  // [Mon-AM, Wed-AM, Thu-PM]
/// ```
///
/// Add-only options come first: the patient joins groups with a free seat and nobody else moves
/// (the greedy plan state's cheapest seating per session-day, combined over the week's days).
/// When no add-only option places every prescribed hour, the re-planner runs around the roster
/// (``Replanner``, every other patient held to the hours they have now), so that others move
/// only when that places more of the new patient's hours; further such options leave out a
/// session-day of the one before. Then, for a session-day with no free seat, a patient who
/// attends it in the new patient's cohort is moved out of it and the re-planner seats both
/// (`displacementOptions`): an option of this kind keeps every other patient's hours and lists
/// who moved. Every option's roster passes the checker, and its objective change is the checker's.
public struct AdmissionFinder: Sendable {
    /// The instance with the new patient among its patients.
    public let instance: Instance
    /// The roster as it was sent out; it must pass every hard rule.
    public let roster: Roster
    /// The new patient, seated nowhere in ``roster``.
    public let patient: PatientID

    /// A finder for `patient`, who is in `instance` but in no group of `roster`.
    public init(admitted instance: Instance, roster: Roster, patient: PatientID) {
        self.instance = instance
        self.roster = roster
        self.patient = patient
    }

    /// At most `top` options, add-only ones first, each group of options best first (most hours
    /// placed, then the smallest objective). `timeLimit` bounds the re-planning.
    public func search(top: Int = 5, timeLimit: Double = 0.8) -> AdmissionSearch {
        let deadline = Deadline(seconds: timeLimit)
        let index = InstanceIndex(instance)
        let checker = RosterChecker(index: index)
        let before = checker.check(roster)
        let weeklyHours = index.patients[patient]?.weeklyHours ?? 0
        guard before.isValid, index.patients[patient] != nil else {
            return AdmissionSearch(patient: patient, weeklyHours: weeklyHours, options: [], elapsed: deadline.elapsed)
        }
        let weights = instance.policy.weights
        func rank(_ options: [AdmissionOption]) -> [AdmissionOption] {
            options.sorted { ($0.totalChange(weights), $0.moved.count) < ($1.totalChange(weights), $1.moved.count) }
        }
        var options = rank(addOnlyOptions(index: index, checker: checker, before: before.terms, limit: top))
        let bestHours = options.map(\.placedHours).max() ?? 0
        if bestHours < weeklyHours {
            let bestChange = options.first?.totalChange(weights) ?? 0
            var reseats = reseatOptions(
                index: index, checker: checker, before: before.terms, limit: top, deadline: deadline)
            let bestReseat = reseats.map(\.placedHours).max() ?? 0
            if max(bestHours, bestReseat) < weeklyHours {
                let rosters = Set(reseats.map(\.roster))
                reseats += displacementOptions(
                    index: index, checker: checker, before: before.terms, limit: top, deadline: deadline
                )
                .filter { !rosters.contains($0.roster) }
            }
            options += rank(reseats.filter { $0.totalChange(weights) < bestChange })
        }
        return AdmissionSearch(
            patient: patient, weeklyHours: weeklyHours, options: Array(options.prefix(top)), elapsed: deadline.elapsed)
    }

    // MARK: Add-only

    private struct Seating {
        var sessionDay: Int
        var groups: [GroupIndex]
        var cost: Double
    }

    private func addOnlyOptions(index: InstanceIndex, checker: RosterChecker, before: ObjectiveTerms, limit: Int)
        -> [AdmissionOption]
    {
        let problem = GreedyProblem(index)
        guard let state = PlanState(problem, roster: roster), let number = problem.patientNumber[patient] else {
            return []
        }
        var byDay = [[Seating]](repeating: [], count: problem.dayCount)
        for sessionDay in 0..<problem.sessionDayCount where state.mayAttend(number, sessionDay) {
            guard let seating = state.cheapestSeating(of: number, in: sessionDay) else { continue }
            let cost =
                seating.cost + problem.weights.continuityBreak * Double(problem.breakCount(patient: number, sessionDay))
            byDay[problem.sessionDayDay[sessionDay]].append(
                Seating(sessionDay: sessionDay, groups: seating.groups, cost: cost))
        }
        let weekly = problem.weeklyHours[number]
        let maxDays = problem.maxDays[number]
        var weeks: [(picks: [Seating], score: Double)] = []
        var picks: [Seating] = []
        func fits(_ seating: Seating, hours: Int) -> Bool {
            hours + problem.sessionDayHours[seating.sessionDay] <= weekly && picks.count < maxDays
        }
        func enumerate(_ day: Int, hours: Int, cost: Double) {
            guard day < byDay.count else {
                let pickedDays = Set(picks.map { problem.sessionDayDay[$0.sessionDay] })
                let canGrow = byDay.indices.contains { other in
                    !pickedDays.contains(other) && byDay[other].contains { fits($0, hours: hours) }
                }
                if !picks.isEmpty, !canGrow { weeks.append((picks, cost - problem.weights.unmetHour * Double(hours))) }
                return
            }
            enumerate(day + 1, hours: hours, cost: cost)
            for seating in byDay[day] where fits(seating, hours: hours) {
                picks.append(seating)
                enumerate(
                    day + 1, hours: hours + problem.sessionDayHours[seating.sessionDay], cost: cost + seating.cost)
                picks.removeLast()
            }
        }
        enumerate(0, hours: 0, cost: 0)
        weeks.sort { lhs, rhs in
            lhs.score != rhs.score
                ? lhs.score < rhs.score
                : lhs.picks.map(\.sessionDay).lexicographicallyPrecedes(rhs.picks.map(\.sessionDay))
        }
        var options: [AdmissionOption] = []
        for week in weeks.prefix(limit) {
            var seated = state
            for seating in week.picks { seated.seat(number, in: seating.sessionDay, groups: seating.groups) }
            if let option = option(.addOnly, seated.roster(), index: index, checker: checker, before: before) {
                options.append(option)
            }
        }
        return options
    }

    // MARK: Moving others

    private func reseatOptions(
        index: InstanceIndex, checker: RosterChecker, before: ObjectiveTerms, limit: Int, deadline: Deadline
    ) -> [AdmissionOption] {
        var held = instance.holdingHours(of: roster, except: [patient])
        guard let position = held.patients.firstIndex(where: { $0.id == patient }) else { return [] }
        let availability = held.patients[position].availability
        var excluded: Set<SessionDay> = []
        var options: [AdmissionOption] = []
        var seen: Set<[SessionDay]> = []
        while options.count < limit, !deadline.hasPassed {
            held.patients[position].availability = Availability(
                instance.sessionDays.filter { availability.allows($0) && !excluded.contains($0) }
                    .map { AvailabilityPattern(day: $0.day, session: $0.session) })
            // Only the cheap completion around the roster: a full search would reseat the week.
            let replanner = Replanner(previous: roster, fullSearch: nil)
            guard
                let replanning = try? replanner.replan(
                    held, options: SolveOptions(timeLimit: max(0.05, deadline.remaining))),
                let option = option(.reseat, replanning.outcome.roster, index: index, checker: checker, before: before),
                option.placedHours > 0, seen.insert(option.sessionDays).inserted
            else { break }
            options.append(option)
            guard let dropped = option.sessionDays.last else { break }
            excluded.insert(dropped)
        }
        return options
    }

    /// How many patients of one session-day are tried as the one who makes room.
    static let displacedPerSessionDay = 3

    /// Options that free a seat by moving someone: for each session-day the new patient may
    /// attend, a few patients who attend it (same cohort, not separated from the new patient;
    /// those free at the most other session-days first) leave it, and the re-planner places them
    /// elsewhere and the new patient around the rest of the roster. Only options where every other patient
    /// keeps at least their hours count.
    private func displacementOptions(
        index: InstanceIndex, checker: RosterChecker, before: ObjectiveTerms, limit: Int, deadline: Deadline
    ) -> [AdmissionOption] {
        guard let newcomer = index.patients[patient] else { return [] }
        let held = instance.holdingHours(of: roster, except: [patient])
        let hoursNow = roster.schedule().mapValues(\.count)
        var attendees: [SessionDay: Set<PatientID>] = [:]
        for group in roster.groups where group.cohort == newcomer.cohort {
            attendees[group.timeSlot.sessionDay, default: []].formUnion(group.patients)
        }
        let attended = roster.groups.reduce(into: [PatientID: Set<SessionDay>]()) { result, group in
            for id in group.patients { result[id, default: []].insert(group.timeSlot.sessionDay) }
        }
        func freedom(_ id: PatientID) -> Int {
            guard let other = index.patients[id] else { return 0 }
            return instance.sessionDays.count {
                other.availability.allows($0) && !(attended[id]?.contains($0) ?? false)
            }
        }
        var options: [AdmissionOption] = []
        for sessionDay in instance.sessionDays where newcomer.availability.allows(sessionDay) {
            let candidates = (attendees[sessionDay] ?? []).filter { !index.mustSeparate($0, patient) }
                .sorted { (freedom($0), $1.rawValue) > (freedom($1), $0.rawValue) }
                .prefix(Self.displacedPerSessionDay)
            for candidate in candidates {
                guard options.count < limit, !deadline.hasPassed else { return options }
                var vacated = roster
                for position in vacated.groups.indices where vacated.groups[position].timeSlot.sessionDay == sessionDay
                {
                    vacated.groups[position].patients.removeAll { $0 == candidate }
                }
                // The candidate may not come back to the session-day they leave.
                var rearranged = held
                if let position = rearranged.patients.firstIndex(where: { $0.id == candidate }) {
                    let availability = rearranged.patients[position].availability
                    rearranged.patients[position].availability = Availability(
                        instance.sessionDays.filter { $0 != sessionDay && availability.allows($0) }
                            .map { AvailabilityPattern(day: $0.day, session: $0.session) })
                }
                let replanner = Replanner(previous: vacated, fullSearch: nil)
                guard
                    let replanning = try? replanner.replan(
                        rearranged, options: SolveOptions(timeLimit: max(0.05, deadline.remaining))),
                    let option = option(
                        .reseat, replanning.outcome.roster, index: index, checker: checker, before: before),
                    option.placedHours > 0, !option.moved.isEmpty
                else { continue }
                let schedule = option.roster.schedule()
                let othersKeepTheirHours = hoursNow.allSatisfy { id, hours in
                    id == patient || (schedule[id]?.count ?? 0) >= hours
                }
                if othersKeepTheirHours, !options.contains(where: { $0.roster == option.roster }) {
                    options.append(option)
                }
            }
        }
        return options
    }

    // MARK: Options

    /// The option a roster amounts to, or nil when the checker rejects it.
    private func option(
        _ kind: AdmissionOption.Kind, _ changed: Roster, index: InstanceIndex, checker: RosterChecker,
        before: ObjectiveTerms
    ) -> AdmissionOption? {
        let report = checker.check(changed)
        guard report.isValid else { return nil }
        let seats = changed.groups.filter { $0.patients.contains(patient) }.sorted {
            index.calendarKey($0.timeSlot) < index.calendarKey($1.timeSlot)
        }.map {
            AdmissionSeat(
                timeSlot: $0.timeSlot, modality: $0.modality, clinician: $0.clinician, room: $0.room, size: $0.size)
        }
        var sessionDays: [SessionDay] = []
        for seat in seats where sessionDays.last != seat.timeSlot.sessionDay {
            sessionDays.append(seat.timeSlot.sessionDay)
        }
        return AdmissionOption(
            kind: kind, sessionDays: sessionDays, seats: seats, roster: changed, before: before, after: report.terms,
            moved: Self.moved(from: roster, to: changed, except: patient))
    }

    /// Patients other than `patient` whose groups (time slot and clinician) differ between the rosters.
    static func moved(from old: Roster, to new: Roster, except patient: PatientID) -> [PatientID] {
        func seats(_ roster: Roster) -> [PatientID: Set<String>] {
            var result: [PatientID: Set<String>] = [:]
            for group in roster.groups {
                for id in group.patients { result[id, default: []].insert("\(group.timeSlot)|\(group.clinician)") }
            }
            return result
        }
        let was = seats(old)
        let now = seats(new)
        return Set(was.keys).union(now.keys).filter { $0 != patient && was[$0] != now[$0] }.sorted()
    }
}
