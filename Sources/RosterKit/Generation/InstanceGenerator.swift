/// Makes realistic, valid IOP instances of any size from a seed, for benchmarks and tests.
///
/// The clinical facts it follows: 3-hour sessions Monday to Friday; most patients prescribed
/// 9, 12 or 15 group hours (3 to 5 days), some stepping down to 6, a few with hours that are
/// not a multiple of a session; most patients come to one session of the day, some miss days;
/// tracks lean to CBT and DBT, with a second choice for most; adolescents come to the day's last
/// session; clinicians are trained in 1 to 3 modalities, work full or part time within hour
/// limits, and are hired until they cover the week's groups (times `clinicianSupply`); rooms hold
/// 8 to 14; most patients attended last week; a few pairs must be kept apart.
///
/// Each part draws from its own random stream, so options about clinicians or rooms leave the
/// patients unchanged: `--clinician-supply 0.6` gives the same patients as the default.
///
/// ```swift
/// var options = InstanceGenerator.Options(patients: 120, seed: 7)
/// options.sessions = [.morning, .evening]
/// let instance = try InstanceGenerator.generate(options)
/// ```
///
/// - Complexity: O(patients + clinicians x sessions x modalities + separations).
public enum InstanceGenerator {
    /// The options cannot be used; every reason, in words.
    public struct OptionsError: Error, Sendable, CustomStringConvertible {
        /// One sentence per option out of range.
        public var problems: [String]
        public var description: String { problems.joined(separator: "; ") }
    }

    /// The program days of every generated instance, Monday to Friday.
    public static let days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    /// The cohort of generated adolescents (everyone else is ``Patient/defaultCohort``).
    public static let adolescentCohort = "adolescent"

    /// A valid instance for `options`, the same for the same options; throws when an option is out of range.
    public static func generate(_ options: Options) throws(OptionsError) -> Instance {
        let problems = options.problems
        guard problems.isEmpty else { throw OptionsError(problems: problems) }
        return _Builder(options).build()
    }
}

/// Random streams, one per part of the instance.
private enum _Stream: UInt64 {
    case cohorts = 1
    case stepDown, singleDay, continuing, patients, separations, clinicians, rooms
}

/// A patient before ids are written.
private struct _PatientDraft {
    var adolescent: Bool
    var home: Int
    var track: Modality
    var secondary: Modality?
    var weeklyHours: Int
    var availability: Availability
    var maxDaysPerWeek: Int?
    var previous: [SessionDay]?
    var separateFrom: [Int] = []

    /// Days needed to receive the prescription in whole 3-hour sessions.
    var daysNeeded: Int { min(InstanceGenerator.days.count, (weeklyHours + 2) / 3) }
}

private struct _Builder {
    let options: InstanceGenerator.Options
    let sessions: [InstanceGenerator.SessionKind]
    let modalities = Modality.defaults
    let days = InstanceGenerator.days

    init(_ options: InstanceGenerator.Options) {
        self.options = options
        sessions = options.sessions.sorted()
    }

    func build() -> Instance {
        var patients = makePatients()
        addSeparations(to: &patients)
        let patientWidth = max(3, String(patients.count).count)
        let patientIDs = (1...patients.count).map { PatientID("p" + Self.padded($0, patientWidth)) }
        return Instance(
            name: options.resolvedName, weekOf: options.weekOf, days: days, sessions: sessions.map(\.session),
            modalities: modalities, policy: Policy(), clinicians: makeClinicians(for: patients),
            rooms: options.rooms ? makeRooms(for: patients) : [],
            patients: patients.enumerated().map { index, draft in
                Patient(
                    id: patientIDs[index],
                    cohort: draft.adolescent ? InstanceGenerator.adolescentCohort : Patient.defaultCohort,
                    track: draft.track, secondary: draft.secondary, weeklyHours: draft.weeklyHours,
                    availability: draft.availability, maxDaysPerWeek: draft.maxDaysPerWeek, previous: draft.previous,
                    separateFrom: draft.separateFrom.map { patientIDs[$0] })
            })
    }

    private func stream(_ part: _Stream) -> SplitMix64 { SplitMix64(seed: options.seed, stream: part.rawValue) }

