import Foundation
import RosterKit

/// The program simulated week by week: arrivals join a waiting list, are admitted when the week
/// can hold all their hours, step down as their stay goes on, and are discharged at its end.
///
/// ```swift
/// let run = ProgramSimulator(base: week, settings: .init(weeks: 12, admissionsPerWeek: 6, seed: 1)).run()
/// print(run.weeks.map(\.waiting))  // [0, 2, 3, ...]
/// ```
///
/// Week 1 is the base week, planned by the greedy solver; every later week is the week before's
/// instance moved on (`Instance.nextWeek(after:)`, so `previous` is last week's session-days)
/// and re-planned from last week's roster (``Replanner``). Each week the waiting patients are
/// planned with the others; those who get every prescribed hour are admitted, the rest wait and
/// the week is re-planned without them. Stays are drawn from ``Settings/stayWeeks`` (a base
/// patient is somewhere along theirs); a stay steps down by one session-day a week at each third
/// of it, to no fewer than two days. Arrivals are Poisson at ``Settings/admissionsPerWeek``, each
/// a copy of a random base patient (track, cohort, hours, availability) with a new id. Everything
/// random comes from ``Settings/seed``; the solvers run with move budgets, so a seed gives the
/// same weeks on any machine.
///
/// A program-level what-if runs the same seed with a `program` week: the base week with its
/// clinicians, rooms, sessions or policy changed (`ProgramVariant`). The arrivals and every
/// stay are drawn from `base` in streams of their own, before anything is planned, so every
/// variant meets the same patients on the same weeks; only the planning differs.
public struct ProgramSimulator: Sendable {
    /// How long to simulate, who arrives, how long they stay, and how long each week may plan.
    public struct Settings: Sendable {
        /// Weeks to simulate (at least 1 is run).
        public var weeks: Int
        /// The mean number of arrivals a week (Poisson); ignored when ``arrivals`` is set.
        public var admissionsPerWeek: Double
        /// Arrivals by week (1-based), instead of random ones.
        public var arrivals: [Int: [Patient]]?
        /// Seed of every random draw (arrivals, stays); the same settings give the same run.
        public var seed: UInt64
        /// Shortest and longest stay in weeks; each stay is drawn uniformly from it.
        public var stayWeeks: ClosedRange<Int>
        /// Seconds each week's planning may take.
        public var secondsPerWeek: Double

        /// Builds settings; by default no arrivals, stays of 6 to 12 weeks and 30 seconds of planning a week.
        public init(
            weeks: Int, admissionsPerWeek: Double = 0, arrivals: [Int: [Patient]]? = nil, seed: UInt64 = 1,
            stayWeeks: ClosedRange<Int> = 6...12, secondsPerWeek: Double = 30
        ) {
            self.weeks = weeks
            self.admissionsPerWeek = admissionsPerWeek
            self.arrivals = arrivals
            self.seed = seed
            self.stayWeeks = stayWeeks
            self.secondsPerWeek = secondsPerWeek
        }
    }

    /// A patient in the program or waiting: their prescription at admission and their stay.
    struct Enrolled {
        var patient: Patient
        var stay: Int
        /// Weeks of the stay already attended.
        var served: Int
        /// Weeks of the stay served when the simulation met the patient.
        let servedAtStart: Int
        let startDays: Int
        let hoursPerDay: Int
        var arrivedWeek: Int

        /// This week's prescription: one session-day fewer at each third of the stay, never below two days.
        var weeklyHours: Int {
            let every = max(1, stay / 3)
            let steps = served / every - servedAtStart / every
            let days = max(min(2, startDays), startDays - steps)
            return min(patient.weeklyHours, days * hoursPerDay)
        }
    }

    /// The base week: its patients are the census at the start, and arrivals are drawn from it.
    public let base: Instance
    /// How the simulation runs.
    public let settings: Settings
    /// The week the program runs with: `base`, or `base` under a variant.
    public let program: Instance

    /// Builds a simulation of `base` under `settings`.
    ///
    /// - Parameters:
    ///   - base: The base week: its patients are the census at the start, and arrivals are drawn from it.
    ///   - settings: How long to simulate, who arrives, how long they stay.
    ///   - program: The base week under a program-level variant (more clinicians, a room fewer);
    ///     `nil` runs `base` itself. Arrivals and stays come from `base` either way.
    public init(base: Instance, settings: Settings, program: Instance? = nil) {
        self.base = base
        self.settings = settings
        self.program = program ?? base
    }

    /// The stay of a patient: its length in weeks, and the weeks already served.
    struct Stay: Hashable {
        var weeks: Int
        var served: Int
    }

    /// Simulates ``Settings/weeks`` weeks: plans each (week 1 greedy, later ones re-planned), admits
    /// the waiting patients who fit, discharges those whose stay ends.
    public func run() -> SimulationRun {
        // In memory nothing throws.
        (try? simulate(through: nil)) ?? SimulationRun(baseCensus: program.patients.count, weeks: [], plans: [])
    }

