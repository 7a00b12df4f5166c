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
            patient: Patient(id: "p", track: "CBT", weeklyHours: 12), stay: 9, served: 0, servedAtStart: 0, startDays: 4,
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
        let list = try InputFile.loadArrivals(Fixtures.path("instances/arrivals/riverside-arrivals.json"), base: Self.base, weeks: 6)
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
}