    /// `share` of the patients, exactly (rounded), chosen at random.
    private func members(_ share: Double, _ part: _Stream) -> Set<Int> {
        var random = stream(part)
        return Set(random.positions(Int((share * Double(options.patients)).rounded()), of: options.patients))
    }

    // MARK: Patients

    private static let adultTracks: [(Modality, Double)] = [
        ("CBT", 0.40), ("DBT", 0.30), ("Mindfulness", 0.15), ("Psychoeducation", 0.15),
    ]
    private static let adolescentTracks: [(Modality, Double)] = [
        ("DBT", 0.45), ("CBT", 0.30), ("Mindfulness", 0.15), ("Psychoeducation", 0.10),
    ]
    private static let secondaryChoices: [(Modality, Double)] = [
        ("Mindfulness", 0.35), ("Psychoeducation", 0.30), ("CBT", 0.20), ("DBT", 0.15),
    ]

    private func makePatients() -> [_PatientDraft] {
        let adolescents = members(options.adolescentShare, .cohorts)
        let stepDown = members(options.stepDownShare, .stepDown)
        let singleDay = members(options.singleDayShare, .singleDay)
        let continuing = members(options.continuingShare, .continuing)
        var random = stream(.patients)
        let homeWeights = sessions.indices.map { ($0, sessions[$0].adultWeight) }
        return (0..<options.patients).map { index in
            let adolescent = adolescents.contains(index)
            let home = adolescent ? sessions.count - 1 : random.weighted(homeWeights)
            let track = random.weighted(adolescent ? Self.adolescentTracks : Self.adultTracks)
            let secondary = random.chance(0.8) ? random.weighted(Self.secondaryChoices.filter { $0.0 != track }) : nil
            let hours: Int
            if stepDown.contains(index) {
                hours = 6
            } else if random.chance(0.04) {
                hours = random.element(of: [7, 8, 10, 11])
            } else {
                hours = random.weighted([(9, 0.40), (12, 0.35), (15, 0.25)])
            }
            var draft = _PatientDraft(
                adolescent: adolescent, home: home, track: track, secondary: secondary, weeklyHours: hours,
                availability: .always)
            let homeDays = drawAvailability(of: &draft, singleDay: singleDay.contains(index), random: &random)
            let limit = random.unit()
            if limit < 0.35 {
                draft.maxDaysPerWeek = draft.daysNeeded
            } else if limit < 0.45 {
                draft.maxDaysPerWeek = min(days.count, draft.daysNeeded + 1)
            }
            if continuing.contains(index) {
                draft.previous = drawPrevious(
                    of: draft, homeDays: homeDays, steppedDown: stepDown.contains(index), random: &random)
            }
            return draft
        }
    }

    /// Sets the patient's availability; returns the days they can come to their home session.
    private func drawAvailability(of draft: inout _PatientDraft, singleDay: Bool, random: inout SplitMix64) -> [Int] {
        let home = sessions[draft.home].session.id
        if singleDay {
            let day = random.below(days.count)
            draft.availability = Availability([AvailabilityPattern(day: days[day], session: home)])
            return [day]
        }
        var kind = random.unit()
        if draft.adolescent, kind >= 0.80 { kind = 0 }  // after school: never another session
        if kind < 0.62 {
            // Every day, home session only.
            if sessions.count > 1 { draft.availability = Availability([AvailabilityPattern(day: nil, session: home)]) }
            return Array(days.indices)
        }
        if kind < 0.80 {
            // Home session, missing a day or two (work, childcare, appointments).
            var kept = days.count - random.int(in: 1...2)
            if kept < draft.daysNeeded, random.chance(0.75) { kept = draft.daysNeeded }
            let homeDays = random.positions(kept, of: days.count)
            draft.availability = Availability(homeDays.map { AvailabilityPattern(day: days[$0], session: home) })
            return homeDays
        }
        if kind < 0.92, sessions.count > 1 {
            // Home session every day, another session on some days.
            let other = sessions[random.element(of: sessions.indices.filter { $0 != draft.home })].session.id
            let otherDays = random.positions(random.int(in: 1...3), of: days.count)
            draft.availability = Availability(
                [AvailabilityPattern(day: nil, session: home)]
                    + otherDays.map { AvailabilityPattern(day: days[$0], session: other) })
            return Array(days.indices)
        }
        return Array(days.indices)  // any session, any day
    }