    /// ``run()`` with every week's instance built by `ledger` and every week kept there, each
    /// week inside ``SimulationLedger/inWeek(_:_:)`` (a store's transaction). The same seed gives
    /// the same weeks as ``run()`` when the ledger builds the instances ``run()`` builds.
    public func run(through ledger: any SimulationLedger) throws -> SimulationRun {
        try simulate(through: ledger)
    }

    private func simulate(through ledger: (any SimulationLedger)?) throws -> SimulationRun {
        let hoursPerDay = program.sessions.map(\.hours).max() ?? 3
        func enrol(_ patient: Patient, stay: Stay, week: Int) -> Enrolled {
            let days = patient.weeklyHours == 0 ? 0 : (patient.weeklyHours + hoursPerDay - 1) / hoursPerDay
            return Enrolled(
                patient: patient, stay: stay.weeks, served: stay.served, servedAtStart: stay.served, startDays: days,
                hoursPerDay: hoursPerDay, arrivedWeek: week)
        }
        var baseStays = SplitMix64(seed: settings.seed, stream: 0x5157)
        var stays: [PatientID: Stay] = [:]
        for patient in base.patients {
            let length = baseStays.int(in: settings.stayWeeks)
            stays[patient.id] = Stay(weeks: length, served: baseStays.below(length))
        }
        // Patients a variant adds to the base week draw from a stream of their own.
        var addedStays = SplitMix64(seed: settings.seed, stream: 0xADD5)
        var inProgram = program.patients.map { patient -> Enrolled in
            let stay =
                stays[patient.id]
                ?? {
                    let length = addedStays.int(in: settings.stayWeeks)
                    return Stay(weeks: length, served: addedStays.below(length))
                }()
            return enrol(patient, stay: stay, week: 0)
        }
        let arrivalStream = arrivalStream()
        var waiting: [Enrolled] = []
        var weeks: [WeekMetrics] = []
        var plans: [(instance: Instance, roster: Roster)] = []
        var last: (instance: Instance, roster: Roster)?
        for week in 1...max(1, settings.weeks) {
            func simulateWeek() throws {
                var metrics = WeekMetrics(week: week)
                let arrivals = arrivalStream[week - 1]
                metrics.arrivals = arrivals.count
                waiting += arrivals.map { enrol($0.patient, stay: $0.stay, week: week) }
                metrics.steppedDown = inProgram.count {
                    $0.served > $0.servedAtStart && $0.weeklyHours < hours(before: $0)
                }
                // Plan the week with everyone waiting, then keep those who got every hour.
                let candidates = inProgram + waiting
                let newcomers = Set(waiting.map(\.patient.id))
                let instance = try weekInstance(
                    week, candidates, newcomers: newcomers, after: last, ledger: ledger)
                var roster = plan(instance, after: last?.roster)
                let schedule = roster.schedule()
                let fits = { (entry: Enrolled) in (schedule[entry.patient.id]?.count ?? 0) >= entry.weeklyHours }
                let admitted = waiting.filter(fits)
                let stillWaiting = waiting.filter { !fits($0) }
                var final = instance
                if !stillWaiting.isEmpty {
                    final = try weekInstance(
                        week, inProgram + admitted, newcomers: Set(admitted.map(\.patient.id)), after: last,
                        ledger: ledger)
                    roster = plan(final, after: roster)
                }
                try ledger?.keep(week: week, instance: final, roster: roster)
                waiting = stillWaiting
                inProgram += admitted
                metrics.admitted = admitted.count
                metrics.weeksWaitedByAdmitted = admitted.reduce(0) { $0 + week - $1.arrivedWeek }
                metrics.longestWait = max(
                    admitted.map { week - $0.arrivedWeek }.max() ?? 0,
                    waiting.map { week - $0.arrivedWeek + 1 }.max() ?? 0)
                metrics.waiting = waiting.count
                metrics.census = inProgram.count
                measure(&metrics, instance: final, roster: roster)
                plans.append((final, roster))
                last = (final, roster)
                for position in inProgram.indices { inProgram[position].served += 1 }
                let leaving = inProgram.filter { $0.served >= $0.stay }
                metrics.discharged = leaving.count
                inProgram.removeAll { $0.served >= $0.stay }
                weeks.append(metrics)
            }
            if let ledger { try ledger.inWeek(week, simulateWeek) } else { try simulateWeek() }
        }
        let arrived = arrivalStream.enumerated().flatMap { week, arrivals in
            arrivals.map { Arrival(week: week + 1, patient: $0.patient) }
        }
        return SimulationRun(baseCensus: program.patients.count, weeks: weeks, plans: plans, arrivals: arrived)
    }

    private func hours(before entry: Enrolled) -> Int {
        var earlier = entry
        earlier.served -= 1
        return earlier.weeklyHours
    }

    // MARK: Arrivals

