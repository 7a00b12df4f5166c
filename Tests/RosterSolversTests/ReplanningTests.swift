import Foundation
import RosterKit
import TestSupport
import Testing

@testable import RosterSolvers

/// Re-planning from a previous roster: repairs, kept assignments, and moves only where a change
/// disrupted the week.
@Suite("Re-planning")
struct ReplanningTests {
    static func base(_ name: String) throws -> (instance: Instance, roster: Roster) {
        (
            try Fixtures.instance("instances/\(name).json"),
            try InputFile.loadRoster(Fixtures.path("Tests/Fixtures/rosters/\(name).valid.roster.json"))
        )
    }

    static func scenario(_ changes: String, on base: Instance) throws -> Instance {
        let document = try JSONParser.parse(#"{"changes": ["# + changes + "]}")
        return try ScenarioDecoder().decode(document).scenario.apply(to: base).instance
    }

    /// Repair and completion only unless `fullSearch` is given: the tests of what is kept and
    /// moved are about those steps (the full search may move anything to place more hours).
    static func replan(
        _ instance: Instance, from previous: Roster, seconds: Double = 3, fullSearch: (any RosterSolver)? = nil
    ) throws -> Replanning {
        try Replanner(previous: previous, fullSearch: fullSearch).replan(
            instance, options: SolveOptions(timeLimit: seconds))
    }

    /// Every previous patient-hour outside `sessionDays` (of patients still in the program) is in the new roster.
    static func keepsEverythingOutside(
        _ sessionDays: Set<SessionDay>, previous: Roster, replanned: Roster, instance: Instance
    ) -> [PatientHour] {
        let after = replanned.patientHours()
        return previous.patientHours().keys.filter { hour in
            !sessionDays.contains(hour.timeSlot.sessionDay) && instance.patient(hour.patient) != nil
                && after[hour] == nil
        }.sorted()
    }

    // MARK: Nothing changed

    @Test(arguments: ["riverside-40", "harbor-continuity-60", "lakeside-120"])
    func anUnchangedWeekKeepsEveryPatientHour(_ name: String) throws {
        let (instance, previous) = try Self.base(name)
        let replanning = try Self.replan(instance, from: previous)
        let checker = RosterChecker(instance)
        let report = checker.check(replanning.outcome.roster)
        #expect(report.isValid)
        #expect(replanning.summary.kept == previous.patientHours().count)
        #expect(
            replanning.summary.moved.isEmpty && replanning.summary.dropped.isEmpty
                && replanning.summary.reassigned.isEmpty)
        #expect(report.total <= checker.check(previous).total)
    }

    // MARK: One session-day touched

    @Test func aSubstituteClinicianMovesNoPatient() throws {
        let (base, previous) = try Self.base("riverside-40")
        let instance = try Self.scenario(
            #"{"clinicianUnavailable": {"clinician": "c3", "availability": ["Tue-*"]}}"#, on: base)
        let replanning = try Self.replan(instance, from: previous)
        #expect(RosterChecker(instance).check(replanning.outcome.roster).isValid)
        #expect(replanning.summary.moved.isEmpty && replanning.summary.dropped.isEmpty)
        #expect(!replanning.summary.reassigned.isEmpty)
        #expect(
            replanning.summary.reassigned.allSatisfy {
                $0.previousClinician == "c3" && $0.clinician != "c3" && $0.timeSlot.day == "Tue"
            })
    }

    static let oneSessionDay: [(instance: String, changes: String, sessionDay: SessionDay)] = [
        (
            "riverside-40",
            #"{"clinicianUnavailable": {"clinician": "c3", "availability": ["Tue-*"]}}, "#
                + #"{"clinicianUnavailable": {"clinician": "c1", "availability": ["Tue-AM"]}}"#,
            SessionDay(day: "Tue", session: "AM")
        ),
        (
            "lakeside-120",
            #"{"clinicianUnavailable": {"clinician": "c1", "availability": ["Tue-AM"]}}, "#
                + #"{"clinicianUnavailable": {"clinician": "c2", "availability": ["Tue-AM"]}}"#,
            SessionDay(day: "Tue", session: "AM")
        ),
        (
            "lakeside-120", #"{"clinicianUnavailable": {"clinician": "c6", "availability": ["Wed-EVE"]}}"#,
            SessionDay(day: "Wed", session: "EVE")
        ),
        (
            "harbor-continuity-60",
            #"{"clinicianUnavailable": {"clinician": "c5", "availability": ["Thu-AM"]}}, "#
                + #"{"clinicianUnavailable": {"clinician": "c1", "availability": ["Thu-AM"]}}"#,
            SessionDay(day: "Thu", session: "AM")
        ),
    ]

