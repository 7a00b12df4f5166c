import RosterKit
import RosterSolvers
import TestSupport
import Testing

@testable import RosterReports

/// One crafted clinic per reason kind, where that reason is the true cause of the unmet hours.
@Suite("Unmet-hour reasons")
struct UnmetReasonTests {
    typealias C = Clinic

    /// The explanation of `roster`, after checking that the roster is valid.
    func explain(_ instance: Instance, _ groups: [Group], status: SolveStatus? = nil) -> UnmetExplanation {
        let roster = Roster(groups: groups)
        let report = RosterChecker(instance).check(roster)
        #expect(report.isValid, "\(report.violations)")
        let explanation = UnmetHoursExplainer(instance).explain(roster, status: status)
        #expect(explanation.totalHours == report.terms.unmetHours)
        return explanation
    }

    func kinds(_ explanation: UnmetExplanation, _ patient: PatientID) -> [UnmetReason.Kind] {
        explanation.reasons(for: patient).map(\.kind)
    }

    @Test func availabilityCapsTheHours() {
        let instance = C.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 9, availability: C.only("Mon-AM", "Tue-AM")),
            Patient(id: "p2", track: "CBT", weeklyHours: 6),
        ])
        let explanation = explain(instance, C.session("Mon-AM", ["p1", "p2"]) + C.session("Tue-AM", ["p1", "p2"]))
        #expect(kinds(explanation, "p1") == [.availability])
        #expect(
            explanation.reasons(for: "p1").first?.sentence
                == "available only at Mon-AM and Tue-AM: at most 6 of 9 hours")
        #expect(explanation.patients.map(\.patient) == ["p1"])
    }

    /// A deadline that has passed ends the explanation even inside one patient's session-days
    /// (one patient available at thousands of them takes a while): that patient is "not examined".
    @Test func aPassedDeadlineStopsWithinAPatientsSessionDays() throws {
        let instance = C.instance(patients: [Patient(id: "p1", track: "CBT", weeklyHours: 6)])
        let index = InstanceIndex(instance)
        var search = PlacementSearch(index: index, occupancy: RosterOccupancy(.empty, index: index))
        let patient = instance.patients[0]
        let cap = HoursCap(patient, instance: instance)
        #expect(!cap.availableSessionDays.isEmpty)
        #expect(search.blockers(for: patient, cap: cap, unmet: 6, deadline: .now - .seconds(1)) == nil)
        #expect(search.blockers(for: patient, cap: cap, unmet: 6) != nil)
        let explanation = UnmetHoursExplainer(instance).explain(.empty, deadline: .now - .seconds(1))
        #expect(explanation.reasons(for: "p1").map(\.sentence) == [UnmetHoursExplainer.notExamined])
    }

    @Test func neverAvailable() {
        let instance = C.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 3, availability: Availability([]))
        ])
        let explanation = explain(instance, [])
        #expect(kinds(explanation, "p1") == [.availability])
        #expect(explanation.reasons(for: "p1").first?.sentence == "not available at any session-day: 0 of 3 hours")
    }

    @Test func maxDaysPerWeekCapsTheHours() {
        let instance = C.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 9, maxDaysPerWeek: 2),
            Patient(id: "p2", track: "CBT", weeklyHours: 6),
        ])
        let explanation = explain(instance, C.session("Mon-AM", ["p1", "p2"]) + C.session("Tue-AM", ["p1", "p2"]))
        #expect(kinds(explanation, "p1") == [.maxDaysPerWeek])
        #expect(explanation.reasons(for: "p1").first?.sentence == "maxDaysPerWeek 2 allows at most 6 of 9 hours")
    }

    @Test func weeklyHoursNotMadeOfWholeSessions() {
        let instance = C.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 8),
            Patient(id: "p2", track: "CBT", weeklyHours: 6),
        ])
        let explanation = explain(instance, C.session("Mon-AM", ["p1", "p2"]) + C.session("Tue-AM", ["p1", "p2"]))
        #expect(kinds(explanation, "p1") == [.wholeSessions])
        #expect(
            explanation.reasons(for: "p1").first?.sentence
                == "8 weekly hours is not a multiple of the 3-hour session: at most 6")
    }

    @Test func cohortTooSmallForAnyGroup() {
        let instance = C.instance(patients: [
            Patient(id: "a1", cohort: "adolescent", track: "CBT", weeklyHours: 3),
            Patient(id: "p2", track: "CBT", weeklyHours: 3),
            Patient(id: "p3", track: "CBT", weeklyHours: 3),
        ])
        let explanation = explain(instance, C.session("Mon-AM", ["p2", "p3"]))
        #expect(kinds(explanation, "a1") == [.cohortTooSmall])
        let reason = explanation.reasons(for: "a1")[0]
        #expect(reason.sessionDays == [C.sd("Mon-AM"), C.sd("Tue-AM"), C.sd("Wed-AM")])
        #expect(reason.sentence.hasPrefix("only 1 adolescent patient can attend each of Mon-AM, Tue-AM and Wed-AM"))
        #expect(reason.sentence.hasSuffix("fewer than the smallest group of 2"))
    }

    @Test func noClinicianAvailableAndTheSuggestionThatFollows() throws {
        let instance = C.instance(
            clinicians: [
                Clinician(id: "c1", modalities: ["CBT", "Mindfulness"], availability: C.only("Mon-AM", "Tue-AM"))
            ],
            patients: [
                Patient(id: "p1", track: "CBT", weeklyHours: 9),
                Patient(id: "p2", track: "CBT", weeklyHours: 9),
            ])
        let explanation = explain(instance, C.session("Mon-AM", ["p1", "p2"]) + C.session("Tue-AM", ["p1", "p2"]))
        #expect(kinds(explanation, "p1") == [.noClinician])
        #expect(explanation.reasons(for: "p1")[0].sentence == "no clinician is available at Wed-AM")
        let suggestion = try #require(explanation.suggestions.first)
        #expect(suggestion.kind == .addClinician)
        #expect(suggestion.sessionDay == C.sd("Wed-AM"))
        #expect(suggestion.modality == "CBT")
        #expect(suggestion.patientHours == 6)
        #expect(
            suggestion.sentence
                == "one more clinician trained in CBT, available at Wed-AM, would place up to 6 more patient-hours "
                + "(p1 and p2)")
    }

    @Test func tooFewModalitiesForAWholeSession() {
        let instance = C.instance(
            clinicians: [Clinician(id: "c1", modalities: ["CBT", "DBT"])],
            patients: [
                Patient(id: "p1", track: "CBT", weeklyHours: 3),
                Patient(id: "p2", track: "CBT", weeklyHours: 3),
            ],
            policy: Policy(minGroupSize: 2, maxGroupSize: 3, maxSameModalityPerDay: 1))
        let explanation = explain(instance, [])
        #expect(kinds(explanation, "p1") == [.tooFewModalities])
        #expect(explanation.reasons(for: "p1")[0].sentence.contains("trained only in CBT and DBT"))
    }

    @Test func cliniciansAtTheirWeeklyLimit() {
        let instance = C.instance(
            clinicians: [Clinician(id: "c1", modalities: ["CBT", "Mindfulness"], maxHoursPerWeek: 6)],
            patients: [
                Patient(id: "p1", track: "CBT", weeklyHours: 9),
                Patient(id: "p2", track: "CBT", weeklyHours: 9),
            ])
        let explanation = explain(instance, C.session("Mon-AM", ["p1", "p2"]) + C.session("Tue-AM", ["p1", "p2"]))
        #expect(kinds(explanation, "p1") == [.cliniciansAtLimit])
        #expect(
            explanation.reasons(for: "p1")[0].sentence.hasSuffix(
                "every clinician available then is at their weekly hour limit"))
        #expect(explanation.suggestions.map(\.kind) == [.addClinician])
    }

    @Test func cliniciansBusyWithFullGroups() {
        let instance = C.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 3, availability: C.only("Mon-AM")),
            Patient(id: "p2", track: "CBT", weeklyHours: 3),
            Patient(id: "p3", track: "CBT", weeklyHours: 3),
            Patient(id: "p4", track: "CBT", weeklyHours: 3),
        ])
        let explanation = explain(instance, C.session("Mon-AM", ["p2", "p3", "p4"]))
        #expect(kinds(explanation, "p1") == [.cliniciansBusy])
        #expect(
            explanation.reasons(for: "p1")[0].sentence
                == "no adult group at Mon-AM has a free place for this patient, and every clinician available "
                + "then already leads a group")
    }

    @Test func noRoomAvailable() {
        let instance = C.instance(
            rooms: [Room(id: "R1", capacity: 3, availability: C.only("Mon-AM"))],
            patients: [
                Patient(id: "p1", track: "CBT", weeklyHours: 6, availability: C.only("Mon-AM", "Tue-AM")),
                Patient(id: "p2", track: "CBT", weeklyHours: 6, availability: C.only("Mon-AM", "Tue-AM")),
            ])
        let explanation = explain(instance, C.session("Mon-AM", ["p1", "p2"], room: "R1"))
        #expect(kinds(explanation, "p1") == [.noRoom])
        #expect(explanation.reasons(for: "p1")[0].sentence == "no room is available at Tue-AM")
        #expect(explanation.suggestions.map(\.kind) == [.addRoom])
    }

    @Test func allRoomsInUse() {
        let instance = C.instance(
            clinicians: [
                Clinician(id: "c1", modalities: ["CBT", "Mindfulness"]),
                Clinician(id: "c2", modalities: ["CBT", "Mindfulness"]),
            ],
            rooms: [Room(id: "R1", capacity: 3)],
            patients: [
                Patient(id: "p1", track: "CBT", weeklyHours: 3, availability: C.only("Mon-AM")),
                Patient(id: "p2", track: "CBT", weeklyHours: 3),
                Patient(id: "p3", track: "CBT", weeklyHours: 3),
                Patient(id: "p4", track: "CBT", weeklyHours: 3),
            ])
        let explanation = explain(instance, C.session("Mon-AM", ["p2", "p3", "p4"], room: "R1"))
        #expect(kinds(explanation, "p1") == [.roomsFull])
    }

    @Test func separationFromTheOnlyGroupWithAPlace() {
        let instance = C.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 3, availability: C.only("Mon-AM"), separateFrom: ["p2"]),
            Patient(id: "p2", track: "CBT", weeklyHours: 3),
            Patient(id: "p3", track: "CBT", weeklyHours: 3),
        ])
        let explanation = explain(instance, C.session("Mon-AM", ["p2", "p3"]))
        #expect(kinds(explanation, "p1") == [.cliniciansBusy, .separation])
        #expect(
            explanation.reasons(for: "p1").last?.sentence
                == "must be kept apart from p2, who is in every adult group with a free place at Mon-AM")
    }

    @Test func tooFewPatientsToOpenAGroup() {
        let instance = C.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 3, availability: C.only("Tue-AM")),
            Patient(id: "p2", track: "CBT", weeklyHours: 3),
            Patient(id: "p3", track: "CBT", weeklyHours: 3),
        ])
        let explanation = explain(instance, C.session("Mon-AM", ["p2", "p3"]))
        #expect(kinds(explanation, "p1") == [.tooFewToOpenGroup])
        #expect(
            explanation.reasons(for: "p1")[0].sentence
                == "a new adult group at Tue-AM would need 2 patients, but only 1 adult patient short of hours "
                + "can come then")
    }

    @Test func tooFewPatientsToSplitFullGroups() {
        let instance = C.instance(
            clinicians: [
                Clinician(id: "c1", modalities: ["CBT", "Mindfulness"]),
                Clinician(id: "c2", modalities: ["CBT", "Mindfulness"]),
            ],
            patients: [
                Patient(id: "p1", track: "CBT", weeklyHours: 3, availability: C.only("Mon-AM")),
                Patient(id: "p2", track: "CBT", weeklyHours: 3),
                Patient(id: "p3", track: "CBT", weeklyHours: 3),
            ],
            policy: Policy(minGroupSize: 2, maxGroupSize: 2, maxSameModalityPerDay: 2))
        let explanation = explain(instance, C.session("Mon-AM", ["p2", "p3"]))
        #expect(kinds(explanation, "p1") == [.tooFewToOpenGroup])
        #expect(
            explanation.reasons(for: "p1")[0].sentence
                == "no adult group at Mon-AM has a free place for this patient, and one more group would need 4 "
                + "patients there"
                + " (2 a group), but there are only 2 in its groups and 1 short of hours who can come")
    }

    @Test(arguments: [
        (SolveStatus?.none, "placing them may cost more than it saves"),
        (.optimal, "the roster is optimal"),
        (.timeLimit, "ran out of time"),
        (.heuristic, "heuristic roster proves nothing"),
    ])
    func noBlockingRuleIsTheHonestFallback(status: SolveStatus?, wording: String) {
        let instance = C.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 3),
            Patient(id: "p2", track: "CBT", weeklyHours: 3),
        ])
        let explanation = explain(instance, [], status: status)
        #expect(kinds(explanation, "p1") == [.noBlockingRule])
        let reason = explanation.reasons(for: "p1")[0]
        #expect(reason.sentence.hasPrefix("nothing found rules out more hours at Mon-AM, Tue-AM and Wed-AM"))
        #expect(reason.sentence.contains(wording))
        #expect(explanation.suggestions.isEmpty)
    }

    @Test func everyKindIsCoveredByACraftedClinic() {
        // The tests above, one per kind; this keeps the list honest when a kind is added.
        let covered: Set<UnmetReason.Kind> = [
            .availability, .maxDaysPerWeek, .wholeSessions, .cohortTooSmall, .noClinician, .tooFewModalities,
            .cliniciansAtLimit, .cliniciansBusy, .noRoom, .roomsFull, .separation, .tooFewToOpenGroup, .noBlockingRule,
        ]
        #expect(covered == Set(UnmetReason.Kind.allCases))
    }

    @Test func reasonsUseIdsNeverNames() {
        let instance = C.instance(patients: [
            Patient(
                id: "p1", name: "Zelda Quartermaine", track: "CBT", weeklyHours: 3, availability: C.only("Mon-AM"),
                separateFrom: ["p2"]),
            Patient(id: "p2", name: "Yorick Pemberton", track: "CBT", weeklyHours: 3),
            Patient(id: "p3", name: "Xavier Oddington", track: "CBT", weeklyHours: 3),
        ])
        let explanation = explain(instance, C.session("Mon-AM", ["p2", "p3"]))
        let text = explanation.patients.flatMap(\.reasons).map(\.sentence).joined(separator: " ")
        #expect(text.contains("p2"))
        for name in ["Zelda", "Yorick", "Xavier"] { #expect(!text.contains(name)) }
    }

    @Test func shippedRostersExplainEveryUnmetHour() throws {
        for fixture in try Fixtures.validRosters() {
            let instance = try Fixtures.instance(fixture.instance)
            let roster = try Fixtures.roster(fixture.roster)
            let explanation = UnmetHoursExplainer(instance).explain(roster)
            #expect(explanation.totalHours == RosterChecker(instance).check(roster).terms.unmetHours, "\(fixture)")
            for patient in explanation.patients { #expect(!patient.reasons.isEmpty, "\(fixture): \(patient.patient)") }
        }
    }
}