    /// Every week's arrivals and their stays, drawn from `base` alone (a stream of their own), so
    /// that a variant's planning never shifts them.
    func arrivalStream() -> [[(patient: Patient, stay: Stay)]] {
        var random = SplitMix64(seed: settings.seed, stream: 0xA881)
        let templates = base.patients.filter { $0.weeklyHours > 0 }
        var usedIDs = Set(base.patients.map(\.id))
        return (1...max(1, settings.weeks)).map { week in
            arrivals(in: week, templates: templates, random: &random, used: &usedIDs).map { patient in
                (patient, Stay(weeks: random.int(in: settings.stayWeeks), served: 0))
            }
        }
    }

    private func arrivals(in week: Int, templates: [Patient], random: inout SplitMix64, used: inout Set<PatientID>)
        -> [Patient]
    {
        if let given = settings.arrivals { return given[week] ?? [] }
        guard !templates.isEmpty, settings.admissionsPerWeek > 0 else { return [] }
        var count = 0
        var product = random.unit()
        let threshold = exp(-settings.admissionsPerWeek)
        while product > threshold {
            count += 1
            product *= random.unit()
        }
        return (0..<count).map { number in
            var patient = random.element(of: templates)
            var id = PatientID("w\(week)-\(number + 1)")
            var suffix = 1
            while used.contains(id) {
                suffix += 1
                id = PatientID("w\(week)-\(number + 1)-\(suffix)")
            }
            used.insert(id)
            patient.id = id
            patient.name = nil
            patient.previous = nil
            patient.separateFrom = []
            return patient
        }
    }

    // MARK: Planning

    /// The week's instance for `entries` (this week's prescriptions; `newcomers` have no previous
    /// week): the ledger's, else ``memoryInstance(_:newcomers:after:)``.
    private func weekInstance(
        _ week: Int, _ entries: [Enrolled], newcomers: Set<PatientID>,
        after last: (instance: Instance, roster: Roster)?, ledger: (any SimulationLedger)?
    ) throws -> Instance {
        guard let ledger else { return memoryInstance(entries, newcomers: newcomers, after: last) }
        let patients = entries.map { entry in
            var patient = entry.patient
            patient.weeklyHours = entry.weeklyHours
            if newcomers.contains(patient.id) { patient.previous = nil }
            return patient
        }
        return try ledger.instance(week: week, patients: patients, newcomers: newcomers, after: last)
    }

    /// The week's instance in memory: last week's moved on (previous from its roster), with this
    /// week's patients and prescriptions; newcomers have no previous week.
    private func memoryInstance(
        _ entries: [Enrolled], newcomers: Set<PatientID>, after last: (instance: Instance, roster: Roster)?
    ) -> Instance {
        var instance = last.map { $0.instance.nextWeek(after: $0.roster) } ?? program
        let previous = Dictionary(
            instance.patients.map { ($0.id, $0.previous) }, uniquingKeysWith: { first, _ in first })
        let present = Set(entries.map(\.patient.id))
        instance.patients = entries.map { entry in
            var patient = entry.patient
            patient.weeklyHours = entry.weeklyHours
            patient.previous = newcomers.contains(patient.id) ? nil : (previous[patient.id] ?? patient.previous)
            patient.separateFrom.removeAll { !present.contains($0) }
            return patient
        }
        return instance
    }

    private func plan(_ instance: Instance, after previous: Roster?) -> Roster {
        let options = SolveOptions(timeLimit: settings.secondsPerWeek, seed: settings.seed)
        let roster: Roster
        if let previous {
            // Completion only (no GLPK full search), so a seed gives the same weeks.
            let replanner = Replanner(previous: previous, fullSearch: nil)
            roster = (try? replanner.replan(instance, options: options))?.outcome.roster ?? .empty
        } else {
            roster =
                (try? GreedySolver(
                    localSearch: true, localSearchSeconds: settings.secondsPerWeek, maxLocalSearchMoves: 500
                ).solve(instance, options: options).roster) ?? .empty
        }
        return RosterChecker(instance).check(roster).isValid ? roster : .empty
    }

    // MARK: Metrics

    private func measure(_ metrics: inout WeekMetrics, instance: Instance, roster: Roster) {
        let report = RosterChecker(instance).check(roster)
        metrics.prescribedHours = instance.patients.reduce(0) { $0 + $1.weeklyHours }
        metrics.unmetHours = report.terms.unmetHours
        metrics.placedHours = metrics.prescribedHours - metrics.unmetHours
        metrics.continuityBreaks = report.terms.continuityBreaks
        metrics.groups = roster.groups.count
        let seats = roster.groups.reduce(0) { $0 + $1.size }
        metrics.averageGroupSize = roster.groups.isEmpty ? 0 : Double(seats) / Double(roster.groups.count)
        let capacity = WeekCapacity(instance)
        let clinicianHours = capacity.groupHours
        metrics.clinicianUtilisation = clinicianHours > 0 ? Double(roster.groups.count) / Double(clinicianHours) : 0
        let roomHours = capacity.roomHours
        metrics.roomUtilisation = roomHours > 0 ? Double(roster.groups.count) / Double(roomHours) : 0
        metrics.objective = report.total
    }
}
