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
/// instance moved on (``Instance/nextWeek(after:)``, so `previous` is last week's session-days)
/// and re-planned from last week's roster (``Replanner``). Each week the waiting patients are
/// planned with the others; those who get every prescribed hour are admitted, the rest wait and
/// the week is re-planned without them. Stays are drawn from ``Settings/stayWeeks`` (a base
/// patient is somewhere along theirs); a stay steps down by one session-day a week at each third
/// of it, to no fewer than two days. Arrivals are Poisson at ``Settings/admissionsPerWeek``, each
/// a copy of a random base patient (track, cohort, hours, availability) with a new id. Everything
/// random comes from ``Settings/seed``; the solvers run with move budgets, so a seed gives the
/// same weeks on any machine.
public struct ProgramSimulator: Sendable {
    public struct Settings: Sendable {
        public var weeks: Int
        /// The mean number of arrivals a week (Poisson); ignored when ``arrivals`` is set.
        public var admissionsPerWeek: Double
        /// Arrivals by week (1-based), instead of random ones.
        public var arrivals: [Int: [Patient]]?
        public var seed: UInt64
        public var stayWeeks: ClosedRange<Int>
        /// Seconds each week's planning may take.
        public var secondsPerWeek: Double

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

    public let base: Instance
    public let settings: Settings

    public init(base: Instance, settings: Settings) {
        self.base = base
        self.settings = settings
    }

    public func run() -> SimulationRun {
        var random = SplitMix64(seed: settings.seed, stream: 0x5157)
        let hoursPerDay = base.sessions.map(\.hours).max() ?? 3
        func enrol(_ patient: Patient, served: Int, stay: Int, week: Int) -> Enrolled {
            let days = patient.weeklyHours == 0 ? 0 : (patient.weeklyHours + hoursPerDay - 1) / hoursPerDay
            return Enrolled(
                patient: patient, stay: stay, served: served, servedAtStart: served, startDays: days, hoursPerDay: hoursPerDay,
                arrivedWeek: week)
        }
        var inProgram = base.patients.map { patient -> Enrolled in
            let stay = random.int(in: settings.stayWeeks)
            return enrol(patient, served: random.below(stay), stay: stay, week: 0)
        }
        var waiting: [Enrolled] = []
        let templates = base.patients.filter { $0.weeklyHours > 0 }
        var usedIDs = Set(base.patients.map(\.id))
        var weeks: [WeekMetrics] = []
        var plans: [(instance: Instance, roster: Roster)] = []
        var last: (instance: Instance, roster: Roster)?
        for week in 1...max(1, settings.weeks) {
            var metrics = WeekMetrics(week: week)
            let arrivals = arrivals(in: week, templates: templates, random: &random, used: &usedIDs)
            metrics.arrivals = arrivals.count
            let stayDraws = arrivals.map { _ in random.int(in: settings.stayWeeks) }
            waiting += zip(arrivals, stayDraws).map { enrol($0, served: 0, stay: $1, week: week) }
            metrics.steppedDown = inProgram.count { $0.served > $0.servedAtStart && $0.weeklyHours < hours(before: $0) }
            // Plan the week with everyone waiting, then keep those who got every hour.
            let candidates = inProgram + waiting
            let instance = weekInstance(candidates, newcomers: Set(waiting.map(\.patient.id)), after: last)
            var roster = plan(instance, after: last?.roster)
            let schedule = roster.schedule()
            let fits = { (entry: Enrolled) in (schedule[entry.patient.id]?.count ?? 0) >= entry.weeklyHours }
            let admitted = waiting.filter(fits)
            waiting = waiting.filter { !fits($0) }
            var final = instance
            if !waiting.isEmpty {
                let left = Set(waiting.map(\.patient.id))
                final.patients.removeAll { left.contains($0.id) }
                for position in final.patients.indices { final.patients[position].separateFrom.removeAll { left.contains($0) } }
                roster = plan(final, after: roster)
            }
            inProgram += admitted
            metrics.admitted = admitted.count
            metrics.weeksWaitedByAdmitted = admitted.reduce(0) { $0 + week - $1.arrivedWeek }
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
        return SimulationRun(baseCensus: base.patients.count, weeks: weeks, plans: plans)
    }

    private func hours(before entry: Enrolled) -> Int {
        var earlier = entry
        earlier.served -= 1
        return earlier.weeklyHours
    }

    // MARK: Arrivals

    private func arrivals(in week: Int, templates: [Patient], random: inout SplitMix64, used: inout Set<PatientID>) -> [Patient] {
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

    /// The week's instance: last week's moved on (previous from its roster), with this week's
    /// patients and prescriptions; newcomers have no previous week.
    private func weekInstance(_ entries: [Enrolled], newcomers: Set<PatientID>, after last: (instance: Instance, roster: Roster)?) -> Instance {
        var instance = last.map { $0.instance.nextWeek(after: $0.roster) } ?? base
        let previous = Dictionary(instance.patients.map { ($0.id, $0.previous) }, uniquingKeysWith: { first, _ in first })
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
            roster = (try? GreedySolver(localSearch: true, localSearchSeconds: settings.secondsPerWeek, maxLocalSearchMoves: 500).solve(instance, options: options).roster) ?? .empty
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
        let clinicianHours = instance.clinicianHoursAvailable
        metrics.clinicianUtilisation = clinicianHours > 0 ? Double(roster.groups.count) / Double(clinicianHours) : 0
        let roomHours = instance.roomHoursAvailable
        metrics.roomUtilisation = roomHours > 0 ? Double(roster.groups.count) / Double(roomHours) : 0
        metrics.objective = report.total
    }
}
