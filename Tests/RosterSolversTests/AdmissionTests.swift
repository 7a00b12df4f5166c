import Foundation
import RosterKit
import TestSupport
import Testing

@testable import RosterSolvers

/// `admit`: options for one new patient in a week's roster.
@Suite("Admissions")
struct AdmissionTests {
    static func week(_ name: String) throws -> (instance: Instance, roster: Roster) {
        (
            try Fixtures.instance("instances/\(name).json"),
            try InputFile.loadRoster(Fixtures.path("Tests/Fixtures/rosters/\(name).valid.roster.json"))
        )
    }

    static func admitting(_ patient: String, to instance: Instance) throws -> Instance {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("admit-\(UUID().uuidString).json")
        try Data(patient.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try InputFile.loadAdmission(file.path, into: instance)
    }

    /// The option's seats put into the roster as it was, by hand: the patient joins the group of
    /// the same time slot and clinician.
    static func applying(_ seats: [AdmissionSeat], of patient: PatientID, to roster: Roster) -> Roster {
        var applied = roster
        for seat in seats {
            guard
                let position = applied.groups.firstIndex(where: {
                    $0.timeSlot == seat.timeSlot && $0.clinician == seat.clinician
                })
            else {
                continue
            }
            applied.groups[position].patients.append(patient)
        }
        return applied
    }

    @Test(arguments: ["riverside-40", "harbor-continuity-60", "lakeside-120"])
    func everyOptionPassesTheCheckerAndAddOnlyOnesMoveNobody(_ name: String) throws {
        let (base, roster) = try Self.week(name)
        let track = base.patients[0].track.rawValue
        let instance = try Self.admitting(#"{"id": "new-1", "track": "\#(track)", "weeklyHours": 6}"#, to: base)
        let search = AdmissionFinder(admitted: instance, roster: roster, patient: "new-1").search(top: 5)
        let checker = RosterChecker(instance)
        #expect(!search.options.isEmpty)
        for option in search.options {
            let report = checker.check(option.roster)
            #expect(report.isValid)
            #expect(report.terms == option.after)
            #expect(option.placedHours == option.seats.count && option.placedHours <= 6)
            if option.kind == .addOnly { #expect(option.moved.isEmpty) }
        }
        let kinds = search.options.map(\.kind)
        if let last = kinds.lastIndex(of: .addOnly), let first = kinds.firstIndex(of: .reseat) { #expect(last < first) }
    }

    @Test func applyingTheFirstOptionGivesExactlyItsObjectiveChange() throws {
        let (base, roster) = try Self.week("lakeside-120")
        let instance = try Self.admitting(
            #"{"id": "new-1", "track": "DBT", "secondary": "CBT", "weeklyHours": 9}"#, to: base)
        let search = AdmissionFinder(admitted: instance, roster: roster, patient: "new-1").search()
        let first = try #require(search.options.first)
        let applied = Self.applying(first.seats, of: "new-1", to: roster)
        let checker = RosterChecker(instance)
        let after = checker.check(applied)
        #expect(after.isValid)
        let change = after.total - checker.check(roster).total
        #expect(change == first.totalChange(instance.policy.weights))
        #expect(change < 0)
        #expect(first.placedHours > 0 && first.moved.isEmpty)
    }

    @Test func aPatientAvailableAtOneSessionDayGetsAtMostItsHours() throws {
        let (base, roster) = try Self.week("riverside-40")
        let instance = try Self.admitting(
            #"{"id": "new-1", "track": "CBT", "weeklyHours": 9, "availability": ["Thu-AM"]}"#, to: base)
        let search = AdmissionFinder(admitted: instance, roster: roster, patient: "new-1").search()
        #expect(!search.fitsFully)
        #expect(search.options.allSatisfy { $0.sessionDays == [SessionDay(day: "Thu", session: "AM")] })
    }

    @Test func aPatientFileIsCheckedWithPathsInsideIt() throws {
        let (base, _) = try Self.week("riverside-40")
        #expect {
            _ = try Self.admitting(#"{"id": "new-1", "track": "Yoga", "weeklyHours": 9}"#, to: base)
        } throws: { error in
            guard case .invalid(_, let problems) = error as? InputError else { return false }
            return problems.map(\.path) == ["track"]
        }
        #expect {
            _ = try Self.admitting(
                #"{"id": "\#(base.patients[0].id.rawValue)", "track": "CBT", "weeklyHours": 9}"#, to: base)
        } throws: { error in
            guard case .invalid(_, let problems) = error as? InputError else { return false }
            return problems.map(\.path) == ["id"]
        }
    }

    @Test func whenNoSeatIsFreeTheBestOptionMovesSomeoneAndListsThem() throws {
        let base = try Fixtures.instance("Tests/Fixtures/admit/full-monday.json")
        let roster = try InputFile.loadRoster(Fixtures.path("Tests/Fixtures/admit/full-monday.roster.json"))
        let instance = try InputFile.loadAdmission(
            Fixtures.path("Tests/Fixtures/admit/full-monday.patient.json"), into: base)
        let search = AdmissionFinder(admitted: instance, roster: roster, patient: "n1").search()
        let first = try #require(search.options.first)
        #expect(first.kind == .reseat)
        #expect(first.placedHours == 1 && search.fitsFully)
        #expect(first.sessionDays == [SessionDay(day: "Mon", session: "AM")])
        let checker = RosterChecker(instance)
        let hoursBefore = roster.schedule().mapValues(\.count)
        for option in search.options where option.kind == .reseat {
            let report = checker.check(option.roster)
            #expect(report.isValid)
            #expect(report.terms == option.after)
            // The moved patients are exactly those whose groups changed, and each keeps their hours.
            #expect(option.moved == AdmissionFinder.moved(from: roster, to: option.roster, except: "n1"))
            #expect(!option.moved.isEmpty)
            let hoursAfter = option.roster.schedule().mapValues(\.count)
            for (id, hours) in hoursBefore { #expect((hoursAfter[id] ?? 0) >= hours, "\(id)") }
        }
        #expect(first.moved == ["a1"])
        #expect(first.totalChange(instance.policy.weights) == -1000)
    }

    @Test func theAttainableHoursCountOneSessionDayADayWithinTheDayLimitAndThePrescription() {
        #expect(AdmissionFinder.attainableHours([[3, 3], [3], [], [3]], weekly: 9, maxDays: 2) == 6)
        #expect(AdmissionFinder.attainableHours([[3, 3], [3], [], [3]], weekly: 9, maxDays: 5) == 9)
        #expect(AdmissionFinder.attainableHours([[3], [4]], weekly: 5, maxDays: 5) == 4)
        #expect(AdmissionFinder.attainableHours([[], []], weekly: 9, maxDays: 5) == 0)
    }

    @Test func aSearchOutOfTimeKeepsItsAddOnlyOptionsAndSaysItWasCutShort() throws {
        let base = try Fixtures.instance("Tests/Fixtures/admit/full-monday.json")
        let roster = try InputFile.loadRoster(Fixtures.path("Tests/Fixtures/admit/full-monday.roster.json"))
        let instance = try InputFile.loadAdmission(
            Fixtures.path("Tests/Fixtures/admit/full-monday.patient.json"), into: base)
        let finder = AdmissionFinder(admitted: instance, roster: roster, patient: "n1")
        let late = finder.search(top: 5, deadline: Deadline(seconds: 0))
        #expect(late.cutShort)
        #expect(late.options.allSatisfy { $0.kind == .addOnly })
        let inTime = finder.search(top: 5, timeLimit: 30)
        #expect(!inTime.cutShort)
        #expect(inTime.options.contains { $0.kind == .reseat })
    }
}
