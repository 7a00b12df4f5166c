import RosterKit
import Testing

@testable import RosterSolvers

/// The session trade (`LocalSearch+SessionTrades.swift`): patients who may come to either session
/// of a day move together, and a scarce clinician's hours follow them, so that the session where
/// patients wait runs one more group.
@Suite("Session trade")
struct SessionTradeTests {
    /// One-hour morning and evening sessions, groups of 2 to 3, one modality.
    static let sessions = [
        Session(id: "AM", start: "09:00", hours: 1), Session(id: "EVE", start: "18:00", hours: 1),
    ]

    static func patients(_ prefix: String, _ count: Int, at sessionDays: [(String, String)]) -> [Patient] {
        let availability = Availability(sessionDays.map { AvailabilityPattern(day: $0.0, session: $0.1) })
        return (1...count).map {
            Patient(id: PatientID("\(prefix)\($0)"), track: "CBT", weeklyHours: 1, availability: availability)
        }
    }

    static func group(_ day: String, _ session: String, _ clinician: String, _ patients: [String]) -> Group {
        Group(
            timeSlot: TimeSlot(SessionDay(day: day, session: session), slot: 1), modality: "CBT",
            clinician: ClinicianID(clinician), patients: patients.map { PatientID($0) })
    }

    /// Monday: a leads mornings, e evenings, and f either, one hour a day. Two patients can come
    /// only in the morning (a1, a2), two either session (f1, f2), four only in the evening (e1-e4).
    /// The roster runs f's group in the morning with f1 and f2, so the evening's one group is full
    /// and e4 is left out. No single move seats e4: f is spent for the day, and neither f1 nor f2
    /// may leave a group at its minimum. Moving f1 and f2 to the evening, with f, seats everyone.
    static var sharedLeader: (instance: Instance, roster: Roster) {
        let monday = [("Mon", "AM"), ("Mon", "EVE")]
        let instance = Instance(
            name: "session-trade", days: ["Mon"], sessions: sessions, modalities: ["CBT"],
            policy: Policy(minGroupSize: 2, maxGroupSize: 3),
            clinicians: [
                Clinician(
                    id: "a", modalities: ["CBT"],
                    availability: Availability([AvailabilityPattern(day: "Mon", session: "AM")])),
                Clinician(
                    id: "e", modalities: ["CBT"],
                    availability: Availability([AvailabilityPattern(day: "Mon", session: "EVE")])),
                Clinician(id: "f", modalities: ["CBT"], maxHoursPerDay: 1),
            ],
            patients: patients("a", 2, at: [monday[0]]) + patients("f", 2, at: monday)
                + patients("e", 4, at: [monday[1]]))
        let roster = Roster(
            instanceName: instance.name,
            groups: [
                group("Mon", "AM", "a", ["a1", "a2"]), group("Mon", "AM", "f", ["f1", "f2"]),
                group("Mon", "EVE", "e", ["e1", "e2", "e3"]),
            ])
        return (instance, roster)
    }

    /// Monday evening has e4 waiting and only e to lead; f, who may lead it, spent the one hour of
    /// their week on Tuesday morning, where g is free and could lead f's group instead. No single
    /// move hands the group over (that alone changes nothing); the trade does, then opens f's group
    /// on Monday evening.
    static var spentWeek: (instance: Instance, roster: Roster) {
        func only(_ day: String, _ session: String) -> Availability {
            Availability([AvailabilityPattern(day: day, session: session)])
        }
        let instance = Instance(
            name: "session-trade-week", days: ["Mon", "Tue"], sessions: sessions, modalities: ["CBT"],
            policy: Policy(minGroupSize: 2, maxGroupSize: 3),
            clinicians: [
                Clinician(id: "e", modalities: ["CBT"], availability: only("Mon", "EVE")),
                Clinician(
                    id: "f", modalities: ["CBT"],
                    availability: Availability([
                        AvailabilityPattern(day: "Mon", session: "EVE"), AvailabilityPattern(day: "Tue", session: "AM"),
                    ]),
                    maxHoursPerWeek: 1),
                Clinician(id: "g", modalities: ["CBT"], availability: only("Tue", "AM")),
            ],
            patients: patients("e", 4, at: [("Mon", "EVE")]) + patients("t", 2, at: [("Tue", "AM")]))
        let roster = Roster(
            instanceName: instance.name,
            groups: [group("Mon", "EVE", "e", ["e1", "e2", "e3"]), group("Tue", "AM", "f", ["t1", "t2"])])
        return (instance, roster)
    }

    /// Local search from `roster` (seeded, with kicks, at most 200 moves; never timed).
    static func searched(_ instance: Instance, from roster: Roster) throws -> RosterChecker.Report {
        let index = InstanceIndex(instance)
        let checker = RosterChecker(index: index)
        let start = checker.check(roster)
        #expect(start.isValid, "\(start.violations.prefix(3).map(\.description))")
        #expect(start.terms.unmetHours == 1)
        let state = try #require(PlanState(GreedyProblem(index), roster: roster))
        var search = LocalSearch(
            state: state, seed: 7, deadline: Deadline(seconds: 600), maxMoves: 200, patience: 10,
            cancellation: CancellationFlag(), report: nil)
        search.run()
        return checker.check(search.state.roster())
    }

    @Test("f and the two who may come either session move to the evening, and every hour is placed")
    func sharedLeaderFollowsThePatients() throws {
        let (instance, roster) = Self.sharedLeader
        let report = try Self.searched(instance, from: roster)
        #expect(report.isValid, "\(report.violations.prefix(3).map(\.description))")
        #expect(report.terms.unmetHours == 0)
        #expect(report.terms.groups == 3)

        let index = InstanceIndex(instance)
        let problem = GreedyProblem(index)
        let probe = LocalSearch(
            state: try #require(PlanState(problem, roster: roster)), seed: 7, deadline: Deadline(seconds: 600),
            maxMoves: nil, patience: 0, cancellation: CancellationFlag(), report: nil)
        let evening = try #require(problem.sessionDayDay.indices.last)
        #expect(probe.sessionTrades().contains(LocalSearch.SessionTrade(from: evening - 1, to: evening, movers: 2)))
    }

    @Test("g takes over f's Tuesday group, f leads a second group on Monday evening, every hour is placed")
    func spentWeekIsHandedOver() throws {
        let (instance, roster) = Self.spentWeek
        let report = try Self.searched(instance, from: roster)
        #expect(report.isValid, "\(report.violations.prefix(3).map(\.description))")
        #expect(report.terms.unmetHours == 0)
        #expect(report.terms.groups == 3)
    }
}
