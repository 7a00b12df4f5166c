import Foundation
import RosterKit
import TestSupport
import Testing

@testable import RosterSolvers

/// `simulate`: the program week by week.
@Suite("Simulation")
struct SimulationTests {
    static let settings = ProgramSimulator.Settings(weeks: 6, admissionsPerWeek: 4, seed: 7)
    static let base = try! Fixtures.instance("instances/riverside-40.json")
    static let run = ProgramSimulator(base: base, settings: settings).run()

    @Test func aSeedGivesTheSameSimulation() {
        let again = ProgramSimulator(base: Self.base, settings: Self.settings).run()
        #expect(again.weeks == Self.run.weeks)
        #expect(again.plans.map(\.roster) == Self.run.plans.map(\.roster))
        var other = Self.settings
        other.seed = 8
        #expect(ProgramSimulator(base: Self.base, settings: other).run().weeks != Self.run.weeks)
    }

    @Test func patientsAreConservedEveryWeek() {
        var arrived = 0
        var dischargedBefore = 0
        var censusAfterLastWeek = Self.run.baseCensus
        for week in Self.run.weeks {
            arrived += week.arrivals
            #expect(Self.run.baseCensus + arrived == week.census + week.waiting + dischargedBefore, "week \(week.week)")
            #expect(week.admitted == week.census - censusAfterLastWeek, "week \(week.week)")
            #expect(Self.run.plans[week.week - 1].instance.patients.count == week.census)
            dischargedBefore += week.discharged
            censusAfterLastWeek = week.census - week.discharged
        }
        #expect(Self.run.weeks.reduce(0) { $0 + $1.arrivals } > 0)
        #expect(Self.run.weeks.reduce(0) { $0 + $1.discharged } > 0)
    }

    @Test func everyWeeksRosterPassesTheChecker() {
        for (number, plan) in Self.run.plans.enumerated() {
            let report = RosterChecker(plan.instance).check(plan.roster)
            #expect(report.isValid, "week \(number + 1)")
            #expect(report.total == Self.run.weeks[number].objective)
        }
    }

    @Test func prescriptionsStepDownOnSchedule() {
        let entry = ProgramSimulator.Enrolled(
            patient: Patient(id: "p", track: "CBT", weeklyHours: 12), stay: 9, served: 0, servedAtStart: 0,
            startDays: 4,
            hoursPerDay: 3, arrivedWeek: 1)
        let hours = (0..<9).map { served -> Int in
            var later = entry
            later.served = served
            return later.weeklyHours
        }
        #expect(hours == [12, 12, 12, 9, 9, 9, 6, 6, 6])
        // In the run: nobody's prescription goes up from one week to the next, and some step down.
        for (earlier, later) in zip(Self.run.plans, Self.run.plans.dropFirst()) {
            let before = Dictionary(uniqueKeysWithValues: earlier.instance.patients.map { ($0.id, $0.weeklyHours) })
            for patient in later.instance.patients {
                if let was = before[patient.id] { #expect(patient.weeklyHours <= was) }
            }
        }
        #expect(Self.run.weeks.reduce(0) { $0 + $1.steppedDown } > 0)
    }

    @Test func arrivalsFromAFileJoinInTheirWeek() throws {
        let list = try InputFile.loadArrivals(
            Fixtures.path("instances/arrivals/riverside-arrivals.json"), base: Self.base, weeks: 6)
        let settings = ProgramSimulator.Settings(weeks: 6, arrivals: list.byWeek, seed: 7)
        let run = ProgramSimulator(base: Self.base, settings: settings).run()
        #expect(run.weeks.map(\.arrivals) == [0, 2, 2, 1, 2, 1])
        for arrival in list.arrivals {
            // Nobody is planned before their week; an arrival is planned in some week from theirs on, or still waits.
            for week in 1..<arrival.week { #expect(run.plans[week - 1].instance.patient(arrival.patient.id) == nil) }
            let plannedFrom = (arrival.week...6).first { run.plans[$0 - 1].instance.patient(arrival.patient.id) != nil }
            #expect(plannedFrom != nil || run.weeks[5].waiting > 0, "\(arrival.week)")
        }
        #expect(run.weeks.reduce(0) { $0 + $1.admitted } + run.weeks[5].waiting == list.arrivals.count)
    }

    // MARK: Variants

    @Test func everyVariantMeetsTheSameArrivals() throws {
        let settings = ProgramSimulator.Settings(weeks: 4, admissionsPerWeek: 5, seed: 11)
        // A variant that also changes the base week's patients, so a shared stream would shift.
        let variant = Scenario(changes: [
            .addClinician(Clinician(id: "c9", modalities: ["DBT", "CBT"])), .discharge(["p001", "p002"]),
        ])
        let program = try variant.apply(to: Self.base).instance
        let baseline = ProgramSimulator(base: Self.base, settings: settings)
        let varied = ProgramSimulator(base: Self.base, settings: settings, program: program)
        let (first, second) = (baseline.run(), varied.run())
        #expect(!first.arrivals.isEmpty)
        #expect(first.arrivals == second.arrivals)
        #expect(baseline.arrivalStream().map { $0.map(\.stay) } == varied.arrivalStream().map { $0.map(\.stay) })
        #expect(second.baseCensus == first.baseCensus - 2)
        #expect(second.plans[0].instance.clinician("c9") != nil && second.plans[3].instance.clinician("c9") != nil)
    }

    /// tiny.json with no clinician on Fridays, and ten arrivals a week who can come on Friday mornings only.
    static func fridayProgram() -> (base: Instance, arrivals: [Int: [Patient]]) {
        var base = try! Fixtures.instance("instances/tiny.json")
        let weekdays = ["Mon", "Tue", "Wed", "Thu"].map { AvailabilityPattern(day: $0, session: nil) }
        for position in base.clinicians.indices { base.clinicians[position].availability = Availability(weekdays) }
        let friday = Availability([AvailabilityPattern(day: "Fri", session: "AM")])
        let arrivals = Dictionary(
            uniqueKeysWithValues: [1, 3].map { week in
                (
                    week,
                    (1...10).map { number in
                        Patient(
                            id: PatientID("f\(week)-\(number)"), track: number.isMultiple(of: 2) ? "CBT" : "DBT",
                            weeklyHours: 3, availability: friday)
                    }
                )
            })
        return (base, arrivals)
    }

    @Test func aVariantThatAddsCapacityNeverLengthensTheWaitingList() throws {
        let (base, arrivals) = Self.fridayProgram()
        let settings = ProgramSimulator.Settings(weeks: 4, arrivals: arrivals, seed: 5, secondsPerWeek: 5)
        let baseline = ProgramSimulator(base: base, settings: settings).run()
        let variant = try ProgramVariant(text: "add clinician c9 CBT,DBT,Mindfulness,Psychoeducation")
        let program = try variant.scenario.apply(to: base).instance
        let varied = ProgramSimulator(base: base, settings: settings, program: program).run()
        // Nobody can be seen on a Friday without c9: every arrival waits.
        #expect(baseline.weeks.map(\.waiting) == [10, 10, 20, 20])
        for (before, after) in zip(baseline.weeks, varied.weeks) {
            #expect(after.waiting <= before.waiting, "week \(after.week)")
        }
        #expect(varied.weeks[0].admitted == 10)
        #expect(varied.finalWaiting < baseline.finalWaiting)
        for (number, plan) in varied.plans.enumerated() {
            #expect(RosterChecker(plan.instance).check(plan.roster).isValid, "week \(number + 1)")
        }
    }
}