    /// Last week's session-days: mostly this week's pattern, sometimes a day or the session moved.
    private func drawPrevious(of draft: _PatientDraft, homeDays: [Int], steppedDown: Bool, random: inout SplitMix64)
        -> [SessionDay]
    {
        if random.chance(0.03) { return [] }  // away last week
        let lastWeekHours = steppedDown ? 9 : draft.weeklyHours
        let count = min(days.count, (lastWeekHours + 2) / 3)
        var chosen = Set(random.positions(min(count, homeDays.count), of: homeDays.count).map { homeDays[$0] })
        while chosen.count < count { chosen.insert(random.below(days.count)) }
        if random.chance(0.2), chosen.count < days.count {
            let moved = random.element(of: chosen.sorted())
            let free = days.indices.filter { !chosen.contains($0) }
            chosen.remove(moved)
            chosen.insert(random.element(of: free))
        }
        var session = draft.home
        if sessions.count > 1, !draft.adolescent, random.chance(0.1) {
            session = random.element(of: sessions.indices.filter { $0 != draft.home })
        }
        return chosen.sorted().map { SessionDay(day: days[$0], session: sessions[session].session.id) }
    }

    // MARK: Separations

    /// Pairs who must be kept apart, mostly within one session and cohort (where they would meet).
    private func addSeparations(to patients: inout [_PatientDraft]) {
        let target = options.resolvedSeparations
        let count = patients.count
        guard target > 0, count >= 2 else { return }
        var random = stream(.separations)
        var buckets: [[Int]] = Array(repeating: [], count: sessions.count * 2)
        func bucket(_ index: Int) -> Int { patients[index].home * 2 + (patients[index].adolescent ? 1 : 0) }
        for index in patients.indices { buckets[bucket(index)].append(index) }
        var pairs: [(Int, Int)] = []
        var seen: Set<Int> = []
        func add(_ first: Int, _ second: Int) {
            guard first != second else { return }
            let pair = (min(first, second), max(first, second))
            if seen.insert(pair.0 * count + pair.1).inserted { pairs.append(pair) }
        }
        var attempts = 0
        while pairs.count < target, attempts < 50 * target {
            attempts += 1
            let first = random.below(count)
            let peers = buckets[bucket(first)]
            add(first, peers.count > 1 && random.chance(0.85) ? random.element(of: peers) : random.below(count))
        }
        // Dense requests can outrun random draws: fill in the rest in order.
        var first = 0
        while pairs.count < target, first < count {
            var second = first + 1
            while pairs.count < target, second < count {
                add(first, second)
                second += 1
            }
            first += 1
        }
        for (first, second) in pairs {
            patients[first].separateFrom.append(second)
            if random.chance(0.1) { patients[second].separateFrom.append(first) }  // both records note it
        }
        for index in patients.indices { patients[index].separateFrom.sort() }
    }

    // MARK: Clinicians

    /// Average patients per group, for turning patient-hours into group-hours.
    private static let expectedGroupSize = 9.5

