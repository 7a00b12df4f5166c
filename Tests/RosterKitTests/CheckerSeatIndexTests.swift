import Foundation
import TestSupport
import Testing

@testable import RosterKit

/// The checker looks every seat up once and counts by patient position and slot number (issue
/// 16: a 10,000-patient week took seconds to check). These rosters break the rules that pass
/// changed (separations, double bookings, a patient listed twice, unknown ids) and must get the
/// very violations the straightforward pair-by-pair and set-of-bookings passes found, and the
/// shared checker's, with the same objective.
@Suite("The checker's seat index finds what the pair-by-pair passes found")
struct CheckerSeatIndexTests {
    static let days = ["Mon", "Tue"]

    /// `p0` is kept apart from six others, `p1` from two (so `p8` and `p9` have partners too);
    /// `p7` came on Tuesday last week.
    static func instance() -> Instance {
        let patients = (0..<12).map { number in
            var patient = Patient(
                id: PatientID("p\(number)"), track: number % 3 == 0 ? "DBT" : "CBT",
                secondary: number % 2 == 0 ? "DBT" : nil, weeklyHours: 6)
            if number == 0 { patient.separateFrom = (2...7).map { PatientID("p\($0)") } }
            if number == 1 { patient.separateFrom = ["p8", "p9"] }
            if number == 7 { patient.previous = [SessionDay(day: "Tue", session: "AM")] }
            return patient
        }
        return Instance(
            weekOf: "2026-11-30", days: days, sessions: [Session(id: "AM", start: "09:00", hours: 3)],
            modalities: ["CBT", "DBT"],
            clinicians: (1...4).map { ClinicianID("c\($0)") }.map { Clinician(id: $0, modalities: ["CBT", "DBT"]) },
            rooms: [], patients: patients)
    }

    static func group(_ day: String, _ slot: Int, _ clinician: Int, _ patients: [String]) -> Group {
        Group(
            timeSlot: TimeSlot(SessionDay(day: day, session: "AM"), slot: slot), modality: day == "Tue" ? "DBT" : "CBT",
            clinician: ClinicianID("c\(clinician)"), patients: patients.map { PatientID($0) })
    }

    /// Separated pairs together (in either order), a patient in two groups
    /// at one hour, a patient listed twice, an unknown id, and a group on an unknown day.
    static let roster = Roster(groups: [
        group("Mon", 1, 1, ["p0", "p2", "p3", "p10", "p11"]),
        group("Mon", 1, 2, ["p9", "p1", "p0", "p8", "p2"]),
        group("Mon", 2, 1, ["p4", "p0", "p1", "p1", "x99"]),
        group("Mon", 2, 2, ["p4", "p5", "p6", "p7", "p8"]),
        group("Tue", 1, 1, ["p7", "p0", "p11", "p10", "p9"]),
        group("Tue", 1, 3, ["p10", "p11", "p6", "p5", "p3"]),
        group("Sun", 1, 1, ["p0", "p2", "p3", "p4", "p5"]),
    ])

    /// The separation pass as it was: every pair of every placed group, in order.
    static func pairByPair(_ roster: Roster, index: InstanceIndex) -> [String] {
        roster.groups.enumerated().filter { index.canPlace($0.element) }.flatMap { position, group in
            group.patients.enumerated().flatMap { offset, first in
                group.patients[(offset + 1)...].filter { index.mustSeparate(first, $0) }.map {
                    "groups[\(position)]: patients \(first) and \($0) must be separated"
                }
            }
        }
    }

    /// The double-booking pass as it was: one set of (patient, hour) bookings, in roster order.
    static func bookings(_ roster: Roster, index: InstanceIndex) -> [String] {
        var seen: Set<Booking<PatientID>> = []
        return roster.groups.enumerated().filter { index.canPlace($0.element) }.flatMap { position, group in
            group.patients.filter { index.patients[$0] != nil }.compactMap { id in
                seen.insert(Booking(id: id, slot: group.timeSlot)).inserted
                    ? nil : "groups[\(position)]: patient \(id) is in two groups at \(group.timeSlot)"
            }
        }
    }

