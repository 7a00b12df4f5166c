import Testing

@testable import RosterKit

/// A two-day clinic small enough to read, where every hard rule can be made to bind.
enum SmallClinic {
    static let monAM = SessionDay(day: "Mon", session: "AM")
    static let tueAM = SessionDay(day: "Tue", session: "AM")

    static let instance = Instance(
        name: "small-clinic", days: ["Mon", "Tue"],
        sessions: [Session(id: "AM", start: "09:00", hours: 3), Session(id: "PM", start: "13:00", hours: 3)],
        policy: Policy(minGroupSize: 2, maxGroupSize: 3, maxSameModalityPerDay: 2),
        clinicians: [
            Clinician(id: "c1", modalities: ["CBT", "Mindfulness"], maxHoursPerWeek: 6, maxHoursPerDay: 3),
            Clinician(
                id: "c2", modalities: ["DBT"],
                availability: Availability([AvailabilityPattern(day: "Mon", session: nil)])),
        ],
        rooms: [
            Room(id: "R1", capacity: 3),
            Room(id: "R2", capacity: 2, availability: Availability([AvailabilityPattern(day: "Mon", session: "AM")])),
        ],
        patients: [
            Patient(
                id: "p1", track: "CBT", secondary: "Mindfulness", weeklyHours: 6, previous: [monAM],
                separateFrom: ["p4"]),
            Patient(id: "p2", track: "CBT", secondary: "Mindfulness", weeklyHours: 6, maxDaysPerWeek: 1),
            Patient(
                id: "p3", track: "Mindfulness", weeklyHours: 3,
                availability: Availability([AvailabilityPattern(day: "Mon", session: nil)])),
            Patient(id: "p4", track: "CBT", weeklyHours: 6),
            Patient(id: "p5", cohort: "adolescent", track: "DBT", weeklyHours: 3),
        ])

    static func group(
        _ slot: Int, _ modality: Modality, _ clinician: ClinicianID, _ room: RoomID?, _ patients: [PatientID],
        on sessionDay: SessionDay = monAM
    ) -> Group {
        Group(
            timeSlot: TimeSlot(sessionDay, slot: slot), modality: modality, clinician: clinician, room: room,
            patients: patients)
    }

    /// Valid: p1, p2, p3 attend Mon-AM (CBT, CBT, Mindfulness).
    static let roster = Roster(groups: [
        group(1, "CBT", "c1", "R1", ["p1", "p2", "p3"]),
        group(2, "CBT", "c1", "R1", ["p1", "p2", "p3"]),
        group(3, "Mindfulness", "c1", "R1", ["p1", "p2", "p3"]),
    ])

    static func replacing(_ position: Int, in roster: Roster = roster, with change: (inout Group) -> Void) -> Roster {
        var copy = roster
        change(&copy.groups[position])
        return copy
    }
}

/// One roster that breaks one rule, and how often.
struct BrokenRoster: Sendable, CustomTestStringConvertible {
    var rule: HardRule
    var roster: Roster
    var count = 1
    var testDescription: String { rule.rawValue }
}

@Suite("Hard rules")
struct HardRuleTests {
    typealias C = SmallClinic

