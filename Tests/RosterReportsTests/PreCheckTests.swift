import RosterKit
import TestSupport
import Testing

@testable import RosterReports

@Suite("Pre-solve warnings")
struct PreCheckTests {
    typealias C = Clinic

    func warnings(_ instance: Instance, _ kind: PreCheckWarning.Kind) -> [PreCheckWarning] {
        PreCheck(instance).warnings().filter { $0.kind == kind }
    }

    @Test func aFeasibleClinicHasNoWarnings() {
        let instance = C.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 9),
            Patient(id: "p2", track: "Mindfulness", weeklyHours: 6),
        ])
        #expect(PreCheck(instance).warnings().isEmpty)
    }

    @Test func cohortTooSmallForAnyGroup() {
        let instance = C.instance(patients: [
            Patient(id: "a1", cohort: "adolescent", track: "CBT", weeklyHours: 6),
            Patient(id: "p1", track: "CBT", weeklyHours: 3),
            Patient(id: "p2", track: "CBT", weeklyHours: 3),
        ])
        let found = warnings(instance, .cohortTooSmall)
        #expect(found.map(\.patients) == [["a1"]])
        #expect(
            found.first?.sentence
                == "only 1 adolescent patient needs hours, fewer than the smallest group of 2: their 6 hours cannot "
                + "be placed")
    }

    @Test func trackNobodyIsTrainedIn() {
        let instance = C.instance(patients: [
            Patient(id: "p1", track: "DBT", weeklyHours: 3),
            Patient(id: "p2", track: "DBT", weeklyHours: 3),
            Patient(id: "p3", track: "CBT", weeklyHours: 3),
        ])
        let found = warnings(instance, .untrainedTrack)
        #expect(found.map(\.patients) == [["p1", "p2"]])
        #expect(
            found.first?.sentence.hasPrefix("DBT is the track of 2 patients, but no clinician is trained in it") == true
        )
    }

    @Test func sessionDayWithPatientsButNoClinician() {
        let instance = C.instance(
            clinicians: [
                Clinician(id: "c1", modalities: ["CBT", "Mindfulness"], availability: C.only("Mon-AM", "Tue-AM"))
            ],
            patients: [
                Patient(id: "p1", track: "CBT", weeklyHours: 3),
                Patient(id: "p2", track: "CBT", weeklyHours: 3, availability: C.only("Mon-AM")),
            ])
        let found = warnings(instance, .noClinicianAtSessionDay)
        #expect(found.map(\.sessionDays) == [[C.sd("Wed-AM")]])
        #expect(found.first?.sentence == "1 patient is available at Wed-AM, but no clinician is")
    }

    @Test func moreHoursThanCliniciansCanLead() {
        let patients = (1...4).map { Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 9) }
        let instance = C.instance(
            clinicians: [Clinician(id: "c1", modalities: ["CBT", "Mindfulness"], maxHoursPerWeek: 6)],
            patients: patients)
        let found = warnings(instance, .clinicianCapacity)
        #expect(found.count == 1)
        #expect(
            found.first?.sentence
                == "patients can take up to 36 hours this week, but the clinicians can lead at most 6 group-hours, "
                + "which seat at most 18 patient-hours")
    }

    @Test func moreHoursThanRoomsCanHold() {
        let patients = (1...4).map { Patient(id: PatientID("p\($0)"), track: "CBT", weeklyHours: 9) }
        let instance = C.instance(
            rooms: [Room(id: "R1", capacity: 2, availability: C.only("Mon-AM"))], patients: patients)
        let found = warnings(instance, .roomCapacity)
        #expect(
            found.first?.sentence
                == "patients can take up to 36 hours this week, but the rooms seat at most 6 patient-hours")
    }

    @Test func hoursAPatientCanNeverGet() {
        let instance = C.instance(patients: [
            Patient(id: "p1", track: "CBT", weeklyHours: 8),
            Patient(id: "p2", track: "CBT", weeklyHours: 9, availability: C.only("Mon-AM"), maxDaysPerWeek: 1),
            Patient(id: "p3", track: "CBT", weeklyHours: 9, maxDaysPerWeek: 2),
        ])
        let found = warnings(instance, .impossibleHours)
        #expect(found.map(\.patients) == [["p1"], ["p2"], ["p3"]])
        #expect(
            found.map(\.sentence) == [
                "p1: 8 weekly hours is not a multiple of the 3-hour session: at most 6",
                "p2: available only at Mon-AM: at most 3 of 9 hours",
                "p3: maxDaysPerWeek 2 allows at most 6 of 9 hours",
            ])
    }

    @Test func moreHoursThanTheWeekHolds() {
        let instance = C.instance(patients: [Patient(id: "p1", track: "CBT", weeklyHours: 10)])
        #expect(
            warnings(instance, .impossibleHours).map(\.sentence) == [
                "p1: the week's sessions hold at most 9 of 10 hours (one session a day)"
            ])
    }

    @Test
    func shippedInstancesWarnOnlyAboutPatientsOwnLimits() throws {
        for name in ["riverside-40", "lakeside-120", "harbor-continuity-60", "tiny"] {
            let warnings = PreCheck(try Fixtures.instance("instances/\(name).json")).warnings()
            #expect(warnings.allSatisfy { $0.kind == .impossibleHours }, "\(name): \(warnings)")
        }
    }
}