    @Test(arguments: oneSessionDay.indices)
    func aChangeAtOneSessionDayMovesNoPatientHourOutsideIt(_ position: Int) throws {
        let (name, changes, touched) = Self.oneSessionDay[position]
        let (base, previous) = try Self.base(name)
        let instance = try Self.scenario(changes, on: base)
        let replanning = try Self.replan(instance, from: previous)
        let roster = replanning.outcome.roster
        #expect(RosterChecker(instance).check(roster).isValid)
        #expect(
            !(replanning.summary.moved.isEmpty && replanning.summary.dropped.isEmpty),
            "the scenario should displace someone")
        #expect(replanning.summary.moved.allSatisfy { $0.from.timeSlot.sessionDay == touched })
        #expect(replanning.summary.dropped.allSatisfy { $0.seat.timeSlot.sessionDay == touched })
        #expect(
            Self.keepsEverythingOutside([touched], previous: previous, replanned: roster, instance: instance).isEmpty)
        #expect(replanning.summary.moved.allSatisfy { !$0.reason.isEmpty })
    }

    // MARK: Repairs

    @Test func dischargedPatientsAreDroppedAndSmallGroupsDissolve() throws {
        let (base, previous) = try Self.base("riverside-40")
        let leaving = ["p001", "p002", "p003", "p006", "p008"].map { PatientID($0) }
        let instance = try Self.scenario(#"{"discharge": ["p001", "p002", "p003", "p006", "p008"]}"#, on: base)
        let replanning = try Self.replan(instance, from: previous)
        let roster = replanning.outcome.roster
        #expect(RosterChecker(instance).check(roster).isValid)
        #expect(roster.groups.allSatisfy { group in group.patients.allSatisfy { !leaving.contains($0) } })
        let droppedLeavers = replanning.summary.dropped.filter { leaving.contains($0.patient) }
        #expect(droppedLeavers.count == previous.patientHours().keys.count { leaving.contains($0.patient) })
        #expect(droppedLeavers.allSatisfy { $0.reason.contains("no longer a patient") })
    }

    @Test func fewerWeeklyHoursDropTheCostliestSessionDay() throws {
        let (base, previous) = try Self.base("riverside-40")
        let patient = PatientID("p002")
        let before = previous.groups.filter { $0.patients.contains(patient) }.count
        #expect(before == 12)
        let instance = try Self.scenario(#"{"setWeeklyHours": {"patient": "p002", "weeklyHours": 9}}"#, on: base)
        let replanning = try Self.replan(instance, from: previous)
        #expect(RosterChecker(instance).check(replanning.outcome.roster).isValid)
        #expect(replanning.outcome.roster.groups.count { $0.patients.contains(patient) } == 9)
        let lost = (replanning.summary.moved.map(\.patient) + replanning.summary.dropped.map(\.patient)).filter {
            $0 == patient
        }
        #expect(lost.count == 3)
        #expect(
            replanning.summary.dropped.filter { $0.patient == patient }.allSatisfy {
                $0.reason.contains("prescribed 9 hours")
            })
    }

    @Test func smallerGroupsTrimTheLeastSuitedMembers() throws {
        let (base, previous) = try Self.base("riverside-40")
        let instance = try Self.scenario(#"{"setPolicy": {"maxGroupSize": 10}}"#, on: base)
        let replanning = try Self.replan(instance, from: previous)
        let roster = replanning.outcome.roster
        #expect(RosterChecker(instance).check(roster).isValid)
        #expect(roster.groups.allSatisfy { $0.size <= 10 })
        #expect(replanning.summary.kept > previous.patientHours().count / 2)
    }

    @Test func aRemovedRoomRehousesItsGroups() throws {
        let (base, previous) = try Self.base("lakeside-120")
        let instance = try Self.scenario(#"{"removeRoom": "R2"}"#, on: base)
        let replanning = try Self.replan(instance, from: previous)
        let roster = replanning.outcome.roster
        #expect(RosterChecker(instance).check(roster).isValid)
        #expect(roster.groups.allSatisfy { $0.room != "R2" })
        #expect(replanning.summary.reassigned.contains { $0.previousRoom == "R2" })
    }

    @Test func admissionsJoinAroundTheKeptRosterWithoutMovingAnyone() throws {
        let (base, previous) = try Self.base("riverside-40")
        let instance = try Self.scenario(
            #"""
            {"admit": [{"id": "p041", "track": "DBT", "weeklyHours": 9}, {"id": "p042", "track": "CBT", "secondary": \#
            "DBT", "weeklyHours": 6},
                       {"id": "p043", "track": "Mindfulness", "weeklyHours": 9}]}
            """#, on: base)
        let replanning = try Self.replan(instance, from: previous)
        #expect(RosterChecker(instance).check(replanning.outcome.roster).isValid)
        #expect(replanning.summary.kept == previous.patientHours().count)
        #expect(replanning.summary.moved.isEmpty && replanning.summary.dropped.isEmpty)
        let admitted = Set(["p041", "p042", "p043"].map { PatientID($0) })
        #expect(replanning.summary.added.contains { admitted.contains($0.patient) })
    }

    @Test func aRosterThatBreaksRulesEvenForItsOwnWeekIsRepaired() throws {
        let instance = try Fixtures.instance("instances/tiny.json")
        for file in [
            "tiny.broken-partial-session", "tiny.broken-patient-double-booked", "tiny.broken-group-too-small",
            "tiny.broken-unknown-clinician", "tiny.broken-room-double-booked",
        ] {
            let previous = try InputFile.loadRoster(Fixtures.path("Tests/Fixtures/rosters/\(file).roster.json"))
            let replanning = try Self.replan(instance, from: previous, seconds: 1)
            #expect(RosterChecker(instance).check(replanning.outcome.roster).isValid, "\(file)")
        }
    }

    @Test func fromAnEmptyRosterEverythingIsAdded() throws {
        let (instance, _) = try Self.base("riverside-40")
        let replanning = try Self.replan(instance, from: .empty, seconds: 2)
        #expect(RosterChecker(instance).check(replanning.outcome.roster).isValid)
        #expect(replanning.summary.kept == 0 && replanning.summary.moved.isEmpty)
        #expect(replanning.summary.added.count == replanning.outcome.roster.patientHours().count)
    }

    /// One hour on Monday: a CBT group of 8 (c1) and a DBT group of 10 (c2), one-hour patients.
    static func twoGroups(policy: Policy = Policy()) -> (instance: Instance, roster: Roster) {
        let patients = (1...18).map {
            Patient(
                id: PatientID("p\($0)"), track: $0 <= 8 ? "CBT" : "DBT", secondary: $0 <= 8 ? "DBT" : "CBT",
                weeklyHours: 1)
        }
        let instance = Instance(
            days: ["Mon"], sessions: [Session(id: "AM", start: "09:00", hours: 1)], policy: policy,
            clinicians: [Clinician(id: "c1", modalities: ["CBT"]), Clinician(id: "c2", modalities: ["DBT"])],
            patients: patients)
        let slot = TimeSlot(SessionDay(day: "Mon", session: "AM"), slot: 1)
        let roster = Roster(groups: [
            Group(timeSlot: slot, modality: "CBT", clinician: "c1", patients: patients[0..<8].map(\.id)),
            Group(timeSlot: slot, modality: "DBT", clinician: "c2", patients: patients[8...].map(\.id)),
        ])
        return (instance, roster)
    }

    @Test func aGroupBelowItsMinimumTakesAMemberOfABiggerGroupInsteadOfDissolving() throws {
        let (base, previous) = Self.twoGroups()
        let instance = try Self.scenario(#"{"discharge": ["p1"]}"#, on: base)
        let replanning = try Self.replan(instance, from: previous, seconds: 1)
        #expect(RosterChecker(instance).check(replanning.outcome.roster).isValid)
        #expect(replanning.outcome.roster.groups.map(\.size).sorted() == [8, 9])
        #expect(replanning.summary.moved.count == 1)
        #expect(replanning.summary.moved.first?.reason.contains("at its minimum of 8") == true)
        #expect(replanning.summary.dropped.map(\.patient) == ["p1"])
    }

    @Test func aMemberOverTheNewMaximumMovesToAnotherGroupOfTheSameHour() throws {
        let (base, previous) = Self.twoGroups()
        let instance = try Self.scenario(#"{"setPolicy": {"maxGroupSize": 9}}"#, on: base)
        let replanning = try Self.replan(instance, from: previous, seconds: 1)
        #expect(RosterChecker(instance).check(replanning.outcome.roster).isValid)
        #expect(replanning.outcome.roster.groups.map(\.size).sorted() == [9, 9])
        #expect(replanning.summary.moved.count == 1 && replanning.summary.dropped.isEmpty)
        #expect(replanning.summary.moved.first?.reason == "DBT groups now hold at most 9 patients")
    }

    @Test func substitutesAreMatchedPerTimeSlot() {
        // The first group could take either clinician; only a matching leaves one for the second.
        #expect(KeptRosterRepair.maximumMatching([[0, 1], [0]]) == [1, 0])
        #expect(KeptRosterRepair.maximumMatching([[0], [0], [1, 0]]) == [0, nil, 1])
        #expect(KeptRosterRepair.maximumMatching([[], [2]]) == [nil, 2])
    }

    // MARK: The move penalty and the report

    @Test func theMovePenaltyLiesBetweenTheUnmetHourAndEveryOtherWeight() {
        #expect(Replanner.movePenalty(for: Weights()) == 505)
        let harbor = Weights(secondaryModalityHour: 2, continuityBreak: 20)
        #expect(Replanner.movePenalty(for: harbor) == 510)
        let penalty = Replanner.movePenalty(for: harbor)
        #expect(penalty < harbor.unmetHour && penalty > harbor.continuityBreak)
    }

    @Test func theSummaryNamesPatientsByIdOnly() throws {
        let (base, previous) = try Self.base("riverside-40")
        let instance = try Self.scenario(
            #"{"clinicianUnavailable": {"clinician": "c3", "availability": ["Tue-*"]}}, "#
                + #"{"clinicianUnavailable": {"clinician": "c1", "availability": ["Tue-*"]}}"#, on: base)
        let summary = try Self.replan(instance, from: previous).summary
        let text = JSONWriter.write(summary.json) + summary.lines.joined(separator: "\n")
        for patient in instance.patients { #expect(!text.contains(patient.name!)) }
        guard case .object(let object) = summary.json else {
            Issue.record("not an object")
            return
        }
        #expect(object["movedPatientHours"] == .integer(summary.moved.count))
        #expect(object["keptPatientHours"] == .integer(summary.kept))
    }

    @Test func theSummaryPairsLostAndNewHoursIntoMoves() {
        let index = InstanceIndex(
            Instance(
                days: ["Mon", "Tue"], sessions: [Session(id: "AM", start: "09:00", hours: 1)], clinicians: [],
                patients: []))
        let monday = TimeSlot(SessionDay(day: "Mon", session: "AM"), slot: 1)
        let tuesday = TimeSlot(SessionDay(day: "Tue", session: "AM"), slot: 1)
        let previous = Roster(groups: [Group(timeSlot: monday, modality: "CBT", clinician: "c1", patients: ["a", "b"])])
        let replanned = Roster(groups: [
            Group(timeSlot: monday, modality: "CBT", clinician: "c2", patients: ["a"]),
            Group(timeSlot: tuesday, modality: "DBT", clinician: "c1", patients: ["b", "c"]),
        ])
        let summary = ReplanningSummary(previous: previous, replanned: replanned, index: index)
        #expect(summary.kept == 1)
        #expect(summary.moved.map(\.patient) == ["b"] && summary.moved.first?.to.timeSlot == tuesday)
        #expect(summary.added.map(\.patient) == ["c"] && summary.dropped.isEmpty)
    }

    // MARK: A roster of another instance

    /// The riverside roster with every patient renamed in the first `renamed` groups and the
    /// given groups moved to a day the week does not have.
    static func foreign(_ roster: Roster, renamed: Int, offDay: [Int] = []) -> Roster {
        var roster = roster
        for position in roster.groups.indices.prefix(renamed) {
            roster.groups[position].patients = roster.groups[position].patients.map { PatientID("x" + $0.rawValue) }
        }
        for position in offDay {
            roster.groups[position].timeSlot = TimeSlot(SessionDay(day: "Sun", session: "AM"), slot: 1)
        }
        return roster
    }

    @Test func aRosterOfAnotherInstanceIsRefusedWithWhatDidNotMatch() throws {
        let (instance, previous) = try Self.base("riverside-40")
        let other = Self.foreign(previous, renamed: previous.groups.count - 1, offDay: [previous.groups.count - 1])
        let seats = previous.groups.map(\.patients.count).reduce(0, +)
        let last = previous.groups.last!.patients.count
        #expect(throws: ReplanError.self) { try Self.replan(instance, from: other, seconds: 1) }
        do {
            _ = try Self.replan(instance, from: other, seconds: 1)
        } catch {
            guard case .foreignRoster(let match) = error as? ReplanError else {
                Issue.record("refused for another reason: \(error)")
                return
            }
            #expect(match.matched == 0 && match.assignments == seats)
            #expect(match.unknownPatients == seats - last && match.unknownSessionDays == last)
            #expect(
                "\(error)".contains(
                    "kept 0 of \(seats) assignments: \(seats - last) name unknown patients (the first at "
                        + "groups[0].patients[0]), \(last) unknown session-days"))
            for patient in instance.patients { #expect(!"\(error)".contains(patient.name!)) }
        }
    }

    @Test func aPartlyMatchingRosterSaysHowMuchWasKept() throws {
        let (instance, previous) = try Self.base("riverside-40")
        var other = Self.foreign(previous, renamed: 2)
        other.groups[3].modality = Modality(rawValue: other.groups[3].modality.rawValue.lowercased())
        let summary = try Self.replan(instance, from: other, seconds: 1).summary
        #expect(summary.match.unknownPatients == other.groups[0].patients.count + other.groups[1].patients.count)
        #expect(summary.match.unknownModalities == other.groups[3].patients.count, "dbt is not DBT")
        #expect(
            summary.headline.contains(
                "kept \(summary.kept) of \(summary.match.assignments) assignments: "
                    + "\(summary.match.unknownPatients) name unknown patients (the first at groups[0].patients[0])"))
    }

    @Test func anInstanceWithANameInTwoSpellingsIsRefusedByTheReplannerItself() throws {
        var (instance, previous) = try Self.base("riverside-40")
        instance.patients[0].cohort = "caf\u{E9}"
        instance.patients[1].cohort = "cafe\u{301}"
        #expect(throws: ReplanError.self) { try Self.replan(instance, from: previous, seconds: 1) }
        #expect(throws: SolveError.self) {
            try Replanner(previous: previous).solve(instance, options: SolveOptions(timeLimit: 1))
        }
    }

    // MARK: Keeping nothing costs nothing

    @Test func keepingAnEmptyRosterPlacesAsManyHoursAsAFreshSolve() throws {
        let (instance, _) = try Self.base("riverside-40")
        let checker = RosterChecker(instance)
        let fresh = try Replanner.defaultFullSearch.solve(instance, options: SolveOptions(timeLimit: 6))
        let replanning = try Self.replan(instance, from: .empty, seconds: 6, fullSearch: Replanner.defaultFullSearch)
        let unmet = checker.check(replanning.outcome.roster).terms.unmetHours
        #expect(checker.check(replanning.outcome.roster).isValid)
        #expect(unmet <= checker.check(fresh.roster).terms.unmetHours, "completion alone left 27 hours unmet here")
        #expect(replanning.summary.blockedHours == 0)
    }

    @Test func withoutTheFullSearchOnlyTheCompletionRuns() throws {
        let (instance, _) = try Self.base("riverside-40")
        let replanning = try Self.replan(instance, from: .empty, seconds: 2)
        #expect(
            RosterChecker(instance).check(replanning.outcome.roster).terms.unmetHours > 0,
            "the completion alone leaves hours unmet")
        #expect(replanning.summary.blockedHours == nil)
        #expect(!replanning.outcome.notes.contains { $0.contains("full search") })
    }

    // MARK: Against the shared checker

    @Test func replannedRostersPassTheSharedCheckerWithTheSameTotal() throws {
        for (name, changes, _) in Self.oneSessionDay {
            let (base, previous) = try Self.base(name)
            let instance = try Self.scenario(changes, on: base)
            let replanning = try Self.replan(instance, from: previous)
            let index = InstanceIndex(instance)
            let verdict = try Fixtures.sharedVerdict(
                instanceText: InstanceEncoder.text(instance),
                rosterText: JSONWriter.write(replanning.outcome.rosterDocument(index: index)))
            #expect(verdict.valid, "\(verdict.violations.prefix(3))")
            #expect(verdict.total == RosterChecker(index: index).check(replanning.outcome.roster).total)
        }
    }
}