    /// Hires clinicians until every (session, modality) has `clinicianSupply` times the group-hours
    /// its patients need, each new hire covering the largest shortfall.
    private func makeClinicians(for patients: [_PatientDraft]) -> [Clinician] {
        var need = Array(repeating: Array(repeating: 0.0, count: modalities.count), count: sessions.count)
        for patient in patients {
            let hours = Double(patient.weeklyHours) / Self.expectedGroupSize * options.clinicianSupply
            let track = modalities.firstIndex(of: patient.track)!
            need[patient.home][track] += hours * 2 / 3  // at most 2 hours of one modality a day
            if let secondary = patient.secondary {
                need[patient.home][modalities.firstIndex(of: secondary)!] += hours / 3
            } else {
                for other in modalities.indices where other != track {
                    need[patient.home][other] += hours / 3 / Double(modalities.count - 1)
                }
            }
        }
        var offered = Array(repeating: Array(repeating: 0.0, count: modalities.count), count: sessions.count)
        var random = stream(.clinicians)
        var drafts: [(modalities: [Int], availability: Availability, perWeek: Int?, perDay: Int?)] = []
        while drafts.count < 4 * patients.count + 20 {
            var shortfall = 0.0
            var target: (session: Int, modality: Int)?
            for session in sessions.indices {
                for modality in modalities.indices
                where need[session][modality] - offered[session][modality] > shortfall {
                    shortfall = need[session][modality] - offered[session][modality]
                    target = (session, modality)
                }
            }
            guard let target else { break }

            var trained = [target.modality]
            let extra = min(modalities.count, random.weighted([(1, 0.30), (2, 0.45), (3, 0.25)])) - 1
            for _ in 0..<extra {
                let choices = modalities.indices.filter { !trained.contains($0) }
                    .map { ($0, max(0, need[target.session][$0] - offered[target.session][$0]) + 0.5) }
                trained.append(random.weighted(choices))
            }
            trained.sort()

            var covered = [target.session]
            if sessions.count > 1, random.chance(0.2) {
                covered.append(target.session + 1 < sessions.count ? target.session + 1 : target.session - 1)
                covered.sort()
            }
            let ids = covered.map { sessions[$0].session.id }
            let workDays: [Int]
            var perWeek: Int
            var availability = Availability.always
            if random.chance(0.65) {
                workDays = Array(days.indices)
                perWeek = covered.count == 1 ? random.element(of: [12, 15]) : random.element(of: [15, 18, 20])
                if covered.count < sessions.count {
                    availability = Availability(ids.map { AvailabilityPattern(day: nil, session: $0) })
                }
            } else {
                workDays = random.positions(random.int(in: 2...4), of: days.count)
                perWeek = min(workDays.count * 3 * covered.count, random.element(of: [6, 9, 12]))
                availability = Availability(
                    workDays.flatMap { day in ids.map { AvailabilityPattern(day: days[day], session: $0) } })
            }
            var perDay: Int?
            if random.chance(0.35) { perDay = covered.count == 1 ? 2 : random.int(in: 3...5) }
            let dailyHours = min(3 * covered.count, perDay ?? Int.max)
            perWeek = min(perWeek, dailyHours * workDays.count)
            let share = Double(perWeek) / Double(covered.count * trained.count)
            for session in covered {
                for modality in trained { offered[session][modality] += share }
            }
            drafts.append((trained, availability, perWeek, perDay))
        }
        let width = max(2, String(drafts.count).count)
        return drafts.enumerated().map { index, draft in
            Clinician(
                id: ClinicianID("c" + Self.padded(index + 1, width)),
                modalities: draft.modalities.map { modalities[$0] },
                availability: draft.availability, maxHoursPerWeek: draft.perWeek, maxHoursPerDay: draft.perDay)
        }
    }

    // MARK: Rooms

    /// Enough rooms for `roomSupply` times the groups expected at once at the busiest session.
    private func makeRooms(for patients: [_PatientDraft]) -> [Room] {
        var attendance = Array(repeating: [0.0, 0.0], count: sessions.count)
        for patient in patients {
            attendance[patient.home][patient.adolescent ? 1 : 0] += Double(patient.daysNeeded) / Double(days.count)
        }
        let peak =
            attendance.map { cohorts in cohorts.reduce(0) { $0 + ($1 / Self.expectedGroupSize).rounded(.up) } }.max()
            ?? 1
        let count = max(1, Int((peak * options.roomSupply).rounded(.up)))
        var random = stream(.rooms)
        let capacities = options.roomCapacities.map { ($0, $0 % 2 == 0 ? 3.0 : 1.0) }
        let width = max(2, String(count).count)
        return (1...count).map { number in
            let capacity = random.weighted(capacities)
            var availability = Availability.always
            let kind = random.unit()
            if kind < 0.12 {
                // Used by another program one day a week.
                let busy = random.below(days.count)
                availability = Availability(
                    days.indices.filter { $0 != busy }.map { AvailabilityPattern(day: days[$0], session: nil) })
            } else if kind < 0.2, sessions.count > 1 {
                // The building wing closes before the last session.
                availability = Availability(
                    sessions.dropLast().map { AvailabilityPattern(day: nil, session: $0.session.id) })
            }
            return Room(id: RoomID("R" + Self.padded(number, width)), capacity: capacity, availability: availability)
        }
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
