import RosterKit
import Testing

@testable import RosterSolvers

/// The cohort shift (`LocalSearch+CohortMoves.swift`): members of a small cohort move between
/// session-days together, so that one reaches the size of one more group.
@Suite("Cohort shift")
struct CohortShiftTests {
    /// One-hour evenings on Monday and Tuesday, groups of 8 to 12, two clinicians, one cohort of
    /// adolescents: nineteen who may come either evening (one hour each) sit Monday in two groups,
    /// twelve who can only come Tuesday fill its one group, and one more Tuesday-only adolescent is
    /// left out. No single patient's move seats them (Tuesday's group is full, a second group needs
    /// eight); moving three from Monday to Tuesday makes two groups of eight on both evenings.
    static var stuck: (instance: Instance, roster: Roster) {
        let evening = Session(id: "EVE", start: "18:00", hours: 1)
        let tuesday = Availability([AvailabilityPattern(day: "Tue", session: "EVE")])
        func adolescents(_ count: Int, prefix: String, availability: Availability) -> [Patient] {
            (0..<count).map {
                Patient(
                    id: PatientID("\(prefix)\($0 + 1)"), cohort: "adolescent", track: "CBT", weeklyHours: 1,
                    availability: availability)
            }
        }
        let either = adolescents(19, prefix: "m", availability: .always)
        let tuesdayOnly = adolescents(13, prefix: "t", availability: tuesday)
        let instance = Instance(
            name: "cohort-shift", days: ["Mon", "Tue"], sessions: [evening], modalities: ["CBT"],
            policy: Policy(minGroupSize: 8, maxGroupSize: 12),
            clinicians: [Clinician(id: "c1", modalities: ["CBT"]), Clinician(id: "c2", modalities: ["CBT"])],
            patients: either + tuesdayOnly)
        func group(_ day: String, _ clinician: String, _ patients: ArraySlice<Patient>) -> Group {
            Group(
                timeSlot: TimeSlot(SessionDay(day: day, session: "EVE"), slot: 1), modality: "CBT",
                cohort: "adolescent", clinician: ClinicianID(clinician), patients: patients.map(\.id))
        }
        let roster = Roster(
            instanceName: instance.name,
            groups: [
                group("Mon", "c1", either[0..<10]), group("Mon", "c2", either[10..<19]),
                group("Tue", "c1", tuesdayOnly[0..<12]),
            ])
        return (instance, roster)
    }

    static func search(from roster: Roster, problem: GreedyProblem, triesCohortShifts: Bool) -> LocalSearch {
        let state = PlanState(problem, roster: roster)!
        var search = LocalSearch(
            state: state, seed: 7, deadline: Deadline(seconds: 60), maxMoves: 200, patience: 10,
            cancellation: CancellationFlag(), report: nil, triesCohortShifts: triesCohortShifts)
        search.run()
        return search
    }

    @Test("without the shift, local search leaves the Tuesday-only adolescent's hour unmet")
    func stuckWithoutShift() throws {
        let (instance, roster) = Self.stuck
        let index = InstanceIndex(instance)
        let checker = RosterChecker(index: index)
        #expect(checker.check(roster).isValid)
        #expect(checker.check(roster).terms.unmetHours == 1)
        let search = Self.search(from: roster, problem: GreedyProblem(index), triesCohortShifts: false)
        let report = checker.check(search.state.roster())
        #expect(report.isValid)
        #expect(report.terms.unmetHours == 1)
    }

    @Test("the shift moves three adolescents to Tuesday and seats everyone, in a valid roster")
    func shiftPlacesTheHour() throws {
        let (instance, roster) = Self.stuck
        let index = InstanceIndex(instance)
        let problem = GreedyProblem(index)
        let checker = RosterChecker(index: index)
        let start = try #require(PlanState(problem, roster: roster))
        var probe = LocalSearch(
            state: start, seed: 7, deadline: Deadline(seconds: 60), maxMoves: nil, patience: 0,
            cancellation: CancellationFlag(), report: nil)
        let tuesday = try #require(problem.sessionDayDay.firstIndex(of: 1))
        let shifts = probe.cohortShifts()
        #expect(shifts.map(\.sessionDay) == [tuesday])
        #expect(shifts.first?.shortfall == 3)
        let shifted = probe.shiftCohorts()
        #expect(shifted)
        let after = checker.check(probe.state.roster())
        #expect(after.isValid, "\(after.violations.prefix(3).map(\.description))")
        #expect(after.terms.unmetHours == 0)
        #expect(after.terms.groups == 4)

        let search = Self.search(from: roster, problem: problem, triesCohortShifts: true)
        let report = checker.check(search.state.roster())
        #expect(report.isValid, "\(report.violations.prefix(3).map(\.description))")
        #expect(report.terms.unmetHours == 0)
        #expect(report.total == 8)
    }
}

extension CohortShiftTests {
    /// Re-planning's full search from the stuck roster as the previous one: the shift moves three
    /// adolescents' kept hours to seat one, which the default move price (above half the unmet-hour
    /// weight per hour) forbids and a price of one point allows.
    @Test("in a re-plan the shift pays the move price of the kept hours it moves")
    func shiftPaysTheMovePrice() throws {
        let (instance, roster) = Self.stuck
        let index = InstanceIndex(instance)
        let checker = RosterChecker(index: index)
        func unmet(penalty: Double) throws -> Int {
            let problem = GreedyProblem(index)
            problem.price(MovePrice(previous: roster, penalty: penalty))
            let start = try #require(PlanState(problem, roster: roster))
            #expect(start.lostPreviousHours == 0)
            #expect(start.pricedTotal == start.total)
            var probe = LocalSearch(
                state: start, seed: 7, deadline: Deadline(seconds: 60), maxMoves: nil, patience: 0,
                cancellation: CancellationFlag(), report: nil)
            _ = probe.shiftCohorts()
            let report = checker.check(probe.state.roster())
            #expect(report.isValid)
            #expect(probe.state.pricedTotal == report.total + penalty * Double(probe.state.lostPreviousHours))
            return report.terms.unmetHours
        }
        #expect(try unmet(penalty: Replanner.movePenalty(for: instance.policy.weights)) == 1)
        #expect(try unmet(penalty: 1) == 0)
    }
}