    @Test func theSmallClinicRosterIsValidAndScoredByHand() {
        let report = RosterChecker(C.instance).check(C.roster)
        #expect(report.violations == [])
        // p1: 3 h of 6, p2: 3 of 6, p3: 3 of 3 (2 CBT = other), p4: 6 unmet, p5: 3 unmet.
        #expect(
            report.terms
                == ObjectiveTerms(
                    unmetHours: 15, otherModalityHours: 2, secondaryModalityHours: 2, groups: 3, continuityBreaks: 0))
        let expected: Double = 15_000 + 20 + 6 + 6
        #expect(report.total == expected)
    }

    @Test func continuityCountsOnlyPatientsWithPrevious() {
        let moved = Roster(
            groups: C.roster.groups.map { group in
                var group = group
                group.timeSlot.sessionDay = SessionDay(day: "Mon", session: "PM")
                return group
            })
        #expect(RosterChecker(C.instance).check(moved).terms.continuityBreaks == 1)
    }

    static let broken: [BrokenRoster] = [
        BrokenRoster(rule: .groupPlacement, roster: C.replacing(0) { $0.timeSlot.slot = 4 }),
        BrokenRoster(rule: .groupSize, roster: C.replacing(0) { $0.patients.append("p4") }),
        BrokenRoster(rule: .groupMembers, roster: C.replacing(0) { $0.patients[2] = "p99" }),
        BrokenRoster(rule: .cohort, roster: C.replacing(0) { $0.patients[2] = "p5" }),
        BrokenRoster(rule: .clinicianExists, roster: C.replacing(0) { $0.clinician = "c9" }),
        BrokenRoster(rule: .clinicianTrained, roster: C.replacing(0) { $0.clinician = "c2" }),
        BrokenRoster(
            rule: .clinicianAvailable,
            roster: Roster(groups: C.roster.groups + [C.group(1, "DBT", "c2", "R2", ["p4", "p5"], on: C.tueAM)])),
        BrokenRoster(
            rule: .clinicianDoubleBooked,
            roster: Roster(groups: C.roster.groups + [C.group(1, "CBT", "c1", "R2", ["p4", "p5"])])),
        BrokenRoster(
            rule: .clinicianHours,
            roster: Roster(
                groups: C.roster.groups + [
                    C.group(1, "CBT", "c1", "R1", ["p4", "p1"], on: SessionDay(day: "Mon", session: "PM"))
                ]), count: 1),
        BrokenRoster(rule: .roomAssigned, roster: C.replacing(0) { $0.room = nil }),
        BrokenRoster(
            rule: .roomAvailable, roster: Roster(groups: [C.group(1, "CBT", "c1", "R2", ["p1", "p4"], on: C.tueAM)])),
        BrokenRoster(rule: .roomCapacity, roster: C.replacing(0) { $0.room = "R2" }),
        BrokenRoster(
            rule: .roomDoubleBooked,
            roster: Roster(groups: C.roster.groups + [C.group(1, "DBT", "c2", "R1", ["p4", "p5"])])),
        BrokenRoster(
            rule: .patientDoubleBooked,
            roster: Roster(groups: C.roster.groups + [C.group(1, "DBT", "c2", "R2", ["p1", "p4"])])),
        BrokenRoster(
            rule: .patientOneSessionPerDay,
            roster: Roster(
                groups: C.roster.groups
                    + (1...3).map {
                        C.group($0, "CBT", "c1", nil, ["p4", "p1"], on: SessionDay(day: "Mon", session: "PM"))
                    }.map {
                        var g = $0
                        g.room = "R1"
                        return g
                    }), count: 1),
        BrokenRoster(rule: .patientFullSessions, roster: C.replacing(2) { $0.patients = ["p1", "p2"] }, count: 1),
        BrokenRoster(
            rule: .patientAvailable,
            roster: Roster(groups: (1...3).map { C.group($0, "Mindfulness", "c1", "R1", ["p3", "p1"], on: C.tueAM) }),
            count: 3),
        BrokenRoster(
            rule: .patientWeeklyHours,
            roster: Roster(
                groups: C.roster.groups
                    + (1...3).map { C.group($0, "Mindfulness", "c1", "R1", ["p3", "p4"], on: C.tueAM) })),
        BrokenRoster(
            rule: .patientMaxDays,
            roster: Roster(
                groups: C.roster.groups
                    + (1...3).map { C.group($0, "Mindfulness", "c1", "R1", ["p2", "p4"], on: C.tueAM) })),
        BrokenRoster(rule: .patientSameModalityPerDay, roster: C.replacing(2) { $0.modality = "CBT" }, count: 3),
        BrokenRoster(rule: .separation, roster: C.replacing(0) { $0.patients[2] = "p4" }),
    ]

    @Test(arguments: broken)
    func eachRuleFlagsItsOwnBreach(_ broken: BrokenRoster) {
        let checker = RosterChecker(C.instance)
        #expect(checker.violations(of: broken.rule, in: C.roster).isEmpty)
        let found = checker.violations(of: broken.rule, in: broken.roster)
        #expect(found.count == broken.count, "\(found)")
        #expect(found.allSatisfy { $0.rule == broken.rule })
    }

    /// An unknown entry is located by its JSON path, never quoted: it may be a name typed in
    /// place of an id (issue 16).
    @Test func anUnknownPatientIsNamedByItsPathNotItsValue() {
        let broken = C.replacing(0) { $0.patients[1] = "Jane Doe" }
        let found = RosterChecker(C.instance).violations(of: .groupMembers, in: broken).map(\.description)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("groups[0]: patients[1] of the ") == true, "\(found)")
        #expect(found.first?.hasSuffix(" is not a patient id of the instance") == true, "\(found)")
        #expect(!found.contains { $0.contains("Jane") })
    }

    @Test func everyRuleHasABreachTest() {
        #expect(Set(Self.broken.map(\.rule)) == Set(HardRule.allCases))
    }

    @Test func roomNamedWhenNoneArePlannedIsABreach() {
        var instance = C.instance
        instance.rooms = []
        let violations = RosterChecker(instance).violations(of: .roomAssigned, in: C.roster)
        #expect(violations.count == 3)
    }

    @Test func unplaceableGroupsCountAsGroupsButGiveNoHours() {
        let roster = C.replacing(0) { $0.timeSlot.sessionDay.day = "Sun" }
        let report = RosterChecker(C.instance).check(roster)
        #expect(report.terms.groups == 3)
        #expect(report.violations.map(\.rule).contains(.groupPlacement))
        #expect(report.violations.map(\.rule).contains(.patientFullSessions))
    }
}
