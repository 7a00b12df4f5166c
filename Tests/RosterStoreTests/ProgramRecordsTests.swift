import Foundation
import GRDB
import RosterKit
import RosterSolvers
import TestSupport
import Testing

@testable import RosterStore

/// Importing records, building weeks from them, keeping and publishing rosters.
@Suite("Program records")
struct ProgramRecordsTests {
    static let week = "2026-11-30"

    static func lakesideStore(_ name: String) throws -> (store: ProgramStore, folder: String, instance: Instance) {
        let (store, folder) = try ProgramStoreTests.scratchStore(name)
        let instance = try Fixtures.instance("instances/lakeside-120.json")
        try store.importRecords(
            ProgramImport(instance: instance, admittedOn: week), effectiveDate: week, actor: "test", source: "lakeside")
        return (store, folder, instance)
    }

    static func solve(_ instance: Instance) throws -> SolveOutcome {
        try GreedySolver(localSearch: true, maxLocalSearchMoves: 100).solve(
            instance, options: SolveOptions(timeLimit: 10, seed: 1))
    }

    /// The instance to plan is refused, with a typed error, for a week before the first
    /// admission and for one after every patient's discharge; the week between is planned.
    @Test func aWeekWithNoPatientInCareIsNotAnInstanceToPlan() throws {
        let (store, folder) = try ProgramStoreTests.scratchStore("nobody-in-care")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let instance = try Fixtures.instance("instances/tiny.json")
        try store.importRecords(
            ProgramImport(instance: instance, admittedOn: Self.week), effectiveDate: Self.week, actor: "test",
            source: "tiny")
        let before = StoreError.nobodyInCare(week: "2026-11-23", firstAdmission: Self.week)
        #expect(throws: before) { try store.instanceToPlan("2026-11-23") }
        #expect(before.expectedWeek?.contains("the first admission in the records is on \(Self.week)") == true)
        #expect(try store.instanceToPlan(Self.week).patients.count == instance.patients.count)
        for patient in instance.patients {
            try store.dischargePatient(patient.id.rawValue, on: "2026-12-01", actor: "test")
        }
        #expect(throws: StoreError.nobodyInCare(week: "2026-12-07", firstAdmission: nil)) {
            try store.instanceToPlan("2026-12-07")
        }
        #expect(try store.weekInstance("2026-12-07").patients.isEmpty, "the week itself still reads, empty")
    }

    @Test func reimportingTheSameInstanceChangesNothingAndSaysSo() throws {
        let (store, folder, instance) = try Self.lakesideStore("reimport")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let again = try store.importRecords(
            ProgramImport(instance: instance, admittedOn: Self.week), effectiveDate: Self.week, actor: "test",
            source: "lakeside")
        #expect(again.patients.summary == "0 added, 0 changed, 120 unchanged")
        #expect(again.clinicians.unchanged == 10)
        #expect(again.program.unchanged == 1)

        var changed = instance
        changed.patients[0].weeklyHours = 9
        changed.patients.removeLast()
        let report = try store.importRecords(
            ProgramImport(instance: changed, admittedOn: "2026-12-07"), effectiveDate: "2026-12-07", actor: "test",
            source: "changed")
        #expect(report.patients.changed == 1)
        #expect(report.patients.missing == 1)
        #expect(report.patients.discharged == 0)
        #expect(report.patients.summary.contains("kept"))
        #expect(try store.currentPatients().count == 120)
        // The prescription stepped down from the 7th: the first week keeps 12 hours, the next has 9.
        #expect(try store.weekInstance(Self.week).patients[0].weeklyHours == instance.patients[0].weeklyHours)
        #expect(try store.weekInstance("2026-12-07").patients[0].weeklyHours == 9)
        try store.importRecords(
            ProgramImport(instance: changed, admittedOn: "2026-12-07"), effectiveDate: "2026-12-07",
            dischargeMissing: true, actor: "test", source: "changed")
        #expect(try store.weekInstance("2026-12-07").patients.count == 119)
        #expect(try store.weekInstance(Self.week).patients.count == 120)
    }

    @Test func theStoredWeekIsTheImportedInstance() throws {
        let (store, folder, instance) = try Self.lakesideStore("same")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try store.weekInstance(Self.week) == instance)
    }

    @Test func aPlannedWeekTakesPreviousFromLastWeeksPublishedRosterAndEveryStoredRosterPassesTheChecker() throws {
        let (store, folder, _) = try Self.lakesideStore("continuity")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var weekStart = Self.week
        var lastPublished: (Instance, Roster)?
        for _ in 0..<3 {
            let instance = try store.weekInstance(weekStart)
            if let (lastInstance, lastRoster) = lastPublished {
                #expect(
                    instance.patients.map(\.previous)
                        == lastInstance.nextWeek(after: lastRoster).patients.map(\.previous))
            } else {
                #expect(instance.patients.allSatisfy { $0.previous == nil })
            }
            let stored = try store.saveRoster(
                try Self.solve(instance), instance: instance, weekStart: weekStart, timeLimit: 10, actor: "test")
            let published = try store.publish(weekStart, actor: "test")
            #expect(published.id == stored.id && published.published)
            #expect(throws: StoreError.weekAlreadyPublished(week: weekStart, revision: 1)) {
                try store.publish(weekStart, actor: "test")
            }
            lastPublished = (instance, try published.roster())
            weekStart = ISODate.adding(days: 7, to: weekStart)!
        }
        for week in try store.plannedWeeks() {
            for stored in try store.rosters(of: week) {
                let report = RosterChecker(try stored.instance()).check(try stored.roster())
                #expect(report.isValid)
                #expect(report.total == stored.objective)
            }
        }
        #expect(try store.auditLog().filter { $0.action == "week.publish" }.count == 3)
    }

    /// The stored status is settled against the bound, whatever the solver said: a roster at its
    /// proven bound is optimal, one above it is not.
    @Test func theStoredStatusIsSettledAgainstTheProvenBound() throws {
        let (store, folder, instance) = try Self.lakesideStore("settled")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var outcome = try Self.solve(instance)
        let total = RosterChecker(instance).check(outcome.roster).total
        outcome.status = .timeLimit
        outcome.bound = total - 0.5
        let atBound = try store.saveRoster(outcome, instance: instance, weekStart: Self.week, timeLimit: 1, actor: "t")
        #expect(atBound.status == SolveStatus.optimal.rawValue)
        #expect(try atBound.roster() == outcome.roster)
        outcome.status = .optimal
        outcome.bound = total - 2
        let above = try store.saveRoster(outcome, instance: instance, weekStart: Self.week, timeLimit: 1, actor: "t")
        #expect(above.status == SolveStatus.feasible.rawValue)
        outcome.bound = nil
        let unproven = try store.saveRoster(outcome, instance: instance, weekStart: Self.week, timeLimit: 1, actor: "t")
        #expect(unproven.status == SolveStatus.feasible.rawValue)
    }

    /// A roster saved `basedOn` a revision is stored only while that revision is the week's
    /// newest: one made from an older revision is refused, naming both, and stores nothing.
    @Test func aRosterMadeFromAnOlderRevisionIsNotStoredOverANewerOne() throws {
        let (store, folder, instance) = try Self.lakesideStore("based-on")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outcome = try Self.solve(instance)
        #expect(throws: StoreError.newerRevision(week: Self.week, basedOn: 1, latest: 0)) {
            try store.saveRoster(
                outcome, instance: instance, weekStart: Self.week, timeLimit: nil, basedOn: 1, actor: "t")
        }
        try store.saveRoster(outcome, instance: instance, weekStart: Self.week, timeLimit: nil, basedOn: 0, actor: "t")
        try store.saveRoster(outcome, instance: instance, weekStart: Self.week, timeLimit: nil, actor: "cli")
        let stale = StoreError.newerRevision(week: Self.week, basedOn: 1, latest: 2)
        #expect(throws: stale) {
            try store.saveRoster(
                outcome, instance: instance, weekStart: Self.week, timeLimit: nil, basedOn: 1, actor: "t")
        }
        #expect(stale.description.contains("revision 2 was saved after revision 1 the roster was made from"))
        #expect(try store.rosters(of: Self.week).map(\.revision) == [1, 2])
        try store.saveRoster(outcome, instance: instance, weekStart: Self.week, timeLimit: nil, basedOn: 2, actor: "t")
        #expect(try store.rosters(of: Self.week).count == 3)
    }

    @Test func aRosterThatBreaksAHardRuleIsNotStored() throws {
        let (store, folder, instance) = try Self.lakesideStore("invalid")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let patient = instance.patients[0].id
        let bad = Roster(groups: [
            Group(
                timeSlot: TimeSlot(SessionDay(day: "Mon", session: "AM"), slot: 0),
                modality: instance.patients[0].track,
                cohort: instance.patients[0].cohort, clinician: instance.clinicians[0].id, room: nil,
                patients: [patient])
        ])
        let outcome = SolveOutcome(roster: bad, solver: "test", status: .heuristic, detail: "", elapsed: 0)
        #expect(throws: StoreError.self) {
            try store.saveRoster(outcome, instance: instance, weekStart: Self.week, timeLimit: nil, actor: "test")
        }
        #expect(try store.rosters(of: Self.week).isEmpty)
    }
}