    /// A violation as `groups[N]: ...` without the text after the shared checker's wording.
    static func brief(_ violation: Violation) -> String {
        violation.description.components(separatedBy: " but share").first!
    }

    /// A separation message with its pair in name order (files list a group's patients sorted).
    static func unordered(_ message: String) -> String {
        let words = message.split(separator: " ").map(String.init)
        guard words.count > 4, words[1] == "patients" else { return message }
        let pair = [words[2], words[4]].sorted()
        return ([words[0], words[1], pair[0], words[3], pair[1]] + words.dropFirst(5)).joined(separator: " ")
    }

    @Test func separationsAreThoseOfThePairByPairPass() {
        let checker = RosterChecker(Self.instance())
        let found = checker.violations(of: .separation, in: Self.roster).map(Self.brief)
        let expected = Self.pairByPair(Self.roster, index: checker.index)
        #expect(found == expected)
        // Both orders of a pair are in the roster.
        #expect(found.contains("groups[1]: patients p9 and p1 must be separated"))
        #expect(found.contains("groups[1]: patients p0 and p2 must be separated"))
        #expect(found.contains("groups[4]: patients p7 and p0 must be separated"))
        #expect(found.count == 7)
    }

    @Test func doubleBookingsAreThoseOfTheSetOfBookings() {
        let checker = RosterChecker(Self.instance())
        let found = checker.violations(of: .patientDoubleBooked, in: Self.roster).map(\.description)
        #expect(found == Self.bookings(Self.roster, index: checker.index))
        #expect(found.contains("groups[1]: patient p0 is in two groups at Mon-AM slot 1"))
        #expect(found.contains("groups[2]: patient p1 is in two groups at Mon-AM slot 2"))
        #expect(found.contains("groups[5]: patient p11 is in two groups at Tue-AM slot 1"))
        #expect(found.count == 6)
        let members = checker.violations(of: .groupMembers, in: Self.roster).map(\.message)
        #expect(members.count == 2, "\(members)")
    }

    @Test func theSharedCheckerFindsTheSameViolationsAndTotal() throws {
        let instance = Self.instance()
        let index = InstanceIndex(instance)
        let report = RosterChecker(index: index).check(Self.roster)
        let shared = try Fixtures.sharedVerdict(
            instanceText: InstanceEncoder.text(instance), rosterText: RosterEncoder.text(Self.roster, index: index))
        for (rule, wording) in [(HardRule.separation, "must be separated"), (.patientDoubleBooked, "in two groups")] {
            let ours = report.violations.filter { $0.rule == rule }.map { Self.unordered(Self.brief($0)) }
            let theirs = shared.violations.filter { $0.contains(wording) }.map(Self.unordered)
            #expect(ours.sorted() == theirs.sorted(), "\(rule)")
            #expect(!ours.isEmpty)
        }
        #expect(report.total == shared.total)
    }

    /// The objective counted by position and slot number is the one counted by names: distinct
    /// hours per patient, preferences, and session-days not attended last week.
    @Test func objectiveTermsCountAsByNames() {
        let index = InstanceIndex(Self.instance())
        let terms = ObjectiveTerms.evaluate(Self.roster, index: index)
        var hours: [PatientID: Set<TimeSlot>] = [:]
        var other = 0
        var secondary = 0
        for group in Self.roster.groups where index.canPlace(group) {
            for id in group.patients {
                guard let patient = index.patients[id] else { continue }
                hours[id, default: []].insert(group.timeSlot)
                if patient.preference(for: group.modality) == .secondary { secondary += 1 }
                if patient.preference(for: group.modality) == .other { other += 1 }
            }
        }
        let unmet = index.instance.patients.reduce(0) { $0 + max(0, $1.weeklyHours - (hours[$1.id]?.count ?? 0)) }
        #expect(terms.unmetHours == unmet)
        #expect(terms.otherModalityHours == other && other > 0)
        #expect(terms.secondaryModalityHours == secondary && secondary > 0)
        #expect(terms.groups == Self.roster.groups.count)
        // p7 attends Mon-AM (new) and Tue-AM (as last week): one break.
        #expect(terms.continuityBreaks == 1)
    }
}
