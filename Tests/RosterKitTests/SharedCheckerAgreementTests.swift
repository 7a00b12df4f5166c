import Foundation
import TestSupport
import Testing

@testable import RosterKit

/// The planner's checker and `../shared/tools/check_roster.py` give the same verdict and the
/// same objective total on every instance and roster pair in the repository.
@Suite("Agreement with the shared checker")
struct SharedCheckerAgreementTests {
    struct Pair: Decodable, Sendable, CustomTestStringConvertible {
        var instance: String
        var roster: String
        var valid: Bool
        var rule: String?
        var pythonTotal: Double
        var testDescription: String { roster.components(separatedBy: "/").last ?? roster }
    }

    static let pairs = (try? Fixtures.manifest("Tests/Fixtures/rosters/manifest.json", as: [Pair].self)) ?? []

    /// The manifest is read: an empty list would make the agreement test pass vacuously.
    @Test func everyPairOfTheManifestIsTried() {
        #expect(Self.pairs.count >= 48)
    }

    /// The manifest's rule names, in the hard rules of this checker.
    static let rules: [String: HardRule] = [
        "unknown-day": .groupPlacement, "unknown-session": .groupPlacement, "slot-outside-session": .groupPlacement,
        "unknown-modality": .groupPlacement, "group-too-small": .groupSize, "group-too-large": .groupSize,
        "duplicate-patient-in-group": .groupMembers, "unknown-patient": .groupMembers, "cohort-mixing": .cohort,
        "unknown-clinician": .clinicianExists, "clinician-not-trained": .clinicianTrained,
        "clinician-unavailable": .clinicianAvailable, "clinician-double-booked": .clinicianDoubleBooked,
        "clinician-over-max-hours-per-week": .clinicianHours, "clinician-over-max-hours-per-day": .clinicianHours,
        "unknown-room": .roomAssigned, "room-missing": .roomAssigned, "room-named-without-rooms": .roomAssigned,
        "room-unavailable": .roomAvailable, "room-over-capacity": .roomCapacity,
        "room-double-booked": .roomDoubleBooked,
        "patient-double-booked": .patientDoubleBooked, "patient-two-sessions-one-day": .patientOneSessionPerDay,
        "partial-session": .patientFullSessions, "patient-unavailable": .patientAvailable,
        "patient-over-weekly-hours": .patientWeeklyHours, "patient-over-max-days": .patientMaxDays,
        "too-many-same-modality-per-day": .patientSameModalityPerDay, "separated-patients-together": .separation,
    ]

    /// The hard rule a manifest rule name stands for (`group-too-large-dbt-override` is `group-too-large`).
    static func hardRule(named name: String) -> HardRule? {
        rules[name] ?? rules.first { name.hasPrefix($0.key + "-") }?.value
    }

    @Test func theFixturesCoverEveryHardRule() {
        #expect(Self.pairs.count >= 30)
        #expect(Set(Self.pairs.compactMap { $0.rule.flatMap(Self.hardRule(named:)) }) == Set(HardRule.allCases))
    }

    @Test(arguments: pairs)
    func sameVerdictAndTotal(_ pair: Pair) throws {
        let instance = try Fixtures.instance(pair.instance)
        let roster = try InputFile.loadRoster(Fixtures.path(pair.roster))
        let report = RosterChecker(instance).check(roster)
        #expect(report.isValid == pair.valid, "\(report.violations)")
        #expect(report.total == pair.pythonTotal)
        if let name = pair.rule {
            let rule = try #require(Self.hardRule(named: name), "unmapped rule \(name)")
            #expect(report.violations.contains { $0.rule == rule }, "expected \(rule) in \(report.violations)")
        }
        // The manifest was written by running the shared checker; run it again to be sure it still agrees.
        let shared = try Fixtures.sharedVerdict(
            instance: Fixtures.path(pair.instance), roster: Fixtures.path(pair.roster))
        #expect(shared.valid == report.isValid)
        #expect(shared.total == report.total)
    }
}
